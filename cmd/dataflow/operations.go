package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// Groups, in help order: the spec's tags.
var groups = []string{"Jobs", "Job executions", "Workflows", "Triggers", "Stats"}

// Flags shared by several operations.
var (
	fJobID       = flagSpec{name: "job-id", metavar: "ID", usage: "the job's id", required: true, apiField: "jobId"}
	fExecutionID = flagSpec{name: "execution-id", metavar: "ID", usage: "the execution's id", required: true, apiField: "executionId"}
	fWorkflowID  = flagSpec{name: "workflow-id", metavar: "ID", usage: "the workflow's id", required: true, apiField: "workflowId"}
	fTriggerID   = flagSpec{name: "trigger-id", metavar: "ID", usage: "the trigger's id", required: true, apiField: "triggerId"}
	fPage        = flagSpec{name: "page", metavar: "N", usage: "zero-based page number (default 0)", kind: kindInt, min: intp(0), apiField: "page"}
	fLimit       = flagSpec{name: "limit", metavar: "N", usage: "page size (default 1000)", kind: kindInt, min: intp(0), apiField: "limit"}
	fAll         = flagSpec{name: "all", usage: "fetch every page from --page on and print them as one list", kind: kindBool}
	fStartDate   = flagSpec{name: "start-date", metavar: "DATE", usage: "start of the period, local time YYYY-MM-DDTHH:mm:ss", required: true, apiField: "startDate"}
	fEndDate     = flagSpec{name: "end-date", metavar: "DATE", usage: "end of the period (excluded), local time YYYY-MM-DDTHH:mm:ss", required: true, apiField: "endDate"}
)

// exampleNRN is the IAM role of the documentation's examples.
const exampleNRN = "nrn:PUB:IAM::2706412:Role/5f1c8e2a-0496-11f0-baf6-246e96591a38"

// Example bodies, from openapi.yaml's examples; the tests send each one to
// the fake.
const (
	exampleNodes = `[
    {"type": "SOURCE_OBS", "id": 1697776914576, "name": "Object Storage", "parentNodeIds": [],
     "regionNo": "1", "bucketName": "aitems", "prefix": "dataflow1", "dataType": "CSV",
     "fieldList": [{"name": "id", "type": "string", "properties": []}]},
    {"type": "TARGET_OBS", "id": 1697776914577, "name": "Object Storage", "parentNodeIds": [1697776914576],
     "regionNo": "1", "bucketName": "aitems", "prefix": "dataflow1-out", "dataType": "PARQUET",
     "updateType": "OVERWRITE", "fieldList": [{"name": "id", "type": "string", "properties": []}]}
  ]`
	exampleCreateJob = `{
  "name": "job001",
  "type": "VISUAL",
  "maxConcurrentRuns": 1,
  "jobCondition": {"numWorker": 2, "timeout": 360, "nrn": "` + exampleNRN + `",
                   "scriptPath": "dataflow-2706412-ab12/scripts/", "logPath": "dataflow-2706412-ab12/sparkHistoryLogs/"},
  "nodes": ` + exampleNodes + `
}`
	exampleVerifyJob = `{
  "name": "job001",
  "nodes": ` + exampleNodes + `
}`
	exampleUpdateJob = `{
  "type": "VISUAL",
  "name": "job002",
  "maxConcurrentRuns": 2,
  "jobCondition": {"numWorker": 4, "timeout": 120}
}`
	exampleCreateJobExecution = `{"jobCondition": {"numWorker": 4, "timeout": 120}}`
	exampleJobCondition       = `{
  "jobCondition": {
    "workerType": "DEFAULT",
    "numWorker": 2,
    "timeout": 360,
    "nrn": "` + exampleNRN + `",
    "scriptPath": "dataflow-2706412-ab12/scripts/",
    "logPath": "dataflow-2706412-ab12/sparkHistoryLogs/"
  }
}`
	exampleCreateWorkflow = `{
  "name": "workflow001",
  "isTemp": false,
  "nodes": [
    {"id": "TRIGGER_ID", "name": "manual", "type": "TRIGGER", "parentNodeIds": [], "triggerRule": "NONE"},
    {"id": "JOB_ID", "name": "job001", "type": "JOB", "parentNodeIds": ["TRIGGER_ID"],
     "jobCondition": {"numWorker": 2, "timeout": 360, "nrn": "` + exampleNRN + `",
                      "scriptPath": "dataflow-2706412-ab12/scripts/", "logPath": "dataflow-2706412-ab12/sparkHistoryLogs/"}}
  ]
}`
	exampleUpdateWorkflow = `{
  "name": "workflow002",
  "nodes": [
    {"id": "TRIGGER_ID", "name": "manual", "type": "TRIGGER", "parentNodeIds": [], "triggerRule": "NONE"},
    {"id": "JOB_ID", "name": "job001", "type": "JOB", "parentNodeIds": ["TRIGGER_ID"],
     "jobCondition": {"numWorker": 2, "timeout": 360, "nrn": "` + exampleNRN + `",
                      "scriptPath": "dataflow-2706412-ab12/scripts/", "logPath": "dataflow-2706412-ab12/sparkHistoryLogs/"}}
  ]
}`
	exampleCreateTrigger = `{
  "name": "weekly",
  "type": "SCHEDULED",
  "triggerRule": {"type": "RECURRING", "interval": "WEEK", "time": "09:00", "dayOfWeek": ["MONDAY", "THURSDAY"]}
}`
)

