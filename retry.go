package dataflow

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// RetryPolicy says which failed attempts are tried again, and when.
//
// A request is retried on a connection error, a truncated response, or a
// 429, 500, 502, 503 or 504 status, when its method is idempotent (GET, PUT,
// DELETE, HEAD, OPTIONS) or RetryNonIdempotent is set. The wait before retry
// n (1-based) is a random duration in [0, min(MaxBackoff, BaseBackoff·2ⁿ⁻¹))
// ("full jitter"), lengthened to the response's Retry-After when it names a
// longer one (Retry-After never shortens it: "0" keeps the backoff). The
// context always wins: a retry whose wait would outlast the context's
// deadline is not attempted, and the last outcome is returned at once.
// Retries also draw on the client's RetryBudget.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt; 0 sends
	// each request once.
	MaxRetries int
	// BaseBackoff and MaxBackoff shape the exponential backoff.
	BaseBackoff time.Duration
	MaxBackoff  time.Duration
	// RetryNonIdempotent retries POST and PATCH too. Off by default: a
	// retried createJobExecution may start a job twice.
	RetryNonIdempotent bool
	// MaxRetryAfter is the longest Retry-After the client waits out by
	// itself. An answer asking for a longer wait is returned at once, so the
	// caller decides (a quota reset an hour away should not block a call for
	// an hour). Zero means no limit other than the context's deadline.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy returns what New uses unless told otherwise: 3
// retries, backoff from 200 ms up to 10 s, Retry-After waited out up to a
// minute.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxRetries:    3,
		BaseBackoff:   200 * time.Millisecond,
		MaxBackoff:    10 * time.Second,
		MaxRetryAfter: time.Minute,
	}
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// callState travels in a request's context from the client's methods to
// the transport, which counts the attempts it makes.
type callState struct {
	op        string // operationId, for errors raised below the typed methods
	attempts  atomic.Int32
	budgetOut atomic.Bool                  // a retry was due but the retry budget was empty
	signed    atomic.Pointer[http.Request] // the attempt as signed, for observers
}

type callStateKey struct{}

func withCallState(ctx context.Context, op string) (context.Context, *callState) {
	st := &callState{op: op}
	return context.WithValue(ctx, callStateKey{}, st), st
}

// stateOf is the callState of the call that got resp, or nil.
func stateOf(resp *http.Response) *callState {
	if resp == nil || resp.Request == nil {
		return nil
	}
	st, _ := resp.Request.Context().Value(callStateKey{}).(*callState)
	return st
}

func attemptsOf(resp *http.Response) int {
	if st := stateOf(resp); st != nil {
		return int(st.attempts.Load())
	}
	return 0
}

// permanentError marks a failure that no retry can mend (missing
// credentials, a request that cannot be signed).
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// notSent reports an error the signing layer returned before anything
// went on the wire: no or broken credentials, a request it cannot sign. No
// retry can mend those.
func notSent(err error) bool {
	return errors.Is(err, signing.ErrNoCredentials) || errors.Is(err, signing.ErrInvalidCredentials) ||
		errors.Is(err, signing.ErrInvalidRequest) || errors.Is(err, signing.ErrModifiedAfterSigning) ||
		errors.Is(err, signing.ErrHostNotAllowed) ||
		errors.As(err, new(*signing.SourceError)) || errors.As(err, new(*signing.ConfigError))
}

// requestPathProblem is the defence below the typed methods, for every
// request the client sends (Generated() and HTTPClient() included): it says
// why the URL's path must not be sent, or returns "". A dot segment ("." or
// "..", also percent-encoded) would reach another operation than the one
// built; an empty segment (a trailing "/" or "//") is what an empty or dot
// path parameter leaves once net/url has resolved it, as the generated code
// does (GET /api/v1/jobs/. becomes GET /api/v1/jobs/).
func requestPathProblem(u *url.URL) string {
	if u == nil {
		return "the request has no URL"
	}
	p := u.EscapedPath()
	if p == "" || p == "/" {
		return ""
	}
	for _, seg := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		for range 3 {
			if seg == "" {
				return "has an empty segment (an empty or dot path parameter?)"
			}
			if seg == "." || seg == ".." {
				return `has a "." or ".." segment`
			}
			d, err := url.PathUnescape(seg)
			if err != nil || d == seg {
				break
			}
			seg = d
		}
	}
	return ""
}

