package contract_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedJob returns a fresh copy of the spec's seed job example, for mutating.
func seedJob(t testing.TB) map[string]any {
	t.Helper()
	ex := spec.Components.Responses["Job"].Value.Content.Get("application/json").Examples["seed"]
	require.NotNil(t, ex)
	raw, err := json.Marshal(ex.Value.Value)
	require.NoError(t, err)
	var job map[string]any
	require.NoError(t, json.Unmarshal(raw, &job))
	return job
}

func node(job map[string]any, i int) map[string]any { return job["nodes"].([]any)[i].(map[string]any) }

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// want is the reason a response must be rejected for: a finding at pointer
// whose reason contains reason (and, when value is set, about that value).
type want struct {
	pointer, reason string
	value           any
}

type wrongResponse struct {
	name         string
	method, path string
	status       int
	contentType  string
	body         func(t testing.TB) []byte
	want         []want
}

func jobWith(mutate func(job map[string]any)) func(t testing.TB) []byte {
	return func(t testing.TB) []byte {
		job := seedJob(t)
		mutate(job)
		return mustJSON(t, job)
	}
}

func raw(s string) func(testing.TB) []byte { return func(testing.TB) []byte { return []byte(s) } }

const jobPath = "/api/v1/jobs/gqigvHa1b2c3"

