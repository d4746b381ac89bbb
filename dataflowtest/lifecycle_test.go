package dataflowtest_test

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

func run(t *testing.T, srv *dataflowtest.Server, jobID string) gen.JobExecution {
	t.Helper()
	resp, err := srv.Client().CreateJobExecutionWithResponse(ctx, jobID, nil, gen.CreateJobExecutionJSONRequestBody{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
	return *resp.JSON200
}

func status(t *testing.T, srv *dataflowtest.Server, jobID, execID string) gen.ExecutionStatus {
	t.Helper()
	resp, err := srv.Client().GetJobExecutionWithResponse(ctx, jobID, execID)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
	return *resp.JSON200.Status
}

func TestExecutionsAdvanceOnRequest(t *testing.T) {
	clock := dataflowtest.NewManualClock(start)
	srv := newServer(t, dataflowtest.WithClock(clock.Now))
	e := run(t, srv, dataflowtest.SeedJobID)
	assert.Equal(t, gen.ExecutionStatusREADY, *e.Status)
	assert.Regexp(t, `^[A-Za-z0-9]{12}$`, e.JobExecutionID)
	assert.Equal(t, dataflowtest.SeedJobID, e.JobID)
	assert.Equal(t, "job001", *e.JobName)
	assert.Equal(t, 2880, *e.JobCondition.Timeout, "the job's stored options")
	assert.Equal(t, "2025-03-20T13:00:00+09:00", e.CreatedDate.Format(time.RFC3339))

	clock.Advance(2 * time.Minute)
	st, err := srv.AdvanceExecution(dataflowtest.SeedJobID, e.JobExecutionID)
	require.NoError(t, err)
	assert.Equal(t, gen.ExecutionStatusRUNNING, st)
	assert.Equal(t, gen.ExecutionStatusRUNNING, status(t, srv, dataflowtest.SeedJobID, e.JobExecutionID))

	clock.Advance(5 * time.Minute)
	st, err = srv.AdvanceExecution(dataflowtest.SeedJobID, e.JobExecutionID)
	require.NoError(t, err)
	assert.Equal(t, gen.ExecutionStatusCOMPLETED, st)
	got, ok := srv.Execution(dataflowtest.SeedJobID, e.JobExecutionID)
	require.True(t, ok)
	assert.Equal(t, 2, *got.WaitingTime)
	assert.Equal(t, 5, *got.RunningTime)
	assert.Equal(t, "2025-03-20T13:07:00+09:00", got.EndDate.Format(time.RFC3339))

	_, err = srv.AdvanceExecution(dataflowtest.SeedJobID, e.JobExecutionID)
	assert.Error(t, err, "a COMPLETED execution cannot advance")

	job, _ := srv.Job(dataflowtest.SeedJobID)
	assert.Equal(t, "COMPLETED", *job.LastExecutionStatus)
}

func TestExecutionsAdvanceOnTheClock(t *testing.T) {
	clock := dataflowtest.NewManualClock(start)
	srv := newServer(t, dataflowtest.WithClock(clock.Now), dataflowtest.WithExecutionTimes(time.Minute, 10*time.Minute))
	e := run(t, srv, dataflowtest.SeedJobID)
	assert.Equal(t, gen.ExecutionStatusREADY, status(t, srv, dataflowtest.SeedJobID, e.JobExecutionID))
	clock.Advance(time.Minute)
	assert.Equal(t, gen.ExecutionStatusRUNNING, status(t, srv, dataflowtest.SeedJobID, e.JobExecutionID))
	clock.Advance(9 * time.Minute)
	assert.Equal(t, gen.ExecutionStatusRUNNING, status(t, srv, dataflowtest.SeedJobID, e.JobExecutionID))
	clock.Advance(time.Hour) // the end is the scheduled instant, not the observation
	got, _ := srv.Execution(dataflowtest.SeedJobID, e.JobExecutionID)
	assert.Equal(t, gen.ExecutionStatusCOMPLETED, *got.Status)
	assert.Equal(t, "2025-03-20T13:01:00+09:00", got.StartDate.Format(time.RFC3339))
	assert.Equal(t, "2025-03-20T13:11:00+09:00", got.EndDate.Format(time.RFC3339))
	assert.Equal(t, 10, *got.RunningTime)
}

func TestCancel(t *testing.T) {
	srv := newServer(t)
	ready := run(t, srv, dataflowtest.SeedJobID)
	running := run(t, srv, dataflowtest.SeedJobID)
	_, err := srv.AdvanceExecution(dataflowtest.SeedJobID, running.JobExecutionID)
	require.NoError(t, err)
	done := run(t, srv, dataflowtest.SeedJobID)
	require.NoError(t, srv.SetExecutionStatus(dataflowtest.SeedJobID, done.JobExecutionID, gen.ExecutionStatusFAILED))

	for _, e := range []gen.JobExecution{ready, running} {
		resp, err := srv.Client().CancelJobExecutionWithResponse(ctx, dataflowtest.SeedJobID, e.JobExecutionID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		assert.True(t, *resp.JSON200)
		assert.Equal(t, gen.ExecutionStatusCANCELED, status(t, srv, dataflowtest.SeedJobID, e.JobExecutionID))
	}
	for _, e := range []gen.JobExecution{ready, done} {
		resp, err := srv.Client().CancelJobExecutionWithResponse(ctx, dataflowtest.SeedJobID, e.JobExecutionID)
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		assert.Equal(t, "bad-state", *resp.JSON400.ErrorType)
		assert.Contains(t, *resp.JSON400.Detail, e.JobExecutionID)
	}
	resp, err := srv.Client().CancelJobExecutionWithResponse(ctx, dataflowtest.SeedJobID, "nOsUcHeXeC12")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode())
	assert.Equal(t, "job execution not found: nOsUcHeXeC12", *resp.JSON404.Detail)
}

func TestDeleteJobRefusesWhileItRuns(t *testing.T) {
	srv := newServer(t)
	e := run(t, srv, dataflowtest.SeedJobID)
	resp, err := srv.Client().DeleteJobWithResponse(ctx, dataflowtest.SeedJobID)
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode())
	assert.Equal(t, "bad-state", *resp.JSON400.ErrorType)
	assert.Contains(t, *resp.JSON400.Detail, e.JobExecutionID)

	_, err = srv.AdvanceExecution(dataflowtest.SeedJobID, e.JobExecutionID)
	require.NoError(t, err)
	resp, err = srv.Client().DeleteJobWithResponse(ctx, dataflowtest.SeedJobID)
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode(), "RUNNING refuses too")

	_, err = srv.AdvanceExecution(dataflowtest.SeedJobID, e.JobExecutionID)
	require.NoError(t, err)
	resp, err = srv.Client().DeleteJobWithResponse(ctx, dataflowtest.SeedJobID)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
	assert.True(t, *resp.JSON200)
	_, ok := srv.Job(dataflowtest.SeedJobID)
	assert.False(t, ok)
	_, ok = srv.Execution(dataflowtest.SeedJobID, e.JobExecutionID)
	assert.False(t, ok, "the job's executions go with it")
	get, err := srv.Client().GetJobWithResponse(ctx, dataflowtest.SeedJobID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, get.StatusCode())
}

