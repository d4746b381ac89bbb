package dataflow

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// DefaultPageSize is the page size the All… iterators ask for when the
// caller's parameters do not set one. It is the service's own default.
const DefaultPageSize = 1000

// DefaultMaxPages is the most pages one walk fetches unless WithMaxPages
// (or PageOptions.MaxPages) says otherwise: 10 million items at the
// default page size.
const DefaultMaxPages = 10_000

// ErrPageRepeated is matched by the *PaginationError of a walk that
// stopped because the service sent a full page it had already sent (a
// server ignoring the page number would otherwise be paged forever).
var ErrPageRepeated = errors.New("dataflow: the service sent the same page again")

// ErrTooManyPages is matched by the *PaginationError of a walk that
// reached its page limit.
var ErrTooManyPages = errors.New("dataflow: page limit reached")

// PaginationError ends a walk over pages that cannot end well: a page that
// repeats an earlier one, or more pages than the limit. The items already
// yielded were real; the walk is incomplete.
type PaginationError struct {
	Operation string // operationId, such as "getJobs"
	Page      int    // the page number that was refused
	SameAs    int    // for ErrPageRepeated: the earlier page it repeats
	MaxPages  int    // for ErrTooManyPages: the limit
	Err       error  // ErrPageRepeated or ErrTooManyPages
}

func (e *PaginationError) Error() string {
	if errors.Is(e.Err, ErrTooManyPages) {
		return fmt.Sprintf("dataflow: %s: stopped before page %d: the walk reached its limit of %d pages (raise it with dataflow.WithMaxPages)", e.Operation, e.Page, e.MaxPages)
	}
	return fmt.Sprintf("dataflow: %s: stopped at page %d: it holds the same items as page %d (the service ignored the page number?)", e.Operation, e.Page, e.SameAs)
}

func (e *PaginationError) Unwrap() error { return e.Err }

// PageOptions says how Pages walks a list operation.
type PageOptions struct {
	// Operation is the operationId named in errors.
	Operation string
	// Start is the first page fetched (zero-based).
	Start int
	// Limit is the page size; 0 or less means DefaultPageSize.
	Limit int
	// MaxPages is the most pages fetched; 0 or less means DefaultMaxPages.
	MaxPages int
}

// Pages walks a list operation page by page from o.Start, yielding each
// item; fetch gets one page. It is the loop behind the All… methods, for
// callers that fetch pages themselves (the command keeps each item's raw
// JSON).
//
// It stops after a short or empty page (the documentation disagrees on
// whether "count" is a page count or a total, so it is not trusted), on
// the first error (yielded once, as the last element), when ctx ends, or
// when the caller stops ranging. A full page whose items are the same as
// an earlier page's, and a walk reaching o.MaxPages pages, end it with a
// *PaginationError. Only a hash of each page is kept, never the pages.
func Pages[T any](ctx context.Context, o PageOptions, fetch func(ctx context.Context, page, limit int) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if ctx == nil {
			yield(zero, &InputError{Operation: o.Operation, Field: "ctx", Reason: "must not be nil (use context.Background())"})
			return
		}
		limit, maxPages := o.Limit, o.MaxPages
		if limit <= 0 {
			limit = DefaultPageSize
		}
		if maxPages <= 0 {
			maxPages = DefaultMaxPages
		}
		seen := map[[sha256.Size]byte]int{}
		for n, page := 0, o.Start; ; n, page = n+1, page+1 {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			if n == maxPages {
				yield(zero, &PaginationError{Operation: o.Operation, Page: page, MaxPages: maxPages, Err: ErrTooManyPages})
				return
			}
			items, err := fetch(ctx, page, limit)
			if err != nil {
				yield(zero, err)
				return
			}
			if len(items) >= limit {
				if key, ok := pageKey(items); ok {
					if earlier, dup := seen[key]; dup {
						yield(zero, &PaginationError{Operation: o.Operation, Page: page, SameAs: earlier, Err: ErrPageRepeated})
						return
					}
					seen[key] = page
				}
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

// pageKey is a hash of a page's items as JSON: two pages with the same
// items, fields the client does not know included, have the same key.
func pageKey[T any](items []T) ([sha256.Size]byte, bool) {
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(items); err != nil {
		return [sha256.Size]byte{}, false
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key, true
}

// walk is Pages for one of the client's list operations.
func walk[T any](ctx context.Context, maxPages int, op string, page, limit *int, fetch func(ctx context.Context, page, limit int) ([]T, error)) iter.Seq2[T, error] {
	o := PageOptions{Operation: op, Limit: DefaultPageSize, MaxPages: maxPages}
	if page != nil {
		o.Start = *page
	}
	if limit != nil && *limit > 0 {
		o.Limit = *limit
	}
	return Pages(ctx, o, fetch)
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
	return walk(ctx, c.maxPages, "getJobs", p.Page, p.Limit, func(ctx context.Context, page, limit int) ([]gen.Job, error) {
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
	return walk(ctx, c.maxPages, "getJobExecutions", p.Page, p.Limit, func(ctx context.Context, page, limit int) ([]gen.JobExecution, error) {
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
	return walk(ctx, c.maxPages, "getWorkflows", p.Page, p.Limit, func(ctx context.Context, page, limit int) ([]gen.Workflow, error) {
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
	return walk(ctx, c.maxPages, "getWorkflowExecutions", p.Page, p.Limit, func(ctx context.Context, page, limit int) ([]gen.JobExecution, error) {
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
	return walk(ctx, c.maxPages, "getTriggers", p.Page, p.Limit, func(ctx context.Context, page, limit int) ([]gen.Trigger, error) {
		p.Page, p.Limit = &page, &limit
		res, err := c.GetTriggers(ctx, &p)
		if err != nil {
			return nil, err
		}
		return res.List, nil
	})
}
