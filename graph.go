package dataflow

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/internal/jsonx"
)

// The checks in this file are rules about a job's node graph that a JSON
// schema cannot express: they relate one node to the others. createJob,
// verifyJob and updateJob call nodeGraph (through the rules hooks at the
// end of this file) after the generated per-node checks, so a
// graph the service would refuse is refused before anything is sent:
//
//   - every node id is used once;
//   - every id in parentNodeIds (and a join's leftNodeId and rightNodeId, an
//     SQL node's sourceNameList[].parentId) is another node of the job;
//   - the graph has no cycle (a node is never its own ancestor);
//   - a source node (type SOURCE_…) has no parents, and a transform or
//     target node (TRANSFORM_…, TARGET_…) has at least one.
//
// Nodes of a type this client does not know are held to the first three
// rules only.

// graphNode is what the graph rules read from a node's JSON: the common
// fields, and the other nodes a join or an SQL node reads from.
type graphNode struct {
	NodeInfo
	LeftNodeID     *int64
	RightNodeID    *int64
	SourceNameList []struct {
		ParentID *int64 `json:"parentId"`
	}
}

// readGraphNode reads n into g in one pass (the same reader as InspectNode).
func readGraphNode(n gen.Node, g *graphNode) error {
	return readNode(n, &g.NodeInfo, func(d *jsonx.Decoder, k []byte) {
		switch {
		case jsonx.KeyIs(k, "leftNodeId"):
			d.Value(&g.LeftNodeID)
		case jsonx.KeyIs(k, "rightNodeId"):
			d.Value(&g.RightNodeID)
		case jsonx.KeyIs(k, "sourceNameList"):
			d.Value(&g.SourceNameList)
		default:
			d.Skip()
		}
	})
}

// label names a node in an error: its id, and its name when it has one.
func (n graphNode) label() string {
	if n.Name == "" {
		return "node " + strconv.FormatInt(n.ID, 10)
	}
	return fmt.Sprintf("node %d (%q)", n.ID, clip(n.Name))
}

// nodeGraph checks the rules above. It is the hook the job operations call
// with their body's nodes (nil means the field was left out).
func (c *checker) nodeGraph(field string, nodes *[]gen.Node) {
	if nodes == nil || c.err() != nil {
		return // left out, or already refused: one clear line is enough
	}
	graph := make([]graphNode, len(*nodes))
	for i, n := range *nodes {
		if err := readGraphNode(n, &graph[i]); err != nil {
			c.breaksAt(fmt.Sprintf("%s[%d]", field, i), "is not a node: %v", err)
			return
		}
	}
	index := make(map[int64]int, len(graph))
	for i, n := range graph {
		if j, dup := index[n.ID]; dup {
			c.breaksAt(fmt.Sprintf("%s[%d].id", field, i), "%s uses the id of %s[%d]; node ids must be unique", n.label(), field, j)
			return
		}
		index[n.ID] = i
	}
	for i, n := range graph {
		at := fmt.Sprintf("%s[%d]", field, i)
		for k, p := range n.ParentNodeIDs {
			if _, ok := index[p]; !ok {
				c.breaksAt(fmt.Sprintf("%s.parentNodeIds[%d]", at, k), "%s names parent %d, which is not a node of this job", n.label(), p)
				return
			}
		}
		refs := []struct {
			name string
			id   *int64
		}{{"leftNodeId", n.LeftNodeID}, {"rightNodeId", n.RightNodeID}}
		for k, s := range n.SourceNameList {
			refs = append(refs, struct {
				name string
				id   *int64
			}{fmt.Sprintf("sourceNameList[%d].parentId", k), s.ParentID})
		}
		for _, r := range refs {
			if r.id == nil {
				continue
			}
			if j, ok := index[*r.id]; !ok || j == i {
				c.breaksAt(at+"."+r.name, "%s reads from node %d, which is not another node of this job", n.label(), *r.id)
				return
			}
		}
		switch {
		case strings.HasPrefix(n.Type, "SOURCE_") && len(n.ParentNodeIDs) > 0:
			c.breaksAt(at+".parentNodeIds", "%s is a source (%s) and must have no parents (got %d)", n.label(), n.Type, len(n.ParentNodeIDs))
			return
		case (strings.HasPrefix(n.Type, "TRANSFORM_") || strings.HasPrefix(n.Type, "TARGET_")) && len(n.ParentNodeIDs) == 0:
			c.breaksAt(at+".parentNodeIds", "%s (%s) needs at least one parent node to read from", n.label(), n.Type)
			return
		}
	}
	if cycle := findCycle(graph, index); cycle != nil {
		path := make([]string, len(cycle))
		for k, i := range cycle {
			path[k] = strconv.FormatInt(graph[i].ID, 10)
		}
		c.breaksAt(fmt.Sprintf("%s[%d].parentNodeIds", field, cycle[0]), "%s is its own ancestor (cycle %s); a job's nodes must form a graph without cycles",
			graph[cycle[0]].label(), strings.Join(path, " → "))
	}
}

// findCycle returns the indexes of nodes on one cycle, in the direction
// data flows, first node repeated at the end, or nil when the graph has
// none. Every parent id is known to be in index. It runs in time linear in
// nodes and edges.
func findCycle(graph []graphNode, index map[int64]int) []int {
	// Kahn's algorithm: peel off nodes that no remaining node reads from.
	// Every node left has a remaining child, and a walk along such children
	// must come back to a node it passed: that stretch is a cycle.
	kids := make([][]int, len(graph))
	for i, n := range graph {
		for _, p := range n.ParentNodeIDs {
			kids[index[p]] = append(kids[index[p]], i)
		}
	}
	remaining := make([]int, len(graph)) // children not yet peeled off
	queue := make([]int, 0, len(graph))
	for i := range graph {
		if remaining[i] = len(kids[i]); remaining[i] == 0 {
			queue = append(queue, i)
		}
	}
	removed := make([]bool, len(graph))
	for len(queue) > 0 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		removed[i] = true
		for _, p := range graph[i].ParentNodeIDs {
			j := index[p]
			if remaining[j]--; remaining[j] == 0 {
				queue = append(queue, j)
			}
		}
	}
	at := slices.Index(removed, false)
	if at < 0 {
		return nil
	}
	seenAt := map[int]int{}
	var walk []int
	for range len(graph) + 1 { // a node repeats within len(graph)+1 steps
		if k, seen := seenAt[at]; seen {
			return append(walk[k:], at)
		}
		seenAt[at] = len(walk)
		walk = append(walk, at)
		next := slices.IndexFunc(kids[at], func(k int) bool { return !removed[k] })
		if next < 0 {
			break
		}
		at = kids[at][next]
	}
	return walk // unreachable: every remaining node has a remaining child
}

// The generated checks of the three job bodies call these hooks last.

func rulesCreateJobRequest(ck *checker, _ *path, v *gen.CreateJobRequest) {
	ck.nodeGraph("nodes", v.Nodes)
}

func rulesVerifyJobRequest(ck *checker, _ *path, v *gen.VerifyJobRequest) {
	ck.nodeGraph("nodes", &v.Nodes)
}

func rulesUpdateJobRequest(ck *checker, _ *path, v *gen.UpdateJobRequest) {
	ck.nodeGraph("nodes", v.Nodes)
}
