package contract_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// currentNodeTypes are the 18 node types of the current documentation.
var currentNodeTypes = []string{
	"SOURCE_CATALOG", "SOURCE_CDB_MYSQL", "SOURCE_CDB_POSTGRESQL", "SOURCE_OBS",
	"TRANSFORM_DEFINE", "TRANSFORM_SELECT", "TRANSFORM_JOIN", "TRANSFORM_FILTER", "TRANSFORM_UNION",
	"TRANSFORM_AGGREGATE", "TRANSFORM_RENAME", "TRANSFORM_DROP_DUPLICATION", "TRANSFORM_FILL_MISSING_VALUES",
	"TRANSFORM_SQL", "TARGET_CDB_MYSQL", "TARGET_CDB_POSTGRESQL", "TARGET_OBS", "TARGET_CATALOG",
}

// everyNodeJob is testdata/every-node-type.json, a verifyJob body with one
// node of each current type, as raw nodes.
func everyNodeJob(t testing.TB) (name string, nodes []json.RawMessage) {
	t.Helper()
	data, err := os.ReadFile("testdata/every-node-type.json")
	require.NoError(t, err)
	var body struct {
		Name  string            `json:"name"`
		Nodes []json.RawMessage `json:"nodes"`
	}
	require.NoError(t, json.Unmarshal(data, &body))
	return body.Name, body.Nodes
}

// The testdata job is the spec's own example (verifyJob's everyType, and the
// nodes of the Job response example everyType), and it covers each of the
// 18 current types once.
func TestEveryNodeTypeExampleIsTheSpecs(t *testing.T) {
	data, err := os.ReadFile("testdata/every-node-type.json")
	require.NoError(t, err)
	op := operationByID(t, "verifyJob")
	ex := op.RequestBody.Value.Content.Get("application/json").Examples["everyType"]
	require.NotNil(t, ex, "verifyJob has no everyType example")
	assert.JSONEq(t, string(data), string(mustJSON(t, ex.Value.Value)))

	job := spec.Components.Responses["Job"].Value.Content.Get("application/json").Examples["everyType"]
	require.NotNil(t, job, "components.responses.Job has no everyType example")
	var body map[string]any
	require.NoError(t, json.Unmarshal(data, &body))
	assert.JSONEq(t, string(mustJSON(t, body["nodes"])), string(mustJSON(t, job.Value.Value.(map[string]any)["nodes"])))

	_, nodes := everyNodeJob(t)
	var types []string
	for _, raw := range nodes {
		var n struct{ Type string }
		require.NoError(t, json.Unmarshal(raw, &n))
		types = append(types, n.Type)
	}
	assert.ElementsMatch(t, currentNodeTypes, types)
}

// Every field of every current node type is typed in Go: each node decodes
// into its variant with nothing left in AdditionalProperties, and the
// variant, wrapped again with dataflow.NewNode, encodes to the same JSON.
func TestEveryNodeTypeHasTypedFields(t *testing.T) {
	_, nodes := everyNodeJob(t)
	for _, raw := range nodes {
		var n gen.Node
		require.NoError(t, n.UnmarshalJSON(raw))
		kind, err := n.Discriminator()
		require.NoError(t, err)
		t.Run(kind, func(t *testing.T) {
			v, err := n.ValueByDiscriminator()
			require.NoError(t, err)
			extra := reflect.ValueOf(v).FieldByName("AdditionalProperties")
			require.True(t, extra.IsValid(), "%T keeps no additional properties", v)
			assert.Zero(t, extra.Len(), "%s fields left untyped: %v", kind, extra.Interface())
			again, err := dataflow.NewNode(v)
			require.NoError(t, err)
			out, err := again.MarshalJSON()
			require.NoError(t, err)
			assert.JSONEq(t, string(raw), string(out))
		})
	}
}

// A job with one node of each current type goes through the generated
// client and the fake and comes back unchanged: both directions validate
// against openapi.yaml, the created job, getJob and the fake's state hold
// exactly the nodes sent, and verifyJob accepts them.
func TestJobWithEveryNodeTypeRoundTrips(t *testing.T) {
	e := newEnv(t)
	name, raws := everyNodeJob(t)
	nodes := make([]gen.Node, len(raws))
	for i, raw := range raws {
		require.NoError(t, nodes[i].UnmarshalJSON(raw))
	}
	sent := mustJSON(t, raws)

	created, err := e.client.CreateJobWithResponse(ctx, gen.CreateJobJSONRequestBody{Name: name, Type: "VISUAL", Nodes: &nodes})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode(), "%s", created.Body)
	job := created.JSON201
	assert.JSONEq(t, string(sent), string(mustJSON(t, job.Nodes)), "createJob's answer")

	stored, ok := e.srv.Job(job.JobID)
	require.True(t, ok)
	assert.JSONEq(t, string(sent), string(mustJSON(t, stored.Nodes)), "the fake's state")

	got, err := e.client.GetJobWithResponse(ctx, job.JobID)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode(), "%s", got.Body)
	assert.JSONEq(t, string(sent), string(mustJSON(t, got.JSON200.Nodes)), "getJob's answer")

	verified, err := e.client.VerifyJobWithResponse(ctx, gen.VerifyJobJSONRequestBody{Name: name, Nodes: nodes})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, verified.StatusCode(), "%s", verified.Body)
	assert.True(t, *verified.JSON200)
	assert.Equal(t, 1, e.doer.validated("createJob"))
	assert.Equal(t, 1, e.doer.validated("getJob"))
}

