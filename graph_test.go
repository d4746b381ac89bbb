package dataflow_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// graphNodes builds nodes from compact JSON objects; each gets a name.
func graphNodes(t *testing.T, objs ...string) []gen.Node {
	t.Helper()
	nodes := make([]gen.Node, len(objs))
	for i, o := range objs {
		require.NoError(t, json.Unmarshal([]byte(o), &nodes[i]), o)
	}
	return nodes
}

// ownFields are fields openapi.yaml requires of some node types beyond the
// common ones, so that the generated checks pass and the graph rules speak.
var ownFields = map[string]string{
	"SOURCE_OBS":       `,"regionNo":"1","bucketName":"b","prefix":"p","dataType":"CSV","fieldList":[]`,
	"TARGET_OBS":       `,"regionNo":"1","bucketName":"b","prefix":"p","dataType":"CSV","updateType":"OVERWRITE","fieldList":[]`,
	"TRANSFORM_FILTER": `,"filterType":"AND","filterConditionList":[]`,
	"TRANSFORM_RENAME": `,"renameFieldList":[]`,
	"TRANSFORM_SELECT": `,"fieldList":[]`,
	"TRANSFORM_UNION":  `,"unionType":"ALL"`,
}

func src(id int64) string {
	return fmt.Sprintf(`{"type":"SOURCE_OBS","id":%d,"name":"in%d","parentNodeIds":[]%s}`, id, id, ownFields["SOURCE_OBS"])
}

func node(kind string, id int64, parents ...int64) string {
	ps, _ := json.Marshal(append([]int64{}, parents...))
	return fmt.Sprintf(`{"type":%q,"id":%d,"name":"n%d","parentNodeIds":%s%s}`, kind, id, id, ps, ownFields[kind])
}

// sendNodes calls each of the three operations that take nodes.
var sendNodes = map[string]func(context.Context, *dataflow.Client, []gen.Node) error{
	"createJob": func(ctx context.Context, c *dataflow.Client, n []gen.Node) error {
		_, err := c.CreateJob(ctx, gen.CreateJobRequest{Name: "graph_job", Type: "DATAFLOW", Nodes: &n})
		return err
	},
	"verifyJob": func(ctx context.Context, c *dataflow.Client, n []gen.Node) error {
		return c.VerifyJob(ctx, gen.VerifyJobRequest{Name: "graph_job", Nodes: n})
	},
	"updateJob": func(ctx context.Context, c *dataflow.Client, n []gen.Node) error {
		_, err := c.UpdateJob(ctx, dataflowtest.SeedJobID, gen.UpdateJobRequest{Type: "DATAFLOW", Nodes: &n})
		return err
	},
}

func TestNodeGraphRefusedBeforeSending(t *testing.T) {
	cases := []struct {
		name  string
		nodes []string
		field string // the *InputError's Field
		says  string // part of its Reason
	}{
		{"repeated id", []string{src(1), node("TRANSFORM_FILTER", 2, 1), node("TARGET_OBS", 2, 1)},
			"nodes[2].id", `node 2 ("n2") uses the id of nodes[1]`},
		{"missing parent", []string{src(1), node("TRANSFORM_FILTER", 2, 1), node("TARGET_OBS", 3, 9)},
			"nodes[2].parentNodeIds[0]", `node 3 ("n3") names parent 9, which is not a node of this job`},
		{"cycle", []string{src(1), node("TRANSFORM_FILTER", 2, 1, 4), node("TRANSFORM_SELECT", 3, 2), node("TRANSFORM_RENAME", 4, 3), node("TARGET_OBS", 5, 4)},
			"parentNodeIds", "cycle"},
		{"own parent", []string{src(1), node("TRANSFORM_FILTER", 2, 2), node("TARGET_OBS", 3, 2)},
			"nodes[1].parentNodeIds", "cycle 2 → 2"},
		{"source with a parent", []string{src(1), node("SOURCE_OBS", 2, 1), node("TARGET_OBS", 3, 2)},
			"nodes[1].parentNodeIds", "is a source (SOURCE_OBS) and must have no parents"},
		{"target without a parent", []string{src(1), node("TARGET_OBS", 3)},
			"nodes[1].parentNodeIds", "needs at least one parent"},
		{"join reads a missing node", []string{src(1), src(2),
			`{"type":"TRANSFORM_JOIN","id":3,"name":"j","parentNodeIds":[1,2],"joinType":"INNER","leftNodeId":1,"rightNodeId":7,"joinConditionList":[]}`, node("TARGET_OBS", 4, 3)},
			"nodes[2].rightNodeId", "reads from node 7"},
		{"join's left input missing", []string{src(1), src(2),
			`{"type":"TRANSFORM_JOIN","id":3,"name":"j","parentNodeIds":[1,2],"joinType":"INNER","leftNodeId":8,"rightNodeId":2,"joinConditionList":[]}`, node("TARGET_OBS", 4, 3)},
			"nodes[2].leftNodeId", "reads from node 8"},
		{"sql reads itself", []string{src(1),
			`{"type":"TRANSFORM_SQL","id":3,"name":"q","parentNodeIds":[1],"sql":"select 1","sourceNameList":[{"parentId":3,"newName":"t"}]}`},
			"nodes[1].sourceNameList[0].parentId", "reads from node 3"},
		{"unknown type in a cycle", []string{`{"type":"FUTURE_NODE","id":1,"name":"a","parentNodeIds":[2]}`, `{"type":"FUTURE_NODE","id":2,"name":"b","parentNodeIds":[1]}`},
			"parentNodeIds", "cycle"},
	}
	for _, tc := range cases {
		for op, send := range sendNodes {
			t.Run(tc.name+"/"+op, func(t *testing.T) {
				srv, c := newFake(t)
				err := send(context.Background(), c, graphNodes(t, tc.nodes...))
				var ie *dataflow.InputError
				require.ErrorAs(t, err, &ie)
				assert.ErrorIs(t, err, dataflow.ErrInvalidInput)
				assert.Equal(t, op, ie.Operation)
				assert.Contains(t, ie.Field, tc.field)
				assert.Contains(t, ie.Reason, tc.says)
				assert.Empty(t, srv.Requests(), "nothing may be sent")
			})
		}
	}
}

