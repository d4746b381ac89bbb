package dataflow_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

func TestRunConditionConversions(t *testing.T) {
	var job gen.Job
	require.NoError(t, json.Unmarshal(seedResponse(t), &job))
	rc := job.RunCondition
	require.NotNil(t, rc)
	rc.Parameters = &map[string]string{"day": "monday"}

	jc := dataflow.JobConditionFromRun(rc)
	assert.Equal(t, *rc.ScriptPath, jc.ScriptPath)
	assert.Equal(t, *rc.LogPath, jc.LogPath)
	assert.Equal(t, *rc.Nrn, jc.Nrn)
	assert.Equal(t, *rc.NumWorker, *jc.NumWorker)
	assert.Equal(t, *rc.Timeout, *jc.Timeout)
	assert.Equal(t, *rc.WorkerType, *jc.WorkerType)
	assert.Equal(t, "monday", (*jc.Parameters)["day"])

	o := dataflow.JobConditionOptionsFromRun(rc)
	assert.Equal(t, *rc.ScriptPath, *o.ScriptPath)
	assert.Equal(t, *rc.Timeout, *o.Timeout)
	assert.Equal(t, "monday", (*o.Parameters)["day"])

	// The results share nothing with rc: changing them leaves the job as it was.
	*jc.NumWorker = 9
	(*jc.Parameters)["day"] = "friday"
	*o.ScriptPath = "elsewhere/"
	assert.Equal(t, 2, *rc.NumWorker)
	assert.Equal(t, "monday", (*rc.Parameters)["day"])
	assert.NotEqual(t, "elsewhere/", *rc.ScriptPath)

	assert.Equal(t, gen.JobCondition{}, dataflow.JobConditionFromRun(nil))
	assert.Equal(t, gen.JobConditionOptions{}, dataflow.JobConditionOptionsFromRun(nil))
}

// sentCondition decodes the jobCondition of the last PUT the fake received.
func sentCondition(t *testing.T, srv *dataflowtest.Server) map[string]any {
	t.Helper()
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	last := reqs[len(reqs)-1]
	require.Equal(t, "updateJobExecutionConfig", last.OperationID)
	var body struct {
		JobCondition map[string]any `json:"jobCondition"`
	}
	require.NoError(t, json.Unmarshal(last.Body, &body))
	return body.JobCondition
}

func TestEditJobExecutionConfigSendsTheStoredOptions(t *testing.T) {
	ctx := context.Background()
	srv, c := newFake(t)
	stored := seedCondition()
	stored.Parameters = &gen.ScriptParameters{"day": "monday"}
	_, err := c.UpdateJobExecutionConfig(ctx, dataflowtest.SeedJobID, stored)
	require.NoError(t, err)
	srv.Reset()

	job, err := c.EditJobExecutionConfig(ctx, dataflowtest.SeedJobID, func(jc *gen.JobCondition) {
		jc.NumWorker = dataflow.Ptr(6)
	})
	require.NoError(t, err)
	assert.Equal(t, 6, *job.RunCondition.NumWorker)

	reqs := srv.Requests()
	require.Len(t, reqs, 2, "one GET, one PUT")
	assert.Equal(t, "getJob", reqs[0].OperationID)
	sent := sentCondition(t, srv)
	assert.Equal(t, map[string]any{
		"workerType": "DEFAULT", "numWorker": 6.0, "timeout": 120.0,
		"nrn": stored.Nrn, "scriptPath": stored.ScriptPath, "logPath": stored.LogPath,
		"parameters": map[string]any{"day": "monday"},
	}, sent)
}

func TestUpdateJobExecutionOptionsChangesOnlyWhatIsSet(t *testing.T) {
	ctx := context.Background()
	srv, c := newFake(t)
	stored := seedCondition()
	_, err := c.UpdateJobExecutionConfig(ctx, dataflowtest.SeedJobID, stored)
	require.NoError(t, err)
	srv.Reset()

	_, err = c.UpdateJobExecutionOptions(ctx, dataflowtest.SeedJobID, gen.JobCondition{NumWorker: dataflow.Ptr(4), LogPath: "other/logs/"})
	require.NoError(t, err)
	sent := sentCondition(t, srv)
	assert.Equal(t, 4.0, sent["numWorker"])
	assert.Equal(t, "other/logs/", sent["logPath"])
	assert.Equal(t, stored.Nrn, sent["nrn"])
	assert.Equal(t, stored.ScriptPath, sent["scriptPath"])
	assert.Equal(t, 120.0, sent["timeout"])
}

func TestEditJobExecutionConfigRefusals(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		call  func(c *dataflow.Client) error
		field string
		says  string
		sent  int // requests that reach the fake: 1 when only the GET went out
	}{
		{name: "the seed job's empty nrn", sent: 1, field: "jobCondition.nrn", says: "the job's stored value",
			call: func(c *dataflow.Client) error {
				_, err := c.EditJobExecutionConfig(ctx, dataflowtest.SeedJobID, func(jc *gen.JobCondition) { jc.NumWorker, jc.Timeout = dataflow.Ptr(4), dataflow.Ptr(60) })
				return err
			}},
		{name: "the seed job's timeout above the maximum", sent: 1, field: "jobCondition.timeout", says: "(got 2880); this is the job's stored value",
			call: func(c *dataflow.Client) error {
				_, err := c.EditJobExecutionConfig(ctx, dataflowtest.SeedJobID, func(jc *gen.JobCondition) { jc.Nrn = "nrn:PUB:IAM::1:Role/r" })
				return err
			}},
		{name: "a bad value the edit set", sent: 1, field: "jobCondition.numWorker", says: "must be between",
			call: func(c *dataflow.Client) error {
				_, err := c.EditJobExecutionConfig(ctx, dataflowtest.SeedJobID, func(jc *gen.JobCondition) {
					jc.Nrn, jc.Timeout, jc.NumWorker = "nrn:PUB:IAM::1:Role/r", dataflow.Ptr(60), dataflow.Ptr(40)
				})
				return err
			}},
		{name: "nil edit", field: "edit", says: "must not be nil",
			call: func(c *dataflow.Client) error {
				_, err := c.EditJobExecutionConfig(ctx, dataflowtest.SeedJobID, nil)
				return err
			}},
		{name: "bad job id", field: "jobId", says: "must not",
			call: func(c *dataflow.Client) error {
				_, err := c.EditJobExecutionConfig(ctx, "../jobs", func(*gen.JobCondition) {})
				return err
			}},
		{name: "a change out of range is refused before the GET", field: "jobCondition.numWorker", says: "must be between",
			call: func(c *dataflow.Client) error {
				_, err := c.UpdateJobExecutionOptions(ctx, dataflowtest.SeedJobID, gen.JobCondition{NumWorker: dataflow.Ptr(11)})
				return err
			}},
		{name: "a blank path is refused before the GET", field: "jobCondition.logPath", says: "blank",
			call: func(c *dataflow.Client) error {
				_, err := c.UpdateJobExecutionOptions(ctx, dataflowtest.SeedJobID, gen.JobCondition{LogPath: "  "})
				return err
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := newFake(t)
			err := tc.call(c)
			var ie *dataflow.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, "updateJobExecutionConfig", ie.Operation)
			assert.Equal(t, tc.field, ie.Field)
			assert.Contains(t, ie.Reason, tc.says)
			reqs := srv.Requests()
			require.Len(t, reqs, tc.sent)
			for _, r := range reqs {
				assert.Equal(t, "getJob", r.OperationID, "no PUT may be sent")
			}
		})
	}
}
