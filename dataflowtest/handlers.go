package dataflowtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// handler serves one operation. It runs under Server.mu after the request
// has passed signature and spec validation, so it may trust the shapes.
type handler func(st *store, c *call) reply

// handlers maps every operationId of openapi.yaml to its handler; a test
// checks that none is missing. It is never written after init.
var handlers = map[string]handler{
	"getJobs":                  getJobs,
	"createJob":                createJob,
	"verifyJob":                verifyJob,
	"getJob":                   getJob,
	"updateJob":                updateJob,
	"deleteJob":                deleteJob,
	"getJobExecutions":         getJobExecutions,
	"createJobExecution":       createJobExecution,
	"updateJobExecutionConfig": updateJobExecutionConfig,
	"getJobExecution":          getJobExecution,
	"cancelJobExecution":       cancelJobExecution,
	"getWorkflows":             getWorkflows,
	"createWorkflow":           createWorkflow,
	"getWorkflow":              getWorkflow,
	"updateWorkflow":           updateWorkflow,
	"deleteWorkflow":           deleteWorkflow,
	"getWorkflowExecutions":    getWorkflowExecutions,
	"executeWorkflow":          executeWorkflow,
	"getTriggers":              getTriggers,
	"createTrigger":            createTrigger,
	"getTrigger":               getTrigger,
	"deleteTrigger":            deleteTrigger,
	"getExecutionResult":       getExecutionResult,
	"getExecutionInterval":     getExecutionInterval,
	"getExecutionTimes":        getExecutionTimes,
}

func ok(body any) reply { return reply{http.StatusOK, body} }

// created is the answer of createJob, createWorkflow and createTrigger:
// 201 Created, as the current documentation says, or 200 as an older
// generation may answer (WithCreatedStatus).
func created(c *call, body any) reply { return reply{c.createdStatus, body} }

func notFound(kind, id string) reply {
	return reply{http.StatusNotFound, serviceErr("NOT_FOUND", kind+" not found: "+id)}
}

func badState(format string, args ...any) reply {
	return reply{http.StatusBadRequest, serviceErr("bad-state", fmt.Sprintf(format, args...))}
}

func badParameter(format string, args ...any) reply {
	return reply{http.StatusBadRequest, serviceErr("bad-parameter", fmt.Sprintf(format, args...))}
}

// decode reads the validated body into v; a failure here means the spec
// and the generated types disagree.
func decode(c *call, v any) *reply {
	if len(c.body) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		r := badParameter("request body: %v", err)
		return &r
	}
	return nil
}

// paging applies the page and limit query parameters (defaults 0 and 1000;
// a limit of 0 means the default).
func paging[T any](items []T, q query) (list []T, page, limit int) {
	page, _ = strconv.Atoi(q.Get("page"))
	limit, _ = strconv.Atoi(q.Get("limit"))
	if limit <= 0 {
		limit = 1000
	}
	list = []T{}
	start := page * limit
	if page < 0 || start >= len(items) || start/limit != page {
		return list, page, limit
	}
	end := min(start+limit, len(items))
	return append(list, items[start:end]...), page, limit
}

type query interface{ Get(string) string }

// Jobs

func getJobs(st *store, c *call) reply {
	name, status := c.query.Get("name"), c.query.Get("status")
	var all []gen.Job
	for _, id := range st.jobOrder {
		j := st.jobs[id]
		if name != "" && !strings.Contains(j.Name, name) {
			continue
		}
		if status != "" && (j.Status == nil || *j.Status != status) {
			continue
		}
		all = append(all, st.jobView(j))
	}
	list, page, limit := paging(all, c.query)
	return ok(gen.JobList{List: list, Count: ptr(len(list)), Page: &page, Limit: &limit})
}

