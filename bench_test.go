//go:build unix

package dataflow_test

// Benchmarks of the client's own cost, each paired with a floor measured in
// the same run (issue 8, BENCHMARKS.md). Every name below is a pair of
// sub-benchmarks, so that `go test -bench . -benchmem` prints them next to
// each other and tools/bench/ratios can divide one by the other:
//
//	BenchmarkCall/client               dataflow.New(...).UpdateJobExecutionConfig
//	BenchmarkCall/baseline             net/http + encoding/json by hand, same bytes
//	BenchmarkCall/baseline-gen         the same, decoding into gen.Job (informational)
//	BenchmarkDecodeJob/nodes=N/generated   gen.Job, then Discriminator + As<X> per node
//	BenchmarkDecodeJob/nodes=N/handwritten encoding/json into a flat struct + type switch
//
// Besides ns/op (wall time) each reports cpu-ns/op: the CPU time the whole
// test process used per operation (getrusage, so unix only), which on a
// shared machine moves far less with other people's load than wall time.
//
// The Test functions here check that each pair does the same work (same
// request bytes, same nodes visited); they assert no timings.
//
// Identifiers carry a bench prefix: other test files of this package are
// edited concurrently.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/internal/benchjob"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

const (
	benchJobID     = "gqigvHa1b2c3" // the seed job, dataflowtest.SeedJobID
	benchAccessKey = "AKIDEXAMPLE"
	benchSecretKey = "secret"
	benchPath      = "/api/v1/jobs/" + benchJobID + "/executions"
)

// cpuTime is the CPU time (user + system) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time used since start per operation, and per
// node when nodes > 0.
func reportCPU(b *testing.B, start time.Duration, nodes int) {
	used := float64(cpuTime() - start)
	b.ReportMetric(used/float64(b.N), "cpu-ns/op")
	if nodes > 0 {
		b.ReportMetric(used/float64(b.N)/float64(nodes), "cpu-ns/node")
	}
}

// benchSeedJob returns the seed job's JSON, components.responses.Job.
// examples.seed of openapi.yaml, read with kin-openapi (once per process).
func benchSeedJob(tb testing.TB) []byte {
	tb.Helper()
	b, err := benchSeedOnce()
	if err != nil {
		tb.Fatal(err)
	}
	return bytes.Clone(b)
}

var benchSeedOnce = sync.OnceValues(func() ([]byte, error) {
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
		return nil, errors.New("openapi.yaml has no components.responses.Job example seed")
	}
	return json.Marshal(mt.Examples["seed"].Value.Value)
})

// benchCondition is the documented request of updateJobExecutionConfig.
func benchCondition() gen.JobCondition {
	return gen.JobCondition{
		WorkerType: dataflow.Ptr("DEFAULT"),
		NumWorker:  dataflow.Ptr(2),
		Timeout:    dataflow.Ptr(360),
		Nrn:        "nrn:PUB:IAM::2706412:Role/5f1c8e2a-0496-11f0-baf6-246e96591a38",
		ScriptPath: "dataflow-2706412-ab12/scripts/",
		LogPath:    "dataflow-2706412-ab12/sparkHistoryLogs/",
	}
}

// benchServer answers every PUT of benchPath with the seed job, and counts
// the connections it accepts (both clients must keep theirs alive). It
// checks no signature: the benchmark measures the client.
type benchServer struct {
	*httptest.Server
	conns atomic.Int64
}

func newBenchServer(tb testing.TB, job []byte) *benchServer {
	tb.Helper()
	s := &benchServer{}
	length := strconv.Itoa(len(job))
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.Method != http.MethodPut || r.URL.Path != benchPath {
			http.Error(w, "not the benchmarked operation", http.StatusNotFound)
			return
		}
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{length}
		_, _ = w.Write(job)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	tb.Cleanup(s.Close)
	return s
}

