package dataflow_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// specExample returns a named example of the embedded spec as JSON.
func specExample(t *testing.T, get func(*openapi3.T) any) []byte {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(dataflow.OpenAPISpec())
	require.NoError(t, err, "openapi.yaml does not load")
	require.NoError(t, doc.Validate(context.Background()), "openapi.yaml is not valid")
	b, err := json.Marshal(get(doc))
	require.NoError(t, err)
	return b
}

func seedResponse(t *testing.T) []byte {
	return specExample(t, func(doc *openapi3.T) any {
		return doc.Components.Responses["Job"].Value.Content["application/json"].Examples["seed"].Value.Value
	})
}

func seedRequest(t *testing.T) []byte {
	return specExample(t, func(doc *openapi3.T) any {
		op := doc.Paths.Find("/api/v1/jobs/{jobId}/executions").Put
		return op.RequestBody.Value.Content["application/json"].Examples["seed"].Value.Value
	})
}

// assertSameJSON compares two documents as JSON values, so that key order
// and spacing do not matter but every field and value does.
func assertSameJSON(t *testing.T, want, got []byte) {
	t.Helper()
	var w, g any
	require.NoError(t, json.Unmarshal(want, &w), "want: %s", want)
	require.NoError(t, json.Unmarshal(got, &g), "got: %s", got)
	assert.Equal(t, w, g, "JSON values differ\nwant: %s\ngot:  %s", want, got)
}

func TestSeedRequestRoundTrip(t *testing.T) {
	raw := seedRequest(t)
	var body gen.UpdateJobExecutionConfigJSONRequestBody
	require.NoError(t, json.Unmarshal(raw, &body))
	assert.Equal(t, 360, *body.JobCondition.Timeout)
	assert.Equal(t, "DEFAULT", *body.JobCondition.WorkerType)
	out, err := json.Marshal(body)
	require.NoError(t, err)
	assertSameJSON(t, raw, out)
}

func TestSeedResponseRoundTrip(t *testing.T) {
	raw := seedResponse(t)
	var job gen.Job
	require.NoError(t, json.Unmarshal(raw, &job))
	require.NotNil(t, job.Nodes)
	require.Len(t, *job.Nodes, 3)
	assert.Equal(t, 2880, *job.RunCondition.Timeout, "the response side takes values above the request bound")
	assert.Equal(t, "", *job.RunCondition.Nrn)
	_, offset := job.CreatedDate.Zone()
	assert.Equal(t, 9*3600, offset, "createdDate keeps its +09:00 offset")

	var kinds []string
	for _, n := range *job.Nodes {
		k, err := n.Discriminator()
		require.NoError(t, err)
		kinds = append(kinds, k)
	}
	assert.Equal(t, []string{"SOURCE_OBS", "TRANSFORM_FILTER", "TARGET_OBS"}, kinds)

	out, err := json.Marshal(job)
	require.NoError(t, err)
	assertSameJSON(t, raw, out)
}

func TestNodeVariants(t *testing.T) {
	// Each variant is built with a wrong Type on purpose: NewNode (through
	// the generated From… method) must replace it with the mapping key.
	const wrong = "WRONG"
	cases := []struct {
		want    string
		variant any
	}{
		{dataflow.NodeTypeSourceCatalog, gen.SourceCatalogNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeSourceCDBMySQL, gen.SourceCDBMySQLNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeSourceCDBPostgreSQL, gen.SourceCDBPostgreSQLNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeSourceOBS, gen.SourceOBSNode{Type: wrong, ID: 1, Name: "n", BucketName: "b", DataType: gen.SourceOBSNodeDataTypeCSV}},
		{dataflow.NodeTypeTransformDefine, gen.TransformDefineNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTransformSelect, gen.TransformSelectNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTransformJoin, gen.TransformJoinNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTransformFilter, gen.TransformFilterNode{Type: wrong, ID: 1, Name: "n", FilterType: gen.ConditionOperatorAND}},
		{dataflow.NodeTypeTransformUnion, gen.TransformUnionNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTransformAggregate, gen.TransformAggregateNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTransformRename, gen.TransformRenameNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTransformDropDuplication, gen.TransformDropDuplicationNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTransformFillMissingValue, gen.TransformFillMissingValuesNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTransformSQL, gen.TransformSQLNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTransformDropNull, gen.TransformDropNullNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTransformSplitField, gen.TransformSplitFieldNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTargetCDBMySQL, gen.TargetCDBMySQLNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTargetCDBPostgreSQL, gen.TargetCDBPostgreSQLNode{Type: wrong, ID: 1, Name: "n"}},
		{dataflow.NodeTypeTargetOBS, gen.TargetOBSNode{Type: wrong, ID: 1, Name: "n", UpdateType: ptr(gen.UpdateTypeAPPEND)}},
		{dataflow.NodeTypeTargetCatalog, gen.TargetCatalogNode{Type: wrong, ID: 1, Name: "n"}},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			seen[c.want] = true
			n, err := dataflow.NewNode(c.variant)
			require.NoError(t, err)

			raw, err := json.Marshal(n)
			require.NoError(t, err)
			var fields map[string]any
			require.NoError(t, json.Unmarshal(raw, &fields))
			assert.Equal(t, c.want, fields["type"], "type is stamped from the mapping")
			assert.Equal(t, []any{}, fields["parentNodeIds"], "a nil parent list goes out as [], never null")

			// Decode from the wire and dispatch through the discriminator.
			var back gen.Node
			require.NoError(t, json.Unmarshal(raw, &back))
			kind, err := back.Discriminator()
			require.NoError(t, err)
			assert.Equal(t, c.want, kind)
			v, err := back.ValueByDiscriminator()
			require.NoError(t, err)
			assert.Equal(t, reflect.TypeOf(c.variant), reflect.TypeOf(v), "ValueByDiscriminator picks the variant")

			info, err := dataflow.InspectNode(back)
			require.NoError(t, err)
			assert.Equal(t, dataflow.NodeInfo{Type: c.want, ID: 1, Name: "n", ParentNodeIDs: []int64{}}, info)
		})
	}
	// The table covers every documented node type exactly once.
	assert.Len(t, seen, 20)
}

