package dataflow_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/internal/benchjob"
)

const (
	gib         = int64(1) << 30
	heapCeiling = 256 << 20 // what the issue allows; the measured peak must stay far below it
)

// heapWatch samples HeapInuse every millisecond while f runs, and returns
// the highest value above where it started. Past 2×heapCeiling it cancels
// f's context, so that a broken limit fails the test instead of the machine.
func heapWatch(t *testing.T, f func(ctx context.Context)) uint64 {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > base && ms.HeapInuse-base > peak.Load() {
				peak.Store(ms.HeapInuse - base)
			}
			if peak.Load() > 2*heapCeiling {
				cancel()
			}
		}
	}()
	f(ctx)
	close(done)
	wg.Wait()
	return peak.Load()
}

// streamZeros writes n bytes of zeros to w, in 1 MiB writes, stopping as soon as the client goes away.
func streamZeros(r *http.Request, w io.Writer, n int64) {
	chunk := make([]byte, 1<<20)
	for sent := int64(0); sent < n && r.Context().Err() == nil; sent += int64(len(chunk)) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

func requireTooLarge(t *testing.T, err error) {
	t.Helper()
	var tooLarge *dataflow.ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge, "%v", err)
	assert.Equal(t, dataflow.DefaultMaxResponseBytes, tooLarge.Limit)
	assert.Contains(t, err.Error(), "WithMaxResponseBytes")
	assert.Contains(t, err.Error(), "64 MiB")
	var apiErr *dataflow.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusOK, apiErr.StatusCode)
	assert.Equal(t, 1, apiErr.Attempts, "a body over the limit is not retried")
	assert.LessOrEqual(t, cap(apiErr.Body), 64<<10, "the error keeps a bounded copy of the body")
}

// TestHugeBodyIsRefusedWithBoundedMemory: a 1 GiB body, sent plainly
// (chunked, no Content-Length) or as a gzip answer that inflates to 1 GiB,
// ends in a *ResponseTooLargeError while the heap stays far below 256 MiB.
func TestHugeBodyIsRefusedWithBoundedMemory(t *testing.T) {
	var z bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	_, _ = gz.Write(make([]byte, 1<<20))
	require.NoError(t, gz.Close())
	member := z.Bytes()
	cases := map[string]http.HandlerFunc{
		"plain 1 GiB": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			streamZeros(r, w, gib)
		},
		"gzip inflating to 1 GiB": func(w http.ResponseWriter, r *http.Request) {
			// 1,024 gzip members of 1 MiB of zeros each (about 1 KiB
			// apiece): a multi-member stream that inflates to 1 GiB.
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", "gzip")
			for range gib >> 20 {
				if _, err := w.Write(member); err != nil || r.Context().Err() != nil {
					return
				}
			}
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			fake := dataflowtest.NewServer(dataflowtest.WithT(t))
			c := clientFor(t, srv.URL, fake)
			var err error
			peak := heapWatch(t, func(ctx context.Context) {
				_, err = c.GetJob(ctx, dataflowtest.SeedJobID)
			})
			t.Logf("%s: peak heap growth %.1f MiB", name, float64(peak)/(1<<20))
			requireTooLarge(t, err)
			assert.Less(t, peak, uint64(heapCeiling/2), "peak heap %d MiB", peak>>20)
		})
	}
}

// TestContentLengthDoesNotDecideTheAllocation: a 2-byte answer that
// announces 67 MB (just under the limit) must not make the client allocate
// 64 MiB, and the error must not keep a large buffer alive.
func TestContentLengthDoesNotDecideTheAllocation(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "67000000")
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(srv.Close)
	fake := dataflowtest.NewServer(dataflowtest.WithT(t))
	c := clientFor(t, srv.URL, fake, dataflow.WithRetries(0))

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %.2f MiB for the call", float64(allocated)/(1<<20))
	assert.Less(t, allocated, uint64(8<<20), "Content-Length decided a large allocation")

	var apiErr *dataflow.APIError
	require.ErrorAs(t, err, &apiErr, "%v", err)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, []byte("{}"), apiErr.Body)
	assert.LessOrEqual(t, cap(apiErr.Body), 64<<10, "the error keeps a bounded copy")

	// Over the limit, the announcement alone ends the call.
	limited := clientFor(t, srv.URL, fake, dataflow.WithMaxResponseBytes(1<<20))
	_, err = limited.GetJob(context.Background(), dataflowtest.SeedJobID)
	var tooLarge *dataflow.ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.Equal(t, int64(67000000), tooLarge.Announced)
	assert.Contains(t, err.Error(), "1 MiB")
}

