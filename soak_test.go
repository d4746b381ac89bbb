//go:build soak

package dataflow_test

// The soak test of issue 9. It is not part of `make test`: run it with
//
//	go test -tags soak -run TestSoak -count=1 -timeout 5m -v .
//
// (tools/reliability/soak.sh, `make soak`). Identifiers carry a soak
// prefix: other test files of this package are edited concurrently.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

const (
	soakCalls     = 20000            // calls in all
	soakWorkers   = 50               // goroutines calling at once
	soakRounds    = 4                // the calls run in rounds; the heap is read after each
	soakCallLimit = 5 * time.Second  // each call's own deadline: far beyond a normal call, even under load
	soakRunLimit  = 4 * time.Minute  // the whole soak's deadline
	soakHeapBound = 64 << 20         // live heap allowed after the run (bytes)
	soakSettle    = 10 * time.Second // how long goroutines and sockets get to wind down
	soakCallTag   = "X-Soak-Call"    // header naming the call an attempt belongs to
)

// soakKind is a fault the fake plays for one request.
type soakKind int

const (
	soakNone     soakKind = iota // handled normally
	soakQuick                    // handled normally after 1-10 ms
	soak500                      // 500 with the gateway's body
	soak502                      // 502 with a proxy's HTML page
	soak503                      // 503 with the gateway's body
	soak504                      // 504 with the gateway's body
	soak429                      // 429, Retry-After: 0
	soak429Slow                  // 429, Retry-After: 1
	soakDrop                     // connection closed without an answer
	soakTruncate                 // handled, then the answer cut in half
	soakHang                     // no answer before the call's deadline
	soakKinds
)

var soakKindNames = [soakKinds]string{"none", "delay 1-10ms", "500", "502 HTML", "503", "504", "429 Retry-After 0",
	"429 Retry-After 1", "dropped connection", "truncated body", "delay past the deadline"}

// soakMix is how often each fault is chosen, per 10,000 requests.
var soakMix = [soakKinds]int{
	soakNone: 6940, soakQuick: 500, soak500: 300, soak502: 300, soak503: 500, soak504: 200,
	soak429: 400, soak429Slow: 10, soakDrop: 300, soakTruncate: 300, soakHang: 10,
}

func soakPick(r *rand.Rand) soakKind {
	n := r.IntN(10000)
	for k := soakKind(0); k < soakKinds; k++ {
		if n < soakMix[k] {
			return k
		}
		n -= soakMix[k]
	}
	return soakNone
}

func (k soakKind) fault(r *rand.Rand) dataflowtest.Fault {
	switch k {
	case soakQuick:
		return dataflowtest.Delay(time.Duration(1+r.IntN(10))*time.Millisecond, 1)
	case soak500:
		return dataflowtest.Status(500, 1)
	case soak502:
		return dataflowtest.HTML(502, 1)
	case soak503:
		return dataflowtest.Status(503, 1)
	case soak504:
		return dataflowtest.Status(504, 1)
	case soak429:
		return dataflowtest.RetryAfter(429, "0", 1)
	case soak429Slow:
		return dataflowtest.RetryAfter(429, "1", 1)
	case soakDrop:
		return dataflowtest.DropConnection(1)
	case soakTruncate:
		return dataflowtest.Truncated(1)
	case soakHang:
		return dataflowtest.Delay(soakCallLimit+time.Second, 1)
	}
	return dataflowtest.Fault{Times: 1} // a fault that changes nothing
}

func (k soakKind) status() int {
	return map[soakKind]int{soak500: 500, soak502: 502, soak503: 503, soak504: 504, soak429: 429, soak429Slow: 429}[k]
}

// soakSchedule keeps the fake's fault queue filled with randomly chosen
// faults, each for one request, and remembers their order. The fake takes
// queued faults first in, first out, and records each request together with
// the fault it took, so the n-th recorded request with Fault set got the
// n-th fault of the schedule.
type soakSchedule struct {
	srv   *dataflowtest.Server
	rand  *rand.Rand
	mu    sync.Mutex
	kinds []soakKind
}

