package signing_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

// fakeClock is a settable clock shared by a signer and the test server.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// seen is what the test server recorded of one request.
type seen struct {
	method, requestURI, timestamp, signature string
	verifyErr                                error
}

// testServer verifies every request under /api/v1/ with signing.Verify, as
// the gateway would, and answers 401 on failure. It can answer 503 to the
// first few verified requests, and redirect /old/ paths with a 307.
type testServer struct {
	*httptest.Server
	clock *fakeClock

	mu       sync.Mutex
	requests []seen
	fail503  int
}

func newTestServer(t *testing.T, clock *fakeClock) *testServer {
	t.Helper()
	ts := &testServer{clock: clock}
	mux := http.NewServeMux()
	mux.HandleFunc("/old/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/api/v1/jobs/moved/executions", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/api/v1/", ts.serveAPI)
	ts.Server = httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

func (ts *testServer) serveAPI(w http.ResponseWriter, r *http.Request) {
	err := signing.Verify(r, lookupTest, ts.clock.Now(), signing.DefaultWindow)
	ts.mu.Lock()
	ts.requests = append(ts.requests, seen{
		method: r.Method, requestURI: r.RequestURI, timestamp: r.Header.Get(signing.HeaderTimestamp),
		signature: r.Header.Get(signing.HeaderSignature), verifyErr: err,
	})
	fail := err == nil && ts.fail503 > 0
	if fail {
		ts.fail503--
	}
	ts.mu.Unlock()
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/json")
	switch {
	case err != nil:
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"errorCode":"200","message":"Authentication Failed"}}`)
	case fail:
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"error":{"errorCode":"500","message":"busy"}}`)
	default:
		fmt.Fprint(w, `{"jobId":"gqigvH123456","name":"job001"}`)
	}
}

func (ts *testServer) seen() []seen {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]seen(nil), ts.requests...)
}

func putBody() gen.UpdateJobExecutionConfigJSONRequestBody {
	var body gen.UpdateJobExecutionConfigJSONRequestBody
	body.JobCondition.Nrn = "nrn:PUB:IAM::0000000:Role/example"
	body.JobCondition.ScriptPath = "dataflow-0000000-xxxx/scripts/"
	body.JobCondition.LogPath = "dataflow-0000000-xxxx/sparkHistoryLogs/"
	return body
}

// TestGeneratedClientRoundTrip sends the seed's PUT through the generated
// client with the signer attached, one line each way, for job ids that need
// escaping; the server verifies each with Verify, and the signature on the
// wire is the known answer computed with openssl.
func TestGeneratedClientRoundTrip(t *testing.T) {
	clock := newFakeClock(time.UnixMilli(testMillis))
	srv := newTestServer(t, clock)
	signer := mustSigner(t, signing.WithClock(clock.Now), signing.WithEndpoint(srv.URL))
	hookups := map[string]gen.ClientOption{
		"editor":    gen.WithRequestEditorFn(signer.Intercept),
		"transport": gen.WithHTTPClient(&http.Client{Transport: &signing.Transport{Signer: signer}}),
	}
	for hookName, hookup := range hookups {
		client, err := gen.NewClientWithResponses(srv.URL, hookup)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range knownAnswers {
			if v.jobID == "" || v.query != "" {
				continue
			}
			t.Run(hookName+"/"+v.name, func(t *testing.T) {
				before := len(srv.seen())
				resp, err := client.UpdateJobExecutionConfigWithResponse(context.Background(), v.jobID, putBody())
				if err != nil {
					t.Fatal(err)
				}
				got := srv.seen()[before:]
				if len(got) != 1 {
					t.Fatalf("server saw %d requests, want 1", len(got))
				}
				if got[0].verifyErr != nil || resp.StatusCode() != http.StatusOK || resp.JSON200 == nil {
					t.Fatalf("status %d, server verification: %v", resp.StatusCode(), got[0].verifyErr)
				}
				if got[0].method != http.MethodPut || got[0].requestURI != v.uri {
					t.Errorf("server saw %s %s, want PUT %s", got[0].method, got[0].requestURI, v.uri)
				}
				if got[0].signature != v.want {
					t.Errorf("signature on the wire %s, want the known answer %s", got[0].signature, v.want)
				}
			})
		}
	}
}

