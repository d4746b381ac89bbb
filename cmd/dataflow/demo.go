package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"text/tabwriter"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// exampleNRN is the IAM role of the documentation's examples, which the demo
// uses because the seed job has none.
const exampleNRN = "nrn:PUB:IAM::2706412:Role/5f1c8e2a-0496-11f0-baf6-246e96591a38"

func writeDemoHelp(w io.Writer) {
	_, _ = io.WriteString(w, `Usage: dataflow demo

Runs the main job, editing a job's execution options, with no account, no keys
and no network: it starts the fake Data Flow of package dataflowtest in this
process (on 127.0.0.1, with throwaway keys), then
  1. shows the job as the fake holds it (getJob), and its node graph,
  2. edits its execution options through the real signed client
     (updateJobExecutionConfig) and shows the signed request, keys shortened,
  3. shows the job as returned,
  4. checks that every request and response conformed to openapi.yaml and
     that every signature was valid.
Exit status 0 when all of that held, 1 otherwise.
`)
}

// runDemo is "dataflow demo".
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeDemoHelp(stdout)
			return exitOK
		}
		return usageFail(stderr, "demo", flagError(err))
	}
	if fs.NArg() > 0 {
		return usageFail(stderr, "demo", fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	if err := demo(ctx, stdout); err != nil {
		fmt.Fprintf(stderr, "dataflow: demo: FAILED: %s\n", oneLine(err.Error()))
		return exitError
	}
	return exitOK
}

// demo runs the demo against a new fake; opts configure the fake (tests fix
// its keys).
func demo(ctx context.Context, w io.Writer, opts ...dataflowtest.Option) error {
	srv := dataflowtest.NewServer(opts...)
	defer srv.Close()

	// The request hook prints only while showing is set: step 2's request.
	var showing atomic.Bool
	d := &debugPrinter{w: w, indent: "      "}
	client, err := dataflow.New(
		dataflow.WithEndpoint(srv.URL),
		dataflow.WithStaticCredentials(srv.AccessKey, srv.SecretKey),
		dataflow.WithUserAgent("dataflow-cli"),
		dataflow.WithRequestHook(func(req *http.Request, attempt int) {
			if showing.Load() {
				d.request(req, attempt)
			}
		}),
		dataflow.WithResponseHook(func(a *dataflow.Attempt) {
			if showing.Load() {
				d.response(a)
			}
		}),
	)
	if err != nil {
		return err
	}
	jobID := dataflowtest.SeedJobID

	fmt.Fprintf(w, "dataflow demo: edit a job's execution options, offline. A fake Data Flow (package dataflowtest)\n")
	fmt.Fprintf(w, "runs in this process at %s with throwaway keys; it checks every signature and\n", srv.URL)
	fmt.Fprintf(w, "validates every request and response against openapi.yaml.\n\n")

	// 1. The job as the fake holds it.
	fmt.Fprintf(w, "[1/4] The job as the fake holds it: dataflow get-job --job-id %s\n", jobID)
	before, err := client.GetJob(ctx, jobID)
	if err != nil {
		return err
	}
	summary := *before
	summary.Nodes = nil // drawn below instead of listed
	writeJob(w, &summary)
	fmt.Fprintf(w, "  Its nodes (--output graph; --output mermaid and --output dot write them for documents):\n")
	writeGraph(w, before)

	// 2. Edit its execution options, showing the signed request.
	old := before.RunCondition
	if old == nil {
		old = &gen.RunCondition{}
	}
	cond := gen.JobCondition{
		// The seed's nrn is empty, and this call requires one: use the
		// documentation's example role.
		Nrn:        exampleNRN,
		ScriptPath: str(old.ScriptPath),
		LogPath:    str(old.LogPath),
		NumWorker:  dataflow.Ptr(4),
		Timeout:    dataflow.Ptr(120),
	}
	fmt.Fprintf(w, "\n[2/4] Give it 4 workers and a 120-minute timeout (operation updateJobExecutionConfig):\n")
	fmt.Fprintf(w, "      dataflow update-job-execution-config --job-id %s --num-worker 4 --timeout 120 \\\n", jobID)
	fmt.Fprintf(w, "        --nrn %s \\\n", cond.Nrn)
	fmt.Fprintf(w, "        --script-path %s --log-path %s\n", cond.ScriptPath, cond.LogPath)
	fmt.Fprintf(w, "      (the call needs an IAM role NRN; the seed job has none, so the demo uses the docs' example)\n")
	fmt.Fprintf(w, "      The signed request and the answer (access key and signature shortened; the secret is never sent):\n")
	showing.Store(true)
	after, err := client.UpdateJobExecutionConfig(ctx, jobID, cond)
	showing.Store(false)
	if err != nil {
		return err
	}

	// 3. The job as returned.
	fmt.Fprintf(w, "\n[3/4] The job as returned: %s\n", strings.Join(conditionChanges(old, after.RunCondition), ", "))
	writeJob(w, after)
	if rc := after.RunCondition; rc == nil || rc.NumWorker == nil || *rc.NumWorker != 4 || rc.Timeout == nil || *rc.Timeout != 120 {
		return errors.New("the returned job does not have the new options")
	}

	// 4. What the fake saw.
	fmt.Fprintf(w, "\n[4/4] What the fake checked\n")
	reqs := srv.Requests()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range reqs {
		switch {
		case r.SignatureErr != nil:
			return fmt.Errorf("%s %s: bad signature: %w", r.Method, r.URI, r.SignatureErr)
		case r.ValidationErr != nil:
			return fmt.Errorf("%s %s: request does not conform to openapi.yaml: %w", r.Method, r.URI, r.ValidationErr)
		case r.Fault || r.Status < 200 || r.Status > 299:
			return fmt.Errorf("%s %s: answered %d", r.Method, r.URI, r.Status)
		}
		fmt.Fprintf(tw, "      %s %s\t%s\t%d\tsignature, request and response valid\n", r.Method, r.URI, r.OperationID, r.Status)
	}
	tw.Flush()
	if errs := srv.Errors(); len(errs) > 0 {
		return fmt.Errorf("a response does not conform to openapi.yaml: %w", errors.Join(errs...))
	}
	if len(reqs) != 2 {
		return fmt.Errorf("the fake received %d requests, want 2", len(reqs))
	}
	fmt.Fprintf(w, "OK: request and response conformed to openapi.yaml (%d requests, signatures valid).\n\n", len(reqs))
	fmt.Fprintf(w, "Next: set NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY (or write ~/.ncloud/configure)\n")
	fmt.Fprintf(w, "and run 'dataflow get-jobs' against the real service; 'dataflow --help' lists every operation.\n")
	return nil
}

// conditionChanges describes how the execution options changed:
// "numWorker 2 → 4".
func conditionChanges(before, after *gen.RunCondition) []string {
	if after == nil {
		return []string{"no execution options returned"}
	}
	if before == nil {
		before = &gen.RunCondition{}
	}
	intText := func(p *int) string {
		if p == nil {
			return "unset"
		}
		return strconv.Itoa(*p)
	}
	strText := func(p *string) string {
		if p == nil {
			return "unset"
		}
		if *p == "" {
			return `""`
		}
		return *p
	}
	var out []string
	for _, c := range []struct{ name, old, new string }{
		{"workerType", strText(before.WorkerType), strText(after.WorkerType)},
		{"numWorker", intText(before.NumWorker), intText(after.NumWorker)},
		{"timeout", intText(before.Timeout), intText(after.Timeout)},
		{"nrn", strText(before.Nrn), strText(after.Nrn)},
		{"scriptPath", strText(before.ScriptPath), strText(after.ScriptPath)},
		{"logPath", strText(before.LogPath), strText(after.LogPath)},
	} {
		if c.old != c.new {
			if c.name == "nrn" {
				out = append(out, "nrn set")
				continue
			}
			out = append(out, fmt.Sprintf("%s %s → %s", c.name, c.old, c.new))
		}
	}
	if len(out) == 0 {
		return []string{"unchanged"}
	}
	return out
}
