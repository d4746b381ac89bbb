package dataflow

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidInput is matched (with errors.Is) by every *InputError: the
// client refused a call before sending anything because it could never
// succeed.
var ErrInvalidInput = errors.New("dataflow: invalid input")

// InputError reports an argument the client refused before sending the
// request.
type InputError struct {
	Operation string // operationId, such as "updateJobExecutionConfig"
	Field     string // the parameter or body field, such as "jobId" or "jobCondition.nrn"
	Reason    string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("dataflow: %s: %s %s", e.Operation, e.Field, e.Reason)
}

// Is reports whether target is ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// APIError is the error for every call that reached the service and did not
// succeed: a non-2xx status, or a 2xx whose body could not be decoded. It
// keeps everything the service sent.
//
// Two error bodies occur. The API gateway sends
// {"error":{"errorCode","message","details"}} (authentication, throttling,
// routing); the Data Flow service sends {"errorType","detail"}. The fields
// of whichever came are filled in; Body always holds the raw bytes, even
// when they are not JSON (an HTML page from a proxy) or empty.
type APIError struct {
	Operation  string // operationId of the call
	StatusCode int    // HTTP status
	Status     string // HTTP status line text, such as "404 Not Found"

	// From the gateway's body. ErrorCode is a gateway code such as "200"
	// (authentication failed) or "420" (rate limited), not an HTTP status;
	// a numeric code is given as its decimal text.
	ErrorCode string
	Message   string
	Details   string

	// From the service's body.
	ErrorType string
	Detail    string

	// RequestID is the x-ncp-trace-id (or x-ncp-request-id) response header,
	// what NCP support asks for.
	RequestID string
	Header    http.Header
	Body      []byte

	// Attempts is how many times the request was sent, retries included.
	Attempts int

	// RetryErr is set when the answer called for a retry that was not
	// made because the client's retry budget was empty; it is
	// ErrRetryBudgetExhausted.
	RetryErr error

	// Err is set when the body could not be read in full (cut off, or
	// larger than the limit: *ResponseTooLargeError) or a 2xx body could
	// not be decoded. Body then keeps at most the first 64 KiB that came.
	Err error
}

// Error summarises the failure in one line.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dataflow: %s: ", e.Operation)
	if e.Status != "" {
		b.WriteString(e.Status)
	} else {
		fmt.Fprintf(&b, "status %d", e.StatusCode)
	}
	switch {
	case errors.As(e.Err, new(*ResponseTooLargeError)):
		fmt.Fprintf(&b, ": %v", e.Err)
	case e.Err != nil:
		fmt.Fprintf(&b, ": cannot decode the response body (%d bytes): %v", len(e.Body), e.Err)
	case e.ErrorCode != "" || e.Message != "":
		fmt.Fprintf(&b, ": gateway error %s", clip(e.ErrorCode))
		if e.Message != "" {
			b.WriteString(": " + clip(e.Message))
		}
		if e.Details != "" {
			b.WriteString(" (" + clip(e.Details) + ")")
		}
	case e.ErrorType != "" || e.Detail != "":
		b.WriteString(": " + clip(e.ErrorType))
		if e.Detail != "" {
			b.WriteString(": " + clip(e.Detail))
		}
	case len(e.Body) == 0:
		b.WriteString(": empty body")
	default:
		fmt.Fprintf(&b, ": %s", snippet(e.Body))
	}
	if e.RequestID != "" {
		b.WriteString(" [request id " + clip(e.RequestID) + "]")
	}
	if e.RetryErr != nil {
		b.WriteString(" (not retried: the client's retry budget is exhausted)")
	}
	return oneLine(b.String())
}

// oneLine keeps text that came from the response on one printable line:
// control characters (newlines included) and line separators become
// spaces, and the runs of spaces they leave collapse into one.
func oneLine(s string) string {
	unprintable := func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }
	if !strings.ContainsFunc(s, unprintable) {
		return s
	}
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if unprintable(r) {
			return ' '
		}
		return r
	}, s)), " ")
}

// Unwrap returns Err and RetryErr, those that are set, so that errors.Is
// and errors.As see both.
func (e *APIError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Err, e.RetryErr} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// Code is the most specific code the error carries: the service's
// errorType, else the gateway's errorCode.
func (e *APIError) Code() string {
	if e.ErrorType != "" {
		return e.ErrorType
	}
	return e.ErrorCode
}

// Temporary reports whether retrying the same call later may succeed.
func (e *APIError) Temporary() bool {
	return e.Err == nil && retryableStatus(e.StatusCode)
}

// maxField is how much of one response field Error() quotes; the field
// itself, and Body, keep everything.
const maxField = 300

// clip shortens s to at most maxField bytes, on a rune boundary.
func clip(s string) string {
	if len(s) <= maxField {
		return s
	}
	cut := maxField
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// snippet describes a body that is not a known error shape, briefly.
func snippet(body []byte) string {
	if !utf8.Valid(body) {
		return fmt.Sprintf("non-text body (%d bytes)", len(body))
	}
	s := strings.Join(strings.Fields(string(body[:min(len(body), 4*maxField)])), " ")
	if len(s) > 120 {
		cut := 120
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strconv.Quote(s)
}

// newAPIError builds the error for a response. It never fails: a body that
// is not JSON, or not one of the two shapes, is kept as raw bytes only.
func newAPIError(op string, resp *http.Response, body []byte) *APIError {
	e := &APIError{Operation: op, Body: body}
	if resp != nil {
		e.StatusCode = resp.StatusCode
		e.Status = resp.Status
		e.Header = resp.Header
		e.RequestID = requestID(resp.Header)
	}
	e.Attempts = attemptsOf(resp)
	if st := stateOf(resp); st != nil && st.budgetOut.Load() {
		e.RetryErr = ErrRetryBudgetExhausted
	}
	parseErrorBody(e, body)
	return e
}

func requestID(h http.Header) string {
	for _, k := range []string{"X-Ncp-Trace-Id", "X-Ncp-Request-Id"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// parseErrorBody fills e from either documented error shape.
func parseErrorBody(e *APIError, body []byte) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return
	}
	var shape struct {
		Error *struct {
			ErrorCode json.RawMessage `json:"errorCode"`
			Message   any             `json:"message"`
			Details   any             `json:"details"`
		} `json:"error"`
		ErrorType any `json:"errorType"`
		Detail    any `json:"detail"`
	}
	if json.Unmarshal(trimmed, &shape) != nil {
		return
	}
	if g := shape.Error; g != nil {
		e.ErrorCode = rawText(g.ErrorCode)
		e.Message = text(g.Message)
		e.Details = text(g.Details)
	}
	e.ErrorType = text(shape.ErrorType)
	e.Detail = text(shape.Detail)
}

// rawText renders a JSON string or number (or anything else) as text.
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// OperationError is the error for a call that never got an HTTP response:
// the connection failed (after any retries), the context ended, or
// credentials could not be found. Unwrap gives the cause, so
// errors.Is(err, context.DeadlineExceeded) and
// errors.Is(err, signing.ErrNoCredentials) work.
type OperationError struct {
	Operation string
	Attempts  int
	Err       error
}

func (e *OperationError) Error() string {
	if e.Attempts > 1 {
		return fmt.Sprintf("dataflow: %s: %v (after %d attempts)", e.Operation, e.Err, e.Attempts)
	}
	return fmt.Sprintf("dataflow: %s: %v", e.Operation, e.Err)
}

func (e *OperationError) Unwrap() error { return e.Err }
