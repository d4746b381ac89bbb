package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

const credentialsHelp = `Credentials:
  Without --profile, the first of these that has keys signs the requests:
    1. the environment: NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY
       (or NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY);
    2. the NCP CLI's file ~/.ncloud/configure, profile $NCLOUD_PROFILE or DEFAULT.
  With --profile NAME, only profile NAME of ~/.ncloud/configure is used: keys in
  the environment are ignored, because an explicit choice beats an implicit one.
`

const exitHelp = `Exit status: 0 success; 1 the call failed (the API answered with an error, no answer
came, or no credentials were found); 2 a usage error (bad flags or input: nothing was sent);
130 interrupted by Ctrl-C or SIGTERM (a second Ctrl-C ends the command at once).
`

// writeTopHelp prints the command's help: every operation, by group.
func writeTopHelp(w io.Writer) {
	var b strings.Builder
	b.WriteString(`dataflow calls the NAVER Cloud Platform Data Flow API: one subcommand per API operation.

Usage:
  dataflow <operation> [flags]     call one operation
  dataflow <operation> --help      an operation's flags and an example (or: dataflow help <operation>)
  dataflow demo                    try it offline: edit a job against an in-process fake Data Flow
  dataflow fake-server             serve the fake Data Flow for tests in any language (see its --help)
  dataflow wait-job-execution      wait for a job execution to end (also: create-job-execution --wait)
  dataflow version                 print the version

`)
	width := 0
	for _, op := range operations {
		width = max(width, len(op.name))
	}
	for _, g := range groups {
		fmt.Fprintf(&b, "%s:\n", g)
		for _, op := range operations {
			if op.group == g {
				fmt.Fprintf(&b, "  %-*s  %s\n", width, op.name, op.summary)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString(globalFlagsHelp)
	b.WriteString("\n")
	b.WriteString(credentialsHelp)
	b.WriteString("\n")
	b.WriteString(`Examples:
  dataflow get-jobs
  dataflow get-job --job-id gqigvHa1b2c3 --output json
  dataflow update-job-execution-config --job-id gqigvHa1b2c3 --num-worker 4 --timeout 120 \
      --nrn nrn:PUB:IAM::2706412:Role/… --script-path bucket/scripts/ --log-path bucket/logs/
  dataflow create-job --cli-input-json job.json

`)
	b.WriteString(exitHelp)
	_, _ = io.WriteString(w, b.String())
}

// writeOperationHelp prints one operation's help.
func writeOperationHelp(w io.Writer, op *operation) {
	var b strings.Builder
	fmt.Fprintf(&b, "dataflow %s: %s\n", op.name, op.summary)
	fmt.Fprintf(&b, "API operation %s: %s %s\n\n", op.id, op.method, op.path)
	b.WriteString("Usage:\n  " + op.synopsis() + "\n")
	if op.body != nil && hasBodyFields(op) {
		fmt.Fprintf(&b, "  dataflow %s", op.name)
		for _, f := range op.flags {
			if !f.bodyField && f.required {
				fmt.Fprintf(&b, " --%s %s", f.name, f.metavar)
			}
		}
		fmt.Fprintf(&b, " --%s FILE|-\n", cliInputJSON)
	}
	b.WriteString("\n")

	if len(op.flags) > 0 || op.body != nil {
		b.WriteString("Flags:\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, f := range op.flags {
			name := "--" + f.name
			if f.metavar != "" {
				name += " " + f.metavar
			}
			usage := f.usage
			switch {
			case f.required && f.bodyField:
				usage += " (required without --" + cliInputJSON + ")"
			case f.required:
				usage += " (required)"
			}
			fmt.Fprintf(tw, "  %s\t%s\n", name, usage)
		}
		if op.body != nil {
			usage := "the request body (" + op.body.typeName + ") as JSON, from a file or - for stdin"
			switch {
			case hasBodyFields(op):
				usage += ", instead of the field flags"
			case op.body.required:
				usage += " (required)"
			}
			fmt.Fprintf(tw, "  --%s FILE|-\t%s\n", cliInputJSON, usage)
		}
		tw.Flush()
		b.WriteString("\n")
	}
	if op.notes != "" {
		b.WriteString(op.notes + "\n")
	}
	if op.body != nil {
		fmt.Fprintf(&b, "Example --%s body (fields the type does not have are refused):\n", cliInputJSON)
		for _, l := range strings.Split(op.body.example, "\n") {
			b.WriteString("  " + l + "\n")
		}
		b.WriteString("\n")
	}
	if op.list {
		b.WriteString("Text output is a table, one item per line; --output json prints the page as the service\n")
		b.WriteString("sent it. With --all, --output json prints {\"list\": [every item as sent], \"count\": N}.\n\n")
	}
	if _, ok := waitOperations[op.id]; ok {
		b.WriteString(waitHelp + "\n") // wait.go
	}
	b.WriteString(globalFlagsHelp)
	b.WriteString("\n")
	b.WriteString(credentialsHelp)
	b.WriteString("\n")
	b.WriteString(exitHelp)
	_, _ = io.WriteString(w, b.String())
}

// runHelp is "dataflow help [operation]".
func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		writeTopHelp(stdout)
		return exitOK
	}
	if len(args) > 1 {
		return usageFail(stderr, "", "help takes at most one operation name")
	}
	switch args[0] {
	case "-h", "-help", "--help":
		writeTopHelp(stdout)
		return exitOK
	case "demo":
		writeDemoHelp(stdout)
		return exitOK
	case "fake-server":
		writeFakeServerHelp(stdout)
		return exitOK
	case "wait-job-execution":
		writeWaitHelp(stdout)
		return exitOK
	case "version":
		return runVersion([]string{"--help"}, stdout, stderr)
	case "help":
		writeTopHelp(stdout)
		return exitOK
	}
	op := findOperation(args[0])
	if op == nil {
		msg := fmt.Sprintf("unknown operation %q", args[0])
		if s := suggest(args[0]); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return usageFail(stderr, "", msg)
	}
	writeOperationHelp(stdout, op)
	return exitOK
}