func (s *soakSchedule) fill(target int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for n := s.srv.PendingFaults(); n < target; n++ {
		k := soakPick(s.rand)
		s.srv.InjectFault(k.fault(s.rand))
		s.kinds = append(s.kinds, k)
	}
}

// run refills the queue until ctx ends.
func (s *soakSchedule) run(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		s.fill(1000)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// soakTagger names the call each attempt belongs to in a header, so that
// the fake's records can be matched to calls. It sits under the client's
// retry and signing layers (WithHTTPClient) and copies the request.
type soakTagger struct{ next http.RoundTripper }

type soakCallKey struct{}

func (t soakTagger) RoundTrip(req *http.Request) (*http.Response, error) {
	if id, ok := req.Context().Value(soakCallKey{}).(int); ok {
		tagged := new(http.Request)
		*tagged = *req
		tagged.Header = req.Header.Clone()
		tagged.Header.Set(soakCallTag, strconv.Itoa(id))
		req = tagged
	}
	return t.next.RoundTrip(req)
}

func (t soakTagger) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// soakOutcome is what one call returned.
type soakOutcome struct {
	op         string
	idempotent bool
	err        error
	done       bool
}

// soakCounts are the totals the soak prints.
type soakCounts struct {
	calls, successes, requests, faulted, badSignatures, unattributed, mismatches int
	byError                                                                      map[string]int
	byFault                                                                      [soakKinds]int
	retried                                                                      int
}

func TestSoak(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), soakRunLimit)
	defer cancel()

	srv := dataflowtest.NewServer(dataflowtest.WithT(t))
	defer srv.Close()
	runtime.GC()
	goroutinesBefore := runtime.NumGoroutine()
	socketsBefore, socketsOK := soakSockets()
	port := srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]

	base := &http.Transport{MaxIdleConnsPerHost: soakWorkers, IdleConnTimeout: time.Minute}
	client, err := dataflow.New(
		dataflow.WithEndpoint(srv.URL),
		dataflow.WithStaticCredentials(srv.AccessKey, srv.SecretKey),
		dataflow.WithRetryPolicy(dataflow.RetryPolicy{MaxRetries: 2, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}),
		dataflow.WithHTTPClient(&http.Client{Transport: soakTagger{next: base}}),
		dataflow.WithUserAgent("soak"),
		// The fault mix checks each call's attempts exactly; the budget
		// would cut some retries short. The dead-service phase below runs
		// with it.
		dataflow.WithRetryBudget(dataflow.RetryBudget{}),
	)
	if err != nil {
		t.Fatal(err)
	}

	began := time.Now()
	counts := soakCounts{byError: map[string]int{}}
	var heaps []uint64
	perRound := soakCalls / soakRounds
	for round := 0; round < soakRounds; round++ {
		sched := &soakSchedule{srv: srv, rand: rand.New(rand.NewPCG(uint64(round), 9))}
		sched.fill(1000)
		fillCtx, stopFill := context.WithCancel(ctx)
		filled := make(chan struct{})
		go sched.run(fillCtx, filled)

		outcomes := soakRun(ctx, client, round*perRound, perRound)

		stopFill()
		<-filled
		if ctx.Err() != nil {
			t.Fatalf("the soak did not finish within %v", soakRunLimit)
		}
		sched.mu.Lock()
		soakCheck(t, &counts, round*perRound, outcomes, srv.Requests(), sched.kinds)
		sched.mu.Unlock()
		srv.Reset() // forget the records and the unused faults
		heaps = append(heaps, soakHeap())
	}
	elapsed := time.Since(began)
	dead := soakDeadService(ctx, t, srv, base)

	// Wind down: release the client's idle connections, then wait for the
	// goroutines and sockets to go back to where they were.
	client.HTTPClient().CloseIdleConnections()
	goroutinesAfter, socketsAfter, established := 0, 0, 0
	for deadline := time.Now().Add(soakSettle); ; {
		goroutinesAfter = runtime.NumGoroutine()
		socketsAfter, _ = soakSockets()
		established = soakEstablished(port)
		settled := goroutinesAfter <= goroutinesBefore && (!socketsOK || socketsAfter <= socketsBefore) && established <= 0
		if settled || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	heapAfter := soakHeap()

	soakReport(counts, elapsed, heaps, heapAfter, goroutinesBefore, goroutinesAfter, socketsOK, socketsBefore, socketsAfter, established)
	fmt.Println(dead)

	if counts.calls != soakCalls {
		t.Errorf("%d calls made, want %d", counts.calls, soakCalls)
	}
	if counts.mismatches > 0 || counts.badSignatures > 0 || counts.unattributed > 0 {
		t.Errorf("%d outcomes did not match their fault, %d requests had a bad signature, %d requests named no call",
			counts.mismatches, counts.badSignatures, counts.unattributed)
	}
	if goroutinesAfter > goroutinesBefore {
		t.Errorf("%d goroutines left behind (%d before, %d after)\n%s", goroutinesAfter-goroutinesBefore, goroutinesBefore, goroutinesAfter, soakStacks())
	}
	if socketsOK && socketsAfter > socketsBefore {
		t.Errorf("%d sockets left open (%d before, %d after)", socketsAfter-socketsBefore, socketsBefore, socketsAfter)
	}
	if established > 0 {
		t.Errorf("%d TCP connections to the fake still established", established)
	}
	if heapAfter > soakHeapBound {
		t.Errorf("live heap %s after the run, bound %s", soakMiB(heapAfter), soakMiB(soakHeapBound))
	}
	if errs := srv.Errors(); len(errs) > 0 {
		t.Errorf("the fake drifted from openapi.yaml %d times; first: %v", len(errs), errs[0])
	}
}

