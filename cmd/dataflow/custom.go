package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
)

// The operation table (operations.gen.go) is generated from openapi.yaml:
// names, paths, summaries, flags with their help, bounds and values, body
// types and examples. This file is what the spec cannot say, keyed by
// operationId: the line printed for an answer that is only true, flag
// conversions, and how each answer type is summarised as text.

// custom is one operation's customisation.
type custom struct {
	done  func(in *input) string // the text output of an answer that is only true
	flags map[string]flagCustom  // by generated flag name
}

// flagCustom changes one generated flag.
type flagCustom struct {
	name    string             // a shorter name
	metavar string             // what the flag takes, for help
	usage   string             // help text
	check   func(string) error // validation, while parsing
	convert func(string) string
}

var customs = map[string]custom{
	"verifyJob":          {done: func(*input) string { return "The job is valid." }},
	"deleteJob":          {done: func(in *input) string { return fmt.Sprintf("Deleted job %s.", in.str("job-id")) }},
	"deleteWorkflow":     {done: func(in *input) string { return fmt.Sprintf("Deleted workflow %s.", in.str("workflow-id")) }},
	"deleteTrigger":      {done: func(in *input) string { return fmt.Sprintf("Deleted trigger %s.", in.str("trigger-id")) }},
	"cancelJobExecution": {done: cancelDone},
	"executeWorkflow": {flags: map[string]flagCustom{
		"x-ncp-dataflow-payload": {name: "payload", metavar: "JSON", check: checkPayload, convert: compactJSON,
			usage: "a JSON object naming the caller, sent base64-encoded as x-ncp-dataflow-payload"},
	}},
}

func cancelDone(in *input) string {
	return fmt.Sprintf("Canceled execution %s of job %s.", in.str("execution-id"), in.str("job-id"))
}

// resultKinds says how --output text summarises each answer type (the gen
// type's name); any other type is printed as key: value lines.
var resultKinds = map[string]resultKind{
	"Job":              resultJob,
	"JobList":          resultJobList,
	"JobExecution":     resultExecution,
	"JobExecutionList": resultExecutionList,
	"Workflow":         resultWorkflow,
	"WorkflowList":     resultWorkflowList,
	"Trigger":          resultTrigger,
	"TriggerList":      resultTriggerList,
}

// finish completes the generated table: text output, --all
// on paged lists, the customisations above, and a body field flag's longer
// name (its JSON path) where a global flag has its short name.
func finish(ops []*operation) []*operation {
	for _, op := range ops {
		op.result = resultKinds[op.response]
		if op.response == "" {
			op.result = resultTrue
		}
		c := customs[op.id]
		op.done = c.done
		if op.result == resultTrue && op.done == nil {
			op.done = func(*input) string { return "Done." }
		}
		taken := globalFlagNames()
		taken[cliInputJSON] = true
		for i := range op.flags {
			f := &op.flags[i]
			f.key = f.name
			if fc, ok := c.flags[f.name]; ok {
				f.name = cmpOr(fc.name, f.name)
				f.metavar = cmpOr(fc.metavar, f.metavar)
				f.usage = cmpOr(fc.usage, f.usage)
				f.check, f.convert = fc.check, fc.convert
			}
			if !f.bodyField {
				taken[f.name] = true
			}
		}
		for i := range op.flags {
			if f := &op.flags[i]; f.bodyField && f.long != "" && taken[f.name] {
				f.name = f.long
			}
		}
		if op.list {
			op.flags = append(op.flags, fAll)
			op.flags[len(op.flags)-1].key = fAll.name
		}
		customise(op)
	}
	return ops
}

// globalFlagNames is the name of every global flag.
func globalFlagNames() map[string]bool {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	var g globals
	g.register(fs)
	names := map[string]bool{"help": true, "h": true}
	fs.VisitAll(func(f *flag.Flag) { names[f.Name] = true })
	return names
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// fAll is --all, which the command adds to every paged list.
var fAll = flagSpec{name: "all", usage: "fetch every page from --page on and print them as one list", kind: kindBool}

// checkPayload accepts --payload: a JSON object, which is sent base64-encoded
// in the x-ncp-dataflow-payload header.
func checkPayload(s string) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &obj); err != nil || obj == nil {
		return errors.New(`not a JSON object such as {"cloudFunctions":{"actionName":"a","activationId":"b"}}`)
	}
	return nil
}

func compactJSON(s string) string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return s
	}
	return b.String()
}
