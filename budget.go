package dataflow

import (
	"errors"
	"net"
	"sync"
)

// ErrRetryBudgetExhausted is matched (with errors.Is) by the error of a call
// whose retry was due but not made because the client's retry budget was
// empty: the service has been failing for many calls in a row.
var ErrRetryBudgetExhausted = errors.New("dataflow: retry budget exhausted")

// RetryBudget is a token bucket shared by every call of one Client, so that
// a service that keeps failing is not sent several requests per call: each
// retry takes tokens, an answer that needs no retry gives some back, and
// when the bucket is empty a call gets one attempt only. It does not limit
// first attempts.
//
// With the default (500 tokens, 5 a retry, 10 a retry after a timeout, 1
// back per answer), a dead service sees about 100 retries in all, then one
// request per call; a healthy one never notices the budget.
//
// The zero RetryBudget switches the budget off: every call retries as its
// RetryPolicy says.
type RetryBudget struct {
	// Capacity is how many tokens the bucket starts with and holds at most;
	// 0 switches the budget off.
	Capacity int
	// RetryCost is taken for each retry.
	RetryCost int
	// TimeoutCost is taken instead for a retry after an attempt that timed
	// out (an *AttemptTimeoutError or a network timeout), which costs the
	// service and the caller more.
	TimeoutCost int
	// SuccessRefund is given back for an answer that needed no retry. An
	// answer after retries gives back what its last retry took.
	SuccessRefund int
}

// DefaultRetryBudget returns what New uses unless told otherwise:
// capacity 500, 5 a retry, 10 a retry after a timeout, 1 back per answer.
func DefaultRetryBudget() RetryBudget {
	return RetryBudget{Capacity: 500, RetryCost: 5, TimeoutCost: 10, SuccessRefund: 1}
}

// tokenBucket is a RetryBudget's state. A nil *tokenBucket has no budget:
// every retry is allowed.
type tokenBucket struct {
	b      RetryBudget
	mu     sync.Mutex
	tokens int
}

func newTokenBucket(b RetryBudget) *tokenBucket {
	if b.Capacity <= 0 {
		return nil
	}
	return &tokenBucket{b: b, tokens: b.Capacity}
}

// cost is what a retry after err costs.
func (tb *tokenBucket) cost(err error) int {
	var ne net.Error
	if errors.As(err, new(*AttemptTimeoutError)) || (errors.As(err, &ne) && ne.Timeout()) {
		return tb.b.TimeoutCost
	}
	return tb.b.RetryCost
}

// take removes n tokens, or reports false and removes none.
func (tb *tokenBucket) take(n int) bool {
	if tb == nil {
		return true
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if tb.tokens < n {
		return false
	}
	tb.tokens -= n
	return true
}

// give returns n tokens, up to the capacity.
func (tb *tokenBucket) give(n int) {
	if tb == nil {
		return
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.tokens = min(tb.tokens+n, tb.b.Capacity)
}

// budgetError is the last attempt's error when the retry it called for was
// not made for lack of tokens.
type budgetError struct{ err error }

func (e *budgetError) Error() string {
	return e.err.Error() + " (not retried: the client's retry budget is exhausted)"
}

func (e *budgetError) Unwrap() []error { return []error{e.err, ErrRetryBudgetExhausted} }
