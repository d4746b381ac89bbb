package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fakeServer is a "dataflow fake-server" running in this process.
type fakeServer struct {
	url, accessKey, secretKey string
	stdout, stderr            *syncBuffer
	stop                      func() int // cancels its context, returns the exit status
}

// startFakeServer runs "dataflow fake-server args..." in a goroutine and
// waits for the lines it prints first.
func startFakeServer(t *testing.T, env map[string]string, args ...string) *fakeServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	fs := &fakeServer{stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"fake-server"}, args...), func(k string) (string, bool) {
			v, ok := env[k]
			return v, ok
		}, strings.NewReader(""), fs.stdout, fs.stderr)
	}()
	var once sync.Once
	code := -1
	fs.stop = func() int {
		once.Do(func() {
			cancel()
			code = <-done
		})
		return code
	}
	t.Cleanup(func() { fs.stop() })
	require.Eventually(t, func() bool {
		select {
		case c := <-done:
			t.Fatalf("fake-server exited with %d before serving: %s", c, fs.stderr.String())
		default:
		}
		return strings.Contains(fs.stderr.String(), "serving")
	}, 10*time.Second, 5*time.Millisecond)
	lines := strings.Split(strings.TrimSpace(fs.stdout.String()), "\n")
	fs.url = lines[0]
	for _, l := range lines[1:] {
		if v, ok := strings.CutPrefix(l, "NCLOUD_ACCESS_KEY_ID="); ok {
			fs.accessKey = v
		}
		if v, ok := strings.CutPrefix(l, "NCLOUD_SECRET_ACCESS_KEY="); ok {
			fs.secretKey = v
		}
	}
	return fs
}

func (fs *fakeServer) client(t *testing.T, secret string) *dataflow.Client {
	t.Helper()
	c, err := dataflow.New(dataflow.WithEndpoint(fs.url), dataflow.WithStaticCredentials(fs.accessKey, secret))
	require.NoError(t, err)
	return c
}

// The command prints its URL first, then made-up keys that sign; it
// answers signed calls, logs every request as a JSON line with the access
// key shortened, and exits 0 when its context ends.
func TestFakeServerServesAndLogs(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "requests.jsonl")
	fs := startFakeServer(t, nil, "--log", logPath)
	assert.True(t, strings.HasPrefix(fs.url, "http://127.0.0.1:"), fs.url)
	require.NotEmpty(t, fs.accessKey)
	require.NotEmpty(t, fs.secretKey, "made-up keys are printed")

	c := fs.client(t, fs.secretKey)
	jobs, err := c.GetJobs(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, jobs.List, 1)
	job, err := c.UpdateJobExecutionConfig(t.Context(), dataflowtest.SeedJobID, gen.JobCondition{
		Nrn: "nrn:PUB:IAM::2706412:Role/etl", ScriptPath: "bucket/scripts/", LogPath: "bucket/logs/", NumWorker: dataflow.Ptr(4),
	})
	require.NoError(t, err)
	assert.Equal(t, 4, *job.RunCondition.NumWorker)
	_, err = fs.client(t, "wrong"+fs.secretKey).GetJobs(t.Context(), nil)
	require.Error(t, err)

	require.Equal(t, exitOK, fs.stop())
	assert.Contains(t, fs.stderr.String(), "stopped after 3 requests")

	data, err := os.ReadFile(logPath)
	require.NoError(t, err)
	text := string(data)
	assert.NotContains(t, text, fs.accessKey, "the access key is shortened")
	assert.NotContains(t, text, fs.secretKey)
	lines := strings.Split(strings.TrimSpace(text), "\n")
	require.Len(t, lines, 3)
	var entries []logLine
	for _, l := range lines {
		var e logLine
		require.NoError(t, json.Unmarshal([]byte(l), &e), l)
		entries = append(entries, e)
	}
	assert.Equal(t, "getJobs", entries[0].OperationID)
	assert.Equal(t, 200, entries[0].Status)
	assert.True(t, entries[0].SignatureValid)
	assert.Equal(t, shorten(fs.accessKey), entries[0].AccessKey)
	assert.Equal(t, "updateJobExecutionConfig", entries[1].OperationID)
	assert.Equal(t, 401, entries[2].Status)
	assert.False(t, entries[2].SignatureValid)
	assert.Equal(t, "signature does not match", entries[2].SignatureError)
}

// Keys from the environment are used and the secret is never printed.
func TestFakeServerKeysFromEnvironment(t *testing.T) {
	const ak, sk = "FAKEACCESSKEY0000001", "fakeSecretKey0000000000000000000000000001"
	fs := startFakeServer(t, map[string]string{"NCLOUD_ACCESS_KEY_ID": ak, "NCLOUD_SECRET_ACCESS_KEY": sk}, "--no-seed")
	assert.Equal(t, ak, fs.accessKey)
	assert.Empty(t, fs.secretKey)
	jobs, err := fs.client(t, sk).GetJobs(t.Context(), nil)
	require.NoError(t, err)
	assert.Empty(t, jobs.List, "--no-seed starts empty")
	require.Equal(t, exitOK, fs.stop())
	assert.NotContains(t, fs.stdout.String()+fs.stderr.String(), sk)
}

