package dataflowtest

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Fault is a failure the server plays instead of (or on top of) its normal
// answer, for the next Times requests that match. Faults apply before the
// signature check, so a faulted request needs no valid signature; it is still
// recorded (Request.Fault is true and Request.SignatureErr says whether it
// was signed well).
//
// What happens, in order:
//   - Delay: wait that long first (or until the client gives up).
//   - Drop: close the connection without answering; nothing is handled.
//   - Status, Body or NonJSON set: answer with them and skip the handler.
//     A nil Body means the gateway's error body for the status (an HTML page
//     when NonJSON); a non-nil empty Body ([]byte{}) sends no body, and no
//     Content-Type unless one is set. Content-Type defaults to
//     application/json (text/html when NonJSON). RetryAfter, if set, goes
//     in the Retry-After header. With Truncate, only the first half of the
//     body is sent before the connection closes, while Content-Length
//     announces all of it.
//   - Otherwise the request is handled normally (so Delay alone slows it
//     down); with Truncate (and a nil Body) the real answer is cut in half
//     as above: the handler's side effects happen, the client gets an
//     unexpected EOF.
//
// Injected answers are not validated against openapi.yaml: they are meant
// to be off-contract.
type Fault struct {
	// Times is how many matching requests the fault applies to (at least 1).
	Times int
	// Match limits the fault to one operationId (such as "getJob"); empty
	// matches every request, including ones that match no operation.
	Match string

	Status      int           // status to answer; 0 means handle normally (or 200 with Body/NonJSON)
	RetryAfter  string        // Retry-After header value, seconds or an HTTP date
	Body        []byte        // body to answer; nil means the default for Status
	ContentType string        // Content-Type to answer; "" means the default
	Delay       time.Duration // wait before anything else
	Truncate    bool          // send half the body, announce all of it, close
	NonJSON     bool          // answer an HTML page
	Drop        bool          // close the connection without an answer
}

// For returns a copy of f that applies only to operationID.
func (f Fault) For(operationID string) Fault {
	f.Match = operationID
	return f
}

// Status answers status with the gateway's error body for it, times times.
func Status(status, times int) Fault { return Fault{Status: status, Times: times} }

// RetryAfter answers status with a Retry-After header of after (seconds or
// an HTTP date), times times.
func RetryAfter(status int, after string, times int) Fault {
	return Fault{Status: status, RetryAfter: after, Times: times}
}

// HTML answers status with an HTML page (as a proxy in front of the gateway
// would), times times.
func HTML(status, times int) Fault { return Fault{Status: status, NonJSON: true, Times: times} }

// BadJSON answers status with a body that is not JSON although its
// Content-Type says application/json, times times.
func BadJSON(status, times int) Fault {
	return Fault{Status: status, NonJSON: true, ContentType: "application/json", Times: times}
}

// DropConnection closes the connection without an answer, times times.
// net/http retries some idempotent requests on a reused connection by
// itself, so a GET may reach the server again without the client noticing.
func DropConnection(times int) Fault { return Fault{Drop: true, Times: times} }

// Truncated handles the request but sends only the first half of the
// answer, times times.
func Truncated(times int) Fault { return Fault{Truncate: true, Times: times} }

// Delay handles the request normally after waiting d, times times.
func Delay(d time.Duration, times int) Fault { return Fault{Delay: d, Times: times} }

// InjectFault queues f. Faults apply in the order injected: each request
// takes the first queued fault that matches it.
func (s *Server) InjectFault(f Fault) {
	if f.Times < 1 {
		f.Times = 1
	}
	f.Body = bytes.Clone(f.Body) // keeps nil apart from empty
	s.recMu.Lock()
	defer s.recMu.Unlock()
	s.faults = append(s.faults, &f)
}

// PendingFaults returns how many faulted answers are still queued (the sum
// of the remaining Times).
func (s *Server) PendingFaults() int {
	s.recMu.Lock()
	defer s.recMu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.Times
	}
	return n
}

// takeFault returns a copy of the first fault matching opID and counts it
// down. The caller holds recMu.
func (s *Server) takeFault(opID string) *Fault {
	for i, f := range s.faults {
		if f.Match != "" && f.Match != opID {
			continue
		}
		cp := *f
		f.Times--
		if f.Times <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		return &cp
	}
	return nil
}

// applyFault plays f and reports whether it answered the request.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, rec *Request, f *Fault) bool {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			s.finish(rec, 0)
			return true
		}
	}
	if f.Drop {
		s.finish(rec, 0)
		dropConnection(w)
		return true
	}
	if f.Status == 0 && f.Body == nil && !f.NonJSON {
		return false
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	body, ct := f.Body, f.ContentType
	if body == nil {
		body = faultBody(status, f.NonJSON)
	}
	switch {
	case ct != "":
	case f.NonJSON:
		ct = "text/html; charset=utf-8"
	case len(body) > 0:
		ct = "application/json"
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	s.finish(rec, status)
	if f.Truncate {
		writeTruncated(w, status, ct, body)
		return true
	}
	if ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return true
}

// gatewayCodes are the API gateway's error codes by HTTP status
// (dataflow-api.md §11).
var gatewayCodes = map[int][2]string{
	400: {"100", "Bad Request Exception"},
	401: {"200", "Authentication Failed"},
	403: {"230", "Forbidden"},
	404: {"300", "Not Found Exception"},
	413: {"430", "Request Entity Too Large"},
	429: {"420", "Rate Limited"},
	500: {"900", "Unexpected Error"},
	503: {"500", "Endpoint Error"},
	504: {"510", "Endpoint Timeout"},
}

func faultBody(status int, nonJSON bool) []byte {
	text := http.StatusText(status)
	if nonJSON {
		return fmt.Appendf(nil, "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n</body>\r\n</html>\r\n",
			status, text, status, text)
	}
	if status < 400 {
		return []byte("{}")
	}
	code, ok := gatewayCodes[status]
	if !ok {
		code = [2]string{"500", "Endpoint Error"}
	}
	return gatewayError(code[0], code[1], "injected by dataflowtest")
}

// dropConnection closes the client's connection without a response.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // net/http closes the connection quietly
}

// writeTruncated announces body in full with Content-Length but sends only
// its first half, then closes the connection.
func writeTruncated(w http.ResponseWriter, status int, contentType string, body []byte) {
	cut, length := len(body)/2, len(body)
	if length == cut {
		length++ // an empty body: announce one byte that never comes
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Length", strconv.Itoa(length))
		w.WriteHeader(status)
		_, _ = w.Write(body[:cut])
		panic(http.ErrAbortHandler)
	}
	retryAfter := w.Header().Get("Retry-After")
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	writeRaw(buf, status, contentType, retryAfter, length, body[:cut])
}

func writeRaw(buf *bufio.ReadWriter, status int, contentType, retryAfter string, length int, part []byte) {
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n", status, http.StatusText(status), contentType, length)
	if retryAfter != "" {
		fmt.Fprintf(buf, "Retry-After: %s\r\n", retryAfter)
	}
	_, _ = buf.WriteString("Connection: close\r\n\r\n")
	_, _ = buf.Write(part)
	_ = buf.Flush()
}