func createJob(st *store, c *call) reply {
	var req gen.CreateJobRequest
	if r := decode(c, &req); r != nil {
		return *r
	}
	if r := checkNodes(req.Nodes); r != nil {
		return *r
	}
	nodes := []gen.Node{}
	if req.Nodes != nil {
		nodes = *req.Nodes
	}
	j := &gen.Job{
		JobID:             st.newID(),
		Name:              req.Name,
		Type:              ptr(req.Type),
		Status:            ptr("READY"),
		Description:       ptr(""),
		MaxConcurrentRuns: req.MaxConcurrentRuns,
		Nodes:             &nodes,
		RunCondition:      &gen.RunCondition{NumWorker: ptr(2), Timeout: ptr(360)},
		CreatedDate:       stamp(c.now),
		UpdatedDate:       stamp(c.now),
	}
	mergeOptions(j.RunCondition, req.JobCondition)
	st.putJob(j)
	return created(c, st.jobView(j))
}

func verifyJob(st *store, c *call) reply {
	var req gen.VerifyJobRequest
	if r := decode(c, &req); r != nil {
		return *r
	}
	if r := checkNodes(&req.Nodes); r != nil {
		return *r
	}
	return ok(true)
}

// checkNodes checks a job's node graph: unique ids, and parents that are
// nodes of the same job.
func checkNodes(nodes *[]gen.Node) *reply {
	if nodes == nil {
		return nil
	}
	ids := map[int64]bool{}
	var all []dataflow.NodeInfo
	for i, n := range *nodes {
		cn, err := dataflow.InspectNode(n)
		if err != nil {
			r := badParameter("nodes[%d]: %v", i, err)
			return &r
		}
		if ids[cn.ID] {
			r := badParameter("nodes[%d]: node id %d is used twice", i, cn.ID)
			return &r
		}
		ids[cn.ID] = true
		all = append(all, cn)
	}
	for i, cn := range all {
		for _, p := range cn.ParentNodeIDs {
			if !ids[p] || p == cn.ID {
				r := badParameter("nodes[%d]: parent node %d is not another node of this job", i, p)
				return &r
			}
		}
	}
	return nil
}

func getJob(st *store, c *call) reply {
	j, found := st.jobs[c.params["jobId"]]
	if !found {
		return notFound("job", c.params["jobId"])
	}
	return ok(st.jobView(j))
}

func updateJob(st *store, c *call) reply {
	j, found := st.jobs[c.params["jobId"]]
	if !found {
		return notFound("job", c.params["jobId"])
	}
	var req gen.UpdateJobRequest
	if r := decode(c, &req); r != nil {
		return *r
	}
	if r := checkNodes(req.Nodes); r != nil {
		return *r
	}
	j.Type = ptr(req.Type)
	if req.Name != nil {
		j.Name = *req.Name
	}
	if req.MaxConcurrentRuns != nil {
		j.MaxConcurrentRuns = req.MaxConcurrentRuns
	}
	if req.Nodes != nil {
		j.Nodes = req.Nodes
	}
	if req.JobCondition != nil {
		if j.RunCondition == nil {
			j.RunCondition = &gen.RunCondition{}
		}
		mergeOptions(j.RunCondition, req.JobCondition)
	}
	j.UpdatedDate = stamp(c.now)
	return ok(st.jobView(j))
}

// deleteJob refuses while the job has a READY or RUNNING execution (the
// documentation does not say; refusing is the safe reading) and otherwise
// deletes the job with its executions.
func deleteJob(st *store, c *call) reply {
	id := c.params["jobId"]
	if _, found := st.jobs[id]; !found {
		return notFound("job", id)
	}
	if act := st.executionsOf(func(e *execution) bool { return e.JobID == id && active(*e.Status) }); len(act) > 0 {
		return badState("job %s has %d execution(s) that are READY or RUNNING (first: %s); cancel them or wait for them to finish before deleting the job",
			id, len(act), act[0].JobExecutionID)
	}
	delete(st.jobs, id)
	st.jobOrder = remove(st.jobOrder, id)
	st.deleteExecutions(func(e *execution) bool { return e.JobID == id })
	return ok(true)
}

