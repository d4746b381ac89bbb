package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

func writeFakeServerHelp(w io.Writer) {
	_, _ = io.WriteString(w, `Usage: dataflow fake-server [flags]

Serves the fake Data Flow of package dataflowtest until interrupted, for tests
in any language: it checks every signature (signature v2) and validates every
request and response against openapi.yaml, like the real gateway and service.

The first line of standard output is the server's URL; the next lines are
NCLOUD_ACCESS_KEY_ID=... and, when the keys were made up here,
NCLOUD_SECRET_ACCESS_KEY=... (a secret given to the command is never printed).

An unsigned admin API lives under /_fake/ (described at /_fake/openapi.yaml):
  POST /_fake/faults     {"status":503,"count":1,"operation":"getJobs"} queues a fault
                         (also retryAfter, delay, body, contentType, html, truncate, drop)
  GET  /_fake/requests   the requests received (?operation=getJobs), total and contract errors
  POST /_fake/reset      forget requests and faults; {"state":true} also restores the start state
  GET|PUT /_fake/state   export or replace the jobs, executions, workflows and triggers
  POST /_fake/jobs/{jobId}/executions/{executionId}/advance   READY→RUNNING→COMPLETED
  PUT  /_fake/jobs/{jobId}/executions/{executionId}/status    {"status":"FAILED"}

Flags:
  --addr HOST:PORT          where to listen (default 127.0.0.1:0, a free port)
  --allow-remote            allow an address that is not loopback (the admin API is unsigned)
  --access-key KEY          the access key the server accepts (or NCLOUD_ACCESS_KEY_ID)
  --secret-key KEY          the secret key (or NCLOUD_SECRET_ACCESS_KEY); both or neither:
                            without either, a throwaway pair is made up and printed
  --seed, --no-seed         start with the seed job gqigvHa1b2c3 (default) or with nothing
  --execution-times READY,RUN
                            executions stay READY, then RUNNING, for these Go durations
                            (such as 1s,1s) and then complete on their own; 0 waits for
                            the admin API (default 0,0)
  --state FILE              start from this JSON state file (the format of GET /_fake/state)
  --save-state FILE         write the state to FILE on exit (may be --state's file)
  --log FILE                append one JSON line per request to FILE (- for stderr);
                            access keys shortened, no bodies
  --max-recorded N          requests kept for /_fake/requests (default 10000)

It stops cleanly on SIGINT or SIGTERM (Ctrl-C): requests in flight are given 5
seconds to finish, then the state is saved if asked. Exit status 0 after a
clean stop, 1 when it cannot serve or save, 2 for a usage error.

Example:
  dataflow fake-server --execution-times 1s,1s &
  dataflow --endpoint http://127.0.0.1:PORT create-job-execution --job-id gqigvHa1b2c3 --wait
`)
}

// fakeServerFlags are the flags of "dataflow fake-server".
type fakeServerFlags struct {
	addr, accessKey, secretKey string
	allowRemote, seed, noSeed  bool
	execTimes                  string
	state, saveState, log      string
	maxRecorded                int
	readyFor, runFor           time.Duration
	accessKeySet, secretKeySet bool
	madeUpKeys                 bool
	initial                    []byte
	shutdownGrace              time.Duration
	logOut                     io.Writer
	logClose                   func() error
	listener                   net.Listener
}

