package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// TestSpecEditDrill does what a maintainer does to change the API, on a
// copy of this module: three edits to openapi.yaml (a changed bound, a new
// optional enum field, a new operation), left uncommitted, then the
// README's steps `make generate` and `make check-generated`, then a build of
// the command, run against a recording server. The raised bound is
// honoured and the new limit enforced, the new field has a flag whose
// values are checked, and the new operation is a subcommand whose request
// arrives signed. Nothing in the copy is edited by hand but the spec.
func TestSpecEditDrill(t *testing.T) {
	for _, tool := range []string{"git", "make", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the drill needs %s: %v", tool, err)
		}
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	env := append(os.Environ(), "GOFLAGS=-mod=mod -trimpath", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off", "GOTOOLCHAIN=local",
		"GIT_AUTHOR_NAME=drill", "GIT_AUTHOR_EMAIL=drill@example.invalid", "GIT_COMMITTER_NAME=drill", "GIT_COMMITTER_EMAIL=drill@example.invalid")
	run := func(dir string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	// The module as it is on disk, as a fresh repository with one commit.
	copyTree(t, root, dir)
	run(dir, "git", "init", "-q")
	run(dir, "git", "add", "-A")
	run(dir, "git", "commit", "-q", "-m", "the module before the edit")

	// The edits, uncommitted.
	specPath := filepath.Join(dir, "openapi.yaml")
	spec, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	edited := edit(t, string(spec), []replacement{
		{"numWorker maximum", "    NumWorker:\n      type: integer\n", "maximum: 10\n", "maximum: 20\n"},
		{"new optional enum field", "    JobCondition:\n", "        numWorker:\n", "        sparkMode:\n          type: string\n          description: How Spark runs the job.\n          enum: [BATCH, STREAM]\n        numWorker:\n"},
		{"new operation", "", "  /api/v1/jobs/{jobId}/executions:\n", `  /api/v1/jobs/{jobId}/metrics:
    parameters:
      - $ref: '#/components/parameters/JobID'
    get:
      operationId: getJobMetrics
      summary: Get a job's metrics
      description: Counts the runs of one job.
      tags: [Jobs]
      responses:
        '200':
          description: The job's metrics.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/JobMetrics'
              example:
                runs: 3
        default:
          $ref: '#/components/responses/Error'
  /api/v1/jobs/{jobId}/executions:
`},
		{"the new operation's answer", "", "  schemas:\n", "  schemas:\n    JobMetrics:\n      type: object\n      properties:\n        runs:\n          type: integer\n"},
	})
	if err := os.WriteFile(specPath, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	run(dir, "make", "generate")
	run(dir, "make", "check-generated")
	if status := run(dir, "git", "status", "--porcelain", "openapi.yaml"); !strings.Contains(status, "openapi.yaml") {
		t.Fatalf("the spec edit should still be uncommitted: %q", status)
	}
	bin := filepath.Join(dir, "dataflow-drill")
	run(dir, "go", "build", "-o", bin, "./cmd/dataflow")

	rec := newRecorder(t)
	cli := func(args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(bin, append(args, "--endpoint", rec.srv.URL, "--retries", "0")...)
		cmd.Env = []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"),
			signing.EnvAccessKeyID + "=" + rec.accessKey, "NCLOUD_SECRET_ACCESS_KEY=" + rec.secretKey}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, stdout.String(), stderr.String()
	}
	condition := []string{"update-job-execution-config", "--job-id", "j1", "--nrn", "nrn:role", "--script-path", "b/s/", "--log-path", "b/l/"}

	// The changed bound: 15 is sent, 25 is refused before sending.
	code, _, stderr := cli(append(condition, "--num-worker", "15", "--spark-mode", "STREAM")...)
	if code != 0 {
		t.Fatalf("--num-worker 15 --spark-mode STREAM: exit %d: %s", code, stderr)
	}
	sent := rec.take(t, 1)[0]
	var body struct {
		JobCondition map[string]any `json:"jobCondition"`
	}
	if err := json.Unmarshal(sent.body, &body); err != nil {
		t.Fatal(err)
	}
	if sent.method != http.MethodPut || body.JobCondition["numWorker"] != float64(15) || body.JobCondition["sparkMode"] != "STREAM" {
		t.Errorf("sent %s %s %s, want numWorker 15 and sparkMode STREAM", sent.method, sent.path, sent.body)
	}
	for _, bad := range []struct {
		args []string
		says string
	}{
		{[]string{"--num-worker", "25"}, "--num-worker must be between 2 and 20 (got 25)"},
		{[]string{"--spark-mode", "TURBO"}, "--spark-mode must be one of BATCH, STREAM"},
	} {
		code, _, stderr := cli(append(condition, bad.args...)...)
		if code != 2 || !strings.Contains(stderr, bad.says) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", bad.args, code, stderr, bad.says)
		}
		rec.take(t, 0)
	}
	_, help, _ := cli("update-job-execution-config", "--help")
	for _, want := range []string{"--spark-mode VALUE", "one of BATCH, STREAM", "2 to 20"} {
		if !strings.Contains(help, want) {
			t.Errorf("the help does not say %q:\n%s", want, help)
		}
	}

	// The new operation: a subcommand, signed and sent.
	code, stdout, stderr := cli("get-job-metrics", "--job-id", "j1", "--output", "json")
	if code != 0 {
		t.Fatalf("get-job-metrics: exit %d: %s", code, stderr)
	}
	got := rec.take(t, 1)[0]
	if got.method != http.MethodGet || got.path != "/api/v1/jobs/j1/metrics" {
		t.Errorf("get-job-metrics sent %s %s", got.method, got.path)
	}
	if !strings.Contains(stdout, `"runs": 3`) {
		t.Errorf("get-job-metrics printed %q", stdout)
	}
	_, top, _ := cli("--help")
	if !strings.Contains(top, "get-job-metrics") {
		t.Errorf("the command's help does not list get-job-metrics:\n%s", top)
	}
}