// benchClient is the library under test: signing on, retries on (unused).
func benchClient(tb testing.TB, url string) *dataflow.Client {
	tb.Helper()
	c, err := dataflow.New(dataflow.WithEndpoint(url), dataflow.WithStaticCredentials(benchAccessKey, benchSecretKey))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// The baseline: the least a hand-written client does for the same call.
// It marshals the same body with encoding/json, sends the same method, path
// and headers (the three signature headers with fixed values: it computes
// nothing), and decodes the answer into a plain struct.

type baselineRequest struct {
	JobCondition baselineCondition `json:"jobCondition"`
}

type baselineCondition struct {
	LogPath    string `json:"logPath"`
	Nrn        string `json:"nrn"`
	NumWorker  int    `json:"numWorker"`
	ScriptPath string `json:"scriptPath"`
	Timeout    int    `json:"timeout"`
	WorkerType string `json:"workerType"`
}

type baselineRunCondition struct {
	WorkerType string `json:"workerType"`
	NumWorker  int    `json:"numWorker"`
	Timeout    int    `json:"timeout"`
	Nrn        string `json:"nrn"`
	ScriptPath string `json:"scriptPath"`
	LogPath    string `json:"logPath"`
}

type baselineJob struct {
	JobID        string               `json:"jobId"`
	Name         string               `json:"name"`
	Description  string               `json:"description"`
	Type         string               `json:"type"`
	Status       string               `json:"status"`
	Nodes        []plainNode          `json:"nodes"`
	RunCondition baselineRunCondition `json:"runCondition"`
	CreatedDate  time.Time            `json:"createdDate"`
	UpdatedDate  time.Time            `json:"updatedDate"`
}

type baselineClient struct {
	hc     *http.Client
	url    string
	ua     string
	ts     string
	sig    string
	access string
}

func newBaselineClient(url string) *baselineClient {
	return &baselineClient{
		hc:     &http.Client{}, // http.DefaultTransport, as dataflow.New uses
		url:    url + benchPath,
		ua:     benchUserAgent(),
		ts:     "1767225600000",
		sig:    signing.ComputeSignature(benchSecretKey, http.MethodPut, benchPath, "1767225600000", benchAccessKey),
		access: benchAccessKey,
	}
}

// benchUserAgent is the User-Agent dataflow.New sends, so that both clients
// send the same bytes.
func benchUserAgent() string {
	return fmt.Sprintf("dataflow-go/%s (%s; %s/%s)", dataflow.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func (c *baselineClient) updateJobExecutionConfig(ctx context.Context, cond baselineCondition) (*baselineJob, error) {
	job := new(baselineJob)
	if err := c.send(ctx, cond, job); err != nil {
		return nil, err
	}
	return job, nil
}

// send makes the call and decodes the answer into v.
func (c *baselineClient) send(ctx context.Context, cond baselineCondition, v any) error {
	body, err := json.Marshal(baselineRequest{JobCondition: cond})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, c.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header["Content-Type"] = []string{"application/json"}
	req.Header["User-Agent"] = []string{c.ua}
	req.Header[signing.HeaderTimestamp] = []string{c.ts}
	req.Header[signing.HeaderAccessKey] = []string{c.access}
	req.Header[signing.HeaderSignature] = []string{c.sig}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, data)
	}
	return json.Unmarshal(data, v)
}

func benchBaselineCondition() baselineCondition {
	c := benchCondition()
	return baselineCondition{
		LogPath: c.LogPath, Nrn: c.Nrn, NumWorker: *c.NumWorker, ScriptPath: c.ScriptPath,
		Timeout: *c.Timeout, WorkerType: *c.WorkerType,
	}
}

// capturedRequest is what a server saw of one request.
type capturedRequest struct {
	method, uri string
	header      http.Header
	body        []byte
}

// TestCallBaselineSendsSameRequest checks that the two sides of
// BenchmarkCall send the same method, URI, body and header names, get the
// same job back, and each keep one connection alive.
func TestCallBaselineSendsSameRequest(t *testing.T) {
	job := benchSeedJob(t)
	var got []capturedRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got = append(got, capturedRequest{r.Method, r.RequestURI, r.Header.Clone(), body})
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(job)
	}))
	defer srv.Close()
	ctx := context.Background()

	cj, err := benchClient(t, srv.URL).UpdateJobExecutionConfig(ctx, benchJobID, benchCondition())
	if err != nil {
		t.Fatal(err)
	}
	bj, err := newBaselineClient(srv.URL).updateJobExecutionConfig(ctx, benchBaselineCondition())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("server saw %d requests, want 2", len(got))
	}
	c, b := got[0], got[1]
	if c.method != b.method || c.uri != b.uri {
		t.Errorf("client sent %s %s, baseline %s %s", c.method, c.uri, b.method, b.uri)
	}
	if !bytes.Equal(c.body, b.body) {
		t.Errorf("bodies differ:\nclient   %s\nbaseline %s", c.body, b.body)
	}
	for k := range c.header {
		if _, ok := b.header[k]; !ok {
			t.Errorf("baseline does not send header %s", k)
		}
	}
	for k := range b.header {
		if _, ok := c.header[k]; !ok {
			t.Errorf("client does not send header %s", k)
		}
	}
	for _, k := range []string{"Content-Type", "User-Agent", signing.HeaderAccessKey} {
		if c.header.Get(k) != b.header.Get(k) {
			t.Errorf("%s: client %q, baseline %q", k, c.header.Get(k), b.header.Get(k))
		}
	}
	for _, k := range []string{signing.HeaderTimestamp, signing.HeaderSignature} {
		if len(c.header.Get(k)) != len(b.header.Get(k)) {
			t.Errorf("%s: client sends %d bytes, baseline %d", k, len(c.header.Get(k)), len(b.header.Get(k)))
		}
	}
	if cj.JobID != bj.JobID || cj.Nodes == nil || len(*cj.Nodes) != len(bj.Nodes) || *cj.RunCondition.Timeout != bj.RunCondition.Timeout {
		t.Errorf("the two clients decoded different jobs: %+v vs %+v", cj, bj)
	}

	// Keep-alive: many calls, one connection each.
	bs := newBenchServer(t, job)
	client, base := benchClient(t, bs.URL), newBaselineClient(bs.URL)
	for range 20 {
		if _, err := client.UpdateJobExecutionConfig(ctx, benchJobID, benchCondition()); err != nil {
			t.Fatal(err)
		}
		if _, err := base.updateJobExecutionConfig(ctx, benchBaselineCondition()); err != nil {
			t.Fatal(err)
		}
	}
	// Both use http.DefaultTransport, whose idle pool keeps two connections
	// per host; anything more means a connection was not reused.
	if n := bs.conns.Load(); n > 2 {
		t.Errorf("40 calls opened %d connections; keep-alive is broken", n)
	}
}

