package dataflow

// Fuzz targets of the reliability suite (issue 9). Seed corpora live in
// testdata/fuzz/<Target>/; tools/reliability/fuzz.sh runs each target for
// FUZZTIME (default 30s):
//
//	go test -run '^$' -fuzz '^FuzzNodeRoundTrip$' -fuzztime 30s .
//	go test -run '^$' -fuzz '^FuzzAPIError$' -fuzztime 30s .
//
// Plain `go test` runs every seed as a regression test. Identifiers carry a
// fuzz prefix: other test files of this package are edited concurrently.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// FuzzNodeRoundTrip decodes any bytes as a job node (gen.Node) and checks
// the promise of docs/reliability.md: valid JSON always decodes, invalid
// JSON is an error, never a panic; the node re-encodes byte for byte
// (MarshalJSON) and as an equal JSON value (json.Marshal, which compacts and
// escapes), alone and inside a job, unknown types and fields included; and
// every reader (Discriminator, ValueByDiscriminator, each As… method,
// InspectNode, the client's input check, NewNode on a decoded variant)
// returns instead of panicking.
func FuzzNodeRoundTrip(f *testing.F) {
	f.Add([]byte(`{"type":"SOURCE_OBS","id":1,"name":"in","parentNodeIds":[],"bucketName":"b","prefix":"p/","dataType":"CSV","fieldList":[]}`))
	f.Add([]byte(`{"type":"TRANSFORM_PIVOT","id":9007199254740993,"name":"p","parentNodeIds":[1],"future":{"deep":[1,2.50,"x"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var n gen.Node
		err := json.Unmarshal(data, &n)
		if !json.Valid(data) {
			if err == nil {
				t.Fatalf("invalid JSON decoded without error: %q", data)
			}
			return
		}
		if err != nil {
			t.Fatalf("valid JSON refused: %v\n%q", err, data)
		}

		raw, err := n.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		if want := bytes.Trim(data, " \t\r\n"); !bytes.Equal(raw, want) {
			t.Fatalf("not re-encoded byte for byte\nin:  %q\nout: %q", want, raw)
		}
		enc, err := json.Marshal(n)
		if err != nil {
			t.Fatalf("json.Marshal: %v", err)
		}
		fuzzSameJSON(t, "alone", data, enc)

		// Inside a job, as a getJob answer carries it.
		doc := append(append([]byte(`{"jobId":"j","name":"n","nodes":[`), data...), "]}"...)
		var job gen.Job
		if err := json.Unmarshal(doc, &job); err != nil {
			t.Fatalf("a job with this node does not decode: %v", err)
		}
		jobOut, err := json.Marshal(job)
		if err != nil {
			t.Fatalf("re-encoding the job: %v", err)
		}
		var back struct {
			Nodes []json.RawMessage `json:"nodes"`
		}
		if err := json.Unmarshal(jobOut, &back); err != nil || len(back.Nodes) != 1 {
			t.Fatalf("re-encoded job lost its node (%v): %s", err, jobOut)
		}
		fuzzSameJSON(t, "inside a job", data, back.Nodes[0])

		// Readers must return, whatever the node holds.
		kind, kindErr := n.Discriminator()
		v, valueErr := n.ValueByDiscriminator()
		for i := 0; i < reflect.TypeFor[gen.Node]().NumMethod(); i++ {
			m := reflect.TypeFor[gen.Node]().Method(i)
			if strings.HasPrefix(m.Name, "As") && m.Type.NumIn() == 1 {
				reflect.ValueOf(n).Method(i).Call(nil)
			}
		}
		info, infoErr := InspectNode(n)
		ck := checker{op: "verifyJob"}
		validateVerifyJobInput(&ck, &gen.VerifyJobRequest{Name: "job001", Nodes: []gen.Node{n}})

		// InspectNode reads with internal/jsonx what encoding/json reads.
		var want NodeInfo
		wantErr := json.Unmarshal(data, &want)
		if (infoErr == nil) != (wantErr == nil) || (infoErr == nil && !reflect.DeepEqual(info, want)) {
			t.Fatalf("InspectNode: %+v, %v; encoding/json: %+v, %v\n%q", info, infoErr, want, wantErr, data)
		}
		if kindErr == nil && infoErr == nil && info.Type != kind {
			t.Fatalf("InspectNode says type %q, Discriminator %q", info.Type, kind)
		}
		// A node of a known type must decode as its variant; one of a type
		// this client does not know is sent unchanged, but it must still
		// have a type and a parent list.
		if ck.err() == nil && (kindErr != nil || kind == "" || (infoErr == nil && info.ParentNodeIDs == nil) || (valueErr == nil && infoErr != nil)) {
			t.Fatalf("the input check passed a node without a type or parent list: %s", data)
		}
		if valueErr == nil {
			rebuilt, err := NewNode(v)
			if err != nil {
				t.Fatalf("NewNode(%T) of a decoded %s node: %v", v, kind, err)
			}
			if got, err := rebuilt.Discriminator(); err != nil || got != kind {
				t.Fatalf("NewNode(%T) gave type %q (%v), want %q", v, got, err, kind)
			}
		}
	})
}

// fuzzSameJSON fails unless a and b are the same JSON value: numbers are
// compared as written, strings after decoding, objects by key.
func fuzzSameJSON(t *testing.T, where string, a, b []byte) {
	t.Helper()
	decode := func(data []byte) any {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v\n%q", where, err, data)
		}
		return v
	}
	if va, vb := decode(a), decode(b); !reflect.DeepEqual(va, vb) {
		t.Fatalf("%s: JSON value changed\nin:  %q\nout: %q", where, a, b)
	}
}

// FuzzAPIError feeds any status, body and trace id to the error decoder
// (newAPIError, parseErrorBody) and then to a real client over loopback
// HTTP. It checks that the error value keeps the status, the raw body byte
// for byte and the request id, that both documented error shapes are read
// when present, that Error() is one non-empty line, and that nothing
// panics. scale 255 repeats the body to more than 1 MiB.
func FuzzAPIError(f *testing.F) {
	f.Add(401, []byte(`{"error":{"errorCode":"200","message":"Authentication Failed","details":"Invalid authentication information."}}`), "trace-1", uint8(0))
	f.Add(404, []byte(`{"errorType":"NOT_FOUND","detail":"job not found: x"}`), "", uint8(0))
	f.Add(502, []byte("<html><body><h1>502 Bad Gateway</h1></body></html>"), "", uint8(0))

	srv := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, status int, body []byte, traceID string, scale uint8) {
		if scale == 255 && len(body) > 0 {
			body = bytes.Repeat(body, (1<<20)/len(body)+1)
		}
		if !fuzzHeaderValue(traceID) {
			traceID = "" // no such header value can arrive over HTTP
		}

		// The decoder alone, with any status at all.
		resp := &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), Header: http.Header{}}
		if traceID != "" {
			resp.Header.Set("X-Ncp-Trace-Id", traceID)
		}
		e := newAPIError("getJob", resp, body)
		fuzzCheckAPIError(t, e, status, body, traceID)
		fuzzCheckShapes(t, e, body)

		// The same answer through a client, with a status a server can send.
		if status < 200 || status > 599 {
			status = 200 + int(uint(status)%400)
		}
		if status == http.StatusNoContent || status == http.StatusNotModified {
			body = nil // HTTP allows no body with these
		}
		srv.check(t, status, body, traceID)
	})
}

// fuzzHeaderValue reports whether net/http's client accepts v as a header
// value as it stands: no control characters, no surrounding spaces.
func fuzzHeaderValue(v string) bool {
	if strings.TrimSpace(v) != v {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < ' ' || v[i] == 0x7f {
			return false
		}
	}
	return true
}

func fuzzCheckAPIError(t *testing.T, e *APIError, status int, body []byte, traceID string) {
	t.Helper()
	if e.StatusCode != status {
		t.Fatalf("status %d kept as %d", status, e.StatusCode)
	}
	if !bytes.Equal(e.Body, body) {
		t.Fatalf("body not kept byte for byte: %d bytes in, %d out", len(body), len(e.Body))
	}
	if e.RequestID != traceID {
		t.Fatalf("request id %q kept as %q", traceID, e.RequestID)
	}
	if e.Operation != "getJob" {
		t.Fatalf("operation %q", e.Operation)
	}
	msg := e.Error()
	if !strings.HasPrefix(msg, "dataflow: getJob: ") || len(msg) == len("dataflow: getJob: ") {
		t.Fatalf("Error() = %q", msg)
	}
	if strings.ContainsFunc(msg, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }) {
		t.Fatalf("Error() is not one printable line: %q", msg)
	}
	if !strings.Contains(msg, strconv.Itoa(status)) {
		t.Fatalf("Error() does not name status %d: %q", status, msg)
	}
	_ = e.Code()
	_ = e.Temporary()
	if len(body) < 64<<10 { // %#v spells out every byte: slow for a huge body
		_ = fmt.Sprintf("%v %+v %#v %s %q", e, e, e, e, e)
	}
}

// fuzzCheckShapes decodes body independently and checks that the string
// fields of either documented error shape were read.
func fuzzCheckShapes(t *testing.T, e *APIError, body []byte) {
	t.Helper()
	var doc map[string]any
	if json.Unmarshal(bytes.TrimSpace(body), &doc) != nil {
		return
	}
	want := func(name, got string, v any) {
		if s, ok := v.(string); ok && got != s {
			t.Fatalf("%s %q read as %q\nbody: %q", name, s, got, body)
		}
	}
	if g, ok := doc["error"].(map[string]any); ok {
		want("error.errorCode", e.ErrorCode, g["errorCode"])
		want("error.message", e.Message, g["message"])
		want("error.details", e.Details, g["details"])
		if n, ok := g["errorCode"].(float64); ok && e.ErrorCode == "" {
			t.Fatalf("numeric errorCode %v dropped", n)
		}
	}
	want("errorType", e.ErrorType, doc["errorType"])
	want("detail", e.Detail, doc["detail"])
}

// fuzzServer answers each request with the status, body and trace id
// registered under the job id in its path, so that every input of the
// fuzzer gets its own answer.
type fuzzServer struct {
	ts      *httptest.Server
	client  *Client
	answers sync.Map // job id -> fuzzAnswer
	next    atomic.Int64
}

type fuzzAnswer struct {
	status  int
	body    []byte
	traceID string
}

func newFuzzServer(f *testing.F) *fuzzServer {
	s := &fuzzServer{}
	s.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
		v, ok := s.answers.Load(id)
		if !ok {
			http.Error(w, "unknown answer "+id, http.StatusTeapot)
			return
		}
		a := v.(fuzzAnswer)
		if a.traceID != "" {
			w.Header().Set("X-Ncp-Trace-Id", a.traceID)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
	}))
	f.Cleanup(s.ts.Close)
	transport := &http.Transport{}
	f.Cleanup(transport.CloseIdleConnections)
	c, err := New(WithEndpoint(s.ts.URL), WithStaticCredentials("AKFUZZ", "fuzz-secret"),
		WithRetries(0), WithHTTPClient(&http.Client{Transport: transport}))
	if err != nil {
		f.Fatal(err)
	}
	s.client = c
	return s
}

// check sends one getJob and checks what the client makes of the answer.
func (s *fuzzServer) check(t *testing.T, status int, body []byte, traceID string) {
	t.Helper()
	id := "j" + strconv.FormatInt(s.next.Add(1), 10)
	s.answers.Store(id, fuzzAnswer{status: status, body: body, traceID: traceID})
	defer s.answers.Delete(id)

	var raw RawResponse
	job, err := s.client.GetJob(WithRawResponse(context.Background(), &raw), id)
	if raw.StatusCode != status || !bytes.Equal(raw.Body, body) {
		t.Fatalf("raw response: status %d and %d bytes, want %d and %d bytes (err %v)", raw.StatusCode, len(raw.Body), status, len(body), err)
	}
	if err == nil {
		if status < 200 || status > 299 || job == nil {
			t.Fatalf("status %d gave a job and no error", status)
		}
		return
	}
	var e *APIError
	if !errors.As(err, &e) {
		t.Fatalf("status %d: %T %v, want *APIError", status, err, err)
	}
	if status >= 200 && status <= 299 && e.Err == nil {
		t.Fatalf("a %d that did not decode has no Err", status)
	}
	if (status < 200 || status > 299) && e.Err != nil {
		t.Fatalf("status %d: unexpected Err %v", status, e.Err)
	}
	if e.Attempts != 1 {
		t.Fatalf("attempts %d, want 1", e.Attempts)
	}
	fuzzCheckAPIError(t, e, status, body, traceID)
	if !utf8.ValidString(e.Error()) && utf8.Valid(body) && utf8.ValidString(traceID) {
		t.Fatalf("Error() is not UTF-8 although the answer is: %q", e.Error())
	}
}
