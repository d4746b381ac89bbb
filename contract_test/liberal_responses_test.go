package contract_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// liberalResponse is an answer the documentation does not describe but a
// client must take: a value outside a documented enum, a field the response
// tables do not promise. It must validate against openapi.yaml and decode
// into the generated types, keeping the value.
type liberalResponse struct {
	name         string
	method, path string
	status       int
	body         string
	check        func(t *testing.T, resp *http.Response)
}

func httpResponse(status int, body string) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader([]byte(body)))}
}

// Responses are liberal: every documented enum of a response is open, and the
// fields every response table marks "-" may be missing. Each case validates
// and decodes with its value kept.
func TestUndocumentedValuesInResponsesAreAccepted(t *testing.T) {
	cases := []liberalResponse{
		{
			name: "execution status outside ExecutionStatus", method: "GET", path: "/api/v1/jobs/gqigvHa1b2c3/executions/mY3275GiRXkm", status: 200,
			body: `{"jobExecutionId":"mY3275GiRXkm","jobId":"gqigvHa1b2c3","status":"QUEUED"}`,
			check: func(t *testing.T, resp *http.Response) {
				r, err := gen.ParseGetJobExecutionResponse(resp)
				require.NoError(t, err)
				assert.Equal(t, gen.ExecutionStatus("QUEUED"), *r.JSON200.Status)
				assert.False(t, r.JSON200.Status.Valid(), "QUEUED is not a documented status")
			},
		},
		{
			name: "executeWorkflow status other than ACCEPTED", method: "POST", path: "/api/v1/workflows/3tfNLPa1b2c3/executions", status: 202,
			body: `{"workflowId":"3tfNLPa1b2c3","status":"QUEUED"}`,
			check: func(t *testing.T, resp *http.Response) {
				r, err := gen.ParseExecuteWorkflowResponse(resp)
				require.NoError(t, err)
				assert.Equal(t, gen.WorkflowExecutionAcceptedStatus("QUEUED"), r.JSON202.Status)
			},
		},
		{
			name: "trigger rule with an undocumented type, interval and day", method: "GET", path: "/api/v1/triggers/rWOjcWa1b2c3", status: 200,
			body: `{"triggerId":"rWOjcWa1b2c3","name":"yearly","triggerRule":{"type":"CRON","interval":"YEAR","dayOfWeek":["HOLIDAY"]}}`,
			check: func(t *testing.T, resp *http.Response) {
				r, err := gen.ParseGetTriggerResponse(resp)
				require.NoError(t, err)
				rule := r.JSON200.TriggerRule
				assert.Equal(t, gen.TriggerRuleType("CRON"), rule.Type)
				assert.Equal(t, gen.TriggerRuleInterval("YEAR"), *rule.Interval)
				assert.Equal(t, []gen.TriggerRuleDayOfWeek{"HOLIDAY"}, *rule.DayOfWeek)
			},
		},
		{
			name: "workflow with an undocumented trigger rule type", method: "GET", path: "/api/v1/workflows/pJ1HCEI7L9ha", status: 200,
			body: `{"workflowId":"pJ1HCEI7L9ha","name":"w","triggerRuleType":"CRON","nodes":[{"id":"rWOjcWa1b2c3","name":"t","type":"TRIGGER","parentNodeIds":[],"triggerRule":"CRON"}]}`,
			check: func(t *testing.T, resp *http.Response) {
				r, err := gen.ParseGetWorkflowResponse(resp)
				require.NoError(t, err)
				assert.Equal(t, gen.WorkflowTriggerRuleType("CRON"), *r.JSON200.TriggerRuleType)
				node, err := (*r.JSON200.Nodes)[0].AsWorkflowTriggerNode()
				require.NoError(t, err)
				assert.Equal(t, gen.WorkflowTriggerNodeTriggerRule("CRON"), *node.TriggerRule)
			},
		},
		{
			name: "workflow job node with out-of-range options and no nrn", method: "GET", path: "/api/v1/workflows/pJ1HCEI7L9ha", status: 200,
			body: `{"workflowId":"pJ1HCEI7L9ha","name":"w","nodes":[{"id":"gqigvHa1b2c3","name":"j","type":"JOB","parentNodeIds":[],"jobCondition":{"numWorker":50,"timeout":2880}}]}`,
			check: func(t *testing.T, resp *http.Response) {
				r, err := gen.ParseGetWorkflowResponse(resp)
				require.NoError(t, err)
				node, err := (*r.JSON200.Nodes)[0].AsWorkflowJobNode()
				require.NoError(t, err)
				assert.Equal(t, 50, *node.JobCondition.NumWorker)
				assert.Equal(t, 2880, *node.JobCondition.Timeout)
			},
		},
		{
			name: "job without jobId and name (the response tables mark every field \"-\")", method: "GET", path: jobPath, status: 200,
			body: `{"type":"VISUAL","status":"READY"}`,
			check: func(t *testing.T, resp *http.Response) {
				r, err := gen.ParseGetJobResponse(resp)
				require.NoError(t, err)
				assert.Empty(t, r.JSON200.JobID)
				assert.Equal(t, "READY", *r.JSON200.Status)
			},
		},
		{
			name: "list envelope without list", method: "GET", path: "/api/v1/jobs", status: 200,
			body: `{"count":0,"page":0,"limit":1000}`,
			check: func(t *testing.T, resp *http.Response) {
				r, err := gen.ParseGetJobsResponse(resp)
				require.NoError(t, err)
				assert.Empty(t, r.JSON200.List)
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.NoError(t, validateResponse(t, tc.method, tc.path, tc.status, "application/json", []byte(tc.body)))
			tc.check(t, httpResponse(tc.status, tc.body))
		})
	}
}
