package dataflow_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

// fastRetries keeps retry tests quick while still exercising the backoff.
var fastRetries = dataflow.RetryPolicy{MaxRetries: 3, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}

// newFake starts a fake Data Flow and a client signed with its keys.
// Each signature gets a distinct timestamp: the client's clock advances one
// second per reading.
func newFake(t *testing.T, opts ...dataflow.Option) (*dataflowtest.Server, *dataflow.Client) {
	t.Helper()
	srv := dataflowtest.NewServer(dataflowtest.WithT(t))
	t.Cleanup(srv.Close)
	var tick atomic.Int64
	start := time.Now()
	clock := func() time.Time { return start.Add(time.Duration(tick.Add(1)) * time.Second) }
	base := []dataflow.Option{
		dataflow.WithEndpoint(srv.URL),
		dataflow.WithStaticCredentials(srv.AccessKey, srv.SecretKey),
		dataflow.WithRetryPolicy(fastRetries),
		dataflow.WithSigningOptions(signing.WithClock(clock)),
	}
	c, err := dataflow.New(append(base, opts...)...)
	require.NoError(t, err)
	return srv, c
}

func seedCondition() gen.JobCondition {
	return gen.JobCondition{
		WorkerType: dataflow.Ptr("DEFAULT"),
		NumWorker:  dataflow.Ptr(4),
		Timeout:    dataflow.Ptr(120),
		Nrn:        "nrn:PUB:IAM::2706412:Role/5f1c8e2a-0496-11f0-baf6-246e96591a38",
		ScriptPath: "dataflow-2706412-ab12/scripts/",
		LogPath:    "dataflow-2706412-ab12/sparkHistoryLogs/",
	}
}

func TestUpdateJobExecutionConfigSuccess(t *testing.T) {
	srv, c := newFake(t)
	job, err := c.UpdateJobExecutionConfig(context.Background(), dataflowtest.SeedJobID, seedCondition())
	require.NoError(t, err)
	assert.Equal(t, dataflowtest.SeedJobID, job.JobID)
	require.NotNil(t, job.RunCondition)
	assert.Equal(t, 4, *job.RunCondition.NumWorker)
	assert.Equal(t, 120, *job.RunCondition.Timeout)
	assert.Equal(t, "dataflow-2706412-ab12/scripts/", *job.RunCondition.ScriptPath)

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.NoError(t, reqs[0].SignatureErr)
	assert.Equal(t, "updateJobExecutionConfig", reqs[0].OperationID)
	assert.True(t, strings.HasPrefix(reqs[0].Header.Get("User-Agent"), "dataflow-go/"+dataflow.Version+" "), reqs[0].Header.Get("User-Agent"))
}

func TestAPIErrors(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		fault    *dataflowtest.Fault
		client   []dataflow.Option
		jobID    string
		status   int
		check    func(t *testing.T, e *dataflow.APIError)
		attempts int
	}{
		{
			name: "404 with the service body", jobID: "nosuchjob", status: 404, attempts: 1,
			check: func(t *testing.T, e *dataflow.APIError) {
				assert.NotEmpty(t, e.ErrorType)
				assert.Contains(t, e.Detail, "nosuchjob")
				assert.Empty(t, e.ErrorCode)
				assert.Equal(t, e.ErrorType, e.Code())
			},
		},
		{
			name: "401 with the gateway body", jobID: dataflowtest.SeedJobID, status: 401, attempts: 1,
			client: []dataflow.Option{dataflow.WithStaticCredentials("AKIDWRONG", "wrong-secret")},
			check: func(t *testing.T, e *dataflow.APIError) {
				assert.Equal(t, "200", e.ErrorCode)
				assert.Equal(t, "Authentication Failed", e.Message)
				assert.Empty(t, e.ErrorType)
				assert.False(t, e.Temporary())
			},
		},
		{
			name: "HTML 502 after every retry", jobID: dataflowtest.SeedJobID, status: 502, attempts: 4,
			fault: ptrTo(dataflowtest.HTML(502, 10)),
			check: func(t *testing.T, e *dataflow.APIError) {
				assert.Contains(t, string(e.Body), "<html>")
				assert.Empty(t, e.ErrorCode+e.ErrorType)
				assert.Contains(t, e.Error(), "502")
				assert.True(t, e.Temporary())
			},
		},
		{
			name: "empty 500", jobID: dataflowtest.SeedJobID, status: 500, attempts: 1,
			client: []dataflow.Option{dataflow.WithRetries(0)},
			fault:  &dataflowtest.Fault{Status: 500, Body: []byte{}, Times: 1},
			check: func(t *testing.T, e *dataflow.APIError) {
				assert.Empty(t, e.Body)
				assert.Contains(t, e.Error(), "empty body")
			},
		},
		{
			name: "non-JSON 200", jobID: dataflowtest.SeedJobID, status: 200, attempts: 1,
			fault: &dataflowtest.Fault{Status: 200, Body: []byte("<p>maintenance</p>"), ContentType: "text/html", Times: 1},
			check: func(t *testing.T, e *dataflow.APIError) {
				assert.Equal(t, "<p>maintenance</p>", string(e.Body))
				assert.Error(t, e.Err, "the decode error is kept")
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := newFake(t, tc.client...)
			if tc.fault != nil {
				srv.InjectFault(*tc.fault)
			}
			_, err := c.UpdateJobExecutionConfig(ctx, tc.jobID, seedCondition())
			var apiErr *dataflow.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, "updateJobExecutionConfig", apiErr.Operation)
			assert.Equal(t, tc.attempts, apiErr.Attempts)
			assert.Len(t, srv.Requests(), tc.attempts, "requests the fake saw")
			tc.check(t, apiErr)
		})
	}
}