func TestNodeGraphCycleNamesItsNodes(t *testing.T) {
	_, c := newFake(t)
	nodes := graphNodes(t, src(1), node("TRANSFORM_FILTER", 2, 1, 4), node("TRANSFORM_SELECT", 3, 2), node("TRANSFORM_RENAME", 4, 3), node("TARGET_OBS", 5, 4))
	err := c.VerifyJob(context.Background(), gen.VerifyJobRequest{Name: "graph_job", Nodes: nodes})
	var ie *dataflow.InputError
	require.ErrorAs(t, err, &ie)
	// The cycle is 2 → 3 → 4 → 2, whichever of its nodes the walk starts from.
	m := strings.Index(ie.Reason, "(cycle ")
	require.GreaterOrEqual(t, m, 0, ie.Reason)
	path := strings.Fields(strings.NewReplacer("(cycle ", "", "→", "", ";", " ", ")", " ").Replace(ie.Reason[m:]))[:4]
	assert.Equal(t, path[0], path[3], "the cycle closes: %v", path)
	assert.ElementsMatch(t, []string{"2", "3", "4"}, path[:3])
}

func TestNodeGraphValidGraphsAreSent(t *testing.T) {
	ctx := context.Background()
	// A diamond (two paths from one source to one target) is not a cycle;
	// the seed job's own nodes pass too.
	diamond := graphNodes(t, src(1), node("TRANSFORM_FILTER", 2, 1), node("TRANSFORM_SELECT", 3, 1), node("TRANSFORM_UNION", 4, 2, 3), node("TARGET_OBS", 5, 4))
	srv, c := newFake(t)
	require.NoError(t, c.VerifyJob(ctx, gen.VerifyJobRequest{Name: "graph_job", Nodes: diamond}), "the diamond must reach the service")
	seed, err := c.GetJob(ctx, dataflowtest.SeedJobID)
	require.NoError(t, err)
	require.NoError(t, c.VerifyJob(ctx, gen.VerifyJobRequest{Name: seed.Name, Nodes: *seed.Nodes}))
	assert.Len(t, srv.Requests(), 3)
	// A nil node list is left out and not checked.
	_, err = c.UpdateJob(ctx, dataflowtest.SeedJobID, gen.UpdateJobRequest{Type: "DATAFLOW"})
	require.NoError(t, err)
}

func TestNodeGraphLargeChainIsChecked(t *testing.T) {
	// 5,000 nodes in one chain: linear time and no recursion.
	objs := []string{src(1)}
	for i := int64(2); i <= 5000; i++ {
		objs = append(objs, node("TRANSFORM_FILTER", i, i-1))
	}
	nodes := graphNodes(t, objs...)
	_, c := newFake(t)
	nodes[0] = graphNodes(t, node("TRANSFORM_FILTER", 1, 5000))[0] // close the ring
	err := c.VerifyJob(context.Background(), gen.VerifyJobRequest{Name: "graph_job", Nodes: nodes})
	require.True(t, errors.Is(err, dataflow.ErrInvalidInput), "%v", err)
	assert.Contains(t, err.Error(), "cycle")
}
