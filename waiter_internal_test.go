package dataflow

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// The delays grow by half from min, stop at max, and are jittered down by
// a fifth at most.
func TestWaitDelaysGrowJitterAndCap(t *testing.T) {
	cfg, err := newWaitConfig([]WaitOption{WithPollDelay(time.Second, 4*time.Second)})
	require.NoError(t, err)
	cfg.rand = func(int64) int64 { return 0 }
	var got []time.Duration
	for n := 1; n <= 6; n++ {
		got = append(got, cfg.delay(n))
	}
	assert.Equal(t, []time.Duration{time.Second, 1500 * time.Millisecond, 2250 * time.Millisecond, 3375 * time.Millisecond, 4 * time.Second, 4 * time.Second}, got)

	cfg.rand = func(n int64) int64 { return n - 1 } // the most jitter
	assert.Equal(t, 4*time.Second-800*time.Millisecond+1, cfg.delay(9))
}

// A status the spec does not know is waited on, not taken as the end; the
// wait sleeps its delays on its own clock and stops at the deadline.
func TestWaitGoesOnThroughAnUnknownStatusAndStopsAtTheDeadline(t *testing.T) {
	cfg, err := newWaitConfig([]WaitOption{WithPollDelay(time.Second, time.Second), WithWaitTimeout(10 * time.Second)})
	require.NoError(t, err)
	now := time.Date(2025, 3, 20, 4, 0, 0, 0, time.UTC)
	cfg.now = func() time.Time { return now }
	cfg.rand = func(int64) int64 { return 0 }
	var slept []time.Duration
	cfg.sleep = func(_ context.Context, d time.Duration) error {
		slept = append(slept, d)
		now = now.Add(d)
		return nil
	}
	statuses := []gen.ExecutionStatus{"READY", "PAUSED", "PAUSED", "COMPLETED"}
	polls := 0
	e, err := cfg.wait(t.Context(), "j", "e", func(context.Context) (*gen.JobExecution, error) {
		s := statuses[min(polls, len(statuses)-1)]
		polls++
		return &gen.JobExecution{JobID: "j", JobExecutionID: "e", Status: &s}, nil
	})
	require.NoError(t, err)
	assert.Equal(t, gen.ExecutionStatus("COMPLETED"), *e.Status)
	assert.Equal(t, 4, polls)
	assert.Equal(t, []time.Duration{time.Second, time.Second, time.Second}, slept)

	// Never ending: it stops before a delay would pass the 10 s limit.
	slept, polls = nil, 0
	statuses = []gen.ExecutionStatus{"RUNNING"}
	_, err = cfg.wait(t.Context(), "j", "e", func(context.Context) (*gen.JobExecution, error) {
		polls++
		return &gen.JobExecution{JobID: "j", JobExecutionID: "e", Status: &statuses[0]}, nil
	})
	var te *WaitTimeoutError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 11, polls, "a poll at 0 s, then one a second up to 10 s")
	assert.LessOrEqual(t, te.Elapsed, 10*time.Second)
}

// Transient is the client's retry classification: 429 and 5xx statuses and
// broken connections, never a refusal, a context end or a failure to sign.
func TestTransientClassification(t *testing.T) {
	ctx := t.Context()
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&APIError{StatusCode: http.StatusServiceUnavailable}, true},
		{&APIError{StatusCode: http.StatusTooManyRequests}, true},
		{&APIError{StatusCode: http.StatusNotFound}, false},
		{&APIError{StatusCode: http.StatusOK, Err: errors.New("bad json")}, false},
		{&OperationError{Err: errors.New("connection reset by peer")}, true},
		{&OperationError{Err: context.DeadlineExceeded}, false},
		{&OperationError{Err: permanentError{errors.New("no")}}, false},
		{errors.New("something else"), false},
	} {
		assert.Equal(t, c.want, transient(ctx, c.err), "%v", c.err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	assert.False(t, transient(done, &APIError{StatusCode: http.StatusServiceUnavailable}), "never once the context ended")
}
