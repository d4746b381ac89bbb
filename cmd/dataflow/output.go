package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// resultKind says how --output text renders an operation's answer.
type resultKind int

const (
	resultGeneric resultKind = iota // key: value lines
	resultTrue                      // the bare value true: the operation's done line
	resultJob
	resultJobList
	resultExecution
	resultExecutionList
	resultWorkflow
	resultWorkflowList
	resultTrigger
	resultTriggerList
)

// writeResult prints an answer. json: the body as the service sent it,
// indented (json.Indent keeps every field, their order and every digit of
// big numbers). text: a short summary.
func writeResult(w io.Writer, format string, op *operation, in *input, body []byte) error {
	if format == "json" {
		return writeJSON(w, body)
	}
	if draw := graphWriter(format); draw != nil {
		return decodeAnd(body, func(j *gen.Job) { draw(w, j) })
	}
	var b bytes.Buffer
	if err := writeText(&b, op, in, body); err != nil {
		// A body the summary cannot read (the client decoded it, so this
		// should not happen): show it as it came rather than nothing.
		b.Reset()
		return writeJSON(w, body)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func writeJSON(w io.Writer, body []byte) error {
	var b bytes.Buffer
	if err := json.Indent(&b, bytes.TrimSpace(body), "", "  "); err != nil {
		b.Reset()
		b.Write(body)
	}
	if b.Len() == 0 || b.Bytes()[b.Len()-1] != '\n' {
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

func writeText(w io.Writer, op *operation, in *input, body []byte) error {
	switch op.result {
	case resultTrue:
		fmt.Fprintln(w, op.done(in))
		return nil
	case resultJob:
		return decodeAnd(body, func(j *gen.Job) { writeJob(w, j) })
	case resultJobList:
		return decodeAnd(body, func(l *gen.JobList) { writeList(w, jobTable, l.List, l.Page, l.Limit) })
	case resultExecution:
		return decodeAnd(body, func(e *gen.JobExecution) { writeExecution(w, e) })
	case resultExecutionList:
		return decodeAnd(body, func(l *gen.JobExecutionList) { writeList(w, executionTable, l.List, l.Page, l.Limit) })
	case resultWorkflow:
		return decodeAnd(body, func(wf *gen.Workflow) { writeWorkflow(w, wf) })
	case resultWorkflowList:
		return decodeAnd(body, func(l *gen.WorkflowList) { writeList(w, workflowTable, l.List, l.Page, l.Limit) })
	case resultTrigger:
		return decodeAnd(body, func(t *gen.Trigger) { writeTrigger(w, t) })
	case resultTriggerList:
		return decodeAnd(body, func(l *gen.TriggerList) { writeList(w, triggerTable, l.List, l.Page, l.Limit) })
	}
	return writeGeneric(w, body)
}

func decodeAnd[T any](body []byte, f func(*T)) error {
	v := new(T)
	if err := json.Unmarshal(body, v); err != nil {
		return err
	}
	f(v)
	return nil
}

// clean makes a value from the service safe to print on one line.
func clean(s string) string { return oneLine(s) }

// val renders a value of key=value: bare when it is a plain word, quoted
// when it is empty or has spaces or odd characters.
func val(s string) string {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == '"' || r == '=' || r > '~' }) {
		return strconv.Quote(s)
	}
	return s
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func date(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.RFC3339)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return clean(s)
}

// pairs joins key=value pairs, leaving out those whose value is nil.
func pairs(kv ...any) string {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		var v string
		switch x := kv[i+1].(type) {
		case *string:
			if x == nil {
				continue
			}
			v = val(*x)
		case *int:
			if x == nil {
				continue
			}
			v = strconv.Itoa(*x)
		case string:
			v = val(x)
		}
		parts = append(parts, fmt.Sprintf("%s=%s", kv[i], v))
	}
	return strings.Join(parts, " ")
}

// writeCondition prints execution options (a job's runCondition, an
// execution's jobCondition) on up to three lines under label.
func writeCondition(w io.Writer, label string, rc *gen.RunCondition) {
	if rc == nil {
		return
	}
	pad := strings.Repeat(" ", len(label)+4)
	lines := []string{
		pairs("workerType", rc.WorkerType, "numWorker", rc.NumWorker, "timeout", rc.Timeout, "nrn", rc.Nrn),
		pairs("scriptPath", rc.ScriptPath, "logPath", rc.LogPath, "consoleLogPath", rc.ConsoleLogPath),
	}
	if rc.Parameters != nil && len(*rc.Parameters) > 0 {
		keys := make([]string, 0, len(*rc.Parameters))
		for k := range *rc.Parameters {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var ps []string
		for _, k := range keys {
			ps = append(ps, val(k)+"="+val((*rc.Parameters)[k]))
		}
		lines = append(lines, "parameters: "+strings.Join(ps, " "))
	}
	first := true
	for _, l := range lines {
		if l == "" {
			continue
		}
		if first {
			fmt.Fprintf(w, "  %s: %s\n", label, clean(l))
			first = false
		} else {
			fmt.Fprintf(w, "%s%s\n", pad, clean(l))
		}
	}
}

// writeUnknown names the fields of v this client does not know, which only
// --output json shows.
func writeUnknown(w io.Writer, extra map[string]any) {
	if len(extra) == 0 {
		return
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, clean(k))
	}
	slices.Sort(keys)
	fmt.Fprintf(w, "  other fields: %s (see --output json)\n", strings.Join(keys, ", "))
}

func writeJob(w io.Writer, j *gen.Job) {
	fmt.Fprintf(w, "Job %s  %s  %s\n", clean(j.JobID), clean(j.Name), pairs("type", j.Type, "status", j.Status))
	if d := str(j.Description); d != "" {
		fmt.Fprintf(w, "  description: %s\n", clean(d))
	}
	writeCondition(w, "runCondition", j.RunCondition)
	line := fmt.Sprintf("  created %s  updated %s", date(j.CreatedDate), date(j.UpdatedDate))
	if j.MaxConcurrentRuns != nil {
		line += fmt.Sprintf("  maxConcurrentRuns=%d", *j.MaxConcurrentRuns)
	}
	fmt.Fprintln(w, line)
	if j.LastExecutionStatus != nil || j.LastExecutionDate != nil {
		fmt.Fprintf(w, "  last execution: %s at %s\n", orDash(str(j.LastExecutionStatus)), date(j.LastExecutionDate))
	}
	if j.Nodes != nil {
		writeNodes(w, *j.Nodes)
	}
	writeUnknown(w, j.AdditionalProperties)
}

// writeNodes lists a job's nodes with their type, whatever the type: types
// newer than this client are listed like the others.
func writeNodes(w io.Writer, nodes []gen.Node) {
	if len(nodes) == 0 {
		fmt.Fprintln(w, "  nodes: none")
		return
	}
	fmt.Fprintln(w, "  nodes:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, n := range nodes {
		info, err := dataflow.InspectNode(n)
		if err != nil {
			fmt.Fprintf(tw, "    ?\t(unreadable node: %s)\t\n", clean(err.Error()))
			continue
		}
		fmt.Fprintf(tw, "    %s\tid=%d\t%s\n", orDash(info.Type), info.ID, clean(info.Name))
	}
	tw.Flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// listTable is how --output text prints a list of T: a table with a
// header and one row per item, then a footer counting them.
type listTable[T any] struct {
	header    string
	one, many string // the footer's nouns
	rows      func(w io.Writer, items []T)
}

// writeList prints one page of a list as a table and its footer.
func writeList[T any](w io.Writer, t listTable[T], items []T, page, limit *int) {
	if len(items) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, t.header)
		t.rows(tw, items)
		tw.Flush()
	}
	fmt.Fprintln(w, pageNote(len(items), t.one, t.many, page, limit))
}