// soakDeadService: soakWorkers goroutines × 20 calls against a fake that
// answers 503 to everything, through a client with the default retry
// budget and 3 retries. It fails the test when the service sees more than
// one request a call plus the retries the budget pays for, and returns
// the line the soak prints.
func soakDeadService(ctx context.Context, t *testing.T, srv *dataflowtest.Server, base http.RoundTripper) string {
	t.Helper()
	const perWorker = 20
	policy := dataflow.RetryPolicy{MaxRetries: 3, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
	client, err := dataflow.New(
		dataflow.WithEndpoint(srv.URL),
		dataflow.WithStaticCredentials(srv.AccessKey, srv.SecretKey),
		dataflow.WithRetryPolicy(policy),
		dataflow.WithHTTPClient(&http.Client{Transport: base}),
	)
	if err != nil {
		t.Fatal(err)
	}
	srv.Reset()
	calls := soakWorkers * perWorker
	srv.InjectFault(dataflowtest.Status(http.StatusServiceUnavailable, 10*calls))
	var exhausted atomic.Int64
	var wg sync.WaitGroup
	for range soakWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range perWorker {
				if _, err := client.GetJob(ctx, dataflowtest.SeedJobID); errors.Is(err, dataflow.ErrRetryBudgetExhausted) {
					exhausted.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	requests := len(srv.Requests())
	srv.Reset()
	b := dataflow.DefaultRetryBudget()
	bound := calls + b.Capacity/b.RetryCost
	if requests > bound {
		t.Errorf("dead service: %d calls sent %d requests, bound %d", calls, requests, bound)
	}
	return fmt.Sprintf("  dead service (every answer 503, %d retries, default retry budget): %d calls, %d requests, %.2f requests a call (the policy alone allows %d); %d calls ended with the budget exhausted",
		policy.MaxRetries, calls, requests, float64(requests)/float64(calls), 1+policy.MaxRetries, exhausted.Load())
}

// soakRun makes calls first..first+n-1 from soakWorkers goroutines.
func soakRun(ctx context.Context, client *dataflow.Client, first, n int) []soakOutcome {
	out := make([]soakOutcome, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < soakWorkers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(first), uint64(w)))
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				id := first + i
				callCtx, cancel := context.WithTimeout(context.WithValue(ctx, soakCallKey{}, id), soakCallLimit)
				op, idem, err := soakCall(callCtx, client, r, id)
				cancel()
				out[i] = soakOutcome{op: op, idempotent: idem, err: err, done: true}
			}
		}(w)
	}
	wg.Wait()
	return out
}

