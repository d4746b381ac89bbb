package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

// debugPrinter writes --debug output: each signed request as it is sent,
// with its body, and each answer with its status, body and the client's
// decision. It never sees the secret key (signed requests do not carry
// it); it shortens the access key and the signature, hides the values of
// secret-looking body fields, and prints at most maxDebugBody bytes of a
// body.
type debugPrinter struct {
	mu     sync.Mutex
	w      io.Writer
	indent string // before every line (the demo indents)
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
	if req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			data, _ := io.ReadAll(io.LimitReader(body, maxRedactParse+1))
			body.Close()
			if len(data) > 0 {
				b.WriteString(d.indent + "> " + debugBody(data) + "\n")
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

// response is the client's response hook: the status of each answer, its
// body (bounded and redacted), and whether the client tries again.
func (d *debugPrinter) response(a *dataflow.Attempt) {
	var b strings.Builder
	ms := a.Duration.Round(time.Millisecond)
	if a.Response == nil {
		msg := "no answer"
		if a.Err != nil {
			msg += ": " + a.Err.Error()
		}
		fmt.Fprintf(&b, "%s< %s (%v)\n", d.indent, oneLine(msg), ms)
	} else {
		line := fmt.Sprintf("< %s (%v)", a.Response.Status, ms)
		if id := a.Response.Header.Get("X-Ncp-Trace-Id"); id != "" {
			line += " [request id " + id + "]"
		}
		b.WriteString(d.indent + oneLine(line) + "\n")
		if len(a.Body) > 0 {
			b.WriteString(d.indent + "< " + debugBody(a.Body) + "\n")
		}
	}
	switch {
	case a.Retry:
		fmt.Fprintf(&b, "%s  retrying in %v: %s\n", d.indent, a.Wait.Round(time.Millisecond), a.Reason)
	case a.Reason != "":
		fmt.Fprintf(&b, "%s  not retried: %s\n", d.indent, a.Reason)
	}
	d.write(b.String())
}

// maxDebugBody is how much of a body --debug prints; longer ones are cut
// and their size given.
const maxDebugBody = 2048

// maxRedactParse is the largest body --debug parses as JSON to redact it
// field by field; a larger one is redacted as text.
const maxRedactParse = 1 << 20

// secretField matches JSON member names whose values --debug hides: a
// database node's password, a token in script parameters.
var secretField = regexp.MustCompile(`(?i)(password|passwd|secret|token|credential|accesskey|apikey|signature)`)

// secretText hides name=value and "name": "value" pairs in text that is
// not JSON (or too large to parse).
var secretText = regexp.MustCompile(`(?i)((?:password|passwd|secret|token|credential|accesskey|apikey|signature)[a-z_-]*"?\s*[:=]\s*"?)[^"&\s,;}]+`)

// debugBody renders a request or response body for --debug: on one line,
// values of secret-looking fields replaced by "…", at most maxDebugBody
// bytes.
func debugBody(body []byte) string {
	if !utf8.Valid(body) {
		return fmt.Sprintf("(%d bytes, not text)", len(body))
	}
	var s string
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if len(body) <= maxRedactParse && dec.Decode(&v) == nil && !dec.More() {
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		if enc.Encode(redactJSON(v)) == nil {
			s = strings.TrimSuffix(out.String(), "\n")
		}
	}
	if s == "" {
		s = secretText.ReplaceAllString(oneLine(string(body[:min(len(body), 4*maxDebugBody)])), "${1}…")
	}
	if len(s) > maxDebugBody {
		cut := maxDebugBody
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = fmt.Sprintf("%s… (%d bytes in all)", s[:cut], len(body))
	}
	return s
}

// redactJSON replaces the value of every member whose name looks secret.
func redactJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if secretField.MatchString(k) {
				v[k] = "…"
			} else {
				v[k] = redactJSON(x)
			}
		}
	case []any:
		for i, x := range v {
			v[i] = redactJSON(x)
		}
	}
	return v
}
