package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Bad input, as the command's user can give it. Each case exits 2 with one
// line saying what is wrong (plus a pointer to the help), and the fake
// records no request at all: nothing is sent when the input is invalid.
func TestBadInputIsRefusedBeforeSending(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	unreadable := file("unreadable.json", `{"name":"job001","type":"VISUAL"}`)
	require.NoError(t, os.Chmod(unreadable, 0))
	if f, err := os.Open(unreadable); err == nil { // running as root: the mode does not stop reads
		f.Close()
		unreadable = filepath.Join(dir, "missing.json")
	}

	uec := []string{"update-job-execution-config", "--job-id", seed}
	uecFlags := append(uec[:len(uec):len(uec)], "--nrn", exampleNRN, "--script-path", "s/", "--log-path", "l/")
	goodCondition := `{"jobCondition":{"nrn":"` + exampleNRN + `","scriptPath":"s/","logPath":"l/"}}`

	cases := []struct {
		name  string
		stdin string
		args  []string
		want  string // in the first line of stderr
	}{
		// The command line.
		{name: "unknown operation", args: []string{"get-jbo"}, want: `unknown operation "get-jbo" (did you mean get-job?)`},
		{name: "unknown flag", args: []string{"get-job", "--job-id", seed, "--jobid", "x"}, want: "flag provided but not defined: --jobid"},
		{name: "unknown global flag", args: []string{"--verbose", "get-job", "--job-id", seed}, want: "flag provided but not defined: --verbose"},
		{name: "missing path parameter", args: []string{"get-job"}, want: "--job-id is required"},
		{name: "empty path parameter", args: []string{"get-job", "--job-id", " "}, want: "--job-id must not be empty"},
		{name: "flag without its value", args: []string{"get-job", "--job-id"}, want: "flag needs an argument: --job-id"},
		{name: "stray argument", args: []string{"get-job", seed}, want: `unexpected argument "gqigvHa1b2c3"`},
		{name: "missing second path parameter", args: []string{"get-job-execution", "--job-id", seed}, want: "--execution-id is required"},
		{name: "no option to change", args: uec, want: "give the options to change (such as --num-worker), or the whole body with --cli-input-json"},
		{name: "empty option flag", args: append(uec, "--num-worker", "4", "--log-path", ""), want: "--log-path must not be empty"},
		{name: "too many workers alone", args: append(uec, "--num-worker", "11"), want: "update-job-execution-config: --num-worker must be between 2 and 10 (got 11)"},
		{name: "zero timeout alone", args: append(uec, "--timeout", "0"), want: "--timeout must be between 1 and 1440 (got 0)"},

		// Numbers.
		{name: "non-numeric number", args: append(uecFlags, "--num-worker", "four"), want: `invalid value "four" for flag --num-worker: not a whole number`},
		{name: "fractional number", args: append(uecFlags, "--timeout", "1.5"), want: `invalid value "1.5" for flag --timeout: not a whole number`},
		{name: "exponent", args: []string{"get-jobs", "--limit", "1e3"}, want: `invalid value "1e3" for flag --limit: not a whole number`},
		{name: "huge number", args: append(uecFlags, "--num-worker", "99999999999999999999"), want: `invalid value "99999999999999999999" for flag --num-worker: out of range`},
		{name: "huge page", args: []string{"get-jobs", "--page", "-99999999999999999999"}, want: "out of range"},
		{name: "negative workers", args: append(uecFlags, "--num-worker", "-3"), want: "update-job-execution-config: --num-worker must be between 2 and 10 (got -3)"},
		{name: "too many workers", args: append(uecFlags, "--num-worker", "11"), want: "--num-worker must be between 2 and 10 (got 11)"},
		{name: "huge workers that fit an int", args: append(uecFlags, "--num-worker", "9223372036854775807"), want: "--num-worker must be between 2 and 10"},
		{name: "zero timeout", args: append(uecFlags, "--timeout", "0"), want: "--timeout must be between 1 and 1440 (got 0)"},
		{name: "negative page", args: []string{"get-jobs", "--page", "-1"}, want: `invalid value "-1" for flag --page: must be 0 or more`},
		{name: "negative limit", args: []string{"get-workflows", "--limit", "-5"}, want: `invalid value "-5" for flag --limit: must be 0 or more`},
		{name: "negative retries", args: []string{"--retries", "-1", "get-job", "--job-id", seed}, want: `invalid value "-1" for flag --retries: must be between 0 and 10`},
		{name: "too many retries", args: []string{"get-job", "--job-id", seed, "--retries", "1000000"}, want: "must be between 0 and 10"},
		{name: "non-numeric retries", args: []string{"get-job", "--job-id", seed, "--retries", "many"}, want: "not a whole number"},

		// Global flags.
		{name: "unknown output", args: []string{"get-job", "--job-id", seed, "--output", "yaml"}, want: `invalid value "yaml" for flag --output: must be json, text, graph, mermaid or dot`},
		{name: "graph of a list", args: []string{"get-jobs", "--output", "graph"}, want: "--output graph draws a job's nodes: it works with operations that print a job"},
		{name: "empty profile", args: []string{"get-job", "--job-id", seed, "--profile", ""}, want: "--profile: must name a profile"},
		{name: "endpoint not a URL", args: []string{"get-job", "--job-id", seed, "--endpoint", "not a url"}, want: `get-job: endpoint "not a url" is not an http(s) URL with a host`},
		{name: "endpoint without scheme", args: []string{"get-job", "--job-id", seed, "--endpoint", "dataflow.apigw.ntruss.com"}, want: "is not an http(s) URL"},
		{name: "endpoint not http", args: []string{"get-job", "--job-id", seed, "--endpoint", "ftp://example.com"}, want: "is not an http(s) URL"},
		{name: "request timeout not a duration", args: []string{"get-job", "--job-id", seed, "--request-timeout", "30"}, want: `invalid value "30" for flag --request-timeout: not a duration such as 30s or 2m`},
		{name: "request timeout zero", args: []string{"--request-timeout", "0s", "get-job", "--job-id", seed}, want: "--request-timeout: must be between 100ms and 1h0m0s"},
		{name: "request timeout negative", args: []string{"get-job", "--job-id", seed, "--request-timeout", "-5s"}, want: "must be between 100ms and 1h0m0s"},
		{name: "response size with an unknown unit", args: []string{"get-job", "--job-id", seed, "--max-response-size", "64MB"}, want: `invalid value "64MB" for flag --max-response-size: not a size such as 1048576, 512KiB, 64MiB or 1GiB`},
		{name: "response size too small", args: []string{"get-job", "--job-id", seed, "--max-response-size", "12"}, want: "--max-response-size: must be between 1024 and 4294967296 bytes"},
		{name: "response size overflowing", args: []string{"get-job", "--job-id", seed, "--max-response-size", "9223372036854775807GiB"}, want: "not a size"},
		{name: "endpoint with a query", args: []string{"get-job", "--job-id", seed, "--endpoint", "https://example.com/?a=b"}, want: "must not have a query"},

		// Dates and other values the client checks.
		{name: "malformed date", args: []string{"get-execution-result", "--start-date", "2025-03-19", "--end-date", "2025-03-20T00:00:00"}, want: "get-execution-result: --start-date must match ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$ (got \"2025-03-19\")"},
		{name: "missing date", args: []string{"get-execution-times", "--start-date", "2025-03-19T00:00:00"}, want: "--end-date is required"},
		{name: "payload not JSON", args: []string{"execute-workflow", "--workflow-id", "w", "--payload", "caller=me"}, want: "for flag --payload: not a JSON object"},
		{name: "payload not an object", args: []string{"execute-workflow", "--workflow-id", "w", "--payload", "[1]"}, want: "not a JSON object"},

		// --cli-input-json.
		{name: "body required", args: []string{"create-job"}, want: "--name is required (or give the whole body with --cli-input-json)"},
		{name: "required boolean field", args: []string{"create-workflow", "--name", "wf_1"}, want: "--is-temp is required (or give the whole body with --cli-input-json)"},
		{name: "body file missing", args: []string{"create-job", "--cli-input-json", filepath.Join(dir, "nope.json")}, want: "nope.json: no such file or directory"},
		{name: "body file unreadable", args: []string{"create-job", "--cli-input-json", unreadable}, want: "--cli-input-json: cannot read"},
		{name: "body file is a directory", args: []string{"create-job", "--cli-input-json", dir}, want: "is a directory"},
		{name: "body file name empty", args: []string{"create-job", "--cli-input-json", ""}, want: "--cli-input-json needs a file name"},
		{name: "body empty", args: []string{"create-job", "--cli-input-json", "-"}, stdin: " \n", want: "--cli-input-json (stdin): empty"},
		{name: "body not JSON", args: []string{"create-job", "--cli-input-json", "-"}, stdin: "name: job001\n", want: "not valid JSON at line 1"},
		{name: "body cut short", args: []string{"create-job", "--cli-input-json", "-"}, stdin: `{"name": "job001", `, want: "not valid JSON"},
		{name: "body with a syntax error on line 3", args: []string{"create-job", "--cli-input-json", file("bad.json", "{\n  \"name\": \"job001\",\n  \"type\" \"VISUAL\"\n}")}, want: "not valid JSON at line 3"},
		{name: "body an array", args: []string{"create-job", "--cli-input-json", "-"}, stdin: `[{"name":"job001"}]`, want: "expected a JSON object, got a JSON array"},
		{name: "body unknown field", args: []string{"create-job", "--cli-input-json", "-"}, stdin: `{"name":"job001","type":"VISUAL","owner":"me"}`, want: `unknown field "owner"`},
		{name: "body unknown nested field", args: append(uec, "--cli-input-json", "-"), stdin: `{"jobCondition":{"nrn":"n","scriptPath":"s/","logPath":"l/","workers":4}}`, want: `unknown field "workers"`},
		{name: "body the bare condition", args: append(uec, "--cli-input-json", "-"), stdin: `{"nrn":"n","scriptPath":"s/","logPath":"l/"}`, want: `unknown field "nrn"`},
		{name: "body wrong type", args: append(uec, "--cli-input-json", "-"), stdin: `{"jobCondition":{"nrn":"n","scriptPath":"s/","logPath":"l/","numWorker":"4"}}`, want: "cannot use a JSON string here (want int)"},
		{name: "body trailing data", args: append(uec, "--cli-input-json", "-"), stdin: goodCondition + `{}`, want: "unexpected data after the JSON value"},
		{name: "body two values", args: []string{"verify-job", "--cli-input-json", "-"}, stdin: `{"name":"a","nodes":[]} []`, want: "unexpected data after the JSON value"},
		{name: "body missing a required field", args: append(uec, "--cli-input-json", "-"), stdin: `{"jobCondition":{"scriptPath":"s/","logPath":"l/"}}`, want: "--cli-input-json: jobCondition.nrn must not be empty"},
		{name: "body and field flags", args: append(uecFlags, "--cli-input-json", "-"), stdin: goodCondition, want: "--cli-input-json cannot be combined with --log-path, --nrn, --script-path"},
		{name: "body with a bad job name", args: []string{"create-job", "--cli-input-json", "-"}, stdin: `{"name":"my job!","type":"VISUAL"}`, want: "create-job: --cli-input-json: name must match ^[A-Za-z_][A-Za-z0-9_-]*$ (got \"my job!\")"},
		{name: "body node without type", args: []string{"verify-job", "--cli-input-json", "-"}, stdin: `{"name":"job001","nodes":[{"id":1,"name":"x","parentNodeIds":[]}]}`, want: "--cli-input-json: nodes[0].type is required"},
		{name: "body nodes repeat an id", args: []string{"create-job", "--cli-input-json", "-"},
			stdin: `{"name":"job001","type":"DATAFLOW","nodes":[{"type":"SOURCE_OBS","id":1,"name":"in","parentNodeIds":[],"regionNo":"1","bucketName":"b","prefix":"p","dataType":"CSV","fieldList":[]},{"type":"TARGET_OBS","id":1,"name":"out","parentNodeIds":[1],"regionNo":"1","bucketName":"b","prefix":"p","dataType":"CSV","updateType":"OVERWRITE","fieldList":[]}]}`,
			want:  `create-job: --cli-input-json: nodes[1].id node 1 ("out") uses the id of nodes[0]; node ids must be unique`},
		{name: "body node names a missing parent", args: []string{"create-job", "--cli-input-json", "-"},
			stdin: `{"name":"job001","type":"DATAFLOW","nodes":[{"type":"SOURCE_OBS","id":1,"name":"in","parentNodeIds":[],"regionNo":"1","bucketName":"b","prefix":"p","dataType":"CSV","fieldList":[]},{"type":"TARGET_OBS","id":2,"name":"out","parentNodeIds":[7],"regionNo":"1","bucketName":"b","prefix":"p","dataType":"CSV","updateType":"OVERWRITE","fieldList":[]}]}`,
			want:  `create-job: --cli-input-json: nodes[1].parentNodeIds[0] node 2 ("out") names parent 7, which is not a node of this job`},
		{name: "body trigger with a bad type", args: []string{"create-trigger", "--cli-input-json", "-"}, stdin: `{"name":"weekly","type":"HOURLY","triggerRule":{"type":"RECURRING"}}`, want: `create-trigger: --cli-input-json: type must be one of SCHEDULED, EVENT, NONE (got "HOURLY")`},
	}
	// Each case runs with keys in the environment and with no keys
	// anywhere: the input is checked before the keys are looked up, so
	// bad input is a usage error either way, never "no credentials".
	for _, keys := range []bool{true, false} {
		for _, tc := range cases {
			name := tc.name
			if !keys {
				name += " without keys"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				f := newFixture(t)
				if !keys {
					f.withoutKeys()
				}
				r := f.run(tc.stdin, tc.args...)
				requireUsageError(t, r, tc.want)
				assert.Empty(t, f.srv.Requests(), "nothing may be sent")
				t.Logf("%s", strings.SplitN(r.stderr, "\n", 2)[0])
			})
		}
	}
}

// DATAFLOW_ENDPOINT is checked like --endpoint, and the error says where
// the bad value came from.
func TestBadEndpointFromEnvironment(t *testing.T) {
	f := newFixture(t)
	f.env["DATAFLOW_ENDPOINT"] = "localhost:8080"
	r := f.runBare("", "get-job", "--job-id", seed)
	requireUsageError(t, r, "(from DATAFLOW_ENDPOINT)")
	assert.Empty(t, f.srv.Requests())
}
