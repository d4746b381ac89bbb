package dataflow

import (
	"context"
	"errors"
	"net/http"
)

// The helpers below classify an error returned by any Client method. Each
// looks through wrapping (fmt.Errorf("…: %w", err) keeps working), and each
// is false for nil and for errors that did not come from the client.
//
//	job, err := client.GetJob(ctx, id)
//	switch {
//	case dataflow.IsNotFound(err):
//		// no such job
//	case dataflow.IsThrottled(err):
//		// slow down; the client already retried
//	case err != nil:
//		return err
//	}

// IsNotFound reports whether the service (or the gateway) answered 404: the
// job, execution, workflow or trigger does not exist, or the route is
// unknown.
func IsNotFound(err error) bool {
	return statusOf(err) == http.StatusNotFound
}

// IsThrottled reports whether the gateway refused the call for its rate or
// quota (HTTP 429; the gateway's code says which: GatewayCodeQuotaExceeded,
// GatewayCodeThrottleLimited or GatewayCodeRateLimited).
func IsThrottled(err error) bool {
	return statusOf(err) == http.StatusTooManyRequests
}

// IsAuthError reports whether the call was refused for its credentials or
// permissions (HTTP 401 or 403): a wrong key, a bad signature, a skewed
// clock, a missing policy. Retrying the same call does not help.
func IsAuthError(err error) bool {
	s := statusOf(err)
	return s == http.StatusUnauthorized || s == http.StatusForbidden
}

// IsRetryable reports whether the same call may succeed if tried again
// later: an answer whose status the retry policy retries (429, 500, 502,
// 503, 504), or a connection that failed before any answer came. It is
// false for refused input, missing credentials, an ended context and every
// other answer. The client has already retried what its policy allows;
// this is for callers that queue work for later.
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, ErrInvalidInput) {
		return false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Temporary()
	}
	var oe *OperationError
	if !errors.As(err, &oe) {
		return false
	}
	if errors.Is(oe.Err, context.Canceled) || errors.Is(oe.Err, context.DeadlineExceeded) || notSent(oe.Err) {
		return false
	}
	var redirect *RedirectError
	return !errors.As(oe.Err, &redirect)
}

// HasErrorCode reports whether err is an *APIError whose service errorType
// or gateway errorCode is code, such as ErrorTypeBadState or
// GatewayCodeRateLimited.
func HasErrorCode(err error, code string) bool {
	var ae *APIError
	if code == "" || !errors.As(err, &ae) {
		return false
	}
	return ae.ErrorType == code || ae.ErrorCode == code
}

// statusOf is the HTTP status of an *APIError in err's chain, or 0.
func statusOf(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.StatusCode
	}
	return 0
}