// Job executions

func getJobExecutions(st *store, c *call) reply {
	id := c.params["jobId"]
	if _, found := st.jobs[id]; !found {
		return notFound("job", id)
	}
	return executionList(st.executionsOf(func(e *execution) bool { return e.JobID == id }), c)
}

func executionList(execs []*execution, c *call) reply {
	all := make([]gen.JobExecution, len(execs))
	for i, e := range execs {
		all[i] = e.view(c.now)
	}
	list, page, limit := paging(all, c.query)
	return ok(gen.JobExecutionList{List: list, Count: ptr(len(list)), Page: &page, Limit: &limit})
}

// createJobExecution starts a READY execution with the job's stored options
// overlaid with the request's. A job with maxConcurrentRuns refuses a run
// beyond it.
func createJobExecution(st *store, c *call) reply {
	id := c.params["jobId"]
	j, found := st.jobs[id]
	if !found {
		return notFound("job", id)
	}
	var req gen.CreateJobExecutionRequest
	if r := decode(c, &req); r != nil {
		return *r
	}
	if max := j.MaxConcurrentRuns; max != nil {
		if n := len(st.executionsOf(func(e *execution) bool { return e.JobID == id && active(*e.Status) })); n >= *max {
			return badState("job %s already has %d execution(s) READY or RUNNING (maxConcurrentRuns %d)", id, n, *max)
		}
	}
	cond := runConditionOf(j)
	mergeOptions(&cond, req.JobCondition)
	e := newExecution(st, j, cond, c.now)
	if w := c.query.Get("workflowId"); w != "" {
		e.Type, e.workflowID = ptr("WORKFLOW"), w
	}
	if t := c.query.Get("triggerId"); t != "" {
		e.TriggerID = ptr(t)
	}
	return ok(e.view(c.now))
}

func newExecution(st *store, j *gen.Job, cond gen.RunCondition, now time.Time) *execution {
	e := &execution{created: now}
	e.JobExecution = gen.JobExecution{
		JobExecutionID: st.newID(),
		JobID:          j.JobID,
		JobName:        ptr(j.Name),
		Type:           ptr("JOB"),
		Status:         ptr(gen.ExecutionStatusREADY),
		JobCondition:   &cond,
		CreatedDate:    stamp(now),
	}
	st.execs[e.JobExecutionID] = e
	st.execOrder = append(st.execOrder, e.JobExecutionID)
	return e
}

// runConditionOf copies the job's stored execution options.
func runConditionOf(j *gen.Job) gen.RunCondition {
	if j.RunCondition == nil {
		return gen.RunCondition{}
	}
	return clone(*j.RunCondition)
}

// mergeOptions overlays the options given on dst; omitted ones stay.
func mergeOptions(dst *gen.RunCondition, o *gen.JobConditionOptions) {
	if o == nil {
		return
	}
	if o.NumWorker != nil {
		dst.NumWorker = ptr(*o.NumWorker)
	}
	if o.Timeout != nil {
		dst.Timeout = ptr(*o.Timeout)
	}
	if o.Nrn != nil {
		dst.Nrn = ptr(*o.Nrn)
	}
	if o.ScriptPath != nil {
		dst.ScriptPath = ptr(*o.ScriptPath)
	}
	if o.LogPath != nil {
		dst.LogPath = ptr(*o.LogPath)
	}
	if o.Parameters != nil {
		dst.Parameters = ptr(map[string]string(*o.Parameters))
	}
}

