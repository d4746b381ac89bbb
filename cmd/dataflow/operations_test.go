package main

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// These tests call run() in-process: fast, and under the race detector.

func TestOneSubcommandPerOperation(t *testing.T) {
	var ids, names []string
	for _, op := range operations {
		ids = append(ids, op.id)
		names = append(names, op.name)
		assert.Equal(t, strings.ToLower(op.id), strings.ReplaceAll(op.name, "-", ""), "the kebab case of the operationId")
		assert.Contains(t, groups, op.group, op.name)
		assert.NotEmpty(t, op.summary, op.name)
		assert.NotNil(t, op.exec, op.name)
		if op.result == resultTrue {
			assert.NotNil(t, op.done, op.name)
		}
		assert.Equal(t, op.list, slices.ContainsFunc(op.flags, func(f flagSpec) bool { return f.name == "all" }), op.name)
	}
	slices.Sort(ids)
	assert.Equal(t, dataflowtest.OperationIDs(), ids, "every operation of openapi.yaml, and no other")
	assert.Len(t, operations, 25)
	assert.Contains(t, names, "update-job-execution-config")
}

// world is a fake with one of everything, for calling every operation.
type world struct {
	*fixture
	spareJob, execution, trigger, spareTrigger, workflow string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{fixture: newFixture(t)}
	c := w.srv.Client()
	ctx := t.Context()

	job, err := c.CreateJobWithResponse(ctx, gen.CreateJobRequest{Name: "spare_job", Type: "VISUAL"})
	require.NoError(t, err)
	require.NotNil(t, job.JSON201, string(job.Body))
	w.spareJob = job.JSON201.JobID

	exec, err := c.CreateJobExecutionWithResponse(ctx, w.spareJob, nil, gen.CreateJobExecutionRequest{})
	require.NoError(t, err)
	require.NotNil(t, exec.JSON200, string(exec.Body))
	w.execution = exec.JSON200.JobExecutionID

	for _, dst := range []*string{&w.trigger, &w.spareTrigger} {
		tr, err := c.CreateTriggerWithResponse(ctx, gen.CreateTriggerRequest{Name: "manual", Type: "NONE", TriggerRule: gen.TriggerRule{Type: "NONE"}})
		require.NoError(t, err)
		require.NotNil(t, tr.JSON201, string(tr.Body))
		*dst = tr.JSON201.TriggerID
	}

	var wf gen.CreateWorkflowRequest
	require.NoError(t, json.Unmarshal([]byte(w.ids(findOperation("createWorkflow").body.example)), &wf))
	resp, err := c.CreateWorkflowWithResponse(ctx, wf)
	require.NoError(t, err)
	require.NotNil(t, resp.JSON201, string(resp.Body))
	w.workflow = resp.JSON201.WorkflowID

	w.srv.Reset()
	return w
}

// exampleTriggerID is the trigger id of openapi.yaml's workflow examples.
const exampleTriggerID = "rWOjcWa1b2c3"

// ids puts the world's trigger in place of the one the spec's examples
// name (their job is the seed job, which every world has), and makes their
// workflows start on demand, so that execute-workflow may run them.
func (w *world) ids(s string) string {
	return strings.NewReplacer(exampleTriggerID, w.trigger, `"RECURRING"`, `"NONE"`).Replace(s)
}

