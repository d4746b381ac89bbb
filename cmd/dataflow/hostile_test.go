package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The command against servers that misbehave on purpose: silent, endless,
// or inflating. Each test bounds itself (runBinary's own limit is a minute)
// and checks how the command ends, not how fast.

// silentServer accepts connections and never answers. It counts them.
func silentServer(t *testing.T) (url string, accepted *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	accepted = new(atomic.Int32)
	done := make(chan struct{})
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				close(done)
				return
			}
			conns = append(conns, c)
			accepted.Add(1)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String(), accepted
}

func TestRequestTimeoutEndsAWaitOnASilentServer(t *testing.T) {
	url, accepted := silentServer(t)
	f := newFixture(t)
	r := f.runBare("", "get-job", "--job-id", seed, "--endpoint", url, "--retries", "0", "--request-timeout", "300ms")
	requireRuntimeError(t, r, "dataflow: get-job: ", "timeout")
	assert.EqualValues(t, 1, accepted.Load())
}

func TestRequestTimeoutFromTheEnvironment(t *testing.T) {
	url, _ := silentServer(t)
	f := newFixture(t)
	f.env[EnvRequestTimeout] = "300ms"
	r := f.runBare("", "get-job", "--job-id", seed, "--endpoint", url, "--retries", "0")
	requireRuntimeError(t, r, "timeout")

	f.env[EnvRequestTimeout] = "forever"
	r = f.runBare("", "get-job", "--job-id", seed, "--endpoint", url, "--retries", "0")
	requireUsageError(t, r, `invalid value "forever" for DATAFLOW_REQUEST_TIMEOUT: not a duration`)
}

// A timed-out GET is retried like a dropped connection: each attempt has
// its own limit.
func TestRequestTimeoutIsPerAttempt(t *testing.T) {
	url, accepted := silentServer(t)
	f := newFixture(t)
	r := f.runBare("", "get-job", "--job-id", seed, "--endpoint", url, "--retries", "2", "--request-timeout", "200ms")
	requireRuntimeError(t, r, "timeout")
	assert.EqualValues(t, 3, accepted.Load(), "one connection per attempt")
}

// Ctrl-C while the command waits: it ends with 130 and says so, without a
// stack of network errors.
func TestInterruptEndsTheCommandCleanly(t *testing.T) {
	url, accepted := silentServer(t)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	f := newFixture(t)
	cmd := exec.CommandContext(ctx, binPath, "get-job", "--job-id", seed, "--endpoint", url)
	cmd.Env = envList(f.env)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	for accepted.Load() == 0 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err := cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "stderr: %s", stderr.String())
	assert.Equal(t, exitInterrupted, ee.ExitCode(), "stderr: %s", stderr.String())
	assert.Equal(t, "dataflow: get-job: interrupted\n", stderr.String())
	assert.Empty(t, stdout.String())
}

// endlessBody answers 200 with a body of about n bytes of JSON-ish filler,
// streamed, never held in memory; gzipped when zip is set, so that a few
// MiB on the wire inflate to n bytes. The gzip stream is one small member
// compressed once and sent again and again (a gzip reader reads concatenated
// members as one stream), so the server spends no time compressing.
func endlessBody(t *testing.T, n int64, zip bool) *httptest.Server {
	t.Helper()
	const chunk = 1 << 20
	head, filler := []byte(`{"id":"`), bytes.Repeat([]byte(" "), chunk)
	if zip {
		head, filler = gzipped(t, head), gzipped(t, filler)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if zip {
			w.Header().Set("Content-Encoding", "gzip")
		}
		if _, err := w.Write(head); err != nil {
			return
		}
		for sent := int64(0); sent < n; sent += chunk {
			if _, err := w.Write(filler); err != nil {
				return // the client hung up, as it should
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	require.NoError(t, err)
	_, err = zw.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// Against 1 GiB, plain or as a gzip bomb, the command stops at its limit,
// exits 1 naming the limit and how to raise it, and stays far below 256 MiB
// resident (the kernel's peak RSS of the child, not a sample).
func TestHugeResponseIsRefusedWithinMemory(t *testing.T) {
	for _, zip := range []bool{false, true} {
		name := "plain"
		if zip {
			name = "gzip"
		}
		t.Run(name, func(t *testing.T) {
			srv := endlessBody(t, 1<<30, zip)
			f := newFixture(t)
			ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, binPath, "get-job", "--job-id", seed, "--endpoint", srv.URL, "--retries", "0")
			cmd.Env = envList(f.env)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var ee *exec.ExitError
			require.True(t, errors.As(err, &ee), "want a failure, got %v; stderr: %s", err, stderr.String())
			assert.Equal(t, exitError, ee.ExitCode(), "stderr: %s", stderr.String())
			msg := stderr.String()
			assert.Equal(t, 1, strings.Count(msg, "\n"), "one line: %s", msg)
			assert.Contains(t, msg, "dataflow: get-job: ")
			assert.Contains(t, msg, "67108864", "names the limit: %s", msg)
			assert.Contains(t, msg, "--max-response-size", "says how to raise it: %s", msg)

			ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			require.True(t, ok)
			peak := ru.Maxrss * 1024 // KiB on Linux
			t.Logf("peak resident %d MiB", peak>>20)
			assert.Less(t, peak, int64(256<<20), "peak resident set")
		})
	}
}

// --max-response-size lowers (or raises) the limit.
func TestMaxResponseSizeFlag(t *testing.T) {
	f := newFixture(t)
	r := f.run("", "get-job", "--job-id", seed, "--max-response-size", "1KiB", "--retries", "0")
	requireRuntimeError(t, r, "1024", "--max-response-size")

	r = f.run("", "get-job", "--job-id", seed, "--max-response-size", "1MiB")
	require.Equal(t, exitOK, r.code, "%s", r)
}
