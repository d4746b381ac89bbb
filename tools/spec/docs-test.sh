#!/usr/bin/env bash
# Renders the reference page built by docs.sh in headless Chromium and checks what a reader sees: the page
# of operation updateJobExecutionConfig shows its path and summary, and the node union's discriminator
# dropdown lists the node types.
#
# Installs nothing; needs node and /usr/bin/chromium (Debian: apt-get install -y chromium). Works offline.
#
# Usage: tools/spec/docs-test.sh [PAGE]     # default build/docs/index.html (build it with tools/spec/docs.sh)
#        CHROMIUM=/path/to/chromium tools/spec/docs-test.sh
#
# tools/spec/docs-render.mjs drives Chromium (the spec-tools.md flag set, over --remote-debugging-pipe): it
# follows the operation's menu link, scrolls until every lazily drawn schema is drawn, opens each
# discriminator dropdown and prints the menu items and the page's visible text. Plain `--dump-dom` is not
# enough for Redoc 3: it shows one operation per route, lists a oneOf's variants only in a dropdown, and a
# dump after --virtual-time-budget is sometimes taken before the page is drawn (and would also match
# text that exists only in the spec JSON embedded in the page).
set -euo pipefail

# A PAGE argument is relative to the caller's directory; the default to the repository root.
page=${1:+$(realpath -m -- "$1")}
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
page=${page:-build/docs/index.html}
operation=updateJobExecutionConfig
chromium=${CHROMIUM:-/usr/bin/chromium}

# Visible on the operation's page.
expected_text=(
  '/api/v1/jobs/{jobId}/executions'
  'Edit job execution options'
)
# Items of a discriminator dropdown on that page.
expected_menu=(
  SOURCE_OBS
  TRANSFORM_FILTER
  TARGET_OBS
  TRANSFORM_JOIN
)

if [[ ! -x $chromium ]]; then
  echo "FAIL docs-test: $chromium not found; install it with: apt-get install -y chromium" >&2
  exit 1
fi
if [[ ! -f $page ]]; then
  echo "FAIL docs-test: $page not found; build it with: tools/spec/docs.sh" >&2
  exit 1
fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT
t0=$(date +%s%3N)
if ! node tools/spec/docs-render.mjs "$chromium" "$page" "$operation" >"$report"; then
  echo "FAIL docs-test: could not render $page in $chromium" >&2
  exit 1
fi
ms=$(($(date +%s%3N) - t0))

failed=0
status=$(sed -n '1s/^status: //p' "$report")
if [[ $status != ok ]]; then
  echo "FAIL docs-test: $status"
  sed -n '2,/^--- page text ---$/p' "$report" | grep -v '^dropdown' | sed 's/^/     | /'
  failed=1
fi
text=$(sed -n '/^--- page text ---$/,$p' "$report")
for s in "${expected_text[@]}"; do
  if ! grep -qF -- "$s" <<<"$text"; then
    echo "FAIL docs-test: the $operation page does not show: $s"
    failed=1
  fi
done
for s in "${expected_menu[@]}"; do
  if ! grep -qx -- "dropdown [0-9]*: $s" "$report"; then
    echo "FAIL docs-test: no discriminator dropdown on the $operation page lists: $s"
    failed=1
  fi
done
if ((failed)); then
  exit 1
fi
route=$(sed -n '2s/^route: //p' "$report")
items=$(grep -c '^dropdown [0-9]*: ' "$report" || true)
echo "OK   docs-test $page$route: path, summary and ${#expected_menu[@]} node types shown" \
  "($items dropdown items; $ms ms)"
