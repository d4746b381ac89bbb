#!/usr/bin/env bash
# tools/bench/run.sh: issue 8's benchmarks (`make bench`). See BENCHMARKS.md.
#
#  1. Builds one test binary per benchmarked package, then runs every
#     benchmark pair BENCH_COUNT times (default 6) in rounds: each round runs
#     each package's benchmarks once, so that both sides of a pair are
#     measured moments apart on a noisy machine. Output, in `go test -bench`
#     format, goes to build/bench/new.txt. The same results, less
#     interleaved, come from
#       go test -run '^$' -bench . -benchmem -count 6 -benchtime 200ms . ./signing ./internal/benchval
#     (and, in tools/bench/peers, a module of its own: the ogen arm)
#  2. Prints the ratio of each pair's medians against its target
#     (tools/bench/ratios), in wall time (ns/op) and in process CPU time
#     (cpu-ns/op, unix), then benchstat's summary (pinned version; skipped
#     if it cannot be fetched). With BENCH_OLD=<file> benchstat compares
#     that earlier run with this one.
#  3. Times `go generate ./...` twice in a scratch copy of the working tree
#     (so the shared checkout is never rewritten) and checks that both runs
#     give byte-identical gen/client.gen.go, equal to the one in the tree.
#     (The ogen peer is generated afresh from openapi.yaml in step 1.)
#
# Environment: BENCH_COUNT (rounds, default 6), BENCH_TIME (-benchtime,
# default 200ms), BENCH_STRICT=1 (exit 1 when a target is missed),
# BENCH_SKIP_GENERATE=1, BENCH_OLD (see above).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
out=build/bench
mkdir -p "$out"

count=${BENCH_COUNT:-6}
benchtime=${BENCH_TIME:-200ms}
benchstat_pkg=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
start=$(date +%s)

# package dir | benchmark regexp (the pairs of issue 8 only)
suites=(
	".|^Benchmark(Call|DecodeJob)\$"
	"signing|^Benchmark(Sign|ComputeSignature)\$"
	"internal/benchval|^BenchmarkValidateJob\$"
	"tools/bench/peers|^BenchmarkPeer(Call|DecodeJob)\$"
)

echo "== building test binaries"
for s in "${suites[@]}"; do
	dir=${s%%|*}
	name=$(echo "$dir" | tr '/.' '__')
	if [[ $dir == tools/bench/peers ]]; then
		# The peers module, with its ogen client generated afresh from
		# openapi.yaml (so that a spec edit never benchmarks a stale peer).
		src="$out/peers-src"
		rm -rf "$src"
		cp -r "$dir" "$src"
		(cd "$src" && go mod edit -replace "github.com/ncp-dataflow/dataflow-go=$root" &&
			go tool ogen -config ogen.yml -package ogenapi -target ogenapi -clean "$root/openapi.yaml" >"$root/$out/ogen.log" 2>&1 &&
			go test -c -o "$root/$out/$name.test" .)
		if ! diff -r -q "$dir/ogenapi" "$src/ogenapi" >/dev/null; then
			echo "   note: tools/bench/peers/ogenapi differs from what ogen makes of openapi.yaml now (go generate there to refresh it); the benchmark uses the fresh one"
		fi
		continue
	fi
	go test -c -o "$out/$name.test" "./$dir"
done

echo "== running $count rounds (benchtime $benchtime) into $out/new.txt"
: >"$out/new.txt"
for ((round = 1; round <= count; round++)); do
	printf '   round %d/%d\n' "$round" "$count"
	for s in "${suites[@]}"; do
		dir=${s%%|*}
		re=${s#*|}
		name=$(echo "$dir" | tr '/.' '__')
		# As go test does: run in the package's directory.
		(cd "$dir" && "$root/$out/$name.test" -test.run '^$' -test.bench "$re" -test.benchmem \
			-test.count 1 -test.benchtime "$benchtime") >>"$out/new.txt"
	done
done
bench_done=$(date +%s)

echo
echo "== ratios (medians of $count rounds; targets of issues 8 and 14)"
status=0
go build -o "$out/ratios" ./tools/bench/ratios
"$out/ratios" ${BENCH_STRICT:+-strict} "$out/new.txt" | tee "$out/ratios.txt" || status=$?
"$out/ratios" -md "$out/new.txt" >"$out/ratios.md" || true # the same tables for BENCHMARKS.md

echo
echo "== benchstat ($benchstat_pkg)"
if [[ -n ${BENCH_OLD:-} ]]; then
	stat_args=("$BENCH_OLD" "$out/new.txt")
else
	stat_args=("$out/new.txt")
fi
if ! go run "$benchstat_pkg" "${stat_args[@]}" >"$out/benchstat.txt" 2>"$out/benchstat.err"; then
	echo "benchstat unavailable (see $out/benchstat.err); the ratios above do not need it"
else
	cat "$out/benchstat.txt"
fi

if [[ -z ${BENCH_SKIP_GENERATE:-} ]]; then
	echo
	echo "== go generate: wall time of two runs, byte-identical output"
	scratch=$(mktemp -d)
	trap 'rm -rf "$scratch"' EXIT
	# The working tree's tracked files, as they are now (untracked work in
	# progress stays out).
	git ls-files -z | while IFS= read -r -d '' f; do
		if [[ -e $f ]]; then printf '%s\0' "$f"; fi
	done | tar --null -T - -cf - | tar -xf - -C "$scratch"
	sums=()
	for run in 1 2; do
		rm -f "$scratch/gen/client.gen.go"
		t0=$(date +%s.%N)
		(cd "$scratch" && go generate ./...)
		t1=$(date +%s.%N)
		sum=$(sha256sum "$scratch/gen/client.gen.go" | cut -d' ' -f1)
		sums+=("$sum")
		printf '   run %d: %s s  sha256 %s\n' "$run" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" "$sum"
		cp "$scratch/gen/client.gen.go" "$out/client.gen.go.run$run"
	done
	if [[ ${sums[0]} != "${sums[1]}" ]]; then
		echo "   FAIL: the two runs differ"
		status=1
	else
		echo "   ok: the two runs are byte-identical"
	fi
	# git diff --exit-code gen/, against the scratch copy's output.
	if git diff --no-index --exit-code --stat gen/client.gen.go "$scratch/gen/client.gen.go"; then
		echo "   ok: equal to gen/client.gen.go in the tree"
	else
		echo "   FAIL: regenerating changes gen/client.gen.go (run make generate and commit)"
		status=1
	fi
fi

end=$(date +%s)
echo
echo "== wall time: benchmarks $((bench_done - start)) s (build included), total $((end - start)) s"
exit "$status"
