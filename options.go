package dataflow

import (
	"context"
	"errors"
	"maps"
	"strings"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// A job's execution options come in three shapes: gen.RunCondition, as a
// job or execution reports them; gen.JobCondition, the complete options
// updateJobExecutionConfig takes (nrn, scriptPath and logPath required);
// and gen.JobConditionOptions, the optional overrides of createJob,
// updateJob and createJobExecution. The functions below convert the
// reported shape into the request shapes, and EditJobExecutionConfig does
// the read, change and write in one call.

// JobConditionFromRun returns the options a job reports as the complete
// options updateJobExecutionConfig takes. Fields the job does not report
// stay empty; nothing is checked here (UpdateJobExecutionConfig checks).
// A nil rc gives the zero value.
func JobConditionFromRun(rc *gen.RunCondition) gen.JobCondition {
	if rc == nil {
		return gen.JobCondition{}
	}
	return gen.JobCondition{
		WorkerType: clonePtr(rc.WorkerType),
		NumWorker:  clonePtr(rc.NumWorker),
		Timeout:    clonePtr(rc.Timeout),
		Nrn:        deref(rc.Nrn),
		ScriptPath: deref(rc.ScriptPath),
		LogPath:    deref(rc.LogPath),
		Parameters: params(rc.Parameters),
	}
}

// JobConditionOptionsFromRun returns the options a job reports as the
// optional overrides createJob, updateJob and createJobExecution take: run
// a job again with another job's settings, or copy a job. The reported
// workerType has no place in this shape and is dropped. A nil rc gives the
// zero value (every stored setting kept).
func JobConditionOptionsFromRun(rc *gen.RunCondition) gen.JobConditionOptions {
	if rc == nil {
		return gen.JobConditionOptions{}
	}
	return gen.JobConditionOptions{
		NumWorker:  clonePtr(rc.NumWorker),
		Timeout:    clonePtr(rc.Timeout),
		Nrn:        clonePtr(rc.Nrn),
		ScriptPath: clonePtr(rc.ScriptPath),
		LogPath:    clonePtr(rc.LogPath),
		Parameters: params(rc.Parameters),
	}
}

// EditJobExecutionConfig reads the job (one getJob), lets edit change its
// options in the request shape, and sends them all back with
// updateJobExecutionConfig, so that changing one setting does not mean
// restating the others:
//
//	job, err := client.EditJobExecutionConfig(ctx, jobID, func(c *gen.JobCondition) {
//		c.NumWorker = dataflow.Ptr(4)
//	})
//
// The edited options are checked as UpdateJobExecutionConfig checks them.
// A stored value that the service reports but would not take back (an
// empty nrn, a timeout above the request's maximum) is refused with an
// *InputError that says it is the job's stored value; set it in edit. The
// read and the write are two calls: a change made by someone else between
// them is overwritten.
func (c *Client) EditJobExecutionConfig(ctx context.Context, jobID string, edit func(*gen.JobCondition)) (*gen.Job, error) {
	const op = "updateJobExecutionConfig"
	ck := checker{op: op}
	checkPathParam(&ck, "jobId", jobID)
	if edit == nil {
		ck.fail(&path{name: "edit"}, "must not be nil")
	}
	ck.context(ctx)
	if err := ck.err(); err != nil {
		return nil, err
	}
	job, err := c.GetJob(ctx, jobID)
	if err != nil {
		return nil, err
	}
	stored := JobConditionFromRun(job.RunCondition)
	cond := JobConditionFromRun(job.RunCondition) // a deep copy: edit may change maps
	edit(&cond)
	job, err = c.UpdateJobExecutionConfig(ctx, jobID, cond)
	var ie *InputError
	if errors.As(err, &ie) && unchanged(ie.Field, stored, cond) {
		e := *ie
		e.Reason += "; this is the job's stored value, which cannot be sent back as it is: set it in the edit"
		return nil, &e
	}
	return job, err
}

// UpdateJobExecutionOptions changes the execution options that change sets
// and keeps the job's stored values for the rest: an empty string or a nil
// pointer in change means "keep". The values change sets are checked
// before anything is sent; then it works as EditJobExecutionConfig (one
// getJob, then a complete updateJobExecutionConfig).
//
//	job, err := client.UpdateJobExecutionOptions(ctx, jobID, gen.JobCondition{NumWorker: dataflow.Ptr(4)})
func (c *Client) UpdateJobExecutionOptions(ctx context.Context, jobID string, change gen.JobCondition) (*gen.Job, error) {
	ck := checker{op: "updateJobExecutionConfig"}
	checkPathParam(&ck, "jobId", jobID)
	// The options given are checked as the spec checks them (the generated
	// check of gen.JobConditionOptions, whose fields are all optional).
	cond := &path{name: "jobCondition"}
	checkJobConditionOptions(&ck, cond, &gen.JobConditionOptions{NumWorker: change.NumWorker, Timeout: change.Timeout})
	for _, f := range []struct{ name, v string }{{"nrn", change.Nrn}, {"scriptPath", change.ScriptPath}, {"logPath", change.LogPath}} {
		if f.v != "" && strings.TrimSpace(f.v) == "" {
			ck.breaks(&path{up: cond, name: f.name}, "must not be blank (leave it empty to keep the stored value)")
		}
	}
	ck.context(ctx)
	if err := ck.err(); err != nil {
		return nil, err
	}
	return c.EditJobExecutionConfig(ctx, jobID, func(cond *gen.JobCondition) {
		set(&cond.Nrn, change.Nrn)
		set(&cond.ScriptPath, change.ScriptPath)
		set(&cond.LogPath, change.LogPath)
		if change.WorkerType != nil {
			cond.WorkerType = clonePtr(change.WorkerType)
		}
		if change.NumWorker != nil {
			cond.NumWorker = clonePtr(change.NumWorker)
		}
		if change.Timeout != nil {
			cond.Timeout = clonePtr(change.Timeout)
		}
		if change.Parameters != nil {
			cond.Parameters = params((*map[string]string)(change.Parameters))
		}
	})
}

// unchanged reports whether the refused field (such as
// "jobCondition.timeout") holds the value the job reported.
func unchanged(field string, stored, sent gen.JobCondition) bool {
	switch field {
	case "jobCondition.nrn":
		return stored.Nrn == sent.Nrn
	case "jobCondition.scriptPath":
		return stored.ScriptPath == sent.ScriptPath
	case "jobCondition.logPath":
		return stored.LogPath == sent.LogPath
	case "jobCondition.numWorker":
		return equalPtr(stored.NumWorker, sent.NumWorker)
	case "jobCondition.timeout":
		return equalPtr(stored.Timeout, sent.Timeout)
	}
	return false
}

func set(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func equalPtr[T comparable](a, b *T) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func params(p *map[string]string) *gen.ScriptParameters {
	if p == nil {
		return nil
	}
	m := gen.ScriptParameters(maps.Clone(*p))
	return &m
}
