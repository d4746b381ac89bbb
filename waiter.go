package dataflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// ErrExecutionFailed matches the *ExecutionFailedError of a wait whose
// execution ended in a status openapi.yaml marks as failed (FAILED,
// CANCELED).
var ErrExecutionFailed = errors.New("dataflow: the execution did not succeed")

// ErrWaitTimeout matches the *WaitTimeoutError of a wait that reached its
// limit (WithWaitTimeout, WithMaxPolls) before the execution ended.
var ErrWaitTimeout = errors.New("dataflow: gave up waiting for the execution")

// ExecutionFailedError is a wait whose execution ended without success.
// Execution is the last answer of the service.
type ExecutionFailedError struct {
	Execution *gen.JobExecution
}

func (e *ExecutionFailedError) Error() string {
	return fmt.Sprintf("dataflow: job %s execution %s ended %s", e.Execution.JobID, e.Execution.JobExecutionID, statusText(e.Execution))
}

// Is makes errors.Is(err, ErrExecutionFailed) true.
func (e *ExecutionFailedError) Is(target error) bool { return target == ErrExecutionFailed }

// WaitTimeoutError is a wait that gave up: its limit came, or its
// context ended. Execution is the last answer of the service (nil if none
// came); Err is the last poll's error, or the context's, so that
// errors.Is(err, context.DeadlineExceeded) holds when the context ended it.
type WaitTimeoutError struct {
	JobID, ExecutionID string
	Execution          *gen.JobExecution
	Elapsed            time.Duration
	Polls              int
	Err                error
}

func (e *WaitTimeoutError) Error() string {
	msg := fmt.Sprintf("dataflow: job %s execution %s: gave up waiting after %s and %d polls", e.JobID, e.ExecutionID, e.Elapsed.Round(time.Millisecond), e.Polls)
	if e.Execution != nil {
		msg += "; last status " + statusText(e.Execution)
	}
	if e.Err != nil {
		msg += "; last error: " + e.Err.Error()
	}
	return msg
}

// Is makes errors.Is(err, ErrWaitTimeout) true.
func (e *WaitTimeoutError) Is(target error) bool { return target == ErrWaitTimeout }

// Unwrap returns the last poll's error, if any.
func (e *WaitTimeoutError) Unwrap() error { return e.Err }

func statusText(e *gen.JobExecution) string {
	if e == nil || e.Status == nil {
		return "(no status)"
	}
	return string(*e.Status)
}

// ExecutionFinished says whether status ends an execution and whether it
// is a success. Both come from openapi.yaml (ExecutionStatus, x-terminal):
// COMPLETED succeeded; FAILED and CANCELED failed; every other value,
// including one the spec does not know yet, is still on the way.
func ExecutionFinished(status gen.ExecutionStatus) (finished, succeeded bool) {
	return executionOutcome(status)
}

// TerminalStatuses returns the statuses that end an execution, from
// openapi.yaml.
func TerminalStatuses() []gen.ExecutionStatus {
	return append([]gen.ExecutionStatus(nil), terminalStatuses[:]...)
}

// WaitEvent is one poll of a wait, for WithWaitObserver.
type WaitEvent struct {
	// Poll counts the polls, from 1.
	Poll int
	// Elapsed is the time since the wait started.
	Elapsed time.Duration
	// Execution is the answer of this poll; nil when it failed.
	Execution *gen.JobExecution
	// Changed is true when the status differs from the previous answer's
	// (always on the first answer).
	Changed bool
	// Err is the poll's error when it failed with an error the wait
	// tolerates (a transient one); the wait goes on.
	Err error
}

// Wait defaults.
const (
	DefaultWaitMinDelay = 2 * time.Second
	DefaultWaitMaxDelay = 30 * time.Second
	// DefaultWaitTimeout is as long as the longest default job timeout
	// (360 minutes) plus the time to start.
	DefaultWaitTimeout = 6*time.Hour + 10*time.Minute
	// DefaultWaitMaxPolls bounds the polls of one wait whatever the
	// delays.
	DefaultWaitMaxPolls = 10000
	// DefaultWaitMaxTransient is how many polls in a row may fail with a
	// transient error before the wait gives up.
	DefaultWaitMaxTransient = 5
)