// soakCall makes one call, mostly idempotent (GET, PUT), some POST.
func soakCall(ctx context.Context, c *dataflow.Client, r *rand.Rand, id int) (string, bool, error) {
	var err error
	switch n := r.IntN(100); {
	case n < 45:
		_, err = c.GetJob(ctx, dataflowtest.SeedJobID)
		return "getJob", true, err
	case n < 65:
		_, err = c.UpdateJobExecutionConfig(ctx, dataflowtest.SeedJobID, gen.JobCondition{
			NumWorker:  dataflow.Ptr(2 + r.IntN(9)),
			Timeout:    dataflow.Ptr(1 + r.IntN(1440)),
			Nrn:        "nrn:PUB:IAM::2706412:Role/5f1c8e2a-0496-11f0-baf6-246e96591a38",
			ScriptPath: "dataflow-2706412-ab12/scripts/",
			LogPath:    "dataflow-2706412-ab12/sparkHistoryLogs/",
		})
		return "updateJobExecutionConfig", true, err
	case n < 80:
		_, err = c.GetJobs(ctx, &gen.GetJobsParams{Limit: dataflow.Ptr(5)})
		return "getJobs", true, err
	case n < 90:
		_, err = c.GetJobExecutions(ctx, dataflowtest.SeedJobID, &gen.GetJobExecutionsParams{Limit: dataflow.Ptr(5)})
		return "getJobExecutions", true, err
	case n < 95:
		_, err = c.GetWorkflows(ctx, nil)
		return "getWorkflows", true, err
	case n < 98:
		_, err = c.GetTriggers(ctx, nil)
		return "getTriggers", true, err
	default:
		_, err = c.CreateJob(ctx, gen.CreateJobRequest{Name: fmt.Sprintf("soak_%d", id), Type: "VISUAL"})
		return "createJob", false, err
	}
}

// soakCheck matches each call's outcome with the fault its last request
// met, as the fake recorded it.
func soakCheck(t *testing.T, counts *soakCounts, first int, outcomes []soakOutcome, reqs []dataflowtest.Request, kinds []soakKind) {
	t.Helper()
	type seen struct {
		kinds  []soakKind
		status []int
	}
	byCall := map[int]*seen{}
	nextFault := 0
	for _, r := range reqs {
		counts.requests++
		if r.SignatureErr != nil {
			counts.badSignatures++
			if counts.badSignatures <= 3 {
				t.Errorf("request %s %s: bad signature: %v", r.Method, r.URI, r.SignatureErr)
			}
		}
		kind := soakNone
		if r.Fault {
			counts.faulted++
			if nextFault >= len(kinds) {
				t.Fatalf("the fake recorded more faulted requests than faults were queued")
			}
			kind = kinds[nextFault]
			nextFault++
		}
		counts.byFault[kind]++
		id, err := strconv.Atoi(r.Header.Get(soakCallTag))
		if err != nil || id < first || id >= first+len(outcomes) {
			counts.unattributed++
			continue
		}
		s := byCall[id]
		if s == nil {
			s = &seen{}
			byCall[id] = s
		}
		s.kinds = append(s.kinds, kind)
		s.status = append(s.status, r.Status)
	}

	for i, o := range outcomes {
		id := first + i
		if !o.done {
			continue
		}
		counts.calls++
		s := byCall[id]
		if s == nil {
			counts.mismatches++
			t.Errorf("call %d (%s): the fake never saw it; the call returned %v", id, o.op, o.err)
			continue
		}
		if len(s.kinds) > 1 {
			counts.retried++
		}
		last := s.kinds[len(s.kinds)-1]
		attemptsWant := 3
		if !o.idempotent {
			attemptsWant = 1
		}
		// A Retry-After of 1 s may leave too little of the call's deadline
		// for the next retry: then the call ends early with what it has.
		early := slices.Contains(s.kinds, soak429Slow)
		what, problem := soakClassify(o, last, s.status[len(s.status)-1], attemptsWant, len(s.kinds), early)
		counts.byError[what]++
		if what == "success" {
			counts.successes++
		}
		if problem != "" {
			counts.mismatches++
			if counts.mismatches <= 10 {
				t.Errorf("call %d (%s), last request met %q after %d requests: %s: %v", id, o.op, soakKindNames[last], len(s.kinds), problem, o.err)
			}
		}
	}
}

