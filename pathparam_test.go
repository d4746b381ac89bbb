package dataflow_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// badSegments would each change the request's path once resolved (or once
// a proxy decoded it), so reach another operation than the one called.
var badSegments = []string{
	"", " ", ".", "..", "a/b", "/", `a\b`, `\`,
	"%2e", "%2E%2e", ".%2e", "%2f", "a%2Fb", "%5c", "%252e%252e", "%252F",
	"a\x00b", "a\nb", "\x7f",
}

// TestPathParametersThatChangeThePathSendNothing calls every operation
// with a path parameter with each bad value: each must be an *InputError
// naming the parameter, and the service must see nothing.
func TestPathParametersThatChangeThePathSendNothing(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	seed := dataflowtest.SeedJobID
	calls := []struct {
		name, field string
		call        func(id string) error
	}{
		{"GetJob", "jobId", func(id string) error { _, err := c.GetJob(ctx, id); return err }},
		{"DeleteJob", "jobId", func(id string) error { return c.DeleteJob(ctx, id) }},
		{"UpdateJob", "jobId", func(id string) error {
			_, err := c.UpdateJob(ctx, id, gen.UpdateJobRequest{Type: "VISUAL"})
			return err
		}},
		{"CreateJobExecution", "jobId", func(id string) error {
			_, err := c.CreateJobExecution(ctx, id, nil, gen.CreateJobExecutionRequest{})
			return err
		}},
		{"UpdateJobExecutionConfig", "jobId", func(id string) error {
			_, err := c.UpdateJobExecutionConfig(ctx, id, seedCondition())
			return err
		}},
		{"GetJobExecutions", "jobId", func(id string) error { _, err := c.GetJobExecutions(ctx, id, nil); return err }},
		{"GetJobExecution/jobId", "jobId", func(id string) error { _, err := c.GetJobExecution(ctx, id, "e1"); return err }},
		{"GetJobExecution/executionId", "executionId", func(id string) error { _, err := c.GetJobExecution(ctx, seed, id); return err }},
		{"CancelJobExecution", "executionId", func(id string) error { return c.CancelJobExecution(ctx, seed, id) }},
		{"GetWorkflow", "workflowId", func(id string) error { _, err := c.GetWorkflow(ctx, id); return err }},
		{"UpdateWorkflow", "workflowId", func(id string) error {
			_, err := c.UpdateWorkflow(ctx, id, gen.UpdateWorkflowRequest{Name: "wf_one", Nodes: []gen.WorkflowNode{}})
			return err
		}},
		{"DeleteWorkflow", "workflowId", func(id string) error { return c.DeleteWorkflow(ctx, id) }},
		{"GetWorkflowExecutions", "workflowId", func(id string) error { _, err := c.GetWorkflowExecutions(ctx, id, nil); return err }},
		{"ExecuteWorkflow", "workflowId", func(id string) error { _, err := c.ExecuteWorkflow(ctx, id, nil); return err }},
		{"GetTrigger", "triggerId", func(id string) error { _, err := c.GetTrigger(ctx, id); return err }},
		{"DeleteTrigger", "triggerId", func(id string) error { return c.DeleteTrigger(ctx, id) }},
	}
	for _, call := range calls {
		for _, bad := range badSegments {
			err := call.call(bad)
			var ie *dataflow.InputError
			if assert.ErrorAs(t, err, &ie, "%s(%q)", call.name, bad) {
				assert.Equal(t, call.field, ie.Field, "%s(%q): %v", call.name, bad, err)
			}
		}
	}
	assert.Empty(t, srv.Requests(), "a request was sent")

	// Values that stay one segment are sent (percent-encoded as needed).
	for _, ok := range []string{"gqigvHa1b2c3", "a.b", "...", "a%b", "a b", "a?b#c"} {
		_, err := c.GetJob(ctx, ok)
		var ie *dataflow.InputError
		assert.NotErrorAs(t, err, &ie, "GetJob(%q)", ok)
	}
}

// TestDotSegmentsRefusedBelowTheTypedMethods: requests that do not go
// through the typed methods' checks (the generated client, the HTTP client)
// are refused by the transport before anything is sent.
func TestDotSegmentsRefusedBelowTheTypedMethods(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()

	// GetJob(".") through the generated client: net/url resolves
	// /api/v1/jobs/. into /api/v1/jobs/, which would be getJobs.
	for _, id := range []string{".", "", ".."} {
		_, err := c.Generated().GetJobWithResponse(ctx, id)
		var ie *dataflow.InputError
		require.ErrorAs(t, err, &ie, "GetJobWithResponse(%q)", id)
		assert.Equal(t, "URL path", ie.Field)
	}
	_, err := c.Generated().GetJobExecutionWithResponse(ctx, dataflowtest.SeedJobID, "..")
	var ie *dataflow.InputError
	require.ErrorAs(t, err, &ie)

	// Raw dot segments reach the transport when a request is built by hand.
	for _, path := range []string{"/api/v1/jobs/../executions", "/api/v1/jobs/%2e%2e/executions", "/api/v1/jobs//executions", "/api/v1/./jobs"} {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+path, nil)
		require.NoError(t, err)
		resp, err := c.HTTPClient().Do(req)
		if resp != nil {
			resp.Body.Close()
		}
		require.ErrorAs(t, err, &ie, path)
	}
	assert.Empty(t, srv.Requests(), "a request was sent")
}

// TestNilContextAndOptions: a nil context or a nil Option is a clear error,
// never a panic.
func TestNilContextAndOptions(t *testing.T) {
	_, err := dataflow.New(nil)
	require.ErrorContains(t, err, "option 1 of 1 is nil")
	_, err = dataflow.New(dataflow.WithEndpoint("http://127.0.0.1:1"), nil)
	require.ErrorContains(t, err, "option 2 of 2 is nil")

	srv, c := newFake(t)
	var nilCtx context.Context
	var ie *dataflow.InputError
	_, err = c.GetJob(nilCtx, dataflowtest.SeedJobID)
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "ctx", ie.Field)
	require.ErrorAs(t, c.DeleteJob(nilCtx, "."), &ie)
	assert.Equal(t, "ctx", ie.Field, "the nil context is reported first")
	for _, err := range c.AllJobs(nilCtx, nil) {
		require.ErrorAs(t, err, &ie)
	}
	assert.Empty(t, srv.Requests())
}