type waitConfig struct {
	minDelay, maxDelay time.Duration
	timeout            time.Duration
	maxPolls           int
	maxTransient       int
	observe            func(WaitEvent)
	err                *InputError
	// tests replace these
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	rand  func(n int64) int64
}

// WaitOption configures a wait.
type WaitOption func(*waitConfig)

// WithPollDelay sets the delay between polls: min after the first poll,
// growing by half each poll up to max (defaults 2 s and 30 s). Each delay
// is jittered down by up to a fifth, so that many waiters do not poll in
// step.
func WithPollDelay(minDelay, maxDelay time.Duration) WaitOption {
	return func(c *waitConfig) {
		if minDelay <= 0 || maxDelay < minDelay {
			c.refuse("WithPollDelay", "must have 0 < min <= max, got %s and %s", minDelay, maxDelay)
			return
		}
		c.minDelay, c.maxDelay = minDelay, maxDelay
	}
}

// WithWaitTimeout sets the longest a wait lasts (default
// DefaultWaitTimeout). The context's deadline, if sooner, wins.
func WithWaitTimeout(d time.Duration) WaitOption {
	return func(c *waitConfig) {
		if d <= 0 {
			c.refuse("WithWaitTimeout", "must be positive, got %s", d)
			return
		}
		c.timeout = d
	}
}

// WithMaxPolls sets how many polls a wait makes at most (default
// DefaultWaitMaxPolls).
func WithMaxPolls(n int) WaitOption {
	return func(c *waitConfig) {
		if n < 1 {
			c.refuse("WithMaxPolls", "must be 1 or more, got %d", n)
			return
		}
		c.maxPolls = n
	}
}

// WithMaxTransientErrors sets how many polls in a row may fail with a
// transient error (a 429 or 5xx after the client's own retries, a lost
// connection) before the wait returns it (default
// DefaultWaitMaxTransient; 0 returns the first).
func WithMaxTransientErrors(n int) WaitOption {
	return func(c *waitConfig) {
		if n < 0 {
			c.refuse("WithMaxTransientErrors", "must be 0 or more, got %d", n)
			return
		}
		c.maxTransient = n
	}
}

// WithWaitObserver calls fn after every poll, from the waiting goroutine.
func WithWaitObserver(fn func(WaitEvent)) WaitOption {
	return func(c *waitConfig) { c.observe = fn }
}

func newWaitConfig(opts []WaitOption) (*waitConfig, error) {
	c := &waitConfig{
		minDelay: DefaultWaitMinDelay, maxDelay: DefaultWaitMaxDelay, timeout: DefaultWaitTimeout,
		maxPolls: DefaultWaitMaxPolls, maxTransient: DefaultWaitMaxTransient,
		now: time.Now, sleep: sleepCtx, rand: randInt64N,
	}
	for _, o := range opts {
		if o == nil {
			c.refuse("options", "must not be nil")
			continue
		}
		o(c)
	}
	if c.err != nil {
		return nil, c.err
	}
	return c, nil
}

// refuse records the first bad option as an *InputError.
func (c *waitConfig) refuse(option, format string, args ...any) {
	if c.err == nil {
		c.err = &InputError{Operation: "waitJobExecution", Field: option, Reason: fmt.Sprintf(format, args...)}
	}
}

// delay is the wait before poll n+1 (n counts from 1): minDelay·1.5ⁿ⁻¹ up
// to maxDelay, less a random fifth at most.
func (c *waitConfig) delay(n int) time.Duration {
	d := c.minDelay
	for i := 1; i < n && d < c.maxDelay; i++ {
		d += d / 2
	}
	d = min(d, c.maxDelay)
	if jitter := int64(d / 5); jitter > 0 {
		d -= time.Duration(c.rand(jitter))
	}
	return d
}

// transient reports whether a failed poll may succeed if tried again: the
// client's own retry classification (429 and 5xx statuses, connections
// that broke) applied once more, after the client's retries gave up.
// Context ends, refusals and errors no retry mends are not transient.
func transient(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var api *APIError
	if errors.As(err, &api) {
		return api.Temporary()
	}
	var op *OperationError
	if errors.As(err, &op) {
		return !errors.Is(op.Err, context.Canceled) && !errors.Is(op.Err, context.DeadlineExceeded) && !notSent(op.Err) &&
			!errors.As(op.Err, new(permanentError))
	}
	return false
}