// soakClassify names an outcome and says what is wrong with it, if
// anything, given the fault the call's last request met.
func soakClassify(o soakOutcome, last soakKind, lastStatus, attemptsWant, requests int, early bool) (what, problem string) {
	var apiErr *dataflow.APIError
	var opErr *dataflow.OperationError
	switch {
	case o.err == nil:
		what = "success"
	case errors.As(o.err, &apiErr) && apiErr.Err != nil:
		what = "*APIError, body cut off"
	case errors.As(o.err, &apiErr):
		what = fmt.Sprintf("*APIError %d", apiErr.StatusCode)
	case errors.As(o.err, &opErr) && errors.Is(o.err, context.DeadlineExceeded):
		what = "*OperationError, deadline"
	case errors.As(o.err, &opErr):
		what = "*OperationError, connection"
	default:
		return fmt.Sprintf("untyped %T", o.err), "not a typed error"
	}

	switch last {
	case soakNone, soakQuick:
		if o.err != nil {
			return what, "the last request was answered normally, yet the call failed"
		}
	case soak500, soak502, soak503, soak504, soak429, soak429Slow:
		switch {
		case apiErr == nil || apiErr.Err != nil:
			return what, fmt.Sprintf("want *APIError %d", last.status())
		case apiErr.StatusCode != last.status():
			return what, fmt.Sprintf("status %d, want %d", apiErr.StatusCode, last.status())
		case apiErr.Attempts != attemptsWant && !(early && apiErr.Attempts < attemptsWant):
			return what, fmt.Sprintf("%d attempts, want %d (retries ran out)", apiErr.Attempts, attemptsWant)
		case last == soak502 && !strings.Contains(string(apiErr.Body), "<html>"):
			return what, "the HTML body was not kept"
		case last != soak502 && (apiErr.ErrorCode == "" || !strings.Contains(string(apiErr.Body), "injected by dataflowtest")):
			return what, "the gateway's error body was not kept"
		}
	case soakDrop:
		switch {
		case opErr == nil || errors.Is(o.err, context.DeadlineExceeded):
			return what, "want *OperationError for a dropped connection"
		case opErr.Attempts != attemptsWant:
			return what, fmt.Sprintf("%d attempts, want %d (retries ran out)", opErr.Attempts, attemptsWant)
		}
	case soakTruncate:
		switch {
		case apiErr == nil || apiErr.Err == nil:
			return what, "want *APIError with Err for a truncated body"
		case !errors.Is(o.err, io.ErrUnexpectedEOF):
			return what, "the cause is not io.ErrUnexpectedEOF"
		case apiErr.StatusCode != lastStatus || len(apiErr.Body) == 0:
			return what, fmt.Sprintf("status %d and %d bytes kept, want status %d and the bytes that came", apiErr.StatusCode, len(apiErr.Body), lastStatus)
		case apiErr.Attempts != attemptsWant:
			return what, fmt.Sprintf("%d attempts, want %d (retries ran out)", apiErr.Attempts, attemptsWant)
		}
	case soakHang:
		if opErr == nil || !errors.Is(o.err, context.DeadlineExceeded) {
			return what, "want *OperationError matching context.DeadlineExceeded"
		}
	}
	if o.err != nil && requests < attemptsWant && last != soakHang && !early {
		return what, fmt.Sprintf("the fake saw %d requests, fewer than the %d attempts", requests, attemptsWant)
	}
	return what, ""
}

