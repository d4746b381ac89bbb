#!/usr/bin/env bash
# Bundles the spec into a single JSON document (for tools that do not read YAML).
#
# Usage: tools/spec/bundle.sh [SPEC] [OUT]     # defaults: openapi.yaml openapi.json (git-ignored)
set -euo pipefail

# Arguments are relative to the caller's directory; the defaults to the repository root.
spec=${1:+$(realpath -m -- "$1")}
out=${2:+$(realpath -m -- "$2")}
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
source tools/spec/lib.sh
spec=${spec:-openapi.yaml}
out=${out:-openapi.json}
ensure_spec_tools

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$SPEC_BIN/redocly" bundle --config "$SPEC_TOOLS_DIR/redocly.yaml" --lint-config error \
  --ext json "$spec" -o "$out" >"$log" 2>&1; then
  grep -v -e '[║╔╚]' -e '^ *$' "$log" >&2
  echo "FAIL bundle: $spec" >&2
  exit 1
fi
echo "OK   bundle $out"
