package dataflowtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// Every operation of the spec is served, by a handler over the fake's
// state or else by the spec's example of its success, and every handler
// serves an operation of the spec.
func TestHandlersCoverEveryOperation(t *testing.T) {
	c, err := loadContract()
	require.NoError(t, err)
	ops := OperationIDs()
	require.Len(t, ops, 25, "openapi.yaml should define the 25 Data Flow operations")
	for _, op := range ops {
		_, canned := c.examples[op]
		assert.True(t, handlers[op] != nil || canned, "operation %s has neither a handler nor a success example", op)
	}
	for op := range handlers {
		assert.True(t, slices.Contains(ops, op), "handler %s serves no operation of openapi.yaml", op)
	}
}

// An operation without a handler is answered with the spec's example of
// its success, validated like every answer. (It removes a handler for the
// length of the test, so it must not run in parallel.)
func TestOperationWithoutHandlerAnswersItsExample(t *testing.T) {
	const op = "getExecutionTimes"
	saved := handlers[op]
	delete(handlers, op)
	t.Cleanup(func() { handlers[op] = saved })

	s := NewServer(WithT(t))
	resp, err := s.Client().GetExecutionTimesWithResponse(context.Background(),
		&gen.GetExecutionTimesParams{StartDate: "2025-03-19T00:00:00", EndDate: "2025-03-20T00:00:00"})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	c, err := loadContract()
	require.NoError(t, err)
	assert.JSONEq(t, string(c.examples[op].body), string(resp.Body))
	require.NotNil(t, resp.JSON200)
	require.NotEmpty(t, resp.JSON200.Result, "the example's points")
	assert.Empty(t, s.Errors())

	handlers[op] = saved
	resp, err = s.Client().GetExecutionTimesWithResponse(context.Background(),
		&gen.GetExecutionTimesParams{StartDate: "2025-03-19T00:00:00", EndDate: "2025-03-20T00:00:00"})
	require.NoError(t, err)
	assert.NotEqual(t, string(c.examples[op].body), string(resp.Body), "with its handler back, the fake answers from its state")
}

// recordingTB stands in for the test given to WithT.
type recordingTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recordingTB) Helper()        {}
func (r *recordingTB) Cleanup(func()) {}
func (r *recordingTB) Errorf(f string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(f, args...))
}

// When the fake's state would produce an answer the spec rejects, the
// client gets a 500 naming the drift, Errors lists it and WithT reports it.
func TestResponseDriftIsCaught(t *testing.T) {
	tb := &recordingTB{}
	srv := NewServer(WithT(tb))
	defer srv.Close()

	// A SOURCE_OBS node without its required bucketName.
	var node gen.Node
	require.NoError(t, node.UnmarshalJSON([]byte(`{"type":"SOURCE_OBS","id":1,"name":"src","parentNodeIds":[],"regionNo":"1","prefix":"p","dataType":"CSV","fieldList":[]}`)))
	srv.mu.Lock()
	srv.st.putJob(&gen.Job{JobID: "driftJob0001", Name: "drift", Nodes: &[]gen.Node{node}})
	srv.mu.Unlock()

	resp, err := srv.Client().GetJobWithResponse(context.Background(), "driftJob0001")
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode())
	require.NotNil(t, resp.JSON500)
	assert.Equal(t, "contract-drift", *resp.JSON500.ErrorType)
	assert.Contains(t, *resp.JSON500.Detail, "bucketName")

	require.Len(t, srv.Errors(), 1)
	assert.Contains(t, srv.Errors()[0].Error(), "getJob")
	require.Len(t, tb.errors, 1)
	assert.Contains(t, tb.errors[0], `property "bucketName" is missing`)

	// The seed job still answers normally.
	ok, err := srv.Client().GetJobWithResponse(context.Background(), SeedJobID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, ok.StatusCode())
	assert.Len(t, srv.Errors(), 1)
}

// The seed job is the spec's example, byte for byte in meaning.
func TestSeedJobIsTheSpecExample(t *testing.T) {
	c, err := loadContract()
	require.NoError(t, err)
	var example map[string]any
	require.NoError(t, json.Unmarshal(c.seedJob, &example))
	assert.Equal(t, SeedJobID, example["jobId"], "SeedJobID must be the jobId of components.responses.Job.examples.seed")

	srv := NewServer()
	defer srv.Close()
	job, ok := srv.Job(SeedJobID)
	require.True(t, ok)
	got, err := json.Marshal(job)
	require.NoError(t, err)
	assert.JSONEq(t, string(c.seedJob), string(got))

	empty := NewServer(WithSeed(false))
	defer empty.Close()
	assert.Empty(t, empty.JobIDs())
}

func TestDescribeNamesWhereAndWhat(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	body := `{"jobCondition":{"numWorker":11,"timeout":0,"scriptPath":"s/","logPath":"l/"}}`
	resp, err := srv.Client().UpdateJobExecutionConfigWithBodyWithResponse(context.Background(), SeedJobID, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode())
	detail := *resp.JSON400.Detail
	for _, want := range []string{
		"request body: /jobCondition/numWorker: number must be at most 10",
		"/jobCondition/timeout: number must be at least 1",
		`property "nrn" is missing`,
	} {
		assert.Contains(t, detail, want)
	}
}
