#!/usr/bin/env bash
# Builds the API reference page: one self-contained HTML file (Redoc scripts inlined, no CDN needed).
#
# Usage: tools/spec/docs.sh [SPEC] [OUT]     # defaults: openapi.yaml build/docs/index.html
set -euo pipefail

# Arguments are relative to the caller's directory; the defaults to the repository root.
spec=${1:+$(realpath -m -- "$1")}
out=${2:+$(realpath -m -- "$2")}
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
source tools/spec/lib.sh
spec=${spec:-openapi.yaml}
out=${out:-build/docs/index.html}
ensure_spec_tools
mkdir -p "$(dirname "$out")"

t0=$(now_ms)
if ! "$SPEC_BIN/redocly" build-docs --config "$SPEC_TOOLS_DIR/redocly.yaml" --lint-config error \
  --inlineBundle "$spec" -o "$out" >build/docs-build.log 2>&1; then
  grep -v -e '[║╔╚]' -e '^ *$' build/docs-build.log >&2
  echo "FAIL docs: redocly build-docs $spec" >&2
  exit 1
fi
echo "OK   docs $out ($(($(stat -c %s "$out") / 1024)) KiB, $(($(now_ms) - t0)) ms)"