// TestNothingSentOnBadInput: when the signer cannot sign, the generated
// client returns the error and the server sees nothing.
func TestNothingSentOnBadInput(t *testing.T) {
	srv := newTestServer(t, newFakeClock(time.Now()))
	noKeys, err := signing.NewWithProvider(&signing.ChainCredentials{Providers: []signing.CredentialsProvider{
		signing.EnvCredentials{Lookup: envMap()},
	}}, signing.WithEndpoint(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	for name, hookup := range map[string]gen.ClientOption{
		"editor":    gen.WithRequestEditorFn(noKeys.Intercept),
		"transport": gen.WithHTTPClient(&http.Client{Transport: &signing.Transport{Signer: noKeys}}),
	} {
		t.Run(name, func(t *testing.T) {
			client, err := gen.NewClientWithResponses(srv.URL, hookup)
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.UpdateJobExecutionConfigWithResponse(context.Background(), "j1", putBody())
			if !errors.Is(err, signing.ErrNoCredentials) {
				t.Fatalf("err = %v, want ErrNoCredentials", err)
			}
			if n := len(srv.seen()); n != 0 {
				t.Fatalf("server saw %d requests, want none", n)
			}
		})
	}
}

// addQuery is a per-call editor that changes the URL, as a careless
// pagination or tracing editor might.
func addQuery(_ context.Context, req *http.Request) error {
	q := req.URL.Query()
	q.Set("dryRun", "true")
	req.URL.RawQuery = q.Encode()
	return nil
}

// TestPerCallEditorAfterSigner: a per-call editor runs after the client-level
// signer. With the editor alone the signature breaks (the gateway would
// answer 401); Transport signs after it; a strict Transport refuses to send.
func TestPerCallEditorAfterSigner(t *testing.T) {
	clock := newFakeClock(time.UnixMilli(testMillis))
	editor := func(s *signing.Signer) gen.ClientOption { return gen.WithRequestEditorFn(s.Intercept) }
	transport := func(s *signing.Signer, strict bool) gen.ClientOption {
		return gen.WithHTTPClient(&http.Client{Transport: &signing.Transport{Signer: s, Strict: strict}})
	}
	cases := []struct {
		name       string
		opts       func(*signing.Signer) []gen.ClientOption
		wantStatus int   // 0: no response
		wantErr    error // from the call
		wantSeen   int
	}{
		{"editor only: broken", func(s *signing.Signer) []gen.ClientOption { return []gen.ClientOption{editor(s)} }, http.StatusUnauthorized, nil, 1},
		{"transport", func(s *signing.Signer) []gen.ClientOption { return []gen.ClientOption{transport(s, false)} }, http.StatusOK, nil, 1},
		{"editor and transport", func(s *signing.Signer) []gen.ClientOption {
			return []gen.ClientOption{editor(s), transport(s, false)}
		}, http.StatusOK, nil, 1},
		{"editor and strict transport", func(s *signing.Signer) []gen.ClientOption {
			return []gen.ClientOption{editor(s), transport(s, true)}
		}, 0, signing.ErrModifiedAfterSigning, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newTestServer(t, clock)
			signer := mustSigner(t, signing.WithClock(clock.Now), signing.WithEndpoint(srv.URL))
			client, err := gen.NewClientWithResponses(srv.URL, c.opts(signer)...)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.UpdateJobExecutionConfigWithResponse(context.Background(), "a/b", putBody(), addQuery)
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			} else if resp.StatusCode() != c.wantStatus {
				t.Fatalf("status %d, want %d", resp.StatusCode(), c.wantStatus)
			}
			got := srv.seen()
			if len(got) != c.wantSeen {
				t.Fatalf("server saw %d requests, want %d", len(got), c.wantSeen)
			}
			if len(got) == 1 && got[0].requestURI != "/api/v1/jobs/a%2Fb/executions?dryRun=true" {
				t.Errorf("server saw %s", got[0].requestURI)
			}
		})
	}
}

// retryTransport retries 503s up to attempts times, advancing the clock
// before each attempt, like a retry layer with backoff.
type retryTransport struct {
	next     http.RoundTripper
	clock    *fakeClock
	backoff  time.Duration
	attempts int
}

func (rt *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var resp *http.Response
	for i := 0; i < rt.attempts; i++ {
		rt.clock.Advance(rt.backoff)
		attempt := req.Clone(req.Context())
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			attempt.Body = body
		}
		var err error
		resp, err = rt.next.RoundTrip(attempt)
		if err != nil || resp.StatusCode != http.StatusServiceUnavailable || i == rt.attempts-1 {
			return resp, err
		}
		resp.Body.Close()
	}
	return resp, nil
}

