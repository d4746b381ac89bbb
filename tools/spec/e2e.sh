#!/usr/bin/env bash
# `make ts-test`: a TypeScript client that signs on its own, against `dataflow fake-server`.
#   1. types for openapi.yaml and the fake's admin API (dataflowtest/admin.yaml) with openapi-typescript;
#   2. tsc compiles tools/spec/e2e into build/e2e;
#   3. the command is built into build/e2e/dataflow;
#   4. Node's test runner runs build/e2e/tools/spec/e2e/dataflow.test.js, which starts the fake-server;
#   5. the README's curl (e2e/example.sh) and Python (e2e/example.py) examples run against another one.
# Needs the pinned npm tools of tools/spec (npm ci from the lockfile), Go, curl, openssl and python3.
set -euo pipefail
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
source tools/spec/lib.sh
ensure_spec_tools

rm -rf build/e2e
mkdir -p build/ts build/e2e
# The command builds while the types are generated and compiled.
go build -o build/e2e/dataflow ./cmd/dataflow &
gobuild=$!
"$SPEC_BIN/openapi-typescript" openapi.yaml --output build/ts/dataflow.d.ts >/dev/null &
types=$!
# Admin request fields with a default stay optional in the types, as the fake treats them.
"$SPEC_BIN/openapi-typescript" dataflowtest/admin.yaml --default-non-nullable false --output build/ts/admin.d.ts >/dev/null
wait "$types"
"$SPEC_BIN/tsc" --pretty false -p "$SPEC_TOOLS_DIR/tsconfig.e2e.json"
wait "$gobuild"
DATAFLOW_BIN=$PWD/build/e2e/dataflow node --test --test-timeout=60000 build/e2e/tools/spec/e2e/

# 5. The README's curl and Python examples, each against a fake-server of its own.
examples() {
  local out=build/e2e/fake-server-$1.out pid rc=0 want got
  # Keys exported for the previous example must not reach this server: it makes up its own.
  env -u NCLOUD_ACCESS_KEY_ID -u NCLOUD_SECRET_ACCESS_KEY build/e2e/dataflow fake-server >"$out" 2>/dev/null &
  pid=$!
  for _ in $(seq 100); do [[ -s $out && $(wc -l <"$out") -ge 3 ]] && break; sleep 0.1; done
  export DATAFLOW_URL NCLOUD_ACCESS_KEY_ID NCLOUD_SECRET_ACCESS_KEY
  DATAFLOW_URL=$(sed -n 1p "$out")
  NCLOUD_ACCESS_KEY_ID=$(sed -n 's/^NCLOUD_ACCESS_KEY_ID=//p' "$out")
  NCLOUD_SECRET_ACCESS_KEY=$(sed -n 's/^NCLOUD_SECRET_ACCESS_KEY=//p' "$out")
  case $1 in
  curl)
    want=$'list jobs: 200\nedit execution options: 200\nwrong signature: 401\nnumWorker 11: 400\nafter injecting a 503: 503, then 200'
    got=$(tools/spec/e2e/example.sh) || rc=$?
    if ((rc == 0)) && [[ $got != "$want" ]]; then
      printf 'FAIL curl example printed:\n%s\nwant:\n%s\n' "$got" "$want" >&2
      rc=1
    fi
    ((rc == 0)) && echo "ok curl example"
    ;;
  python) python3 tools/spec/e2e/example.py || rc=$? ;;
  esac
  kill "$pid"
  wait "$pid" || true
  return "$rc"
}
examples curl
examples python
