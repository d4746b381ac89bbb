//go:build unix

package peers_test

// The ogen arm of BenchmarkCall and BenchmarkDecodeJob (see the root
// package's bench_test.go, whose baselines these are divided by). Each
// reports cpu-ns/op as the root benchmarks do.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/internal/benchjob"
	"github.com/ncp-dataflow/dataflow-go/tools/bench/peers/ogenapi"
)

const (
	jobID = "gqigvHa1b2c3"
	path  = "/api/v1/jobs/" + jobID + "/executions"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration, nodes int) {
	used := float64(cpuTime() - start)
	b.ReportMetric(used/float64(b.N), "cpu-ns/op")
	if nodes > 0 {
		b.ReportMetric(used/float64(b.N)/float64(nodes), "cpu-ns/node")
	}
}

// seedJob is the seed job of openapi.yaml (components.responses.Job), as
// the root benchmarks read it.
var seedJob = sync.OnceValues(func() ([]byte, error) {
	doc, err := openapi3.NewLoader().LoadFromData(dataflow.OpenAPISpec())
	if err != nil {
		return nil, err
	}
	resp := doc.Components.Responses["Job"]
	if resp == nil || resp.Value == nil {
		return nil, errors.New("openapi.yaml has no components.responses.Job")
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil || mt.Examples["seed"] == nil || mt.Examples["seed"].Value == nil {
		return nil, errors.New("openapi.yaml has no seed example")
	}
	return json.Marshal(mt.Examples["seed"].Value.Value)
})

func seed(tb testing.TB) []byte {
	tb.Helper()
	b, err := seedJob()
	if err != nil {
		tb.Fatal(err)
	}
	return bytes.Clone(b)
}

// fixedKeys gives the signature headers fixed values, as the root
// baseline does: neither side computes a signature.
type fixedKeys struct{}

func (fixedKeys) AccessKey(context.Context, ogenapi.OperationName) (ogenapi.AccessKey, error) {
	return ogenapi.AccessKey{APIKey: "AKIDEXAMPLE"}, nil
}

func (fixedKeys) Signature(context.Context, ogenapi.OperationName) (ogenapi.Signature, error) {
	return ogenapi.Signature{APIKey: "c2lnbmF0dXJlLWZpeGVkLWZvci10aGUtYmVuY2htYXJrcz0="}, nil
}

func (fixedKeys) Timestamp(context.Context, ogenapi.OperationName) (ogenapi.Timestamp, error) {
	return ogenapi.Timestamp{APIKey: "1767225600000"}, nil
}

func newServer(tb testing.TB, job []byte) *httptest.Server {
	length := strconv.Itoa(len(job))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.Method != http.MethodPut || r.URL.Path != path {
			http.Error(w, "not the benchmarked operation", http.StatusNotFound)
			return
		}
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{length}
		_, _ = w.Write(job)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

func request() *ogenapi.UpdateJobExecutionConfigRequest {
	return &ogenapi.UpdateJobExecutionConfigRequest{JobCondition: ogenapi.JobCondition{
		WorkerType: ogenapi.NewOptString("DEFAULT"),
		NumWorker:  ogenapi.NewOptNumWorker(2),
		Timeout:    ogenapi.NewOptTimeoutMinutes(360),
		Nrn:        "nrn:PUB:IAM::2706412:Role/5f1c8e2a-0496-11f0-baf6-246e96591a38",
		ScriptPath: "dataflow-2706412-ab12/scripts/",
		LogPath:    "dataflow-2706412-ab12/sparkHistoryLogs/",
	}}
}

func call(ctx context.Context, c *ogenapi.Client) (*ogenapi.Job, error) {
	res, err := c.UpdateJobExecutionConfig(ctx, request(), ogenapi.UpdateJobExecutionConfigParams{JobId: jobID})
	if err != nil {
		return nil, err
	}
	job, ok := res.(*ogenapi.Job)
	if !ok {
		return nil, fmt.Errorf("answer %T, not a job", res)
	}
	return job, nil
}

func TestOgenCallDecodesTheSeedJob(t *testing.T) {
	srv := newServer(t, seed(t))
	c, err := ogenapi.NewClient(srv.URL, fixedKeys{})
	if err != nil {
		t.Fatal(err)
	}
	job, err := call(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if job.JobId.Value != jobID || len(job.Nodes) == 0 {
		t.Fatalf("decoded %+v", job)
	}
}

// BenchmarkPeerCall is BenchmarkCall's updateJobExecutionConfig call made
// with the ogen client.
func BenchmarkPeerCall(b *testing.B) {
	srv := newServer(b, seed(b))
	ctx := context.Background()
	b.Run("ogen", func(b *testing.B) {
		c, err := ogenapi.NewClient(srv.URL, fixedKeys{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			if _, err := call(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start, 0)
	})
}

// visit decodes a job with ogen and visits every node through its type,
// reading what the root benchmark's visitors read.
func visit(data []byte) (nodes int, ids int64, err error) {
	var job ogenapi.Job
	if err := job.UnmarshalJSON(data); err != nil {
		return 0, 0, err
	}
	for i := range job.Nodes {
		n := &job.Nodes[i]
		nodes++
		switch n.Type {
		case ogenapi.ReturnedSourceOBSNodeReturnedNode:
			ids += int64(n.ReturnedSourceOBSNode.ID)
			ids += int64(len(n.ReturnedSourceOBSNode.FieldList))
		case ogenapi.ReturnedTransformFilterNodeReturnedNode:
			ids += int64(n.ReturnedTransformFilterNode.ID)
			ids += int64(len(n.ReturnedTransformFilterNode.FilterConditionList))
		case ogenapi.ReturnedTargetOBSNodeReturnedNode:
			ids += int64(n.ReturnedTargetOBSNode.ID)
			ids += int64(len(n.ReturnedTargetOBSNode.FieldList))
		case ogenapi.ReturnedTransformJoinNodeReturnedNode:
			ids += int64(n.ReturnedTransformJoinNode.ID)
			ids += int64(len(n.ReturnedTransformJoinNode.AdditionalProps))
		}
	}
	return nodes, ids, nil
}

func TestOgenVisitsEveryNode(t *testing.T) {
	for _, n := range []int{1, 10, 1000} {
		data, err := benchjob.WithNodes(seed(t), n)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := visit(data)
		if err != nil || got != n {
			t.Fatalf("nodes=%d: visited %d, %v", n, got, err)
		}
	}
}

// BenchmarkPeerDecodeJob is BenchmarkDecodeJob's decode and visit, with ogen.
func BenchmarkPeerDecodeJob(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		data, err := benchjob.WithNodes(seed(b), n)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("nodes=%d/ogen", n), func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				got, _, err := visit(data)
				if err != nil || got != n {
					b.Fatalf("visited %d nodes, err %v", got, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/node")
			reportCPU(b, start, n)
		})
	}
}

// TestOgenRefusesUnknownNodeType records the behaviour BENCHMARKS.md states
// for the peer: a node type the spec does not list fails the whole job
// (the dataflow client keeps such a node as raw JSON).
func TestOgenRefusesUnknownNodeType(t *testing.T) {
	var job ogenapi.Job
	err := job.UnmarshalJSON([]byte(`{"jobId":"j","name":"n","nodes":[{"type":"TRANSFORM_FUTURE","id":1,"name":"f","parentNodeIds":[]}]}`))
	if err == nil {
		t.Fatal("ogen decoded a job with an unknown node type")
	}
	t.Logf("ogen: %v", err)
}