// TestRetriesSignEachAttempt counts signatures per logical call: with the
// retry layer above Transport every attempt gets its own timestamp and
// verifies, 3 minutes apart; with the editor, the retry below it resends the
// first signature until it leaves the 5-minute window.
func TestRetriesSignEachAttempt(t *testing.T) {
	t.Run("retry above Transport", func(t *testing.T) {
		clock := newFakeClock(time.UnixMilli(testMillis))
		srv := newTestServer(t, clock)
		srv.fail503 = 2
		signer := mustSigner(t, signing.WithClock(clock.Now), signing.WithEndpoint(srv.URL))
		doer := &http.Client{Transport: &retryTransport{next: &signing.Transport{Signer: signer}, clock: clock, backoff: 3 * time.Minute, attempts: 3}}
		client, err := gen.NewClientWithResponses(srv.URL, gen.WithHTTPClient(doer))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.UpdateJobExecutionConfigWithResponse(context.Background(), "j1", putBody())
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode() != http.StatusOK {
			t.Fatalf("status %d, want 200", resp.StatusCode())
		}
		got := srv.seen()
		stamps := map[string]bool{}
		for i, s := range got {
			if s.verifyErr != nil {
				t.Errorf("attempt %d: %v", i, s.verifyErr)
			}
			stamps[s.timestamp] = true
		}
		if len(got) != 3 || len(stamps) != 3 {
			t.Fatalf("%d attempts with %d distinct timestamps, want 3 and 3", len(got), len(stamps))
		}
	})
	t.Run("retry below the editor", func(t *testing.T) {
		clock := newFakeClock(time.UnixMilli(testMillis))
		srv := newTestServer(t, clock)
		srv.fail503 = 2
		signer := mustSigner(t, signing.WithClock(clock.Now), signing.WithEndpoint(srv.URL))
		doer := &http.Client{Transport: &retryTransport{next: http.DefaultTransport, clock: clock, backoff: 3 * time.Minute, attempts: 3}}
		client, err := gen.NewClientWithResponses(srv.URL, gen.WithHTTPClient(doer), gen.WithRequestEditorFn(signer.Intercept))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.UpdateJobExecutionConfigWithResponse(context.Background(), "j1", putBody())
		if err != nil {
			t.Fatal(err)
		}
		got := srv.seen()
		if resp.StatusCode() != http.StatusUnauthorized || len(got) != 2 || !errors.Is(got[1].verifyErr, signing.ErrTimestampOutOfWindow) {
			t.Fatalf("status %d after %d attempts (%v), want a stale second attempt", resp.StatusCode(), len(got), got)
		}
	})
}

// TestTransportSignsRedirects: a redirect is a new request to a new URI;
// Transport signs it, where an editor's signature would be stale.
func TestTransportSignsRedirects(t *testing.T) {
	clock := newFakeClock(time.UnixMilli(testMillis))
	srv := newTestServer(t, clock)
	signer := mustSigner(t, signing.WithClock(clock.Now), signing.WithEndpoint(srv.URL))
	client := &http.Client{Transport: &signing.Transport{Signer: signer}}
	req, err := http.NewRequest(http.MethodPut, srv.URL+"/old/place", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := srv.seen()
	if resp.StatusCode != http.StatusOK || len(got) != 1 || got[0].requestURI != "/api/v1/jobs/moved/executions" {
		t.Fatalf("status %d, server saw %v", resp.StatusCode, got)
	}
}

func TestTransportLeavesCallerRequestAlone(t *testing.T) {
	srv := newTestServer(t, newFakeClock(time.UnixMilli(testMillis)))
	signer := mustSigner(t, signing.WithClock(func() time.Time { return time.UnixMilli(testMillis) }), signing.WithEndpoint(srv.URL))
	req, err := http.NewRequest(http.MethodPut, srv.URL+"/api/v1/jobs/j1/executions", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Trace", "1")
	resp, err := (&signing.Transport{Signer: signer}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if len(req.Header) != 1 || req.Header.Get("X-Trace") != "1" {
		t.Fatalf("caller's headers changed: %v", req.Header)
	}
}

func TestTransportWithoutSignerClosesBody(t *testing.T) {
	body := &countingBody{r: strings.NewReader("x")}
	req := &http.Request{Method: "PUT", URL: &url.URL{Scheme: "http", Host: "127.0.0.1:1", Path: "/"}, Header: http.Header{}, Body: body}
	_, err := (&signing.Transport{}).RoundTrip(req)
	if !errors.Is(err, signing.ErrInvalidRequest) || !body.closed {
		t.Fatalf("err = %v, body closed = %v", err, body.closed)
	}
}
