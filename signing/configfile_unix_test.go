//go:build unix

package signing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	testConfigSecret = "SECRETFROMTHEFILE0123456789"
	testConfig       = "[DEFAULT]\nncloud_access_key_id = AKIDFILE\nncloud_secret_access_key = " + testConfigSecret + "\n"
)

// retrieveWithin runs p.Retrieve and fails the test if it has not returned
// within 5 seconds; unblock then frees a goroutine stuck on a pipe.
func retrieveWithin(t *testing.T, ctx context.Context, p CredentialsProvider, unblock func()) (Credentials, error) {
	t.Helper()
	type result struct {
		c   Credentials
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := p.Retrieve(ctx)
		done <- result{c, err}
	}()
	select {
	case r := <-done:
		return r.c, r.err
	case <-time.After(5 * time.Second):
		if unblock != nil {
			unblock()
		}
		t.Fatal("Retrieve blocked for 5 s")
		return Credentials{}, nil
	}
}

// openForWriting frees a reader blocked in opening the pipe at path.
func openForWriting(path string) func() {
	return func() {
		if fh, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			fh.Close()
		}
	}
}

func wantConfigError(t *testing.T, err error, fragment string) {
	t.Helper()
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(ce.Msg, fragment) {
		t.Fatalf("err = %v, want a *ConfigError about %q", err, fragment)
	}
	if errors.Is(err, ErrNoCredentials) {
		t.Fatalf("err = %v matches ErrNoCredentials: a chain would move on past a broken file", err)
	}
}

// TestConfigFileFIFODoesNotBlock: a named pipe where the configure file
// should be is refused at once, alone and in a chain.
func TestConfigFileFIFODoesNotBlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "configure")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := retrieveWithin(t, context.Background(), FileCredentials{Path: path}, openForWriting(path))
	wantConfigError(t, err, "named pipe")
	chain := &ChainCredentials{Providers: []CredentialsProvider{EnvCredentials{Lookup: func(string) (string, bool) { return "", false }}, FileCredentials{Path: path}}}
	_, err = retrieveWithin(t, context.Background(), chain, openForWriting(path))
	wantConfigError(t, err, "named pipe")
}

// TestConfigFileSwappedForFIFOAfterStat: a file that is regular when
// checked and a named pipe when opened is caught on the open file, and the
// open does not block.
func TestConfigFileSwappedForFIFOAfterStat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "configure")
	if err := os.WriteFile(path, []byte(testConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	afterStat = func(p string) {
		if err := os.Remove(p); err != nil {
			t.Error(err)
		}
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Error(err)
		}
	}
	defer func() { afterStat = nil }()
	_, err := retrieveWithin(t, context.Background(), FileCredentials{Path: path}, openForWriting(path))
	wantConfigError(t, err, "named pipe")
}

func TestConfigFileMustBeRegular(t *testing.T) {
	dir := t.TempDir()
	_, err := FileCredentials{Path: dir}.Retrieve(context.Background())
	wantConfigError(t, err, "directory")
	if _, err := os.Stat("/dev/null"); err == nil {
		_, err = FileCredentials{Path: "/dev/null"}.Retrieve(context.Background())
		wantConfigError(t, err, "device")
	}
	// A symbolic link to a regular file is read.
	target := filepath.Join(dir, "real")
	if err := os.WriteFile(target, []byte(testConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "configure")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if c, err := (FileCredentials{Path: link}).Retrieve(context.Background()); err != nil || c.AccessKey != "AKIDFILE" {
		t.Fatalf("through a symlink: %v, %v", c, err)
	}
}

// TestConfigFileTooLargeIsNotRead: a 64 MiB (sparse) file is refused from
// its size, before anything is read: the call allocates far less than the
// 1 MiB bound.
func TestConfigFileTooLargeIsNotRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "configure")
	if err := os.WriteFile(path, []byte(testConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 64<<20); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := FileCredentials{Path: path}.Retrieve(context.Background())
	runtime.ReadMemStats(&after)
	wantConfigError(t, err, "larger than 1 MiB")
	if n := after.TotalAlloc - before.TotalAlloc; n > 256<<10 {
		t.Errorf("refusing a 64 MiB file allocated %d bytes: it was read", n)
	}
}

// TestConfigFileHonoursContext: a done context returns its error at once,
// even for a path that would block, through the chain and the cache too.
func TestConfigFileHonoursContext(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	regular := filepath.Join(dir, "configure")
	if err := os.WriteFile(regular, []byte(testConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	for _, path := range []string{fifo, regular} {
		for name, p := range map[string]CredentialsProvider{
			"file":  FileCredentials{Path: path},
			"chain": &ChainCredentials{Providers: []CredentialsProvider{FileCredentials{Path: path}}},
			"cache": NewCredentialsCache(FileCredentials{Path: path}),
		} {
			if _, err := retrieveWithin(t, ctx, p, openForWriting(fifo)); !errors.Is(err, context.Canceled) {
				t.Errorf("%s %s: err = %v, want context.Canceled", name, filepath.Base(path), err)
			}
			if _, err := retrieveWithin(t, expired, p, openForWriting(fifo)); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%s %s: err = %v, want context.DeadlineExceeded", name, filepath.Base(path), err)
			}
		}
	}
}

// TestConfigFileWarnsWhenShared: a file group or others can read gets one
// warning per path, through Warn (or slog when Warn is nil), and its keys
// are still used; a private file gets none.
func TestConfigFileWarnsWhenShared(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, mode os.FileMode) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(testConfig), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, c := range []struct {
		mode  os.FileMode
		warns bool
	}{{0o600, false}, {0o400, false}, {0o644, true}, {0o640, true}, {0o604, true}, {0o620, true}} {
		path := write(fmt.Sprintf("configure-%o", uint32(c.mode)), c.mode)
		var got []string
		warn := func(msg string) { got = append(got, msg) }
		for range 3 {
			for _, p := range []CredentialsProvider{FileCredentials{Path: path, Warn: warn}, NewCredentialsCache(FileCredentials{Path: path, Warn: warn})} {
				creds, err := p.Retrieve(context.Background())
				if err != nil || creds.AccessKey != "AKIDFILE" {
					t.Fatalf("mode %v: %v, %v", c.mode, creds, err)
				}
			}
		}
		switch {
		case !c.warns && len(got) != 0:
			t.Errorf("mode %v: warned %q", c.mode, got)
		case c.warns && len(got) != 1:
			t.Errorf("mode %v: %d warnings, want exactly 1: %q", c.mode, len(got), got)
		case c.warns:
			if !strings.Contains(got[0], path) || !strings.Contains(got[0], fmt.Sprintf("(mode %04o)", uint32(c.mode))) ||
				!strings.Contains(got[0], "chmod 600") ||
				strings.Contains(got[0], testConfigSecret) || strings.ContainsAny(got[0], "\n") {
				t.Errorf("mode %v: warning %q should be one line naming the file and the fix, without the secret", c.mode, got[0])
			}
		}
	}

	// Without Warn, the warning goes to slog's default logger.
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	defer slog.SetDefault(old)
	path := write("configure-slog", 0o644)
	if _, err := (FileCredentials{Path: path}).Retrieve(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "level=WARN") || !strings.Contains(buf.String(), path) {
		t.Errorf("slog got %q, want a warning naming %s", buf.String(), path)
	}
}
