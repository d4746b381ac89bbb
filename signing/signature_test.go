package signing_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// Own test keys for the Data Flow vectors below.
const (
	testAccessKey = "ncpTestAccessKey0001"
	testSecretKey = "ncpTestSecretKey0001abcdefghijklmnopqrstu"
	testMillis    = 1767225600000 // 2026-01-01T00:00:00Z
)

// knownAnswers are signature-v2 vectors. None is computed by this package:
//
//   - the first two are published in the NCP IAM authenticator's token tests
//     (shared/docs/signing.md §5);
//
//   - the others were computed with openssl, with bash's $'...' for real LFs
//     and printf '%s' so that there is no trailing newline:
//
//     sig() { printf '%s' "$1" | openssl dgst -sha256 -hmac "$2" -binary | base64; }
//     sig $'PUT /api/v1/jobs/a%2Fb/executions\n1767225600000\nncpTestAccessKey0001' \
//     'ncpTestSecretKey0001abcdefghijklmnopqrstu'
//     # SzkZHve4XNASCG3WkNYbtT+cGnjBcjsdyBFy+klJR+A=
//
// jobID, when set, is the raw job id; the test builds the URL with
// url.PathEscape, as the generated client does, and checks that the request
// URI on the wire is uri.
var knownAnswers = []struct {
	name      string
	method    string
	uri       string
	jobID     string
	query     string
	millis    int64
	accessKey string
	secretKey string
	want      string
}{
	{name: "published GET kubeconfig", method: "GET", uri: "/cluster/kubeconfig", millis: 1668407407855,
		accessKey: "access", secretKey: "secret", want: "LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0="},
	{name: "published GET with query", method: "GET", uri: "/iam/krs-v1/user?clusterUuid=D11328F1-ECA9-4F1B-BA22-921F61D9C5FF",
		millis: 1668407407855, accessKey: "access", secretKey: "secret", want: "emeahfW4CmzsxIQ5ip0cd9yqERXJ+ZJsRfQpGNmKdXk="},
	{name: "PUT executions plain id", method: "PUT", uri: "/api/v1/jobs/gqigvH123456/executions", jobID: "gqigvH123456",
		want: "TrK3NV7/d6ukQaQC6mkHaKw13+49NF6nEfhfi0NF0Hg="},
	{name: "PUT executions id with spaces", method: "PUT", uri: "/api/v1/jobs/job%20with%20space/executions", jobID: "job with space",
		want: "dmN7jeEvAUgPm/XoqKXdKdfttukofTmnUBNIwej6qs4="},
	{name: "PUT executions id with slash", method: "PUT", uri: "/api/v1/jobs/a%2Fb/executions", jobID: "a/b",
		want: "SzkZHve4XNASCG3WkNYbtT+cGnjBcjsdyBFy+klJR+A="},
	{name: "PUT executions id with percent", method: "PUT", uri: "/api/v1/jobs/100%25/executions", jobID: "100%",
		want: "soDBkO0gYZ7OpfiJ7Yf0GGtgn5ERcf53Lo9GgTAWUTs="},
	{name: "PUT executions non-ASCII id", method: "PUT", uri: "/api/v1/jobs/%EC%9E%A1/executions", jobID: "잡",
		want: "M1E2hZjewql2hRK8QQhbFXIbARry8nXyff5jER1v7Mc="},
	{name: "PUT executions with query", method: "PUT", uri: "/api/v1/jobs/gqigvH123456/executions?triggerId=trg-1&workflowId=wf%3A2",
		jobID: "gqigvH123456", query: "triggerId=trg-1&workflowId=wf%3A2", want: "3qWt0ywIuX+YtvhNq2IQLR3p7GiAVex0PN5kGdG1XOs="},
	{name: "PUT executions escaped id and plus in query", method: "PUT", uri: "/api/v1/jobs/job%20with%20space/executions?note=a+b",
		jobID: "job with space", query: "note=a+b", want: "Sbid0Ti3QxOpAegOZ/Q9/dvkxtMLUwZMQIUBXJGjz5Q="},
}

func fillDefaults(millis int64, ak, sk string) (int64, string, string) {
	if millis == 0 {
		millis = testMillis
	}
	if ak == "" {
		ak, sk = testAccessKey, testSecretKey
	}
	return millis, ak, sk
}

func TestComputeSignatureKnownAnswers(t *testing.T) {
	for _, v := range knownAnswers {
		t.Run(v.name, func(t *testing.T) {
			millis, ak, sk := fillDefaults(v.millis, v.accessKey, v.secretKey)
			ts := itoa(millis)
			wantSTS := v.method + " " + v.uri + "\n" + ts + "\n" + ak
			if got := signing.StringToSign(v.method, v.uri, ts, ak); got != wantSTS {
				t.Errorf("StringToSign = %q, want %q", got, wantSTS)
			}
			if got := signing.ComputeSignature(sk, v.method, v.uri, ts, ak); got != v.want {
				t.Errorf("ComputeSignature = %s, want %s", got, v.want)
			}
		})
	}
}

