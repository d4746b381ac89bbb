package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

// These tests run the command binary as a subprocess against the fake.

const seed = dataflowtest.SeedJobID

func TestGetJobText(t *testing.T) {
	f := newFixture(t)
	r := f.run("", "get-job", "--job-id", seed)
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Empty(t, r.stderr)
	assert.Contains(t, r.stdout, "Job gqigvHa1b2c3  job001  type=DATAFLOW status=RUNNABLE\n")
	assert.Contains(t, r.stdout, "runCondition: workerType=DEFAULT numWorker=2 timeout=2880")
	assert.Regexp(t, `(?m)^    SOURCE_OBS +id=1697776914576  Object Storage$`, r.stdout)
	assert.Regexp(t, `(?m)^    TRANSFORM_FILTER +id=1697776914577  Filters$`, r.stdout)
	assert.Regexp(t, `(?m)^    TARGET_OBS +id=1697776914578  Object Storage$`, r.stdout)
}

func TestGetJobJSONIsTheBodyAsSent(t *testing.T) {
	f := newFixture(t)
	r := f.run("", "get-job", "--job-id", seed, "--output", "json")
	require.Equal(t, exitOK, r.code, "%s", r)

	resp, err := f.srv.Client().GetJobWithResponse(t.Context(), seed)
	require.NoError(t, err)
	var want bytes.Buffer
	require.NoError(t, json.Indent(&want, resp.Body, "", "  "))
	assert.Equal(t, want.String()+"\n", r.stdout)
}

func TestGlobalFlagsBeforeOrAfterTheOperation(t *testing.T) {
	f := newFixture(t)
	before := f.runBare("", "--output", "json", "--endpoint", f.srv.URL, "--retries", "0", "get-job", "--job-id", seed)
	after := f.runBare("", "get-job", "--job-id", seed, "--endpoint", f.srv.URL, "--output", "json", "--retries", "0")
	require.Equal(t, exitOK, before.code, "%s", before)
	require.Equal(t, exitOK, after.code, "%s", after)
	assert.True(t, json.Valid([]byte(before.stdout)), before.stdout)
	assert.Equal(t, before.stdout, after.stdout)
}

func TestEndpointFromEnvironment(t *testing.T) {
	f := newFixture(t)
	f.env["DATAFLOW_ENDPOINT"] = f.srv.URL
	r := f.runBare("", "get-job", "--job-id", seed)
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Contains(t, r.stdout, "Job gqigvHa1b2c3")
}

func TestUpdateJobExecutionConfigWithFlags(t *testing.T) {
	f := newFixture(t)
	r := f.run("", "update-job-execution-config", "--job-id", seed,
		"--nrn", exampleNRN, "--script-path", "b/scripts/", "--log-path", "b/logs/",
		"--worker-type", "DEFAULT", "--num-worker", "4", "--timeout", "120")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Contains(t, r.stdout, "numWorker=4 timeout=120 nrn="+exampleNRN)

	job, ok := f.srv.Job(seed)
	require.True(t, ok)
	assert.Equal(t, 4, *job.RunCondition.NumWorker)
	assert.Equal(t, 120, *job.RunCondition.Timeout)
	assert.Equal(t, "b/scripts/", *job.RunCondition.ScriptPath)

	reqs := f.srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "updateJobExecutionConfig", reqs[0].OperationID)
	assert.JSONEq(t, `{"jobCondition":{"workerType":"DEFAULT","numWorker":4,"timeout":120,"nrn":"`+exampleNRN+`","scriptPath":"b/scripts/","logPath":"b/logs/"}}`, string(reqs[0].Body))
}