// BenchmarkCall is one updateJobExecutionConfig call over loopback HTTP:
// the library (validation, marshalling, signing, retry layer, decoding into
// the generated gen.Job) against the minimal hand-written client above. The
// server, in the same process, costs both sides the same.
func BenchmarkCall(b *testing.B) {
	job := benchSeedJob(b)
	srv := newBenchServer(b, job)
	ctx := context.Background()

	b.Run("client", func(b *testing.B) {
		c := benchClient(b, srv.URL)
		cond := benchCondition()
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			if _, err := c.UpdateJobExecutionConfig(ctx, benchJobID, cond); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start, 0)
	})
	b.Run("baseline", func(b *testing.B) {
		c := newBaselineClient(srv.URL)
		cond := benchBaselineCondition()
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			if _, err := c.updateJobExecutionConfig(ctx, cond); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start, 0)
	})
	// The baseline again, decoding into the generated gen.Job as the client
	// does: client/baseline-gen is the library's own cost (validation,
	// request building, signing, the retry layer) without the generated
	// decoder's.
	b.Run("baseline-gen", func(b *testing.B) {
		c := newBaselineClient(srv.URL)
		cond := benchBaselineCondition()
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			var job gen.Job
			if err := c.send(ctx, cond, &job); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start, 0)
	})
}

// Node union decoding.

// The hand-written baseline's node and the job generator are shared with
// internal/benchval, which validates the same bodies against openapi.yaml.
type plainNode = benchjob.Node

