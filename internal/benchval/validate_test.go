// Package benchval measures what contract validation with kin-openapi costs
// the test suite (issue 8, item 4; BENCHMARKS.md). It holds tests and
// benchmarks only.
//
// BenchmarkValidateJob/nodes=N/kin validates the answer of
// updateJobExecutionConfig, a Job of N mixed nodes, the way the fake server
// (dataflowtest) validates each of its answers: FindRoute on the request,
// then openapi3filter.ValidateResponse on the body. Its pair
// BenchmarkValidateJob/nodes=N/unmarshal is encoding/json into any, which
// kin-openapi does first anyway; the ratio is what the schema walk adds.
// Both report ns/node, and where the OS tells (unix) cpu-ns/op and
// cpu-ns/node: CPU time used by the process, steadier than wall time on a
// shared machine. The bodies are built exactly as the root package's
// BenchmarkDecodeJob builds them, so the two read the same responses.
package benchval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/ncp-dataflow/dataflow-go/internal/benchjob"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	dataflow "github.com/ncp-dataflow/dataflow-go"
)

const benchPath = "/api/v1/jobs/gqigvHa1b2c3/executions"

type contract struct {
	doc    *openapi3.T
	router routers.Router
	seed   []byte // components.responses.Job.examples.seed
}

func loadContract(tb testing.TB) *contract {
	tb.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(dataflow.OpenAPISpec())
	if err != nil {
		tb.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	doc.Servers = nil // route on the path alone, as dataflowtest does
	router, err := legacy.NewRouter(doc)
	if err != nil {
		tb.Fatal(err)
	}
	resp := doc.Components.Responses["Job"]
	if resp == nil || resp.Value == nil {
		tb.Fatal("openapi.yaml has no components.responses.Job")
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil || mt.Examples["seed"] == nil || mt.Examples["seed"].Value == nil {
		tb.Fatal("openapi.yaml has no components.responses.Job example seed")
	}
	seed, err := json.Marshal(mt.Examples["seed"].Value.Value)
	if err != nil {
		tb.Fatal(err)
	}
	return &contract{doc: doc, router: router, seed: seed}
}

// options are dataflowtest's validation options.
func options() *openapi3filter.Options {
	return &openapi3filter.Options{SkipSettingDefaults: true, MultiError: true, IncludeResponseStatus: true}
}

// requestBody is the documented updateJobExecutionConfig request.
const requestBody = `{"jobCondition":{"logPath":"dataflow-2706412-ab12/sparkHistoryLogs/","nrn":"nrn:PUB:IAM::2706412:Role/5f1c8e2a-0496-11f0-baf6-246e96591a38","numWorker":2,"scriptPath":"dataflow-2706412-ab12/scripts/","timeout":360,"workerType":"DEFAULT"}}`

// validateJob routes the updateJobExecutionConfig request and validates
// body as its 200 answer.
func (c *contract) validateJob(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, "http://127.0.0.1"+benchPath, strings.NewReader(requestBody))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return err
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: options()},
		Status:                 http.StatusOK,
		Header:                 http.Header{"Content-Type": {"application/json"}},
		Options:                options(),
	}
	out.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(ctx, out)
}

// jobWithNodes returns the seed job with n nodes of mixed types, the same
// bytes the root package's decoding benchmarks read.
func jobWithNodes(tb testing.TB, seedJSON []byte, n int) []byte {
	tb.Helper()
	b, err := benchjob.WithNodes(seedJSON, n)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestValidateJobBodies checks that the benchmarked bodies conform (so the
// benchmark measures the full walk, not an early exit) and that validation
// does run: a node without its bucketName is rejected.
func TestValidateJobBodies(t *testing.T) {
	c := loadContract(t)
	ctx := context.Background()
	if err := c.validateJob(ctx, c.seed); err != nil {
		t.Fatalf("seed: %v", err)
	}
	for _, n := range []int{1, 10, 1000} {
		if err := c.validateJob(ctx, jobWithNodes(t, c.seed, n)); err != nil {
			t.Errorf("nodes=%d: %v", n, err)
		}
	}
	bad := bytes.Replace(jobWithNodes(t, c.seed, 10), []byte(`"bucketName":"aitems",`), nil, 1)
	if err := c.validateJob(ctx, bad); err == nil || !strings.Contains(err.Error(), "bucketName") {
		t.Errorf("a SOURCE_OBS node without bucketName: got %v, want an error naming bucketName", err)
	}
}

// BenchmarkValidateJob reports ns/node for kin-openapi response validation
// of a Job of N nodes, and for decoding the same body into any.
func BenchmarkValidateJob(b *testing.B) {
	c := loadContract(b)
	ctx := context.Background()
	for _, n := range []int{10, 1000, 10000} {
		body := jobWithNodes(b, c.seed, n)
		b.Run(fmt.Sprintf("nodes=%d/kin", n), func(b *testing.B) {
			b.ReportAllocs()
			start, ok := cpuTime()
			for b.Loop() {
				if err := c.validateJob(ctx, body); err != nil {
					b.Fatal(err)
				}
			}
			report(b, n, start, ok)
		})
		b.Run(fmt.Sprintf("nodes=%d/unmarshal", n), func(b *testing.B) {
			b.ReportAllocs()
			start, ok := cpuTime()
			for b.Loop() {
				var v any
				if err := json.Unmarshal(body, &v); err != nil {
					b.Fatal(err)
				}
			}
			report(b, n, start, ok)
		})
	}
}

// report adds ns/node, and the CPU time per operation and per node when
// it was measured.
func report(b *testing.B, nodes int, cpuStart time.Duration, ok bool) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(nodes), "ns/node")
	if end, ok2 := cpuTime(); ok && ok2 {
		used := float64(end - cpuStart)
		b.ReportMetric(used/float64(b.N), "cpu-ns/op")
		b.ReportMetric(used/float64(b.N)/float64(nodes), "cpu-ns/node")
	}
}
