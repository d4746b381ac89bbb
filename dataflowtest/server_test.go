package dataflowtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

var ctx = context.Background()

// start is a fixed instant for tests that control the clock:
// 2025-03-20T13:00:00+09:00.
var start = time.Date(2025, 3, 20, 4, 0, 0, 0, time.UTC)

func newServer(t *testing.T, opts ...dataflowtest.Option) *dataflowtest.Server {
	t.Helper()
	return dataflowtest.NewServer(append([]dataflowtest.Option{dataflowtest.WithT(t)}, opts...)...)
}

// do sends a raw request through client and returns status and body.
func do(t *testing.T, client *http.Client, method, url, body string, header http.Header) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, data
}

func seedCondition() gen.UpdateJobExecutionConfigJSONRequestBody {
	return gen.UpdateJobExecutionConfigJSONRequestBody{JobCondition: gen.JobCondition{
		WorkerType: ptr("DATAFLOW"), NumWorker: ptr(4), Timeout: ptr(120),
		Nrn: "nrn:PUB:IAM::2706412:Role/etl", ScriptPath: "bucket/scripts/", LogPath: "bucket/logs/",
	}}
}

func ptr[T any](v T) *T { return &v }

func TestUpdateJobExecutionConfigCopiesConditionAndBumpsDate(t *testing.T) {
	clock := dataflowtest.NewManualClock(start)
	srv := newServer(t, dataflowtest.WithClock(clock.Now))
	before, _ := srv.Job(dataflowtest.SeedJobID)

	resp, err := srv.Client().UpdateJobExecutionConfigWithResponse(ctx, dataflowtest.SeedJobID, seedCondition())
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
	rc := resp.JSON200.RunCondition
	assert.Equal(t, "DATAFLOW", *rc.WorkerType, "the seed job had DEFAULT")
	assert.Equal(t, 4, *rc.NumWorker)
	assert.Equal(t, 120, *rc.Timeout)
	assert.Equal(t, "nrn:PUB:IAM::2706412:Role/etl", *rc.Nrn)
	assert.Equal(t, "bucket/scripts/", *rc.ScriptPath)
	assert.Equal(t, "bucket/logs/", *rc.LogPath)
	assert.Equal(t, "2025-03-20T13:00:00+09:00", resp.JSON200.UpdatedDate.Format(time.RFC3339))
	assert.Equal(t, before.CreatedDate, resp.JSON200.CreatedDate)
	assert.Contains(t, string(resp.Body), `"updatedDate":"2025-03-20T13:00:00+09:00"`)

	stored, _ := srv.Job(dataflowtest.SeedJobID)
	assert.Equal(t, *resp.JSON200.RunCondition, *stored.RunCondition)

	// Omitted optional fields keep the stored values.
	body := seedCondition()
	body.JobCondition.NumWorker, body.JobCondition.Timeout, body.JobCondition.WorkerType = nil, nil, nil
	body.JobCondition.LogPath = "bucket/logs2/"
	resp, err = srv.Client().UpdateJobExecutionConfigWithResponse(ctx, dataflowtest.SeedJobID, body)
	require.NoError(t, err)
	assert.Equal(t, 4, *resp.JSON200.RunCondition.NumWorker)
	assert.Equal(t, "bucket/logs2/", *resp.JSON200.RunCondition.LogPath)
}

func TestUnknownJobIs404WithServiceBody(t *testing.T) {
	srv := newServer(t)
	resp, err := srv.Client().UpdateJobExecutionConfigWithResponse(ctx, "nOsUcHjOb123", seedCondition())
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, resp.StatusCode())
	assert.JSONEq(t, `{"errorType":"NOT_FOUND","detail":"job not found: nOsUcHjOb123"}`, string(resp.Body))

	status, _, body := do(t, srv.HTTPClient(), "GET", srv.URL+"/api/v1/nothing", "", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, string(body), `"errorCode":"300"`)
	status, _, _ = do(t, srv.HTTPClient(), "PUT", srv.URL+"/api/v1/jobs", "{}", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, status)
}

