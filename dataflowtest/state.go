package dataflowtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// kst is the zone of every date the fake returns: Data Flow dates are ISO 8601
// with a +09:00 offset.
var kst = time.FixedZone("KST", 9*60*60)

// stamp is t as the service formats it: whole seconds at +09:00.
func stamp(t time.Time) *time.Time {
	v := t.In(kst).Truncate(time.Second)
	return &v
}

// store is the fake's state. Every method runs under Server.mu.
type store struct {
	jobs      map[string]*gen.Job
	jobOrder  []string
	execs     map[string]*execution
	execOrder []string
	workflows map[string]*gen.Workflow
	wfOrder   []string
	triggers  map[string]*gen.Trigger
	trOrder   []string
}

// execution is a stored job execution plus the instants its view is
// computed from.
type execution struct {
	gen.JobExecution
	created, started, ended time.Time
	workflowID              string // the workflow that started it, if any (the API does not return it)
}

func newStore() *store {
	return &store{
		jobs:      map[string]*gen.Job{},
		execs:     map[string]*execution{},
		workflows: map[string]*gen.Workflow{},
		triggers:  map[string]*gen.Trigger{},
	}
}

// seed stores the seed page's job, decoded from the spec's example.
func (st *store) seed(raw json.RawMessage) error {
	var j gen.Job
	if err := json.Unmarshal(raw, &j); err != nil {
		return fmt.Errorf("dataflowtest: the seed job example does not decode into gen.Job: %w", err)
	}
	if j.JobID != SeedJobID {
		return fmt.Errorf("dataflowtest: the seed job example has jobId %q, SeedJobID is %q", j.JobID, SeedJobID)
	}
	st.putJob(&j)
	return nil
}

func (st *store) putJob(j *gen.Job) {
	if _, ok := st.jobs[j.JobID]; !ok {
		st.jobOrder = append(st.jobOrder, j.JobID)
	}
	st.jobs[j.JobID] = j
}

// newID returns a fresh id: 12 mixed-case letters and digits, like
// "gqigvHa1b2c3".
func (st *store) newID() string {
	for {
		id := randomString(alnum, 12)
		_, j := st.jobs[id]
		_, e := st.execs[id]
		_, w := st.workflows[id]
		_, t := st.triggers[id]
		if !j && !e && !w && !t {
			return id
		}
	}
}

func active(s gen.ExecutionStatus) bool {
	return s == gen.ExecutionStatusREADY || s == gen.ExecutionStatusRUNNING
}

// tick moves executions along on the clock: READY for readyFor, then
// RUNNING for runFor, then COMPLETED. A zero duration never ends its phase.
func (st *store) tick(now time.Time, readyFor, runFor time.Duration) {
	if readyFor <= 0 && runFor <= 0 {
		return
	}
	for _, e := range st.execs {
		if *e.Status == gen.ExecutionStatusREADY && readyFor > 0 && !now.Before(e.created.Add(readyFor)) {
			e.start(e.created.Add(readyFor))
		}
		if *e.Status == gen.ExecutionStatusRUNNING && runFor > 0 && !now.Before(e.started.Add(runFor)) {
			e.end(gen.ExecutionStatusCOMPLETED, e.started.Add(runFor))
		}
	}
}

func (e *execution) start(at time.Time) {
	e.started = at
	e.Status = ptr(gen.ExecutionStatusRUNNING)
	e.StartDate = stamp(at)
}

func (e *execution) end(status gen.ExecutionStatus, at time.Time) {
	if e.started.IsZero() && status != gen.ExecutionStatusCANCELED {
		e.start(at)
	}
	e.ended = at
	e.Status = ptr(status)
	e.EndDate = stamp(at)
}

// view is the execution as the API returns it at now.
func (e *execution) view(now time.Time) gen.JobExecution {
	v := e.JobExecution
	waitEnd, runEnd := now, now
	if !e.started.IsZero() {
		waitEnd = e.started
	}
	if !e.ended.IsZero() {
		runEnd = e.ended
		if e.started.IsZero() {
			waitEnd = e.ended
		}
	}
	v.WaitingTime = ptr(minutes(waitEnd.Sub(e.created)))
	run := 0
	if !e.started.IsZero() {
		run = minutes(runEnd.Sub(e.started))
	}
	v.RunningTime = ptr(run)
	return v
}

func minutes(d time.Duration) int {
	if d < 0 {
		return 0
	}
	return int(d / time.Minute)
}

