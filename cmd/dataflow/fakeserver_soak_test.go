package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// soakRounds is how many rounds each soak client plays: a few in `go
// test`, FAKE_SERVER_SOAK_ROUNDS in `make soak`.
func soakRounds(t *testing.T) int {
	if v := os.Getenv("FAKE_SERVER_SOAK_ROUNDS"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "FAKE_SERVER_SOAK_ROUNDS")
		return n
	}
	return 3
}

// 50 clients, each with its own job, hit one fake-server at once while the
// admin API injects 503s: the server records every attempt the clients
// sent (none lost, none invented), each client reads back exactly what it
// wrote, every retried 503 was an injected one, and no answer broke the
// contract.
func TestFakeServerUnder50Clients(t *testing.T) {
	const clients = 50
	rounds := soakRounds(t)
	fs := startFakeServer(t, nil, "--max-recorded", "1000000", "--execution-times", "2ms,2ms")
	var sent atomic.Int64
	newClient := func() *dataflow.Client {
		c, err := dataflow.New(dataflow.WithEndpoint(fs.url), dataflow.WithStaticCredentials(fs.accessKey, fs.secretKey),
			dataflow.WithRetryPolicy(dataflow.RetryPolicy{MaxRetries: 8, BaseBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond}),
			dataflow.WithRequestHook(func(*http.Request, int) { sent.Add(1) }))
		require.NoError(t, err)
		return c
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()

	// The fault injector: one 503 for getJob now and then, over the admin
	// API, never more than one queued (a slow machine must not starve a
	// client of answers until its retries run out).
	var injected atomic.Int64
	stopFaults := make(chan struct{})
	var faultsDone sync.WaitGroup
	faultsDone.Go(func() {
		for {
			select {
			case <-stopFaults:
				return
			case <-time.After(3 * time.Millisecond):
			}
			if queued, err := pendingFaults(fs.url); err != nil || queued > 0 {
				if err != nil {
					t.Errorf("counting faults: %v", err)
					return
				}
				continue
			}
			resp, err := http.Post(fs.url+"/_fake/faults", "application/json", strings.NewReader(`{"status":503,"count":1,"operation":"getJob"}`))
			if err != nil {
				t.Errorf("injecting a fault: %v", err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				t.Errorf("injecting a fault: %s", resp.Status)
				return
			}
			injected.Add(1)
		}
	})

	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for w := range clients {
		wg.Go(func() {
			if err := soakClient(ctx, newClient(), w, rounds); err != nil {
				errs <- fmt.Errorf("client %d: %w", w, err)
			}
		})
	}
	wg.Wait()
	close(stopFaults)
	faultsDone.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// Count the faults no request met, then drop them.
	var pending, cleared struct{ Pending int }
	getJSON(t, http.MethodGet, fs.url+"/_fake/faults", &pending)
	getJSON(t, http.MethodDelete, fs.url+"/_fake/faults", &cleared)
	assert.Zero(t, cleared.Pending)
	var reqs struct {
		Total          int                         `json:"total"`
		Requests       []dataflowtest.AdminRequest `json:"requests"`
		ContractErrors []string                    `json:"contractErrors"`
	}
	getJSON(t, http.MethodGet, fs.url+"/_fake/requests", &reqs)
	assert.Equal(t, int(sent.Load()), reqs.Total, "requests the clients sent vs requests the server received")
	assert.Len(t, reqs.Requests, reqs.Total, "every request is kept")
	assert.Empty(t, reqs.ContractErrors)
	faulted := 0
	for _, r := range reqs.Requests {
		assert.True(t, r.SignatureValid, "%s %s: %s", r.Method, r.URI, r.SignatureError)
		assert.Empty(t, r.ValidationError, "%s %s", r.Method, r.URI)
		switch {
		case r.Fault:
			faulted++
			assert.Equal(t, http.StatusServiceUnavailable, r.Status)
		default:
			assert.Less(t, r.Status, 300, "%s %s answered %d", r.Method, r.URI, r.Status)
		}
	}
	assert.Equal(t, int(injected.Load())-pending.Pending, faulted, "each injected fault met exactly one request")
	t.Logf("%d clients × %d rounds: %d requests, %d of them injected 503s, all recorded", clients, rounds, reqs.Total, faulted)
}

// soakClient creates its own job, then each round sets an option, reads it
// back through getJob (which meets the injected 503s), lists jobs, and runs
// the job, which must finish on the server's clock.
func soakClient(ctx context.Context, c *dataflow.Client, w, rounds int) error {
	job, err := c.CreateJob(ctx, gen.CreateJobRequest{Name: fmt.Sprintf("soak-%02d", w), Type: "SPARK"})
	if err != nil {
		return err
	}
	for i := range rounds {
		want := 2 + (w+i)%9 // numWorker is 2 to 10
		if _, err := c.UpdateJobExecutionConfig(ctx, job.JobID, gen.JobCondition{
			Nrn: "nrn:PUB:IAM::2706412:Role/etl", ScriptPath: "b/s/", LogPath: "b/l/", NumWorker: dataflow.Ptr(want),
		}); err != nil {
			return err
		}
		got, err := c.GetJob(ctx, job.JobID)
		if err != nil {
			return err
		}
		if got.RunCondition == nil || got.RunCondition.NumWorker == nil || *got.RunCondition.NumWorker != want {
			return fmt.Errorf("round %d: numWorker is %v, want %d", i, got.RunCondition, want)
		}
		if _, err := c.GetJobs(ctx, &gen.GetJobsParams{Name: dataflow.Ptr(job.Name)}); err != nil {
			return err
		}
		if i%3 == 0 {
			e, err := c.CreateJobExecution(ctx, job.JobID, nil, gen.CreateJobExecutionRequest{})
			if err != nil {
				return err
			}
			if e.JobID != job.JobID {
				return fmt.Errorf("round %d: execution of job %s, want %s", i, e.JobID, job.JobID)
			}
		}
	}
	return nil
}

func getJSON(t *testing.T, method, url string, out any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(out))
}

// pendingFaults asks the admin API how many faults are queued; it is safe
// to call from any goroutine.
func pendingFaults(base string) (int, error) {
	resp, err := http.Get(base + "/_fake/faults")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var p struct{ Pending int }
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		return 0, err
	}
	return p.Pending, nil
}