// runFakeServer is "dataflow fake-server".
func runFakeServer(ctx context.Context, args []string, env lookupEnv, stdout, stderr io.Writer) int {
	f := &fakeServerFlags{shutdownGrace: 5 * time.Second}
	fs := flag.NewFlagSet("fake-server", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&f.addr, "addr", "127.0.0.1:0", "")
	fs.BoolVar(&f.allowRemote, "allow-remote", false, "")
	fs.StringVar(&f.accessKey, "access-key", "", "")
	fs.StringVar(&f.secretKey, "secret-key", "", "")
	fs.BoolVar(&f.seed, "seed", true, "")
	fs.BoolVar(&f.noSeed, "no-seed", false, "")
	fs.StringVar(&f.execTimes, "execution-times", "", "")
	fs.StringVar(&f.state, "state", "", "")
	fs.StringVar(&f.saveState, "save-state", "", "")
	fs.StringVar(&f.log, "log", "", "")
	fs.IntVar(&f.maxRecorded, "max-recorded", 10000, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeFakeServerHelp(stdout)
			return exitOK
		}
		return usageFail(stderr, "fake-server", flagError(err))
	}
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "access-key":
			f.accessKeySet = true
		case "secret-key":
			f.secretKeySet = true
		}
	})
	if fs.NArg() > 0 {
		return usageFail(stderr, "fake-server", fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	if err := f.check(env); err != nil {
		return usageFail(stderr, "fake-server", err.Error())
	}
	if err := f.open(stderr); err != nil {
		fmt.Fprintf(stderr, "dataflow: fake-server: %s\n", oneLine(err.Error()))
		return exitError
	}
	return f.serve(ctx, stdout, stderr)
}

// check validates the flags and reads the state file; nothing listens yet.
func (f *fakeServerFlags) check(env lookupEnv) error {
	if err := checkLoopback(f.addr, f.allowRemote); err != nil {
		return err
	}
	if f.noSeed {
		f.seed = false
	}
	if !f.accessKeySet && !f.secretKeySet {
		f.accessKey, _ = env("NCLOUD_ACCESS_KEY_ID")
		f.secretKey, _ = env("NCLOUD_SECRET_ACCESS_KEY")
	}
	switch {
	case f.accessKey == "" && f.secretKey == "":
		f.madeUpKeys = true
	case f.accessKey == "" || f.secretKey == "":
		return errors.New("give both an access key and a secret key (flags or NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY), or neither to have a pair made up")
	default:
		if _, err := signing.New(f.accessKey, f.secretKey); err != nil {
			return fmt.Errorf("the keys cannot sign: %w", err)
		}
	}
	if f.execTimes != "" {
		var err error
		if f.readyFor, f.runFor, err = parseExecutionTimes(f.execTimes); err != nil {
			return err
		}
	}
	if f.maxRecorded < 1 {
		return errors.New("--max-recorded must be 1 or more")
	}
	if f.state != "" {
		data, err := os.ReadFile(f.state)
		if err != nil {
			return fmt.Errorf("--state: %w", err)
		}
		f.initial = data
	}
	return nil
}

// parseExecutionTimes reads "READY,RUN": two Go durations, 0 or more.
func parseExecutionTimes(s string) (ready, run time.Duration, err error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return 0, 0, fmt.Errorf("--execution-times %q: want READY,RUN, two durations such as 1s,5s", s)
	}
	var d [2]time.Duration
	for i, p := range parts {
		d[i], err = time.ParseDuration(strings.TrimSpace(p))
		if err != nil || d[i] < 0 {
			return 0, 0, fmt.Errorf("--execution-times %q: %q is not a duration of 0 or more such as 1s or 250ms", s, p)
		}
	}
	return d[0], d[1], nil
}

// checkLoopback refuses an address that other hosts could reach, unless
// allowed: the admin API is unsigned.
func checkLoopback(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q is not HOST:PORT: %w", addr, err)
	}
	if allowRemote {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	shown := host
	if shown == "" {
		shown = "every interface"
	}
	return fmt.Errorf("--addr %q listens on %s, which is not a loopback address; the admin API under /_fake/ is unsigned, so pass --allow-remote if other hosts should reach it", addr, shown)
}

// open opens the request log and the listener.
func (f *fakeServerFlags) open(stderr io.Writer) error {
	switch f.log {
	case "":
	case "-":
		f.logOut = stderr
	default:
		file, err := os.OpenFile(f.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("--log: %w", err)
		}
		f.logOut, f.logClose = file, file.Close
	}
	l, err := net.Listen("tcp", f.addr)
	if err != nil {
		if f.logClose != nil {
			_ = f.logClose()
		}
		return fmt.Errorf("cannot listen on %s: %w", f.addr, err)
	}
	f.listener = l
	return nil
}

