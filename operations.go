package dataflow

import (
	"context"
	"net/http"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// Each method below is one Data Flow operation, named after its operationId
// in openapi.yaml. It checks its arguments before sending anything
// (*InputError), and returns the decoded 2xx body, an *APIError for any
// answer that is not a success, or an *OperationError when no answer came.

// GetJobs lists one page of jobs (getJobs). See AllJobs for every page.
func (c *Client) GetJobs(ctx context.Context, params *gen.GetJobsParams) (*gen.JobList, error) {
	ck := checker{op: "getJobs"}
	if params != nil {
		ck.page(params.Page, params.Limit)
	}
	return checked[gen.JobList](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetJobs(ctx, params)
	})
}

// CreateJob creates a job (createJob).
func (c *Client) CreateJob(ctx context.Context, body gen.CreateJobRequest) (*gen.Job, error) {
	ck := checker{op: "createJob"}
	ck.name("name", body.Name)
	ck.required("type", body.Type)
	ck.positive("maxConcurrentRuns", body.MaxConcurrentRuns)
	ck.options("jobCondition", body.JobCondition)
	ck.nodes("nodes", body.Nodes)
	ck.nodeGraph("nodes", body.Nodes)
	return checked[gen.Job](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.CreateJob(ctx, body)
	})
}

// VerifyJob checks a job's name and nodes without saving them (verifyJob).
// A nil error means the service answered true.
func (c *Client) VerifyJob(ctx context.Context, body gen.VerifyJobRequest) error {
	ck := checker{op: "verifyJob"}
	ck.required("name", body.Name)
	ck.nodes("nodes", &body.Nodes)
	ck.nodeGraph("nodes", &body.Nodes)
	return checkedTrue(ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.VerifyJob(ctx, body)
	})
}

// GetJob returns one job (getJob).
func (c *Client) GetJob(ctx context.Context, jobID string) (*gen.Job, error) {
	ck := checker{op: "getJob"}
	ck.id("jobId", jobID)
	return checked[gen.Job](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetJob(ctx, jobID)
	})
}

// UpdateJob changes a job's name, type, concurrency or options (updateJob,
// PATCH).
func (c *Client) UpdateJob(ctx context.Context, jobID string, body gen.UpdateJobRequest) (*gen.Job, error) {
	ck := checker{op: "updateJob"}
	ck.id("jobId", jobID)
	ck.required("type", body.Type)
	if body.Name != nil {
		ck.name("name", *body.Name)
	}
	ck.positive("maxConcurrentRuns", body.MaxConcurrentRuns)
	ck.options("jobCondition", body.JobCondition)
	ck.nodes("nodes", body.Nodes)
	ck.nodeGraph("nodes", body.Nodes)
	return checked[gen.Job](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.UpdateJob(ctx, jobID, body)
	})
}

// DeleteJob deletes a job (deleteJob).
func (c *Client) DeleteJob(ctx context.Context, jobID string) error {
	ck := checker{op: "deleteJob"}
	ck.id("jobId", jobID)
	return checkedTrue(ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.DeleteJob(ctx, jobID)
	})
}

// CreateJobExecution runs a job (createJobExecution). params may be nil;
// an empty body runs it with its stored options. POST is not retried unless
// the client's policy says RetryNonIdempotent.
func (c *Client) CreateJobExecution(ctx context.Context, jobID string, params *gen.CreateJobExecutionParams, body gen.CreateJobExecutionRequest) (*gen.JobExecution, error) {
	ck := checker{op: "createJobExecution"}
	ck.id("jobId", jobID)
	ck.options("jobCondition", body.JobCondition)
	return checked[gen.JobExecution](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.CreateJobExecution(ctx, jobID, params, body)
	})
}

