#!/usr/bin/env bash
# Reports breaking changes in openapi.yaml against an earlier version, with oasdiff (pinned, run through
# `go run`, so nothing is installed), and fails unless CHANGELOG.md announces each of them.
#
# Usage: tools/spec/spec-diff.sh [REF]
#   REF defaults to the newest v* tag reachable from HEAD, else HEAD~1. The working-tree openapi.yaml is
#   compared with `git show REF:openapi.yaml`. When REF does not exist, or openapi.yaml did not exist at
#   REF, the script says so and exits 0 (nothing to compare with).
#
# Rule for announcing a breaking change (oasdiff level ERR; warnings are printed but never fail):
#   The "## [Unreleased]" section of CHANGELOG.md (up to the next "## " heading) must have, for each
#   breaking change, a line containing the word BREAKING (upper case) followed later on the same line by
#   the change's operationId (as a whole word) or its path (exactly, e.g. /api/v1/jobs/{jobId}).
#   A change that names no operation must be followed by oasdiff's rule id instead
#   (e.g. api-security-removed). One line may announce several changes. Example:
#     ## [Unreleased]
#     - BREAKING: `updateJob` (PATCH /api/v1/jobs/{jobId}) now requires `type`.
#
# Exit status: 0 no breaking change, or all announced; 1 otherwise (or when oasdiff fails).
set -euo pipefail

OASDIFF=github.com/oasdiff/oasdiff@v1.37.0
spec=openapi.yaml
changelog=CHANGELOG.md

cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"

ref=${1:-}
if [[ -z $ref ]]; then
  ref=$(git tag --list 'v*' --merged HEAD --sort=-v:refname | head -n 1)
  ref=${ref:-HEAD~1}
fi
if ! git rev-parse --verify --quiet "$ref^{commit}" >/dev/null; then
  echo "spec-diff: no git ref $ref; nothing to compare with"
  exit 0
fi
if ! git cat-file -e "$ref:$spec" 2>/dev/null; then
  echo "spec-diff: $spec did not exist at $ref; nothing to compare with"
  exit 0
fi
if [[ ! -f $spec ]]; then
  echo "spec-diff: $spec not found" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
base=$tmp/$(tr -c 'A-Za-z0-9._-' '_' <<<"$ref" | sed 's/_$//')-$spec
git show "$ref:$spec" >"$base"

echo "spec-diff: $spec against $ref ($(git rev-parse --short "$ref^{commit}"))"
oasdiff=(go run "$OASDIFF" breaking "$base" "$spec" --allow-external-refs=false)
rc=0
"${oasdiff[@]}" --format json >"$tmp/changes.json" 2>"$tmp/oasdiff.err" || rc=$?
if ((rc != 0)) || ! node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$tmp/changes.json" 2>/dev/null; then
  cat "$tmp/oasdiff.err" >&2
  echo "FAIL spec-diff: oasdiff failed (exit $rc)" >&2
  exit 1
fi
if [[ $(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).length' "$tmp/changes.json") == 0 ]]; then
  echo "OK   spec-diff: no breaking changes or warnings since $ref"
  exit 0
fi
# Human-readable list (errors and warnings), then the CHANGELOG rule for the errors.
"${oasdiff[@]}" --format text --color never 2>/dev/null | sed 's/^/  /' || true
if node tools/spec/breaking-changelog.mjs "$tmp/changes.json" "$changelog"; then
  echo "OK   spec-diff: every breaking change since $ref is announced in $changelog"
else
  echo "FAIL spec-diff: breaking changes since $ref are not announced in $changelog"
  exit 1
fi