// benchJobWithNodes returns the seed job with n nodes of mixed types (see
// benchjob.WithNodes).
func benchJobWithNodes(tb testing.TB, n int) []byte {
	tb.Helper()
	b, err := benchjob.WithNodes(benchSeedJob(tb), n)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// visitSum is what visiting a node yields: enough of its typed fields that
// the compiler cannot skip decoding them, and that both sides can be
// compared.
type visitSum struct {
	nodes, source, filter, target, join, other int
	ids                                        int64
	fields, conds, extras                      int
}

// visitGenerated decodes data into gen.Job and visits every node through
// its discriminated type: Discriminator(), then As<X>(). It calls the
// generated UnmarshalJSON as the client does (decode in client.go):
// json.Unmarshal would first validate and then skip the whole body before
// calling it.
func visitGenerated(data []byte) (visitSum, error) {
	var s visitSum
	var job gen.Job
	if err := job.UnmarshalJSON(data); err != nil {
		return s, err
	}
	if job.Nodes == nil {
		return s, nil
	}
	for _, n := range *job.Nodes {
		s.nodes++
		d, err := n.Discriminator()
		if err != nil {
			return s, err
		}
		switch d {
		case dataflow.NodeTypeSourceOBS:
			v, err := n.AsSourceOBSNode()
			if err != nil {
				return s, err
			}
			s.source++
			s.ids += v.ID
			s.fields += len(v.FieldList)
		case dataflow.NodeTypeTransformFilter:
			v, err := n.AsTransformFilterNode()
			if err != nil {
				return s, err
			}
			s.filter++
			s.ids += v.ID
			s.conds += len(v.FilterConditionList)
		case dataflow.NodeTypeTargetOBS:
			v, err := n.AsTargetOBSNode()
			if err != nil {
				return s, err
			}
			s.target++
			s.ids += v.ID
			s.fields += len(v.FieldList)
		case dataflow.NodeTypeTransformJoin:
			v, err := n.AsTransformJoinNode()
			if err != nil {
				return s, err
			}
			s.join++
			s.ids += v.ID
			if v.JoinType != "" {
				s.extras++
			}
			if v.JoinConditionList != nil {
				s.extras++
			}
		default:
			s.other++
		}
	}
	return s, nil
}

// visitHandwritten decodes data with encoding/json into the flat struct and
// switches on Type.
func visitHandwritten(data []byte) (visitSum, error) {
	var s visitSum
	var job baselineJob
	if err := json.Unmarshal(data, &job); err != nil {
		return s, err
	}
	for i := range job.Nodes {
		n := &job.Nodes[i]
		s.nodes++
		switch n.Type {
		case dataflow.NodeTypeSourceOBS:
			s.source++
			s.ids += n.ID
			s.fields += len(n.FieldList)
		case dataflow.NodeTypeTransformFilter:
			s.filter++
			s.ids += n.ID
			s.conds += len(n.FilterConditionList)
		case dataflow.NodeTypeTargetOBS:
			s.target++
			s.ids += n.ID
			s.fields += len(n.FieldList)
		case dataflow.NodeTypeTransformJoin:
			s.join++
			s.ids += n.ID
			if n.JoinType != "" {
				s.extras++
			}
			if n.JoinConditionList != nil {
				s.extras++
			}
		default:
			s.other++
		}
	}
	return s, nil
}

var benchNodeCounts = []int{10, 1000, 10000}

// TestDecodeJobBaselineAgrees checks that both sides of BenchmarkDecodeJob
// see the same nodes, types, ids and fields.
func TestDecodeJobBaselineAgrees(t *testing.T) {
	for _, n := range []int{1, 10, 1000} {
		data := benchJobWithNodes(t, n)
		g, err := visitGenerated(data)
		if err != nil {
			t.Fatal(err)
		}
		h, err := visitHandwritten(data)
		if err != nil {
			t.Fatal(err)
		}
		if g != h {
			t.Errorf("nodes=%d: generated %+v, handwritten %+v", n, g, h)
		}
		if g.nodes != n || g.other != 0 {
			t.Errorf("nodes=%d: visited %+v", n, g)
		}
	}
}

// BenchmarkDecodeJob decodes a job of N mixed nodes and visits each through
// its type. ns/node must stay flat across N (linear cost).
func BenchmarkDecodeJob(b *testing.B) {
	for _, n := range benchNodeCounts {
		data := benchJobWithNodes(b, n)
		for _, side := range []struct {
			name  string
			visit func([]byte) (visitSum, error)
		}{{"generated", visitGenerated}, {"handwritten", visitHandwritten}} {
			b.Run(fmt.Sprintf("nodes=%d/%s", n, side.name), func(b *testing.B) {
				b.ReportAllocs()
				start := cpuTime()
				for b.Loop() {
					s, err := side.visit(data)
					if err != nil || s.nodes != n {
						b.Fatalf("visited %d nodes, err %v", s.nodes, err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/node")
				reportCPU(b, start, n)
			})
		}
	}
}
