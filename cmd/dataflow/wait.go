package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	dataflow "github.com/ncp-dataflow/dataflow-go"
)

// Waiting for an execution: `create-job-execution --wait` and the
// `wait-job-execution` command. Both are hand-written on top of the
// operation table: the flags below are taken out of the arguments before
// the operation parses the rest.

const waitHelp = `Waiting (create-job-execution --wait, wait-job-execution):
  --wait                    after starting the execution, wait for it to end
  --wait-timeout D          give up after D (a duration such as 30m; default 6h10m)
  --poll-delay D            first delay between polls (default 2s; it grows to 30s)
  Status changes and the time elapsed go to standard error (a live line on a
  terminal); the final execution goes to standard output (--output json: as the
  service sent it). Exit status 1 when it ends FAILED or CANCELED, or the wait
  gives up.
`

// waitFlags are the waiting flags of one command line.
type waitFlags struct {
	enabled   bool
	timeout   time.Duration
	pollDelay time.Duration
}

// waitOperations are the operations that take the waiting flags, and
// whether --wait is implied: create-job-execution waits only with --wait,
// wait-job-execution (get-job-execution's flags) always.
var waitOperations = map[string]bool{"createJobExecution": false}

// takeWaitFlags removes the waiting flags from args for the operations that
// take them. It returns nil flags for the others, whose arguments it leaves
// alone.
func takeWaitFlags(opID string, args []string, implied bool) ([]string, *waitFlags, error) {
	if _, ok := waitOperations[opID]; !ok && !implied {
		return args, nil, nil
	}
	w := &waitFlags{enabled: implied, timeout: dataflow.DefaultWaitTimeout, pollDelay: dataflow.DefaultWaitMinDelay}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			rest = append(rest, a)
			continue
		}
		switch name {
		case "wait":
			if implied {
				return nil, nil, usagef("wait-job-execution always waits; --wait is for create-job-execution")
			}
			w.enabled = !hasValue || value == "true"
			if hasValue && value != "true" && value != "false" {
				return nil, nil, usagef("--wait takes no value (or =true, =false), got %q", value)
			}
		case "wait-timeout", "poll-delay":
			if !hasValue {
				if i+1 >= len(args) {
					return nil, nil, usagef("--%s needs a duration such as 30m", name)
				}
				i++
				value = args[i]
			}
			d, err := time.ParseDuration(value)
			if err != nil || d <= 0 {
				return nil, nil, usagef("--%s %q is not a positive duration such as 30m or 5s", name, value)
			}
			if name == "wait-timeout" {
				w.timeout = d
			} else {
				w.pollDelay = d
			}
		default:
			rest = append(rest, a)
		}
	}
	if !w.enabled && (flagGiven(args, "wait-timeout") || flagGiven(args, "poll-delay")) {
		return nil, nil, usagef("--wait-timeout and --poll-delay need --wait")
	}
	return rest, w, nil
}

func flagGiven(args []string, name string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if n, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); strings.HasPrefix(a, "-") && n == name {
			return true
		}
	}
	return false
}

// waitAfter waits for the execution that body (a createJobExecution answer)
// started, when --wait was given; it returns the body to print.
func (w *waitFlags) waitAfter(ctx context.Context, c *dataflow.Client, jobID string, body []byte, stderr io.Writer) ([]byte, error) {
	if w == nil || !w.enabled {
		return body, nil
	}
	var started struct {
		JobExecutionID string `json:"jobExecutionId"`
	}
	if err := json.Unmarshal(body, &started); err != nil || started.JobExecutionID == "" {
		return body, errors.New("dataflow: create-job-execution: the answer names no jobExecutionId to wait for")
	}
	return w.wait(ctx, c, jobID, started.JobExecutionID, stderr)
}

// wait polls the execution until it ends, telling stderr about each
// change, and returns the last answer's body as the service sent it.
func (w *waitFlags) wait(ctx context.Context, c *dataflow.Client, jobID, execID string, stderr io.Writer) ([]byte, error) {
	p := &progress{w: stderr, live: isTerminal(stderr), jobID: jobID, execID: execID}
	var raw dataflow.RawResponse
	_, err := c.WaitJobExecution(dataflow.WithRawResponse(ctx, &raw), jobID, execID,
		dataflow.WithWaitTimeout(w.timeout),
		dataflow.WithPollDelay(w.pollDelay, max(w.pollDelay, dataflow.DefaultWaitMaxDelay)),
		dataflow.WithWaitObserver(p.event))
	p.done()
	if err != nil {
		var failed *dataflow.ExecutionFailedError
		if errors.As(err, &failed) {
			return raw.Body, err // printed, then reported
		}
		return nil, err
	}
	return raw.Body, nil
}