// WaitJobExecution polls an execution until it ends and returns its last
// answer. A COMPLETED execution returns a nil error; FAILED or CANCELED
// return the execution with an *ExecutionFailedError (ErrExecutionFailed).
// Which statuses end an execution comes from openapi.yaml; an unknown
// status is waited on like RUNNING.
//
// It polls at once, then after growing, jittered delays (WithPollDelay). A
// poll that fails with a transient error is tried again at the next delay,
// up to WithMaxTransientErrors in a row; any other error is returned at
// once, with the last execution seen. The wait is bounded by the context,
// WithWaitTimeout and WithMaxPolls; reaching either limit returns a
// *WaitTimeoutError (ErrWaitTimeout). Pass ctx from WithRawResponse to
// keep the last answer's bytes.
func (c *Client) WaitJobExecution(ctx context.Context, jobID, executionID string, opts ...WaitOption) (*gen.JobExecution, error) {
	if ctx == nil {
		return nil, &InputError{Operation: "waitJobExecution", Field: "ctx", Reason: "must not be nil"}
	}
	cfg, err := newWaitConfig(opts)
	if err != nil {
		return nil, err
	}
	ck := checker{op: "getJobExecution"}
	validateGetJobExecutionInput(&ck, jobID, executionID)
	if err := ck.err(); err != nil {
		return nil, err
	}
	return cfg.wait(ctx, jobID, executionID, func(ctx context.Context) (*gen.JobExecution, error) {
		return c.GetJobExecution(ctx, jobID, executionID)
	})
}

func (cfg *waitConfig) wait(ctx context.Context, jobID, executionID string, poll func(context.Context) (*gen.JobExecution, error)) (*gen.JobExecution, error) {
	start := cfg.now()
	deadline := start.Add(cfg.timeout)
	var last *gen.JobExecution
	var lastErr error
	transients := 0
	giveUp := func(polls int) error {
		return &WaitTimeoutError{JobID: jobID, ExecutionID: executionID, Execution: last, Elapsed: cfg.now().Sub(start), Polls: polls, Err: lastErr}
	}
	for n := 1; ; n++ {
		e, err := poll(ctx)
		ev := WaitEvent{Poll: n, Elapsed: cfg.now().Sub(start)}
		switch {
		case err != nil:
			if !transient(ctx, err) || transients >= cfg.maxTransient {
				if ctx.Err() != nil {
					lastErr = err
					return last, giveUp(n)
				}
				return last, err
			}
			transients++
			lastErr = err
			ev.Err = err
		default:
			transients, lastErr = 0, nil
			ev.Execution = e
			ev.Changed = last == nil || statusText(last) != statusText(e)
			last = e
		}
		if cfg.observe != nil {
			cfg.observe(ev)
		}
		if err == nil && e.Status != nil {
			if done, ok := executionOutcome(*e.Status); done {
				if !ok {
					return e, &ExecutionFailedError{Execution: e}
				}
				return e, nil
			}
		}
		if n >= cfg.maxPolls {
			return last, giveUp(n)
		}
		d := cfg.delay(n)
		if cfg.now().Add(d).After(deadline) {
			return last, giveUp(n)
		}
		if err := cfg.sleep(ctx, d); err != nil {
			lastErr = err
			return last, giveUp(n)
		}
	}
}

// CreateJobExecutionAndWait runs a job (CreateJobExecution) and waits for
// the execution to end (WaitJobExecution). A failure to start returns the
// CreateJobExecution error and a nil execution.
func (c *Client) CreateJobExecutionAndWait(ctx context.Context, jobID string, params *gen.CreateJobExecutionParams, body gen.CreateJobExecutionRequest, opts ...WaitOption) (*gen.JobExecution, error) {
	if _, err := newWaitConfig(opts); err != nil {
		return nil, err // before anything starts
	}
	e, err := c.CreateJobExecution(ctx, jobID, params, body)
	if err != nil {
		return nil, err
	}
	return c.WaitJobExecution(ctx, jobID, e.JobExecutionID, opts...)
}
