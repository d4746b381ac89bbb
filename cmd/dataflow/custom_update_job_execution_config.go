package main

import (
	"context"
	"errors"
	"strings"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// Customisation of updateJobExecutionConfig. The operation replaces every
// option at once and requires nrn, scriptPath and logPath; the command
// lets its user give only what changes:
//
//	dataflow update-job-execution-config --job-id ID --num-worker 4
//
// checks the flags given, reads the job (one GET) and sends its stored
// options back with those flags applied. With --nrn, --script-path and
// --log-path all given, or --cli-input-json, it sends the PUT alone, as
// the API defines it.
func customiseUpdateJobExecutionConfig(op *operation) {
	for i := range op.flags {
		f := &op.flags[i]
		if f.required && f.bodyField {
			f.required = false
			f.usage += " (default: the job's stored value)"
		}
	}
	op.notes = "Flags left out keep the job's stored options: the command then reads the job first\n" +
		"(one getJob GET) and sends all its options back with the flags given changed. With --nrn,\n" +
		"--script-path and --log-path all given, or --cli-input-json, it sends only the PUT.\n" +
		"A stored value the service would not take back (an empty nrn, a timeout above the\n" +
		"request maximum) must then be given as a flag.\n"
	op.exec = func(ctx context.Context, c *dataflow.Client, in *input) error {
		id := in.str("job-id")
		if in.bodyFile || (in.given("nrn") && in.given("script-path") && in.given("log-path")) {
			_, err := c.UpdateJobExecutionConfig(ctx, id, jobConditionOf(in))
			return err
		}
		var given []string
		for _, f := range op.flags {
			if !f.bodyField || !in.given(f.key) {
				continue
			}
			if f.kind == kindString && strings.TrimSpace(in.str(f.key)) == "" {
				return usagef("--%s must not be empty", f.name)
			}
			given = append(given, f.name)
		}
		if len(given) == 0 {
			return usagef("give the options to change (such as --num-worker), or the whole body with --%s", cliInputJSON)
		}
		_, err := c.UpdateJobExecutionOptions(ctx, id, jobConditionOf(in))
		var ie *dataflow.InputError
		if errors.As(err, &ie) {
			// The client's advice is for Go callers: say which flag to give.
			e := *ie
			for _, f := range op.flags {
				if f.apiField == ie.Field {
					e.Reason = strings.Replace(e.Reason, "set it in the edit", "give --"+f.name, 1)
				}
			}
			return &e
		}
		return err
	}
}

// jobConditionOf is the options to send: from --cli-input-json, or from the
// field flags given.
func jobConditionOf(in *input) gen.JobCondition {
	return bodyOf[gen.UpdateJobExecutionConfigRequest](in).JobCondition
}
