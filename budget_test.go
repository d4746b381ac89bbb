package dataflow_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
)

// deadService answers 503 to everything, counting requests; while ok is
// set it answers 200 with a job instead.
func deadService(t *testing.T) (srv *httptest.Server, requests *atomic.Int64, ok *atomic.Bool) {
	requests, ok = new(atomic.Int64), new(atomic.Bool)
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if ok.Load() {
			_, _ = w.Write([]byte(`{"jobId":"j1","name":"job_one"}`))
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"errorType":"unavailable","detail":"down"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, requests, ok
}

// TestRetryBudgetBoundsLoadOnADeadService: 50 goroutines × 20 calls against
// a service that only answers 503. Without a budget that is 4 requests a
// call (4,000); with the default budget (500 tokens, 5 a retry) it is at
// most one request a call plus 100 retries.
func TestRetryBudgetBoundsLoadOnADeadService(t *testing.T) {
	const goroutines, calls = 50, 20
	srv, requests, _ := deadService(t)
	fake := dataflowtest.NewServer(dataflowtest.WithT(t))
	c := clientFor(t, srv.URL, fake) // fastRetries: 3 retries, 1-5 ms
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	var exhausted, apiErrors atomic.Int64
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				_, err := c.GetJob(ctx, "j1")
				var apiErr *dataflow.APIError
				if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusServiceUnavailable {
					apiErrors.Add(1)
				}
				if errors.Is(err, dataflow.ErrRetryBudgetExhausted) {
					exhausted.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	budget := dataflow.DefaultRetryBudget()
	total := requests.Load()
	t.Logf("%d calls sent %d requests (%.2f a call); %d calls ended with the budget exhausted",
		goroutines*calls, total, float64(total)/float64(goroutines*calls), exhausted.Load())
	assert.Equal(t, int64(goroutines*calls), apiErrors.Load(), "every call ends in the 503")
	assert.LessOrEqual(t, total, int64(goroutines*calls+budget.Capacity/budget.RetryCost))
	assert.GreaterOrEqual(t, exhausted.Load(), int64(goroutines*calls-budget.Capacity/budget.RetryCost))

	// Once empty, one request per call, and the error says why.
	before := requests.Load()
	_, err := c.GetJob(ctx, "j1")
	assert.Equal(t, before+1, requests.Load())
	require.ErrorIs(t, err, dataflow.ErrRetryBudgetExhausted)
	assert.Contains(t, err.Error(), "retry budget is exhausted")
	var apiErr *dataflow.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.True(t, apiErr.Temporary())
}

// TestRetryBudgetRefundsAndCanBeSwitchedOff: answers give tokens back, so
// retries resume once the service answers again; RetryBudget{} switches
// the budget off.
func TestRetryBudgetRefundsAndCanBeSwitchedOff(t *testing.T) {
	ctx := context.Background()
	srv, requests, ok := deadService(t)
	fake := dataflowtest.NewServer(dataflowtest.WithT(t))

	small := dataflow.RetryBudget{Capacity: 10, RetryCost: 5, TimeoutCost: 10, SuccessRefund: 1}
	c := clientFor(t, srv.URL, fake, dataflow.WithRetryBudget(small))
	_, err := c.GetJob(ctx, "j1") // 2 retries empty the bucket
	require.ErrorIs(t, err, dataflow.ErrRetryBudgetExhausted)
	assert.Equal(t, int64(3), requests.Load())

	ok.Store(true)
	for range 5 { // five answers give back five tokens: one retry
		_, err := c.GetJob(ctx, "j1")
		require.NoError(t, err)
	}
	ok.Store(false)
	requests.Store(0)
	_, err = c.GetJob(ctx, "j1")
	require.ErrorIs(t, err, dataflow.ErrRetryBudgetExhausted)
	assert.Equal(t, int64(2), requests.Load(), "one retry was paid for by the refunds")

	off := clientFor(t, srv.URL, fake, dataflow.WithRetryBudget(dataflow.RetryBudget{}))
	for range 5 {
		requests.Store(0)
		_, err := off.GetJob(ctx, "j1")
		require.NotErrorIs(t, err, dataflow.ErrRetryBudgetExhausted)
		assert.Equal(t, int64(4), requests.Load(), "without a budget every call retries")
	}

	_, err = dataflow.New(dataflow.WithRetryBudget(dataflow.RetryBudget{Capacity: -1}))
	assert.Error(t, err)
}

// TestRetryBudgetChargesTimeoutsMore: a retry after an attempt timeout
// costs TimeoutCost, and the connection error says the budget ran out.
func TestRetryBudgetChargesTimeoutsMore(t *testing.T) {
	url, accepted := silentListener(t)
	fake := dataflowtest.NewServer(dataflowtest.WithT(t))
	c := clientFor(t, url, fake,
		dataflow.WithAttemptTimeout(50*time.Millisecond),
		dataflow.WithRetryPolicy(dataflow.RetryPolicy{MaxRetries: 5, BaseBackoff: time.Millisecond, MaxBackoff: time.Millisecond}),
		dataflow.WithRetryBudget(dataflow.RetryBudget{Capacity: 20, RetryCost: 5, TimeoutCost: 10, SuccessRefund: 1}))
	_, err := c.GetJob(context.Background(), "j1")
	require.ErrorIs(t, err, dataflow.ErrRetryBudgetExhausted, "%v", err)
	require.ErrorAs(t, err, new(*dataflow.AttemptTimeoutError))
	var oe *dataflow.OperationError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, 3, oe.Attempts, "20 tokens pay for two retries after timeouts, not four")
	assert.Equal(t, int64(3), accepted.Load())
}