// --state starts from a file; --save-state writes what the server holds on
// exit; the file left is loadable again.
func TestFakeServerStateFiles(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.json"), filepath.Join(dir, "out.json")
	require.NoError(t, os.WriteFile(in, []byte(`{"jobs":[{"jobId":"fileJob0001","name":"from-file","type":"SPARK"}]}`), 0o600))
	fs := startFakeServer(t, nil, "--state", in, "--save-state", out, "--execution-times", "1ms,1ms")
	c := fs.client(t, fs.secretKey)
	jobs, err := c.GetJobs(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, jobs.List, 1)
	assert.Equal(t, "fileJob0001", jobs.List[0].JobID)
	_, err = c.CreateJob(t.Context(), gen.CreateJobRequest{Name: "made-here", Type: "SPARK"})
	require.NoError(t, err)
	e, err := c.CreateJobExecution(t.Context(), "fileJob0001", nil, gen.CreateJobExecutionRequest{})
	require.NoError(t, err)
	time.Sleep(5 * time.Millisecond) // past both execution phases
	require.Equal(t, exitOK, fs.stop())

	data, err := os.ReadFile(out)
	require.NoError(t, err)
	var st dataflowtest.State
	require.NoError(t, json.Unmarshal(data, &st))
	require.Len(t, st.Jobs, 2)
	assert.Equal(t, "made-here", st.Jobs[1].Name)
	require.Len(t, st.JobExecutions, 1)
	assert.Equal(t, e.JobExecutionID, st.JobExecutions[0].JobExecutionID)
	assert.Equal(t, gen.ExecutionStatusCOMPLETED, *st.JobExecutions[0].Status)

	again := startFakeServer(t, nil, "--state", out)
	got, err := again.client(t, again.secretKey).GetJobExecution(t.Context(), "fileJob0001", e.JobExecutionID)
	require.NoError(t, err)
	assert.Equal(t, gen.ExecutionStatusCOMPLETED, *got.Status)
}

func TestFakeServerRefusesBadFlags(t *testing.T) {
	dir := t.TempDir()
	badState := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(badState, []byte(`{"jobs":[{"jobId":"x","name":7}]}`), 0o600))
	for _, c := range []struct {
		args []string
		env  map[string]string
		code int
		says string
	}{
		{[]string{"--addr", "0.0.0.0:0"}, nil, exitUsage, "not a loopback address"},
		{[]string{"--addr", ":0"}, nil, exitUsage, "every interface"},
		{[]string{"--addr", "example.com:80"}, nil, exitUsage, "--allow-remote"},
		{[]string{"--addr", "nonsense"}, nil, exitUsage, "HOST:PORT"},
		{[]string{"--execution-times", "1s"}, nil, exitUsage, "READY,RUN"},
		{[]string{"--execution-times", "1s,-1s"}, nil, exitUsage, "duration"},
		{[]string{"--access-key", "ONLYTHEACCESSKEY0001"}, nil, exitUsage, "both"},
		{nil, map[string]string{"NCLOUD_SECRET_ACCESS_KEY": "s"}, exitUsage, "both"},
		{[]string{"--state", filepath.Join(dir, "missing.json")}, nil, exitUsage, "--state"},
		{[]string{"--max-recorded", "0"}, nil, exitUsage, "--max-recorded"},
		{[]string{"--state", badState}, nil, exitError, "name"},
		{[]string{"surplus"}, nil, exitUsage, "unexpected argument"},
		{[]string{"--addr", "127.0.0.1:99999"}, nil, exitError, "cannot listen"},
	} {
		r := runInProcess(t, c.env, "", nil, append([]string{"fake-server"}, c.args...)...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r)
		assert.Contains(t, r.stderr, c.says, "%v", c.args)
		assert.Empty(t, r.stdout, "%v: nothing served, no URL printed", c.args)
	}
}

// The built command stops cleanly on SIGINT and SIGTERM, exiting 0.
func TestFakeServerStopsOnSignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(binPath, "fake-server", "--no-seed")
			cmd.Env = envList(map[string]string{"HOME": t.TempDir()})
			stdout, err := cmd.StdoutPipe()
			require.NoError(t, err)
			var stderr syncBuffer
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Start())
			url, err := bufio.NewReader(stdout).ReadString('\n')
			require.NoError(t, err)
			resp, err := http.Get(strings.TrimSpace(url) + "/_fake/faults")
			require.NoError(t, err)
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			require.NoError(t, cmd.Process.Signal(sig))
			err = cmd.Wait()
			require.NoError(t, err, "exit status after %s: %s", sig, stderr.String())
			assert.Contains(t, stderr.String(), "stopped after 0 requests")
		})
	}
}
