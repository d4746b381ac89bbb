package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// writeAll is --all: it walks a list operation from --page (default 0)
// with --limit items a page (default dataflow.DefaultPageSize) through
// dataflow.Pages, so it stops where the client's All… iterators stop: after
// a short page, on a page that repeats an earlier one, at the page limit.
// Each page's items are written as they come, never all held at once.
//
// --output json prints what it always printed, {"list": [...], "count": N}
// indented, each item exactly as the service sent it (unknown fields
// included): the document is written incrementally, and is left unfinished
// (so invalid) when the walk fails. --output text prints one table (its
// columns aligned page by page) and a footer counting the items.
func writeAll(ctx context.Context, op *operation, c *dataflow.Client, in *input, format string, stdout io.Writer) error {
	o := dataflow.PageOptions{Operation: op.id, Limit: dataflow.DefaultPageSize}
	if p := in.intp("page"); p != nil {
		o.Start = *p
	}
	if l := in.intp("limit"); l != nil && *l > 0 {
		o.Limit = *l
	}
	out := bufio.NewWriter(stdout)
	var sink pageSink = &jsonSink{w: out}
	if format != "json" {
		text, ok := textSinks[op.result]
		if !ok {
			return fmt.Errorf("dataflow: %s: no text form for --all", op.id)
		}
		sink = text(out)
	}
	in.overrides = map[string]int{"limit": o.Limit}
	pages := dataflow.Pages(ctx, o, func(ctx context.Context, page, limit int) ([]json.RawMessage, error) {
		// The items of the page before are all added by now: write them
		// out before waiting for the next page.
		if err := sink.flush(); err != nil {
			return nil, err
		}
		in.overrides["page"], in.overrides["limit"] = page, limit
		var raw dataflow.RawResponse
		if err := op.exec(dataflow.WithRawResponse(ctx, &raw), c, in); err != nil {
			return nil, err
		}
		var got struct {
			List []json.RawMessage `json:"list"`
		}
		if err := json.Unmarshal(raw.Body, &got); err != nil {
			return nil, fmt.Errorf("dataflow: %s: page %d: %w", op.id, page, err)
		}
		return got.List, nil
	})
	for item, err := range pages {
		if err != nil {
			_ = sink.flush() // what came before the failure is real
			return err
		}
		if err := sink.add(item); err != nil {
			return err
		}
	}
	return sink.end()
}

// pageSink writes --all's output: add takes each item, flush writes what
// it holds (at most one page), end finishes the output.
type pageSink interface {
	add(item json.RawMessage) error
	flush() error
	end() error
}

// jsonSink writes {"list": [...], "count": N} the way json.Indent lays it
// out, one item at a time. A bufio.Writer keeps its first write error and
// Flush returns it, so the writes themselves are not checked.
type jsonSink struct {
	w     *bufio.Writer
	n     int
	item  bytes.Buffer
	begun bool
}

func (s *jsonSink) add(item json.RawMessage) error {
	s.item.Reset()
	if err := json.Indent(&s.item, item, "    ", "  "); err != nil {
		return fmt.Errorf("dataflow: item %d of the list is not JSON: %w", s.n+1, err)
	}
	if !s.begun {
		_, _ = s.w.WriteString("{\n  \"list\": [")
		s.begun = true
	}
	if s.n > 0 {
		_ = s.w.WriteByte(',')
	}
	_, _ = s.w.WriteString("\n    ")
	_, _ = s.w.Write(s.item.Bytes())
	s.n++
	return nil
}

func (s *jsonSink) flush() error { return s.w.Flush() }

func (s *jsonSink) end() error {
	switch {
	case !s.begun:
		_, _ = s.w.WriteString("{\n  \"list\": [],")
	default:
		_, _ = s.w.WriteString("\n  ],")
	}
	fmt.Fprintf(s.w, "\n  \"count\": %d\n}\n", s.n)
	return s.w.Flush()
}

// textSinks are the --output text forms of the list operations.
var textSinks = map[resultKind]func(w *bufio.Writer) pageSink{
	resultJobList:       func(w *bufio.Writer) pageSink { return &textSink[gen.Job]{w: w, t: jobTable} },
	resultExecutionList: func(w *bufio.Writer) pageSink { return &textSink[gen.JobExecution]{w: w, t: executionTable} },
	resultWorkflowList:  func(w *bufio.Writer) pageSink { return &textSink[gen.Workflow]{w: w, t: workflowTable} },
	resultTriggerList:   func(w *bufio.Writer) pageSink { return &textSink[gen.Trigger]{w: w, t: triggerTable} },
}

// textSink prints the items as one table, a page at a time: the header
// once, each page's rows aligned among themselves, then the footer.
type textSink[T any] struct {
	w     *bufio.Writer
	t     listTable[T]
	page  []T
	n     int
	begun bool
}

func (s *textSink[T]) add(item json.RawMessage) error {
	var v T
	if err := json.Unmarshal(item, &v); err != nil {
		return fmt.Errorf("dataflow: item %d of the list: %w", s.n+1, err)
	}
	s.page = append(s.page, v)
	s.n++
	return nil
}

func (s *textSink[T]) flush() error {
	if len(s.page) > 0 {
		tw := tabwriter.NewWriter(s.w, 0, 0, 2, ' ', 0)
		if !s.begun {
			fmt.Fprintln(tw, s.t.header)
			s.begun = true
		}
		s.t.rows(tw, s.page)
		tw.Flush()
		s.page = s.page[:0]
	}
	return s.w.Flush()
}

func (s *textSink[T]) end() error {
	if err := s.flush(); err != nil {
		return err
	}
	fmt.Fprintln(s.w, plural(s.n, s.t.one, s.t.many))
	return s.w.Flush()
}
