package dataflowtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// admin sends an unsigned admin call and decodes its JSON answer into out
// (when out is not nil).
func admin(t *testing.T, srv *dataflowtest.Server, method, path, body string, out any) int {
	t.Helper()
	code, _, data := do(t, http.DefaultClient, method, srv.URL+path, body, nil)
	if out != nil {
		require.NoError(t, json.Unmarshal(data, out), "%s %s answered %d %s", method, path, code, data)
	}
	return code
}

type adminRequests struct {
	Total          int                         `json:"total"`
	Requests       []dataflowtest.AdminRequest `json:"requests"`
	ContractErrors []string                    `json:"contractErrors"`
}

func TestAdminSpecIsValidAndServed(t *testing.T) {
	srv := newServer(t)
	doc, err := openapi3.NewLoader().LoadFromData(dataflowtest.AdminSpec())
	require.NoError(t, err)
	require.NoError(t, doc.Validate(ctx))
	for path := range doc.Paths.Map() {
		assert.True(t, strings.HasPrefix(path, dataflowtest.AdminPrefix), "admin path %s outside the reserved prefix", path)
	}
	code, header, body := do(t, http.DefaultClient, http.MethodGet, srv.URL+"/_fake/openapi.yaml", "", nil)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, "application/yaml", header.Get("Content-Type"))
	assert.Equal(t, dataflowtest.AdminSpec(), body)
}

// A fault injected through the admin API meets the next matching signed
// request, and only that one; admin calls are neither recorded nor faulted.
func TestAdminInjectFault(t *testing.T) {
	srv := newServer(t)
	var pending struct{ Pending int }
	require.Equal(t, http.StatusCreated, admin(t, srv, http.MethodPost, "/_fake/faults",
		`{"status":503,"count":1,"operation":"getJobs","retryAfter":"2"}`, &pending))
	assert.Equal(t, 1, pending.Pending)
	// A catch-all fault must not swallow the admin calls that follow.
	require.Equal(t, http.StatusCreated, admin(t, srv, http.MethodPost, "/_fake/faults", `{"status":500,"operation":"getJob"}`, &pending))
	assert.Equal(t, 2, pending.Pending)

	first, err := srv.Client().GetJobsWithResponse(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, first.StatusCode())
	assert.Equal(t, "2", first.HTTPResponse.Header.Get("Retry-After"))
	second, err := srv.Client().GetJobsWithResponse(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, second.StatusCode())

	var reqs adminRequests
	require.Equal(t, http.StatusOK, admin(t, srv, http.MethodGet, "/_fake/requests?operation=getJobs", "", &reqs))
	require.Len(t, reqs.Requests, 2)
	assert.Equal(t, 2, reqs.Total, "admin calls are not counted")
	assert.True(t, reqs.Requests[0].Fault)
	assert.Equal(t, http.StatusServiceUnavailable, reqs.Requests[0].Status)
	assert.False(t, reqs.Requests[1].Fault)
	assert.True(t, reqs.Requests[1].SignatureValid)
	assert.Empty(t, reqs.ContractErrors)

	require.Equal(t, http.StatusOK, admin(t, srv, http.MethodDelete, "/_fake/faults", "", &pending))
	assert.Equal(t, 0, pending.Pending)
	got, err := srv.Client().GetJobWithResponse(ctx, dataflowtest.SeedJobID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, got.StatusCode(), "the cleared fault must not apply")
}

func TestAdminFaultShapes(t *testing.T) {
	srv := newServer(t)
	require.Equal(t, http.StatusCreated, admin(t, srv, http.MethodPost, "/_fake/faults",
		`{"status":502,"body":"<p>bad gateway</p>","contentType":"text/html"}`, nil))
	code, header, body := do(t, srv.HTTPClient(), http.MethodGet, srv.URL+"/api/v1/jobs", "", nil)
	assert.Equal(t, http.StatusBadGateway, code)
	assert.Equal(t, "text/html", header.Get("Content-Type"))
	assert.Equal(t, "<p>bad gateway</p>", string(body))

	require.Equal(t, http.StatusCreated, admin(t, srv, http.MethodPost, "/_fake/faults", `{"drop":true}`, nil))
	_, err := srv.Client().CreateJobWithResponse(ctx, gen.CreateJobRequest{Name: "dropped", Type: "SPARK"})
	require.Error(t, err, "a dropped connection is an error for the client")

	require.Equal(t, http.StatusCreated, admin(t, srv, http.MethodPost, "/_fake/faults", `{"delay":"150ms"}`, nil))
	t0 := time.Now()
	resp, err := srv.Client().GetJobsWithResponse(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode())
	assert.GreaterOrEqual(t, time.Since(t0), 150*time.Millisecond)
}