// UpdateJobExecutionConfig replaces a job's execution options and returns
// the job (updateJobExecutionConfig). The job reports them back as
// RunCondition.
func (c *Client) UpdateJobExecutionConfig(ctx context.Context, jobID string, cond gen.JobCondition) (*gen.Job, error) {
	ck := checker{op: "updateJobExecutionConfig"}
	ck.id("jobId", jobID)
	ck.jobCondition("jobCondition", cond)
	return checked[gen.Job](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.UpdateJobExecutionConfig(ctx, jobID, gen.UpdateJobExecutionConfigRequest{JobCondition: cond})
	})
}

// GetJobExecutions lists one page of a job's executions (getJobExecutions).
func (c *Client) GetJobExecutions(ctx context.Context, jobID string, params *gen.GetJobExecutionsParams) (*gen.JobExecutionList, error) {
	ck := checker{op: "getJobExecutions"}
	ck.id("jobId", jobID)
	if params != nil {
		ck.page(params.Page, params.Limit)
	}
	return checked[gen.JobExecutionList](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetJobExecutions(ctx, jobID, params)
	})
}

// GetJobExecution returns one execution (getJobExecution).
func (c *Client) GetJobExecution(ctx context.Context, jobID, executionID string) (*gen.JobExecution, error) {
	ck := checker{op: "getJobExecution"}
	ck.id("jobId", jobID)
	ck.id("executionId", executionID)
	return checked[gen.JobExecution](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetJobExecution(ctx, jobID, executionID)
	})
}

// CancelJobExecution cancels a running execution (cancelJobExecution).
func (c *Client) CancelJobExecution(ctx context.Context, jobID, executionID string) error {
	ck := checker{op: "cancelJobExecution"}
	ck.id("jobId", jobID)
	ck.id("executionId", executionID)
	return checkedTrue(ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.CancelJobExecution(ctx, jobID, executionID)
	})
}

// GetWorkflows lists one page of workflows (getWorkflows).
func (c *Client) GetWorkflows(ctx context.Context, params *gen.GetWorkflowsParams) (*gen.WorkflowList, error) {
	ck := checker{op: "getWorkflows"}
	if params != nil {
		ck.page(params.Page, params.Limit)
	}
	return checked[gen.WorkflowList](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetWorkflows(ctx, params)
	})
}

// CreateWorkflow creates a workflow (createWorkflow).
func (c *Client) CreateWorkflow(ctx context.Context, body gen.CreateWorkflowRequest) (*gen.Workflow, error) {
	ck := checker{op: "createWorkflow"}
	ck.name("name", body.Name)
	ck.workflowNodes("nodes", body.Nodes)
	return checked[gen.Workflow](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.CreateWorkflow(ctx, body)
	})
}

// GetWorkflow returns one workflow (getWorkflow).
func (c *Client) GetWorkflow(ctx context.Context, workflowID string) (*gen.Workflow, error) {
	ck := checker{op: "getWorkflow"}
	ck.id("workflowId", workflowID)
	return checked[gen.Workflow](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetWorkflow(ctx, workflowID)
	})
}

// UpdateWorkflow replaces a workflow's name and nodes (updateWorkflow).
func (c *Client) UpdateWorkflow(ctx context.Context, workflowID string, body gen.UpdateWorkflowRequest) (*gen.Workflow, error) {
	ck := checker{op: "updateWorkflow"}
	ck.id("workflowId", workflowID)
	ck.name("name", body.Name)
	ck.workflowNodes("nodes", body.Nodes)
	return checked[gen.Workflow](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.UpdateWorkflow(ctx, workflowID, body)
	})
}

// DeleteWorkflow deletes a workflow (deleteWorkflow).
func (c *Client) DeleteWorkflow(ctx context.Context, workflowID string) error {
	ck := checker{op: "deleteWorkflow"}
	ck.id("workflowId", workflowID)
	return checkedTrue(ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.DeleteWorkflow(ctx, workflowID)
	})
}

