package signing_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// signedAt returns a PUT to the seed path signed at millis with the test keys.
func signedAt(t *testing.T, millis int64) *http.Request {
	t.Helper()
	req := newPut(t, "https://dataflow.apigw.ntruss.com/api/v1/jobs/a%2Fb/executions?x=1")
	if err := mustSigner(t).Sign(req, time.UnixMilli(millis), signing.Credentials{AccessKey: testAccessKey, SecretKey: signing.NewSecret(testSecretKey)}); err != nil {
		t.Fatal(err)
	}
	return req
}

func TestVerify(t *testing.T) {
	signedTime := time.UnixMilli(testMillis)
	cases := []struct {
		name   string
		edit   func(r *http.Request)
		now    time.Time
		window time.Duration
		want   error // nil: verified
	}{
		{name: "valid", now: signedTime},
		{name: "server-side RequestURI used", edit: func(r *http.Request) {
			r.RequestURI = r.URL.RequestURI()
			r.URL.Path, r.URL.RawPath = "/something/else", ""
		}, now: signedTime},
		{name: "server-side RequestURI differs", edit: func(r *http.Request) { r.RequestURI = "/api/v1/jobs/a/b/executions?x=1" }, now: signedTime, want: signing.ErrSignatureMismatch},
		{name: "missing timestamp", edit: func(r *http.Request) { r.Header.Del(signing.HeaderTimestamp) }, now: signedTime, want: signing.ErrMissingHeaders},
		{name: "missing access key", edit: func(r *http.Request) { r.Header.Del(signing.HeaderAccessKey) }, now: signedTime, want: signing.ErrMissingHeaders},
		{name: "missing signature", edit: func(r *http.Request) { r.Header.Del(signing.HeaderSignature) }, now: signedTime, want: signing.ErrMissingHeaders},
		{name: "no headers", edit: func(r *http.Request) { r.Header = http.Header{} }, now: signedTime, want: signing.ErrMissingHeaders},
		{name: "timestamp not digits", edit: func(r *http.Request) { r.Header.Set(signing.HeaderTimestamp, "17672256OOOOO") }, now: signedTime, want: signing.ErrMalformedTimestamp},
		{name: "timestamp signed", edit: func(r *http.Request) { r.Header.Set(signing.HeaderTimestamp, "+1767225600000") }, now: signedTime, want: signing.ErrMalformedTimestamp},
		{name: "timestamp negative", edit: func(r *http.Request) { r.Header.Set(signing.HeaderTimestamp, "-1") }, now: signedTime, want: signing.ErrMalformedTimestamp},
		{name: "timestamp fractional", edit: func(r *http.Request) { r.Header.Set(signing.HeaderTimestamp, "1767225600.5") }, now: signedTime, want: signing.ErrMalformedTimestamp},
		{name: "timestamp too long", edit: func(r *http.Request) { r.Header.Set(signing.HeaderTimestamp, "99999999999999999999") }, now: signedTime, want: signing.ErrMalformedTimestamp},
		{name: "unknown access key", edit: func(r *http.Request) { r.Header.Set(signing.HeaderAccessKey, "someone-else") }, now: signedTime, want: signing.ErrUnknownAccessKey},
		{name: "signature tampered", edit: func(r *http.Request) {
			sig := []byte(r.Header.Get(signing.HeaderSignature))
			sig[0] ^= 1
			r.Header.Set(signing.HeaderSignature, string(sig))
		}, now: signedTime, want: signing.ErrSignatureMismatch},
		{name: "timestamp changed", edit: func(r *http.Request) { r.Header.Set(signing.HeaderTimestamp, "1767225600001") }, now: signedTime, want: signing.ErrSignatureMismatch},
		{name: "method changed", edit: func(r *http.Request) { r.Method = http.MethodPost }, now: signedTime, want: signing.ErrSignatureMismatch},
		{name: "query changed", edit: func(r *http.Request) { r.URL.RawQuery = "x=2" }, now: signedTime, want: signing.ErrSignatureMismatch},
		{name: "query reordered", edit: func(r *http.Request) { r.URL.RawQuery = "x=1&" }, now: signedTime, want: signing.ErrSignatureMismatch},
		{name: "5 minutes old", now: signedTime.Add(5 * time.Minute)},
		{name: "5 minutes ahead", now: signedTime.Add(-5 * time.Minute)},
		{name: "5 minutes 1 ms old", now: signedTime.Add(5*time.Minute + time.Millisecond), want: signing.ErrTimestampOutOfWindow},
		{name: "5 minutes 1 ms ahead", now: signedTime.Add(-5*time.Minute - time.Millisecond), want: signing.ErrTimestampOutOfWindow},
		{name: "custom window", now: signedTime.Add(31 * time.Second), window: 30 * time.Second, want: signing.ErrTimestampOutOfWindow},
		{name: "zero window means default", now: signedTime.Add(4 * time.Minute), window: 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := signedAt(t, testMillis)
			if c.edit != nil {
				c.edit(req)
			}
			err := signing.Verify(req, lookupTest, c.now, c.window)
			if c.want == nil && err != nil {
				t.Fatalf("Verify = %v, want nil", err)
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("Verify = %v, want %v", err, c.want)
			}
		})
	}
}

func TestVerifyBadArguments(t *testing.T) {
	if err := signing.Verify(nil, lookupTest, time.Now(), 0); !errors.Is(err, signing.ErrInvalidRequest) {
		t.Errorf("nil request: %v", err)
	}
	if err := signing.Verify(signedAt(t, testMillis), nil, time.Now(), 0); !errors.Is(err, signing.ErrInvalidRequest) {
		t.Errorf("nil lookup: %v", err)
	}
	emptySecret := func(string) (string, bool) { return "", true }
	if err := signing.Verify(signedAt(t, testMillis), emptySecret, time.UnixMilli(testMillis), 0); !errors.Is(err, signing.ErrUnknownAccessKey) {
		t.Errorf("empty secret from lookup: %v", err)
	}
}