// jobView is the job as the API returns it, with its latest execution's
// status and date.
func (st *store) jobView(j *gen.Job) gen.Job {
	v := *j
	for i := len(st.execOrder) - 1; i >= 0; i-- {
		e := st.execs[st.execOrder[i]]
		if e.JobID == j.JobID {
			v.LastExecutionStatus = ptr(string(*e.Status))
			v.LastExecutionDate = e.CreatedDate
			break
		}
	}
	return v
}

// jobExecution finds execution execID of job jobID.
func (st *store) jobExecution(jobID, execID string) (*execution, bool) {
	e, ok := st.execs[execID]
	if !ok || e.JobID != jobID {
		return nil, false
	}
	return e, true
}

func (st *store) executionsOf(match func(*execution) bool) []*execution {
	var out []*execution
	for _, id := range st.execOrder {
		if e := st.execs[id]; match(e) {
			out = append(out, e)
		}
	}
	return out
}

func (st *store) deleteExecutions(match func(*execution) bool) {
	st.execOrder = slices.DeleteFunc(st.execOrder, func(id string) bool {
		if match(st.execs[id]) {
			delete(st.execs, id)
			return true
		}
		return false
	})
}

func ptr[T any](v T) *T { return &v }

// clone deep-copies v through JSON, so callers get no pointer into the
// store.
func clone[T any](v T) T {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("dataflowtest: copying %T: %v", v, err))
	}
	var out T
	if err := json.Unmarshal(data, &out); err != nil {
		panic(fmt.Sprintf("dataflowtest: copying %T: %v", v, err))
	}
	return out
}

// Job returns the stored job id as getJob would answer it.
func (s *Server) Job(id string) (gen.Job, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.tick(s.now(), s.cfg.readyFor, s.cfg.runFor)
	j, ok := s.st.jobs[id]
	if !ok {
		return gen.Job{}, false
	}
	return clone(s.st.jobView(j)), true
}

// JobIDs returns the ids of the stored jobs, oldest first.
func (s *Server) JobIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.jobOrder)
}

// Execution returns execution execID of job jobID as getJobExecution would
// answer it.
func (s *Server) Execution(jobID, execID string) (gen.JobExecution, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.st.tick(now, s.cfg.readyFor, s.cfg.runFor)
	e, ok := s.st.jobExecution(jobID, execID)
	if !ok {
		return gen.JobExecution{}, false
	}
	return clone(e.view(now)), true
}

// Workflow returns the stored workflow id as getWorkflow would answer it.
func (s *Server) Workflow(id string) (gen.Workflow, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.st.workflows[id]
	if !ok {
		return gen.Workflow{}, false
	}
	return clone(*w), true
}

// Trigger returns the stored trigger id as getTrigger would answer it.
func (s *Server) Trigger(id string) (gen.Trigger, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.st.triggers[id]
	if !ok {
		return gen.Trigger{}, false
	}
	return clone(*t), true
}

// AdvanceExecution moves an execution one step on, at the server's clock:
// READY to RUNNING, RUNNING to COMPLETED. It returns the new status, or an
// error for an unknown or finished execution.
func (s *Server) AdvanceExecution(jobID, execID string) (gen.ExecutionStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.st.tick(now, s.cfg.readyFor, s.cfg.runFor)
	e, ok := s.st.jobExecution(jobID, execID)
	if !ok {
		return "", fmt.Errorf("dataflowtest: job %s has no execution %s", jobID, execID)
	}
	switch *e.Status {
	case gen.ExecutionStatusREADY:
		e.start(now)
	case gen.ExecutionStatusRUNNING:
		e.end(gen.ExecutionStatusCOMPLETED, now)
	default:
		return *e.Status, fmt.Errorf("dataflowtest: execution %s is %s and cannot advance", execID, *e.Status)
	}
	return *e.Status, nil
}

// SetExecutionStatus puts an execution in any status at the server's clock,
// e.g. FAILED. Finished statuses set its end date.
func (s *Server) SetExecutionStatus(jobID, execID string, status gen.ExecutionStatus) error {
	if !status.Valid() {
		return fmt.Errorf("dataflowtest: %q is not an execution status", status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	e, ok := s.st.jobExecution(jobID, execID)
	if !ok {
		return fmt.Errorf("dataflowtest: job %s has no execution %s", jobID, execID)
	}
	switch status {
	case gen.ExecutionStatusREADY:
		e.Status, e.started, e.ended, e.StartDate, e.EndDate = ptr(status), time.Time{}, time.Time{}, nil, nil
	case gen.ExecutionStatusRUNNING:
		e.ended, e.EndDate = time.Time{}, nil
		e.start(now)
	default:
		e.end(status, now)
	}
	return nil
}
