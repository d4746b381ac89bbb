#!/usr/bin/env bash
# Tries to break the breaking-change gate (tools/spec/spec-diff.sh) in a scratch git repository that
# holds a copy of the spec, the gate and a CHANGELOG whose last release is the spec as it is now.
# Each case edits the spec (and commits), runs the gate with its default base, and checks the exit status:
#   an additive change (a new optional response property) passes;
#   a removed optional response property fails (oasdiff rates it INFO; the gate raises it);
#   a breaking change committed two commits before HEAD fails (a HEAD~1 base would miss it);
#   the same breaking change announced in CHANGELOG.md passes;
#   a release named in CHANGELOG.md without its released/ baseline fails.
# Usage: tools/spec/spec-diff-test.sh   (needs git, python3 with PyYAML, node, go)
set -euo pipefail

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "spec-diff-test: needs python3 with PyYAML (Debian: apt-get install python3-yaml)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
# expect WANT NAME: runs the gate in the scratch repository; WANT is pass or fail.
expect() {
  local want=$1 name=$2 rc=0
  (cd "$work/repo" && tools/spec/spec-diff.sh) >"$work/out.log" 2>&1 || rc=$?
  if { [[ $want == pass ]] && ((rc == 0)); } || { [[ $want == fail ]] && ((rc == 1)); }; then
    printf 'OK   %-60s (gate exit %d)\n' "$name" "$rc"
  else
    printf 'FAIL %-60s (gate exit %d, wanted %s)\n' "$name" "$rc" "$want"
    sed 's/^/     | /' "$work/out.log"
    failures=$((failures + 1))
  fi
}

# edit PYTHON: runs PYTHON with `spec` bound to the scratch openapi.yaml, then writes it back.
edit() {
  python3 - "$work/repo/openapi.yaml" "$1" <<'EOF'
import sys, yaml
path, code = sys.argv[1], sys.argv[2]
with open(path) as f:
    spec = yaml.safe_load(f)
exec(code, {"spec": spec})
with open(path, "w") as f:
    yaml.safe_dump(spec, f, sort_keys=False, allow_unicode=True)
EOF
}

commit() { git -C "$work/repo" add -A && git -C "$work/repo" commit -q -m "$1"; }

# fresh: a new scratch repository whose release 9.9.9 is the current spec.
fresh() {
  rm -rf "$work/repo"
  mkdir -p "$work/repo/tools/spec" "$work/repo/released"
  cp "$root/openapi.yaml" "$work/repo/openapi.yaml"
  cp "$root/openapi.yaml" "$work/repo/released/openapi-9.9.9.yaml"
  cp "$root/tools/spec/spec-diff.sh" "$root/tools/spec/breaking-changelog.mjs" "$root/tools/spec/oasdiff-levels.txt" \
    "$work/repo/tools/spec/"
  printf '# Changelog\n\n## [Unreleased]\n\n## [9.9.9] - 2026-12-01\n\n- Released.\n' >"$work/repo/CHANGELOG.md"
  git -C "$work/repo" init -q
  git -C "$work/repo" config user.email test@example.invalid
  git -C "$work/repo" config user.name spec-diff-test
  commit "release 9.9.9"
}

# A breaking change of createJob's request: a new required property.
require_new_field='
b = spec["components"]["schemas"]["CreateJobRequest"]
b["properties"]["owner"] = {"type": "string", "description": "Owner."}
b["required"].append("owner")
'

fresh
expect pass "unchanged spec"

edit 'spec["components"]["schemas"]["Job"]["properties"]["owner"] = {"type": "string", "description": "Owner."}'
commit "add an optional response property"
expect pass "additive: optional response property added"

fresh
edit 'del spec["components"]["schemas"]["Job"]["properties"]["lastExecutionStatus"]'
commit "remove an optional response property"
expect fail "optional response property removed"
echo "# unrelated" >>"$work/repo/README.md"
commit "unrelated change"
expect fail "optional response property removed, then another commit"

fresh
edit "$require_new_field"
commit "breaking change"
echo "# one" >>"$work/repo/README.md"
commit "unrelated change 1"
echo "# two" >>"$work/repo/README.md"
commit "unrelated change 2"
expect fail "breaking change two commits before HEAD"
sed -i 's/^## \[Unreleased\]$/## [Unreleased]\n\n- BREAKING: a new required request property,\n  `owner`, in `createJob`./' "$work/repo/CHANGELOG.md"
commit "announce it"
expect pass "the same breaking change, announced (wrapped) in CHANGELOG.md"

fresh
rm "$work/repo/released/openapi-9.9.9.yaml"
commit "lose the baseline"
expect fail "release named in CHANGELOG.md without its baseline"

if ((failures)); then
  echo "spec-diff-test: $failures case(s) FAILED"
  exit 1
fi
echo "spec-diff-test: all cases OK"