// GetWorkflowExecutions lists one page of the executions a workflow started
// (getWorkflowExecutions).
func (c *Client) GetWorkflowExecutions(ctx context.Context, workflowID string, params *gen.GetWorkflowExecutionsParams) (*gen.JobExecutionList, error) {
	ck := checker{op: "getWorkflowExecutions"}
	ck.id("workflowId", workflowID)
	if params != nil {
		ck.page(params.Page, params.Limit)
	}
	return checked[gen.JobExecutionList](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetWorkflowExecutions(ctx, workflowID, params)
	})
}

// ExecuteWorkflow starts a workflow (executeWorkflow); the service answers
// 202 once it has accepted the run. params may be nil.
func (c *Client) ExecuteWorkflow(ctx context.Context, workflowID string, params *gen.ExecuteWorkflowParams) (*gen.WorkflowExecutionAccepted, error) {
	ck := checker{op: "executeWorkflow"}
	ck.id("workflowId", workflowID)
	return checked[gen.WorkflowExecutionAccepted](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.ExecuteWorkflow(ctx, workflowID, params)
	})
}

// GetTriggers lists one page of triggers (getTriggers).
func (c *Client) GetTriggers(ctx context.Context, params *gen.GetTriggersParams) (*gen.TriggerList, error) {
	ck := checker{op: "getTriggers"}
	if params != nil {
		ck.page(params.Page, params.Limit)
	}
	return checked[gen.TriggerList](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetTriggers(ctx, params)
	})
}

// CreateTrigger creates a trigger (createTrigger).
func (c *Client) CreateTrigger(ctx context.Context, body gen.CreateTriggerRequest) (*gen.Trigger, error) {
	ck := checker{op: "createTrigger"}
	ck.name("name", body.Name)
	if !body.Type.Valid() {
		ck.fail("type", "must be SCHEDULED, EVENT or NONE (got %q)", body.Type)
	}
	ck.triggerRule("triggerRule", body.TriggerRule)
	return checked[gen.Trigger](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.CreateTrigger(ctx, body)
	})
}

// GetTrigger returns one trigger (getTrigger).
func (c *Client) GetTrigger(ctx context.Context, triggerID string) (*gen.Trigger, error) {
	ck := checker{op: "getTrigger"}
	ck.id("triggerId", triggerID)
	return checked[gen.Trigger](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetTrigger(ctx, triggerID)
	})
}

// DeleteTrigger deletes a trigger (deleteTrigger).
func (c *Client) DeleteTrigger(ctx context.Context, triggerID string) error {
	ck := checker{op: "deleteTrigger"}
	ck.id("triggerId", triggerID)
	return checkedTrue(ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.DeleteTrigger(ctx, triggerID)
	})
}

// GetExecutionResult counts executions in a period by result
// (getExecutionResult). Dates are local, without a zone: 2025-03-19T00:00:00.
func (c *Client) GetExecutionResult(ctx context.Context, params gen.GetExecutionResultParams) (*gen.ExecutionResult, error) {
	ck := checker{op: "getExecutionResult"}
	ck.period(params.StartDate, params.EndDate)
	return checked[gen.ExecutionResult](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetExecutionResult(ctx, &params)
	})
}

// GetExecutionInterval counts executions per day (getExecutionInterval).
func (c *Client) GetExecutionInterval(ctx context.Context, params gen.GetExecutionIntervalParams) (*gen.ExecutionInterval, error) {
	ck := checker{op: "getExecutionInterval"}
	ck.period(params.StartDate, params.EndDate)
	return checked[gen.ExecutionInterval](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetExecutionInterval(ctx, &params)
	})
}

// GetExecutionTimes returns execution counts over time (getExecutionTimes).
func (c *Client) GetExecutionTimes(ctx context.Context, params gen.GetExecutionTimesParams) (*gen.ExecutionTimes, error) {
	ck := checker{op: "getExecutionTimes"}
	ck.period(params.StartDate, params.EndDate)
	return checked[gen.ExecutionTimes](ctx, &ck, func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetExecutionTimes(ctx, &params)
	})
}
