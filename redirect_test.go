package dataflow_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

// thief is a host that records what reaches it and replays it, headers,
// method, path and body, against the real service, as an attacker holding
// a redirect would.
type thief struct {
	*httptest.Server
	target string

	mu       sync.Mutex
	got      []http.Header
	replayed []int // the service's status for each replay
}

func newThief(t *testing.T, target string) *thief {
	th := &thief{target: target}
	th.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		th.mu.Lock()
		th.got = append(th.got, r.Header.Clone())
		th.mu.Unlock()
		replay, err := http.NewRequestWithContext(r.Context(), r.Method, th.target+r.URL.RequestURI(), strings.NewReader(string(body)))
		if err == nil {
			replay.Header = r.Header.Clone()
			if resp, err := http.DefaultClient.Do(replay); err == nil {
				resp.Body.Close()
				th.mu.Lock()
				th.replayed = append(th.replayed, resp.StatusCode)
				th.mu.Unlock()
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "true")
	}))
	t.Cleanup(th.Close)
	return th
}

// redirector answers every request with a redirect to base plus the same
// path, with a query and user information that must not be shown.
func redirector(t *testing.T, code int, base string, tls bool) *httptest.Server {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, _ := url.Parse(base + r.URL.Path)
		u.User = url.UserPassword("user", "s3cr3t-token")
		u.RawQuery = "session=hunter2"
		w.Header().Set("Location", u.String())
		w.WriteHeader(code)
	})
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv
}

func clientFor(t *testing.T, endpoint string, fake *dataflowtest.Server, opts ...dataflow.Option) *dataflow.Client {
	t.Helper()
	c, err := dataflow.New(append([]dataflow.Option{
		dataflow.WithEndpoint(endpoint),
		dataflow.WithStaticCredentials(fake.AccessKey, fake.SecretKey),
		dataflow.WithRetryPolicy(fastRetries),
	}, opts...)...)
	require.NoError(t, err)
	return c
}

// requireRedirectRefused checks err is a refused redirect and returns why.
func requireRedirectRefused(t *testing.T, err error, code int, wantLocation string) (reason string) {
	t.Helper()
	var re *dataflow.RedirectError
	require.ErrorAs(t, err, &re, "%v", err)
	var oe *dataflow.OperationError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, code, re.StatusCode)
	assert.Equal(t, wantLocation, re.Location)
	for _, secret := range []string{"s3cr3t-token", "hunter2", "session", "user"} {
		assert.NotContains(t, err.Error(), secret)
	}
	return re.Reason
}

// TestRedirectToAnotherHostIsRefused: a redirect to another host must not
// give that host anything it can replay against the service.
func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	ctx := context.Background()
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			fake := dataflowtest.NewServer(dataflowtest.WithT(t))
			th := newThief(t, fake.URL)
			front := redirector(t, code, th.URL, false)
			c := clientFor(t, front.URL, fake)

			delErr := c.DeleteJob(ctx, dataflowtest.SeedJobID)
			_, runErr := c.CreateJobExecution(ctx, dataflowtest.SeedJobID, nil, gen.CreateJobExecutionRequest{})

			// First what the other host could do with what it got.
			th.mu.Lock()
			for _, h := range th.got {
				assert.Empty(t, h.Get(signing.HeaderAccessKey), "the other host got the access key")
				assert.Empty(t, h.Get(signing.HeaderSignature), "the other host got a signature")
			}
			assert.Empty(t, th.got, "the other host received a request")
			assert.Empty(t, th.replayed, "the other host replayed a request")
			th.mu.Unlock()
			_, ok := fake.Job(dataflowtest.SeedJobID)
			assert.True(t, ok, "a replayed DELETE removed the job")
			assert.Empty(t, fake.Requests(), "the service received a replay")

			requireRedirectRefused(t, delErr, code, th.URL+"/api/v1/jobs/"+dataflowtest.SeedJobID)
			requireRedirectRefused(t, runErr, code, th.URL+"/api/v1/jobs/"+dataflowtest.SeedJobID+"/executions")
		})
	}
}

