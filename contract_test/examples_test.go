package contract_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

const seedPath = "/api/v1/jobs/gqigvH******/executions"

// The seed page's response example, as published (testdata holds it with
// the masked node ids, which are not JSON, filled with digits), is a valid
// answer of updateJobExecutionConfig: legacy type DATAFLOW, status RUNNABLE,
// timeout 2880 above the request limit, an empty nrn.
func TestSeedPageResponseExampleValidates(t *testing.T) {
	body, err := os.ReadFile("testdata/seed-page-response.json")
	require.NoError(t, err)
	assert.NoError(t, validateResponse(t, "PUT", seedPath, 200, "application/json", body))

	var doc map[string]any
	require.NoError(t, json.Unmarshal(body, &doc))
	assert.EqualValues(t, 2880, doc["runCondition"].(map[string]any)["timeout"], "the transcription keeps the out-of-range timeout")
}

// The spec's own copy of the seed response (the fake's seed job) validates
// too, and says the same as the page apart from the unmasked values.
func TestSpecSeedExampleValidatesAndMatchesThePage(t *testing.T) {
	ex := spec.Components.Responses["Job"].Value.Content.Get("application/json").Examples["seed"]
	require.NotNil(t, ex, "components.responses.Job.examples.seed is missing")
	body, err := json.Marshal(ex.Value.Value)
	require.NoError(t, err)
	assert.NoError(t, validateResponse(t, "PUT", seedPath, 200, "application/json", body))

	page, err := os.ReadFile("testdata/seed-page-response.json")
	require.NoError(t, err)
	var a, b map[string]any
	require.NoError(t, json.Unmarshal(page, &a))
	require.NoError(t, json.Unmarshal(body, &b))
	for _, k := range []string{"name", "description", "type", "status", "createdDate", "updatedDate"} {
		assert.Equal(t, a[k], b[k], k)
	}
	assert.Equal(t, len(a["nodes"].([]any)), len(b["nodes"].([]any)))
}

// The seed page's request example (masked values and all, they are strings)
// is a valid signed request.
func TestSeedPageRequestExampleValidates(t *testing.T) {
	body, err := os.ReadFile("testdata/seed-page-request.json")
	require.NoError(t, err)
	req, err := http.NewRequest("PUT", "http://fake.invalid"+strings.ReplaceAll(seedPath, "*", "%2A"), bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	signer, err := signing.New("AKIDEXAMPLE", "SECRETEXAMPLE", signing.WithEndpoint("http://fake.invalid"))
	require.NoError(t, err)
	require.NoError(t, signer.Intercept(ctx, req))

	route, params, err := offline(t).FindRoute(req)
	require.NoError(t, err)
	assert.Equal(t, "updateJobExecutionConfig", route.Operation.OperationID)
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: &openapi3filter.Options{
		MultiError: true, SkipSettingDefaults: true,
		AuthenticationFunc: authenticate("AKIDEXAMPLE", "SECRETEXAMPLE", timeNow),
	}}
	assert.NoError(t, openapi3filter.ValidateRequest(ctx, in))
}

// Both error shapes validate as every declared error status of every
// operation, and as an undeclared one (default).
func TestErrorBodiesOfBothShapesValidate(t *testing.T) {
	bodies := map[string]string{
		"gateway":              `{"error":{"errorCode":"200","message":"Authentication Failed","details":"Invalid authentication information."}}`,
		"gateway numeric code": `{"error":{"errorCode":210,"message":"Permission Denied","details":""}}`,
		"service":              `{"errorType":"bad-parameter","detail":"jobCondition.numWorker: must be between 2 and 10"}`,
		"service NOT_FOUND":    `{"errorType":"NOT_FOUND","detail":"job not found: gqigvHa1b2c3","timestamp":"kept"}`,
	}
	checked := 0
	for _, op := range operations(t) {
		for _, status := range []int{400, 401, 403, 404, 429, 500, 503} {
			for name, body := range bodies {
				err := validateResponse(t, op.method, op.path, status, "application/json", []byte(body))
				assert.NoError(t, err, "%s %d %s", op.id, status, name)
				checked++
			}
		}
	}
	assert.Equal(t, 25*7*len(bodies), checked)
}

// Every example of every response in the spec validates as that response.
func TestEveryResponseExampleValidates(t *testing.T) {
	n := 0
	for _, op := range operations(t) {
		for code, ref := range op.op.Responses.Map() {
			status, err := strconv.Atoi(code)
			if err != nil {
				status = 599 // default
			}
			mt := ref.Value.Content.Get("application/json")
			if mt == nil {
				continue
			}
			examples := map[string]any{}
			if mt.Example != nil {
				examples["example"] = mt.Example
			}
			for name, ex := range mt.Examples {
				examples[name] = ex.Value.Value
			}
			for name, v := range examples {
				body, err := json.Marshal(v)
				require.NoError(t, err)
				assert.NoError(t, validateResponse(t, op.method, op.path, status, "application/json", body), "%s %s example %s", op.id, code, name)
				n++
			}
		}
	}
	assert.Greater(t, n, 100, "the spec has examples on every operation's responses")
}

type operation struct {
	id, method, path string // path with example values for its parameters
	op               *openapi3.Operation
}

// operations lists the spec's operations with a concrete path each.
func operations(t testing.TB) []operation {
	t.Helper()
	var out []operation
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			concrete := strings.NewReplacer("{jobId}", "gqigvHa1b2c3", "{executionId}", "mY3275GiRXkm",
				"{workflowId}", "pJ1HCEI7L9ha", "{triggerId}", "rWOjcWa1b2c3").Replace(path)
			out = append(out, operation{id: op.OperationID, method: method, path: concrete, op: op})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	require.Len(t, out, 25)
	return out
}
