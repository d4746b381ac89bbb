package dataflow_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// fast keeps wait tests quick, and bounded should a test's execution never
// end.
func fast(more ...dataflow.WaitOption) []dataflow.WaitOption {
	return append([]dataflow.WaitOption{dataflow.WithPollDelay(2*time.Millisecond, 5*time.Millisecond), dataflow.WithWaitTimeout(10 * time.Second)}, more...)
}

// newWaitFake starts a fake with srvOpts and a client for it that does not
// retry by itself (so that the waiter's own handling of errors shows).
func newWaitFake(t *testing.T, srvOpts ...dataflowtest.Option) (*dataflowtest.Server, *dataflow.Client) {
	t.Helper()
	srv := dataflowtest.NewServer(append([]dataflowtest.Option{dataflowtest.WithT(t)}, srvOpts...)...)
	c, err := dataflow.New(dataflow.WithEndpoint(srv.URL), dataflow.WithStaticCredentials(srv.AccessKey, srv.SecretKey), dataflow.WithRetries(0))
	require.NoError(t, err)
	return srv, c
}

func startExecution(t *testing.T, c *dataflow.Client) *gen.JobExecution {
	t.Helper()
	e, err := c.CreateJobExecution(t.Context(), dataflowtest.SeedJobID, nil, gen.CreateJobExecutionRequest{})
	require.NoError(t, err)
	return e
}

func countOp(srv *dataflowtest.Server, op string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.OperationID == op {
			n++
		}
	}
	return n
}

// The wait follows the execution through READY and RUNNING to COMPLETED,
// telling the observer of each change, and returns the final answer.
func TestWaitJobExecutionCompletes(t *testing.T) {
	// The fake's clock moves a minute after each poll: READY, RUNNING,
	// then COMPLETED, however slow the machine (the signatures stay within
	// the 5-minute window).
	clock := dataflowtest.NewManualClock(time.Now())
	_, c := newWaitFake(t, dataflowtest.WithClock(clock.Now), dataflowtest.WithExecutionTimes(time.Minute, time.Minute))
	var changes []string
	var polls int
	e, err := c.CreateJobExecutionAndWait(t.Context(), dataflowtest.SeedJobID, nil, gen.CreateJobExecutionRequest{}, fast(
		dataflow.WithWaitObserver(func(ev dataflow.WaitEvent) {
			polls = ev.Poll
			if ev.Changed {
				changes = append(changes, string(*ev.Execution.Status))
			}
			clock.Advance(time.Minute)
		}))...)
	require.NoError(t, err)
	assert.Equal(t, gen.ExecutionStatusCOMPLETED, *e.Status)
	assert.NotNil(t, e.EndDate)
	assert.Equal(t, []string{"READY", "RUNNING", "COMPLETED"}, changes)
	assert.Equal(t, 3, polls)
}

// FAILED and CANCELED end the wait with an *ExecutionFailedError that
// carries the execution.
func TestWaitJobExecutionFailedAndCanceled(t *testing.T) {
	srv, c := newWaitFake(t)
	failed := startExecution(t, c)
	require.NoError(t, srv.SetExecutionStatus(dataflowtest.SeedJobID, failed.JobExecutionID, gen.ExecutionStatusFAILED))
	e, err := c.WaitJobExecution(t.Context(), dataflowtest.SeedJobID, failed.JobExecutionID, fast()...)
	require.ErrorIs(t, err, dataflow.ErrExecutionFailed)
	var fe *dataflow.ExecutionFailedError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, gen.ExecutionStatusFAILED, *fe.Execution.Status)
	assert.Equal(t, fe.Execution, e, "the execution is returned as well")
	assert.Contains(t, err.Error(), "ended FAILED")

	canceled := startExecution(t, c)
	require.NoError(t, c.CancelJobExecution(t.Context(), dataflowtest.SeedJobID, canceled.JobExecutionID))
	_, err = c.WaitJobExecution(t.Context(), dataflowtest.SeedJobID, canceled.JobExecutionID, fast()...)
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, gen.ExecutionStatusCANCELED, *fe.Execution.Status)
}

// Transient failures (503s here, with the client's own retries off) are
// polled through, up to the limit in a row; the observer sees them.
func TestWaitJobExecutionRidesOutTransientErrors(t *testing.T) {
	srv, c := newWaitFake(t)
	e := startExecution(t, c)
	require.NoError(t, srv.SetExecutionStatus(dataflowtest.SeedJobID, e.JobExecutionID, gen.ExecutionStatusCOMPLETED))
	srv.InjectFault(dataflowtest.Status(http.StatusServiceUnavailable, 3).For("getJobExecution"))
	var seen []error
	got, err := c.WaitJobExecution(t.Context(), dataflowtest.SeedJobID, e.JobExecutionID, fast(
		dataflow.WithMaxTransientErrors(3), dataflow.WithWaitObserver(func(ev dataflow.WaitEvent) {
			if ev.Err != nil {
				seen = append(seen, ev.Err)
			}
		}))...)
	require.NoError(t, err)
	assert.Equal(t, gen.ExecutionStatusCOMPLETED, *got.Status)
	require.Len(t, seen, 3)
	var api *dataflow.APIError
	require.ErrorAs(t, seen[0], &api)
	assert.Equal(t, http.StatusServiceUnavailable, api.StatusCode)

	// One more in a row than allowed: the wait returns the error.
	srv.InjectFault(dataflowtest.Status(http.StatusServiceUnavailable, 3).For("getJobExecution"))
	_, err = c.WaitJobExecution(t.Context(), dataflowtest.SeedJobID, e.JobExecutionID, fast(dataflow.WithMaxTransientErrors(2))...)
	require.ErrorAs(t, err, &api)
	assert.Equal(t, http.StatusServiceUnavailable, api.StatusCode)
}