// invocation returns a command line (and stdin) that calls op successfully
// in w.
func (w *world) invocation(op *operation) (args []string, stdin string) {
	day := func(d int) string { return time.Now().AddDate(0, 0, d).Format("2006-01-02T15:04:05") }
	byName := map[string][]string{
		"get-job":                     {"--job-id", seed},
		"update-job":                  {"--job-id", seed},
		"delete-job":                  {"--job-id", seed},
		"create-job-execution":        {"--job-id", seed, "--trigger-id", w.trigger, "--workflow-id", w.workflow},
		"update-job-execution-config": {"--job-id", seed, "--nrn", exampleNRN, "--script-path", "s/", "--log-path", "l/", "--num-worker", "3"},
		"get-job-executions":          {"--job-id", w.spareJob},
		"get-job-execution":           {"--job-id", w.spareJob, "--execution-id", w.execution},
		"cancel-job-execution":        {"--job-id", w.spareJob, "--execution-id", w.execution},
		"get-workflow":                {"--workflow-id", w.workflow},
		"update-workflow":             {"--workflow-id", w.workflow},
		"delete-workflow":             {"--workflow-id", w.workflow},
		"get-workflow-executions":     {"--workflow-id", w.workflow, "--filter", "workflow001"},
		"execute-workflow":            {"--workflow-id", w.workflow, "--payload", `{"cloudFunctions": {"actionName": "a", "activationId": "b"}}`},
		"get-jobs":                    {"--name", "job001", "--page", "0", "--limit", "10"},
		"get-triggers":                {"--name", "manual"},
		"get-trigger":                 {"--trigger-id", w.trigger},
		"delete-trigger":              {"--trigger-id", w.spareTrigger},
		"get-execution-result":        {"--start-date", day(-1), "--end-date", day(1)},
		"get-execution-interval":      {"--start-date", day(-1), "--end-date", day(1)},
		"get-execution-times":         {"--start-date", day(-1), "--end-date", day(1)},
	}
	args = append([]string{op.name}, byName[op.name]...)
	fieldFlags := slices.ContainsFunc(op.flags, func(f flagSpec) bool {
		return f.bodyField && slices.Contains(args, "--"+f.name)
	})
	if op.body != nil && !fieldFlags {
		args = append(args, "--cli-input-json", "-")
		stdin = w.ids(op.body.example)
	}
	return args, stdin
}

// pathPattern turns "/api/v1/jobs/{jobId}" into a regexp of request URIs.
func pathPattern(path string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(path), `[A-Za-z0-9]+`) + `(\?.*)?$`)
}

// Every subcommand sends its own operation (method and path as in the
// table), signed and valid against openapi.yaml, and prints the answer in
// both output formats.
func TestEveryOperationSendsItsOperation(t *testing.T) {
	for _, op := range operations {
		for _, output := range []string{"text", "json"} {
			t.Run(op.name+"/"+output, func(t *testing.T) {
				w := newWorld(t)
				args, stdin := w.invocation(op)
				r := w.inProcess(stdin, append(args, "--output", output)...)
				require.Equal(t, exitOK, r.code, "%v: %s", args, r)
				assert.Empty(t, r.stderr)
				require.NotEmpty(t, r.stdout)

				reqs := w.srv.Requests()
				require.Len(t, reqs, 1)
				got := reqs[0]
				assert.Equal(t, op.id, got.OperationID)
				assert.Equal(t, op.method, got.Method)
				assert.Regexp(t, pathPattern(op.path), got.URI)
				assert.NoError(t, got.SignatureErr)
				assert.NoError(t, got.ValidationErr)
				assert.True(t, got.Status >= 200 && got.Status < 300, "status %d", got.Status)
				assert.Contains(t, got.Header.Get("User-Agent"), "dataflow-cli")

				if output == "json" {
					assert.True(t, json.Valid([]byte(r.stdout)), r.stdout)
				} else {
					assert.False(t, strings.HasPrefix(r.stdout, "{"), "text, not JSON:\n%s", r.stdout)
				}
			})
		}
	}
}

func TestQueryAndHeaderParameters(t *testing.T) {
	w := newWorld(t)
	r := w.inProcess("", "get-jobs", "--name", "job 001", "--status", "RUNNABLE", "--page", "2", "--limit", "5")
	require.Equal(t, exitOK, r.code, "%s", r)
	uri := w.srv.Requests()[0].URI
	for _, q := range []string{"name=job+001", "status=RUNNABLE", "page=2", "limit=5"} {
		assert.Contains(t, uri, q)
	}

	w.srv.Reset()
	payload := `{ "cloudFunctions": { "actionName": "a", "activationId": "b" } }`
	r = w.inProcess("", "execute-workflow", "--workflow-id", w.workflow, "--payload", payload)
	require.Equal(t, exitOK, r.code, "%s", r)
	sent, err := base64.StdEncoding.DecodeString(w.srv.Requests()[0].Header.Get("X-Ncp-Dataflow-Payload"))
	require.NoError(t, err)
	assert.Equal(t, `{"cloudFunctions":{"actionName":"a","activationId":"b"}}`, string(sent), "compact JSON, base64-encoded")
	assert.Contains(t, r.stdout, "status: ACCEPTED")
}