// undocumented replaces, in the every-node-type job, one documented enum
// value of each kind with a value the documentation does not list.
var undocumented = []struct {
	nodeType, path string
	value          any
}{
	{"TRANSFORM_JOIN", "joinType", "SEMI"},
	{"TRANSFORM_JOIN", "joinConditionList.0.joinOperator", "LIKE"},
	{"TRANSFORM_JOIN", "joinConditionList.1.conditionOperator", "XOR"},
	{"SOURCE_OBS", "dataType", "AVRO"},
	{"SOURCE_OBS", "fieldList.2.properties.0.type", "geometry"},
	{"SOURCE_CATALOG", "fieldList.0.type", "Int128"},
	{"TRANSFORM_FILTER", "filterType", "NOT"},
	{"TRANSFORM_FILTER", "filterConditionList.0.operator", "LIKE"},
	{"TRANSFORM_UNION", "unionType", "INTERSECT"},
	{"TRANSFORM_AGGREGATE", "aggregateFieldList.0.function", "COUNT"},
	{"TARGET_OBS", "dataType", "NDJSON"},
	{"TARGET_OBS", "updateType", "MERGE"},
	{"TARGET_CATALOG", "updateType", "MERGE"},
	{"TARGET_CDB_MYSQL", "updateType", "UPSERT"},
}

// setPath sets a dotted path (object keys, list indexes) in v.
func setPath(t testing.TB, v any, path string, value any) {
	t.Helper()
	parts := strings.Split(path, ".")
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := v.(type) {
		case map[string]any:
			if last {
				c[p] = value
				return
			}
			v = c[p]
		case []any:
			var idx int
			require.NoError(t, json.Unmarshal([]byte(p), &idx), "path %s", path)
			if last {
				c[idx] = value
				return
			}
			v = c[idx]
		default:
			t.Fatalf("path %s: %T at %q", path, v, p)
		}
	}
}

// undocumentedNodes returns the every-node-type nodes with the undocumented
// values put in.
func undocumentedNodes(t testing.TB) []any {
	t.Helper()
	_, raws := everyNodeJob(t)
	var nodes []any
	require.NoError(t, json.Unmarshal(mustJSON(t, raws), &nodes))
	for _, u := range undocumented {
		i := slices.IndexFunc(nodes, func(n any) bool { return n.(map[string]any)["type"] == u.nodeType })
		require.GreaterOrEqual(t, i, 0, u.nodeType)
		setPath(t, nodes[i], u.path, u.value)
	}
	return nodes
}

// Responses are liberal about node enums: a job whose nodes carry values the
// documentation does not list (a new join type, a new column type, ...) is
// served by the fake (its own response check passes), validates in the
// contract check, decodes in Go with every value kept, and re-encodes
// unchanged.
func TestUndocumentedNodeValuesInResponsesAreKept(t *testing.T) {
	e := newEnv(t)
	nodes := undocumentedNodes(t)
	job := map[string]any{"jobId": "unDocumented", "name": "undocumented_values", "type": "VISUAL", "nodes": nodes}
	require.NoError(t, e.srv.LoadState(bytes.NewReader(mustJSON(t, map[string]any{"jobs": []any{job}}))))

	resp, err := e.client.GetJobWithResponse(ctx, "unDocumented")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
	require.Equal(t, 1, e.doer.validated("getJob"), "the answer validates against openapi.yaml")
	assert.JSONEq(t, string(mustJSON(t, nodes)), string(mustJSON(t, resp.JSON200.Nodes)), "every value kept")

	for _, n := range *resp.JSON200.Nodes {
		kind, err := n.Discriminator()
		require.NoError(t, err)
		switch kind {
		case "TRANSFORM_JOIN":
			join, err := dataflow.NodeAs[gen.TransformJoinNode](n)
			require.NoError(t, err)
			assert.Equal(t, gen.JoinType("SEMI"), join.JoinType)
			assert.False(t, join.JoinType.Valid(), "SEMI is no documented join type")
			assert.Equal(t, gen.Operator("LIKE"), join.JoinConditionList[0].JoinOperator)
			again, err := dataflow.NewNode(join)
			require.NoError(t, err)
			raw, _ := n.MarshalJSON()
			out, _ := again.MarshalJSON()
			assert.JSONEq(t, string(raw), string(out), "the typed join re-encodes unchanged")
		case "SOURCE_OBS":
			src, err := dataflow.NodeAs[gen.SourceOBSNode](n)
			require.NoError(t, err)
			assert.Equal(t, gen.SourceOBSNodeDataType("AVRO"), src.DataType)
			assert.Equal(t, gen.FieldType("geometry"), (*src.FieldList[2].Properties)[0].Type)
		case "TRANSFORM_AGGREGATE":
			agg, err := dataflow.NodeAs[gen.TransformAggregateNode](n)
			require.NoError(t, err)
			assert.Equal(t, gen.AggregateFunction("COUNT"), agg.AggregateFieldList[0].Function)
		}
	}
}

// Requests stay strict: the same undocumented values sent in createJob are
// each found by the contract check and refused by the fake.
func TestUndocumentedNodeValuesInRequestsAreRefused(t *testing.T) {
	srv := dataflowtest.NewServer(dataflowtest.WithT(t), dataflowtest.WithCredentials(testAK, testSK))
	body := mustJSON(t, map[string]any{"name": "undocumented_values", "type": "VISUAL", "nodes": undocumentedNodes(t)})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/api/v1/jobs", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	signNow(req)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var e gen.ErrorResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&e))
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	require.NotNil(t, e.Detail)
	for _, u := range undocumented {
		assert.Contains(t, *e.Detail, "/"+strings.ReplaceAll(u.path, ".", "/")+": value is not one of the allowed values",
			"%s %s=%v", u.nodeType, u.path, u.value)
	}
	assert.Equal(t, len(undocumented), strings.Count(*e.Detail, "value is not one of the allowed values"), "%s", *e.Detail)
}
