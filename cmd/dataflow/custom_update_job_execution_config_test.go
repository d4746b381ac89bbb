package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --num-worker alone: one GET, then a PUT carrying every stored option with
// the number of workers changed, which the fake validates against the spec.
func TestUpdateJobExecutionConfigNumWorkerAlone(t *testing.T) {
	f := newFixture(t)
	full := []string{"update-job-execution-config", "--job-id", seed, "--nrn", exampleNRN,
		"--script-path", "bucket/scripts/", "--log-path", "bucket/logs/", "--timeout", "90"}
	r := f.inProcess("", full...)
	require.Equal(t, exitOK, r.code, "%s", r)
	require.Len(t, f.srv.Requests(), 1, "all three path flags: the PUT alone")
	f.srv.Reset()

	r = f.inProcess("", "update-job-execution-config", "--job-id", seed, "--num-worker", "4", "--output", "json")
	require.Equal(t, exitOK, r.code, "%s", r)
	reqs := f.srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "getJob", reqs[0].OperationID)
	put := reqs[1]
	assert.Equal(t, "updateJobExecutionConfig", put.OperationID)
	assert.Equal(t, 200, put.Status)
	assert.NoError(t, put.ValidationErr)
	var body struct {
		JobCondition map[string]any `json:"jobCondition"`
	}
	require.NoError(t, json.Unmarshal(put.Body, &body))
	assert.Equal(t, map[string]any{
		"numWorker": 4.0, "timeout": 90.0, "nrn": exampleNRN, "workerType": "DEFAULT",
		"scriptPath": "bucket/scripts/", "logPath": "bucket/logs/",
	}, body.JobCondition)
	// What is printed is the PUT's answer.
	var job struct {
		RunCondition map[string]any `json:"runCondition"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &job))
	assert.Equal(t, 4.0, job.RunCondition["numWorker"])
}

// The seed job reports an empty nrn: the command says which flag to give,
// and sends no PUT.
func TestUpdateJobExecutionConfigStoredValueRefused(t *testing.T) {
	f := newFixture(t)
	r := f.inProcess("", "update-job-execution-config", "--job-id", seed, "--num-worker", "4", "--timeout", "60")
	requireUsageError(t, r, "--nrn must not be empty")
	assert.Contains(t, r.stderr, "the job's stored value")
	assert.Contains(t, r.stderr, "give --nrn")
	reqs := f.srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "getJob", reqs[0].OperationID)
}
