package signing_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// countingProvider counts Retrieve calls: a refused request must not even
// fetch credentials.
type countingProvider struct{ calls atomic.Int64 }

func (p *countingProvider) Retrieve(context.Context) (signing.Credentials, error) {
	p.calls.Add(1)
	return signing.Credentials{AccessKey: testAccessKey, SecretKey: signing.NewSecret(testSecretKey), Source: "test"}, nil
}

// recordingBase is a RoundTripper that records what reaches it.
type recordingBase struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (b *recordingBase) RoundTrip(req *http.Request) (*http.Response, error) {
	b.mu.Lock()
	b.reqs = append(b.reqs, req)
	b.mu.Unlock()
	return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Header: http.Header{}, Request: req}, nil
}

// TestSignerSignsOnlyForItsEndpoint: Intercept, Sign, Transport and
// CheckRedirect accept the endpoint however its scheme, host and default port
// are spelled, and refuse every other scheme, host and port with a
// *HostError that names scheme and host only, before fetching credentials.
func TestSignerSignsOnlyForItsEndpoint(t *testing.T) {
	cases := []struct {
		endpoint string // "" means the default
		target   string
		host     string // Host header override, if any
		refused  string // "" means allowed
	}{
		{"", "https://dataflow.apigw.ntruss.com/api/v1/jobs", "", ""},
		{"", "https://DataFlow.APIGW.ntruss.COM:443/api/v1/jobs", "", ""},
		{"", "https://dataflow.apigw.ntruss.com:0443/api/v1/jobs", "", ""},
		{"https://dataflow.apigw.ntruss.com:443/some/prefix", "https://dataflow.apigw.ntruss.com/api/v1/jobs", "", ""},
		{"HTTP://127.0.0.1:8080", "http://127.0.0.1:8080/api/v1/jobs?page=2", "", ""},
		{"http://[::1]:80", "http://[::1]/x", "", ""},
		{"http://Example.TEST", "http://example.test:80/x", "example.test", ""},

		{"", "http://dataflow.apigw.ntruss.com/api/v1/jobs", "", "http://dataflow.apigw.ntruss.com"},
		{"", "http://dataflow.apigw.ntruss.com:443/api/v1/jobs", "", "http://dataflow.apigw.ntruss.com:443"},
		{"", "https://dataflow.apigw.ntruss.com:8443/api/v1/jobs", "", "https://dataflow.apigw.ntruss.com:8443"},
		{"", "https://evil.example/api/v1/jobs/j1?token=QUERYSECRET", "", "https://evil.example"},
		{"", "https://dataflow.apigw.ntruss.com.evil.example/api/v1/jobs", "", "https://dataflow.apigw.ntruss.com.evil.example"},
		{"", "https://dataflow.apigw.ntruss.com.:443/api/v1/jobs", "", "https://dataflow.apigw.ntruss.com."},
		{"", "https://USERSECRET:PASSSECRET@evil.example/x", "", "https://evil.example"},
		{"", "https://dataflow.apigw.ntruss.com@evil.example/x", "", "https://evil.example"},
		{"", "https://dataflow.apigw.ntruss.com/x", "evil.example", "https://evil.example"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8081/x", "", "http://127.0.0.1:8081"},
		{"http://127.0.0.1:8080", "http://localhost:8080/x", "", "http://localhost:8080"},
		{"https://127.0.0.1:8080", "http://127.0.0.1:8080/x", "", "http://127.0.0.1:8080"},
	}
	for _, c := range cases {
		t.Run(c.endpoint+" "+c.target+" "+c.host, func(t *testing.T) {
			var opts []signing.Option
			if c.endpoint != "" {
				opts = append(opts, signing.WithEndpoint(c.endpoint))
			}
			provider := &countingProvider{}
			s, err := signing.NewWithProvider(provider, opts...)
			if err != nil {
				t.Fatal(err)
			}
			newReq := func() *http.Request {
				req := newPut(t, c.target)
				if c.host != "" {
					req.Host = c.host
				}
				return req
			}
			base := &recordingBase{}
			tr := &signing.Transport{Base: base, Signer: s}
			results := map[string]error{}
			req := newReq()
			results["Intercept"] = s.Intercept(context.Background(), req)
			signedByIntercept := req.Header.Get(signing.HeaderSignature) != ""
			req = newReq()
			results["Sign"] = s.Sign(req, time.UnixMilli(testMillis), signing.Credentials{AccessKey: testAccessKey, SecretKey: signing.NewSecret(testSecretKey)})
			signedBySign := req.Header.Get(signing.HeaderSignature) != ""
			_, results["Transport"] = tr.RoundTrip(newReq())
			results["CheckRedirect"] = s.CheckRedirect(newReq(), []*http.Request{newReq()})

			for name, err := range results {
				if c.refused == "" {
					if err != nil {
						t.Errorf("%s: %v, want it signed", name, err)
					}
					continue
				}
				var he *signing.HostError
				if !errors.Is(err, signing.ErrHostNotAllowed) || !errors.As(err, &he) {
					t.Errorf("%s: err = %v, want a *HostError matching ErrHostNotAllowed", name, err)
					continue
				}
				if he.Refused != c.refused {
					t.Errorf("%s: refused %q, want %q", name, he.Refused, c.refused)
				}
				for _, leak := range []string{"QUERYSECRET", "USERSECRET", "PASSSECRET", "/api", "/x"} {
					if strings.Contains(err.Error(), leak) {
						t.Errorf("%s: error %q repeats %q", name, err, leak)
					}
				}
			}
			if c.refused != "" {
				if signedByIntercept || signedBySign {
					t.Errorf("refused request was signed anyway (Intercept %v, Sign %v)", signedByIntercept, signedBySign)
				}
				if len(base.reqs) != 0 {
					t.Errorf("Transport sent %d requests, want none", len(base.reqs))
				}
				if n := provider.calls.Load(); n != 0 {
					t.Errorf("credentials fetched %d times for a refused request", n)
				}
			} else if len(base.reqs) != 1 || base.reqs[0].Header.Get(signing.HeaderSignature) == "" {
				t.Errorf("Transport sent %d requests, want one signed", len(base.reqs))
			}
		})
	}
}

func TestWithEndpointRejectsBadBaseURLs(t *testing.T) {
	for _, raw := range []string{"", "  ", "dataflow.apigw.ntruss.com", "ftp://h/", "https://", "https://:443",
		"https://user:PASSSECRET@h/", "https://h:99999", "https://h:port", "://h", "https://h\x7f/"} {
		_, err := signing.New(testAccessKey, testSecretKey, signing.WithEndpoint(raw))
		if !errors.Is(err, signing.ErrInvalidOption) {
			t.Errorf("WithEndpoint(%q): err = %v, want ErrInvalidOption", raw, err)
		}
		if err != nil && strings.Contains(err.Error(), "PASSSECRET") {
			t.Errorf("WithEndpoint(%q): error repeats the password: %v", raw, err)
		}
	}
}

// attackServers starts the real endpoint (it verifies signatures, and counts
// the requests that verify) and another host that redirects nothing but
// records every header it gets and replays them against the endpoint,
// as a thief of signatures would.
type attackServers struct {
	api, thief *httptest.Server
	verified   atomic.Int64 // requests the endpoint accepted
	deleted    atomic.Int64 // DELETEs the endpoint accepted
	stolen     atomic.Int64 // requests reaching the thief with an access key or signature
	hits       atomic.Int64 // requests reaching the thief at all
}

func newAttackServers(t *testing.T, tlsAPI bool, redirect int) *attackServers {
	t.Helper()
	a := &attackServers{}
	a.thief = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.hits.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		if r.Header.Get(signing.HeaderAccessKey) != "" || r.Header.Get(signing.HeaderSignature) != "" {
			a.stolen.Add(1)
		}
		// Replay what came, same method and URI, against the real endpoint.
		replay, err := http.NewRequest(r.Method, a.api.URL+r.RequestURI, nil)
		if err == nil {
			for _, h := range []string{signing.HeaderTimestamp, signing.HeaderAccessKey, signing.HeaderSignature} {
				replay.Header.Set(h, r.Header.Get(h))
			}
			if resp, err := a.api.Client().Do(replay); err == nil {
				resp.Body.Close()
			}
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(a.thief.Close)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if strings.HasPrefix(r.URL.Path, "/redirect/") {
			http.Redirect(w, r, a.thief.URL+strings.TrimPrefix(r.URL.Path, "/redirect")+"?q=1", redirect)
			return
		}
		if err := signing.Verify(r, lookupTest, time.Now(), 0); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		a.verified.Add(1)
		if r.Method == http.MethodDelete {
			a.deleted.Add(1)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	if tlsAPI {
		a.api = httptest.NewTLSServer(handler)
	} else {
		a.api = httptest.NewServer(handler)
	}
	t.Cleanup(a.api.Close)
	return a
}

// TestRedirectToAnotherHostGetsNoSignature: the endpoint redirects a signed
// DELETE to another host, which would replay whatever it receives. With the
// signer in Transport (below net/http's redirect layer), or in a request
// editor with CheckRedirect, the other host gets no access key and no
// signature, the call fails with a *HostError, and the replay deletes
// nothing. https endpoints redirecting to plain http are covered too.
func TestRedirectToAnotherHostGetsNoSignature(t *testing.T) {
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, tlsAPI := range []bool{false, true} {
			for _, hookup := range []string{"transport", "editor+CheckRedirect"} {
				name := http.StatusText(code) + "/" + hookup
				if tlsAPI {
					name += "/https-to-http"
				}
				t.Run(name, func(t *testing.T) {
					a := newAttackServers(t, tlsAPI, code)
					s := mustSigner(t, signing.WithEndpoint(a.api.URL))
					base := a.api.Client().Transport
					var client *http.Client
					var sign func(*http.Request)
					switch hookup {
					case "transport":
						client = &http.Client{Transport: &signing.Transport{Base: base, Signer: s}}
						sign = func(*http.Request) {}
					default:
						client = &http.Client{Transport: base, CheckRedirect: s.CheckRedirect}
						sign = func(req *http.Request) {
							if err := s.Intercept(context.Background(), req); err != nil {
								t.Fatal(err)
							}
						}
					}
					// The endpoint accepts a signed request: the setup is sound.
					ok, err := http.NewRequest(http.MethodDelete, a.api.URL+"/api/v1/jobs/j1", nil)
					if err != nil {
						t.Fatal(err)
					}
					sign(ok)
					resp, err := client.Do(ok)
					if err != nil {
						t.Fatal(err)
					}
					resp.Body.Close()
					if a.verified.Load() != 1 {
						t.Fatalf("the endpoint did not accept a signed request (status %d)", resp.StatusCode)
					}

					req, err := http.NewRequest(http.MethodDelete, a.api.URL+"/redirect/api/v1/jobs/j2", nil)
					if err != nil {
						t.Fatal(err)
					}
					sign(req)
					resp, err = client.Do(req)
					if err == nil {
						resp.Body.Close()
					}
					if !errors.Is(err, signing.ErrHostNotAllowed) {
						t.Errorf("err = %v, want ErrHostNotAllowed", err)
					}
					var he *signing.HostError
					if !errors.As(err, &he) || he.Refused != a.thief.URL {
						t.Errorf("refused %+v, want %s", he, a.thief.URL)
					}
					if n := a.stolen.Load(); n != 0 {
						t.Errorf("the other host received the access key or a signature %d times", n)
					}
					if n := a.hits.Load(); n != 0 {
						t.Errorf("the other host received %d requests, want none", n)
					}
					if n := a.deleted.Load(); n != 1 {
						t.Errorf("the endpoint accepted %d DELETEs, want only the test's own one (a replay got through)", n)
					}
				})
			}
		}
	}
}

// TestCheckRedirectResignsWithinTheEndpoint: a same-host redirect of a
// request signed by Intercept is signed afresh for its new URI (and, for a
// 302, its new method), so it verifies instead of failing on a stale
// signature.
func TestCheckRedirectResignsWithinTheEndpoint(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new?x=1", http.StatusFound)
			return
		}
		got = append(got, r.Method+" "+r.RequestURI)
		if err := signing.Verify(r, lookupTest, time.Now(), 0); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	s := mustSigner(t, signing.WithEndpoint(srv.URL))
	for _, withCheck := range []bool{true, false} {
		got = nil
		client := &http.Client{}
		if withCheck {
			client.CheckRedirect = s.CheckRedirect
		}
		req := newPut(t, srv.URL+"/old")
		if err := s.Intercept(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := http.StatusNoContent
		if !withCheck {
			want = http.StatusUnauthorized // the stale signature: what CheckRedirect mends
		}
		if resp.StatusCode != want || len(got) != 1 || got[0] != "GET /new?x=1" {
			t.Errorf("CheckRedirect %v: status %d after %q, want %d after GET /new?x=1", withCheck, resp.StatusCode, got, want)
		}
	}
}

func TestCheckRedirectStopsAfterTen(t *testing.T) {
	s := mustSigner(t)
	req := newPut(t, "https://dataflow.apigw.ntruss.com/x")
	via := make([]*http.Request, 10)
	if err := s.CheckRedirect(req, via); err == nil || !strings.Contains(err.Error(), "10 redirects") {
		t.Fatalf("err = %v, want a stop after 10 redirects", err)
	}
}

// TestHostErrorBoundsWhatItRepeats: a hostile Host value is shortened and
// made printable in the error.
func TestHostErrorBoundsWhatItRepeats(t *testing.T) {
	s := mustSigner(t)
	req := &http.Request{Method: "GET", URL: &url.URL{Scheme: "https", Host: "dataflow.apigw.ntruss.com", Path: "/"},
		Host: strings.Repeat("a", 5000) + "\n\x1b[31m", Header: http.Header{}}
	err := s.Intercept(context.Background(), req)
	var he *signing.HostError
	if !errors.As(err, &he) {
		t.Fatalf("err = %v, want *HostError", err)
	}
	if len(err.Error()) > 400 || strings.ContainsAny(err.Error(), "\n\x1b") {
		t.Fatalf("error is %d bytes or has control characters: %q", len(err.Error()), err.Error())
	}
}
