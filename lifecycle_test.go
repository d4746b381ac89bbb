package dataflow_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// TestJobLifecycle drives one job through its whole life with the root
// client against the fake: create, verify, get, edit execution options,
// run, list runs, cancel, delete.
func TestJobLifecycle(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()

	source, err := dataflow.NewNode(gen.SourceOBSNode{
		ID: 1700000000001, Name: "input", RegionNo: "1", BucketName: "aitems", Prefix: "in/",
		DataType: gen.SourceOBSNodeDataTypeCSV, FieldList: []gen.Field{{Name: "id", Type: "string"}},
	})
	require.NoError(t, err)
	target, err := dataflow.NewNode(gen.TargetOBSNode{
		ID: 1700000000002, Name: "output", ParentNodeIds: gen.ParentNodeIDs{1700000000001}, RegionNo: "1",
		BucketName: "aitems", Prefix: "out/", DataType: gen.TargetOBSNodeDataTypePARQUET,
		FieldList: []gen.Field{{Name: "id", Type: "string"}},
	})
	require.NoError(t, err)
	nodes := []gen.Node{source, target}

	// create
	job, err := c.CreateJob(ctx, gen.CreateJobRequest{Name: "lifecycle_job", Type: "VISUAL", Nodes: &nodes})
	require.NoError(t, err)
	require.NotEmpty(t, job.JobID)
	id := job.JobID

	// verify
	require.NoError(t, c.VerifyJob(ctx, gen.VerifyJobRequest{Name: "lifecycle_job", Nodes: nodes}))

	// get
	got, err := c.GetJob(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "lifecycle_job", got.Name)
	require.NotNil(t, got.Nodes)
	require.Len(t, *got.Nodes, 2)
	kind, err := (*got.Nodes)[1].Discriminator()
	require.NoError(t, err)
	assert.Equal(t, dataflow.NodeTypeTargetOBS, kind)

	// edit execution options
	cond := seedCondition()
	edited, err := c.UpdateJobExecutionConfig(ctx, id, cond)
	require.NoError(t, err)
	assert.Equal(t, 4, *edited.RunCondition.NumWorker)

	// run
	run, err := c.CreateJobExecution(ctx, id, nil, gen.CreateJobExecutionRequest{})
	require.NoError(t, err)
	require.NotEmpty(t, run.JobExecutionID)
	status, err := srv.AdvanceExecution(id, run.JobExecutionID)
	require.NoError(t, err)
	assert.Equal(t, gen.ExecutionStatusRUNNING, status)

	// a job with a run in progress cannot be deleted
	err = c.DeleteJob(ctx, id)
	var apiErr *dataflow.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)

	// list runs
	runs, err := c.GetJobExecutions(ctx, id, nil)
	require.NoError(t, err)
	require.Len(t, runs.List, 1)
	assert.Equal(t, run.JobExecutionID, runs.List[0].JobExecutionID)
	assert.Equal(t, gen.ExecutionStatusRUNNING, *runs.List[0].Status)

	// cancel
	require.NoError(t, c.CancelJobExecution(ctx, id, run.JobExecutionID))
	after, err := c.GetJobExecution(ctx, id, run.JobExecutionID)
	require.NoError(t, err)
	assert.Equal(t, gen.ExecutionStatusCANCELED, *after.Status)

	// delete
	require.NoError(t, c.DeleteJob(ctx, id))
	_, err = c.GetJob(ctx, id)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 404, apiErr.StatusCode)

	for _, r := range srv.Requests() {
		assert.NoError(t, r.SignatureErr, "%s %s", r.Method, r.URI)
		assert.NoError(t, r.ValidationErr, "%s %s", r.Method, r.URI)
	}
	assert.Empty(t, srv.Errors(), "every answer of the fake conformed to openapi.yaml")
}
