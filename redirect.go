package dataflow

import (
	"fmt"
	"net/http"
	"strings"
)

// maxRedirects is how many same-host redirects one call follows, as
// net/http does when no CheckRedirect is set.
const maxRedirects = 10

// RedirectError is the error for a redirect the client refused to follow.
// The refused request was never sent: the host it pointed to received
// nothing, neither the access key nor a signature.
//
// The client follows a redirect only when all of these hold:
//   - it stays on the scheme and host (port included) of the endpoint;
//   - the method is GET, HEAD or DELETE and the redirect keeps it (a request
//     with a body, or one a 301/302/303 would turn into a GET, is not
//     redirected: the caller would get another operation's answer);
//   - fewer than 10 redirects were followed for the call.
//
// A followed redirect is signed again, for its new path, like any attempt.
// Everything else, including a redirect to another host and from https to
// http, ends the call with this error, wrapped in an *OperationError.
type RedirectError struct {
	// StatusCode is the redirect's status, such as 302 or 307.
	StatusCode int
	// Location is where the redirect pointed, without its query, fragment
	// or user information (which may hold a token).
	Location string
	// Reason says which rule refused it.
	Reason string
}

func (e *RedirectError) Error() string {
	return oneLine(fmt.Sprintf("redirect (%d) to %s refused: %s", e.StatusCode, e.Location, e.Reason))
}

// checkRedirect returns the client's redirect policy, which runs before
// next (a CheckRedirect the caller set; may be nil).
func checkRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) == 0 {
			return nil
		}
		first, prev := via[0], via[len(via)-1]
		refuse := func(format string, args ...any) error {
			e := &RedirectError{Location: shownLocation(req), Reason: fmt.Sprintf(format, args...)}
			if req.Response != nil {
				e.StatusCode = req.Response.StatusCode
			}
			return e
		}
		switch {
		case prev.URL.Scheme == "https" && req.URL.Scheme != "https":
			return refuse("it leaves https for %s", req.URL.Scheme)
		case !strings.EqualFold(req.URL.Scheme, first.URL.Scheme) || !strings.EqualFold(req.URL.Host, first.URL.Host):
			return refuse("it leaves the endpoint's host %s; credentials are sent only there", first.URL.Host)
		case req.Method != first.Method:
			return refuse("it would turn %s into %s", first.Method, req.Method)
		case !redirectable(first.Method):
			return refuse("a %s request is not redirected", first.Method)
		case len(via) >= maxRedirects:
			return refuse("stopped after %d redirects", maxRedirects)
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// redirectable lists the methods whose request has no body and whose
// redirect is safe to follow on the same host.
func redirectable(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodDelete
}

// shownLocation is the redirect's target without query, fragment or user.
func shownLocation(req *http.Request) string {
	if req.URL == nil {
		return "(no location)"
	}
	u := *req.URL
	u.User = nil
	u.RawQuery, u.ForceQuery = "", false
	u.Fragment, u.RawFragment = "", ""
	return clip(u.String())
}