// updateJobExecutionConfig copies jobCondition into the job's runCondition
// (fields left out keep their stored values, as the current documentation
// says) and bumps updatedDate.
func updateJobExecutionConfig(st *store, c *call) reply {
	j, found := st.jobs[c.params["jobId"]]
	if !found {
		return notFound("job", c.params["jobId"])
	}
	var req gen.UpdateJobExecutionConfigRequest
	if r := decode(c, &req); r != nil {
		return *r
	}
	rc := runConditionOf(j)
	overlay(&rc, req.JobCondition)
	j.RunCondition = &rc
	j.UpdatedDate = stamp(c.now)
	return ok(st.jobView(j))
}

func getJobExecution(st *store, c *call) reply {
	if _, found := st.jobs[c.params["jobId"]]; !found {
		return notFound("job", c.params["jobId"])
	}
	e, found := st.jobExecution(c.params["jobId"], c.params["executionId"])
	if !found {
		return notFound("job execution", c.params["executionId"])
	}
	return ok(e.view(c.now))
}

// cancelJobExecution moves a READY or RUNNING execution to CANCELED and
// refuses (bad-state) one that has finished.
func cancelJobExecution(st *store, c *call) reply {
	if _, found := st.jobs[c.params["jobId"]]; !found {
		return notFound("job", c.params["jobId"])
	}
	e, found := st.jobExecution(c.params["jobId"], c.params["executionId"])
	if !found {
		return notFound("job execution", c.params["executionId"])
	}
	if !active(*e.Status) {
		return badState("job execution %s is %s; only READY or RUNNING executions can be cancelled", e.JobExecutionID, *e.Status)
	}
	e.end(gen.ExecutionStatusCANCELED, c.now)
	return ok(true)
}

// Workflows

func getWorkflows(st *store, c *call) reply {
	all := make([]gen.Workflow, 0, len(st.wfOrder))
	for _, id := range st.wfOrder {
		all = append(all, *st.workflows[id])
	}
	list, page, limit := paging(all, c.query)
	return ok(gen.WorkflowList{List: list, Count: ptr(len(list)), Page: &page, Limit: &limit})
}

// workflowNodes checks a workflow's nodes: JOB nodes must name stored jobs,
// and at most one TRIGGER node starts the workflow. It returns the start
// trigger node, if any.
func workflowNodes(st *store, nodes []gen.WorkflowNode) (*gen.WorkflowTriggerNode, *reply) {
	var trigger *gen.WorkflowTriggerNode
	for i, n := range nodes {
		kind, err := n.Discriminator()
		if err != nil {
			r := badParameter("nodes[%d]: %v", i, err)
			return nil, &r
		}
		switch kind {
		case "JOB":
			jn, err := n.AsWorkflowJobNode()
			if err != nil {
				r := badParameter("nodes[%d]: %v", i, err)
				return nil, &r
			}
			if _, found := st.jobs[jn.ID]; !found {
				r := badParameter("nodes[%d]: job not found: %s", i, jn.ID)
				return nil, &r
			}
		case "TRIGGER":
			tn, err := n.AsWorkflowTriggerNode()
			if err != nil {
				r := badParameter("nodes[%d]: %v", i, err)
				return nil, &r
			}
			if trigger != nil {
				r := badParameter("nodes[%d]: a workflow has one start trigger; %s is already one", i, trigger.ID)
				return nil, &r
			}
			trigger = &tn
		}
	}
	return trigger, nil
}

func createWorkflow(st *store, c *call) reply {
	var req gen.CreateWorkflowRequest
	if r := decode(c, &req); r != nil {
		return *r
	}
	trigger, r := workflowNodes(st, req.Nodes)
	if r != nil {
		return *r
	}
	id := st.newID()
	w := &gen.Workflow{
		WorkflowID:  id,
		Name:        req.Name,
		IsTemp:      ptr(req.IsTemp),
		ResourceID:  ptr(id),
		Nodes:       ptr(req.Nodes),
		CreatedDate: stamp(c.now),
		UpdatedDate: stamp(c.now),
	}
	setTriggerRuleType(w, trigger)
	st.workflows[id] = w
	st.wfOrder = append(st.wfOrder, id)
	return created(c, *w)
}

