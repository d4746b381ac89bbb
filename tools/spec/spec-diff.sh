#!/usr/bin/env bash
# Reports breaking changes in openapi.yaml against the last released spec (or another base), with oasdiff
# (pinned, run through `go run`, so nothing is installed), and fails unless CHANGELOG.md announces each of them.
#
# Usage: tools/spec/spec-diff.sh [BASE]
#   Without BASE the base is the spec as last released: the newest "## [X.Y.Z]" section of CHANGELOG.md
#   names the version, and released/openapi-X.Y.Z.yaml holds the spec as it shipped. The baseline lives in
#   the repository because tags do not travel with every clone; a missing baseline for a released version
#   is an error. Before the first release (no version section) there is nothing to compare with (exit 0).
#   BASE may also be a file (compared as is) or a git ref (compared with `git show BASE:openapi.yaml`;
#   when BASE or openapi.yaml at BASE does not exist, the script says so and exits 0).
#
# Severity: oasdiff's own levels, raised by tools/spec/oasdiff-levels.txt (removing an optional response
# property is INFO in oasdiff and an error here: a client reading it breaks).
#
# Rule for announcing a breaking change (oasdiff level ERR; warnings are printed but never fail):
#   The "## [Unreleased]" section of CHANGELOG.md (up to the next "## " heading) must have, for each
#   breaking change, a line containing the word BREAKING (upper case) followed later on the same line by
#   the change's operationId (as a whole word) or its path (exactly, e.g. /api/v1/jobs/{jobId}). A list
#   item's indented continuation lines count as part of its line, so an announcement may wrap.
#   A change that names no operation must be followed by oasdiff's rule id instead
#   (e.g. api-security-removed). One line may announce several changes. Example:
#     ## [Unreleased]
#     - BREAKING: `updateJob` (PATCH /api/v1/jobs/{jobId}) now requires `type`.
#   Because the base is the release, an announcement stays needed (and stays in Unreleased) until the next
#   release, however many commits follow the breaking one.
#
# Exit status: 0 no breaking change, or all announced; 1 otherwise (or when oasdiff fails).
set -euo pipefail

OASDIFF=github.com/oasdiff/oasdiff@v1.37.0
spec=openapi.yaml
changelog=CHANGELOG.md

cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"

levels=tools/spec/oasdiff-levels.txt

# released_version prints the newest version with a "## [X.Y.Z]" section in CHANGELOG.md, if any.
released_version() {
  [[ -f $changelog ]] || return 0
  sed -n 's/^## \[\([0-9][0-9.]*[0-9]\)\].*/\1/p' "$changelog" | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1
}

if [[ ! -f $spec ]]; then
  echo "spec-diff: $spec not found" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ref=${1:-}
if [[ -z $ref ]]; then
  version=$(released_version)
  if [[ -z $version ]]; then
    echo "spec-diff: $changelog names no released version; nothing to compare with"
    exit 0
  fi
  base=released/openapi-$version.yaml
  if [[ ! -f $base ]]; then
    echo "FAIL spec-diff: $changelog names release $version, but $base (the spec as released) is missing" >&2
    exit 1
  fi
  since="release $version ($base)"
elif [[ -f $ref ]]; then
  base=$ref
  since=$ref
else
  if ! git rev-parse --verify --quiet "$ref^{commit}" >/dev/null; then
    echo "spec-diff: no git ref $ref; nothing to compare with"
    exit 0
  fi
  if ! git cat-file -e "$ref:$spec" 2>/dev/null; then
    echo "spec-diff: $spec did not exist at $ref; nothing to compare with"
    exit 0
  fi
  base=$tmp/$(tr -c 'A-Za-z0-9._-' '_' <<<"$ref" | sed 's/_$//')-$spec
  git show "$ref:$spec" >"$base"
  since="$ref ($(git rev-parse --short "$ref^{commit}"))"
fi

echo "spec-diff: $spec against $since"
oasdiff=(go run "$OASDIFF" breaking "$base" "$spec" --allow-external-refs=false --severity-levels "$levels")
rc=0
"${oasdiff[@]}" --format json >"$tmp/changes.json" 2>"$tmp/oasdiff.err" || rc=$?
if ((rc != 0)) || ! node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$tmp/changes.json" 2>/dev/null; then
  cat "$tmp/oasdiff.err" >&2
  echo "FAIL spec-diff: oasdiff failed (exit $rc)" >&2
  exit 1
fi
if [[ $(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).length' "$tmp/changes.json") == 0 ]]; then
  echo "OK   spec-diff: no breaking changes or warnings since $since"
  exit 0
fi
# Human-readable list (errors and warnings), then the CHANGELOG rule for the errors.
"${oasdiff[@]}" --format text --color never 2>/dev/null | sed 's/^/  /' || true
if node tools/spec/breaking-changelog.mjs "$tmp/changes.json" "$changelog"; then
  echo "OK   spec-diff: every breaking change since $since is announced in $changelog"
else
  echo "FAIL spec-diff: breaking changes since $since are not announced in $changelog"
  exit 1
fi
