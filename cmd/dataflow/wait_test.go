package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// waitEnv is the environment of a command talking to fs.
func waitEnv(t *testing.T, fs *fakeServer) map[string]string {
	return map[string]string{
		"HOME": t.TempDir(), "NCLOUD_ACCESS_KEY_ID": fs.accessKey, "NCLOUD_SECRET_ACCESS_KEY": fs.secretKey,
		EnvEndpoint: fs.url,
	}
}

// create-job-execution --wait against fake-server --execution-times prints
// the final execution, COMPLETED, exactly as the service sent it, and tells
// stderr about each status.
func TestCreateJobExecutionWaitCompletes(t *testing.T) {
	fs := startFakeServer(t, nil, "--execution-times", "100ms,100ms")
	env := waitEnv(t, fs)
	r := runInProcess(t, env, "", []string{fs.secretKey}, "--output", "json", "create-job-execution",
		"--job-id", dataflowtest.SeedJobID, "--wait", "--poll-delay", "5ms")
	require.Equal(t, exitOK, r.code, "%s", r)
	var e map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &e), r.stdout)
	assert.Equal(t, "COMPLETED", e["status"])
	assert.Contains(t, e, "endDate")
	// Which of READY and RUNNING a poll catches depends on the machine's
	// speed (waiter_test.go checks every change on a manual clock); the end
	// is always reported.
	assert.Contains(t, r.stderr, "execution "+e["jobExecutionId"].(string)+": COMPLETED after ", "status changes go to stderr")
	assert.NotContains(t, r.stdout, "after", "progress stays off stdout")

	// Without --wait it prints the new execution at once.
	r = runInProcess(t, env, "", nil, "--output", "json", "create-job-execution", "--job-id", dataflowtest.SeedJobID)
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Contains(t, r.stdout, `"status": "READY"`)
	assert.Empty(t, r.stderr)
}

// A FAILED execution is printed, then reported, with exit status 1; a wait
// that reaches its limit exits 1 naming it.
func TestWaitJobExecutionCommandFailureAndTimeout(t *testing.T) {
	fs := startFakeServer(t, nil)
	env := waitEnv(t, fs)
	c := fs.client(t, fs.secretKey)
	failed, err := c.CreateJobExecution(t.Context(), dataflowtest.SeedJobID, nil, gen.CreateJobExecutionRequest{})
	require.NoError(t, err)
	admin := fs.url + "/_fake/jobs/" + dataflowtest.SeedJobID + "/executions/" + failed.JobExecutionID + "/status"
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPut, admin, strings.NewReader(`{"status":"FAILED"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	r := runInProcess(t, env, "", nil, "wait-job-execution", "--job-id", dataflowtest.SeedJobID, "--execution-id", failed.JobExecutionID)
	assert.Equal(t, exitError, r.code, "%s", r)
	assert.Contains(t, r.stdout, "status=FAILED")
	assert.Contains(t, r.stderr, "ended FAILED")

	running, err := c.CreateJobExecution(t.Context(), dataflowtest.SeedJobID, nil, gen.CreateJobExecutionRequest{})
	require.NoError(t, err)
	r = runInProcess(t, env, "", nil, "wait-job-execution", "--job-id", dataflowtest.SeedJobID, "--execution-id", running.JobExecutionID,
		"--wait-timeout", "60ms", "--poll-delay", "5ms")
	assert.Equal(t, exitError, r.code, "%s", r)
	assert.Contains(t, r.stderr, "gave up waiting")
	assert.Contains(t, r.stderr, "last status READY")
	assert.Empty(t, r.stdout)
}

func TestWaitFlagsRefuseBadInput(t *testing.T) {
	fs := startFakeServer(t, nil)
	env := waitEnv(t, fs)
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"create-job-execution", "--job-id", "j", "--wait-timeout", "5m"}, "need --wait"},
		{[]string{"create-job-execution", "--job-id", "j", "--wait", "--wait-timeout", "soon"}, "not a positive duration"},
		{[]string{"create-job-execution", "--job-id", "j", "--wait", "--poll-delay", "-1s"}, "not a positive duration"},
		{[]string{"create-job-execution", "--job-id", "j", "--wait", "--wait-timeout"}, "needs a duration"},
		{[]string{"create-job-execution", "--job-id", "j", "--wait=maybe"}, "--wait takes no value"},
		{[]string{"wait-job-execution", "--job-id", "j", "--execution-id", "e", "--wait"}, "always waits"},
		{[]string{"wait-job-execution", "--job-id", "j"}, "--execution-id"},
		{[]string{"get-job", "--job-id", "j", "--wait"}, "--wait"},
	} {
		r := runInProcess(t, env, "", nil, c.args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", c.args, r)
		assert.Contains(t, r.stderr, c.says, "%v", c.args)
	}
	var reqs struct{ Total int }
	getJSON(t, http.MethodGet, fs.url+"/_fake/requests", &reqs)
	assert.Zero(t, reqs.Total, "nothing was sent")

	r := runInProcess(t, env, "", nil, "wait-job-execution", "--help")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "--wait-timeout")
	r = runInProcess(t, env, "", nil, "help", "wait-job-execution")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "--poll-delay")
}

// Interrupted while waiting, the command says so and exits 130, printing
// no execution.
func TestWaitIsInterruptible(t *testing.T) {
	fs := startFakeServer(t, nil) // executions never end on their own
	env := waitEnv(t, fs)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"create-job-execution", "--job-id", dataflowtest.SeedJobID, "--wait", "--poll-delay", "5ms"},
			func(k string) (string, bool) { v, ok := env[k]; return v, ok }, strings.NewReader(""), stdout, stderr)
	}()
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "READY after") }, 10*time.Second, 5*time.Millisecond)
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitInterrupted, code, "stderr: %s", stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("the wait did not end when interrupted")
	}
	assert.True(t, strings.HasSuffix(stderr.String(), "dataflow: create-job-execution: interrupted\n"), stderr.String())
	assert.Empty(t, stdout.String())
}
