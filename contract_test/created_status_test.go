package contract_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// createJob, createWorkflow and createTrigger answer 201 Created in the
// current documentation; an older generation may answer 200. Both answers
// validate against openapi.yaml (they are declared, so a generated client
// never falls into default), the generated client fills JSON201 or JSON200,
// and the Client's methods return the created value either way.
func TestCreateOperationsAnswer201Or200(t *testing.T) {
	// Declared, not caught by default (which would take any object).
	for op, schema := range map[string]string{"createJob": "Job", "createWorkflow": "Workflow", "createTrigger": "Trigger"} {
		o := operationByID(t, op)
		for _, status := range []int{http.StatusCreated, http.StatusOK} {
			r := o.Responses.Status(status)
			require.NotNil(t, r, "%s does not declare %d", op, status)
			mt := r.Value.Content.Get("application/json")
			require.NotNil(t, mt, "%s %d has no JSON body", op, status)
			assert.Equal(t, "#/components/schemas/"+schema, mt.Schema.Ref, "%s %d", op, status)
		}
	}
	for _, status := range []int{http.StatusCreated, http.StatusOK} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			e := newEnv(t, dataflowtest.WithCreatedStatus(status))
			pick := func(ok, created any) any {
				if status == http.StatusCreated {
					return created
				}
				return ok
			}

			nodes := pipeline(t)
			job, err := e.client.CreateJobWithResponse(ctx, gen.CreateJobJSONRequestBody{Name: "created_job", Type: "VISUAL", Nodes: &nodes})
			require.NoError(t, err)
			require.Equal(t, status, job.StatusCode(), "%s", job.Body)
			got := pick(job.JSON200, job.JSON201).(*gen.Job)
			require.NotNil(t, got, "%s", job.Body)
			assert.Equal(t, "created_job", got.Name)

			tr, err := e.client.CreateTriggerWithResponse(ctx, gen.CreateTriggerJSONRequestBody{Name: "manual", Type: gen.CreateTriggerRequestTypeNONE,
				TriggerRule: gen.TriggerRule{Type: gen.TriggerRuleTypeNONE}})
			require.NoError(t, err)
			require.Equal(t, status, tr.StatusCode(), "%s", tr.Body)
			require.NotNil(t, pick(tr.JSON200, tr.JSON201).(*gen.Trigger))

			wf, err := e.client.CreateWorkflowWithResponse(ctx, workflowRequest(t, "NONE"))
			require.NoError(t, err)
			require.Equal(t, status, wf.StatusCode(), "%s", wf.Body)
			require.NotNil(t, pick(wf.JSON200, wf.JSON201).(*gen.Workflow))
			assert.GreaterOrEqual(t, e.doer.validated("createJob")+e.doer.validated("createTrigger")+e.doer.validated("createWorkflow"), 3)

			c, err := dataflow.New(dataflow.WithEndpoint(e.srv.URL), dataflow.WithStaticCredentials(e.srv.AccessKey, e.srv.SecretKey))
			require.NoError(t, err)
			j, err := c.CreateJob(ctx, gen.CreateJobRequest{Name: "client_job", Type: "VISUAL"})
			require.NoError(t, err)
			assert.Equal(t, "client_job", j.Name)
			trig, err := c.CreateTrigger(ctx, gen.CreateTriggerRequest{Name: "client_trigger", Type: gen.CreateTriggerRequestTypeNONE,
				TriggerRule: gen.TriggerRule{Type: gen.TriggerRuleTypeNONE}})
			require.NoError(t, err)
			assert.Equal(t, "client_trigger", trig.Name)
			w, err := c.CreateWorkflow(ctx, workflowRequest(t, "NONE"))
			require.NoError(t, err)
			assert.Equal(t, "workflow001", w.Name)
		})
	}
}

func operationByID(t *testing.T, id string) *openapi3.Operation {
	t.Helper()
	for _, item := range spec.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == id {
				return op
			}
		}
	}
	t.Fatalf("openapi.yaml has no operation %s", id)
	return nil
}
