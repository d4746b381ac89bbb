package dataflowtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// State is everything the fake holds, in the order it was created. It is
// the format of SaveState, LoadState, the admin API's /_fake/state and
// `dataflow fake-server --state`: a JSON object whose lists hold items of
// the Data Flow API's own shapes.
type State struct {
	Jobs          []gen.Job          `json:"jobs"`
	JobExecutions []gen.JobExecution `json:"jobExecutions"`
	Workflows     []gen.Workflow     `json:"workflows"`
	Triggers      []gen.Trigger      `json:"triggers"`
}

// stateWorkflowID names, in a state document's job execution, the workflow
// that started it: the fake needs it for getWorkflowExecutions, the API does
// not return it.
const stateWorkflowID = "workflowId"

// maxStateSize bounds a state document read by LoadState and the admin API.
const maxStateSize = 64 << 20

// State returns a copy of everything the server holds now.
func (s *Server) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.st.tick(now, s.cfg.readyFor, s.cfg.runFor)
	return clone(s.st.export(now))
}

// SaveState writes State as indented JSON.
func (s *Server) SaveState(w io.Writer) error {
	data, err := json.MarshalIndent(s.State(), "", "  ")
	if err != nil {
		return fmt.Errorf("dataflowtest: encoding the state: %w", err)
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// LoadState replaces everything the server holds with the state document
// read from r (the format of SaveState). Each item must conform to the
// schema openapi.yaml gives it, ids must be unique and executions must
// belong to a job of the document; on any error the server's state is left
// as it was. Executions keep their status; their created, start and end
// dates are the instants the fake's clock-driven phases count from.
func (s *Server) LoadState(r io.Reader) error {
	data, err := io.ReadAll(io.LimitReader(r, maxStateSize+1))
	if err != nil {
		return fmt.Errorf("dataflowtest: reading the state: %w", err)
	}
	if len(data) > maxStateSize {
		return fmt.Errorf("dataflowtest: the state is larger than %d MiB", maxStateSize>>20)
	}
	st, err := s.contract.parseState(data, s.now())
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	return nil
}

// ResetState puts the state back as it was when the server started: the
// seed job (unless WithSeed(false)), or the state of WithInitialState.
func (s *Server) ResetState() error {
	st, err := s.initialStore()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	return nil
}

func (s *Server) initialStore() (*store, error) {
	if s.cfg.initial != nil {
		return s.contract.parseState(s.cfg.initial, s.now())
	}
	st := newStore()
	if s.cfg.seed {
		if err := st.seed(s.contract.seedJob); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// export is the store as a State.
func (st *store) export(now time.Time) State {
	out := State{
		Jobs:          make([]gen.Job, 0, len(st.jobOrder)),
		JobExecutions: make([]gen.JobExecution, 0, len(st.execOrder)),
		Workflows:     make([]gen.Workflow, 0, len(st.wfOrder)),
		Triggers:      make([]gen.Trigger, 0, len(st.trOrder)),
	}
	for _, id := range st.jobOrder {
		out.Jobs = append(out.Jobs, *st.jobs[id])
	}
	for _, id := range st.execOrder {
		e := st.execs[id]
		v := e.view(now)
		if e.workflowID != "" {
			// Not a field of the API's answers; the state keeps it as an extra one.
			v.AdditionalProperties = maps.Clone(v.AdditionalProperties)
			if v.AdditionalProperties == nil {
				v.AdditionalProperties = map[string]any{}
			}
			v.AdditionalProperties[stateWorkflowID] = e.workflowID
		}
		out.JobExecutions = append(out.JobExecutions, v)
	}
	for _, id := range st.wfOrder {
		out.Workflows = append(out.Workflows, *st.workflows[id])
	}
	for _, id := range st.trOrder {
		out.Triggers = append(out.Triggers, *st.triggers[id])
	}
	return out
}

// parseState checks a state document against openapi.yaml and builds a
// store from it.
func (c *contract) parseState(data []byte, now time.Time) (*store, error) {
	var raw map[string][]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("dataflowtest: the state is not a JSON object of lists: %w", err)
	}
	if dec.More() {
		return nil, errors.New("dataflowtest: the state has data after its JSON object")
	}
	schemas := map[string]string{"jobs": "Job", "jobExecutions": "JobExecution", "workflows": "Workflow", "triggers": "Trigger"}
	for key, items := range raw {
		name, known := schemas[key]
		if !known {
			return nil, fmt.Errorf("dataflowtest: the state has an unknown list %q (known: jobs, jobExecutions, workflows, triggers)", key)
		}
		ref := c.doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			return nil, fmt.Errorf("dataflowtest: openapi.yaml has no schema %s", name)
		}
		for i, item := range items {
			var v any
			if err := json.Unmarshal(item, &v); err != nil {
				return nil, fmt.Errorf("dataflowtest: state %s[%d]: %w", key, i, err)
			}
			if err := ref.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
				return nil, fmt.Errorf("dataflowtest: state %s[%d] does not conform to schema %s: %s", key, i, name, describe(err))
			}
		}
	}
	var in State
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("dataflowtest: decoding the state: %w", err)
	}
	return in.store(now)
}