func TestRetryResignsEachAttempt(t *testing.T) {
	srv, c := newFake(t)
	srv.InjectFault(dataflowtest.Status(503, 2))
	job, err := c.UpdateJobExecutionConfig(context.Background(), dataflowtest.SeedJobID, seedCondition())
	require.NoError(t, err)
	assert.Equal(t, dataflowtest.SeedJobID, job.JobID)

	reqs := srv.Requests()
	require.Len(t, reqs, 3, "two 503s, then success")
	stamps := map[string]bool{}
	for i, r := range reqs {
		assert.NoError(t, r.SignatureErr, "attempt %d", i+1)
		assert.JSONEq(t, string(reqs[0].Body), string(r.Body), "attempt %d replays the body intact", i+1)
		stamps[r.Header.Get(signing.HeaderTimestamp)] = true
	}
	assert.Len(t, stamps, 3, "every attempt has its own timestamp")
}

func TestRetryAfterIsHonoured(t *testing.T) {
	srv, c := newFake(t)
	srv.InjectFault(dataflowtest.RetryAfter(429, "1", 1))
	_, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	gap := reqs[1].Time.Sub(reqs[0].Time)
	assert.GreaterOrEqual(t, gap, 900*time.Millisecond, "the retry waited for Retry-After, not the 1-5 ms backoff")
}

func TestDeadlineShorterThanBackoff(t *testing.T) {
	srv, c := newFake(t, dataflow.WithRetryPolicy(dataflow.RetryPolicy{MaxRetries: 5, BaseBackoff: time.Minute, MaxBackoff: time.Minute}))
	srv.InjectFault(dataflowtest.RetryAfter(503, "30", 5))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.GetJob(ctx, dataflowtest.SeedJobID)
	var apiErr *dataflow.APIError
	// Had the client slept into the deadline, the error would be the
	// context's, not the last answer.
	require.ErrorAs(t, err, &apiErr, "the last answer is reported, not a bare timeout")
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.Len(t, srv.Requests(), 1)
}

func TestCancelledContextWins(t *testing.T) {
	srv, c := newFake(t)
	srv.InjectFault(dataflowtest.Delay(5*time.Second, 1))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.GetJob(ctx, dataflowtest.SeedJobID)
	var opErr *dataflow.OperationError
	require.ErrorAs(t, err, &opErr)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, opErr.Attempts)
}

func TestDroppedConnection(t *testing.T) {
	t.Run("retried", func(t *testing.T) {
		srv, c := newFake(t)
		srv.InjectFault(dataflowtest.DropConnection(1))
		_, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
		require.NoError(t, err)
		assert.Len(t, srv.Requests(), 2)
	})
	t.Run("every attempt dropped", func(t *testing.T) {
		srv, c := newFake(t, dataflow.WithRetries(1))
		srv.InjectFault(dataflowtest.DropConnection(5))
		_, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
		var opErr *dataflow.OperationError
		require.ErrorAs(t, err, &opErr)
		assert.Equal(t, 2, opErr.Attempts)
		assert.Equal(t, "getJob", opErr.Operation)
		assert.True(t, errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "EOF") || strings.Contains(err.Error(), "reset"), "cause: %v", err)
		assert.Len(t, srv.Requests(), 2)
	})
	t.Run("POST is not retried", func(t *testing.T) {
		srv, c := newFake(t)
		srv.InjectFault(dataflowtest.DropConnection(1))
		_, err := c.CreateJobExecution(context.Background(), dataflowtest.SeedJobID, nil, gen.CreateJobExecutionRequest{})
		require.Error(t, err)
		assert.Len(t, srv.Requests(), 1, "a run must not start twice")
	})
}

