package signing_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// steppingClock returns a clock that reads start, then start+step, and so on.
func steppingClock(start time.Time, step time.Duration) func() time.Time {
	var n atomic.Int64
	return func() time.Time { return start.Add(time.Duration(n.Add(1)-1) * step) }
}

func mustSigner(t testing.TB, opts ...signing.Option) *signing.Signer {
	t.Helper()
	s, err := signing.New(testAccessKey, testSecretKey, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newPut(t testing.TB, target string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, target, strings.NewReader(`{"jobCondition":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func lookupTest(ak string) (string, bool) {
	if ak == testAccessKey {
		return testSecretKey, true
	}
	return "", false
}

func TestInterceptFreshTimestampEachCall(t *testing.T) {
	start := time.UnixMilli(testMillis)
	s := mustSigner(t, signing.WithClock(steppingClock(start, 1500*time.Millisecond)))
	req := newPut(t, "https://dataflow.apigw.ntruss.com/api/v1/jobs/j1/executions")
	var stamps, sigs []string
	for i := 0; i < 3; i++ {
		if err := s.Intercept(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		if n := len(req.Header.Values(signing.HeaderSignature)); n != 1 {
			t.Fatalf("attempt %d: %d signature headers, want 1", i, n)
		}
		stamps = append(stamps, req.Header.Get(signing.HeaderTimestamp))
		sigs = append(sigs, req.Header.Get(signing.HeaderSignature))
		now := start.Add(time.Duration(i) * 1500 * time.Millisecond)
		if err := signing.Verify(req, lookupTest, now, 0); err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	want := []string{"1767225600000", "1767225601500", "1767225603000"}
	for i := range want {
		if stamps[i] != want[i] {
			t.Errorf("timestamp %d = %s, want %s", i, stamps[i], want[i])
		}
	}
	if sigs[0] == sigs[1] || sigs[1] == sigs[2] {
		t.Errorf("signatures repeat across attempts: %q", sigs)
	}
}

func TestSignReplacesStaleHeaders(t *testing.T) {
	s := mustSigner(t)
	req := newPut(t, "https://dataflow.apigw.ntruss.com/api/v1/jobs/j1/executions")
	// Values set earlier, some under spellings that Header.Set would not use.
	req.Header["x-ncp-apigw-timestamp"] = []string{"1"}
	req.Header["X-NCP-APIGW-SIGNATURE-V2"] = []string{"stale"}
	req.Header.Set(signing.HeaderAccessKey, "old")
	req.Header.Set("X-Other", "kept")
	if err := s.Sign(req, time.UnixMilli(testMillis), signing.Credentials{AccessKey: testAccessKey, SecretKey: signing.NewSecret(testSecretKey)}); err != nil {
		t.Fatal(err)
	}
	var ours []string
	for k := range req.Header {
		if strings.HasPrefix(strings.ToLower(k), "x-ncp-") {
			ours = append(ours, k)
		}
	}
	if len(ours) != 3 {
		t.Fatalf("auth header keys = %q, want exactly the three canonical ones", ours)
	}
	if got := req.Header.Get("X-Other"); got != "kept" {
		t.Errorf("unrelated header = %q", got)
	}
	if err := signing.Verify(req, lookupTest, time.UnixMilli(testMillis), 0); err != nil {
		t.Fatal(err)
	}
}

func TestSignDoesNotReadBody(t *testing.T) {
	s := mustSigner(t)
	body := &countingBody{r: strings.NewReader("payload")}
	req, err := http.NewRequest(http.MethodPut, "https://dataflow.apigw.ntruss.com/x", body)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Intercept(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if body.reads != 0 || body.closed {
		t.Fatalf("signer touched the body: %d reads, closed=%v", body.reads, body.closed)
	}
}

type countingBody struct {
	r      *strings.Reader
	reads  int
	closed bool
}

func (b *countingBody) Read(p []byte) (int, error) { b.reads++; return b.r.Read(p) }
func (b *countingBody) Close() error               { b.closed = true; return nil }

func TestBadInput(t *testing.T) {
	good := signing.Credentials{AccessKey: testAccessKey, SecretKey: signing.NewSecret(testSecretKey)}
	s := mustSigner(t)
	cases := []struct {
		name string
		run  func() error
		want error
	}{
		{"New empty access key", func() error { _, err := signing.New("", "sk"); return err }, signing.ErrInvalidCredentials},
		{"New empty secret key", func() error { _, err := signing.New("ak", ""); return err }, signing.ErrInvalidCredentials},
		{"New access key with newline", func() error { _, err := signing.New("ak\n", "sk"); return err }, signing.ErrInvalidCredentials},
		{"New access key with trailing space", func() error { _, err := signing.New("ak ", "sk"); return err }, signing.ErrInvalidCredentials},
		{"NewWithProvider nil", func() error { _, err := signing.NewWithProvider(nil); return err }, signing.ErrInvalidCredentials},
		{"Intercept nil request", func() error { return s.Intercept(context.Background(), nil) }, signing.ErrInvalidRequest},
		{"Intercept request without URL", func() error {
			return s.Intercept(context.Background(), &http.Request{Method: "PUT", Header: http.Header{}})
		}, signing.ErrInvalidRequest},
		{"Resign request without URL", func() error { return s.Resign(&http.Request{Method: "PUT"}) }, signing.ErrInvalidRequest},
		{"Sign empty access key", func() error {
			return s.Sign(newPut(t, "https://dataflow.apigw.ntruss.com/x"), time.UnixMilli(testMillis), signing.Credentials{SecretKey: signing.NewSecret("sk")})
		}, signing.ErrInvalidCredentials},
		{"Sign empty secret", func() error {
			return s.Sign(newPut(t, "https://dataflow.apigw.ntruss.com/x"), time.UnixMilli(testMillis), signing.Credentials{AccessKey: "ak"})
		}, signing.ErrInvalidCredentials},
		{"Sign clock before 1970", func() error {
			return s.Sign(newPut(t, "https://dataflow.apigw.ntruss.com/x"), time.Unix(-5, 0), good)
		}, signing.ErrInvalidRequest},
		{"nil Signer", func() error {
			var nilSigner *signing.Signer
			return nilSigner.Intercept(context.Background(), newPut(t, "https://dataflow.apigw.ntruss.com/x"))
		}, signing.ErrInvalidRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestInterceptProviderErrorLeavesRequestUnsigned(t *testing.T) {
	boom := errors.New("sts down")
	s, err := signing.NewWithProvider(providerFunc(func(context.Context) (signing.Credentials, error) {
		return signing.Credentials{}, boom
	}))
	if err != nil {
		t.Fatal(err)
	}
	req := newPut(t, "https://dataflow.apigw.ntruss.com/x")
	if err := s.Intercept(context.Background(), req); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the provider's error", err)
	}
	if req.Header.Get(signing.HeaderSignature) != "" {
		t.Fatal("request was signed despite the error")
	}
}

type providerFunc func(context.Context) (signing.Credentials, error)

func (f providerFunc) Retrieve(ctx context.Context) (signing.Credentials, error) { return f(ctx) }

// rotatingProvider hands out key pair n/2 on call n, like STS keys rotating.
type rotatingProvider struct{ calls atomic.Int64 }

func rotatingKey(n int64) (string, string) {
	return fmt.Sprintf("AK%03d", n), fmt.Sprintf("SK-rotated-%03d", n)
}

func (p *rotatingProvider) Retrieve(context.Context) (signing.Credentials, error) {
	ak, sk := rotatingKey(p.calls.Add(1) / 2 % 7)
	return signing.Credentials{AccessKey: ak, SecretKey: signing.NewSecret(sk), Source: "rotating"}, nil
}

// TestConcurrentSigningWithRotation runs under -race: many goroutines sign
// with keys that change underneath, and each signature must verify with the
// secret of the access key it names.
func TestConcurrentSigningWithRotation(t *testing.T) {
	s, err := signing.NewWithProvider(&rotatingProvider{})
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{}
	for n := int64(0); n < 7; n++ {
		ak, sk := rotatingKey(n)
		secrets[ak] = sk
	}
	lookup := func(ak string) (string, bool) { sk, ok := secrets[ak]; return sk, ok }
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				req, err := http.NewRequest(http.MethodPut, fmt.Sprintf("https://dataflow.apigw.ntruss.com/api/v1/jobs/job%%20%d/executions?i=%d", g, i), nil)
				if err != nil {
					errs <- err
					return
				}
				if err := s.Intercept(context.Background(), req); err != nil {
					errs <- err
					return
				}
				if err := signing.Verify(req, lookup, time.Now(), 0); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestDebugHookNeverSeesSecret(t *testing.T) {
	var got []string
	s := mustSigner(t, signing.WithDebug(func(m string) { got = append(got, m) }),
		signing.WithClock(func() time.Time { return time.UnixMilli(testMillis) }))
	if err := s.Intercept(context.Background(), newPut(t, "https://dataflow.apigw.ntruss.com/api/v1/jobs/a%2Fb/executions?x=1")); err != nil {
		t.Fatal(err)
	}
	want := "PUT /api/v1/jobs/a%2Fb/executions?x=1\n1767225600000\n" + testAccessKey
	if len(got) != 1 || got[0] != want {
		t.Fatalf("debug got %q, want [%q]", got, want)
	}
	if strings.Contains(got[0], testSecretKey) {
		t.Fatal("debug output contains the secret")
	}
}

// TestSignerMatchesPureCore: the pooled fast path and ComputeSignature agree,
// also after the secret changes (the pool is keyed by secret).
func TestSignerMatchesPureCore(t *testing.T) {
	s := mustSigner(t)
	now := time.UnixMilli(testMillis)
	for i, c := range []signing.Credentials{
		{AccessKey: "a1", SecretKey: signing.NewSecret("s1")}, {AccessKey: "a1", SecretKey: signing.NewSecret("s2")}, {AccessKey: "a1", SecretKey: signing.NewSecret("s1")},
		{AccessKey: "a2", SecretKey: signing.NewSecret(strings.Repeat("long secret ", 20))},
	} {
		for _, target := range []string{"https://dataflow.apigw.ntruss.com/", "https://dataflow.apigw.ntruss.com/p?q", "https://dataflow.apigw.ntruss.com/" + strings.Repeat("x", 5000) + "?" + strings.Repeat("y", 100)} {
			req := newPut(t, target)
			if err := s.Sign(req, now, c); err != nil {
				t.Fatal(err)
			}
			want := signing.ComputeSignature(c.SecretKey.Reveal(), "PUT", req.URL.RequestURI(), "1767225600000", c.AccessKey)
			if got := req.Header.Get(signing.HeaderSignature); got != want {
				t.Errorf("creds %d %.30s: signature %s, want %s", i, target, got, want)
			}
		}
	}
}

// TestMethodAsSent: an empty method goes out as GET and is signed as GET.
func TestMethodAsSent(t *testing.T) {
	req := newPut(t, "https://dataflow.apigw.ntruss.com/x")
	req.Method = ""
	var sts string
	s := mustSigner(t, signing.WithDebug(func(m string) { sts = m }))
	if err := s.Intercept(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sts, "GET /x\n") {
		t.Fatalf("string to sign %q does not start with GET", sts)
	}
}