// store builds a store from a checked State.
func (in State) store(now time.Time) (*store, error) {
	st := newStore()
	seen := map[string]string{}
	claim := func(kind, field, id string) error {
		if id == "" {
			return fmt.Errorf("dataflowtest: state: a %s has no %s", kind, field)
		}
		if other, dup := seen[id]; dup {
			return fmt.Errorf("dataflowtest: state: id %s is used by a %s and a %s", id, other, kind)
		}
		seen[id] = kind
		return nil
	}
	for i := range in.Jobs {
		j := in.Jobs[i]
		if err := claim("job", "jobId", j.JobID); err != nil {
			return nil, err
		}
		st.putJob(&j)
	}
	for i := range in.JobExecutions {
		e := &execution{JobExecution: in.JobExecutions[i]}
		if w, ok := e.AdditionalProperties[stateWorkflowID].(string); ok {
			e.workflowID = w
			e.AdditionalProperties = maps.Clone(e.AdditionalProperties)
			delete(e.AdditionalProperties, stateWorkflowID)
		}
		if err := claim("job execution", "jobExecutionId", e.JobExecutionID); err != nil {
			return nil, err
		}
		j, found := st.jobs[e.JobID]
		if !found {
			return nil, fmt.Errorf("dataflowtest: state: job execution %s belongs to job %s, which the state does not hold", e.JobExecutionID, e.JobID)
		}
		if e.Status == nil {
			e.Status = ptr(gen.ExecutionStatusREADY)
		}
		if !e.Status.Valid() {
			return nil, fmt.Errorf("dataflowtest: state: job execution %s has status %q, not an ExecutionStatus", e.JobExecutionID, *e.Status)
		}
		if e.JobName == nil {
			e.JobName = ptr(j.Name)
		}
		e.created = now
		if e.CreatedDate != nil {
			e.created = *e.CreatedDate
		} else {
			e.CreatedDate = stamp(now)
		}
		if e.StartDate != nil {
			e.started = *e.StartDate
		}
		if e.EndDate != nil {
			e.ended = *e.EndDate
		}
		e.WaitingTime, e.RunningTime = nil, nil // computed by view
		st.execs[e.JobExecutionID] = e
		st.execOrder = append(st.execOrder, e.JobExecutionID)
	}
	for i := range in.Workflows {
		w := in.Workflows[i]
		if err := claim("workflow", "workflowId", w.WorkflowID); err != nil {
			return nil, err
		}
		st.workflows[w.WorkflowID] = &w
		st.wfOrder = append(st.wfOrder, w.WorkflowID)
	}
	for i := range in.Triggers {
		t := in.Triggers[i]
		if err := claim("trigger", "triggerId", t.TriggerID); err != nil {
			return nil, err
		}
		st.triggers[t.TriggerID] = &t
		st.trOrder = append(st.trOrder, t.TriggerID)
	}
	return st, nil
}