// pageNote is the footer of a list: how many items, and which page.
func pageNote(n int, one, many string, page, limit *int) string {
	s := plural(n, one, many)
	if page != nil && limit != nil {
		s += fmt.Sprintf(" (page %d, limit %d)", *page, *limit)
	}
	return s
}

// jobHeader is the header of --output text's jobs table.
const jobHeader = "JOB ID\tNAME\tTYPE\tSTATUS\tLAST EXECUTION\tUPDATED"

// jobRows writes one table row for each item (tab-separated, for a tabwriter).
func jobRows(w io.Writer, items []gen.Job) {
	for _, j := range items {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", orDash(j.JobID), orDash(j.Name), orDash(str(j.Type)), orDash(str(j.Status)), orDash(str(j.LastExecutionStatus)), date(j.UpdatedDate))
	}
}

var jobTable = listTable[gen.Job]{header: jobHeader, one: "job", many: "jobs", rows: jobRows}

func writeExecution(w io.Writer, e *gen.JobExecution) {
	status := ""
	if e.Status != nil {
		status = string(*e.Status)
	}
	job := clean(e.JobID)
	if n := str(e.JobName); n != "" {
		job += " (" + clean(n) + ")"
	}
	fmt.Fprintf(w, "Execution %s  job %s  %s\n", clean(e.JobExecutionID), job, pairs("status", status, "type", e.Type))
	writeCondition(w, "jobCondition", e.JobCondition)
	fmt.Fprintf(w, "  created %s  started %s  ended %s\n", date(e.CreatedDate), date(e.StartDate), date(e.EndDate))
	if e.WaitingTime != nil || e.RunningTime != nil {
		fmt.Fprintf(w, "  %s\n", pairs("waitingTime", e.WaitingTime, "runningTime", e.RunningTime)+" (minutes)")
	}
	if e.TriggerID != nil {
		fmt.Fprintf(w, "  %s\n", clean(pairs("triggerId", e.TriggerID, "triggerName", e.TriggerName)))
	}
	writeUnknown(w, e.AdditionalProperties)
}

// executionHeader is the header of --output text's executions table.
const executionHeader = "EXECUTION ID\tJOB ID\tSTATUS\tCREATED\tSTARTED\tENDED"