func TestMaxConcurrentRuns(t *testing.T) {
	srv := newServer(t)
	resp, err := srv.Client().UpdateJobWithResponse(ctx, dataflowtest.SeedJobID, gen.UpdateJobJSONRequestBody{Type: "VISUAL", MaxConcurrentRuns: ptr(1)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
	e := run(t, srv, dataflowtest.SeedJobID)
	second, err := srv.Client().CreateJobExecutionWithResponse(ctx, dataflowtest.SeedJobID, nil, gen.CreateJobExecutionJSONRequestBody{})
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, second.StatusCode())
	assert.Equal(t, "bad-state", *second.JSON400.ErrorType)
	require.NoError(t, srv.SetExecutionStatus(dataflowtest.SeedJobID, e.JobExecutionID, gen.ExecutionStatusCOMPLETED))
	run(t, srv, dataflowtest.SeedJobID)
}

func TestPaging(t *testing.T) {
	srv := newServer(t)
	var ids []string
	for range 5 {
		ids = append(ids, run(t, srv, dataflowtest.SeedJobID).JobExecutionID)
	}
	tests := []struct {
		page, limit *int
		want        []string
		wantPage    int
		wantLimit   int
	}{
		{nil, nil, ids, 0, 1000},
		{ptr(0), ptr(2), ids[:2], 0, 2},
		{ptr(1), ptr(2), ids[2:4], 1, 2},
		{ptr(2), ptr(2), ids[4:], 2, 2},
		{ptr(3), ptr(2), nil, 3, 2},
		{ptr(0), ptr(0), ids, 0, 1000},
	}
	for _, tt := range tests {
		resp, err := srv.Client().GetJobExecutionsWithResponse(ctx, dataflowtest.SeedJobID, &gen.GetJobExecutionsParams{Page: tt.page, Limit: tt.limit})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		var got []string
		for _, e := range resp.JSON200.List {
			got = append(got, e.JobExecutionID)
		}
		assert.Equal(t, tt.want, got)
		assert.Equal(t, len(tt.want), *resp.JSON200.Count)
		assert.Equal(t, tt.wantPage, *resp.JSON200.Page)
		assert.Equal(t, tt.wantLimit, *resp.JSON200.Limit)
		assert.Contains(t, string(resp.Body), `"list":[`, "an empty page is [], not null")
	}
}

func workflowBody(t *testing.T, triggerID, rule, jobID string) gen.CreateWorkflowJSONRequestBody {
	t.Helper()
	var trig, job gen.WorkflowNode
	require.NoError(t, trig.FromWorkflowTriggerNode(gen.WorkflowTriggerNode{ID: triggerID, Name: "start", ParentNodeIds: []string{},
		TriggerRule: ptr(gen.WorkflowTriggerNodeTriggerRule(rule))}))
	require.NoError(t, job.FromWorkflowJobNode(gen.WorkflowJobNode{ID: jobID, Name: "job", ParentNodeIds: []string{triggerID},
		JobCondition: gen.JobCondition{NumWorker: ptr(3), Nrn: "nrn:PUB:IAM::2706412:Role/etl", ScriptPath: "b/scripts/", LogPath: "b/logs/"}}))
	return gen.CreateWorkflowJSONRequestBody{Name: "workflow001", IsTemp: false, Nodes: []gen.WorkflowNode{trig, job}}
}

func TestWorkflowRunsItsJobs(t *testing.T) {
	clock := dataflowtest.NewManualClock(start)
	srv := newServer(t, dataflowtest.WithClock(clock.Now))
	tr, err := srv.Client().CreateTriggerWithResponse(ctx, gen.CreateTriggerJSONRequestBody{Name: "manual", Type: gen.CreateTriggerRequestTypeNONE,
		TriggerRule: gen.TriggerRule{Type: gen.TriggerRuleTypeNONE}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, tr.StatusCode(), "%s", tr.Body)
	triggerID := tr.JSON201.TriggerID

	wf, err := srv.Client().CreateWorkflowWithResponse(ctx, workflowBody(t, triggerID, "NONE", dataflowtest.SeedJobID))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, wf.StatusCode(), "%s", wf.Body)
	id := wf.JSON201.WorkflowID
	assert.Equal(t, id, *wf.JSON201.ResourceID)
	assert.Equal(t, gen.WorkflowTriggerRuleTypeNONE, *wf.JSON201.TriggerRuleType)

	ex, err := srv.Client().ExecuteWorkflowWithResponse(ctx, id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, ex.StatusCode(), "%s", ex.Body)
	assert.Equal(t, gen.WorkflowExecutionAccepted{WorkflowID: id, TriggerID: &triggerID, Status: gen.WorkflowExecutionAcceptedStatusACCEPTED}, *ex.JSON202)

	list, err := srv.Client().GetWorkflowExecutionsWithResponse(ctx, id, nil)
	require.NoError(t, err)
	require.Len(t, list.JSON200.List, 1)
	e := list.JSON200.List[0]
	assert.Equal(t, dataflowtest.SeedJobID, e.JobID)
	assert.Equal(t, "WORKFLOW", *e.Type)
	assert.Equal(t, triggerID, *e.TriggerID)
	assert.Equal(t, 3, *e.JobCondition.NumWorker, "the node's options override the job's")
	assert.Equal(t, 2880, *e.JobCondition.Timeout)

	filtered, err := srv.Client().GetWorkflowExecutionsWithResponse(ctx, id, &gen.GetWorkflowExecutionsParams{Filter: ptr("other")})
	require.NoError(t, err)
	assert.Empty(t, filtered.JSON200.List)

	// A workflow that is running cannot be deleted, nor its trigger.
	del, err := srv.Client().DeleteWorkflowWithResponse(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, del.StatusCode())
	delT, err := srv.Client().DeleteTriggerWithResponse(ctx, triggerID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, delT.StatusCode())
	assert.Contains(t, *delT.JSON400.Detail, id)

	require.NoError(t, srv.SetExecutionStatus(dataflowtest.SeedJobID, e.JobExecutionID, gen.ExecutionStatusCOMPLETED))
	del, err = srv.Client().DeleteWorkflowWithResponse(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, del.StatusCode())
	delT, err = srv.Client().DeleteTriggerWithResponse(ctx, triggerID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, delT.StatusCode())
}

func TestScheduledWorkflowCannotBeExecuted(t *testing.T) {
	srv := newServer(t)
	wf, err := srv.Client().CreateWorkflowWithResponse(ctx, workflowBody(t, "rWOjcWa1b2c3", "RECURRING", dataflowtest.SeedJobID))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, wf.StatusCode(), "%s", wf.Body)
	ex, err := srv.Client().ExecuteWorkflowWithResponse(ctx, wf.JSON201.WorkflowID, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, ex.StatusCode())
	assert.Equal(t, "bad-state", *ex.JSON400.ErrorType)
	assert.Contains(t, *ex.JSON400.Detail, "RECURRING")
}

