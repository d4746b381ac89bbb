package dataflow_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// logRecords collects what WithLogger writes, one JSON object a record.
type logRecords struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logRecords) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logRecords) all(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		out = append(out, m)
	}
	return out
}

func (l *logRecords) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// withTraceID adds the gateway's request id header to every answer.
type withTraceID struct{ next http.RoundTripper }

func (t withTraceID) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if resp != nil {
		resp.Header.Set("X-Ncp-Trace-Id", "trace-123")
	}
	return resp, err
}

func loggedFake(t *testing.T, opts ...dataflow.Option) (*dataflowtest.Server, *dataflow.Client, *logRecords) {
	t.Helper()
	logs := &logRecords{}
	l := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, c := newFake(t, append([]dataflow.Option{
		dataflow.WithLogger(l),
		dataflow.WithHTTPClient(&http.Client{Transport: withTraceID{http.DefaultTransport}}),
	}, opts...)...)
	return srv, c, logs
}

func TestLoggerOneRecordPerAttempt(t *testing.T) {
	srv, c, logs := loggedFake(t)
	srv.InjectFault(dataflowtest.Status(503, 1))
	_, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
	require.NoError(t, err)

	recs := logs.all(t)
	require.Len(t, recs, 2, logs.text())
	first, second := recs[0], recs[1]
	assert.Equal(t, "WARN", first["level"])
	assert.Equal(t, "getJob", first["operation"])
	assert.Equal(t, "GET", first["method"])
	assert.Equal(t, "/api/v1/jobs/"+dataflowtest.SeedJobID, first["path"])
	assert.Equal(t, 1.0, first["attempt"])
	assert.Equal(t, 503.0, first["status"])
	assert.Equal(t, "trace-123", first["request_id"])
	assert.Equal(t, true, first["retry"])
	assert.Equal(t, "status 503", first["reason"])
	assert.Contains(t, first, "wait")
	assert.Contains(t, first, "duration")
	assert.Equal(t, srv.AccessKey[:4]+"…", first["access_key"])

	assert.Equal(t, "DEBUG", second["level"])
	assert.Equal(t, 2.0, second["attempt"])
	assert.Equal(t, 200.0, second["status"])
	assert.Equal(t, false, second["retry"])
	assert.NotContains(t, second, "reason")

	out := logs.text()
	assert.NotContains(t, out, srv.AccessKey, "the access key only shortened")
	assert.NotContains(t, out, srv.SecretKey)
	assert.NotContains(t, out, "x-ncp-apigw-signature", "no headers")
}

func TestLoggerSaysWhyNotRetried(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		opts   []dataflow.Option
		faults []dataflowtest.Fault
		call   func(c *dataflow.Client) error
		level  string
		reason string
	}{
		{name: "POST", faults: []dataflowtest.Fault{dataflowtest.Status(503, 1)}, level: "WARN",
			reason: "POST is not retried (RetryNonIdempotent is off)",
			call: func(c *dataflow.Client) error {
				_, err := c.CreateJobExecution(ctx, dataflowtest.SeedJobID, nil, gen.CreateJobExecutionRequest{})
				return err
			}},
		{name: "retries used up", opts: []dataflow.Option{dataflow.WithRetries(1)}, faults: []dataflowtest.Fault{dataflowtest.Status(503, 2)},
			level: "WARN", reason: "retries used up",
			call: func(c *dataflow.Client) error { _, err := c.GetJob(ctx, dataflowtest.SeedJobID); return err }},
		{name: "retries off", opts: []dataflow.Option{dataflow.WithRetries(0)}, faults: []dataflowtest.Fault{dataflowtest.DropConnection(1)},
			level: "WARN", reason: "retries are off",
			call: func(c *dataflow.Client) error { _, err := c.GetJob(ctx, dataflowtest.SeedJobID); return err }},
		{name: "budget exhausted", opts: []dataflow.Option{dataflow.WithRetryBudget(dataflow.RetryBudget{Capacity: 1, RetryCost: 5})},
			faults: []dataflowtest.Fault{dataflowtest.Status(503, 1)}, level: "WARN", reason: "retry budget exhausted",
			call: func(c *dataflow.Client) error { _, err := c.GetJob(ctx, dataflowtest.SeedJobID); return err }},
		{name: "not found is final", level: "WARN", reason: "",
			call: func(c *dataflow.Client) error { _, err := c.GetJob(ctx, "nosuchjob"); return err }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, c, logs := loggedFake(t, tc.opts...)
			for _, f := range tc.faults {
				srv.InjectFault(f)
			}
			require.Error(t, tc.call(c))
			recs := logs.all(t)
			require.NotEmpty(t, recs)
			last := recs[len(recs)-1]
			assert.Equal(t, tc.level, last["level"], logs.text())
			assert.Equal(t, false, last["retry"])
			if tc.reason == "" {
				assert.NotContains(t, last, "reason")
			} else {
				assert.Equal(t, tc.reason, last["reason"], logs.text())
			}
			assert.Equal(t, len(srv.Requests()), len(recs), "one record per attempt")
		})
	}
}

func TestLoggerRespectsLevel(t *testing.T) {
	logs := &logRecords{}
	l := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	_, c := newFake(t, dataflow.WithLogger(l))
	_, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
	require.NoError(t, err)
	assert.Empty(t, logs.text(), "a success logs at Debug only")

	_, err = dataflow.New(dataflow.WithLogger(nil))
	assert.ErrorContains(t, err, "logger must not be nil")
}

func TestResponseHookSeesEveryAttempt(t *testing.T) {
	var got []dataflow.Attempt
	srv, c := newFake(t, dataflow.WithResponseHook(func(a *dataflow.Attempt) {
		cp := *a
		cp.Body = bytes.Clone(a.Body)
		got = append(got, cp)
	}))
	srv.InjectFault(dataflowtest.Status(500, 1))
	job, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "getJob", got[0].Operation)
	assert.Equal(t, 1, got[0].Number)
	assert.True(t, got[0].Failed())
	assert.True(t, got[0].Retry)
	assert.Equal(t, 500, got[0].Response.StatusCode)
	assert.Equal(t, 2, got[1].Number)
	assert.False(t, got[1].Failed())
	assert.NotEmpty(t, got[1].Request.Header.Get("x-ncp-apigw-signature-v2"), "the request as signed")
	var fromHook gen.Job
	require.NoError(t, json.Unmarshal(got[1].Body, &fromHook), "the hook gets the whole body")
	assert.Equal(t, job.JobID, fromHook.JobID)
	assert.Equal(t, job.Name, fromHook.Name, "the hook did not take the body from the client")
}