// soakSockets counts this process's open sockets (Linux only).
func soakSockets() (int, bool) {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0, false
	}
	n := 0
	for _, e := range entries {
		if target, err := os.Readlink("/proc/self/fd/" + e.Name()); err == nil && strings.HasPrefix(target, "socket:") {
			n++
		}
	}
	return n, true
}

// soakEstablished counts established TCP connections from or to port, on
// either end (Linux only; -1 elsewhere).
func soakEstablished(port string) int {
	p, err := strconv.Atoi(port)
	if err != nil {
		return -1
	}
	hexPort := fmt.Sprintf(":%04X", p)
	n, found := 0, false
	for _, file := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		found = true
		for _, line := range strings.Split(string(data), "\n")[1:] {
			f := strings.Fields(line)
			if len(f) > 3 && f[3] == "01" && (strings.HasSuffix(f[1], hexPort) || strings.HasSuffix(f[2], hexPort)) {
				n++
			}
		}
	}
	if !found {
		return -1
	}
	return n
}

// soakHeap is the live heap after two collections.
func soakHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func soakMiB(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

func soakStacks() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}

func soakReport(c soakCounts, elapsed time.Duration, heaps []uint64, heapAfter uint64, gBefore, gAfter int, socketsOK bool, sBefore, sAfter, established int) {
	var b strings.Builder
	fmt.Fprintf(&b, "soak: %d calls from %d goroutines in %v (%d rounds), retry policy 2 retries, 1-5 ms backoff\n",
		c.calls, soakWorkers, elapsed.Round(time.Millisecond), soakRounds)
	fmt.Fprintf(&b, "  outcomes:\n")
	names := make([]string, 0, len(c.byError))
	for k := range c.byError {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(&b, "    %-28s %6d\n", k, c.byError[k])
	}
	fmt.Fprintf(&b, "    %-28s %6d\n", "not matching their fault", c.mismatches)
	fmt.Fprintf(&b, "  requests seen by the fake: %d (%d calls retried); the fault each met (%d from the schedule, %d found it empty):\n",
		c.requests, c.retried, c.faulted, c.requests-c.faulted)
	for k := soakKind(0); k < soakKinds; k++ {
		fmt.Fprintf(&b, "    %-28s %6d\n", soakKindNames[k], c.byFault[k])
	}
	fmt.Fprintf(&b, "  bad signatures: %d; requests naming no call: %d\n", c.badSignatures, c.unattributed)
	fmt.Fprintf(&b, "  goroutines: %d before, %d after\n", gBefore, gAfter)
	if socketsOK {
		fmt.Fprintf(&b, "  open sockets: %d before, %d after; TCP connections to the fake still established: %d\n", sBefore, sAfter, established)
	} else {
		fmt.Fprintf(&b, "  open sockets: not counted (no /proc/self/fd)\n")
	}
	hs := make([]string, len(heaps))
	for i, h := range heaps {
		hs[i] = soakMiB(h)
	}
	fmt.Fprintf(&b, "  live heap after each round: %s; after the run: %s (bound %s)\n", strings.Join(hs, ", "), soakMiB(heapAfter), soakMiB(soakHeapBound))
	fmt.Print(b.String())
}
