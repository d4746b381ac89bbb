package dataflow

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/internal/benchjob"
)

// BenchmarkInputCheck measures the generated request checks of verifyJob
// (validators.gen.go, node graph rules included) on a body of N nodes,
// paired in the same run with encoding the same body, which every call
// does anyway: the ratio is what checking adds to sending.
func BenchmarkInputCheck(b *testing.B) {
	for _, n := range []int{10, 1000} {
		raw, err := benchjob.WithNodes(seedJob(b), n)
		if err != nil {
			b.Fatal(err)
		}
		// The chain gives every node a parent; a source may have none.
		var job struct {
			Nodes []map[string]any `json:"nodes"`
		}
		if err := json.Unmarshal(raw, &job); err != nil {
			b.Fatal(err)
		}
		nodes := make([]gen.Node, len(job.Nodes))
		for i, m := range job.Nodes {
			if t, _ := m["type"].(string); t == NodeTypeSourceOBS {
				m["parentNodeIds"] = []int64{}
			}
			data, err := json.Marshal(m)
			if err == nil {
				err = json.Unmarshal(data, &nodes[i])
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		body := gen.VerifyJobRequest{Name: "bench_job", Nodes: nodes}
		ck := checker{op: "verifyJob"}
		validateVerifyJobInput(&ck, &body)
		if err := ck.err(); err != nil {
			b.Fatalf("the benchmark body is refused: %v", err)
		}
		b.Run(fmt.Sprintf("nodes=%d/check", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ck := checker{op: "verifyJob"}
				validateVerifyJobInput(&ck, &body)
			}
		})
		b.Run(fmt.Sprintf("nodes=%d/encode", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := json.Marshal(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// seedJob is the spec's example job (components.responses.Job, example seed).
func seedJob(b *testing.B) []byte {
	doc, err := openapi3.NewLoader().LoadFromData(OpenAPISpec())
	if err != nil {
		b.Fatal(err)
	}
	raw, err := json.Marshal(doc.Components.Responses["Job"].Value.Content.Get("application/json").Examples["seed"].Value.Value)
	if err != nil {
		b.Fatal(err)
	}
	return raw
}