func TestTruncatedBody(t *testing.T) {
	t.Run("retried", func(t *testing.T) {
		srv, c := newFake(t)
		srv.InjectFault(dataflowtest.Truncated(1))
		job, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
		require.NoError(t, err)
		assert.Equal(t, dataflowtest.SeedJobID, job.JobID)
		assert.Len(t, srv.Requests(), 2)
	})
	t.Run("kept when retries run out", func(t *testing.T) {
		srv, c := newFake(t, dataflow.WithRetries(0))
		srv.InjectFault(dataflowtest.Truncated(1))
		_, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
		var apiErr *dataflow.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 200, apiErr.StatusCode)
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		assert.NotEmpty(t, apiErr.Body, "the bytes that arrived are kept")
		assert.Contains(t, string(apiErr.Body), dataflowtest.SeedJobID)
	})
}

func TestInputRefusedBeforeSending(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	noNrn := seedCondition()
	noNrn.Nrn = ""
	tooMany := seedCondition()
	tooMany.NumWorker = dataflow.Ptr(11)
	cases := map[string]struct {
		call  func() error
		field string
	}{
		"empty job id":     {func() error { _, err := c.GetJob(ctx, ""); return err }, "jobId"},
		"all-space job id": {func() error { _, err := c.UpdateJobExecutionConfig(ctx, " \t", seedCondition()); return err }, "jobId"},
		"empty nrn":        {func() error { _, err := c.UpdateJobExecutionConfig(ctx, "j", noNrn); return err }, "jobCondition.nrn"},
		"numWorker 11":     {func() error { _, err := c.UpdateJobExecutionConfig(ctx, "j", tooMany); return err }, "jobCondition.numWorker"},
		"short name":       {func() error { _, err := c.CreateJob(ctx, gen.CreateJobRequest{Name: "ab", Type: "VISUAL"}); return err }, "name"},
		"bad stats date": {func() error {
			_, err := c.GetExecutionResult(ctx, gen.GetExecutionResultParams{StartDate: "2025-03-19", EndDate: "2025-03-20T00:00:00"})
			return err
		}, "startDate"},
		"one-time trigger without a date": {func() error {
			_, err := c.CreateTrigger(ctx, gen.CreateTriggerRequest{Name: "once", Type: gen.CreateTriggerRequestTypeSCHEDULED,
				TriggerRule: gen.TriggerRule{Type: gen.TriggerRuleTypeONETIME}})
			return err
		}, "triggerRule.executionDate"},
		"weekly trigger without days": {func() error {
			_, err := c.CreateTrigger(ctx, gen.CreateTriggerRequest{Name: "weekly", Type: gen.CreateTriggerRequestTypeSCHEDULED,
				TriggerRule: gen.TriggerRule{Type: gen.TriggerRuleTypeRECURRING, Interval: dataflow.Ptr(gen.TriggerRuleIntervalWEEK)}})
			return err
		}, "triggerRule.dayOfWeek"},
		"empty execution id": {func() error { return c.CancelJobExecution(ctx, "j", "") }, "executionId"},
		"null node":          {func() error { return c.VerifyJob(ctx, gen.VerifyJobRequest{Name: "n", Nodes: []gen.Node{{}}}) }, "nodes[0]"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := tc.call()
			require.ErrorIs(t, err, dataflow.ErrInvalidInput)
			var in *dataflow.InputError
			require.ErrorAs(t, err, &in)
			assert.Equal(t, tc.field, in.Field)
		})
	}
	assert.Empty(t, srv.Requests(), "nothing was sent")
}

func TestMissingCredentialsNameSources(t *testing.T) {
	srv := dataflowtest.NewServer()
	defer srv.Close()
	empty := func(string) (string, bool) { return "", false }
	chain := &signing.ChainCredentials{Providers: []signing.CredentialsProvider{
		signing.EnvCredentials{Lookup: empty},
		signing.FileCredentials{Path: t.TempDir() + "/configure"},
	}}
	c, err := dataflow.New(dataflow.WithEndpoint(srv.URL), dataflow.WithCredentials(chain))
	require.NoError(t, err)
	_, err = c.GetJob(context.Background(), dataflowtest.SeedJobID)
	require.ErrorIs(t, err, signing.ErrNoCredentials)
	assert.Contains(t, err.Error(), "environment")
	assert.Contains(t, err.Error(), "configure")
	assert.Empty(t, srv.Requests(), "nothing was sent")
}

