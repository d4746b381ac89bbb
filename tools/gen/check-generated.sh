#!/usr/bin/env bash
# make check-generated: fail unless every generated file is exactly what
# `go generate ./...` makes from the working tree's openapi.yaml, and go.mod
# and go.sum are tidy.
#
# It regenerates in a copy of the working tree (tracked files and untracked
# ones that .gitignore does not exclude, as they are on disk), so it judges an
# uncommitted spec edit after `make generate` as CI judges the commit, and
# never touches the checkout itself.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf - | tar -C "$tmp" -xf -

(cd "$tmp" && go generate ./...)

stale=0
while IFS= read -r -d '' f; do
	f=${f#./}
	if [ ! -e "$root/$f" ]; then
		echo "generation writes $f, which the working tree does not have (run make generate)"
		stale=1
	elif ! cmp -s "$tmp/$f" "$root/$f"; then
		echo "$f is not what generation makes from openapi.yaml (run make generate):"
		diff -u "$root/$f" "$tmp/$f" | head -40 || true
		stale=1
	fi
done < <(cd "$tmp" && find . -type f -print0)
if [ "$stale" -ne 0 ]; then
	exit 1
fi
go mod tidy -diff
echo "generated files match openapi.yaml; go.mod and go.sum are tidy"