// TestSignerKnownAnswers signs real requests, built the way a client builds
// them, and checks the exact header values.
func TestSignerKnownAnswers(t *testing.T) {
	for _, v := range knownAnswers {
		t.Run(v.name, func(t *testing.T) {
			millis, ak, sk := fillDefaults(v.millis, v.accessKey, v.secretKey)
			target := "https://dataflow.apigw.ntruss.com" + v.uri
			if v.jobID != "" {
				target = "https://dataflow.apigw.ntruss.com/api/v1/jobs/" + url.PathEscape(v.jobID) + "/executions"
				if v.query != "" {
					target += "?" + v.query
				}
			}
			req, err := http.NewRequest(v.method, target, strings.NewReader(`{"jobCondition":{}}`))
			if err != nil {
				t.Fatal(err)
			}
			if got := req.URL.RequestURI(); got != v.uri {
				t.Fatalf("request URI on the wire = %q, want %q", got, v.uri)
			}
			var sts string
			s, err := signing.New(ak, sk,
				signing.WithClock(func() time.Time { return time.UnixMilli(millis) }),
				signing.WithDebug(func(m string) { sts = m }))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Intercept(t.Context(), req); err != nil {
				t.Fatal(err)
			}
			wantHeaders := map[string]string{
				"x-ncp-apigw-timestamp":    itoa(millis),
				"x-ncp-iam-access-key":     ak,
				"x-ncp-apigw-signature-v2": v.want,
			}
			for name, want := range wantHeaders {
				if got := req.Header.Values(name); len(got) != 1 || got[0] != want {
					t.Errorf("header %s = %q, want [%q]", name, got, want)
				}
			}
			if want := v.method + " " + v.uri + "\n" + itoa(millis) + "\n" + ak; sts != want {
				t.Errorf("debug string to sign = %q, want %q", sts, want)
			}
		})
	}
}

// TestSignatureNegativeCases: each classic mistake in building the string to
// sign gives a signature that Verify rejects, while the right string passes.
func TestSignatureNegativeCases(t *testing.T) {
	const ts = "1668407407855"
	const uri = "/iam/krs-v1/user?clusterUuid=D11328F1-ECA9-4F1B-BA22-921F61D9C5FF"
	now := time.UnixMilli(1668407407855)
	lookup := func(ak string) (string, bool) { return "secret", ak == "access" }
	cases := []struct {
		name, method, requestURI, msg string
		ok                            bool
	}{
		{"correct", "GET", uri, "GET " + uri + "\n" + ts + "\naccess", true},
		{"trailing newline", "GET", uri, "GET " + uri + "\n" + ts + "\naccess\n", false},
		{"scheme and host", "GET", uri, "GET https://nks.apigw.ntruss.com" + uri + "\n" + ts + "\naccess", false},
		{"CRLF separators", "GET", uri, "GET " + uri + "\r\n" + ts + "\r\naccess", false},
		{"lower-case method", "GET", uri, "get " + uri + "\n" + ts + "\naccess", false},
		{"seconds, not millis", "GET", uri, "GET " + uri + "\n" + ts[:10] + "\naccess", false},
		{"path without query", "GET", uri, "GET /iam/krs-v1/user\n" + ts + "\naccess", false},
		{"%20 signed, + sent", "GET", "/p?q=a+b", "GET /p?q=a%20b\n" + ts + "\naccess", false},
		{"+ signed, %20 sent", "GET", "/p?q=a%20b", "GET /p?q=a+b\n" + ts + "\naccess", false},
		{"decoded path signed", "PUT", "/api/v1/jobs/a%2Fb/executions", "PUT /api/v1/jobs/a/b/executions\n" + ts + "\naccess", false},
		{"no space after method", "GET", uri, "GET" + uri + "\n" + ts + "\naccess", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := &http.Request{Method: c.method, RequestURI: c.requestURI, Header: http.Header{}}
			req.Header.Set(signing.HeaderTimestamp, ts)
			req.Header.Set(signing.HeaderAccessKey, "access")
			req.Header.Set(signing.HeaderSignature, rawSignature("secret", c.msg))
			err := signing.Verify(req, lookup, now, 0)
			if c.ok && err != nil {
				t.Fatalf("Verify = %v, want nil", err)
			}
			if !c.ok && !errors.Is(err, signing.ErrSignatureMismatch) {
				t.Fatalf("Verify = %v, want ErrSignatureMismatch", err)
			}
		})
	}
}

func TestStringToSignLayout(t *testing.T) {
	got := signing.StringToSign("PUT", "/a?b=c", "1", "k")
	if got != "PUT /a?b=c\n1\nk" {
		t.Fatalf("StringToSign = %q", got)
	}
	if strings.Contains(got, "\r") || strings.HasSuffix(got, "\n") {
		t.Fatalf("StringToSign has CR or a trailing newline: %q", got)
	}
}
