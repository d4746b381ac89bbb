#!/usr/bin/env bash
# Lints, validates and type-checks the OpenAPI spec with pinned third-party tools.
#
# Usage (from anywhere; works relative to the repository root):
#   tools/spec/check.sh [SPEC]          # SPEC defaults to openapi.yaml
#
# Steps (each prints one OK/FAIL line with its time; every step runs, the exit code is non-zero if any failed):
#   redocly     redocly lint --extends recommended-strict; fails on errors AND warnings
#   spectral    spectral lint, ruleset tools/spec/.spectral.yaml (spectral:oas, all rules), --fail-severity=warn
#   validate    @apidevtools/swagger-parser validate (tools/spec/validate.mjs)
#   ts-types    openapi-typescript -> build/ts/dataflow.d.ts
#   ts-fixture  tsc --noEmit -p tools/spec/tsconfig.json (tools/spec/fixture.ts against those types)
#   ts-client   @hey-api/openapi-ts fetch client -> build/ts-client
#   ts-client-tsc  tsc --noEmit -p tools/spec/tsconfig.client.json
#   admin-redocly, admin-spectral  the same two linters on dataflowtest/admin.yaml (the fake's admin API),
#                  when SPEC is the default
# Tool output is shown only for failing steps (and saved under build/spec-check/).
set -euo pipefail

# A SPEC argument is relative to the caller's directory; the default is the repository's openapi.yaml.
spec=${1:+$(realpath -m -- "$1")}
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
source tools/spec/lib.sh
spec=${spec:-openapi.yaml}
if [[ ! -f $spec ]]; then
  echo "FAIL spec: $spec not found" >&2
  exit 1
fi
# @hey-api/openapi-ts reads a bare relative path such as `dir/x.yaml` as a registry shorthand `org/project`.
case $spec in
  /* | ./* | ../*) spec_input=$spec ;;
  *) spec_input=./$spec ;;
esac

ensure_spec_tools

logs=build/spec-check
rm -rf "$logs" build/ts build/ts-client
mkdir -p "$logs" build/ts

failed=()
max_lines=${SPEC_CHECK_MAX_LINES:-60}   # lines of a failing step's log printed here; the full log stays in build/
# step NAME CMD...: runs CMD, prints "OK|FAIL NAME time"; on failure also prints the start of the command's output.
step() {
  local name=$1
  shift
  local log=$logs/$name.log t0 ms rc=0
  t0=$(now_ms)
  "$@" >"$log" 2>&1 || rc=$?
  ms=$(($(now_ms) - t0))
  if ((rc == 0)); then
    printf 'OK   %-14s %5d ms\n' "$name" "$ms"
  else
    printf 'FAIL %-14s %5d ms  (exit %d, log %s)\n' "$name" "$ms" "$rc" "$log"
    awk -v max="$max_lines" 'NF && ++n <= max { print "     | " $0 }
      END { if (n > max) printf "     | ... %d more line(s) in the log\n", n - max }' "$log"
    failed+=("$name")
  fi
}

# after DEP NAME CMD...: like step, but reports NAME as failed without running it when step DEP failed.
after() {
  local dep=$1 name=$2
  shift 2
  if [[ " ${failed[*]} " == *" $dep "* ]]; then
    printf 'FAIL %-14s %5s     (not run: %s failed)\n' "$name" - "$dep"
    failed+=("$name")
    return
  fi
  step "$name" "$@"
}

# redocly_lint [FILE NAME]: FILE defaults to the spec, NAME (for the log files) to redocly.
redocly_lint() {
  local file=${1:-$spec} name=${2:-redocly}
  local json=$logs/$name.json stderr=$logs/$name.stderr rc=0 report=0
  "$SPEC_BIN/redocly" lint --config "$SPEC_TOOLS_DIR/redocly.yaml" --extends recommended-strict \
    --lint-config error --max-problems 10000 --format json "$file" >"$json" 2>"$stderr" || rc=$?
  # redocly exits 1 on errors but 0 on warnings: decide from the JSON totals instead.
  node "$SPEC_TOOLS_DIR/redocly-report.mjs" <"$json" || report=$?
  if ((report == 2 || (rc != 0 && report == 0))); then
    # No usable report, or redocly failed without reporting a problem: show what it said
    # (minus the Node 20 end-of-life banner).
    grep -v -e '[║╔╚]' -e '^ *$' "$stderr" || true
    return 1
  fi
  return "$report"
}

step redocly redocly_lint
step spectral "$SPEC_BIN/spectral" lint --ruleset "$SPEC_TOOLS_DIR/.spectral.yaml" --fail-severity=warn \
  --format text "$spec"
step validate node "$SPEC_TOOLS_DIR/validate.mjs" "$spec"
step ts-types "$SPEC_BIN/openapi-typescript" "$spec" --output build/ts/dataflow.d.ts
after ts-types ts-fixture "$SPEC_BIN/tsc" --noEmit --pretty false -p "$SPEC_TOOLS_DIR/tsconfig.json"
step ts-client "$SPEC_BIN/openapi-ts" --input "$spec_input" --output ./build/ts-client \
  --client @hey-api/client-fetch --no-log-file
after ts-client ts-client-tsc "$SPEC_BIN/tsc" --noEmit --pretty false -p "$SPEC_TOOLS_DIR/tsconfig.client.json"
# The fake server's admin API (dataflowtest/admin.yaml) meets the same two linters.
if [[ $spec == openapi.yaml ]]; then
  step admin-redocly redocly_lint dataflowtest/admin.yaml admin-redocly
  step admin-spectral "$SPEC_BIN/spectral" lint --ruleset "$SPEC_TOOLS_DIR/.spectral.yaml" --fail-severity=warn \
    --format text dataflowtest/admin.yaml
fi

if ((${#failed[@]})); then
  echo "spec check FAILED: ${failed[*]}"
  exit 1
fi
echo "spec check OK: $spec"