// Every admin input the document or the fake refuses gets a 4xx naming the
// problem, and queues nothing.
func TestAdminRefusesBadInput(t *testing.T) {
	srv := newServer(t)
	for _, c := range []struct {
		method, path, body string
		status             int
		says               string
	}{
		{http.MethodPost, "/_fake/faults", `{"status":503,"operation":"noSuchOperation"}`, 400, "noSuchOperation"},
		{http.MethodPost, "/_fake/faults", `{"status":503,"count":0}`, 400, "count"},
		{http.MethodPost, "/_fake/faults", `{"status":99}`, 400, "status"},
		{http.MethodPost, "/_fake/faults", `{"status":503,"colour":"red"}`, 400, "colour"},
		{http.MethodPost, "/_fake/faults", `{"delay":"soon"}`, 400, "delay"},
		{http.MethodPost, "/_fake/faults", `{"delay":"11m"}`, 400, "delay"},
		{http.MethodPost, "/_fake/faults", `not json`, 400, "body"},
		{http.MethodPost, "/_fake/faults", ``, 400, "body"},
		{http.MethodPost, "/_fake/reset", `{"state":"yes"}`, 400, "state"},
		{http.MethodPut, "/_fake/jobs/x/executions/y/status", `{"status":"DONE"}`, 400, "DONE"},
		{http.MethodPost, "/_fake/jobs/x/executions/y/advance", ``, 404, "no execution"},
		{http.MethodGet, "/_fake/reset", ``, 405, "not allowed"},
		{http.MethodGet, "/_fake/nothing", ``, 404, "no admin operation"},
	} {
		var e struct{ Error string }
		code := admin(t, srv, c.method, c.path, c.body, &e)
		assert.Equal(t, c.status, code, "%s %s %s", c.method, c.path, c.body)
		assert.Contains(t, e.Error, c.says, "%s %s %s", c.method, c.path, c.body)
	}
	assert.Equal(t, 0, srv.PendingFaults())
	assert.Empty(t, srv.Requests(), "admin calls are not recorded")
}

func TestAdminMovesExecutions(t *testing.T) {
	srv := newServer(t)
	e := run(t, srv, dataflowtest.SeedJobID)
	base := "/_fake/jobs/" + dataflowtest.SeedJobID + "/executions/" + e.JobExecutionID
	var st struct{ Status string }
	require.Equal(t, http.StatusOK, admin(t, srv, http.MethodPost, base+"/advance", "", &st))
	assert.Equal(t, "RUNNING", st.Status)
	assert.Equal(t, gen.ExecutionStatusRUNNING, status(t, srv, dataflowtest.SeedJobID, e.JobExecutionID))
	require.Equal(t, http.StatusOK, admin(t, srv, http.MethodPost, base+"/advance", "", &st))
	assert.Equal(t, "COMPLETED", st.Status)
	var refused struct{ Error string }
	assert.Equal(t, http.StatusBadRequest, admin(t, srv, http.MethodPost, base+"/advance", "", &refused))
	assert.Contains(t, refused.Error, "COMPLETED")

	second := run(t, srv, dataflowtest.SeedJobID)
	require.Equal(t, http.StatusOK, admin(t, srv, http.MethodPut,
		"/_fake/jobs/"+dataflowtest.SeedJobID+"/executions/"+second.JobExecutionID+"/status", `{"status":"FAILED"}`, &st))
	assert.Equal(t, "FAILED", st.Status)
	assert.Equal(t, gen.ExecutionStatusFAILED, status(t, srv, dataflowtest.SeedJobID, second.JobExecutionID))
}