func TestCLIInputJSONFromStdin(t *testing.T) {
	f := newFixture(t)
	body := `{"jobCondition": {"numWorker": 6, "timeout": 30, "nrn": "` + exampleNRN + `",
		"scriptPath": "s/", "logPath": "l/", "parameters": {"date": "2025-03-20"}}}`
	r := f.run(body, "update-job-execution-config", "--job-id", seed, "--cli-input-json", "-", "--output", "json")
	require.Equal(t, exitOK, r.code, "%s", r)
	var job gen.Job
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &job))
	assert.Equal(t, 6, *job.RunCondition.NumWorker)
	assert.Equal(t, map[string]string{"date": "2025-03-20"}, *job.RunCondition.Parameters)

	reqs := f.srv.Requests()
	require.Len(t, reqs, 1)
	assert.JSONEq(t, body, string(reqs[0].Body))
}

func TestCLIInputJSONFromFile(t *testing.T) {
	f := newFixture(t)
	path := filepath.Join(t.TempDir(), "job.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"name": "nightly_load", "type": "VISUAL"}`), 0o600))
	r := f.run("", "create-job", "--cli-input-json", path)
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Regexp(t, `^Job [A-Za-z0-9]{12}  nightly_load  type=VISUAL`, r.stdout)
}

// An answer from a newer service: a node type and a field this client does
// not know. --output json keeps both, and every digit of a big number;
// --output text lists the node like any other.
func TestUnknownNodeTypeAndFieldPassThrough(t *testing.T) {
	body := `{"jobId":"gqigvHa1b2c3","name":"job001","type":"DATAFLOW","status":"RUNNABLE",` +
		`"costCenter":{"code":"cc-7","budget":12345678901234567890},` +
		`"nodes":[{"type":"SOURCE_OBS","id":1697776914576,"name":"in","parentNodeIds":[],"regionNo":"1","bucketName":"b","prefix":"p","dataType":"CSV","fieldList":[]},` +
		`{"type":"TRANSFORM_PIVOT","id":1697776914579,"name":"Pivot","parentNodeIds":[1697776914576],"pivotColumn":"month","aggregations":[{"fn":"sum","col":"x"}]}]}`
	for _, output := range []string{"json", "text"} {
		t.Run(output, func(t *testing.T) {
			f := newFixture(t)
			f.srv.InjectFault(dataflowtest.Fault{Status: 200, Body: []byte(body), Times: 1, Match: "getJob"})
			r := f.run("", "get-job", "--job-id", seed, "--output", output)
			require.Equal(t, exitOK, r.code, "%s", r)
			if output == "json" {
				var want bytes.Buffer
				require.NoError(t, json.Indent(&want, []byte(body), "", "  "))
				assert.Equal(t, want.String()+"\n", r.stdout, "the body as sent, indented")
				assert.Contains(t, r.stdout, `"type": "TRANSFORM_PIVOT"`)
				assert.Contains(t, r.stdout, `"pivotColumn": "month"`)
				assert.Contains(t, r.stdout, `"costCenter": {`)
				assert.Contains(t, r.stdout, `12345678901234567890`)
				return
			}
			assert.Regexp(t, `(?m)^    TRANSFORM_PIVOT +id=1697776914579  Pivot$`, r.stdout)
			assert.Contains(t, r.stdout, "other fields: costCenter (see --output json)")
		})
	}
}

func TestDeleteJobPrintsTrue(t *testing.T) {
	f := newFixture(t)
	r := f.run("", "delete-job", "--job-id", seed, "--output", "json")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Equal(t, "true\n", r.stdout)

	f2 := newFixture(t)
	r = f2.run("", "delete-job", "--job-id", seed)
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Equal(t, "Deleted job gqigvHa1b2c3.\n", r.stdout)
}

func TestNotFoundExits1(t *testing.T) {
	f := newFixture(t)
	r := f.run("", "get-job", "--job-id", "nosuchjob123")
	requireRuntimeError(t, r, "404 Not Found", "NOT_FOUND", "job not found: nosuchjob123")
	assert.Equal(t, "dataflow: get-job: 404 Not Found: NOT_FOUND: job not found: nosuchjob123\n", r.stderr)
}

func TestWrongKeysExit1(t *testing.T) {
	f := newFixture(t)
	f.env["NCLOUD_SECRET_ACCESS_KEY"] = "wrong-secret-key-0123456789abcdefghijklm"
	f.secrets = append(f.secrets, f.env["NCLOUD_SECRET_ACCESS_KEY"])
	r := f.run("", "get-job", "--job-id", seed)
	requireRuntimeError(t, r, "401 Unauthorized", "gateway error 200", "Authentication Failed")
	require.Len(t, f.srv.Requests(), 1, "a 401 is not retried")
}

func TestServerErrorIsRetriedThenExits1(t *testing.T) {
	f := newFixture(t)
	f.srv.InjectFault(dataflowtest.Status(503, 2))
	r := f.run("", "get-job", "--job-id", seed, "--retries", "1")
	requireRuntimeError(t, r, "503 Service Unavailable")
	assert.Len(t, f.srv.Requests(), 2, "the first try and one retry")
}

func TestRetriesRecover(t *testing.T) {
	f := newFixture(t)
	f.srv.InjectFault(dataflowtest.Status(503, 1))
	r := f.run("", "get-job", "--job-id", seed, "--retries", "2")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Len(t, f.srv.Requests(), 2)
}

func TestHTMLErrorPageIsOneLine(t *testing.T) {
	f := newFixture(t)
	f.srv.InjectFault(dataflowtest.HTML(502, 1))
	r := f.run("", "get-job", "--job-id", seed, "--retries", "0")
	requireRuntimeError(t, r, "502 Bad Gateway")
}

func TestNetworkErrorExits1(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	f := newFixture(t)
	r := f.runBare("", "get-job", "--job-id", seed, "--endpoint", "http://"+addr, "--retries", "0")
	requireRuntimeError(t, r, "dataflow: get-job: ", "connection refused")
}

func TestMissingCredentialsNamesTheSourcesTried(t *testing.T) {
	f := newFixture(t).withoutKeys()
	r := f.run("", "get-job", "--job-id", seed)
	requireRuntimeError(t, r, "no credentials", "environment", "NCLOUD_ACCESS_KEY_ID",
		filepath.Join(f.home, ".ncloud", "configure"), "profile DEFAULT")
	assert.Empty(t, f.srv.Requests(), "nothing is sent without keys")
}

func TestConfigureFile(t *testing.T) {
	t.Run("default profile", func(t *testing.T) {
		f := newFixture(t).withoutKeys()
		f.writeConfigure("[DEFAULT]\nncloud_access_key_id = "+f.srv.AccessKey+"\nncloud_secret_access_key = "+f.srv.SecretKey+"\n", f.srv.SecretKey)
		r := f.run("", "get-job", "--job-id", seed)
		require.Equal(t, exitOK, r.code, "%s", r)
	})
	t.Run("readable by others: used, with one warning", func(t *testing.T) {
		f := newFixture(t).withoutKeys()
		path := f.writeConfigure("[DEFAULT]\nncloud_access_key_id = "+f.srv.AccessKey+"\nncloud_secret_access_key = "+f.srv.SecretKey+"\n", f.srv.SecretKey)
		require.NoError(t, os.Chmod(path, 0o644))
		r := f.run("", "get-jobs", "--all", "--limit", "1")
		require.Equal(t, exitOK, r.code, "%s", r)
		assert.Equal(t, "dataflow: warning: signing: "+path+" holds secret keys but group or others can access it (mode 0644); run chmod 600 "+path+"\n", r.stderr)
		assert.Contains(t, r.stdout, seed)
	})
	t.Run("NCLOUD_PROFILE", func(t *testing.T) {
		f := newFixture(t).withoutKeys()
		f.writeConfigure("[DEFAULT]\nncloud_access_key_id = AKIDWRONG\nncloud_secret_access_key = wrongsecretwrongsecret\n\n[staging]\nncloud_access_key_id = "+f.srv.AccessKey+"\nncloud_secret_access_key = "+f.srv.SecretKey+"\n", "wrongsecretwrongsecret")
		f.env["NCLOUD_PROFILE"] = "staging"
		r := f.run("", "get-job", "--job-id", seed)
		require.Equal(t, exitOK, r.code, "%s", r)
	})
	t.Run("--profile beats the environment", func(t *testing.T) {
		f := newFixture(t)
		f.env["NCLOUD_ACCESS_KEY_ID"] = "AKIDFROMENVIRONMENT"
		f.env["NCLOUD_SECRET_ACCESS_KEY"] = "secretfromtheenvironment"
		f.secrets = append(f.secrets, "secretfromtheenvironment")
		f.writeConfigure("[staging]\nncloud_access_key_id = "+f.srv.AccessKey+"\nncloud_secret_access_key = "+f.srv.SecretKey+"\n", f.srv.SecretKey)
		r := f.run("", "get-job", "--job-id", seed, "--profile", "staging")
		require.Equal(t, exitOK, r.code, "%s", r)
		require.Len(t, f.srv.Requests(), 1)
		assert.Equal(t, f.srv.AccessKey, f.srv.Requests()[0].Header.Get("X-Ncp-Iam-Access-Key"))
	})
	t.Run("--profile that does not exist", func(t *testing.T) {
		f := newFixture(t)
		f.writeConfigure("[DEFAULT]\nncloud_access_key_id = "+f.srv.AccessKey+"\nncloud_secret_access_key = "+f.srv.SecretKey+"\n", f.srv.SecretKey)
		r := f.run("", "get-job", "--job-id", seed, "--profile", "prod")
		requireRuntimeError(t, r, "(profile prod): no such profile")
		assert.Empty(t, f.srv.Requests())
	})
	t.Run("a profile without keys", func(t *testing.T) {
		f := newFixture(t).withoutKeys()
		f.writeConfigure("[DEFAULT]\nncloud_api_url = https://ncloud.apigw.ntruss.com\n")
		r := f.run("", "get-job", "--job-id", seed)
		requireRuntimeError(t, r, "no credentials", "environment", "profile DEFAULT")
		assert.Empty(t, f.srv.Requests())
	})
	t.Run("a profile with only one key fails at once and quotes nothing", func(t *testing.T) {
		f := newFixture(t).withoutKeys()
		f.writeConfigure("[DEFAULT]\nncloud_secret_access_key = onlythesecretisherenokey\n", "onlythesecretisherenokey")
		r := f.run("", "get-job", "--job-id", seed)
		requireRuntimeError(t, r, "configure:")
		assert.Empty(t, f.srv.Requests())
	})
}

func TestDebugShowsSignedRequestsShortened(t *testing.T) {
	f := newFixture(t, dataflowtest.WithCredentials("AKIDEXAMPLE0123456789", "SECRETdoNotPrintMe0123456789abcdefghijkl"))
	f.env["NCLOUD_ACCESS_KEY_ID"], f.env["NCLOUD_SECRET_ACCESS_KEY"] = f.srv.AccessKey, f.srv.SecretKey
	f.secrets = append(f.secrets, f.srv.SecretKey)
	r := f.run("", "get-job", "--job-id", seed, "--debug")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Contains(t, r.stderr, "> GET /api/v1/jobs/gqigvHa1b2c3 (attempt 1)\n")
	assert.Contains(t, r.stderr, "> X-Ncp-Iam-Access-Key: AKID…\n")
	assert.Regexp(t, `> X-Ncp-Apigw-Signature-V2: .{4}…\n`, r.stderr)
	assert.Regexp(t, `> X-Ncp-Apigw-Timestamp: \d{13}\n`, r.stderr)
	assert.Regexp(t, `\n< 200 OK \(\d+ms\)\n< \{"createdDate":.*"jobId":"gqigvHa1b2c3"`, r.stderr, "status, time and body")
	assert.NotContains(t, r.stderr, f.srv.AccessKey)
	sig := f.srv.Requests()[0].Header.Get("X-Ncp-Apigw-Signature-V2")
	assert.NotContains(t, r.stderr, sig[:8])
	assert.Contains(t, r.stdout, "Job gqigvHa1b2c3")
}

func TestAllFetchesEveryPage(t *testing.T) {
	f := newFixture(t)
	for _, name := range []string{"job_two", "job_three", "job_four", "job_five"} {
		resp, err := f.srv.Client().CreateJobWithResponse(t.Context(), gen.CreateJobRequest{Name: name, Type: "VISUAL"})
		require.NoError(t, err)
		require.Equal(t, 201, resp.StatusCode())
	}
	f.srv.Reset()

	r := f.run("", "get-jobs", "--all", "--limit", "2", "--output", "json")
	require.Equal(t, exitOK, r.code, "%s", r)
	var all struct {
		List  []map[string]any `json:"list"`
		Count int              `json:"count"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &all))
	assert.Equal(t, 5, all.Count)
	assert.Len(t, all.List, 5)
	assert.Len(t, f.srv.Requests(), 3, "pages of 2, 2 and 1")

	r = f.run("", "get-jobs", "--all", "--limit", "2")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Contains(t, r.stdout, "JOB ID")
	assert.Contains(t, r.stdout, "job_five")
	assert.True(t, strings.HasSuffix(r.stdout, "5 jobs\n"), r.stdout)
}

func TestListText(t *testing.T) {
	f := newFixture(t)
	r := f.run("", "get-jobs")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Regexp(t, `(?m)^JOB ID +NAME +TYPE +STATUS +LAST EXECUTION +UPDATED$`, r.stdout)
	assert.Regexp(t, `(?m)^gqigvHa1b2c3 +job001 +DATAFLOW +RUNNABLE`, r.stdout)
	assert.True(t, strings.HasSuffix(r.stdout, "1 job (page 0, limit 1000)\n"), r.stdout)
}

func TestHelpAtEveryLevelExits0(t *testing.T) {
	f := newFixture(t)
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"}, {"help", "get-job"}, {"help", "demo"},
		{"get-job", "--help"}, {"update-job-execution-config", "-h"}, {"demo", "--help"}, {"version", "--help"},
		{"--output", "json", "get-jobs", "--help"},
	} {
		r := f.runBare("", args...)
		require.Equal(t, exitOK, r.code, "%v: %s", args, r)
		assert.Empty(t, r.stderr, "%v", args)
		assert.NotEmpty(t, r.stdout, "%v", args)
	}
	r := f.runBare("", "--help")
	for _, g := range groups {
		assert.Contains(t, r.stdout, "\n"+g+":\n")
	}
	for _, op := range operations {
		assert.Regexp(t, `(?m)^  `+op.name+` +`, r.stdout, "the help lists %s", op.name)
	}
	assert.Empty(t, f.srv.Requests(), "help sends nothing")
}

func TestNoArgumentsIsAUsageError(t *testing.T) {
	f := newFixture(t)
	r := f.runBare("")
	require.Equal(t, exitUsage, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "Usage:")
}

func TestVersion(t *testing.T) {
	f := newFixture(t)
	r := f.runBare("", "version")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Equal(t, "dataflow 0.1.0\n", r.stdout)
}

func TestDemoRuns(t *testing.T) {
	r := runBinary(t, map[string]string{"HOME": t.TempDir()}, "", nil, "demo")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Empty(t, r.stderr)
	for _, want := range []string{
		"[1/4]", "[2/4]", "[3/4]", "[4/4]",
		"> PUT /api/v1/jobs/gqigvHa1b2c3/executions (attempt 1)",
		"numWorker 2 → 4, timeout 2880 → 120",
		"numWorker=4 timeout=120",
		"OK: request and response conformed to openapi.yaml (2 requests, signatures valid).",
	} {
		assert.Contains(t, r.stdout, want)
	}
	assert.Regexp(t, `> X-Ncp-Iam-Access-Key: .{4}…\n`, r.stdout)
	assert.LessOrEqual(t, strings.Count(r.stdout, "\n"), 50, "short enough to read")
}