// retryTransport retries below the generated client and above the signer,
// so every attempt is signed afresh. It reads each response body in full,
// so that a truncated body can be retried like a dropped connection and the
// caller always gets either a whole body or an error.
type retryTransport struct {
	next    http.RoundTripper
	policy  RetryPolicy
	maxBody int64         // the largest body read (after decompression)
	timeout time.Duration // per attempt, headers and body; 0: none
	budget  *tokenBucket  // shared by the client's calls; nil: no budget
	// observers see every attempt (WithResponseHook, WithLogger).
	observers []func(*Attempt)
	sleep     func(ctx context.Context, d time.Duration) error
	rand      func(n int64) int64
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st, _ := ctx.Value(callStateKey{}).(*callState)
	if reason := requestPathProblem(req.URL); reason != "" {
		if req.Body != nil {
			req.Body.Close()
		}
		op := "request"
		if st != nil && st.op != "" {
			op = st.op
		}
		return nil, &InputError{Operation: op, Field: "URL path", Reason: reason + "; nothing was sent"}
	}
	canRetry := t.policy.MaxRetries > 0 && (idempotent(req.Method) || t.policy.RetryNonIdempotent)
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	if !replayable {
		canRetry = false // the body cannot be replayed
	}
	taken := 0 // tokens the last retry took from the budget
	for attempt := 1; ; attempt++ {
		if st != nil {
			st.attempts.Store(int32(attempt))
		}
		try := req
		if attempt > 1 {
			try = req.Clone(ctx)
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, permanentError{fmt.Errorf("replaying the request body: %w", err)}
				}
				try.Body = body
			}
		}
		start := time.Now()
		resp, err := t.attempt(try)
		if ctx.Err() != nil {
			t.observe(st, try, resp, ctx.Err(), start, false, "the context ended", 0)
			if resp != nil {
				resp.Body.Close()
			}
			return nil, ctx.Err()
		}
		retry := canRetry && attempt <= t.policy.MaxRetries
		var wait time.Duration
		switch {
		case err != nil:
			var perm permanentError
			if errors.As(err, &perm) || notSent(err) || errors.As(err, new(*ResponseTooLargeError)) {
				t.observe(st, try, nil, err, start, false, "cannot be mended by a retry", 0)
				return nil, err
			}
			if !retry {
				t.observe(st, try, nil, err, start, false, t.whyNot(req, attempt, replayable), 0)
				return nil, err
			}
			wait = t.backoff(attempt)
		case retryableStatus(resp.StatusCode) && retry:
			wait = t.backoff(attempt)
			if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
				if t.policy.MaxRetryAfter > 0 && d > t.policy.MaxRetryAfter {
					t.observe(st, try, resp, nil, start, false, "Retry-After is longer than MaxRetryAfter", 0)
					return resp, nil
				}
				wait = max(wait, d) // Retry-After lengthens the backoff, never shortens it
			}
		default:
			if !retryableStatus(resp.StatusCode) {
				// The service answered: give back to the budget.
				if taken > 0 {
					t.budget.give(taken)
				} else if t.budget != nil {
					t.budget.give(t.budget.b.SuccessRefund)
				}
			}
			why := ""
			if retryableStatus(resp.StatusCode) {
				why = t.whyNot(req, attempt, replayable)
			}
			t.observe(st, try, resp, nil, start, false, why, 0)
			return resp, nil
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			// Waiting would outlast the caller's deadline: report what
			// the last attempt got now rather than a bare timeout later.
			t.observe(st, try, resp, err, start, false, "the context's deadline comes before the next attempt", 0)
			if err != nil {
				return nil, err
			}
			return resp, nil
		}
		if t.budget != nil {
			taken = t.budget.cost(err)
			if !t.budget.take(taken) {
				if st != nil {
					st.budgetOut.Store(true)
				}
				t.observe(st, try, resp, err, start, false, "retry budget exhausted", 0)
				if err != nil {
					return nil, &budgetError{err}
				}
				return resp, nil
			}
		}
		t.observe(st, try, resp, err, start, true, retryWhy(resp, err), wait)
		if resp != nil {
			resp.Body.Close()
		}
		if serr := t.sleep(ctx, wait); serr != nil {
			return nil, serr
		}
	}
}

// attempt sends req once and reads its body, all within the attempt
// timeout when there is one.
func (t *retryTransport) attempt(req *http.Request) (*http.Response, error) {
	if t.timeout <= 0 {
		resp, err := t.next.RoundTrip(req)
		if err == nil {
			err = bufferBody(resp, t.maxBody)
		}
		return resp, err
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	defer cancel()
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err == nil {
		err = bufferBody(resp, t.maxBody)
	}
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) && req.Context().Err() == nil {
		return nil, &AttemptTimeoutError{After: t.timeout}
	}
	return resp, err
}

// backoff is the full-jitter exponential wait before retry number attempt.
func (t *retryTransport) backoff(attempt int) time.Duration {
	ceiling := t.policy.BaseBackoff
	for i := 1; i < attempt && ceiling < t.policy.MaxBackoff; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, t.policy.MaxBackoff)
	if ceiling <= 0 {
		return 0
	}
	return time.Duration(t.rand(int64(ceiling)))
}

// maxRetryAfterSeconds is the largest Retry-After in seconds that fits a
// time.Duration; larger values are clamped to it before converting, so
// that they cannot overflow into a negative wait.
const maxRetryAfterSeconds = int64(math.MaxInt64 / time.Second)

// retryAfter reads a Retry-After header: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if strings.Trim(v, "0123456789") == "" {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil || secs > maxRetryAfterSeconds {
			secs = maxRetryAfterSeconds // only digits, so the error is ErrRange
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

func randInt64N(n int64) int64 { return rand.Int64N(n) }

// hookTransport shows each signed request to a hook just before it is sent.
type hookTransport struct {
	next http.RoundTripper
	hook func(req *http.Request, attempt int)
}

func (t *hookTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	attempt := 0
	if st, ok := req.Context().Value(callStateKey{}).(*callState); ok {
		attempt = int(st.attempts.Load())
	}
	t.hook(req, attempt)
	return t.next.RoundTrip(req)
}

// CloseIdleConnections passes the call down, so that
// Client.HTTPClient().CloseIdleConnections() reaches the base transport.
func (t *retryTransport) CloseIdleConnections() { closeIdle(t.next) }

// CloseIdleConnections passes the call down.
func (t *hookTransport) CloseIdleConnections() { closeIdle(t.next) }

func closeIdle(rt http.RoundTripper) {
	if c, ok := rt.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