// Wrong answers must be rejected, each for its own reason and no other: the
// findings must be exactly the ones listed.
func TestWrongResponsesAreRejectedForTheRightReason(t *testing.T) {
	cases := []wrongResponse{
		{
			name: "node id given as a string", method: "GET", path: jobPath, status: 200,
			body: jobWith(func(j map[string]any) { node(j, 0)["id"] = "1697776914576" }),
			want: []want{{pointer: "/nodes/0/id", reason: "value must be an integer"}},
		},
		{
			name: "node with another variant's fields (SOURCE_OBS with a filter's fields, no bucketName)", method: "GET", path: jobPath, status: 200,
			body: jobWith(func(j map[string]any) {
				n := node(j, 0)
				delete(n, "bucketName")
				n["filterType"] = "AND"
				n["filterConditionList"] = []any{map[string]any{"name": "name", "operator": "EQ", "value": "A"}}
			}),
			want: []want{{pointer: "/nodes/0/bucketName", reason: `property "bucketName" is missing`}},
		},
		{
			name: "node type in no mapping (TRANSFORM_PIVOT)", method: "GET", path: jobPath, status: 200,
			body: jobWith(func(j map[string]any) { node(j, 1)["type"] = "TRANSFORM_PIVOT" }),
			want: []want{{pointer: "/nodes/1", reason: `discriminator property "type" has invalid value`, value: "TRANSFORM_PIVOT"}},
		},
		{
			name: "node without a type", method: "GET", path: jobPath, status: 200,
			body: jobWith(func(j map[string]any) { delete(node(j, 2), "type") }),
			want: []want{{pointer: "/nodes/2", reason: `input does not contain the discriminator property "type"`}},
		},
		{
			name: "malformed date-time (space, no T)", method: "GET", path: jobPath, status: 200,
			body: jobWith(func(j map[string]any) { j["createdDate"] = "2025-03-19 15:03:42+09:00" }),
			want: []want{{pointer: "/createdDate", reason: `doesn't match the format "date-time"`}},
		},
		{
			name: "zone-less date-time on a Job", method: "GET", path: jobPath, status: 200,
			body: jobWith(func(j map[string]any) { j["updatedDate"] = "2025-03-20T13:07:34" }),
			want: []want{{pointer: "/updatedDate", reason: `doesn't match the format "date-time"`}},
		},
		{
			name: "impossible date (February 29, 2023)", method: "GET", path: jobPath, status: 200,
			body: jobWith(func(j map[string]any) { j["createdDate"] = "2023-02-29T10:00:00+09:00" }),
			want: []want{{pointer: "/createdDate", reason: `doesn't match the format "date-time"`}},
		},
		{
			name: "numeric-string regionNo given as a number", method: "GET", path: jobPath, status: 200,
			body: jobWith(func(j map[string]any) { node(j, 2)["regionNo"] = 1 }),
			want: []want{{pointer: "/nodes/2/regionNo", reason: "value must be a string"}},
		},
		{
			name: "parentNodeIds null instead of []", method: "GET", path: jobPath, status: 200,
			body: jobWith(func(j map[string]any) { node(j, 0)["parentNodeIds"] = nil }),
			want: []want{{pointer: "/nodes/0/parentNodeIds", reason: "Value is not nullable"}},
		},
		{
			name: "parentNodeIds holding a string id", method: "GET", path: jobPath, status: 200,
			body: jobWith(func(j map[string]any) { node(j, 1)["parentNodeIds"] = []any{"1697776914576"} }),
			want: []want{{pointer: "/nodes/1/parentNodeIds/0", reason: "value must be an integer"}},
		},
		{
			name: "200 with a body that is not JSON", method: "GET", path: jobPath, status: 200,
			body: raw(`<html><body>OK</body></html>`),
			want: []want{{reason: "failed to decode response body"}},
		},
		{
			name: "200 with an HTML content type", method: "GET", path: jobPath, status: 200, contentType: "text/html",
			body: raw(`<html><body>OK</body></html>`),
			want: []want{{reason: `response header Content-Type has unexpected value: "text/html"`}},
		},
		{
			name: "undeclared status 418 with a body that is no error object", method: "GET", path: jobPath, status: 418,
			body: raw(`true`),
			want: []want{{pointer: "/", reason: "value must be an object"}},
		},
		{
			name: "list count given as a string", method: "GET", path: "/api/v1/triggers", status: 200,
			body: raw(`{"list":[],"count":"0","page":0,"limit":1000}`),
			want: []want{{pointer: "/count", reason: "value must be an integer"}},
		},
		{
			name: "bare true answered as the string \"true\"", method: "DELETE", path: jobPath, status: 200,
			body: raw(`"true"`),
			want: []want{{pointer: "/", reason: "value must be a boolean"}},
		},
		{
			name: "gateway error whose error is a string", method: "GET", path: jobPath, status: 401,
			body: raw(`{"error":"Authentication Failed"}`),
			want: []want{{pointer: "/error", reason: "value must be an object"}},
		},
		{
			name: "gateway errorCode neither string nor integer", method: "GET", path: jobPath, status: 401,
			body: raw(`{"error":{"errorCode":true,"message":"Authentication Failed","details":""}}`),
			want: []want{ // one finding per oneOf branch
				{pointer: "/error/errorCode", reason: "value must be a string"},
				{pointer: "/error/errorCode", reason: "value must be an integer"},
			},
		},
		{
			name: "workflow JOB node without its jobCondition", method: "GET", path: "/api/v1/workflows/pJ1HCEI7L9ha", status: 200,
			body: raw(`{"workflowId":"pJ1HCEI7L9ha","name":"workflow001","nodes":[{"id":"gqigvHa1b2c3","name":"job001","type":"JOB","parentNodeIds":[]}]}`),
			want: []want{{pointer: "/nodes/0/jobCondition", reason: `property "jobCondition" is missing`}},
		},
		{
			name: "workflow parentNodeIds with a numeric id", method: "GET", path: "/api/v1/workflows/pJ1HCEI7L9ha", status: 200,
			body: raw(`{"workflowId":"pJ1HCEI7L9ha","name":"workflow001","nodes":[{"id":"rWOjcWa1b2c3","name":"t","type":"TRIGGER","parentNodeIds":[1]}]}`),
			want: []want{{pointer: "/nodes/0/parentNodeIds/0", reason: "value must be a string"}},
		},
	}
	require.GreaterOrEqual(t, len(cases), 10)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ct := tc.contentType
			if ct == "" {
				ct = "application/json"
			}
			body := tc.body(t)
			err := validateResponse(t, tc.method, tc.path, tc.status, ct, body)
			require.Error(t, err, "accepted: %s", body)
			got := problems(err)
			assert.Len(t, got, len(tc.want), "findings: %v", got)
			for _, w := range tc.want {
				assert.True(t, hasProblem(got, w), "no finding %q at %q (value %v) in %v", w.reason, w.pointer, w.value, got)
			}
		})
	}
}

