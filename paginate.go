package dataflow

import (
	"context"
	"iter"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// DefaultPageSize is the page size the All… iterators ask for when the
// caller's parameters do not set one. It is the service's own default.
const DefaultPageSize = 1000

// pages walks a list operation page by page, from start, yielding each item.
// It stops after a short or empty page (the documentation disagrees on
// whether "count" is a page count or a total, so it is not trusted), on the
// first error (yielded once, as the last element), when ctx ends, or when
// the caller stops ranging.
func pages[T any](ctx context.Context, start, limit int, fetch func(ctx context.Context, page, limit int) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if limit <= 0 {
			limit = DefaultPageSize
		}
		if ctx == nil {
			yield(zero, errNilContext)
			return
		}
		for page := start; ; page++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, err := fetch(ctx, page, limit)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if len(items) < limit {
				return
			}
		}
	}
}

func startAndLimit(page, limit *int) (int, int) {
	s, l := 0, DefaultPageSize
	if page != nil {
		s = *page
	}
	if limit != nil && *limit > 0 {
		l = *limit
	}
	return s, l
}

// AllJobs iterates over every job, fetching pages as it goes. params may be
// nil; its Page is the first page fetched and its Limit the page size.
//
//	for job, err := range client.AllJobs(ctx, nil) {
//		if err != nil { return err }
//		fmt.Println(job.JobID, job.Name)
//	}
func (c *Client) AllJobs(ctx context.Context, params *gen.GetJobsParams) iter.Seq2[gen.Job, error] {
	var p gen.GetJobsParams
	if params != nil {
		p = *params
	}
	start, limit := startAndLimit(p.Page, p.Limit)
	return pages(ctx, start, limit, func(ctx context.Context, page, limit int) ([]gen.Job, error) {
		p.Page, p.Limit = &page, &limit
		res, err := c.GetJobs(ctx, &p)
		if err != nil {
			return nil, err
		}
		return res.List, nil
	})
}

// AllJobExecutions iterates over every execution of a job.
func (c *Client) AllJobExecutions(ctx context.Context, jobID string, params *gen.GetJobExecutionsParams) iter.Seq2[gen.JobExecution, error] {
	var p gen.GetJobExecutionsParams
	if params != nil {
		p = *params
	}
	start, limit := startAndLimit(p.Page, p.Limit)
	return pages(ctx, start, limit, func(ctx context.Context, page, limit int) ([]gen.JobExecution, error) {
		p.Page, p.Limit = &page, &limit
		res, err := c.GetJobExecutions(ctx, jobID, &p)
		if err != nil {
			return nil, err
		}
		return res.List, nil
	})
}

// AllWorkflows iterates over every workflow.
func (c *Client) AllWorkflows(ctx context.Context, params *gen.GetWorkflowsParams) iter.Seq2[gen.Workflow, error] {
	var p gen.GetWorkflowsParams
	if params != nil {
		p = *params
	}
	start, limit := startAndLimit(p.Page, p.Limit)
	return pages(ctx, start, limit, func(ctx context.Context, page, limit int) ([]gen.Workflow, error) {
		p.Page, p.Limit = &page, &limit
		res, err := c.GetWorkflows(ctx, &p)
		if err != nil {
			return nil, err
		}
		return res.List, nil
	})
}

// AllWorkflowExecutions iterates over every execution a workflow started.
func (c *Client) AllWorkflowExecutions(ctx context.Context, workflowID string, params *gen.GetWorkflowExecutionsParams) iter.Seq2[gen.JobExecution, error] {
	var p gen.GetWorkflowExecutionsParams
	if params != nil {
		p = *params
	}
	start, limit := startAndLimit(p.Page, p.Limit)
	return pages(ctx, start, limit, func(ctx context.Context, page, limit int) ([]gen.JobExecution, error) {
		p.Page, p.Limit = &page, &limit
		res, err := c.GetWorkflowExecutions(ctx, workflowID, &p)
		if err != nil {
			return nil, err
		}
		return res.List, nil
	})
}

// AllTriggers iterates over every trigger.
func (c *Client) AllTriggers(ctx context.Context, params *gen.GetTriggersParams) iter.Seq2[gen.Trigger, error] {
	var p gen.GetTriggersParams
	if params != nil {
		p = *params
	}
	start, limit := startAndLimit(p.Page, p.Limit)
	return pages(ctx, start, limit, func(ctx context.Context, page, limit int) ([]gen.Trigger, error) {
		p.Page, p.Limit = &page, &limit
		res, err := c.GetTriggers(ctx, &p)
		if err != nil {
			return nil, err
		}
		return res.List, nil
	})
}

var errNilContext = &InputError{Operation: "list", Field: "ctx", Reason: "must not be nil (use context.Background())"}