func TestRedirectFromHTTPSToHTTPIsRefused(t *testing.T) {
	fake := dataflowtest.NewServer(dataflowtest.WithT(t))
	th := newThief(t, fake.URL)
	front := redirector(t, http.StatusFound, th.URL, true)
	c := clientFor(t, front.URL, fake, dataflow.WithHTTPClient(front.Client()))

	_, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
	reason := requireRedirectRefused(t, err, http.StatusFound, th.URL+"/api/v1/jobs/"+dataflowtest.SeedJobID)
	assert.Contains(t, reason, "https")
	th.mu.Lock()
	defer th.mu.Unlock()
	assert.Empty(t, th.got, "the plain-http host received a request")
}

// sameHost serves the fake behind a front that redirects /moved paths to
// the seed job, counting what the front saw.
func sameHost(t *testing.T, fake *dataflowtest.Server, code int) *httptest.Server {
	target, err := url.Parse(fake.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/api/v1/jobs/moved"); ok {
			w.Header().Set("Location", "/api/v1/jobs/"+dataflowtest.SeedJobID+rest+"?x=1")
			w.WriteHeader(code)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front
}

// TestSameHostRedirect: on the endpoint's host, a GET, HEAD or DELETE
// redirect is followed and signed again for its new path; a request with a
// body (or one the redirect would turn into a GET) is not followed.
func TestSameHostRedirect(t *testing.T) {
	ctx := context.Background()
	t.Run("GET is followed and signed for the new path", func(t *testing.T) {
		fake := dataflowtest.NewServer(dataflowtest.WithT(t))
		front := sameHost(t, fake, http.StatusFound)
		var userPolicyCalls int
		hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { userPolicyCalls++; return nil }}
		c := clientFor(t, front.URL, fake, dataflow.WithHTTPClient(hc))

		job, err := c.GetJob(ctx, "moved")
		require.NoError(t, err)
		assert.Equal(t, dataflowtest.SeedJobID, job.JobID)
		reqs := fake.Requests()
		require.Len(t, reqs, 1)
		assert.Equal(t, "/api/v1/jobs/"+dataflowtest.SeedJobID+"?x=1", reqs[0].URI)
		assert.NoError(t, reqs[0].SignatureErr, "the followed request is signed for its own path")
		assert.Equal(t, 1, userPolicyCalls, "the caller's CheckRedirect still runs")
	})
	t.Run("a request with a body is not followed", func(t *testing.T) {
		fake := dataflowtest.NewServer(dataflowtest.WithT(t))
		front := sameHost(t, fake, http.StatusTemporaryRedirect)
		c := clientFor(t, front.URL, fake)
		_, err := c.CreateJobExecution(ctx, "moved", nil, gen.CreateJobExecutionRequest{})
		reason := requireRedirectRefused(t, err, http.StatusTemporaryRedirect, front.URL+"/api/v1/jobs/"+dataflowtest.SeedJobID+"/executions")
		assert.Contains(t, reason, "POST")
		assert.Empty(t, fake.Requests())
	})
	t.Run("a DELETE turned into a GET is not followed", func(t *testing.T) {
		fake := dataflowtest.NewServer(dataflowtest.WithT(t))
		front := sameHost(t, fake, http.StatusSeeOther)
		c := clientFor(t, front.URL, fake)
		err := c.DeleteJob(ctx, "moved")
		reason := requireRedirectRefused(t, err, http.StatusSeeOther, front.URL+"/api/v1/jobs/"+dataflowtest.SeedJobID)
		assert.Contains(t, reason, "DELETE into GET")
		assert.Empty(t, fake.Requests())
	})
	t.Run("a redirect loop ends", func(t *testing.T) {
		fake := dataflowtest.NewServer(dataflowtest.WithT(t))
		var n int
		loop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n++
			http.Redirect(w, r, r.URL.Path, http.StatusFound)
		}))
		t.Cleanup(loop.Close)
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_, err := clientFor(t, loop.URL, fake).GetJob(ctx, dataflowtest.SeedJobID)
		var re *dataflow.RedirectError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 10, n)
	})
}
