package signing_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// FuzzSignVerify signs a request with arbitrary method, path, query and keys
// and checks that: nothing panics; bad keys are refused with
// ErrInvalidCredentials; the string signed is built from the exact request
// URI net/http sends; Verify accepts the request in process; and, when
// net/http can write the request and read it back as a server, Verify
// accepts what the server sees too.
//
//	go test ./signing -run '^$' -fuzz FuzzSignVerify -fuzztime 20s
func FuzzSignVerify(f *testing.F) {
	f.Add("PUT", "/api/v1/jobs/gqigvH123456/executions", "", testAccessKey, testSecretKey)
	f.Add("PUT", "/api/v1/jobs/a%2Fb/executions", "triggerId=trg-1&workflowId=wf%3A2", "AK", "SK")
	f.Add("get", "/api/v1/stats/executions", "startDate=2025-03-19T00%3A00%3A00&x=a+b", "AK", "SK")
	f.Add("", "/api/v1/jobs/잡 1/executions", "q=%", "AK", "秘密")
	f.Add("DELETE", "", "", "AK", "S")
	f.Add("PATCH", "//double//slash", "?", "AK", "SK")
	f.Add("PUT", "/x", "a", "", "SK")
	f.Add("PUT", "/x", "a", "AK", "")
	f.Add("PUT", "/x", "a", "A\nK", "SK")
	now := time.UnixMilli(testMillis)
	f.Fuzz(func(t *testing.T, method, path, query, accessKey, secretKey string) {
		u, err := url.Parse("https://dataflow.apigw.ntruss.com" + path)
		if err != nil || u.Host != "dataflow.apigw.ntruss.com" {
			u = &url.URL{Scheme: "https", Host: "dataflow.apigw.ntruss.com", Path: path}
		}
		u.RawQuery = query
		req := &http.Request{Method: method, URL: u, Host: u.Host, Header: http.Header{}}

		var signed string
		s, err := signing.New(accessKey, secretKey,
			signing.WithClock(func() time.Time { return now }),
			signing.WithDebug(func(m string) { signed = m }))
		if err != nil {
			if !errors.Is(err, signing.ErrInvalidCredentials) {
				t.Fatalf("New: %v, want ErrInvalidCredentials", err)
			}
			if accessKey != "" && secretKey != "" && !strings.ContainsAny(accessKey, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f") &&
				strings.TrimSpace(accessKey) == accessKey {
				t.Fatalf("New refused usable keys %q: %v", accessKey, err)
			}
			return
		}
		if err := s.Intercept(context.Background(), req); err != nil {
			t.Fatalf("Intercept: %v", err)
		}
		wantMethod := method
		if wantMethod == "" {
			wantMethod = http.MethodGet
		}
		if want := signing.StringToSign(wantMethod, u.RequestURI(), "1767225600000", accessKey); signed != want {
			t.Fatalf("signed %q, want %q", signed, want)
		}
		lookup := func(ak string) (string, bool) { return secretKey, ak == accessKey }
		if err := signing.Verify(req, lookup, now, 0); err != nil {
			t.Fatalf("Verify in process: %v", err)
		}

		var wire bytes.Buffer
		if err := req.Write(&wire); err != nil {
			return // net/http refuses to send it; nothing reaches a server
		}
		sent := wire.String()
		got, err := http.ReadRequest(bufio.NewReader(&wire))
		if err != nil {
			return // not a request a server would accept either
		}
		if err := signing.Verify(got, lookup, now, 0); err != nil {
			t.Fatalf("Verify after the wire: %v\n%q", err, sent)
		}
	})
}
