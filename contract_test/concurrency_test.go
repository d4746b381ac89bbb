package contract_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

const concurrentCalls = 200

// 200 signed calls at once, through one generated client and one signer:
// every request and response conforms to the spec, every signature verifies,
// the fake's state adds up, and (under -race) nothing races.
func TestConcurrentSignedCalls(t *testing.T) {
	e := newEnv(t)
	jobs := make([]string, 4)
	for i := range jobs {
		jobs[i] = e.createJob(t, fmt.Sprintf("parallel_%d", i)).JobID
	}
	e.srv.Reset()
	baseReq, baseResp := e.doer.requests.Load(), e.doer.responses.Load()

	callCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	calls := []struct {
		op   string
		call func(i int) (int, error)
	}{
		{"createJobExecution", func(i int) (int, error) {
			r, err := e.client.CreateJobExecutionWithResponse(callCtx, jobs[i%len(jobs)], nil,
				gen.CreateJobExecutionJSONRequestBody{JobCondition: &gen.JobConditionOptions{NumWorker: ptr(2 + i%9)}})
			return status(r, err)
		}},
		{"updateJobExecutionConfig", func(i int) (int, error) {
			r, err := e.client.UpdateJobExecutionConfigWithResponse(callCtx, jobs[i%len(jobs)], gen.UpdateJobExecutionConfigJSONRequestBody{
				JobCondition: gen.JobCondition{Timeout: ptr(1 + i), Nrn: "nrn:PUB:IAM::1:Role/r", ScriptPath: "b/s/", LogPath: "b/l/"}})
			return status(r, err)
		}},
		{"getJob", func(i int) (int, error) {
			r, err := e.client.GetJobWithResponse(callCtx, jobs[i%len(jobs)])
			return status(r, err)
		}},
		{"getJobs", func(i int) (int, error) {
			r, err := e.client.GetJobsWithResponse(callCtx, &gen.GetJobsParams{Name: ptr("parallel"), Page: ptr(i % 3), Limit: ptr(2)})
			return status(r, err)
		}},
		{"getJobExecutions", func(i int) (int, error) {
			r, err := e.client.GetJobExecutionsWithResponse(callCtx, jobs[i%len(jobs)], nil)
			return status(r, err)
		}},
	}

	var wg sync.WaitGroup
	failures := make(chan string, concurrentCalls)
	start := make(chan struct{})
	for i := range concurrentCalls {
		c := calls[i%len(calls)]
		wg.Go(func() {
			<-start
			got, err := c.call(i)
			switch {
			case err != nil:
				failures <- fmt.Sprintf("call %d (%s): %v", i, c.op, err)
			case got != http.StatusOK:
				failures <- fmt.Sprintf("call %d (%s): status %d", i, c.op, got)
			}
		})
	}
	close(start)
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}

	assert.EqualValues(t, concurrentCalls, e.doer.requests.Load()-baseReq, "requests that passed the contract check")
	assert.EqualValues(t, concurrentCalls, e.doer.responses.Load()-baseResp, "responses that passed the contract check")
	for _, c := range calls {
		assert.Equal(t, concurrentCalls/len(calls), e.doer.validated(c.op), c.op)
	}

	reqs := e.srv.Requests()
	require.Len(t, reqs, concurrentCalls)
	lookup := func(ak string) (string, bool) { return e.srv.SecretKey, ak == e.srv.AccessKey }
	for _, r := range reqs {
		assert.NoError(t, r.SignatureErr, "%s %s", r.Method, r.URI)
		assert.NoError(t, r.ValidationErr, "%s %s", r.Method, r.URI)
		assert.Equal(t, http.StatusOK, r.Status, "%s %s", r.Method, r.URI)
		// Recompute each signature from the record alone.
		req, err := http.NewRequest(r.Method, e.srv.URL+r.URI, nil)
		require.NoError(t, err)
		req.Header = r.Header
		req.RequestURI = r.URI
		assert.NoError(t, signing.Verify(req, lookup, r.Time, 0), "%s %s", r.Method, r.URI)
	}

	executions := 0
	for _, id := range jobs {
		resp, err := e.client.GetJobExecutionsWithResponse(ctx, id, nil)
		require.NoError(t, err)
		executions += len(resp.JSON200.List)
	}
	assert.Equal(t, concurrentCalls/len(calls), executions, "one execution per createJobExecution call")
	assert.Empty(t, e.srv.Errors())
}

func status(r interface{ StatusCode() int }, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	return r.StatusCode(), nil
}

// The fake under parallel use keeps its per-server state apart: many
// servers at once, each with its own keys, each refusing the others'.
func TestParallelServersAreIndependent(t *testing.T) {
	const n = 8
	var wg sync.WaitGroup
	envs := make([]*env, n)
	for i := range envs {
		envs[i] = newEnv(t)
	}
	for i := range envs {
		wg.Go(func() {
			e := envs[i]
			for range 5 {
				e.run(t, dataflowtest.SeedJobID)
			}
			other := envs[(i+1)%n].srv
			wrongKeys, err := signing.New(other.AccessKey, other.SecretKey, signing.WithEndpoint(e.srv.URL))
			if !assert.NoError(t, err) {
				return
			}
			client, err := gen.NewClientWithResponses(e.srv.URL,
				gen.WithHTTPClient(&http.Client{Transport: &signing.Transport{Signer: wrongKeys}}))
			if !assert.NoError(t, err) {
				return
			}
			r, err := client.GetJobWithResponse(ctx, dataflowtest.SeedJobID)
			if assert.NoError(t, err) {
				assert.Equal(t, http.StatusUnauthorized, r.StatusCode())
			}
		})
	}
	wg.Wait()
	for _, e := range envs {
		resp, err := e.client.GetJobExecutionsWithResponse(ctx, dataflowtest.SeedJobID, nil)
		require.NoError(t, err)
		assert.Len(t, resp.JSON200.List, 5)
	}
}
