package dataflow_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// fakeWithJobs returns a fake holding the seed job and n more.
func fakeWithJobs(t *testing.T, n int, opts ...dataflow.Option) (*dataflowtest.Server, *dataflow.Client) {
	t.Helper()
	srv, c := newFake(t, opts...)
	for i := range n {
		_, err := c.CreateJob(context.Background(), gen.CreateJobRequest{Name: fmt.Sprintf("job_%03d", i), Type: "VISUAL"})
		require.NoError(t, err)
	}
	srv.Reset()
	return srv, c
}

func TestAllJobsWalksEveryPage(t *testing.T) {
	srv, c := fakeWithJobs(t, 5)
	var names []string
	for job, err := range c.AllJobs(context.Background(), &gen.GetJobsParams{Limit: dataflow.Ptr(2)}) {
		require.NoError(t, err)
		names = append(names, job.Name)
	}
	assert.Len(t, names, 6)
	assert.Contains(t, names, "job001")
	assert.Contains(t, names, "job_004")
	// Three full pages of two, then an empty page ends the walk.
	assert.Len(t, srv.Requests(), 4)
}

func TestAllJobsStopsWhenTheCallerStops(t *testing.T) {
	srv, c := fakeWithJobs(t, 5)
	seen := 0
	for _, err := range c.AllJobs(context.Background(), &gen.GetJobsParams{Limit: dataflow.Ptr(2)}) {
		require.NoError(t, err)
		seen++
		if seen == 3 {
			break
		}
	}
	assert.Equal(t, 3, seen)
	assert.Len(t, srv.Requests(), 2, "no page is fetched after the caller stops")
}

func TestAllJobsStopsOnError(t *testing.T) {
	srv, c := fakeWithJobs(t, 5, dataflow.WithRetries(0))
	// The first page succeeds, the second fails.
	var items, errs int
	first := true
	for _, err := range c.AllJobs(context.Background(), &gen.GetJobsParams{Limit: dataflow.Ptr(2)}) {
		if first {
			srv.InjectFault(dataflowtest.Status(500, 1))
			first = false
		}
		if err != nil {
			errs++
			var apiErr *dataflow.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, 500, apiErr.StatusCode)
			continue
		}
		items++
	}
	assert.Equal(t, 2, items)
	assert.Equal(t, 1, errs, "the error is yielded once, then the walk ends")
	assert.Len(t, srv.Requests(), 2)
}

func TestAllJobsStopsOnCancel(t *testing.T) {
	srv, c := fakeWithJobs(t, 5)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var items int
	var last error
	for _, err := range c.AllJobs(ctx, &gen.GetJobsParams{Limit: dataflow.Ptr(2)}) {
		if err != nil {
			last = err
			continue
		}
		items++
		cancel()
	}
	assert.Equal(t, 2, items, "the page in hand is finished")
	assert.ErrorIs(t, last, context.Canceled)
	assert.Len(t, srv.Requests(), 1)
}
