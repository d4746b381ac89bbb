package dataflow_test

// The library half of issue 9's secret hygiene and bad-input checks; the
// command's half lives in cmd/dataflow. docs/reliability.md links each
// promise to its test. Identifiers carry a hyg prefix: other test files of
// this package are edited concurrently.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

// hygSecret is the secret key every client of these tests signs with. No
// value, error text or formatting may contain it, in any encoding.
const (
	hygAccessKey = "AKHYGIENE0000000001"
	hygSecret    = "Hyg-S3cret-never-print-9f2c71e0"
)

// hygLeak names the encoding in which out shows hygSecret, or "".
func hygLeak(out string) string {
	lower := strings.ToLower(out)
	switch {
	case strings.Contains(out, hygSecret):
		return "plain"
	case strings.Contains(lower, hex.EncodeToString([]byte(hygSecret))):
		return "hex"
	case strings.Contains(out, base64.StdEncoding.EncodeToString([]byte(hygSecret))[:40]):
		return "base64"
	case strings.Contains(out, fmt.Sprint([]byte(hygSecret))): //nolint:staticcheck // the byte-list form "[104 117 …]" is what is searched for
		return "bytes"
	case strings.Contains(out, strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%#v", []byte(hygSecret)), "[]byte{"), "}")):
		return "Go bytes"
	}
	return ""
}

// hygFake starts a fake that accepts hygSecret, and a client signing with it.
func hygFake(t *testing.T, opts ...dataflow.Option) (*dataflowtest.Server, *dataflow.Client) {
	t.Helper()
	srv := dataflowtest.NewServer(dataflowtest.WithT(t), dataflowtest.WithCredentials(hygAccessKey, hygSecret))
	t.Cleanup(srv.Close)
	base := []dataflow.Option{
		dataflow.WithEndpoint(srv.URL),
		dataflow.WithStaticCredentials(hygAccessKey, hygSecret),
		dataflow.WithRetryPolicy(dataflow.RetryPolicy{MaxRetries: 1, BaseBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}),
	}
	c, err := dataflow.New(append(base, opts...)...)
	require.NoError(t, err)
	return srv, c
}

func hygCondition() gen.JobCondition {
	return gen.JobCondition{
		NumWorker:  dataflow.Ptr(4),
		Timeout:    dataflow.Ptr(120),
		Nrn:        "nrn:PUB:IAM::2706412:Role/5f1c8e2a-0496-11f0-baf6-246e96591a38",
		ScriptPath: "dataflow-2706412-ab12/scripts/",
		LogPath:    "dataflow-2706412-ab12/sparkHistoryLogs/",
	}
}

func hygWriteFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// TestSecretNeverInLibraryOutput drives a client that signs with hygSecret
// down every failure path (401, missing and malformed credentials, invalid
// input, bad options, dropped connections, truncated bodies, 5xx, 429,
// deadlines) and formats every error and every exported value of the
// root package and of signing with %v %+v %#v %s %q %x %X %d, as JSON and
// through log/slog, looking for the secret in plain text, hex, base64 and
// as a byte list.
func TestSecretNeverInLibraryOutput(t *testing.T) {
	ctx := context.Background()
	var hooked []string
	var logged bytes.Buffer // WithLogger's records, text and JSON, every level
	srv, c := hygFake(t, dataflow.WithRequestHook(func(req *http.Request, attempt int) {
		hooked = append(hooked, fmt.Sprintf("%d %s %s %v %+v", attempt, req.Method, req.URL, req.Header, *req))
	}), dataflow.WithLogger(slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		dataflow.WithLogger(slog.New(slog.NewJSONHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		dataflow.WithResponseHook(func(a *dataflow.Attempt) {
			hooked = append(hooked, fmt.Sprintf("%+v %s", *a, a.Body))
		}))
	values := map[string]any{}
	errs := map[string]error{}

	// Success, with everything the client can hand back.
	var raw dataflow.RawResponse
	job, err := c.GetJob(dataflow.WithRawResponse(ctx, &raw), dataflowtest.SeedJobID)
	require.NoError(t, err)
	values["*gen.Job"] = job
	values["RawResponse"] = raw
	info, err := dataflow.InspectNode((*job.Nodes)[0])
	require.NoError(t, err)
	values["NodeInfo"] = info

	// Failures the service reports.
	_, errs["404"] = c.GetJob(ctx, "nosuchjob")
	srv.InjectFault(dataflowtest.Status(503, 2))
	_, errs["503 after retries"] = c.GetJob(ctx, dataflowtest.SeedJobID)
	srv.InjectFault(dataflowtest.RetryAfter(429, "0", 2))
	_, errs["429 after retries"] = c.GetJob(ctx, dataflowtest.SeedJobID)
	srv.InjectFault(dataflowtest.HTML(502, 2))
	_, errs["HTML 502"] = c.GetJob(ctx, dataflowtest.SeedJobID)
	srv.InjectFault(dataflowtest.Truncated(2))
	_, errs["truncated"] = c.GetJob(ctx, dataflowtest.SeedJobID)
	srv.InjectFault(dataflowtest.BadJSON(200, 1))
	_, errs["bad JSON 200"] = c.UpdateJobExecutionConfig(ctx, dataflowtest.SeedJobID, hygCondition())
	// net/http may replay a dropped GET by itself, so drops get a fake of
	// their own with more than enough of them.
	dropSrv, dropping := hygFake(t)
	dropSrv.InjectFault(dataflowtest.DropConnection(10))
	_, errs["dropped connection"] = dropping.GetJob(ctx, dataflowtest.SeedJobID)
	srv.InjectFault(dataflowtest.Delay(time.Second, 1))
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	_, errs["deadline"] = c.GetJob(short, dataflowtest.SeedJobID)
	cancel()
	_, errs["Result helper"] = dataflow.Result[gen.Job](c.Generated().GetJobWithResponse(ctx, "nosuchjob"))

	// 401: the right secret, signed an hour early.
	early := func() time.Time { return time.Now().Add(-time.Hour) }
	_, stale := hygFake(t, dataflow.WithSigningOptions(signing.WithClock(early)))
	_, errs["401 stale signature"] = stale.GetJob(ctx, dataflowtest.SeedJobID)
	// 401: the secret sent to a fake that expects another.
	other := dataflowtest.NewServer(dataflowtest.WithT(t))
	t.Cleanup(other.Close)
	wrong, err := dataflow.New(dataflow.WithEndpoint(other.URL), dataflow.WithStaticCredentials(other.AccessKey, hygSecret))
	require.NoError(t, err)
	_, errs["401 wrong secret"] = wrong.GetJob(ctx, dataflowtest.SeedJobID)

	// Credentials that cannot be used, each holding the secret somewhere.
	noEnv := func(string) (string, bool) { return "", false }
	halfEnv := func(k string) (string, bool) {
		if k == signing.EnvSecretAccessKey {
			return hygSecret, true
		}
		return "", false
	}
	credCases := map[string]signing.CredentialsProvider{
		"missing credentials": &signing.ChainCredentials{Providers: []signing.CredentialsProvider{
			signing.EnvCredentials{Lookup: noEnv}, signing.FileCredentials{Path: filepath.Join(t.TempDir(), "configure")}}},
		"half-set environment":    signing.EnvCredentials{Lookup: halfEnv},
		"static without key id":   signing.StaticCredentials{SecretKey: signing.NewSecret(hygSecret)},
		"static bad key id":       signing.StaticCredentials{AccessKey: "AK\n1", SecretKey: signing.NewSecret(hygSecret)},
		"file with only secret":   signing.FileCredentials{Path: hygWriteFile(t, "only-secret", "[DEFAULT]\nncloud_secret_access_key = "+hygSecret+"\n")},
		"file, secret, no equal":  signing.FileCredentials{Path: hygWriteFile(t, "no-equals", "[DEFAULT]\nncloud_secret_access_key "+hygSecret+"\n")},
		"file, secret as section": signing.FileCredentials{Path: hygWriteFile(t, "section", "["+hygSecret+"\n")},
		"file, bad key id": signing.FileCredentials{Path: hygWriteFile(t, "bad-id",
			"[DEFAULT]\nncloud_access_key_id = \"A\x01K\"\nncloud_secret_access_key = "+hygSecret+"\n")},
		"file, other profile": signing.FileCredentials{Profile: "prod", Path: hygWriteFile(t, "other-profile",
			"[DEFAULT]\nncloud_access_key_id = AK\nncloud_secret_access_key = "+hygSecret+"\n")},
	}
	for name, p := range credCases {
		cc, err := dataflow.New(dataflow.WithEndpoint(srv.URL), dataflow.WithCredentials(p))
		require.NoError(t, err, name)
		_, errs[name] = cc.GetJob(ctx, dataflowtest.SeedJobID)
		_, errs[name+" (direct)"] = p.Retrieve(ctx)
		values["provider "+name] = p
	}

	// Input the client refuses, and options New refuses.
	_, errs["invalid input"] = c.UpdateJobExecutionConfig(ctx, " ", hygCondition())
	_, errs["New: bad endpoint"] = dataflow.New(dataflow.WithEndpoint("not a url"), dataflow.WithStaticCredentials(hygAccessKey, hygSecret))
	_, errs["New: negative retries"] = dataflow.New(dataflow.WithRetries(-1), dataflow.WithStaticCredentials(hygAccessKey, hygSecret))
	_, errs["signing.New: bad key id"] = signing.New("", hygSecret)

	for name, err := range errs {
		require.Error(t, err, name)
		values["error "+name] = err
		var apiErr *dataflow.APIError
		if errors.As(err, &apiErr) {
			values["APIError "+name] = *apiErr
		}
		var opErr *dataflow.OperationError
		if errors.As(err, &opErr) {
			values["OperationError "+name] = *opErr
		}
		var inErr *dataflow.InputError
		if errors.As(err, &inErr) {
			values["InputError "+name] = *inErr
		}
		var ce *signing.ConfigError
		if errors.As(err, &ce) {
			values["ConfigError "+name] = *ce
		}
		var se *signing.SourceError
		if errors.As(err, &se) {
			values["SourceError "+name] = *se
		}
	}

	// Every exported type holding the secret, or a client that does.
	creds := signing.Credentials{AccessKey: hygAccessKey, SecretKey: signing.NewSecret(hygSecret), Source: "test"}
	static := signing.StaticCredentials{AccessKey: hygAccessKey, SecretKey: signing.NewSecret(hygSecret)}
	signer, err := signing.New(hygAccessKey, hygSecret)
	require.NoError(t, err)
	cache := signing.NewCredentialsCache(static)
	_, err = cache.Retrieve(ctx)
	require.NoError(t, err)
	for name, v := range map[string]any{
		"*Client":                 c,
		"Client":                  *c,
		"*http.Client":            c.HTTPClient(),
		"http.Client":             *c.HTTPClient(),
		"client transport":        c.HTTPClient().Transport,
		"generated client":        c.Generated(),
		"RetryPolicy":             dataflow.DefaultRetryPolicy(),
		"Option":                  dataflow.WithStaticCredentials(hygAccessKey, hygSecret),
		"[]Option":                []dataflow.Option{dataflow.WithStaticCredentials(hygAccessKey, hygSecret)},
		"signing.Credentials":     creds,
		"*signing.Credentials":    &creds,
		"StaticCredentials":       static,
		"*StaticCredentials":      &static,
		"*Signer":                 signer,
		"Signer":                  *signer,
		"signing.Transport":       signing.Transport{Signer: signer},
		"*CredentialsCache":       cache,
		"holder of credentials":   struct{ C, D any }{creds, static},
		"map of StaticCredential": map[string]signing.StaticCredentials{"k": static},
	} {
		values[name] = v
	}
	for i, h := range hooked {
		values[fmt.Sprintf("request hook %d", i)] = h
	}
	require.NotEmpty(t, hooked, "the request hook never ran")
	require.NotEmpty(t, logged.String(), "the logger never ran")
	values["log records"] = logged.String()

	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
			if how := hygLeak(fmt.Sprintf(verb, v)); how != "" {
				t.Errorf("%s formatted with %s shows the secret (%s)", name, verb, how)
			}
		}
		if err, ok := v.(error); ok {
			if how := hygLeak(err.Error()); how != "" {
				t.Errorf("%s: Error() shows the secret (%s): %s", name, how, err)
			}
		}
		if out, err := json.Marshal(v); err == nil {
			if how := hygLeak(string(out)); how != "" {
				t.Errorf("%s as JSON shows the secret (%s)", name, how)
			}
		}
		var buf bytes.Buffer
		slog.New(slog.NewTextHandler(&buf, nil)).Info("value", "v", v)
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("value", "v", v)
		if how := hygLeak(buf.String()); how != "" {
			t.Errorf("%s logged with slog shows the secret (%s)", name, how)
		}
	}

	// The fake saw the signed requests, never the secret.
	for i, r := range srv.Requests() {
		if how := hygLeak(fmt.Sprintf("%s %s %v %s", r.Method, r.URI, r.Header, r.Body)); how != "" {
			t.Errorf("request %d carried the secret (%s)", i, how)
		}
	}
}

// hygCase is one row of the bad-input table.
type hygCase struct {
	name  string
	call  func(ctx context.Context, c *dataflow.Client) error
	is    error  // the sentinel the error must match; nil: any error
	field string // the InputError's field, when is == ErrInvalidInput
}

// TestBadInputSendsNothing is the library's half of issue 9's bad-input
// table: every invalid argument or option, and every unusable credential
// source, fails with a one-line error of the right kind, and the fake
// records no request at all.
func TestBadInputSendsNothing(t *testing.T) {
	srv, _ := hygFake(t)
	newWith := func(opts ...dataflow.Option) func(context.Context, *dataflow.Client) error {
		return func(context.Context, *dataflow.Client) error {
			_, err := dataflow.New(append([]dataflow.Option{dataflow.WithStaticCredentials(hygAccessKey, hygSecret)}, opts...)...)
			return err
		}
	}
	withCreds := func(p signing.CredentialsProvider) func(context.Context, *dataflow.Client) error {
		return func(ctx context.Context, _ *dataflow.Client) error {
			c, err := dataflow.New(dataflow.WithEndpoint(srv.URL), dataflow.WithCredentials(p))
			if err != nil {
				return err
			}
			_, err = c.GetJob(ctx, dataflowtest.SeedJobID)
			return err
		}
	}
	cond := func(edit func(*gen.JobCondition)) gen.JobCondition {
		jc := hygCondition()
		edit(&jc)
		return jc
	}
	updateCond := func(edit func(*gen.JobCondition)) func(context.Context, *dataflow.Client) error {
		return func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.UpdateJobExecutionConfig(ctx, dataflowtest.SeedJobID, cond(edit))
			return err
		}
	}
	createJob := func(body gen.CreateJobRequest) func(context.Context, *dataflow.Client) error {
		return func(ctx context.Context, c *dataflow.Client) error { _, err := c.CreateJob(ctx, body); return err }
	}
	node := func(raw string) gen.Node {
		var n gen.Node
		require.NoError(t, json.Unmarshal([]byte(raw), &n))
		return n
	}
	validNodes := func(nodes ...gen.Node) *[]gen.Node { return &nodes }
	page := func(p, l *int) func(context.Context, *dataflow.Client) error {
		return func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.GetJobs(ctx, &gen.GetJobsParams{Page: p, Limit: l})
			return err
		}
	}
	period := func(start, end string) func(context.Context, *dataflow.Client) error {
		return func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.GetExecutionResult(ctx, gen.GetExecutionResultParams{StartDate: start, EndDate: end})
			return err
		}
	}
	in := dataflow.ErrInvalidInput

	cases := []hygCase{
		// Options New refuses.
		{name: "endpoint not a URL", call: newWith(dataflow.WithEndpoint("not a url"))},
		{name: "endpoint without scheme", call: newWith(dataflow.WithEndpoint("dataflow.apigw.ntruss.com"))},
		{name: "endpoint ftp", call: newWith(dataflow.WithEndpoint("ftp://dataflow.apigw.ntruss.com"))},
		{name: "endpoint without host", call: newWith(dataflow.WithEndpoint("https://"))},
		{name: "endpoint with query", call: newWith(dataflow.WithEndpoint("https://h/?q=1"))},
		{name: "endpoint with fragment", call: newWith(dataflow.WithEndpoint("https://h/#top"))},
		{name: "endpoint empty", call: newWith(dataflow.WithEndpoint(""))},
		{name: "endpoint control character", call: newWith(dataflow.WithEndpoint("https://h\n/"))},
		{name: "negative retries", call: newWith(dataflow.WithRetries(-1))},
		{name: "very negative retries", call: newWith(dataflow.WithRetries(math.MinInt))},
		{name: "policy negative retries", call: newWith(dataflow.WithRetryPolicy(dataflow.RetryPolicy{MaxRetries: -1}))},
		{name: "policy negative backoff", call: newWith(dataflow.WithRetryPolicy(dataflow.RetryPolicy{BaseBackoff: -time.Second}))},
		{name: "policy negative max backoff", call: newWith(dataflow.WithRetryPolicy(dataflow.RetryPolicy{MaxBackoff: -1}))},

		// Ids: empty or blank, for every operation that takes one.
		{name: "getJob empty id", is: in, field: "jobId", call: func(ctx context.Context, c *dataflow.Client) error { _, err := c.GetJob(ctx, ""); return err }},
		{name: "deleteJob blank id", is: in, field: "jobId", call: func(ctx context.Context, c *dataflow.Client) error { return c.DeleteJob(ctx, " \t") }},
		{name: "updateJob empty id", is: in, field: "jobId", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.UpdateJob(ctx, "", gen.UpdateJobRequest{Type: "VISUAL"})
			return err
		}},
		{name: "updateJobExecutionConfig empty id", is: in, field: "jobId", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.UpdateJobExecutionConfig(ctx, "", hygCondition())
			return err
		}},
		{name: "getJobExecutions empty id", is: in, field: "jobId", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.GetJobExecutions(ctx, "", nil)
			return err
		}},
		{name: "createJobExecution empty id", is: in, field: "jobId", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.CreateJobExecution(ctx, "", nil, gen.CreateJobExecutionRequest{})
			return err
		}},
		{name: "getJobExecution empty execution id", is: in, field: "executionId", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.GetJobExecution(ctx, dataflowtest.SeedJobID, "")
			return err
		}},
		{name: "cancelJobExecution empty job id", is: in, field: "jobId", call: func(ctx context.Context, c *dataflow.Client) error {
			return c.CancelJobExecution(ctx, "", "e1")
		}},
		{name: "getWorkflow empty id", is: in, field: "workflowId", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.GetWorkflow(ctx, "")
			return err
		}},
		{name: "deleteWorkflow blank id", is: in, field: "workflowId", call: func(ctx context.Context, c *dataflow.Client) error {
			return c.DeleteWorkflow(ctx, "\n")
		}},
		{name: "executeWorkflow empty id", is: in, field: "workflowId", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.ExecuteWorkflow(ctx, "", nil)
			return err
		}},
		{name: "getWorkflowExecutions empty id", is: in, field: "workflowId", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.GetWorkflowExecutions(ctx, "", nil)
			return err
		}},
		{name: "updateWorkflow empty id", is: in, field: "workflowId", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.UpdateWorkflow(ctx, "", gen.UpdateWorkflowRequest{Name: "wf_1", Nodes: []gen.WorkflowNode{}})
			return err
		}},
		{name: "getTrigger empty id", is: in, field: "triggerId", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.GetTrigger(ctx, "")
			return err
		}},
		{name: "deleteTrigger blank id", is: in, field: "triggerId", call: func(ctx context.Context, c *dataflow.Client) error {
			return c.DeleteTrigger(ctx, "   ")
		}},

		// Numbers out of range: negative, zero, just outside, huge.
		{name: "numWorker 1", is: in, field: "jobCondition.numWorker", call: updateCond(func(jc *gen.JobCondition) { jc.NumWorker = dataflow.Ptr(1) })},
		{name: "numWorker 11", is: in, field: "jobCondition.numWorker", call: updateCond(func(jc *gen.JobCondition) { jc.NumWorker = dataflow.Ptr(11) })},
		{name: "numWorker negative", is: in, field: "jobCondition.numWorker", call: updateCond(func(jc *gen.JobCondition) { jc.NumWorker = dataflow.Ptr(-4) })},
		{name: "numWorker huge", is: in, field: "jobCondition.numWorker", call: updateCond(func(jc *gen.JobCondition) { jc.NumWorker = dataflow.Ptr(math.MaxInt) })},
		{name: "numWorker most negative", is: in, field: "jobCondition.numWorker", call: updateCond(func(jc *gen.JobCondition) { jc.NumWorker = dataflow.Ptr(math.MinInt) })},
		{name: "timeout 0", is: in, field: "jobCondition.timeout", call: updateCond(func(jc *gen.JobCondition) { jc.Timeout = dataflow.Ptr(0) })},
		{name: "timeout 1441", is: in, field: "jobCondition.timeout", call: updateCond(func(jc *gen.JobCondition) { jc.Timeout = dataflow.Ptr(1441) })},
		{name: "timeout huge", is: in, field: "jobCondition.timeout", call: updateCond(func(jc *gen.JobCondition) { jc.Timeout = dataflow.Ptr(math.MaxInt) })},
		{name: "nrn empty", is: in, field: "jobCondition.nrn", call: updateCond(func(jc *gen.JobCondition) { jc.Nrn = "" })},
		{name: "scriptPath empty", is: in, field: "jobCondition.scriptPath", call: updateCond(func(jc *gen.JobCondition) { jc.ScriptPath = "" })},
		{name: "logPath empty", is: in, field: "jobCondition.logPath", call: updateCond(func(jc *gen.JobCondition) { jc.LogPath = "" })},
		{name: "createJob numWorker 0", is: in, field: "jobCondition.numWorker", call: createJob(gen.CreateJobRequest{Name: "job_1", Type: "VISUAL",
			JobCondition: &gen.JobConditionOptions{NumWorker: dataflow.Ptr(0)}})},
		{name: "createJob maxConcurrentRuns 0", is: in, field: "maxConcurrentRuns", call: createJob(gen.CreateJobRequest{Name: "job_1", Type: "VISUAL",
			MaxConcurrentRuns: dataflow.Ptr(0)})},
		{name: "createJob maxConcurrentRuns negative", is: in, field: "maxConcurrentRuns", call: createJob(gen.CreateJobRequest{Name: "job_1", Type: "VISUAL",
			MaxConcurrentRuns: dataflow.Ptr(-1)})},
		{name: "updateJob timeout negative", is: in, field: "jobCondition.timeout", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.UpdateJob(ctx, dataflowtest.SeedJobID, gen.UpdateJobRequest{Type: "VISUAL", JobCondition: &gen.JobConditionOptions{Timeout: dataflow.Ptr(-1)}})
			return err
		}},
		{name: "createJobExecution numWorker huge", is: in, field: "jobCondition.numWorker", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.CreateJobExecution(ctx, dataflowtest.SeedJobID, nil, gen.CreateJobExecutionRequest{JobCondition: &gen.JobConditionOptions{NumWorker: dataflow.Ptr(1 << 40)}})
			return err
		}},
		{name: "page negative", is: in, field: "page", call: page(dataflow.Ptr(-1), nil)},
		{name: "limit negative", is: in, field: "limit", call: page(nil, dataflow.Ptr(math.MinInt))},
		{name: "triggers page negative", is: in, field: "page", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.GetTriggers(ctx, &gen.GetTriggersParams{Page: dataflow.Ptr(-3)})
			return err
		}},
		{name: "workflow executions limit negative", is: in, field: "limit", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.GetWorkflowExecutions(ctx, "wf", &gen.GetWorkflowExecutionsParams{Limit: dataflow.Ptr(-1)})
			return err
		}},

		// Names, types, dates and nodes.
		{name: "name too short", is: in, field: "name", call: createJob(gen.CreateJobRequest{Name: "ab", Type: "VISUAL"})},
		{name: "name too long", is: in, field: "name", call: createJob(gen.CreateJobRequest{Name: strings.Repeat("a", 101), Type: "VISUAL"})},
		{name: "name starts with a digit", is: in, field: "name", call: createJob(gen.CreateJobRequest{Name: "1job", Type: "VISUAL"})},
		{name: "name with spaces", is: in, field: "name", call: createJob(gen.CreateJobRequest{Name: "my job", Type: "VISUAL"})},
		{name: "name not ASCII", is: in, field: "name", call: createJob(gen.CreateJobRequest{Name: "작업이름", Type: "VISUAL"})},
		{name: "job type empty", is: in, field: "type", call: createJob(gen.CreateJobRequest{Name: "job_1"})},
		{name: "updateJob type empty", is: in, field: "type", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.UpdateJob(ctx, dataflowtest.SeedJobID, gen.UpdateJobRequest{})
			return err
		}},
		{name: "verifyJob name empty", is: in, field: "name", call: func(ctx context.Context, c *dataflow.Client) error {
			return c.VerifyJob(ctx, gen.VerifyJobRequest{Nodes: []gen.Node{}})
		}},
		{name: "node null", is: in, field: "nodes[0]", call: createJob(gen.CreateJobRequest{Name: "job_1", Type: "VISUAL", Nodes: validNodes(gen.Node{})})},
		{name: "node a number", is: in, field: "nodes[0]", call: createJob(gen.CreateJobRequest{Name: "job_1", Type: "VISUAL", Nodes: validNodes(node(`42`))})},
		{name: "node without type", is: in, field: "nodes[0].type", call: createJob(gen.CreateJobRequest{Name: "job_1", Type: "VISUAL",
			Nodes: validNodes(node(`{"id":1,"name":"n","parentNodeIds":[]}`))})},
		{name: "node with null parents", is: in, field: "nodes[0].parentNodeIds", call: createJob(gen.CreateJobRequest{Name: "job_1", Type: "VISUAL",
			Nodes: validNodes(node(`{"type":"SOURCE_OBS","id":1,"name":"n","parentNodeIds":null,"regionNo":"1","bucketName":"b","prefix":"p","dataType":"CSV","fieldList":[]}`))})},
		{name: "workflow nodes null", is: in, field: "nodes", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.CreateWorkflow(ctx, gen.CreateWorkflowRequest{Name: "wf_1"})
			return err
		}},
		{name: "workflow node null", is: in, field: "nodes[0]", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.UpdateWorkflow(ctx, "wf", gen.UpdateWorkflowRequest{Name: "wf_1", Nodes: []gen.WorkflowNode{{}}})
			return err
		}},
		{name: "workflow node without type", is: in, field: "nodes[0].type", call: func(ctx context.Context, c *dataflow.Client) error {
			var n gen.WorkflowNode
			require.NoError(t, json.Unmarshal([]byte(`{"id":"j1","name":"job"}`), &n))
			_, err := c.CreateWorkflow(ctx, gen.CreateWorkflowRequest{Name: "wf_1", Nodes: []gen.WorkflowNode{n}})
			return err
		}},
		{name: "trigger type unknown", is: in, field: "type", call: func(ctx context.Context, c *dataflow.Client) error {
			_, err := c.CreateTrigger(ctx, gen.CreateTriggerRequest{Name: "trg_1", Type: "HOURLY", TriggerRule: gen.TriggerRule{Type: "NONE"}})
			return err
		}},
		{name: "stats date without time", is: in, field: "startDate", call: period("2025-03-19", "2025-03-20T00:00:00")},
		{name: "stats date with zone", is: in, field: "endDate", call: period("2025-03-19T00:00:00", "2025-03-20T00:00:00+09:00")},
		{name: "stats date empty", is: in, field: "startDate", call: period("", "")},

		// Credentials that cannot sign: refused before anything is sent.
		{name: "configure file without keys", is: signing.ErrNoCredentials, call: withCreds(signing.FileCredentials{
			Path: hygWriteFile(t, "no-keys", "[DEFAULT]\nregion = KR\n")})},
		{name: "configure file empty", is: signing.ErrNoCredentials, call: withCreds(signing.FileCredentials{
			Path: hygWriteFile(t, "empty", "")})},
		{name: "configure file missing", is: signing.ErrNoCredentials, call: withCreds(signing.FileCredentials{
			Path: filepath.Join(t.TempDir(), "configure")})},
		{name: "configure file with only the secret", call: withCreds(signing.FileCredentials{
			Path: hygWriteFile(t, "only-secret", "[DEFAULT]\nncloud_secret_access_key = "+hygSecret+"\n")})},
		{name: "configure file malformed", call: withCreds(signing.FileCredentials{
			Path: hygWriteFile(t, "malformed", "[DEFAULT\nncloud_access_key_id = AK\n")})},
		{name: "environment with only the secret", is: signing.ErrInvalidCredentials, call: withCreds(signing.EnvCredentials{
			Lookup: func(k string) (string, bool) { return hygSecret, k == signing.EnvSecretKey }})},
		{name: "access key with a newline", is: signing.ErrInvalidCredentials, call: withCreds(signing.StaticCredentials{AccessKey: "AK\nX", SecretKey: signing.NewSecret(hygSecret)})},
		{name: "no credentials anywhere", is: signing.ErrNoCredentials, call: withCreds(&signing.ChainCredentials{Providers: []signing.CredentialsProvider{
			signing.EnvCredentials{Lookup: func(string) (string, bool) { return "", false }},
			signing.FileCredentials{Path: filepath.Join(t.TempDir(), "configure")}}})},
	}

	client, err := dataflow.New(dataflow.WithEndpoint(srv.URL), dataflow.WithStaticCredentials(hygAccessKey, hygSecret))
	require.NoError(t, err)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(context.Background(), client)
			require.Error(t, err)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "dataflow: "), "error %q does not say where it comes from", msg)
			assert.NotContains(t, msg, "\n", "one line")
			assert.Less(t, len(msg), 400, "a clear line, not a dump: %q", msg)
			assert.Empty(t, hygLeak(msg), "the error shows the secret: %q", msg)
			if tc.is != nil {
				assert.ErrorIs(t, err, tc.is)
			}
			if errors.Is(tc.is, dataflow.ErrInvalidInput) {
				var ie *dataflow.InputError
				if assert.ErrorAs(t, err, &ie) {
					assert.Equal(t, tc.field, ie.Field)
				}
			}
		})
	}
	assert.Empty(t, srv.Requests(), "invalid input must not reach the service")
}