func TestSignatureIsCheckedLikeTheGateway(t *testing.T) {
	clock := dataflowtest.NewManualClock(start)
	srv := newServer(t, dataflowtest.WithClock(clock.Now))
	url := srv.URL + "/api/v1/jobs/" + dataflowtest.SeedJobID
	signed := func(ak, sk string, at time.Time) http.Header {
		ts := strconv.FormatInt(at.UnixMilli(), 10)
		return http.Header{
			signing.HeaderTimestamp: {ts},
			signing.HeaderAccessKey: {ak},
			signing.HeaderSignature: {signing.ComputeSignature(sk, "GET", "/api/v1/jobs/"+dataflowtest.SeedJobID, ts, ak)},
		}
	}
	tests := []struct {
		name   string
		header http.Header
		want   error
		detail string
	}{
		{"good", signed(srv.AccessKey, srv.SecretKey, start), nil, ""},
		{"4 minutes early is in the window", signed(srv.AccessKey, srv.SecretKey, start.Add(-4*time.Minute)), nil, ""},
		{"no headers", nil, signing.ErrMissingHeaders, "x-ncp-apigw-timestamp"},
		{"wrong secret", signed(srv.AccessKey, "not-the-secret", start), signing.ErrSignatureMismatch, "signature does not match"},
		{"unknown access key", signed("AKUNKNOWN", srv.SecretKey, start), signing.ErrUnknownAccessKey, "unknown access key"},
		{"6 minutes old", signed(srv.AccessKey, srv.SecretKey, start.Add(-6*time.Minute)), signing.ErrTimestampOutOfWindow, "window"},
		{"6 minutes ahead", signed(srv.AccessKey, srv.SecretKey, start.Add(6*time.Minute)), signing.ErrTimestampOutOfWindow, "window"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			status, _, body := do(t, http.DefaultClient, "GET", url, "", tt.header)
			reqs := srv.Requests()
			require.Len(t, reqs, 1)
			if tt.want == nil {
				assert.Equal(t, http.StatusOK, status, "%s", body)
				assert.NoError(t, reqs[0].SignatureErr)
				return
			}
			assert.Equal(t, http.StatusUnauthorized, status)
			assert.ErrorIs(t, reqs[0].SignatureErr, tt.want)
			var e gen.ErrorResponse
			require.NoError(t, json.Unmarshal(body, &e))
			require.NotNil(t, e.Error)
			code, err := e.Error.ErrorCode.AsGatewayErrorCode0()
			require.NoError(t, err)
			assert.Equal(t, "200", code)
			assert.Equal(t, "Authentication Failed", *e.Error.Message)
			assert.Contains(t, *e.Error.Details, tt.detail)
			assert.NotContains(t, string(body), srv.SecretKey)
		})
	}
}

func TestSignatureIsCheckedBeforeValidation(t *testing.T) {
	srv := newServer(t)
	status, _, body := do(t, http.DefaultClient, "PUT", srv.URL+"/api/v1/jobs/"+dataflowtest.SeedJobID+"/executions", `{"jobCondition":{}}`, nil)
	assert.Equal(t, http.StatusUnauthorized, status, "%s", body)
	assert.Nil(t, srv.Requests()[0].ValidationErr)
}