// checkPayload accepts --payload: a JSON object, which is sent base64-encoded
// in the x-ncp-dataflow-payload header.
func checkPayload(s string) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &obj); err != nil || obj == nil {
		return errors.New(`not a JSON object such as {"cloudFunctions":{"actionName":"a","activationId":"b"}}`)
	}
	return nil
}

func compactJSON(s string) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return []byte(s)
	}
	return b.Bytes()
}

// operations is every operation of openapi.yaml, in the spec's order.
var operations = named([]*operation{
	// Jobs
	{
		id: "getJobs", group: "Jobs", method: "GET", path: "/api/v1/jobs", summary: "List jobs",
		flags: []flagSpec{
			{name: "name", metavar: "NAME", usage: "only jobs with this name"},
			{name: "status", metavar: "STATUS", usage: "only jobs in this status (older API: RUNNABLE, RUNNING, DRAFT, …)"},
			fPage, fLimit, fAll,
		},
		list: true, result: resultJobList,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetJobs(ctx, &gen.GetJobsParams{Name: in.strp("name"), Status: in.strp("status"), Page: in.intp("page"), Limit: in.intp("limit")})
			return err
		},
	},
	{
		id: "createJob", group: "Jobs", method: "POST", path: "/api/v1/jobs", summary: "Create a job",
		body:   &bodySpec{typeName: "gen.CreateJobRequest", newValue: func() any { return new(gen.CreateJobRequest) }, required: true, example: exampleCreateJob},
		result: resultJob,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.CreateJob(ctx, *bodyOf[gen.CreateJobRequest](in))
			return err
		},
	},
	{
		id: "verifyJob", group: "Jobs", method: "POST", path: "/api/v1/jobs/verify", summary: "Check a job's name and nodes without saving them",
		body:   &bodySpec{typeName: "gen.VerifyJobRequest", newValue: func() any { return new(gen.VerifyJobRequest) }, required: true, example: exampleVerifyJob},
		result: resultTrue,
		done:   func(*input) string { return "The job is valid." },
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			return c.VerifyJob(ctx, *bodyOf[gen.VerifyJobRequest](in))
		},
	},
	{
		id: "getJob", group: "Jobs", method: "GET", path: "/api/v1/jobs/{jobId}", summary: "Get a job",
		flags:  []flagSpec{fJobID},
		result: resultJob,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetJob(ctx, in.str("job-id"))
			return err
		},
	},
	{
		id: "updateJob", group: "Jobs", method: "PATCH", path: "/api/v1/jobs/{jobId}", summary: "Edit a job's name, type, concurrency, options or nodes",
		flags:  []flagSpec{fJobID},
		body:   &bodySpec{typeName: "gen.UpdateJobRequest", newValue: func() any { return new(gen.UpdateJobRequest) }, required: true, example: exampleUpdateJob},
		result: resultJob,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.UpdateJob(ctx, in.str("job-id"), *bodyOf[gen.UpdateJobRequest](in))
			return err
		},
	},
	{
		id: "deleteJob", group: "Jobs", method: "DELETE", path: "/api/v1/jobs/{jobId}", summary: "Delete a job",
		flags:  []flagSpec{fJobID},
		result: resultTrue,
		done:   func(in *input) string { return fmt.Sprintf("Deleted job %s.", in.str("job-id")) },
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			return c.DeleteJob(ctx, in.str("job-id"))
		},
	},

	// Job executions
	{
		id: "getJobExecutions", group: "Job executions", method: "GET", path: "/api/v1/jobs/{jobId}/executions", summary: "List a job's executions",
		flags: []flagSpec{fJobID, fPage, fLimit, fAll},
		list:  true, result: resultExecutionList,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetJobExecutions(ctx, in.str("job-id"), &gen.GetJobExecutionsParams{Page: in.intp("page"), Limit: in.intp("limit")})
			return err
		},
	},
	{
		id: "createJobExecution", group: "Job executions", method: "POST", path: "/api/v1/jobs/{jobId}/executions", summary: "Run a job (with its stored options unless a body says otherwise)",
		flags: []flagSpec{
			fJobID,
			{name: "trigger-id", metavar: "ID", usage: "the trigger on whose behalf the job runs"},
			{name: "workflow-id", metavar: "ID", usage: "the workflow on whose behalf the job runs"},
		},
		body:   &bodySpec{typeName: "gen.CreateJobExecutionRequest", newValue: func() any { return new(gen.CreateJobExecutionRequest) }, example: exampleCreateJobExecution},
		result: resultExecution,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			var params *gen.CreateJobExecutionParams
			if in.given("trigger-id") || in.given("workflow-id") {
				params = &gen.CreateJobExecutionParams{TriggerID: in.strp("trigger-id"), WorkflowID: in.strp("workflow-id")}
			}
			_, err := c.CreateJobExecution(ctx, in.str("job-id"), params, *bodyOf[gen.CreateJobExecutionRequest](in))
			return err
		},
	},
	{
		id: "updateJobExecutionConfig", group: "Job executions", method: "PUT", path: "/api/v1/jobs/{jobId}/executions", summary: "Edit a job's execution options",
		flags: []flagSpec{
			fJobID,
			{name: "nrn", metavar: "NRN", usage: "IAM role NRN the job runs as", required: true, bodyField: true, apiField: "jobCondition.nrn"},
			{name: "script-path", metavar: "PATH", usage: "where the job's scripts are stored, bucket/prefix/", required: true, bodyField: true, apiField: "jobCondition.scriptPath"},
			{name: "log-path", metavar: "PATH", usage: "where the Spark history logs go, bucket/prefix/", required: true, bodyField: true, apiField: "jobCondition.logPath"},
			{name: "worker-type", metavar: "T", usage: "worker type (older accounts: DEFAULT)", bodyField: true},
			{name: "num-worker", metavar: "N", usage: "number of workers, 2 to 10", kind: kindInt, bodyField: true, apiField: "jobCondition.numWorker"},
			{name: "timeout", metavar: "MINUTES", usage: "execution timeout in minutes, 1 to 1440", kind: kindInt, bodyField: true, apiField: "jobCondition.timeout"},
		},
		body:   &bodySpec{typeName: "gen.UpdateJobExecutionConfigRequest", newValue: func() any { return new(gen.UpdateJobExecutionConfigRequest) }, required: true, example: exampleJobCondition},
		result: resultJob,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.UpdateJobExecutionConfig(ctx, in.str("job-id"), jobConditionOf(in))
			return err
		},
	},
	{
		id: "getJobExecution", group: "Job executions", method: "GET", path: "/api/v1/jobs/{jobId}/executions/{executionId}", summary: "Get a job execution",
		flags:  []flagSpec{fJobID, fExecutionID},
		result: resultExecution,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetJobExecution(ctx, in.str("job-id"), in.str("execution-id"))
			return err
		},
	},
	{
		id: "cancelJobExecution", group: "Job executions", method: "POST", path: "/api/v1/jobs/{jobId}/executions/{executionId}/cancel", summary: "Cancel a job execution",
		flags:  []flagSpec{fJobID, fExecutionID},
		result: resultTrue,
		done: func(in *input) string {
			return fmt.Sprintf("Canceled execution %s of job %s.", in.str("execution-id"), in.str("job-id"))
		},
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			return c.CancelJobExecution(ctx, in.str("job-id"), in.str("execution-id"))
		},
	},

	// Workflows
	{
		id: "getWorkflows", group: "Workflows", method: "GET", path: "/api/v1/workflows", summary: "List workflows",
		flags: []flagSpec{fPage, fLimit, fAll},
		list:  true, result: resultWorkflowList,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetWorkflows(ctx, &gen.GetWorkflowsParams{Page: in.intp("page"), Limit: in.intp("limit")})
			return err
		},
	},
	{
		id: "createWorkflow", group: "Workflows", method: "POST", path: "/api/v1/workflows", summary: "Create a workflow",
		body:   &bodySpec{typeName: "gen.CreateWorkflowRequest", newValue: func() any { return new(gen.CreateWorkflowRequest) }, required: true, example: exampleCreateWorkflow},
		result: resultWorkflow,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.CreateWorkflow(ctx, *bodyOf[gen.CreateWorkflowRequest](in))
			return err
		},
	},
	{
		id: "getWorkflow", group: "Workflows", method: "GET", path: "/api/v1/workflows/{workflowId}", summary: "Get a workflow",
		flags:  []flagSpec{fWorkflowID},
		result: resultWorkflow,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetWorkflow(ctx, in.str("workflow-id"))
			return err
		},
	},
	{
		id: "updateWorkflow", group: "Workflows", method: "PUT", path: "/api/v1/workflows/{workflowId}", summary: "Replace a workflow's name and nodes",
		flags:  []flagSpec{fWorkflowID},
		body:   &bodySpec{typeName: "gen.UpdateWorkflowRequest", newValue: func() any { return new(gen.UpdateWorkflowRequest) }, required: true, example: exampleUpdateWorkflow},
		result: resultWorkflow,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.UpdateWorkflow(ctx, in.str("workflow-id"), *bodyOf[gen.UpdateWorkflowRequest](in))
			return err
		},
	},
	{
		id: "deleteWorkflow", group: "Workflows", method: "DELETE", path: "/api/v1/workflows/{workflowId}", summary: "Delete a workflow",
		flags:  []flagSpec{fWorkflowID},
		result: resultTrue,
		done:   func(in *input) string { return fmt.Sprintf("Deleted workflow %s.", in.str("workflow-id")) },
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			return c.DeleteWorkflow(ctx, in.str("workflow-id"))
		},
	},
	{
		id: "getWorkflowExecutions", group: "Workflows", method: "GET", path: "/api/v1/workflows/{workflowId}/executions", summary: "List the executions a workflow started",
		flags: []flagSpec{fWorkflowID, {name: "filter", metavar: "NAME", usage: "only executions of workflows with this name"}, fPage, fLimit, fAll},
		list:  true, result: resultExecutionList,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetWorkflowExecutions(ctx, in.str("workflow-id"), &gen.GetWorkflowExecutionsParams{Filter: in.strp("filter"), Page: in.intp("page"), Limit: in.intp("limit")})
			return err
		},
	},
	{
		id: "executeWorkflow", group: "Workflows", method: "POST", path: "/api/v1/workflows/{workflowId}/executions", summary: "Run a workflow",
		flags: []flagSpec{
			fWorkflowID,
			{name: "payload", metavar: "JSON", usage: "a JSON object naming the caller, sent base64-encoded as x-ncp-dataflow-payload", check: checkPayload},
		},
		result: resultGeneric,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			var params *gen.ExecuteWorkflowParams
			if p := in.strp("payload"); p != nil {
				b := compactJSON(*p)
				params = &gen.ExecuteWorkflowParams{XNcpDataflowPayload: &b}
			}
			_, err := c.ExecuteWorkflow(ctx, in.str("workflow-id"), params)
			return err
		},
	},

	// Triggers
	{
		id: "getTriggers", group: "Triggers", method: "GET", path: "/api/v1/triggers", summary: "List triggers",
		flags: []flagSpec{{name: "name", metavar: "NAME", usage: "only triggers with this name"}, fPage, fLimit, fAll},
		list:  true, result: resultTriggerList,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetTriggers(ctx, &gen.GetTriggersParams{Name: in.strp("name"), Page: in.intp("page"), Limit: in.intp("limit")})
			return err
		},
	},
	{
		id: "createTrigger", group: "Triggers", method: "POST", path: "/api/v1/triggers", summary: "Create a trigger",
		body:   &bodySpec{typeName: "gen.CreateTriggerRequest", newValue: func() any { return new(gen.CreateTriggerRequest) }, required: true, example: exampleCreateTrigger},
		result: resultTrigger,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.CreateTrigger(ctx, *bodyOf[gen.CreateTriggerRequest](in))
			return err
		},
	},
	{
		id: "getTrigger", group: "Triggers", method: "GET", path: "/api/v1/triggers/{triggerId}", summary: "Get a trigger",
		flags:  []flagSpec{fTriggerID},
		result: resultTrigger,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetTrigger(ctx, in.str("trigger-id"))
			return err
		},
	},
	{
		id: "deleteTrigger", group: "Triggers", method: "DELETE", path: "/api/v1/triggers/{triggerId}", summary: "Delete a trigger",
		flags:  []flagSpec{fTriggerID},
		result: resultTrue,
		done:   func(in *input) string { return fmt.Sprintf("Deleted trigger %s.", in.str("trigger-id")) },
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			return c.DeleteTrigger(ctx, in.str("trigger-id"))
		},
	},

	// Stats
	{
		id: "getExecutionResult", group: "Stats", method: "GET", path: "/api/v1/stats/executions", summary: "Count executions in a period by result",
		flags:  []flagSpec{fStartDate, fEndDate},
		result: resultGeneric,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetExecutionResult(ctx, gen.GetExecutionResultParams{StartDate: in.str("start-date"), EndDate: in.str("end-date")})
			return err
		},
	},
	{
		id: "getExecutionInterval", group: "Stats", method: "GET", path: "/api/v1/stats/executions-interval", summary: "Count executions per day",
		flags:  []flagSpec{fStartDate, fEndDate},
		result: resultGeneric,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetExecutionInterval(ctx, gen.GetExecutionIntervalParams{StartDate: in.str("start-date"), EndDate: in.str("end-date")})
			return err
		},
	},
	{
		id: "getExecutionTimes", group: "Stats", method: "GET", path: "/api/v1/stats/executions-times", summary: "Execution counts over time",
		flags:  []flagSpec{fStartDate, fEndDate},
		result: resultGeneric,
		exec: func(ctx context.Context, c *dataflow.Client, in *input) error {
			_, err := c.GetExecutionTimes(ctx, gen.GetExecutionTimesParams{StartDate: in.str("start-date"), EndDate: in.str("end-date")})
			return err
		},
	},
})

// named sets each operation's command name from its operationId and
// applies the customisations keyed by operationId.
func named(ops []*operation) []*operation {
	for _, op := range ops {
		op.name = kebab(op.id)
		customise(op)
	}
	return ops
}

// jobConditionOf builds updateJobExecutionConfig's options from
// --cli-input-json or from the field flags.
func jobConditionOf(in *input) gen.JobCondition {
	if in.body != nil {
		return bodyOf[gen.UpdateJobExecutionConfigRequest](in).JobCondition
	}
	return gen.JobCondition{
		Nrn:        in.str("nrn"),
		ScriptPath: in.str("script-path"),
		LogPath:    in.str("log-path"),
		WorkerType: in.strp("worker-type"),
		NumWorker:  in.intp("num-worker"),
		Timeout:    in.intp("timeout"),
	}
}
