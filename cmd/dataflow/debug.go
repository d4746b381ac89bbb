package main

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// debugPrinter writes --debug output: each signed request as it is sent,
// and the status of each answer. It never sees the secret key (signed
// requests do not carry it); it shortens the access key and the signature.
type debugPrinter struct {
	mu       sync.Mutex
	w        io.Writer
	withBody bool   // also print the request body (the demo does)
	indent   string // before every line (the demo indents)
}

// request is the client's request hook.
func (d *debugPrinter) request(req *http.Request, attempt int) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s> %s %s (attempt %d)\n", d.indent, req.Method, req.URL.RequestURI(), attempt)
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	lines := []string{"Host: " + host}
	for name, values := range req.Header {
		for _, v := range values {
			lines = append(lines, http.CanonicalHeaderKey(name)+": "+redactHeader(name, v))
		}
	}
	slices.Sort(lines)
	for _, l := range lines {
		b.WriteString(d.indent + "> " + l + "\n")
	}
	if d.withBody && req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			data, _ := io.ReadAll(io.LimitReader(body, 4096))
			body.Close()
			if len(data) > 0 {
				b.WriteString(d.indent + "> " + oneLine(string(data)) + "\n")
			}
		}
	}
	d.write(b.String())
}

func (d *debugPrinter) write(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, _ = io.WriteString(d.w, s)
}

// redactHeader shortens the values that identify or authenticate the
// caller. The secret key is never in a header; the signature is derived
// from it and the access key names the account, so both are cut to their
// first four characters: enough to tell keys apart, not to reuse them.
func redactHeader(name, value string) string {
	switch http.CanonicalHeaderKey(name) {
	case signing.HeaderAccessKey, signing.HeaderSignature:
		return shorten(value)
	case "Authorization", "Proxy-Authorization", "Cookie":
		return "…"
	}
	return value
}

// shorten keeps the first four characters of v, or none of a value too
// short for four to be a small part of it.
func shorten(v string) string {
	r := []rune(v)
	if len(r) <= 8 {
		return "…"
	}
	return string(r[:4]) + "…"
}

// responsePrinter is the transport under the client's signing and retry
// layers in --debug mode: it prints the status of each answer.
type responsePrinter struct {
	next http.RoundTripper
	d    *debugPrinter
}

func (t *responsePrinter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	switch {
	case err != nil:
		t.d.write(t.d.indent + "< no answer: " + oneLine(err.Error()) + "\n")
	default:
		line := "< " + resp.Status
		if id := resp.Header.Get("X-Ncp-Trace-Id"); id != "" {
			line += " [request id " + id + "]"
		}
		t.d.write(t.d.indent + oneLine(line) + "\n")
	}
	return resp, err
}
