package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
)

// binPath is the command, built once by TestMain; the subprocess tests run it.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dataflow-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binPath = filepath.Join(dir, "dataflow")
	if runtime.GOOS == "windows" {
		binPath += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the command: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the command produced.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// fixture is a fake Data Flow and the environment of a command that talks
// to it: its keys in NCLOUD_ACCESS_KEY_ID/NCLOUD_SECRET_ACCESS_KEY and an
// empty HOME, nothing inherited from the test's own environment.
type fixture struct {
	t       *testing.T
	srv     *dataflowtest.Server
	home    string
	env     map[string]string
	secrets []string // never to appear in any output
}

func newFixture(t *testing.T, opts ...dataflowtest.Option) *fixture {
	t.Helper()
	srv := dataflowtest.NewServer(append([]dataflowtest.Option{dataflowtest.WithT(t)}, opts...)...)
	home := t.TempDir()
	return &fixture{
		t:    t,
		srv:  srv,
		home: home,
		env: map[string]string{
			"HOME":                     home,
			"NCLOUD_ACCESS_KEY_ID":     srv.AccessKey,
			"NCLOUD_SECRET_ACCESS_KEY": srv.SecretKey,
		},
		secrets: []string{srv.SecretKey},
	}
}

// withoutKeys drops the keys from the environment.
func (f *fixture) withoutKeys() *fixture {
	delete(f.env, "NCLOUD_ACCESS_KEY_ID")
	delete(f.env, "NCLOUD_SECRET_ACCESS_KEY")
	return f
}

// writeConfigure writes $HOME/.ncloud/configure and remembers the secret
// keys in it as secrets.
func (f *fixture) writeConfigure(content string, secrets ...string) string {
	f.t.Helper()
	path := filepath.Join(f.home, ".ncloud", "configure")
	require.NoError(f.t, os.MkdirAll(filepath.Dir(path), 0o700))
	require.NoError(f.t, os.WriteFile(path, []byte(content), 0o600))
	f.secrets = append(f.secrets, secrets...)
	return path
}

// run runs the command binary against the fake, with --endpoint first.
func (f *fixture) run(stdin string, args ...string) result {
	f.t.Helper()
	return runBinary(f.t, f.env, stdin, f.secrets, append([]string{"--endpoint", f.srv.URL}, args...)...)
}

// runBare runs the command binary with exactly args (no --endpoint).
func (f *fixture) runBare(stdin string, args ...string) result {
	f.t.Helper()
	return runBinary(f.t, f.env, stdin, f.secrets, args...)
}

// inProcess runs run() in the test's process, against the fake.
func (f *fixture) inProcess(stdin string, args ...string) result {
	f.t.Helper()
	return runInProcess(f.t, f.env, stdin, f.secrets, append([]string{"--endpoint", f.srv.URL}, args...)...)
}

func envList(env map[string]string) []string {
	list := make([]string, 0, len(env))
	for k, v := range env {
		list = append(list, k+"="+v)
	}
	sort.Strings(list)
	return list
}

func runBinary(t *testing.T, env map[string]string, stdin string, secrets []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.Env = envList(env)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running %v: %v", args, err)
	}
	assertNoSecret(t, r, secrets)
	return r
}

func runInProcess(t *testing.T, env map[string]string, stdin string, secrets []string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	lookup := func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}
	code := run(context.Background(), args, lookup, strings.NewReader(stdin), &stdout, &stderr)
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	assertNoSecret(t, r, secrets)
	return r
}

// assertNoSecret fails when any 8 consecutive characters of a secret appear
// in the output: not only the whole secret but no recognisable piece of it.
func assertNoSecret(t *testing.T, r result, secrets []string) {
	t.Helper()
	if piece, leaked := secretLeak(r.stdout+"\x00"+r.stderr, secrets); leaked {
		t.Errorf("part of a secret key (%q…) appears in the output:\n%s", piece[:2], r)
	}
}

// secretLeak returns the first piece of a secret found in out.
func secretLeak(out string, secrets []string) (string, bool) {
	const window = 8
	for _, s := range secrets {
		if len(s) < window {
			if s != "" && strings.Contains(out, s) {
				return s, true
			}
			continue
		}
		for i := 0; i+window <= len(s); i++ {
			if strings.Contains(out, s[i:i+window]) {
				return s[i : i+window], true
			}
		}
	}
	return "", false
}

// requireUsageError checks the shape of a usage error: exit 2, one line
// that says what is wrong, then a pointer to the help, and nothing on
// stdout.
func requireUsageError(t *testing.T, r result, want string) {
	t.Helper()
	require.Equal(t, exitUsage, r.code, "%s", r)
	require.Empty(t, r.stdout, "%s", r)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	require.Len(t, lines, 2, "one line and a pointer to the help:\n%s", r)
	require.True(t, strings.HasPrefix(lines[0], "dataflow: "), "%s", r)
	require.Contains(t, lines[0], want, "%s", r)
	require.Regexp(t, `^Run 'dataflow ([a-z-]+ )?--help' for usage\.$`, lines[1])
}

// requireRuntimeError checks the shape of an exit-1 error: one line on
// stderr, nothing on stdout.
func requireRuntimeError(t *testing.T, r result, want ...string) {
	t.Helper()
	require.Equal(t, exitError, r.code, "%s", r)
	require.Empty(t, r.stdout, "%s", r)
	require.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line:\n%s", r)
	require.True(t, strings.HasPrefix(r.stderr, "dataflow: "), "%s", r)
	for _, w := range want {
		require.Contains(t, r.stderr, w, "%s", r)
	}
}