func TestWorkflowNeedsExistingJobs(t *testing.T) {
	srv := newServer(t)
	wf, err := srv.Client().CreateWorkflowWithResponse(ctx, workflowBody(t, "rWOjcWa1b2c3", "NONE", "nOsUcHjOb123"))
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, wf.StatusCode())
	assert.Contains(t, *wf.JSON400.Detail, "job not found: nOsUcHjOb123")
}

func TestTriggerRuleConditions(t *testing.T) {
	srv := newServer(t)
	week := gen.TriggerRuleIntervalWEEK
	resp, err := srv.Client().CreateTriggerWithResponse(ctx, gen.CreateTriggerJSONRequestBody{Name: "weekly", Type: gen.CreateTriggerRequestTypeSCHEDULED,
		TriggerRule: gen.TriggerRule{Type: gen.TriggerRuleTypeRECURRING, Interval: &week, Time: ptr("09:00")}})
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode())
	assert.Contains(t, *resp.JSON400.Detail, "dayOfWeek")
}

func TestVerifyJobChecksTheGraph(t *testing.T) {
	srv := newServer(t)
	var a, b gen.Node
	cols := []gen.Field{{Name: "id", Type: gen.FieldTypeString}}
	require.NoError(t, a.FromSourceCatalogNode(gen.SourceCatalogNode{ID: 1, Name: "a", ParentNodeIds: []int64{},
		Database: "db", Table: "in", SchemaVersion: "1", FieldList: cols}))
	require.NoError(t, b.FromTargetCatalogNode(gen.TargetCatalogNode{ID: 2, Name: "b", ParentNodeIds: []int64{1},
		Database: "db", Table: "out", SchemaVersion: "1", FieldList: cols}))
	resp, err := srv.Client().VerifyJobWithResponse(ctx, gen.VerifyJobJSONRequestBody{Name: "job001", Nodes: []gen.Node{a, b}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
	assert.True(t, *resp.JSON200)

	require.NoError(t, b.FromTargetCatalogNode(gen.TargetCatalogNode{ID: 2, Name: "b", ParentNodeIds: []int64{7},
		Database: "db", Table: "out", SchemaVersion: "1", FieldList: cols}))
	resp, err = srv.Client().VerifyJobWithResponse(ctx, gen.VerifyJobJSONRequestBody{Name: "job001", Nodes: []gen.Node{a, b}})
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode())
	assert.Contains(t, *resp.JSON400.Detail, "parent node 7")
}

func TestStatsCountExecutionsByDay(t *testing.T) {
	clock := dataflowtest.NewManualClock(start) // 2025-03-20 13:00 +09:00
	srv := newServer(t, dataflowtest.WithClock(clock.Now))
	a := run(t, srv, dataflowtest.SeedJobID)
	require.NoError(t, srv.SetExecutionStatus(dataflowtest.SeedJobID, a.JobExecutionID, gen.ExecutionStatusCOMPLETED))
	b := run(t, srv, dataflowtest.SeedJobID)
	require.NoError(t, srv.SetExecutionStatus(dataflowtest.SeedJobID, b.JobExecutionID, gen.ExecutionStatusFAILED))
	clock.Advance(24 * time.Hour)
	run(t, srv, dataflowtest.SeedJobID)

	period := func() (string, string) { return "2025-03-20T00:00:00", "2025-03-22T00:00:00" }
	from, to := period()
	res, err := srv.Client().GetExecutionResultWithResponse(ctx, &gen.GetExecutionResultParams{StartDate: from, EndDate: to})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode(), "%s", res.Body)
	assert.Equal(t, gen.ExecutionResult{TotalCount: ptr(3), CompletedCount: ptr(1), FailedCount: ptr(1)}, *res.JSON200)

	iv, err := srv.Client().GetExecutionIntervalWithResponse(ctx, &gen.GetExecutionIntervalParams{StartDate: from, EndDate: to})
	require.NoError(t, err)
	assert.Equal(t, []gen.ExecutionIntervalItem{
		{TotalCount: ptr(2), StartDate: ptr("2025-03-20T00:00:00.000"), EndDate: ptr("2025-03-21T00:00:00.000")},
		{TotalCount: ptr(1), StartDate: ptr("2025-03-21T00:00:00.000"), EndDate: ptr("2025-03-22T00:00:00.000")},
	}, *iv.JSON200.Result)

	tm, err := srv.Client().GetExecutionTimesWithResponse(ctx, &gen.GetExecutionTimesParams{StartDate: from, EndDate: to})
	require.NoError(t, err)
	day := time.Date(2025, 3, 20, 0, 0, 0, 0, time.FixedZone("", 9*3600)).UnixMilli()
	assert.Equal(t, []gen.ExecutionTimePoint{{Time: ptr(day), Value: ptr(2)}, {Time: ptr(day + 86400000), Value: ptr(1)}}, *tm.JSON200.Result)

	bad, err := srv.Client().GetExecutionResultWithResponse(ctx, &gen.GetExecutionResultParams{StartDate: to, EndDate: from})
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, bad.StatusCode())
}

// The API does not return the workflow of an execution, but the fake's state
// keeps it: a saved and loaded state still lists the workflow's executions.
func TestWorkflowExecutionsSurviveAStateRoundTrip(t *testing.T) {
	srv := newServer(t)
	wf, err := srv.Client().CreateWorkflowWithResponse(ctx, workflowBody(t, "rWOjcWa1b2c3", "NONE", dataflowtest.SeedJobID))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, wf.StatusCode(), "%s", wf.Body)
	id := wf.JSON201.WorkflowID
	ex, err := srv.Client().ExecuteWorkflowWithResponse(ctx, id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, ex.StatusCode(), "%s", ex.Body)

	var saved bytes.Buffer
	require.NoError(t, srv.SaveState(&saved))
	other := newServer(t, dataflowtest.WithSeed(false))
	require.NoError(t, other.LoadState(&saved))
	list, err := other.Client().GetWorkflowExecutionsWithResponse(ctx, id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, list.StatusCode(), "%s", list.Body)
	require.Len(t, list.JSON200.List, 1)
	assert.NotContains(t, string(list.Body), "workflowId", "the API's answer does not carry it")
}