func hasProblem(got []problem, w want) bool {
	for _, p := range got {
		if w.pointer != "" && p.pointer != w.pointer {
			continue
		}
		if !strings.Contains(p.reason, w.reason) {
			continue
		}
		if w.value != nil && p.value != w.value {
			continue
		}
		return true
	}
	return false
}

// The unmutated bases of the cases above are valid: a case fails only
// because of its mutation.
func TestWrongResponseBasesAreValid(t *testing.T) {
	for _, c := range []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", jobPath, 200, string(mustJSON(t, seedJob(t)))},
		{"POST", "/api/v1/workflows/3tfNLPa1b2c3/executions", 202, `{"workflowId":"3tfNLPa1b2c3","triggerId":"8bjF7Ea1b2c3","status":"ACCEPTED"}`},
		{"GET", "/api/v1/jobs/gqigvHa1b2c3/executions/mY3275GiRXkm", 200, `{"jobExecutionId":"mY3275GiRXkm","jobId":"gqigvHa1b2c3","status":"FAILED"}`},
		{"GET", "/api/v1/jobs", 200, `{"list":[],"count":0,"page":0,"limit":1000}`},
		{"GET", "/api/v1/triggers", 200, `{"list":[],"count":0,"page":0,"limit":1000}`},
		{"DELETE", jobPath, 200, `true`},
		{"GET", jobPath, 401, `{"error":{"errorCode":"200","message":"Authentication Failed","details":""}}`},
		{"GET", "/api/v1/workflows/pJ1HCEI7L9ha", 200, `{"workflowId":"pJ1HCEI7L9ha","name":"workflow001","nodes":[{"id":"gqigvHa1b2c3","name":"job001","type":"JOB","parentNodeIds":["rWOjcWa1b2c3"],"jobCondition":{}},{"id":"rWOjcWa1b2c3","name":"t","type":"TRIGGER","parentNodeIds":[]}]}`},
		{"GET", "/api/v1/triggers/rWOjcWa1b2c3", 200, `{"triggerId":"rWOjcWa1b2c3","name":"daily","triggerRule":{"type":"RECURRING","interval":"DAY"}}`},
	} {
		assert.NoError(t, validateResponse(t, c.method, c.path, c.status, "application/json", []byte(c.body)), "%s %s %d", c.method, c.path, c.status)
	}
}

// Known gap in openapi.yaml, kept visible: every operation declares a
// `default` response whose ErrorResponse schema has no required property and
// allows any other, so an undeclared status with any JSON object validates
// (IncludeResponseStatus never fires), and executeWorkflow answering 200
// instead of 202 cannot be caught. When the spec closes the gap (for example
// 4XX/5XX instead of default, or an ErrorResponse that requires `error` or
// `errorType`), this test fails: move these cases into the table above.
func TestKnownGapDefaultResponseAcceptsAnyObject(t *testing.T) {
	assert.NoError(t, validateResponse(t, "GET", jobPath, 418, "application/json", []byte(`{}`)),
		"418 with {} is accepted through default")
	assert.NoError(t, validateResponse(t, "POST", "/api/v1/workflows/3tfNLPa1b2c3/executions", 200, "application/json",
		[]byte(`{"workflowId":"3tfNLPa1b2c3","status":"ACCEPTED"}`)), "executeWorkflow's 200 is accepted through default")
}