func TestAdminStateRoundTripAndReset(t *testing.T) {
	srv := newServer(t)
	created, err := srv.Client().CreateJobWithResponse(ctx, gen.CreateJobRequest{Name: "second", Type: "SPARK"})
	require.NoError(t, err)
	require.Less(t, created.StatusCode(), 300, "%s", created.Body)
	e := run(t, srv, dataflowtest.SeedJobID)

	var state dataflowtest.State
	require.Equal(t, http.StatusOK, admin(t, srv, http.MethodGet, "/_fake/state", "", &state))
	require.Len(t, state.Jobs, 2)
	require.Len(t, state.JobExecutions, 1)
	assert.Equal(t, e.JobExecutionID, state.JobExecutions[0].JobExecutionID)

	// A second server loads it and serves the same jobs and execution.
	data, err := json.Marshal(state)
	require.NoError(t, err)
	other := newServer(t, dataflowtest.WithSeed(false))
	require.Equal(t, http.StatusOK, admin(t, other, http.MethodPut, "/_fake/state", string(data), nil))
	assert.Equal(t, srv.JobIDs(), other.JobIDs())
	assert.Equal(t, gen.ExecutionStatusREADY, status(t, other, dataflowtest.SeedJobID, e.JobExecutionID))

	// Refused documents leave the state alone.
	for _, bad := range []struct{ doc, says string }{
		{`{"jobs":[{"name":"no id"}]}`, "jobId"},
		{`{"jobs":[{"jobId":"a","name":"x"},{"jobId":"a","name":"y"}]}`, "used by"},
		{`{"jobExecutions":[{"jobExecutionId":"e","jobId":"missing"}]}`, "missing"},
		{`{"jobExecutions":[{"jobExecutionId":"e","jobId":"j","status":"DONE"}],"jobs":[{"jobId":"j","name":"x"}]}`, "status"},
		{`{"pipelines":[]}`, "pipelines"},
		{`[]`, "object"},
	} {
		var e struct{ Error string }
		assert.Equal(t, http.StatusBadRequest, admin(t, other, http.MethodPut, "/_fake/state", bad.doc, &e), bad.doc)
		assert.Contains(t, e.Error, bad.says, bad.doc)
	}
	assert.Equal(t, srv.JobIDs(), other.JobIDs())

	// Reset with state goes back to the start: the seed job alone.
	require.Equal(t, http.StatusOK, admin(t, srv, http.MethodPost, "/_fake/reset", `{"state":true}`, nil))
	assert.Equal(t, []string{dataflowtest.SeedJobID}, srv.JobIDs())
	assert.Empty(t, srv.Requests())
	assert.Equal(t, 0, srv.TotalRequests())
	// other started empty and had its state replaced: reset empties it.
	require.Equal(t, http.StatusOK, admin(t, other, http.MethodPost, "/_fake/reset", `{"state":true}`, nil))
	assert.Empty(t, other.JobIDs())
}

func TestInitialStateIsCheckedAndRestored(t *testing.T) {
	_, err := dataflowtest.Start(dataflowtest.WithInitialState([]byte(`{"jobs":[{"jobId":"a","name":7}]}`)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "name")

	doc := `{"jobs":[{"jobId":"fromFile0001","name":"from a file"}]}`
	srv := newServer(t, dataflowtest.WithInitialState([]byte(doc)))
	assert.Equal(t, []string{"fromFile0001"}, srv.JobIDs())
	_, err = srv.Client().DeleteJobWithResponse(ctx, "fromFile0001")
	require.NoError(t, err)
	assert.Empty(t, srv.JobIDs())
	require.NoError(t, srv.ResetState())
	assert.Equal(t, []string{"fromFile0001"}, srv.JobIDs())
}

func TestMaxRecordedKeepsTheLatest(t *testing.T) {
	srv := newServer(t, dataflowtest.WithMaxRecorded(3))
	for range 10 {
		_, err := srv.Client().GetJobWithResponse(ctx, dataflowtest.SeedJobID)
		require.NoError(t, err)
	}
	_, err := srv.Client().GetJobsWithResponse(ctx, nil)
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "getJobs", reqs[2].OperationID, "the latest is kept")
	assert.Equal(t, 11, srv.TotalRequests())
}

func TestRequestLogSeesEveryAnsweredRequest(t *testing.T) {
	got := make(chan dataflowtest.Request, 10)
	srv := newServer(t, dataflowtest.WithRequestLog(func(r dataflowtest.Request) { got <- r }))
	_, err := srv.Client().GetJobWithResponse(ctx, dataflowtest.SeedJobID)
	require.NoError(t, err)
	admin(t, srv, http.MethodGet, "/_fake/requests", "", nil)
	_, _, _ = do(t, http.DefaultClient, http.MethodGet, srv.URL+"/api/v1/jobs", "", nil)
	first, second := <-got, <-got
	assert.Equal(t, "getJob", first.OperationID)
	assert.Equal(t, http.StatusOK, first.Status)
	assert.Equal(t, http.StatusUnauthorized, second.Status)
	assert.NotNil(t, second.SignatureErr)
	assert.Empty(t, got, "admin calls are not logged")
}

// Shutdown waits for requests in flight until its context ends, then cuts
// them off.
func TestShutdownCutsOffALongDelay(t *testing.T) {
	srv := dataflowtest.NewServer()
	srv.InjectFault(dataflowtest.Delay(time.Minute, 1))
	errc := make(chan error, 1)
	go func() {
		_, err := srv.Client().GetJobsWithResponse(ctx, nil)
		errc <- err
	}()
	require.Eventually(t, func() bool { return len(srv.Requests()) == 1 }, 5*time.Second, 5*time.Millisecond)
	sctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, srv.Shutdown(sctx), context.DeadlineExceeded)
	assert.Error(t, <-errc, "the delayed request was cut off")
}