func (f *fakeServerFlags) serve(ctx context.Context, stdout, stderr io.Writer) int {
	opts := []dataflowtest.Option{
		dataflowtest.WithListener(f.listener),
		dataflowtest.WithSeed(f.seed),
		dataflowtest.WithExecutionTimes(f.readyFor, f.runFor),
		dataflowtest.WithMaxRecorded(f.maxRecorded),
	}
	if !f.madeUpKeys {
		opts = append(opts, dataflowtest.WithCredentials(f.accessKey, f.secretKey))
	}
	if f.initial != nil {
		opts = append(opts, dataflowtest.WithInitialState(f.initial))
	}
	var log *requestLog
	if f.logOut != nil {
		log = &requestLog{w: f.logOut}
		opts = append(opts, dataflowtest.WithRequestLog(log.write))
	}
	srv, err := dataflowtest.Start(opts...) // closes the listener on failure
	if err != nil {
		f.closeLog(stderr)
		fmt.Fprintf(stderr, "dataflow: fake-server: %s\n", oneLine(strings.TrimPrefix(err.Error(), "dataflowtest: ")))
		return exitError
	}
	fmt.Fprintln(stdout, srv.URL)
	fmt.Fprintf(stdout, "NCLOUD_ACCESS_KEY_ID=%s\n", srv.AccessKey)
	if f.madeUpKeys {
		fmt.Fprintf(stdout, "NCLOUD_SECRET_ACCESS_KEY=%s\n", srv.SecretKey)
	}
	fmt.Fprintf(stderr, "dataflow fake-server: serving the Data Flow API at %s/api/v1 and its admin API at %s%s (spec: %s%sopenapi.yaml); Ctrl-C stops it\n",
		srv.URL, srv.URL, dataflowtest.AdminPrefix, srv.URL, dataflowtest.AdminPrefix)

	<-ctx.Done()
	code := exitOK
	grace, cancel := context.WithTimeout(context.Background(), f.shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(grace); err != nil {
		fmt.Fprintf(stderr, "dataflow fake-server: requests still in flight after %s were cut off\n", f.shutdownGrace)
	}
	if f.saveState != "" {
		if err := saveState(srv, f.saveState); err != nil {
			fmt.Fprintf(stderr, "dataflow: fake-server: --save-state: %s\n", oneLine(err.Error()))
			code = exitError
		}
	}
	if !f.closeLog(stderr) {
		code = exitError
	}
	fmt.Fprintf(stderr, "dataflow fake-server: stopped after %d requests\n", srv.TotalRequests())
	return code
}

func (f *fakeServerFlags) closeLog(stderr io.Writer) bool {
	if f.logClose == nil {
		return true
	}
	if err := f.logClose(); err != nil {
		fmt.Fprintf(stderr, "dataflow: fake-server: --log: %s\n", oneLine(err.Error()))
		return false
	}
	return true
}

// saveState writes the server's state to path through a temporary file in
// the same directory, so that a failed save leaves the old file whole.
func saveState(srv *dataflowtest.Server, path string) error {
	var buf bytes.Buffer
	if err := srv.SaveState(&buf); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dirOf(path), ".dataflow-state-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func dirOf(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[:i+1]
	}
	return "."
}

// requestLog writes one JSON line per request.
type requestLog struct {
	mu sync.Mutex
	w  io.Writer
}

// logLine is a request as the log shows it: no body, no header but the
// access key, shortened.
type logLine struct {
	Time            string `json:"time"`
	Method          string `json:"method"`
	URI             string `json:"uri"`
	OperationID     string `json:"operationId,omitempty"`
	Status          int    `json:"status"`
	Fault           bool   `json:"fault,omitempty"`
	AccessKey       string `json:"accessKey,omitempty"`
	SignatureValid  bool   `json:"signatureValid"`
	SignatureError  string `json:"signatureError,omitempty"`
	ValidationError string `json:"validationError,omitempty"`
}

func (l *requestLog) write(r dataflowtest.Request) {
	v := r.AdminView()
	line := logLine{
		Time: v.Time.UTC().Format(time.RFC3339Nano), Method: v.Method, URI: v.URI, OperationID: v.OperationID,
		Status: v.Status, Fault: v.Fault, SignatureValid: v.SignatureValid,
		SignatureError: v.SignatureError, ValidationError: v.ValidationError,
	}
	if ak := r.Header.Get(signing.HeaderAccessKey); ak != "" {
		line.AccessKey = shorten(ak)
	}
	data, err := json.Marshal(line)
	if err != nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = l.w.Write(append(data, '\n'))
}