// executionRows writes one table row for each item (tab-separated, for a tabwriter).
func executionRows(w io.Writer, items []gen.JobExecution) {
	for _, e := range items {
		status := "-"
		if e.Status != nil {
			status = orDash(string(*e.Status))
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", orDash(e.JobExecutionID), orDash(e.JobID), status, date(e.CreatedDate), date(e.StartDate), date(e.EndDate))
	}
}

var executionTable = listTable[gen.JobExecution]{header: executionHeader, one: "execution", many: "executions", rows: executionRows}

// workflowNode is what every workflow node has.
type workflowNode struct {
	Type          string   `json:"type"`
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	ParentNodeIDs []string `json:"parentNodeIds"`
	TriggerRule   string   `json:"triggerRule"`
}

func writeWorkflow(w io.Writer, wf *gen.Workflow) {
	trigger := ""
	if wf.TriggerRuleType != nil {
		trigger = string(*wf.TriggerRuleType)
	}
	disabled := ""
	if wf.Disabled != nil && *wf.Disabled {
		disabled = " disabled"
	}
	fmt.Fprintf(w, "Workflow %s  %s  %s%s\n", clean(wf.WorkflowID), clean(wf.Name), pairs("trigger", trigger), disabled)
	fmt.Fprintf(w, "  created %s  updated %s  last execution %s\n", date(wf.CreatedDate), date(wf.UpdatedDate), date(wf.LastExecutionDate))
	if wf.Nodes != nil {
		if len(*wf.Nodes) == 0 {
			fmt.Fprintln(w, "  nodes: none")
		} else {
			fmt.Fprintln(w, "  nodes:")
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			for _, n := range *wf.Nodes {
				var info workflowNode
				raw, err := n.MarshalJSON()
				if err == nil {
					err = json.Unmarshal(raw, &info)
				}
				if err != nil {
					fmt.Fprintf(tw, "    ?\t(unreadable node)\t\n")
					continue
				}
				extra := ""
				if info.TriggerRule != "" {
					extra = "rule " + info.TriggerRule
				}
				if len(info.ParentNodeIDs) > 0 {
					extra = "after " + strings.Join(info.ParentNodeIDs, ", ")
				}
				fmt.Fprintf(tw, "    %s\tid=%s\t%s\t%s\n", orDash(info.Type), clean(info.ID), clean(info.Name), clean(extra))
			}
			tw.Flush()
		}
	}
	writeUnknown(w, wf.AdditionalProperties)
}

// workflowHeader is the header of --output text's workflows table.
const workflowHeader = "WORKFLOW ID\tNAME\tTRIGGER\tLAST EXECUTION\tUPDATED"

// workflowRows writes one table row for each item (tab-separated, for a tabwriter).
func workflowRows(w io.Writer, items []gen.Workflow) {
	for _, wf := range items {
		trigger := "-"
		if wf.TriggerRuleType != nil {
			trigger = orDash(string(*wf.TriggerRuleType))
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", orDash(wf.WorkflowID), orDash(wf.Name), trigger, date(wf.LastExecutionDate), date(wf.UpdatedDate))
	}
}

var workflowTable = listTable[gen.Workflow]{header: workflowHeader, one: "workflow", many: "workflows", rows: workflowRows}

// ruleText summarises a trigger rule: "RECURRING interval=WEEK time=09:00
// dayOfWeek=MONDAY,THURSDAY".
func ruleText(r *gen.TriggerRule) string {
	if r == nil {
		return "-"
	}
	var interval *string
	if r.Interval != nil {
		s := string(*r.Interval)
		interval = &s
	}
	var days *string
	if r.DayOfWeek != nil {
		ds := make([]string, len(*r.DayOfWeek))
		for i, d := range *r.DayOfWeek {
			ds[i] = string(d)
		}
		s := strings.Join(ds, ",")
		days = &s
	}
	s := strings.TrimSpace(string(r.Type) + " " + pairs("interval", interval, "time", r.Time, "dayOfWeek", days, "dateOfMonth", r.DateOfMonth, "executionDate", r.ExecutionDate))
	return orDash(s)
}

func writeTrigger(w io.Writer, t *gen.Trigger) {
	fmt.Fprintf(w, "Trigger %s  %s  %s\n", clean(t.TriggerID), clean(t.Name), pairs("type", t.Type))
	fmt.Fprintf(w, "  rule: %s\n", ruleText(t.TriggerRule))
	fmt.Fprintf(w, "  created %s  updated %s\n", date(t.CreatedDate), date(t.UpdatedDate))
	writeUnknown(w, t.AdditionalProperties)
}

// triggerHeader is the header of --output text's triggers table.
const triggerHeader = "TRIGGER ID\tNAME\tTYPE\tRULE"

// triggerRows writes one table row for each item (tab-separated, for a tabwriter).
func triggerRows(w io.Writer, items []gen.Trigger) {
	for _, t := range items {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", orDash(t.TriggerID), orDash(t.Name), orDash(str(t.Type)), ruleText(t.TriggerRule))
	}
}

var triggerTable = listTable[gen.Trigger]{header: triggerHeader, one: "trigger", many: "triggers", rows: triggerRows}
