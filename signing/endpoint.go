package signing

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// DefaultEndpoint is the base URL a Signer signs for when WithEndpoint is
// not given: the Data Flow API gateway.
const DefaultEndpoint = "https://dataflow.apigw.ntruss.com"

// endpoint is the one scheme and host a Signer signs for.
type endpoint struct {
	scheme string // as in the base URL, lower case: the fast path compares it as is
	host   string // as in the base URL: the fast path compares it as is
	canon  string // canonical "scheme://host[:port]", see canonOrigin
}

var defaultEndpoint = mustEndpoint(DefaultEndpoint)

func mustEndpoint(raw string) endpoint {
	e, err := parseEndpoint(raw)
	if err != nil {
		panic(err)
	}
	return e
}

// parseEndpoint reads a base URL: http or https, a host, no user or
// password. Its path is not part of what the Signer checks.
func parseEndpoint(raw string) (endpoint, error) {
	bad := func(why string) (endpoint, error) {
		return endpoint{}, fmt.Errorf("%w: WithEndpoint: %s", ErrInvalidOption, why)
	}
	if strings.TrimSpace(raw) == "" {
		return bad("empty base URL")
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return bad("not a URL") // url.Parse quotes its input, which may hold a password
	}
	if u.User != nil {
		return bad("the base URL must not carry a user or password")
	}
	scheme := strings.ToLower(u.Scheme)
	if (scheme != "https" && scheme != "http") || u.Host == "" {
		return bad(fmt.Sprintf("%s is not an http or https URL with a host", printable(u.Redacted())))
	}
	canon, ok := canonOrigin(scheme, u.Host)
	if !ok {
		return bad(fmt.Sprintf("%s has a malformed host or port", printable(u.Redacted())))
	}
	return endpoint{scheme: scheme, host: u.Host, canon: canon}, nil
}

// canonOrigin returns "scheme://host[:port]" with scheme and host in lower
// case and the scheme's default port (443 for https, 80 for http) dropped, so
// that equal origins compare equal as strings. ok is false for an empty host
// name or a port that is not a decimal number from 1 to 65535.
func canonOrigin(scheme, hostport string) (canon string, ok bool) {
	scheme = strings.ToLower(scheme)
	hu := url.URL{Host: hostport}
	name, port := strings.ToLower(hu.Hostname()), hu.Port()
	if name == "" {
		return "", false
	}
	if strings.HasPrefix(hostport, "[") {
		name = "[" + name + "]"
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", false
		}
		port = strconv.Itoa(n) // "0443" is 443
	}
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}
	if port != "" {
		name += ":" + port
	}
	return scheme + "://" + name, true
}

// allows reports a *HostError when req would go to, or name in its Host
// header, another scheme or host than e. It allocates only when the request's
// scheme or host is spelled differently from the base URL.
func (e *endpoint) allows(req *http.Request) error {
	if !e.same(req.URL.Scheme, req.URL.Host) {
		return e.refuse(req.URL.Scheme, req.URL.Host)
	}
	if req.Host != "" && req.Host != req.URL.Host && !e.same(req.URL.Scheme, req.Host) {
		return e.refuse(req.URL.Scheme, req.Host)
	}
	return nil
}

func (e *endpoint) same(scheme, host string) bool {
	if scheme == e.scheme && host == e.host {
		return true
	}
	if host == "" || !strings.EqualFold(scheme, e.scheme) {
		return false
	}
	canon, ok := canonOrigin(scheme, host)
	return ok && canon == e.canon
}

func (e *endpoint) refuse(scheme, host string) error {
	got, ok := canonOrigin(scheme, host)
	if !ok || host == "" {
		got = strings.ToLower(scheme) + "://" + host
	}
	return &HostError{Refused: printable(got), Allowed: e.canon}
}

// HostError is a request a Signer refused to sign, and a Transport refused
// to send, because its scheme or host is not the Signer's endpoint (see
// WithEndpoint): another host, another port, or http for an https endpoint.
// It matches ErrHostNotAllowed. It names the scheme and host only: never a
// path, query, user or password.
type HostError struct {
	// Refused is the request's "scheme://host[:port]", lower case, without
	// the scheme's default port.
	Refused string
	// Allowed is the Signer's endpoint in the same form.
	Allowed string
}

// Error names the refused origin and the one the Signer signs for.
func (e *HostError) Error() string {
	return "signing: refusing to sign a request for " + e.Refused + ": this signer signs only for " + e.Allowed
}

// Unwrap returns ErrHostNotAllowed.
func (e *HostError) Unwrap() error { return ErrHostNotAllowed }

// maxShown bounds how much of a hostile value an error repeats.
const maxShown = 256

// printable shortens s to maxShown bytes and replaces characters that are
// not printable, so that an error message can carry a value from the network.
func printable(s string) string {
	cut := len(s) > maxShown
	if cut {
		s = s[:maxShown]
	}
	s = strings.Map(func(r rune) rune {
		if r == unicode.ReplacementChar || !unicode.IsPrint(r) {
			return '?'
		}
		return r
	}, s)
	if cut {
		s += "..."
	}
	return s
}