func TestNewRejectsBadOptions(t *testing.T) {
	for _, ep := range []string{"", "dataflow.apigw.ntruss.com", "ftp://x", "http://", "https://h/?q=1"} {
		_, err := dataflow.New(dataflow.WithEndpoint(ep), dataflow.WithStaticCredentials("a", "b"))
		assert.Error(t, err, "endpoint %q", ep)
	}
	_, err := dataflow.New(dataflow.WithRetries(-1))
	assert.ErrorContains(t, err, "retries")
}

func TestResultHelper(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	job, err := dataflow.Result[gen.Job](c.Generated().GetJobWithResponse(ctx, dataflowtest.SeedJobID))
	require.NoError(t, err)
	assert.Equal(t, dataflowtest.SeedJobID, job.JobID)

	_, err = dataflow.Result[gen.Job](c.Generated().GetJobWithResponse(ctx, "missing"))
	var apiErr *dataflow.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.Equal(t, "getJob", apiErr.Operation)
	assert.Len(t, srv.Requests(), 2)
}

func ptrTo[T any](v T) *T { return &v }

func TestWithRawResponseKeepsEverything(t *testing.T) {
	srv, c := newFake(t)
	// A newer service: an unknown node type and an unknown top-level field.
	body := `{"jobId":"j1","name":"job","future":{"x":1},"nodes":[{"type":"TRANSFORM_PIVOT","id":9007199254740993,"name":"p","parentNodeIds":[]}]}`
	srv.InjectFault(dataflowtest.Fault{Status: 200, Body: []byte(body), Times: 1})
	var raw dataflow.RawResponse
	job, err := c.GetJob(dataflow.WithRawResponse(context.Background(), &raw), "j1")
	require.NoError(t, err)
	assert.Equal(t, body, string(raw.Body))
	assert.Equal(t, 200, raw.StatusCode)
	assert.Equal(t, map[string]any{"x": float64(1)}, job.AdditionalProperties["future"])

	srv.InjectFault(dataflowtest.HTML(502, 10))
	_, err = c.GetJob(dataflow.WithRawResponse(context.Background(), &raw), "j1")
	require.Error(t, err)
	assert.Equal(t, 502, raw.StatusCode)
	assert.Contains(t, string(raw.Body), "<html>")
}

func TestBrokenCredentialsAreNotRetried(t *testing.T) {
	srv := dataflowtest.NewServer()
	defer srv.Close()
	path := t.TempDir() + "/configure"
	require.NoError(t, os.WriteFile(path, []byte("[DEFAULT]\nncloud_access_key_id = AKIDONLY\n"), 0o600))
	c, err := dataflow.New(dataflow.WithEndpoint(srv.URL), dataflow.WithRetryPolicy(fastRetries),
		dataflow.WithCredentials(signing.FileCredentials{Path: path}))
	require.NoError(t, err)
	_, err = c.GetJob(context.Background(), dataflowtest.SeedJobID)
	var opErr *dataflow.OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, 1, opErr.Attempts, "a credentials problem is reported at once, not retried")
	assert.Empty(t, srv.Requests())
}

func TestEndpointErrorsHidePasswords(t *testing.T) {
	for _, ep := range []string{"ftp://user:hunter2@host/", "https://user:hunter2@host/", "https://user:hunter2@host/?q=1"} {
		_, err := dataflow.New(dataflow.WithEndpoint(ep), dataflow.WithStaticCredentials("a", "b"))
		require.Error(t, err, ep)
		assert.NotContains(t, err.Error(), "hunter2", ep)
	}
}

func TestAPIErrorTextIsBounded(t *testing.T) {
	srv, c := newFake(t, dataflow.WithRetries(0))
	huge := strings.Repeat("x", 1<<20)
	srv.InjectFault(dataflowtest.Fault{Status: 400, Body: []byte(`{"errorType":"bad-parameter","detail":"` + huge + `"}`), Times: 1})
	_, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
	var apiErr *dataflow.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Less(t, len(err.Error()), 1000, "the one-line summary stays short")
	assert.Equal(t, huge, apiErr.Detail, "the field keeps everything")
}

func TestLongRetryAfterIsReturnedNotWaited(t *testing.T) {
	policy := fastRetries
	policy.MaxRetryAfter = time.Second
	srv, c := newFake(t, dataflow.WithRetryPolicy(policy))
	srv.InjectFault(dataflowtest.RetryAfter(429, "3600", 1))
	_, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
	var apiErr *dataflow.APIError
	require.ErrorAs(t, err, &apiErr, "returned at once: waiting would have hit the test's own timeout")
	assert.Equal(t, 429, apiErr.StatusCode)
	assert.Equal(t, "3600", apiErr.Header.Get("Retry-After"), "the caller sees how long to wait")
	assert.Equal(t, 1, apiErr.Attempts)
}