// TestDefaultLimitFitsALargeJob: a job with 10,000 nodes decodes under the
// default limit with room to spare.
func TestDefaultLimitFitsALargeJob(t *testing.T) {
	fake := dataflowtest.NewServer(dataflowtest.WithT(t))
	resp, err := fake.Client().GetJobWithResponse(context.Background(), dataflowtest.SeedJobID)
	require.NoError(t, err)
	big, err := benchjob.WithNodes(resp.Body, 10_000)
	require.NoError(t, err)
	t.Logf("a 10,000-node job is %.1f MiB; the limit is %d MiB", float64(len(big))/(1<<20), dataflow.DefaultMaxResponseBytes>>20)
	assert.Less(t, int64(len(big))*8, dataflow.DefaultMaxResponseBytes, "the default limit is not comfortably above a 10,000-node job")

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(big)
	}))
	t.Cleanup(srv.Close)
	job, err := clientFor(t, srv.URL, fake).GetJob(context.Background(), dataflowtest.SeedJobID)
	require.NoError(t, err)
	require.NotNil(t, job.Nodes)
	assert.Len(t, *job.Nodes, 10_000)

	_, err = clientFor(t, srv.URL, fake, dataflow.WithMaxResponseBytes(int64(len(big)-1))).GetJob(context.Background(), dataflowtest.SeedJobID)
	assert.ErrorAs(t, err, new(*dataflow.ResponseTooLargeError), "one byte over a lowered limit")
}

// silentListener accepts connections and never answers on them.
func silentListener(t *testing.T) (addr string, accepted *atomic.Int64) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	accepted = new(atomic.Int64)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String(), accepted
}

// TestAttemptTimeout: a server that accepts and never answers, or sends
// headers and then stalls the body, fails each attempt after the attempt
// timeout with an *AttemptTimeoutError; the attempts are retried per policy.
func TestAttemptTimeout(t *testing.T) {
	fake := dataflowtest.NewServer(dataflowtest.WithT(t))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	t.Run("silent server", func(t *testing.T) {
		url, accepted := silentListener(t)
		c := clientFor(t, url, fake, dataflow.WithAttemptTimeout(100*time.Millisecond),
			dataflow.WithRetryPolicy(dataflow.RetryPolicy{MaxRetries: 2, BaseBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
		_, err := c.GetJob(ctx, dataflowtest.SeedJobID)
		var te *dataflow.AttemptTimeoutError
		require.ErrorAs(t, err, &te, "%v", err)
		assert.Equal(t, 100*time.Millisecond, te.After)
		assert.True(t, te.Timeout())
		assert.NotErrorIs(t, err, context.DeadlineExceeded, "the caller's context did not end")
		var oe *dataflow.OperationError
		require.ErrorAs(t, err, &oe)
		assert.Equal(t, 3, oe.Attempts)
		assert.Equal(t, int64(3), accepted.Load(), "each attempt on a fresh connection")
	})
	t.Run("stalled body", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"jobId":`)
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		t.Cleanup(srv.Close)
		c := clientFor(t, srv.URL, fake, dataflow.WithAttemptTimeout(100*time.Millisecond), dataflow.WithRetries(0))
		_, err := c.GetJob(ctx, dataflowtest.SeedJobID)
		require.ErrorAs(t, err, new(*dataflow.AttemptTimeoutError), "%v", err)
	})
	t.Run("a fast answer is unaffected", func(t *testing.T) {
		c := clientFor(t, fake.URL, fake, dataflow.WithAttemptTimeout(5*time.Second))
		_, err := c.GetJob(ctx, dataflowtest.SeedJobID)
		require.NoError(t, err)
	})
	_, err := dataflow.New(dataflow.WithAttemptTimeout(-time.Second))
	assert.Error(t, err)
	_, err = dataflow.New(dataflow.WithMaxResponseBytes(0))
	assert.Error(t, err)
}