// An error no retry mends (an unknown execution) ends the wait at the
// first poll.
func TestWaitJobExecutionStopsOnPermanentError(t *testing.T) {
	srv, c := newWaitFake(t)
	_, err := c.WaitJobExecution(t.Context(), dataflowtest.SeedJobID, "noSuchExec01", fast()...)
	var api *dataflow.APIError
	require.ErrorAs(t, err, &api)
	assert.Equal(t, http.StatusNotFound, api.StatusCode)
	assert.Equal(t, 1, countOp(srv, "getJobExecution"))
}

// Every wait is bounded: by WithWaitTimeout, by WithMaxPolls and by the
// context, each giving a *WaitTimeoutError with the last execution seen.
func TestWaitJobExecutionIsBounded(t *testing.T) {
	srv, c := newWaitFake(t) // executions never move on their own
	e := startExecution(t, c)

	t0 := time.Now()
	got, err := c.WaitJobExecution(t.Context(), dataflowtest.SeedJobID, e.JobExecutionID, fast(dataflow.WithWaitTimeout(60*time.Millisecond))...)
	require.ErrorIs(t, err, dataflow.ErrWaitTimeout)
	assert.Less(t, time.Since(t0), 5*time.Second)
	var te *dataflow.WaitTimeoutError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, gen.ExecutionStatusREADY, *te.Execution.Status)
	assert.Equal(t, te.Execution, got)
	assert.Contains(t, err.Error(), "last status READY")

	before := countOp(srv, "getJobExecution")
	_, err = c.WaitJobExecution(t.Context(), dataflowtest.SeedJobID, e.JobExecutionID, fast(dataflow.WithMaxPolls(3))...)
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 3, te.Polls)
	assert.Equal(t, 3, countOp(srv, "getJobExecution")-before, "exactly three polls were sent")

	ctx, cancel := context.WithTimeout(t.Context(), 40*time.Millisecond)
	defer cancel()
	_, err = c.WaitJobExecution(ctx, dataflowtest.SeedJobID, e.JobExecutionID, fast()...)
	require.ErrorIs(t, err, dataflow.ErrWaitTimeout)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// Bad arguments are refused before anything is sent.
func TestWaitJobExecutionRefusesBadInput(t *testing.T) {
	srv, c := newWaitFake(t)
	for _, tc := range []struct {
		jobID, execID string
		opts          []dataflow.WaitOption
		field         string
	}{
		{"", "x", nil, "jobId"},
		{dataflowtest.SeedJobID, "", nil, "executionId"},
		{dataflowtest.SeedJobID, "x", []dataflow.WaitOption{dataflow.WithPollDelay(0, time.Second)}, "WithPollDelay"},
		{dataflowtest.SeedJobID, "x", []dataflow.WaitOption{dataflow.WithPollDelay(2*time.Second, time.Second)}, "WithPollDelay"},
		{dataflowtest.SeedJobID, "x", []dataflow.WaitOption{dataflow.WithWaitTimeout(-time.Second)}, "WithWaitTimeout"},
		{dataflowtest.SeedJobID, "x", []dataflow.WaitOption{dataflow.WithMaxPolls(0)}, "WithMaxPolls"},
		{dataflowtest.SeedJobID, "x", []dataflow.WaitOption{dataflow.WithMaxTransientErrors(-1)}, "WithMaxTransientErrors"},
		{dataflowtest.SeedJobID, "x", []dataflow.WaitOption{nil}, "options"},
	} {
		_, err := c.WaitJobExecution(t.Context(), tc.jobID, tc.execID, tc.opts...)
		var ie *dataflow.InputError
		require.ErrorAs(t, err, &ie, tc.field)
		assert.Equal(t, tc.field, ie.Field)
	}
	_, err := c.CreateJobExecutionAndWait(t.Context(), dataflowtest.SeedJobID, nil, gen.CreateJobExecutionRequest{}, dataflow.WithMaxPolls(0))
	require.ErrorIs(t, err, dataflow.ErrInvalidInput)
	assert.Empty(t, srv.Requests(), "nothing was sent, no execution started")
}

// The terminal statuses are the spec's: exactly the ExecutionStatus values
// its x-terminal extension lists, COMPLETED the only success.
func TestTerminalStatusesComeFromTheSpec(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(dataflow.OpenAPISpec())
	require.NoError(t, err)
	schema := doc.Components.Schemas["ExecutionStatus"].Value
	terminal, ok := schema.Extensions["x-terminal"].(map[string]any)
	require.True(t, ok, "ExecutionStatus has an x-terminal map")
	var listed []gen.ExecutionStatus
	for _, v := range schema.Enum {
		s := gen.ExecutionStatus(v.(string))
		done, succeeded := dataflow.ExecutionFinished(s)
		outcome, isTerminal := terminal[string(s)]
		assert.Equal(t, isTerminal, done, "%s", s)
		assert.Equal(t, outcome == "succeeded", succeeded, "%s", s)
		if isTerminal {
			listed = append(listed, s)
		}
	}
	assert.Equal(t, listed, dataflow.TerminalStatuses())
	done, _ := dataflow.ExecutionFinished("PAUSED")
	assert.False(t, done, "a status the spec does not know is still on the way")
	assert.False(t, errors.Is(nil, dataflow.ErrExecutionFailed))
}
