package contract_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// operationCases has one case per operationId of openapi.yaml. Each sends a
// request built by the generated client through the checking doer (so the
// request and the response are validated against the spec), and checks that
// the typed result holds what the fake holds.
var operationCases = map[string]func(t *testing.T, e *env){
	"getJobs": func(t *testing.T, e *env) {
		job := e.createJob(t, "etl_daily")
		resp, err := e.client.GetJobsWithResponse(ctx, &gen.GetJobsParams{Name: ptr("daily"), Page: ptr(0), Limit: ptr(10)})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		require.Len(t, resp.JSON200.List, 1)
		sameJSON(t, e.job(t, job.JobID), resp.JSON200.List[0])
		assert.Equal(t, 1, *resp.JSON200.Count)
		assert.Equal(t, 10, *resp.JSON200.Limit)
	},
	"createJob": func(t *testing.T, e *env) {
		job := e.createJob(t, "job_created")
		sameJSON(t, e.job(t, job.JobID), job)
		assert.Equal(t, "job_created", job.Name)
		assert.Equal(t, "VISUAL", *job.Type)
		assert.Equal(t, 4, *job.RunCondition.NumWorker)
		require.Len(t, *job.Nodes, 4)
		kind, err := (*job.Nodes)[3].Discriminator()
		require.NoError(t, err)
		assert.Equal(t, "TRANSFORM_SQL", kind)
		sql, err := (*job.Nodes)[3].AsTransformSQLNode()
		require.NoError(t, err)
		assert.Equal(t, "SELECT * FROM src", sql.SQL)
		assert.Equal(t, "broadcast", sql.AdditionalProperties["hint"], "undocumented node fields survive")
	},
	"verifyJob": func(t *testing.T, e *env) {
		resp, err := e.client.VerifyJobWithResponse(ctx, gen.VerifyJobJSONRequestBody{Name: "job001", Nodes: pipeline(t)})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		assert.True(t, *resp.JSON200)
	},
	"getJob": func(t *testing.T, e *env) {
		resp, err := e.client.GetJobWithResponse(ctx, dataflowtest.SeedJobID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		sameJSON(t, e.job(t, dataflowtest.SeedJobID), *resp.JSON200)
		assert.Equal(t, "job001", resp.JSON200.Name)
		assert.Equal(t, 2880, *resp.JSON200.RunCondition.Timeout)
	},
	"updateJob": func(t *testing.T, e *env) {
		resp, err := e.client.UpdateJobWithResponse(ctx, dataflowtest.SeedJobID, gen.UpdateJobJSONRequestBody{
			Type: "SCRIPT", Name: ptr("job001_renamed"), MaxConcurrentRuns: ptr(3),
			JobCondition: &gen.JobConditionOptions{Parameters: &gen.ScriptParameters{"date": "2025-03-20"}},
		})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		sameJSON(t, e.job(t, dataflowtest.SeedJobID), *resp.JSON200)
		assert.Equal(t, "job001_renamed", resp.JSON200.Name)
		assert.Equal(t, 3, *resp.JSON200.MaxConcurrentRuns)
		assert.Equal(t, map[string]string{"date": "2025-03-20"}, *resp.JSON200.RunCondition.Parameters)
	},
	"deleteJob": func(t *testing.T, e *env) {
		job := e.createJob(t, "job_to_delete")
		resp, err := e.client.DeleteJobWithResponse(ctx, job.JobID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		assert.True(t, *resp.JSON200)
		_, found := e.srv.Job(job.JobID)
		assert.False(t, found)
	},
	"getJobExecutions": func(t *testing.T, e *env) {
		a, b := e.run(t, dataflowtest.SeedJobID), e.run(t, dataflowtest.SeedJobID)
		resp, err := e.client.GetJobExecutionsWithResponse(ctx, dataflowtest.SeedJobID, &gen.GetJobExecutionsParams{Limit: ptr(1), Page: ptr(1)})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		require.Len(t, resp.JSON200.List, 1)
		assert.Equal(t, b.JobExecutionID, resp.JSON200.List[0].JobExecutionID)
		assert.NotEqual(t, a.JobExecutionID, b.JobExecutionID)
		sameJSON(t, e.execution(t, dataflowtest.SeedJobID, b.JobExecutionID), resp.JSON200.List[0])
	},
	"createJobExecution": func(t *testing.T, e *env) {
		resp, err := e.client.CreateJobExecutionWithResponse(ctx, dataflowtest.SeedJobID,
			&gen.CreateJobExecutionParams{TriggerID: ptr("rWOjcWa1b2c3"), WorkflowID: ptr("pJ1HCEI7L9ha")},
			gen.CreateJobExecutionJSONRequestBody{JobCondition: &gen.JobConditionOptions{NumWorker: ptr(6), Timeout: ptr(30)}})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		x := *resp.JSON200
		sameJSON(t, e.execution(t, dataflowtest.SeedJobID, x.JobExecutionID), x)
		assert.Equal(t, gen.ExecutionStatusREADY, *x.Status)
		assert.Equal(t, 6, *x.JobCondition.NumWorker)
		assert.Equal(t, 30, *x.JobCondition.Timeout)
		assert.Equal(t, "rWOjcWa1b2c3", *x.TriggerID)
		assert.NotContains(t, string(resp.Body), "workflowId", "no documentation returns the workflow of an execution")
	},
	"updateJobExecutionConfig": func(t *testing.T, e *env) {
		resp, err := e.client.UpdateJobExecutionConfigWithResponse(ctx, dataflowtest.SeedJobID, gen.UpdateJobExecutionConfigJSONRequestBody{
			JobCondition: gen.JobCondition{WorkerType: ptr("DATAFLOW"), NumWorker: ptr(2), Timeout: ptr(360),
				Nrn:        "nrn:PUB:IAM::2706412:Role/5f1c8e2a-0496-11f0-baf6-246e96591a38",
				ScriptPath: "dataflow-2706412-ab12/scripts/", LogPath: "dataflow-2706412-ab12/sparkHistoryLogs/"},
		})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		sameJSON(t, e.job(t, dataflowtest.SeedJobID), *resp.JSON200)
		rc := resp.JSON200.RunCondition
		assert.Equal(t, "DATAFLOW", *rc.WorkerType, "the seed job had DEFAULT")
		assert.Equal(t, 360, *rc.Timeout, "the seed job had 2880")
		assert.Equal(t, "nrn:PUB:IAM::2706412:Role/5f1c8e2a-0496-11f0-baf6-246e96591a38", *rc.Nrn)
		assert.Equal(t, "2025-03-20T14:00:00+09:00", resp.JSON200.UpdatedDate.Format(time.RFC3339), "updatedDate was bumped to the fake's clock")
	},
	"getJobExecution": func(t *testing.T, e *env) {
		x := e.run(t, dataflowtest.SeedJobID)
		_, err := e.srv.AdvanceExecution(dataflowtest.SeedJobID, x.JobExecutionID)
		require.NoError(t, err)
		resp, err := e.client.GetJobExecutionWithResponse(ctx, dataflowtest.SeedJobID, x.JobExecutionID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		sameJSON(t, e.execution(t, dataflowtest.SeedJobID, x.JobExecutionID), *resp.JSON200)
		assert.Equal(t, gen.ExecutionStatusRUNNING, *resp.JSON200.Status)
		assert.NotNil(t, resp.JSON200.StartDate)
	},
	"cancelJobExecution": func(t *testing.T, e *env) {
		x := e.run(t, dataflowtest.SeedJobID)
		resp, err := e.client.CancelJobExecutionWithResponse(ctx, dataflowtest.SeedJobID, x.JobExecutionID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		assert.True(t, *resp.JSON200)
		assert.Equal(t, gen.ExecutionStatusCANCELED, *e.execution(t, dataflowtest.SeedJobID, x.JobExecutionID).Status)
	},
	"getWorkflows": func(t *testing.T, e *env) {
		w := e.createWorkflow(t, "NONE")
		resp, err := e.client.GetWorkflowsWithResponse(ctx, &gen.GetWorkflowsParams{})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		require.Len(t, resp.JSON200.List, 1)
		sameJSON(t, e.workflow(t, w.WorkflowID), resp.JSON200.List[0])
	},
	"createWorkflow": func(t *testing.T, e *env) {
		w := e.createWorkflow(t, "RECURRING")
		sameJSON(t, e.workflow(t, w.WorkflowID), w)
		assert.Equal(t, gen.WorkflowTriggerRuleTypeRECURRING, *w.TriggerRuleType)
		assert.Equal(t, w.WorkflowID, *w.ResourceID)
		require.Len(t, *w.Nodes, 2)
	},
	"getWorkflow": func(t *testing.T, e *env) {
		w := e.createWorkflow(t, "NONE")
		resp, err := e.client.GetWorkflowWithResponse(ctx, w.WorkflowID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		sameJSON(t, e.workflow(t, w.WorkflowID), *resp.JSON200)
		job, err := (*resp.JSON200.Nodes)[1].AsWorkflowJobNode()
		require.NoError(t, err)
		assert.Equal(t, dataflowtest.SeedJobID, job.ID)
	},
	"updateWorkflow": func(t *testing.T, e *env) {
		w := e.createWorkflow(t, "NONE")
		body := workflowRequest(t, "ONE_TIME")
		resp, err := e.client.UpdateWorkflowWithResponse(ctx, w.WorkflowID, gen.UpdateWorkflowJSONRequestBody{Name: "workflow002", Nodes: body.Nodes, IsTemp: ptr(true)})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		sameJSON(t, e.workflow(t, w.WorkflowID), *resp.JSON200)
		assert.Equal(t, "workflow002", resp.JSON200.Name)
		assert.True(t, *resp.JSON200.IsTemp)
		assert.Equal(t, gen.WorkflowTriggerRuleTypeONETIME, *resp.JSON200.TriggerRuleType)
	},
	"deleteWorkflow": func(t *testing.T, e *env) {
		w := e.createWorkflow(t, "NONE")
		resp, err := e.client.DeleteWorkflowWithResponse(ctx, w.WorkflowID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		assert.True(t, *resp.JSON200)
		_, found := e.srv.Workflow(w.WorkflowID)
		assert.False(t, found)
	},
	"getWorkflowExecutions": func(t *testing.T, e *env) {
		w := e.createWorkflow(t, "NONE")
		e.execute(t, w.WorkflowID)
		resp, err := e.client.GetWorkflowExecutionsWithResponse(ctx, w.WorkflowID, &gen.GetWorkflowExecutionsParams{Filter: ptr("workflow")})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		require.Len(t, resp.JSON200.List, 1)
		x := resp.JSON200.List[0]
		sameJSON(t, e.execution(t, dataflowtest.SeedJobID, x.JobExecutionID), x)
		assert.Equal(t, "rWOjcWa1b2c3", *x.TriggerID)
		assert.Equal(t, "WORKFLOW", *x.Type)
	},
	"executeWorkflow": func(t *testing.T, e *env) {
		w := e.createWorkflow(t, "NONE")
		payload := []byte(`{"cloudFunctions":{"actionName":"run","activationId":"a1"}}`)
		resp, err := e.client.ExecuteWorkflowWithResponse(ctx, w.WorkflowID, &gen.ExecuteWorkflowParams{XNcpDataflowPayload: &payload})
		require.NoError(t, err)
		require.Equal(t, http.StatusAccepted, resp.StatusCode(), "%s", resp.Body)
		assert.Equal(t, gen.WorkflowExecutionAccepted{WorkflowID: w.WorkflowID, TriggerID: ptr("rWOjcWa1b2c3"),
			Status: gen.WorkflowExecutionAcceptedStatusACCEPTED}, *resp.JSON202)
		reqs := e.srv.Requests()
		assert.Equal(t, base64.StdEncoding.EncodeToString(payload), reqs[len(reqs)-1].Header.Get("x-ncp-dataflow-payload"),
			"the payload header is the Base64 of the JSON")
		stored, _ := e.srv.Workflow(w.WorkflowID)
		assert.NotNil(t, stored.LastExecutionDate)
		assert.Len(t, e.srv.Requests(), 2, "createWorkflow, executeWorkflow")
	},
	"getTriggers": func(t *testing.T, e *env) {
		tr := e.createTrigger(t, "weekly")
		e.createTrigger(t, "other")
		resp, err := e.client.GetTriggersWithResponse(ctx, &gen.GetTriggersParams{Name: ptr("week")})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		require.Len(t, resp.JSON200.List, 1)
		sameJSON(t, e.trigger(t, tr.TriggerID), resp.JSON200.List[0])
	},
	"createTrigger": func(t *testing.T, e *env) {
		tr := e.createTrigger(t, "weekly")
		sameJSON(t, e.trigger(t, tr.TriggerID), tr)
		assert.Equal(t, []gen.TriggerRuleDayOfWeek{gen.TriggerRuleDayOfWeekMONDAY, gen.TriggerRuleDayOfWeekTHURSDAY}, *tr.TriggerRule.DayOfWeek)
	},
	"getTrigger": func(t *testing.T, e *env) {
		tr := e.createTrigger(t, "weekly")
		resp, err := e.client.GetTriggerWithResponse(ctx, tr.TriggerID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		sameJSON(t, e.trigger(t, tr.TriggerID), *resp.JSON200)
	},
	"deleteTrigger": func(t *testing.T, e *env) {
		tr := e.createTrigger(t, "weekly")
		resp, err := e.client.DeleteTriggerWithResponse(ctx, tr.TriggerID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		assert.True(t, *resp.JSON200)
		_, found := e.srv.Trigger(tr.TriggerID)
		assert.False(t, found)
	},
	"getExecutionResult": func(t *testing.T, e *env) {
		e.statsFixture(t)
		resp, err := e.client.GetExecutionResultWithResponse(ctx, &gen.GetExecutionResultParams{StartDate: "2025-03-20T00:00:00", EndDate: "2025-03-21T00:00:00"})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		assert.Equal(t, gen.ExecutionResult{TotalCount: ptr(3), CompletedCount: ptr(1), FailedCount: ptr(1)}, *resp.JSON200)
	},
	"getExecutionInterval": func(t *testing.T, e *env) {
		e.statsFixture(t)
		resp, err := e.client.GetExecutionIntervalWithResponse(ctx, &gen.GetExecutionIntervalParams{StartDate: "2025-03-19T00:00:00", EndDate: "2025-03-21T00:00:00"})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		assert.Equal(t, []gen.ExecutionIntervalItem{
			{TotalCount: ptr(0), StartDate: ptr("2025-03-19T00:00:00.000"), EndDate: ptr("2025-03-20T00:00:00.000")},
			{TotalCount: ptr(3), StartDate: ptr("2025-03-20T00:00:00.000"), EndDate: ptr("2025-03-21T00:00:00.000")},
		}, *resp.JSON200.Result)
	},
	"getExecutionTimes": func(t *testing.T, e *env) {
		e.statsFixture(t)
		resp, err := e.client.GetExecutionTimesWithResponse(ctx, &gen.GetExecutionTimesParams{StartDate: "2025-03-20T00:00:00", EndDate: "2025-03-21T00:00:00"})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		assert.Equal(t, []gen.ExecutionTimePoint{{Time: ptr(int64(1742396400000)), Value: ptr(3)}}, *resp.JSON200.Result)
	},
}

// Every operation of openapi.yaml has a case, and every case an operation.
func TestEveryOperationHasACase(t *testing.T) {
	ops := operationIDs()
	require.Len(t, ops, 25)
	for _, op := range ops {
		assert.Contains(t, operationCases, op, "operation %s of openapi.yaml has no case in operationCases", op)
	}
	for op := range operationCases {
		assert.True(t, slices.Contains(ops, op), "operationCases has %s, which openapi.yaml does not define", op)
	}
}

// For every operation: the generated client's request validates, the fake
// answers, the answer validates, and the typed result is what the fake holds.
func TestEveryOperationRoundTrips(t *testing.T) {
	for _, op := range operationIDs() {
		t.Run(op, func(t *testing.T) {
			t.Parallel()
			c, ok := operationCases[op]
			if !ok {
				t.Fatalf("operation %s has no case", op)
			}
			e := newEnvAt(t, dataflowtest.NewManualClock(roundTripTime).Now)
			c(t, e)
			assert.GreaterOrEqual(t, e.doer.validated(op), 1, "the case never sent %s through the checking doer", op)
			reqs := e.srv.Requests()
			require.NotEmpty(t, reqs)
			for _, r := range reqs {
				assert.NoError(t, r.SignatureErr, "%s %s", r.Method, r.URI)
				assert.NoError(t, r.ValidationErr, "%s %s", r.Method, r.URI)
			}
			assert.Equal(t, int64(len(reqs)), e.doer.requests.Load(), "every request the fake saw was validated")
			assert.Equal(t, int64(len(reqs)), e.doer.responses.Load(), "every response the client got was validated")
		})
	}
}

// roundTripTime is the fake's (and the signer's) clock in the round trips:
// 2025-03-20T14:00:00+09:00, so that the stats cases know the day their
// executions fall on.
var roundTripTime = time.Date(2025, 3, 20, 5, 0, 0, 0, time.UTC)

func sameJSON(t *testing.T, want, got any) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, string(w), string(g))
}

func (e *env) job(t *testing.T, id string) gen.Job {
	t.Helper()
	j, ok := e.srv.Job(id)
	require.True(t, ok, "the fake has no job %s", id)
	return j
}

func (e *env) execution(t *testing.T, jobID, id string) gen.JobExecution {
	t.Helper()
	x, ok := e.srv.Execution(jobID, id)
	require.True(t, ok, "the fake has no execution %s of job %s", id, jobID)
	return x
}

func (e *env) workflow(t *testing.T, id string) gen.Workflow {
	t.Helper()
	w, ok := e.srv.Workflow(id)
	require.True(t, ok, "the fake has no workflow %s", id)
	return w
}

func (e *env) trigger(t *testing.T, id string) gen.Trigger {
	t.Helper()
	tr, ok := e.srv.Trigger(id)
	require.True(t, ok, "the fake has no trigger %s", id)
	return tr
}

// pipeline is the seed page's SOURCE_OBS -> TRANSFORM_FILTER -> TARGET_OBS
// chain plus a TRANSFORM_SQL node with an undocumented field.
func pipeline(t *testing.T) []gen.Node {
	t.Helper()
	fields := []gen.Field{{Name: "id", Type: "string", Properties: &[]gen.Field{}}}
	var src, filter, dst, sql gen.Node
	require.NoError(t, src.FromSourceOBSNode(gen.SourceOBSNode{ID: 1697776914576, Name: "Object Storage", ParentNodeIds: []int64{},
		RegionNo: "1", BucketName: "aitems", Prefix: "dataflow1", DataType: gen.SourceOBSNodeDataTypeCSV, FieldList: fields}))
	require.NoError(t, filter.FromTransformFilterNode(gen.TransformFilterNode{ID: 1697776914577, Name: "Filters", ParentNodeIds: []int64{1697776914576},
		FilterType:          gen.ConditionOperatorAND,
		FilterConditionList: []gen.FilterCondition{{Name: "name", Operator: gen.OperatorEQ, Value: "A"}}}))
	require.NoError(t, dst.FromTargetOBSNode(gen.TargetOBSNode{ID: 1697776914578, Name: "Object Storage", ParentNodeIds: []int64{1697776914577},
		RegionNo: "1", BucketName: "aitems", Prefix: "out", DataType: gen.TargetOBSNodeDataTypePARQUET,
		UpdateType: ptr(gen.UpdateTypeOVERWRITE), FieldList: fields}))
	require.NoError(t, sql.FromTransformSQLNode(gen.TransformSQLNode{ID: 1697776914579, Name: "SQL", ParentNodeIds: []int64{1697776914576},
		SourceNameList: []gen.SourceName{{ParentID: 1697776914576, NewName: "src"}}, SQL: "SELECT * FROM src",
		AdditionalProperties: map[string]any{"hint": "broadcast"}}))
	return []gen.Node{src, filter, dst, sql}
}

func (e *env) createJob(t *testing.T, name string) gen.Job {
	t.Helper()
	nodes := pipeline(t)
	resp, err := e.client.CreateJobWithResponse(ctx, gen.CreateJobJSONRequestBody{Name: name, Type: "VISUAL", Nodes: &nodes,
		JobCondition: &gen.JobConditionOptions{NumWorker: ptr(4), Nrn: ptr("nrn:PUB:IAM::2706412:Role/etl"),
			ScriptPath: ptr("b/scripts/"), LogPath: ptr("b/logs/")}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), "%s", resp.Body)
	return *resp.JSON201
}

func (e *env) run(t *testing.T, jobID string) gen.JobExecution {
	t.Helper()
	resp, err := e.client.CreateJobExecutionWithResponse(ctx, jobID, nil, gen.CreateJobExecutionJSONRequestBody{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
	return *resp.JSON200
}

func workflowRequest(t *testing.T, rule string) gen.CreateWorkflowJSONRequestBody {
	t.Helper()
	var trig, job gen.WorkflowNode
	require.NoError(t, trig.FromWorkflowTriggerNode(gen.WorkflowTriggerNode{ID: "rWOjcWa1b2c3", Name: "start", ParentNodeIds: []string{},
		TriggerRule: ptr(gen.WorkflowTriggerNodeTriggerRule(rule))}))
	require.NoError(t, job.FromWorkflowJobNode(gen.WorkflowJobNode{ID: dataflowtest.SeedJobID, Name: "job001", ParentNodeIds: []string{"rWOjcWa1b2c3"},
		JobCondition: gen.JobCondition{NumWorker: ptr(2), Timeout: ptr(360), Nrn: "nrn:PUB:IAM::2706412:Role/etl",
			ScriptPath: "b/scripts/", LogPath: "b/logs/"}}))
	return gen.CreateWorkflowJSONRequestBody{Name: "workflow001", IsTemp: false, Nodes: []gen.WorkflowNode{trig, job}}
}

func (e *env) createWorkflow(t *testing.T, rule string) gen.Workflow {
	t.Helper()
	resp, err := e.client.CreateWorkflowWithResponse(ctx, workflowRequest(t, rule))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), "%s", resp.Body)
	return *resp.JSON201
}

func (e *env) execute(t *testing.T, workflowID string) {
	t.Helper()
	resp, err := e.client.ExecuteWorkflowWithResponse(ctx, workflowID, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.StatusCode(), "%s", resp.Body)
}

func (e *env) createTrigger(t *testing.T, name string) gen.Trigger {
	t.Helper()
	week := gen.TriggerRuleIntervalWEEK
	resp, err := e.client.CreateTriggerWithResponse(ctx, gen.CreateTriggerJSONRequestBody{Name: name, Type: gen.CreateTriggerRequestTypeSCHEDULED,
		TriggerRule: gen.TriggerRule{Type: gen.TriggerRuleTypeRECURRING, Interval: &week, Time: ptr("09:00"),
			DayOfWeek: &[]gen.TriggerRuleDayOfWeek{gen.TriggerRuleDayOfWeekMONDAY, gen.TriggerRuleDayOfWeekTHURSDAY}}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), "%s", resp.Body)
	return *resp.JSON201
}

// statsFixture leaves three executions created today (per the fake's clock):
// one COMPLETED, one FAILED, one READY.
func (e *env) statsFixture(t *testing.T) {
	t.Helper()
	a, b := e.run(t, dataflowtest.SeedJobID), e.run(t, dataflowtest.SeedJobID)
	e.run(t, dataflowtest.SeedJobID)
	require.NoError(t, e.srv.SetExecutionStatus(dataflowtest.SeedJobID, a.JobExecutionID, gen.ExecutionStatusCOMPLETED))
	require.NoError(t, e.srv.SetExecutionStatus(dataflowtest.SeedJobID, b.JobExecutionID, gen.ExecutionStatusFAILED))
}