func setTriggerRuleType(w *gen.Workflow, trigger *gen.WorkflowTriggerNode) {
	w.TriggerRuleType = nil
	if trigger != nil && trigger.TriggerRule != nil {
		w.TriggerRuleType = ptr(gen.WorkflowTriggerRuleType(*trigger.TriggerRule))
	}
}

func getWorkflow(st *store, c *call) reply {
	w, found := st.workflows[c.params["workflowId"]]
	if !found {
		return notFound("workflow", c.params["workflowId"])
	}
	return ok(*w)
}

func updateWorkflow(st *store, c *call) reply {
	w, found := st.workflows[c.params["workflowId"]]
	if !found {
		return notFound("workflow", c.params["workflowId"])
	}
	var req gen.UpdateWorkflowRequest
	if r := decode(c, &req); r != nil {
		return *r
	}
	trigger, r := workflowNodes(st, req.Nodes)
	if r != nil {
		return *r
	}
	w.Name = req.Name
	w.Nodes = ptr(req.Nodes)
	if req.IsTemp != nil {
		w.IsTemp = ptr(*req.IsTemp)
	}
	setTriggerRuleType(w, trigger)
	w.UpdatedDate = stamp(c.now)
	return ok(*w)
}

// deleteWorkflow refuses while an execution it started is READY or RUNNING.
func deleteWorkflow(st *store, c *call) reply {
	id := c.params["workflowId"]
	if _, found := st.workflows[id]; !found {
		return notFound("workflow", id)
	}
	if act := st.executionsOf(func(e *execution) bool { return fromWorkflow(e, id) && active(*e.Status) }); len(act) > 0 {
		return badState("workflow %s has %d execution(s) that are READY or RUNNING (first: %s); cancel them or wait before deleting the workflow",
			id, len(act), act[0].JobExecutionID)
	}
	delete(st.workflows, id)
	st.wfOrder = remove(st.wfOrder, id)
	return ok(true)
}

func fromWorkflow(e *execution, id string) bool { return e.workflowID == id }

func getWorkflowExecutions(st *store, c *call) reply {
	id := c.params["workflowId"]
	w, found := st.workflows[id]
	if !found {
		return notFound("workflow", id)
	}
	if f := c.query.Get("filter"); f != "" && !strings.Contains(w.Name, f) {
		return executionList(nil, c)
	}
	return executionList(st.executionsOf(func(e *execution) bool { return fromWorkflow(e, id) }), c)
}

// executeWorkflow accepts (202) a workflow whose start trigger runs directly
// (rule NONE, or no trigger node) or on an event, and refuses (bad-state) a
// scheduled one (rule RECURRING or ONE_TIME, or a stored SCHEDULED trigger),
// as the documentation says. It starts one READY execution per JOB node.
func executeWorkflow(st *store, c *call) reply {
	id := c.params["workflowId"]
	w, found := st.workflows[id]
	if !found {
		return notFound("workflow", id)
	}
	var nodes []gen.WorkflowNode
	if w.Nodes != nil {
		nodes = *w.Nodes
	}
	trigger, r := workflowNodes(st, nodes)
	if r != nil {
		return badState("workflow %s cannot run: %s", id, *r.body.(gen.ErrorResponse).Detail)
	}
	accepted := gen.WorkflowExecutionAccepted{WorkflowID: id, Status: gen.WorkflowExecutionAcceptedStatusACCEPTED}
	if trigger != nil {
		if rule := trigger.TriggerRule; rule != nil && *rule != gen.WorkflowTriggerNodeTriggerRuleNONE {
			return badState("workflow %s starts on a %s schedule; only workflows run directly or on an event can be executed", id, *rule)
		}
		if t, found := st.triggers[trigger.ID]; found && t.Type != nil && *t.Type == "SCHEDULED" {
			return badState("workflow %s starts with the SCHEDULED trigger %s; only workflows run directly or on an event can be executed", id, t.TriggerID)
		}
		accepted.TriggerID = ptr(trigger.ID)
	}
	for _, n := range nodes {
		jn, err := n.AsWorkflowJobNode()
		if kind, _ := n.Discriminator(); kind != "JOB" || err != nil {
			continue
		}
		j := st.jobs[jn.ID]
		cond := runConditionOf(j)
		overlay(&cond, jn.JobCondition)
		e := newExecution(st, j, cond, c.now)
		e.Type, e.workflowID = ptr("WORKFLOW"), id
		if trigger != nil {
			e.TriggerID, e.TriggerName = ptr(trigger.ID), ptr(trigger.Name)
		}
	}
	w.LastExecutionDate = stamp(c.now)
	return reply{http.StatusAccepted, accepted}
}