func TestNewNodeRejectsNonVariants(t *testing.T) {
	_, err := dataflow.NewNode(gen.Job{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "gen.Job is not a variant of gen.Node")
}

func TestUnknownNodeTypeSurvives(t *testing.T) {
	// A type no version of the docs lists, with fields of its own.
	const pivot = `{"type":"TRANSFORM_PIVOT","id":1697776914579,"name":"Pivot","parentNodeIds":[1697776914578],"pivot":{"column":"month","values":["01","02"],"agg":{"fn":"sum","field":"n"}},"zeta":null}`
	var n gen.Node
	require.NoError(t, json.Unmarshal([]byte(pivot), &n))
	out, err := json.Marshal(n)
	require.NoError(t, err)
	assert.Equal(t, pivot, string(out), "an unknown node re-encodes byte for byte")

	kind, err := n.Discriminator()
	require.NoError(t, err)
	assert.Equal(t, "TRANSFORM_PIVOT", kind)
	_, err = n.ValueByDiscriminator()
	assert.ErrorContains(t, err, "unknown discriminator value")

	info, err := dataflow.InspectNode(n)
	require.NoError(t, err)
	assert.Equal(t, int64(1697776914579), info.ID)

	// Inside a job, next to known nodes, nothing is lost either.
	job := `{"jobId":"j1","name":"job","nodes":[` + pivot + `,{"type":"TRANSFORM_JOIN","id":2,"name":"Join","parentNodeIds":[],"joinType":"LEFT","on":[{"left":"a","right":"b"}]}]}`
	var j gen.Job
	require.NoError(t, json.Unmarshal([]byte(job), &j))
	out, err = json.Marshal(j)
	require.NoError(t, err)
	assertSameJSON(t, []byte(job), out)
	assert.Contains(t, string(out), pivot, "the unknown node's bytes are kept as they came")
}

func TestLargeIDsRoundTrip(t *testing.T) {
	// 2^53+1 is the first integer a float64 cannot hold; MaxInt64 is the last int64.
	const src = `{"type":"SOURCE_OBS","id":9007199254740993,"name":"s","parentNodeIds":[9223372036854775807],"regionNo":"1","bucketName":"b","prefix":"p","dataType":"CSV","fieldList":[]}`
	var n gen.Node
	require.NoError(t, json.Unmarshal([]byte(src), &n))
	obs, err := n.AsSourceOBSNode()
	require.NoError(t, err)
	assert.Equal(t, int64(9007199254740993), obs.ID)
	assert.Equal(t, gen.ParentNodeIDs{9223372036854775807}, obs.ParentNodeIds)

	// Re-encoding the typed value keeps every digit.
	n2, err := dataflow.NewNode(obs)
	require.NoError(t, err)
	out, err := json.Marshal(n2)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"id":9007199254740993`)
	assert.Contains(t, string(out), `"parentNodeIds":[9223372036854775807]`)
}

func ptr[T any](v T) *T { return &v }

func TestNodeAsChecksTheType(t *testing.T) {
	raw := seedResponse(t)
	var job gen.Job
	require.NoError(t, json.Unmarshal(raw, &job))
	nodes := *job.Nodes

	src, err := dataflow.NodeAs[gen.SourceOBSNode](nodes[0])
	require.NoError(t, err)
	assert.Equal(t, "aitems", src.BucketName)

	filter, err := dataflow.NodeAs[gen.TransformFilterNode](nodes[1])
	require.NoError(t, err)
	assert.Equal(t, gen.OperatorEQ, filter.FilterConditionList[0].Operator)

	// The generated accessor would hand back a half-filled struct here.
	_, err = dataflow.NodeAs[gen.TransformFilterNode](nodes[0])
	assert.ErrorContains(t, err, `node is "SOURCE_OBS", not TRANSFORM_FILTER`)

	_, err = dataflow.NodeAs[gen.Job](nodes[0])
	assert.ErrorContains(t, err, "not a job node variant")
}
