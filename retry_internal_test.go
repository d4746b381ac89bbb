package dataflow

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sleepRecorder replaces the client's sleep (no wall clock) and its jitter
// (always the top of the range), so that every wait is known.
type sleepRecorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// retryServer answers every request with status and Retry-After, counting.
func retryServer(t *testing.T, status int, retryAfter string) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"errorType":"unavailable","detail":"down"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func recordingClient(t *testing.T, url string, opts ...Option) (*Client, *sleepRecorder) {
	t.Helper()
	c, err := New(append([]Option{WithEndpoint(url), WithStaticCredentials("AKIDTESTTESTTESTTEST", "secretsecretsecretsecretsecretsecret1234")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	rec := &sleepRecorder{}
	rt := c.http.Transport.(*retryTransport)
	rt.sleep = rec.sleep
	rt.rand = func(n int64) int64 { return n - 1 }
	return c, rec
}

// TestRetryAfterCannotOverflowOrShortenTheBackoff: a Retry-After too large
// for a time.Duration is clamped (and, beyond MaxRetryAfter, returned at
// once); "0" keeps the backoff rather than retrying at once.
func TestRetryAfterCannotOverflowOrShortenTheBackoff(t *testing.T) {
	ctx := context.Background()
	policy := RetryPolicy{MaxRetries: 3, BaseBackoff: 200 * time.Millisecond, MaxBackoff: 10 * time.Second, MaxRetryAfter: time.Minute}
	for _, huge := range []string{"9223372036854775807", "99999999999999999999999", "9223372037"} {
		srv, n := retryServer(t, http.StatusServiceUnavailable, huge)
		c, rec := recordingClient(t, srv.URL, WithRetryPolicy(policy))
		_, err := c.GetJob(ctx, "job1")
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("Retry-After %s: got %v, want the 503", huge, err)
		}
		if got := n.Load(); got != 1 {
			t.Errorf("Retry-After %s: %d requests, want 1 (returned at once)", huge, got)
		}
		if waits := rec.got(); len(waits) != 0 {
			t.Errorf("Retry-After %s: waited %v", huge, waits)
		}
	}

	// No MaxRetryAfter: the caller's deadline decides, and it is too short.
	unlimited := policy
	unlimited.MaxRetryAfter = 0
	srv, n := retryServer(t, http.StatusServiceUnavailable, "9223372036854775807")
	c, rec := recordingClient(t, srv.URL, WithRetryPolicy(unlimited))
	dctx, cancel := context.WithTimeout(ctx, time.Hour)
	defer cancel()
	_, _ = c.GetJob(dctx, "job1")
	if got, waits := n.Load(), rec.got(); got != 1 || len(waits) != 0 {
		t.Errorf("unlimited MaxRetryAfter: %d requests, waits %v; want 1 request, no wait", got, waits)
	}

	// Retry-After shorter than the backoff, or 0, keeps the backoff.
	for _, short := range []string{"0", "1"} {
		p := policy
		p.BaseBackoff = 2 * time.Second
		srv, n := retryServer(t, http.StatusServiceUnavailable, short)
		c, rec := recordingClient(t, srv.URL, WithRetryPolicy(p), WithRetryBudget(RetryBudget{}))
		_, _ = c.GetJob(ctx, "job1")
		want := []time.Duration{2*time.Second - 1, 4*time.Second - 1, 8*time.Second - 1}
		if got := rec.got(); !equalDurations(got, want) || n.Load() != 4 {
			t.Errorf("Retry-After %s: %d requests, waits %v; want 4 requests, waits %v", short, n.Load(), got, want)
		}
	}

	// A longer Retry-After lengthens the wait.
	srv, _ = retryServer(t, http.StatusTooManyRequests, "30")
	c, rec = recordingClient(t, srv.URL, WithRetryPolicy(policy), WithRetryBudget(RetryBudget{}))
	_, _ = c.GetJob(ctx, "job1")
	if got := rec.got(); !equalDurations(got, []time.Duration{30 * time.Second, 30 * time.Second, 30 * time.Second}) {
		t.Errorf("Retry-After 30: waits %v", got)
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	cases := map[string]struct {
		want time.Duration
		ok   bool
	}{
		"":                              {0, false},
		"-1":                            {0, false},
		"1.5":                           {0, false},
		"abc":                           {0, false},
		"0":                             {0, true},
		" 7 ":                           {7 * time.Second, true},
		"9223372036854775807":           {time.Duration(maxRetryAfterSeconds) * time.Second, true},
		"Tue, 01 Dec 2026 12:00:30 GMT": {30 * time.Second, true},
		"Tue, 01 Dec 2026 11:00:00 GMT": {0, true},
	}
	for in, c := range cases {
		got, ok := retryAfter(in, now)
		if got != c.want || ok != c.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", in, got, ok, c.want, c.ok)
		}
		if got < 0 {
			t.Errorf("retryAfter(%q) is negative: %v", in, got)
		}
	}
}
