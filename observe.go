package dataflow

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// Attempt is one attempt of a call: the signed request, what came back,
// and what the client does next. WithResponseHook and WithLogger see one
// for every attempt, retries included.
type Attempt struct {
	// Operation is the operationId ("getJob"); "" for a request sent
	// through HTTPClient() directly.
	Operation string
	// Number is 1 for the first attempt, 2 for the first retry, …
	Number int
	// Request is the request as signed and sent. Its headers hold the
	// access key and the signature (never the secret key): print them
	// shortened. It must not be modified.
	Request *http.Request
	// Response is the answer, nil when none came. Read its body from Body,
	// never from Response.Body.
	Response *http.Response
	// Body is the answer's whole body as read (the part that arrived when
	// it broke off), nil without an answer. It must not be modified.
	Body []byte
	// Err is why no whole answer came; nil when one did, whatever its
	// status.
	Err error
	// Duration runs from sending the request to the end of its body.
	Duration time.Duration
	// Retry says whether the client sends the request again, after Wait.
	Retry bool
	Wait  time.Duration
	// Reason says why the client retries, or why it does not when the
	// attempt failed: "status 503", "retry budget exhausted", "POST is not
	// retried", "retries used up (3)", … Empty for an answer that needs
	// no retry.
	Reason string
}

// Failed reports whether the attempt got no whole answer or a status that
// is not 2xx.
func (a *Attempt) Failed() bool {
	return a.Err != nil || a.Response == nil || a.Response.StatusCode < 200 || a.Response.StatusCode > 299
}

// WithResponseHook calls fn after every attempt, retries included, with
// the request, the answer and the client's decision. fn runs on the
// calling goroutine before the client waits or returns; keep it quick, and
// do not keep a or its slices after it returns.
func WithResponseHook(fn func(a *Attempt)) Option {
	return func(c *config) { c.observers = append(c.observers, fn) }
}

// WithLogger writes one record per attempt to l: operation, method, path,
// attempt, status, duration, request id, and whether and why the client
// retries. Attempts that succeed log at Debug, failed ones at Warn. No
// secret is logged: the access key is shortened to its first four
// characters, and neither headers nor bodies are written.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l == nil {
			c.errs = append(c.errs, errors.New("the logger must not be nil"))
			return
		}
		c.observers = append(c.observers, func(a *Attempt) { logAttempt(l, a) })
	}
}

func logAttempt(l *slog.Logger, a *Attempt) {
	level := slog.LevelDebug
	if a.Failed() {
		level = slog.LevelWarn
	}
	ctx := context.Background()
	if a.Request != nil {
		ctx = a.Request.Context()
	}
	if !l.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 12)
	attrs = append(attrs, slog.String("operation", a.Operation))
	if r := a.Request; r != nil {
		attrs = append(attrs, slog.String("method", r.Method), slog.String("path", r.URL.EscapedPath()))
		if ak := r.Header.Get(signing.HeaderAccessKey); ak != "" {
			attrs = append(attrs, slog.String("access_key", shortKey(ak)))
		}
	}
	attrs = append(attrs, slog.Int("attempt", a.Number))
	if a.Response != nil {
		attrs = append(attrs, slog.Int("status", a.Response.StatusCode))
		if id := requestID(a.Response.Header); id != "" {
			attrs = append(attrs, slog.String("request_id", clip(oneLine(id))))
		}
	}
	attrs = append(attrs, slog.Duration("duration", a.Duration), slog.Bool("retry", a.Retry))
	if a.Retry {
		attrs = append(attrs, slog.Duration("wait", a.Wait))
	}
	if a.Reason != "" {
		attrs = append(attrs, slog.String("reason", a.Reason))
	}
	if a.Err != nil {
		attrs = append(attrs, slog.String("error", clip(oneLine(unwrapURLError(a.Err).Error()))))
	}
	msg := "dataflow: attempt"
	if a.Failed() {
		msg = "dataflow: attempt failed"
	}
	l.LogAttrs(ctx, level, msg, attrs...)
}

// shortKey keeps the first four characters of an access key: enough to
// tell keys apart, not to use one.
func shortKey(k string) string {
	r := []rune(k)
	if len(r) <= 8 {
		return "…"
	}
	return string(r[:4]) + "…"
}

// observe reports one attempt to the observers. The retry transport calls
// it once per attempt, with its decision.
func (t *retryTransport) observe(st *callState, req *http.Request, resp *http.Response, err error, start time.Time, retry bool, reason string, wait time.Duration) {
	if len(t.observers) == 0 {
		return
	}
	a := &Attempt{Request: req, Response: resp, Err: err, Duration: time.Since(start), Retry: retry, Reason: reason}
	if retry {
		a.Wait = wait
	}
	if st != nil {
		a.Operation, a.Number = st.op, int(st.attempts.Load())
		if signed := st.signed.Swap(nil); signed != nil {
			a.Request = signed
		}
	}
	var tr *bodyError
	switch {
	case resp != nil:
		if b, ok := resp.Body.(*bufferedBody); ok {
			a.Body = b.data
		}
	case errors.As(err, &tr):
		a.Response, a.Body = tr.resp, tr.body
	}
	for _, fn := range t.observers {
		fn(a)
	}
}

// whyNot says why a failed attempt is not retried when the policy alone
// decides: the method, the body, or the number of retries.
func (t *retryTransport) whyNot(req *http.Request, attempt int, replayable bool) string {
	switch {
	case t.policy.MaxRetries == 0:
		return "retries are off"
	case !idempotent(req.Method) && !t.policy.RetryNonIdempotent:
		return req.Method + " is not retried (RetryNonIdempotent is off)"
	case !replayable:
		return "the request body cannot be replayed"
	case attempt > t.policy.MaxRetries:
		return "retries used up"
	}
	return ""
}

// retryWhy names what a retried attempt got: its status, or its error.
func retryWhy(resp *http.Response, err error) string {
	switch {
	case err == nil && resp != nil:
		return "status " + strconv.Itoa(resp.StatusCode)
	case errors.As(err, new(*AttemptTimeoutError)):
		return "attempt timed out"
	case errors.As(err, new(*bodyError)):
		return "body cut off"
	}
	return "no answer"
}

// signedCapture sits under the signer when observers are set: it keeps
// each attempt's request as signed, for the Attempt they see.
type signedCapture struct{ next http.RoundTripper }

func (t *signedCapture) RoundTrip(req *http.Request) (*http.Response, error) {
	if st, ok := req.Context().Value(callStateKey{}).(*callState); ok {
		st.signed.Store(req)
	}
	return t.next.RoundTrip(req)
}

// CloseIdleConnections passes the call down.
func (t *signedCapture) CloseIdleConnections() { closeIdle(t.next) }