// overlay copies the fields a workflow node sets over a job's options.
func overlay(dst *gen.RunCondition, src gen.JobCondition) {
	if src.WorkerType != nil {
		dst.WorkerType = ptr(*src.WorkerType)
	}
	mergeOptions(dst, &gen.JobConditionOptions{
		NumWorker: src.NumWorker, Timeout: src.Timeout, Parameters: src.Parameters,
		Nrn: &src.Nrn, ScriptPath: &src.ScriptPath, LogPath: &src.LogPath,
	})
}

// Triggers

func getTriggers(st *store, c *call) reply {
	name := c.query.Get("name")
	all := []gen.Trigger{}
	for _, id := range st.trOrder {
		if t := st.triggers[id]; name == "" || strings.Contains(t.Name, name) {
			all = append(all, *t)
		}
	}
	list, page, limit := paging(all, c.query)
	return ok(gen.TriggerList{List: list, Count: ptr(len(list)), Page: &page, Limit: &limit})
}

// createTrigger stores a trigger after the documented conditional checks:
// RECURRING needs an interval, WEEK its days, MONTH its date, ONE_TIME its
// executionDate.
func createTrigger(st *store, c *call) reply {
	var req gen.CreateTriggerRequest
	if r := decode(c, &req); r != nil {
		return *r
	}
	rule := req.TriggerRule
	switch {
	case rule.Type == gen.TriggerRuleTypeRECURRING && rule.Interval == nil:
		return badParameter("triggerRule.interval is required when triggerRule.type is RECURRING")
	case rule.Interval != nil && *rule.Interval == gen.TriggerRuleIntervalWEEK && (rule.DayOfWeek == nil || len(*rule.DayOfWeek) == 0):
		return badParameter("triggerRule.dayOfWeek is required when triggerRule.interval is WEEK")
	case rule.Interval != nil && *rule.Interval == gen.TriggerRuleIntervalMONTH && rule.DateOfMonth == nil:
		return badParameter("triggerRule.dateOfMonth is required when triggerRule.interval is MONTH")
	case rule.Type == gen.TriggerRuleTypeONETIME && rule.ExecutionDate == nil:
		return badParameter("triggerRule.executionDate is required when triggerRule.type is ONE_TIME")
	}
	id := st.newID()
	t := &gen.Trigger{
		TriggerID:   id,
		Name:        req.Name,
		Type:        ptr(string(req.Type)),
		TriggerRule: &rule,
		CreatedDate: stamp(c.now),
		UpdatedDate: stamp(c.now),
	}
	st.triggers[id] = t
	st.trOrder = append(st.trOrder, id)
	return created(c, *t)
}

func getTrigger(st *store, c *call) reply {
	t, found := st.triggers[c.params["triggerId"]]
	if !found {
		return notFound("trigger", c.params["triggerId"])
	}
	return ok(*t)
}

