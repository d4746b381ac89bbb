package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// The graph formats of --output draw a job's nodes and the edges between
// them (parent → child, the way data flows): graph for the terminal,
// mermaid for documents, dot for Graphviz. Node names come from the
// service and are escaped for each format; unreadable nodes, parents that
// name no node and cycles are drawn, not refused: this is output.

// graphFormats are the --output values that draw a job's node graph.
var graphFormats = []string{"graph", "mermaid", "dot"}

// jobGraph is a job's nodes in an order where parents come first (when
// the graph has no cycle), with each node's depth and inputs.
type jobGraph struct {
	nodes []graphNode
	edges int
}

type graphNode struct {
	dataflow.NodeInfo
	depth   int   // longest path from a node without parents
	parents []int // indexes into jobGraph.nodes
	missing []int64
}

func newJobGraph(nodes []gen.Node) jobGraph {
	infos := make([]dataflow.NodeInfo, len(nodes))
	index := map[int64]int{}
	for i, n := range nodes {
		info, err := dataflow.InspectNode(n)
		if err != nil {
			info = dataflow.NodeInfo{Name: "(unreadable node)"}
		}
		infos[i] = info
		if _, dup := index[info.ID]; !dup {
			index[info.ID] = i
		}
	}
	// Depth by repeated relaxation, at most len(nodes) rounds: a cycle
	// stops growing there instead of looping.
	depth := make([]int, len(infos))
	for range len(infos) {
		changed := false
		for i, info := range infos {
			for _, p := range info.ParentNodeIDs {
				if j, ok := index[p]; ok && j != i && depth[j]+1 > depth[i] && depth[j]+1 < len(infos) {
					depth[i], changed = depth[j]+1, true
				}
			}
		}
		if !changed {
			break
		}
	}
	order := make([]int, len(infos))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return depth[a] - depth[b] })
	pos := make([]int, len(infos))
	for k, i := range order {
		pos[i] = k
	}
	g := jobGraph{nodes: make([]graphNode, len(infos))}
	for k, i := range order {
		n := graphNode{NodeInfo: infos[i], depth: depth[i]}
		for _, p := range infos[i].ParentNodeIDs {
			if j, ok := index[p]; ok {
				n.parents = append(n.parents, pos[j])
				g.edges++
			} else {
				n.missing = append(n.missing, p)
			}
		}
		g.nodes[k] = n
	}
	return g
}

// label is a node's name, on one line and at most 60 characters.
func (n graphNode) label() string {
	s := strings.TrimSpace(clean(n.Name))
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:59]) + "…"
	}
	if s == "" {
		return "(no name)"
	}
	return s
}

func (n graphNode) kind() string {
	if n.Type == "" {
		return "?"
	}
	return clean(n.Type)
}

// writeGraph draws the graph for the terminal: one line per node, parents
// first, indented by depth, each with the numbers of the nodes it reads.
func writeGraph(w io.Writer, j *gen.Job) {
	var nodes []gen.Node
	if j.Nodes != nil {
		nodes = *j.Nodes
	}
	g := newJobGraph(nodes)
	fmt.Fprintf(w, "Job %s  %s: %s, %s\n", clean(j.JobID), clean(j.Name), plural(len(g.nodes), "node", "nodes"), plural(g.edges, "edge", "edges"))
	if len(g.nodes) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  #\tnode\ttype\tid\treads from")
	for k, n := range g.nodes {
		name := n.label()
		if n.depth > 0 {
			name = strings.Repeat("  ", min(n.depth, 20)-1) + "└▶ " + name
		}
		var from []string
		for _, p := range n.parents {
			from = append(from, "["+strconv.Itoa(p+1)+"] "+g.nodes[p].label())
		}
		for _, id := range n.missing {
			from = append(from, fmt.Sprintf("(missing node %d)", id))
		}
		fmt.Fprintf(tw, "  [%d]\t%s\t%s\t%d\t%s\n", k+1, name, n.kind(), n.ID, orDash(strings.Join(from, ", ")))
	}
	tw.Flush()
}

// writeMermaid writes a Mermaid flowchart, left to right.
func writeMermaid(w io.Writer, j *gen.Job) {
	var nodes []gen.Node
	if j.Nodes != nil {
		nodes = *j.Nodes
	}
	g := newJobGraph(nodes)
	esc := strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "&", "#amp;", "`", "#96;")
	// The title is a YAML double-quoted string: its quotes are already
	// entities, so only backslashes need escaping.
	title := strings.ReplaceAll(esc.Replace(clean(j.Name)), `\`, `\\`)
	fmt.Fprintf(w, "---\ntitle: \"%s\"\n---\nflowchart LR\n", title)
	for k, n := range g.nodes {
		fmt.Fprintf(w, "  n%d[\"%s<br/><small>%s</small>\"]\n", k+1, esc.Replace(n.label()), esc.Replace(n.kind()))
	}
	for k, n := range g.nodes {
		for _, p := range n.parents {
			fmt.Fprintf(w, "  n%d --> n%d\n", p+1, k+1)
		}
		for m, id := range n.missing {
			fmt.Fprintf(w, "  missing%d_%d[/\"missing node %d\"/] -.-> n%d\n", k+1, m+1, id, k+1)
		}
	}
}

// writeDot writes a Graphviz digraph, left to right.
func writeDot(w io.Writer, j *gen.Job) {
	var nodes []gen.Node
	if j.Nodes != nil {
		nodes = *j.Nodes
	}
	g := newJobGraph(nodes)
	esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	q := func(s string) string { return `"` + esc.Replace(s) + `"` }
	fmt.Fprintf(w, "digraph %s {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n", q(clean(j.Name)))
	for k, n := range g.nodes {
		fmt.Fprintf(w, "  n%d [label=%s];\n", k+1, `"`+esc.Replace(n.label())+`\n`+esc.Replace(n.kind())+`"`)
	}
	for k, n := range g.nodes {
		for _, p := range n.parents {
			fmt.Fprintf(w, "  n%d -> n%d;\n", p+1, k+1)
		}
		for m, id := range n.missing {
			fmt.Fprintf(w, "  missing%d_%d [label=%s, style=dashed];\n  missing%d_%d -> n%d [style=dashed];\n",
				k+1, m+1, q(fmt.Sprintf("missing node %d", id)), k+1, m+1, k+1)
		}
	}
	fmt.Fprintln(w, "}")
}

// graphWriter returns the writer of a graph format, or nil for another
// --output value.
func graphWriter(format string) func(io.Writer, *gen.Job) {
	switch format {
	case "graph":
		return writeGraph
	case "mermaid":
		return writeMermaid
	case "dot":
		return writeDot
	}
	return nil
}