func TestNonConformingRequestIs400BadParameter(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		name, method, path, body string
		want                     []string
	}{
		{"numWorker 11", "PUT", "/api/v1/jobs/" + dataflowtest.SeedJobID + "/executions",
			`{"jobCondition":{"numWorker":11,"nrn":"n","scriptPath":"s","logPath":"l"}}`,
			[]string{"/jobCondition/numWorker", "at most 10"}},
		{"timeout 0", "PUT", "/api/v1/jobs/" + dataflowtest.SeedJobID + "/executions",
			`{"jobCondition":{"timeout":0,"nrn":"n","scriptPath":"s","logPath":"l"}}`,
			[]string{"/jobCondition/timeout", "at least 1"}},
		{"missing nrn", "PUT", "/api/v1/jobs/" + dataflowtest.SeedJobID + "/executions",
			`{"jobCondition":{"scriptPath":"s","logPath":"l"}}`,
			[]string{`property "nrn" is missing`}},
		{"node type in no mapping", "POST", "/api/v1/jobs",
			`{"name":"job001","type":"VISUAL","nodes":[{"type":"TRANSFORM_PIVOT","id":1,"name":"p","parentNodeIds":[]}]}`,
			[]string{"/nodes/0", `"TRANSFORM_PIVOT" is not in the discriminator mapping`}},
		{"filter operator LIKE", "POST", "/api/v1/jobs/verify",
			`{"name":"job001","nodes":[{"type":"TRANSFORM_FILTER","id":1,"name":"f","parentNodeIds":[],"filterType":"AND","filterConditionList":[{"name":"a","operator":"LIKE","value":"b"}]}]}`,
			[]string{"/nodes/0/filterConditionList/0/operator", "allowed values"}},
		{"zone-less stats date is fine but a zoned one is not", "GET", "/api/v1/stats/executions?startDate=2025-03-19T00:00:00%2B09:00&endDate=2025-03-20T00:00:00", "",
			[]string{`query parameter "startDate"`}},
		{"page -1", "GET", "/api/v1/jobs?page=-1", "", []string{`query parameter "page"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := do(t, srv.HTTPClient(), tt.method, srv.URL+tt.path, tt.body, nil)
			require.Equal(t, http.StatusBadRequest, status, "%s", body)
			var e gen.ErrorResponse
			require.NoError(t, json.Unmarshal(body, &e))
			assert.Equal(t, "bad-parameter", *e.ErrorType)
			for _, w := range tt.want {
				assert.Contains(t, *e.Detail, w)
			}
			reqs := srv.Requests()
			assert.Error(t, reqs[len(reqs)-1].ValidationErr)
		})
	}
	assert.Empty(t, srv.Errors())
}

func TestRequestsAreRecorded(t *testing.T) {
	clock := dataflowtest.NewManualClock(start)
	srv := newServer(t, dataflowtest.WithClock(clock.Now))
	_, err := srv.Client().GetJobsWithResponse(ctx, &gen.GetJobsParams{Name: ptr("job 001"), Limit: ptr(5)})
	require.NoError(t, err)
	_, err = srv.Client().UpdateJobExecutionConfigWithResponse(ctx, dataflowtest.SeedJobID, seedCondition())
	require.NoError(t, err)

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "GET", reqs[0].Method)
	assert.Equal(t, "/api/v1/jobs?name=job+001&limit=5", reqs[0].URI)
	assert.Equal(t, "getJobs", reqs[0].OperationID)
	assert.Equal(t, srv.AccessKey, reqs[0].Header.Get(signing.HeaderAccessKey))
	assert.Equal(t, start, reqs[0].Time)
	assert.Equal(t, http.StatusOK, reqs[0].Status)
	assert.Equal(t, "updateJobExecutionConfig", reqs[1].OperationID)
	assert.Contains(t, string(reqs[1].Body), `"scriptPath":"bucket/scripts/"`)
	for _, r := range reqs {
		assert.NoError(t, r.SignatureErr)
		assert.NoError(t, r.ValidationErr)
		assert.False(t, r.Fault)
	}
	// Records are copies.
	reqs[0].Header.Set(signing.HeaderAccessKey, "changed")
	assert.Equal(t, srv.AccessKey, srv.Requests()[0].Header.Get(signing.HeaderAccessKey))

	srv.Reset()
	assert.Empty(t, srv.Requests())
	_, ok := srv.Job(dataflowtest.SeedJobID)
	assert.True(t, ok, "Reset keeps the state")
}

func TestCredentialsCanBeChosen(t *testing.T) {
	srv := newServer(t, dataflowtest.WithCredentials("AKIDEXAMPLE", "SECRETEXAMPLE"))
	assert.Equal(t, "AKIDEXAMPLE", srv.AccessKey)
	resp, err := srv.Client().GetJobWithResponse(ctx, dataflowtest.SeedJobID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode())

	other := newServer(t)
	assert.NotEqual(t, other.AccessKey, newServer(t).AccessKey, "default keys are made up per server")
	// Another server's client signs only for that server: it sends nothing here.
	client, err := gen.NewClientWithResponses(srv.URL, gen.WithHTTPClient(other.HTTPClient()))
	require.NoError(t, err)
	_, err = client.GetJobWithResponse(ctx, dataflowtest.SeedJobID)
	require.ErrorIs(t, err, signing.ErrHostNotAllowed)
	// Its keys, signed for this server, are refused by it.
	wrongKeys, err := signing.New(other.AccessKey, other.SecretKey, signing.WithEndpoint(srv.URL))
	require.NoError(t, err)
	client, err = gen.NewClientWithResponses(srv.URL, gen.WithHTTPClient(&http.Client{Transport: &signing.Transport{Signer: wrongKeys}}))
	require.NoError(t, err)
	resp, err = client.GetJobWithResponse(ctx, dataflowtest.SeedJobID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode(), "another server's keys are refused")
	require.NotNil(t, resp.JSON401)
}

func TestSignerInterceptWorksToo(t *testing.T) {
	srv := newServer(t)
	client, err := gen.NewClientWithResponses(srv.URL, gen.WithRequestEditorFn(srv.Signer().Intercept))
	require.NoError(t, err)
	resp, err := client.GetJobWithResponse(ctx, dataflowtest.SeedJobID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode())
}

func TestParallelUseIsSafe(t *testing.T) {
	srv := newServer(t)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Go(func() {
			var status int
			switch i % 4 {
			case 0:
				r, err := srv.Client().UpdateJobExecutionConfigWithResponse(ctx, dataflowtest.SeedJobID, seedCondition())
				if err != nil {
					errs <- err
					return
				}
				status = r.StatusCode()
			case 1:
				r, err := srv.Client().CreateJobExecutionWithResponse(ctx, dataflowtest.SeedJobID, nil, gen.CreateJobExecutionJSONRequestBody{})
				if err != nil {
					errs <- err
					return
				}
				status = r.StatusCode()
			case 2:
				r, err := srv.Client().GetJobExecutionsWithResponse(ctx, dataflowtest.SeedJobID, nil)
				if err != nil {
					errs <- err
					return
				}
				status = r.StatusCode()
			default:
				_ = srv.Requests()
				srv.InjectFault(dataflowtest.Delay(time.Millisecond, 1).For("getJob"))
				r, err := srv.Client().GetJobWithResponse(ctx, dataflowtest.SeedJobID)
				if err != nil {
					errs <- err
					return
				}
				status = r.StatusCode()
			}
			if status != http.StatusOK {
				errs <- errors.New("status " + strconv.Itoa(status))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Len(t, srv.Requests(), 64)
	assert.Empty(t, srv.Errors())
}

func TestCloseTwiceWithT(t *testing.T) {
	srv := newServer(t) // WithT closes it again when t ends
	srv.Close()
	srv.Close()
	_, err := srv.Client().GetJobWithResponse(ctx, dataflowtest.SeedJobID)
	assert.Error(t, err, "a closed server does not answer")
}