// hygIdleProbe is a base transport that counts CloseIdleConnections calls.
type hygIdleProbe struct {
	http.RoundTripper
	closed atomic.Int32
}

func (p *hygIdleProbe) CloseIdleConnections() { p.closed.Add(1) }

// TestCloseIdleConnectionsReachesTheBaseTransport: a program that is done
// with a Client can release its keep-alive connections through
// HTTPClient().CloseIdleConnections(), through the retry, hook and signing
// layers. The soak test counts the connections and goroutines this frees.
func TestCloseIdleConnectionsReachesTheBaseTransport(t *testing.T) {
	probe := &hygIdleProbe{RoundTripper: http.DefaultTransport}
	srv, c := hygFake(t, dataflow.WithHTTPClient(&http.Client{Transport: probe}),
		dataflow.WithRequestHook(func(*http.Request, int) {}))
	_, err := c.GetJob(context.Background(), dataflowtest.SeedJobID)
	require.NoError(t, err)
	c.HTTPClient().CloseIdleConnections()
	assert.EqualValues(t, 1, probe.closed.Load())
	assert.Len(t, srv.Requests(), 1)

	direct := &signing.Transport{Base: probe}
	direct.CloseIdleConnections()
	assert.EqualValues(t, 2, probe.closed.Load(), "signing.Transport passes it on")
}
