package dataflow_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

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

// pagingServer answers getJobs with the full page page(n) for page n,
// counting requests.
func pagingServer(t *testing.T, page func(n int) string) (*httptest.Server, *atomic.Int64) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, page(n))
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

func twoJobs(a, b string) string {
	return `{"list":[{"jobId":"` + a + `","name":"job_a"},{"jobId":"` + b + `","name":"job_b"}],"count":2}`
}

// TestAllJobsStopsOnARepeatedPage: a server that ignores the page number
// and keeps sending the same full page (or cycles between two) ends the
// walk with a *PaginationError instead of paging forever.
func TestAllJobsStopsOnARepeatedPage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fake := dataflowtest.NewServer(dataflowtest.WithT(t))
	for name, c := range map[string]struct {
		page           func(n int) string
		requests       int64
		refused, twin  int
		wantItemsCount int
	}{
		"same page": {func(int) string { return twoJobs("j1", "j2") }, 2, 1, 0, 2},
		"two pages cycling": {func(n int) string {
			if n%2 == 0 {
				return twoJobs("j1", "j2")
			}
			return twoJobs("j3", "j4")
		}, 3, 2, 0, 4},
	} {
		t.Run(name, func(t *testing.T) {
			srv, requests := pagingServer(t, c.page)
			client := clientFor(t, srv.URL, fake)
			items := 0
			var last error
			for _, err := range client.AllJobs(ctx, &gen.GetJobsParams{Limit: dataflow.Ptr(2)}) {
				if err != nil {
					last = err
					continue
				}
				items++
			}
			var pe *dataflow.PaginationError
			require.ErrorAs(t, last, &pe)
			require.ErrorIs(t, last, dataflow.ErrPageRepeated)
			assert.Equal(t, "getJobs", pe.Operation)
			assert.Equal(t, c.refused, pe.Page)
			assert.Equal(t, c.twin, pe.SameAs)
			assert.Equal(t, c.wantItemsCount, items)
			assert.Equal(t, c.requests, requests.Load())
		})
	}
}

// TestAllJobsHasAPageLimit: distinct full pages without end stop at the
// page limit.
func TestAllJobsHasAPageLimit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fake := dataflowtest.NewServer(dataflowtest.WithT(t))
	srv, requests := pagingServer(t, func(n int) string { return twoJobs(fmt.Sprint("a", n), fmt.Sprint("b", n)) })
	client := clientFor(t, srv.URL, fake, dataflow.WithMaxPages(5))
	items := 0
	var last error
	for _, err := range client.AllJobs(ctx, &gen.GetJobsParams{Limit: dataflow.Ptr(2)}) {
		if err != nil {
			last = err
			continue
		}
		items++
	}
	var pe *dataflow.PaginationError
	require.ErrorAs(t, last, &pe)
	require.ErrorIs(t, last, dataflow.ErrTooManyPages)
	assert.Equal(t, 5, pe.Page)
	assert.Equal(t, 5, pe.MaxPages)
	assert.Contains(t, last.Error(), "WithMaxPages")
	assert.Equal(t, 10, items)
	assert.Equal(t, int64(5), requests.Load())

	// The default limit applies without the option.
	assert.Equal(t, 10_000, dataflow.DefaultMaxPages)
	_, err := dataflow.New(dataflow.WithMaxPages(0))
	assert.Error(t, err)
}