// deleteTrigger refuses while a workflow starts with the trigger (the
// documentation does not say; refusing is the safe reading).
func deleteTrigger(st *store, c *call) reply {
	id := c.params["triggerId"]
	if _, found := st.triggers[id]; !found {
		return notFound("trigger", id)
	}
	for _, wid := range st.wfOrder {
		w := st.workflows[wid]
		if w.Nodes == nil {
			continue
		}
		for _, n := range *w.Nodes {
			if kind, _ := n.Discriminator(); kind != "TRIGGER" {
				continue
			}
			if tn, err := n.AsWorkflowTriggerNode(); err == nil && tn.ID == id {
				return badState("trigger %s starts workflow %s; remove it from the workflow before deleting it", id, wid)
			}
		}
	}
	delete(st.triggers, id)
	st.trOrder = remove(st.trOrder, id)
	return ok(true)
}

// Stats. The period is [startDate, endDate) in local time (+09:00); an
// execution counts on its creation date.

const localLayout = "2006-01-02T15:04:05"

func period(c *call) (from, to time.Time, r *reply) {
	from, err1 := time.ParseInLocation(localLayout, c.query.Get("startDate"), kst)
	to, err2 := time.ParseInLocation(localLayout, c.query.Get("endDate"), kst)
	switch {
	case err1 != nil:
		r = ptr(badParameter("startDate: %v", err1))
	case err2 != nil:
		r = ptr(badParameter("endDate: %v", err2))
	case to.Before(from):
		r = ptr(badParameter("endDate %s is before startDate %s", c.query.Get("endDate"), c.query.Get("startDate")))
	case to.Sub(from) > 366*24*time.Hour:
		r = ptr(badParameter("the period is longer than 366 days"))
	}
	return from, to, r
}

func (st *store) createdIn(from, to time.Time) []*execution {
	return st.executionsOf(func(e *execution) bool { return !e.created.Before(from) && e.created.Before(to) })
}

func getExecutionResult(st *store, c *call) reply {
	from, to, r := period(c)
	if r != nil {
		return *r
	}
	var total, completed, failed int
	for _, e := range st.createdIn(from, to) {
		total++
		switch *e.Status {
		case gen.ExecutionStatusCOMPLETED:
			completed++
		case gen.ExecutionStatusFAILED:
			failed++
		}
	}
	return ok(gen.ExecutionResult{TotalCount: &total, CompletedCount: &completed, FailedCount: &failed})
}

// days splits [from, to) into local days, the first starting at from's
// midnight.
func days(from, to time.Time) [][2]time.Time {
	var out [][2]time.Time
	d := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, kst)
	for d.Before(to) {
		next := d.AddDate(0, 0, 1)
		out = append(out, [2]time.Time{d, next})
		d = next
	}
	return out
}

func getExecutionInterval(st *store, c *call) reply {
	from, to, r := period(c)
	if r != nil {
		return *r
	}
	items := []gen.ExecutionIntervalItem{}
	for _, d := range days(from, to) {
		n := len(st.createdIn(maxTime(d[0], from), minTime(d[1], to)))
		items = append(items, gen.ExecutionIntervalItem{
			TotalCount: ptr(n),
			StartDate:  ptr(d[0].Format(localLayout + ".000")),
			EndDate:    ptr(d[1].Format(localLayout + ".000")),
		})
	}
	return ok(gen.ExecutionInterval{Result: &items})
}

func getExecutionTimes(st *store, c *call) reply {
	from, to, r := period(c)
	if r != nil {
		return *r
	}
	points := []gen.ExecutionTimePoint{}
	for _, d := range days(from, to) {
		n := len(st.createdIn(maxTime(d[0], from), minTime(d[1], to)))
		points = append(points, gen.ExecutionTimePoint{Time: ptr(d[0].UnixMilli()), Value: ptr(n)})
	}
	return ok(gen.ExecutionTimes{Result: &points})
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func remove(ids []string, id string) []string {
	for i, x := range ids {
		if x == id {
			return append(ids[:i:i], ids[i+1:]...)
		}
	}
	return ids
}