type replacement struct {
	what, after, old, new string // replace the first old that follows after
}

func edit(t *testing.T, s string, reps []replacement) string {
	t.Helper()
	for _, r := range reps {
		at := strings.Index(s, r.after)
		if at < 0 {
			t.Fatalf("%s: openapi.yaml has no %q", r.what, r.after)
		}
		i := strings.Index(s[at:], r.old)
		if i < 0 {
			t.Fatalf("%s: openapi.yaml has no %q after %q", r.what, r.old, r.after)
		}
		i += at
		s = s[:i] + r.new + s[i+len(r.old):]
	}
	return s
}

// copyTree copies the files git would see in root (tracked, and untracked
// but not ignored, as they are on disk) to dir.
func copyTree(t *testing.T, root, dir string) {
	t.Helper()
	list := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	list.Dir = root
	out, err := list.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, name := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		src := filepath.Join(root, name)
		info, err := os.Lstat(src)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the working tree, or not a plain file
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

// recorder is an HTTP server that checks each request's signature and
// records it; it answers a job for PUTs and the metrics example for GETs.
type recorder struct {
	srv                  *httptest.Server
	accessKey, secretKey string
	mu                   sync.Mutex
	got                  []recorded
}

type recorded struct {
	method, path string
	body         []byte
}

func newRecorder(t *testing.T) *recorder {
	r := &recorder{accessKey: "DRILLACCESSKEY000001", secretKey: "drill-secret-key-0000000000000000000000"}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
		lookup := func(ak string) (string, bool) { return r.secretKey, ak == r.accessKey }
		if err := signing.Verify(req, lookup, time.Now(), signing.DefaultWindow); err != nil {
			t.Errorf("%s %s is not signed: %v", req.Method, req.URL.Path, err)
			http.Error(w, `{"error":{"errorCode":"200","message":"Authentication Failed"}}`, http.StatusUnauthorized)
			return
		}
		r.mu.Lock()
		r.got = append(r.got, recorded{req.Method, req.URL.Path, body})
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if req.Method == http.MethodGet {
			_, _ = io.WriteString(w, `{"runs": 3}`)
			return
		}
		_, _ = io.WriteString(w, `{"jobId": "j1", "name": "job_1"}`)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// take returns the requests recorded since the last take, failing unless
// there are n.
func (r *recorder) take(t *testing.T, n int) []recorded {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	got := r.got
	r.got = nil
	if len(got) != n {
		t.Fatalf("the server got %d requests, want %d: %v", len(got), n, got)
	}
	return got
}