// progress writes a wait's status changes to stderr: one line per change,
// and on a terminal a live line that counts the time.
type progress struct {
	w             io.Writer
	live          bool
	jobID, execID string
	pending       bool // a live line is on the screen
}

func (p *progress) event(ev dataflow.WaitEvent) {
	elapsed := ev.Elapsed.Round(100 * time.Millisecond)
	switch {
	case ev.Err != nil:
		p.clear()
		fmt.Fprintf(p.w, "dataflow: waiting: poll %d failed, trying again: %s\n", ev.Poll, oneLine(ev.Err.Error()))
	case ev.Changed:
		p.clear()
		fmt.Fprintf(p.w, "dataflow: job %s execution %s: %s after %s\n", p.jobID, p.execID, statusOf(ev), elapsed)
	case p.live:
		fmt.Fprintf(p.w, "\r\x1b[Kdataflow: %s for %s (poll %d)", statusOf(ev), elapsed, ev.Poll)
		p.pending = true
	}
}

func statusOf(ev dataflow.WaitEvent) string {
	if ev.Execution == nil || ev.Execution.Status == nil {
		return "(no status)"
	}
	return oneLine(string(*ev.Execution.Status))
}

func (p *progress) clear() {
	if p.pending {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.pending = false
	}
}

func (p *progress) done() { p.clear() }

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// runWaitJobExecution is "dataflow wait-job-execution": get-job-execution's
// flags plus the waiting ones.
func runWaitJobExecution(ctx context.Context, g *globals, args []string, env lookupEnv, stdin io.Reader, stdout, stderr io.Writer) int {
	const name = "wait-job-execution"
	op := findOperation("get-job-execution")
	if op == nil {
		fmt.Fprintf(stderr, "dataflow: %s: this build has no get-job-execution operation\n", name)
		return exitError
	}
	rest, w, err := takeWaitFlags(op.id, args, true)
	if err != nil {
		return fail(stderr, name, err)
	}
	in, err := parseOperation(op, g, rest, stdin)
	if errors.Is(err, flag.ErrHelp) {
		writeWaitHelp(stdout)
		return exitOK
	}
	if err != nil {
		return fail(stderr, name, err)
	}
	client, err := newClient(g, env, credentialsFor(g, env, stderr), stderr)
	if err != nil {
		return fail(stderr, name, err)
	}
	body, err := w.wait(ctx, client, in.str("job-id"), in.str("execution-id"), stderr)
	return finishWait(ctx, stdout, stderr, name, g, op, in, body, err)
}

// finishWait prints the final execution (also a failed one) and reports
// the error, if any; an interrupted wait exits 130 like any operation.
func finishWait(ctx context.Context, stdout, stderr io.Writer, name string, g *globals, op *operation, in *input, body []byte, err error) int {
	if err != nil && ctx.Err() != nil {
		fmt.Fprintf(stderr, "dataflow: %s: interrupted\n", name)
		return exitInterrupted
	}
	if body != nil {
		if werr := writeResult(stdout, g.output.v, op, in, body); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		var ie *dataflow.InputError
		if errors.As(err, &ie) {
			err = &usageError{msg: in.explain(ie)}
		}
		return fail(stderr, name, err)
	}
	return exitOK
}

func writeWaitHelp(w io.Writer) {
	fmt.Fprint(w, `dataflow wait-job-execution: Wait for a job execution to end
Polls getJobExecution until the execution is COMPLETED, FAILED or CANCELED
(the statuses openapi.yaml marks terminal).

Usage:
  dataflow wait-job-execution --job-id ID --execution-id EID [--wait-timeout D] [--poll-delay D]

`)
	fmt.Fprint(w, waitHelp)
	fmt.Fprint(w, `
Example:
  dataflow wait-job-execution --job-id gqigvHa1b2c3 --execution-id Xy12ab34cd56 --wait-timeout 30m
`)
}
