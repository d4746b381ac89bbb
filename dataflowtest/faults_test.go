package dataflowtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

func getSeed(srv *dataflowtest.Server) (*gen.GetJobResponse, error) {
	return srv.Client().GetJobWithResponse(ctx, dataflowtest.SeedJobID)
}

func TestStatusFaultForTheNextNCalls(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.Status(503, 2))
	assert.Equal(t, 2, srv.PendingFaults())
	for range 2 {
		resp, err := getSeed(srv)
		require.NoError(t, err)
		require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode())
		assert.JSONEq(t, `{"error":{"errorCode":"500","message":"Endpoint Error","details":"injected by dataflowtest"}}`, string(resp.Body))
		assert.Empty(t, resp.HTTPResponse.Header.Get("Retry-After"))
	}
	resp, err := getSeed(srv)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode())
	assert.Zero(t, srv.PendingFaults())

	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	assert.True(t, reqs[0].Fault)
	assert.True(t, reqs[1].Fault)
	assert.False(t, reqs[2].Fault)
	assert.Equal(t, 503, reqs[0].Status)
	assert.NoError(t, reqs[0].SignatureErr, "faulted requests are still checked and recorded")
}

func TestRetryAfterFault(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.RetryAfter(429, "1", 1))
	resp, err := getSeed(srv)
	require.NoError(t, err)
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode())
	assert.Equal(t, "1", resp.HTTPResponse.Header.Get("Retry-After"))
	require.NotNil(t, resp.JSON429)
	assert.Equal(t, "Rate Limited", *resp.JSON429.Error.Message)
}

func TestFaultMatchesOneOperation(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.Status(500, 1).For("getJobs"))
	resp, err := getSeed(srv)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode(), "getJob is not getJobs")
	list, err := srv.Client().GetJobsWithResponse(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, list.StatusCode())
	assert.Equal(t, "900", mustCode(t, list.JSON500))
}

func mustCode(t *testing.T, e *gen.ErrorResponse) string {
	t.Helper()
	require.NotNil(t, e)
	require.NotNil(t, e.Error)
	code, err := e.Error.ErrorCode.AsGatewayErrorCode0()
	require.NoError(t, err)
	return code
}

func TestFaultsApplyBeforeTheSignatureCheck(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.Status(503, 1))
	resp, err := http.Get(srv.URL + "/api/v1/jobs") // unsigned
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Error(t, srv.Requests()[0].SignatureErr)
}

func TestHTMLFault(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.HTML(502, 1))
	resp, err := getSeed(srv)
	require.NoError(t, err, "a non-JSON content type is not decoded")
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode())
	assert.Contains(t, resp.HTTPResponse.Header.Get("Content-Type"), "text/html")
	assert.Contains(t, string(resp.Body), "<title>502 Bad Gateway</title>")
}

func TestBadJSONFault(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.BadJSON(200, 1))
	_, err := getSeed(srv)
	require.Error(t, err, "the generated client fails to decode a 200 that is not JSON")
	var syntax *json.SyntaxError
	assert.ErrorAs(t, err, &syntax)
}

func TestDropConnection(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.DropConnection(1))
	// A POST is not retried by net/http on its own.
	_, err := srv.Client().CreateJobExecutionWithResponse(ctx, dataflowtest.SeedJobID, nil, gen.CreateJobExecutionJSONRequestBody{})
	require.Error(t, err)
	assert.ErrorIs(t, err, io.EOF)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Zero(t, reqs[0].Status)
	got, _ := srv.Job(dataflowtest.SeedJobID)
	assert.Nil(t, got.LastExecutionStatus, "a dropped request is not handled")
}

func TestTruncatedRealAnswer(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.Truncated(1))
	_, err := srv.Client().CreateJobExecutionWithResponse(ctx, dataflowtest.SeedJobID, nil, gen.CreateJobExecutionJSONRequestBody{})
	require.Error(t, err)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	got, _ := srv.Job(dataflowtest.SeedJobID)
	require.NotNil(t, got.LastExecutionStatus, "the handler ran: the execution exists although the client never saw it")
	assert.Equal(t, "READY", *got.LastExecutionStatus)
}

func TestTruncatedInjectedBody(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.Fault{Status: 503, Truncate: true, RetryAfter: "2"})
	resp, err := srv.HTTPClient().Get(srv.URL + "/api/v1/jobs")
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, "2", resp.Header.Get("Retry-After"))
	_, err = io.ReadAll(resp.Body)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestDelayFault(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.Delay(200*time.Millisecond, 1))
	begin := time.Now()
	resp, err := getSeed(srv)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode(), "a delay alone still answers normally")
	assert.GreaterOrEqual(t, time.Since(begin), 200*time.Millisecond)

	srv.InjectFault(dataflowtest.Delay(time.Hour, 1))
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = srv.Client().GetJobWithResponse(short, dataflowtest.SeedJobID)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "got %v", err)
	// Close must not wait an hour: the handler gives up with the client.
}

func TestCustomFaultBody(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.Fault{Status: 404, Body: []byte(`{"detail":"workflow not found: x","errorType":"NOT_FOUND"}`)})
	resp, err := srv.Client().GetWorkflowWithResponse(ctx, "x")
	require.NoError(t, err)
	assert.Equal(t, "NOT_FOUND", *resp.JSON404.ErrorType)
}

func TestResetDropsPendingFaults(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.Status(500, 3))
	srv.Reset()
	assert.Zero(t, srv.PendingFaults())
	resp, err := getSeed(srv)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode())
}

func TestEmptyFaultBody(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(dataflowtest.Fault{Status: 500, Body: []byte{}})
	resp, err := getSeed(srv)
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode())
	assert.Empty(t, resp.Body, "a non-nil empty Body sends no body")
	assert.Nil(t, resp.JSON500)

	srv.InjectFault(dataflowtest.Fault{Status: 500})
	resp, err = getSeed(srv)
	require.NoError(t, err)
	assert.Equal(t, "900", mustCode(t, resp.JSON500), "a nil Body sends the gateway's body")
}
