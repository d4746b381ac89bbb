// Command ratios reads `go test -bench` output and prints, for each pair of
// benchmarks issues 8 and 14 define, the ratio of their medians against its target,
// with the range of the per-round ratios (the i-th result of one side divided
// by the i-th of the other: tools/bench/run.sh runs the pairs in rounds, so
// the i-th results were measured at about the same time).
//
//	go run ./tools/bench/ratios [-strict] [-md] build/bench/new.txt
//
// Each timed pair is shown in wall time (ns/op) and, where the benchmarks
// report it, in process CPU time (cpu-ns/op), which other load on a shared
// machine disturbs much less. The verdict uses the ratio of the medians;
// the median of the per-round ratios is shown next to it as a check on
// noise. A ratio above its target
// is marked MISS; with -strict the command then
// exits with status 1. Standard library only.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// results maps a benchmark name (without its -GOMAXPROCS suffix) to its
// values per unit ("ns/op", "allocs/op", "ns/node"...), in input order.
type results map[string]map[string][]float64

var procSuffix = regexp.MustCompile(`-\d+$`)

func parse(r io.Reader) (results, error) {
	res := results{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.ParseInt(f[1], 10, 64); err != nil {
			continue // a benchmark's log line, not a result
		}
		name := procSuffix.ReplaceAllString(f[0], "")
		if res[name] == nil {
			res[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%s: value %q: %w", name, f[i], err)
			}
			res[name][f[i+1]] = append(res[name][f[i+1]], v)
		}
	}
	return res, sc.Err()
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// pair is one line of the report: num/den in unit, against target (0: no
// target, informational).
type pair struct {
	label    string
	num, den string
	unit     string
	target   float64
}

// limit is an absolute bound on one benchmark's metric.
type limit struct {
	label string
	name  string
	unit  string
	max   float64
}

var nodeCounts = []string{"10", "1000", "10000"}

func pairs() []pair {
	var ps []pair
	// timed adds the pair for wall time (ns/op) and, when the benchmarks
	// report it, for process CPU time (cpu-ns/op), with the same target.
	timed := func(label, num, den string, target float64) {
		ps = append(ps, pair{label, num, den, "ns/op", target}, pair{label, num, den, "cpu-ns/op", target})
	}
	timed("1 sign: editor / floor", "BenchmarkSign/editor", "BenchmarkSign/floor", 1.5)
	timed("1 sign: editor / keyed floor (info)", "BenchmarkSign/editor", "BenchmarkSign/floor-keyed", 0)
	timed("1 sign: pooled Sign / hmac.New per call (info)", "BenchmarkSign/sign", "BenchmarkComputeSignature", 0)
	timed("2 call: client / baseline", "BenchmarkCall/client", "BenchmarkCall/baseline", 1.0)
	timed("2 call: ogen / baseline (info)", "BenchmarkPeerCall/ogen", "BenchmarkCall/baseline", 0)
	timed("2 call: client / ogen (info)", "BenchmarkCall/client", "BenchmarkPeerCall/ogen", 0)
	timed("2 call: client / baseline-gen (info)", "BenchmarkCall/client", "BenchmarkCall/baseline-gen", 0)
	timed("2 call: baseline-gen / baseline (info)", "BenchmarkCall/baseline-gen", "BenchmarkCall/baseline", 0)
	ps = append(ps, pair{"2 call: client / baseline (info)", "BenchmarkCall/client", "BenchmarkCall/baseline", "allocs/op", 0})
	for _, n := range nodeCounts {
		timed("3 decode nodes="+n+": generated / handwritten",
			"BenchmarkDecodeJob/nodes="+n+"/generated", "BenchmarkDecodeJob/nodes="+n+"/handwritten", 1.3)
		timed("3 decode nodes="+n+": ogen / handwritten (info)",
			"BenchmarkPeerDecodeJob/nodes="+n+"/ogen", "BenchmarkDecodeJob/nodes="+n+"/handwritten", 0)
	}
	ps = append(ps, pair{"3 decode nodes=1000: generated / handwritten", "BenchmarkDecodeJob/nodes=1000/generated",
		"BenchmarkDecodeJob/nodes=1000/handwritten", "allocs/op", 2.0})
	ps = append(ps, pair{"3 decode nodes=1000: ogen / handwritten (info)", "BenchmarkPeerDecodeJob/nodes=1000/ogen",
		"BenchmarkDecodeJob/nodes=1000/handwritten", "allocs/op", 0})
	for _, side := range []string{"generated", "handwritten"} {
		for _, unit := range []string{"ns/node", "cpu-ns/node"} {
			ps = append(ps, pair{"3 decode linearity " + side + ": per node, 1000 / 10",
				"BenchmarkDecodeJob/nodes=1000/" + side, "BenchmarkDecodeJob/nodes=10/" + side, unit, 1.5})
			ps = append(ps, pair{"3 decode linearity " + side + ": per node, 10000 / 1000",
				"BenchmarkDecodeJob/nodes=10000/" + side, "BenchmarkDecodeJob/nodes=1000/" + side, unit, 1.5})
		}
	}
	for _, n := range nodeCounts {
		timed("4 validate nodes="+n+": kin-openapi / unmarshal (info)",
			"BenchmarkValidateJob/nodes="+n+"/kin", "BenchmarkValidateJob/nodes="+n+"/unmarshal", 0)
	}
	return ps
}

func limits() []limit {
	return []limit{{"1 sign: editor allocs/op", "BenchmarkSign/editor", "allocs/op", 3}}
}

// perNode lists the ns/node figures the report shows as they are.
var perNode = []string{"BenchmarkDecodeJob/nodes=%s/generated", "BenchmarkDecodeJob/nodes=%s/handwritten", "BenchmarkPeerDecodeJob/nodes=%s/ogen", "BenchmarkValidateJob/nodes=%s/kin", "BenchmarkValidateJob/nodes=%s/unmarshal"}

func format(v float64) string {
	switch {
	case math.IsNaN(v):
		return "-"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// report writes the pair table and the per-node table, as aligned text or
// as Markdown tables (for BENCHMARKS.md).
func report(w io.Writer, res results, markdown bool) (misses, missing int) {
	rows := [][]string{{"pair", "unit", "median num", "median den", "ratio", "per-round median", "per-round range", "n", "target", "verdict"}}
	for _, p := range pairs() {
		num, den := res[p.num][p.unit], res[p.den][p.unit]
		if strings.HasPrefix(p.unit, "cpu-") && len(res[p.num]["ns/op"]) > 0 && (len(num) == 0 || len(den) == 0) {
			continue // CPU time is not measured on this OS
		}
		if len(num) == 0 || len(den) == 0 {
			missing++
			rows = append(rows, []string{p.label, p.unit, "-", "-", "-", "-", "-", "0", targetText(p.target), "NO DATA"})
			continue
		}
		r := median(num) / median(den)
		k := min(len(num), len(den))
		rounds := make([]float64, k)
		for i := range k {
			rounds[i] = num[i] / den[i]
		}
		verdict := ""
		if p.target > 0 {
			verdict = "ok"
			if r > p.target {
				verdict = fmt.Sprintf("MISS by %.0f%%", (r/p.target-1)*100)
				misses++
			}
		}
		rows = append(rows, []string{p.label, p.unit, format(median(num)), format(median(den)),
			fmt.Sprintf("%.2f", r), fmt.Sprintf("%.2f", median(rounds)),
			fmt.Sprintf("%.2f–%.2f", slices.Min(rounds), slices.Max(rounds)), strconv.Itoa(k), targetText(p.target), verdict})
	}
	for _, l := range limits() {
		xs := res[l.name][l.unit]
		if len(xs) == 0 {
			missing++
			rows = append(rows, []string{l.label, l.unit, "-", "", "", "", "", "0", fmt.Sprintf("≤ %g", l.max), "NO DATA"})
			continue
		}
		m := median(xs)
		verdict := "ok"
		if m > l.max {
			verdict = "MISS"
			misses++
		}
		rows = append(rows, []string{l.label, l.unit, format(m), "", "", "", "", strconv.Itoa(len(xs)), fmt.Sprintf("≤ %g", l.max), verdict})
	}
	table(w, rows, markdown)
	fmt.Fprintln(w)

	for _, unit := range []string{"ns/node", "cpu-ns/node"} {
		head := []string{"median " + unit}
		for _, n := range nodeCounts {
			head = append(head, "nodes="+n)
		}
		rows := [][]string{head}
		for _, pat := range perNode {
			row := []string{strings.TrimPrefix(strings.ReplaceAll(pat, "nodes=%s/", ""), "Benchmark")}
			for _, n := range nodeCounts {
				row = append(row, format(median(res[fmt.Sprintf(pat, n)][unit])))
			}
			rows = append(rows, row)
		}
		table(w, rows, markdown)
		fmt.Fprintln(w)
	}
	return misses, missing
}

// table writes rows (the first is the header) aligned, or as Markdown.
func table(w io.Writer, rows [][]string, markdown bool) {
	if markdown {
		for i, r := range rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
			if i == 0 {
				fmt.Fprintf(w, "|%s\n", strings.Repeat("---|", len(r)))
			}
		}
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
}

func targetText(t float64) string {
	if t == 0 {
		return "info"
	}
	return "≤ " + strconv.FormatFloat(t, 'f', 2, 64)
}

func main() {
	strict := flag.Bool("strict", false, "exit 1 when a ratio misses its target or a pair has no data")
	markdown := flag.Bool("md", false, "print Markdown tables (for BENCHMARKS.md)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ratios [-strict] [-md] [bench-output-file]  (default: standard input)")
		flag.PrintDefaults()
	}
	flag.Parse()
	in := io.Reader(os.Stdin)
	if flag.NArg() > 0 {
		f, err := os.Open(flag.Arg(0))
		if err != nil {
			fmt.Fprintln(os.Stderr, "ratios:", err)
			os.Exit(2)
		}
		defer f.Close()
		in = f
	}
	res, err := parse(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(2)
	}
	misses, missing := report(os.Stdout, res, *markdown)
	fmt.Printf("%d target(s) missed, %d pair(s) without data\n", misses, missing)
	if *strict && misses+missing > 0 {
		os.Exit(1)
	}
}