func TestExampleBodiesDecodeStrictly(t *testing.T) {
	for _, op := range operations {
		if op.body == nil {
			continue
		}
		t.Run(op.name, func(t *testing.T) {
			require.NoError(t, decodeStrict([]byte(op.body.example), op.body.newValue()))
			assert.Contains(t, op.body.typeName, "gen.")
		})
	}
}

func TestOperationHelp(t *testing.T) {
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) {
			r := runInProcess(t, map[string]string{}, "", nil, op.name, "--help")
			require.Equal(t, exitOK, r.code, "%s", r)
			assert.Empty(t, r.stderr)
			assert.Contains(t, r.stdout, "dataflow "+op.name+": "+op.summary+"\n")
			assert.Contains(t, r.stdout, "API operation "+op.id+": "+op.method+" "+op.path+"\n")
			assert.Contains(t, r.stdout, op.synopsis())
			for _, f := range op.flags {
				assert.Contains(t, r.stdout, "  --"+f.name)
			}
			if op.body != nil {
				assert.Contains(t, r.stdout, "--cli-input-json FILE|-")
				lines := strings.Split(op.body.example, "\n")
				assert.Contains(t, r.stdout, "  "+lines[len(lines)/2]+"\n", "the example")
			}
			assert.Contains(t, r.stdout, "--profile NAME")

			same := runInProcess(t, map[string]string{}, "", nil, "help", op.id)
			assert.Equal(t, r.stdout, same.stdout, "help by operationId")
		})
	}
}

func TestOperationIDWorksAsAName(t *testing.T) {
	w := newWorld(t)
	r := w.inProcess("", "getJob", "--job-id", seed)
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Contains(t, r.stdout, "Job gqigvHa1b2c3")
}

func TestTextOutputs(t *testing.T) {
	w := newWorld(t)
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"get-job-execution", "--job-id", w.spareJob, "--execution-id", w.execution},
			[]string{"Execution " + w.execution + "  job " + w.spareJob + " (spare_job)  status=READY", "  created "}},
		{[]string{"get-job-executions", "--job-id", w.spareJob},
			[]string{"EXECUTION ID", w.execution, "1 execution (page 0, limit 1000)"}},
		{[]string{"get-workflow", "--workflow-id", w.workflow},
			[]string{"Workflow " + w.workflow + "  workflow001", "TRIGGER", "id=" + w.trigger, "JOB", "id=" + seed, "after " + w.trigger}},
		{[]string{"get-workflows"}, []string{"WORKFLOW ID", w.workflow, "1 workflow (page 0"}},
		{[]string{"get-trigger", "--trigger-id", w.trigger}, []string{"Trigger " + w.trigger + "  manual  type=NONE", "rule: NONE"}},
		{[]string{"get-triggers"}, []string{"TRIGGER ID", w.trigger, w.spareTrigger, "2 triggers"}},
		{[]string{"cancel-job-execution", "--job-id", w.spareJob, "--execution-id", w.execution},
			[]string{"Canceled execution " + w.execution + " of job " + w.spareJob + "."}},
		{[]string{"get-execution-result", "--start-date", "2020-01-01T00:00:00", "--end-date", "2020-01-02T00:00:00"},
			[]string{"totalCount: 0", "completedCount: 0", "failedCount: 0"}},
		{[]string{"get-execution-interval", "--start-date", "2020-01-01T00:00:00", "--end-date", "2020-01-03T00:00:00"},
			[]string{"result:\n  - ", "totalCount=0"}},
	}
	for _, tc := range cases {
		r := w.inProcess("", tc.args...)
		require.Equal(t, exitOK, r.code, "%v: %s", tc.args, r)
		for _, want := range tc.want {
			assert.Contains(t, r.stdout, want, "%v", tc.args)
		}
	}
}

func TestDemoInProcess(t *testing.T) {
	var out strings.Builder
	require.NoError(t, demo(t.Context(), &out))
	assert.Contains(t, out.String(), "conformed to openapi.yaml")
	assert.Contains(t, out.String(), "job001: 3 nodes, 2 edges", "the demo draws the job's graph")
}
