package main

import (
	"errors"
	"flag"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

func TestSecretLeakFindsPieces(t *testing.T) {
	secret := "SECRETabcdefgh12345678"
	for _, out := range []string{secret, "x" + secret[3:11] + "y", "…" + secret[len(secret)-8:]} {
		_, leaked := secretLeak(out, []string{secret})
		assert.True(t, leaked, out)
	}
	_, leaked := secretLeak("SECR…  "+secret[:7], []string{secret})
	assert.False(t, leaked, "seven characters are not a piece")
}

func TestSuggest(t *testing.T) {
	for typo, want := range map[string]string{
		"get-jbo":                    "get-job",
		"getjobs":                    "get-jobs",
		"delete-jobs":                "delete-job",
		"update-job-execution-confg": "update-job-execution-config",
		"frobnicate":                 "",
	} {
		assert.Equal(t, want, suggest(typo), typo)
	}
}

func TestFlagErrorUsesTwoDashes(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(&optInt{min: intp(0)}, "page", "")
	fs.String("job-id", "", "")
	for args, want := range map[string]string{
		"--nope":                        "flag provided but not defined: --nope",
		"-nope":                         "flag provided but not defined: --nope",
		"--page x":                      `invalid value "x" for flag --page: not a whole number`,
		"--page -1":                     `invalid value "-1" for flag --page: must be 0 or more`,
		"--job-id":                      "flag needs an argument: --job-id",
		"---job-id 1":                   "bad flag syntax: ---job-id",
		"--page 1e400":                  `invalid value "1e400" for flag --page: not a whole number`,
		"--page 1000000000000000000000": `invalid value "1000000000000000000000" for flag --page: out of range`,
	} {
		err := fs.Parse(strings.Fields(args))
		require.Error(t, err, args)
		assert.Equal(t, want, flagError(err), args)
	}
}

func TestOptIntBounds(t *testing.T) {
	o := &optInt{min: intp(0), max: intp(10)}
	assert.NoError(t, o.Set("10"))
	assert.Equal(t, 10, o.v)
	assert.EqualError(t, o.Set("11"), "must be between 0 and 10")
	assert.EqualError(t, o.Set("-1"), "must be between 0 and 10")
	assert.EqualError(t, o.Set(" 1"), "not a whole number")
	assert.EqualError(t, o.Set(""), "not a whole number")
	assert.Equal(t, 10, o.v, "a refused value changes nothing")
}

func TestRedaction(t *testing.T) {
	assert.Equal(t, "AKID…", redactHeader("x-ncp-iam-access-key", "AKIDEXAMPLE"))
	assert.Equal(t, "abcd…", redactHeader("X-Ncp-Apigw-Signature-V2", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG="))
	assert.Equal(t, "…", redactHeader("X-Ncp-Iam-Access-Key", "SHORT"), "too short to show four characters")
	assert.Equal(t, "…", redactHeader("Authorization", "Bearer abc.def.ghi"))
	assert.Equal(t, "1742450000000", redactHeader("X-Ncp-Apigw-Timestamp", "1742450000000"))
	assert.Equal(t, "application/json", redactHeader("content-type", "application/json"))
}

func TestDebugPrinterSortsAndShortens(t *testing.T) {
	var out strings.Builder
	d := &debugPrinter{w: &out}
	req, err := http.NewRequest("GET", "http://127.0.0.1:1/api/v1/jobs?page=1", nil)
	require.NoError(t, err)
	req.Header.Set("X-Ncp-Iam-Access-Key", "AKIDEXAMPLE")
	req.Header.Set("X-Ncp-Apigw-Signature-V2", "c2lnbmF0dXJlc2lnbmF0dXJl")
	req.Header.Set("User-Agent", "ua")
	d.request(req, 2)
	assert.Equal(t, `> GET /api/v1/jobs?page=1 (attempt 2)
> Host: 127.0.0.1:1
> User-Agent: ua
> X-Ncp-Apigw-Signature-V2: c2ln…
> X-Ncp-Iam-Access-Key: AKID…
`, out.String())
}

func TestDecodeStrict(t *testing.T) {
	var req gen.UpdateJobExecutionConfigRequest
	require.NoError(t, decodeStrict([]byte(`{"jobCondition":{"nrn":"n","scriptPath":"s","logPath":"l"}}`+"\n\n"), &req))
	assert.Equal(t, "n", req.JobCondition.Nrn)

	var job gen.CreateJobRequest
	require.NoError(t, decodeStrict([]byte(`{"name":"j01","type":"VISUAL","nodes":[{"type":"TRANSFORM_PIVOT","id":1,"name":"p","parentNodeIds":[],"anything":{"goes":true}}]}`), &job),
		"a node keeps its own fields, whatever its type")
	raw, err := (*job.Nodes)[0].MarshalJSON()
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"anything":{"goes":true}`)

	for body, want := range map[string]string{
		`{"name":"j","type":"V","extra":1}`: `unknown field "extra"`,
		`{"name":1}`:                        "field name: cannot use a JSON number here (want string)",
		`{"name":"j"`:                       "not valid JSON: it ends too early",
		"{\n\"name\": 'j'}":                 "not valid JSON at line 2, column 10",
		`"job"`:                             "expected a JSON object, got a JSON string",
		`{"name":"j","type":"V"} x`:         "unexpected data after the JSON value",
	} {
		err := decodeStrict([]byte(body), new(gen.CreateJobRequest))
		require.Error(t, err, body)
		assert.Contains(t, err.Error(), want, body)
		assert.NotContains(t, err.Error(), "\n")
	}
}

func TestGenericTextKeepsTheBodysOrder(t *testing.T) {
	var out strings.Builder
	require.NoError(t, writeGeneric(&out, []byte(`{"z":1,"a":"two words","big":12345678901234567890,"list":[{"k":"v","n":null}],"tags":["x","y"],"empty":{},"none":[],"deep":[[1,2],{}],"nested":{"b":true}}`)))
	assert.Equal(t, `z: 1
a: "two words"
big: 12345678901234567890
list:
  - k=v n=null
tags: x, y
empty: {}
none: []
deep: [1, 2], {}
nested:
  b: true
`, out.String())
}

func TestOneLine(t *testing.T) {
	assert.Equal(t, "a b  c d", oneLine("a\nb\r\nc\x1bd"))
}

func TestFailClassifiesErrors(t *testing.T) {
	var out strings.Builder
	assert.Equal(t, exitUsage, fail(&out, "get-job", usagef("bad %s", "flag")))
	assert.Equal(t, "dataflow: get-job: bad flag\nRun 'dataflow get-job --help' for usage.\n", out.String())

	out.Reset()
	assert.Equal(t, exitError, fail(&out, "get-job", errors.New("dial tcp: refused\nsecond line")))
	assert.Equal(t, "dataflow: get-job: dial tcp: refused second line\n", out.String())
}

func TestConditionChanges(t *testing.T) {
	two, four := 2, 4
	empty, role := "", "nrn:x"
	got := conditionChanges(&gen.RunCondition{NumWorker: &two, Nrn: &empty}, &gen.RunCondition{NumWorker: &four, Nrn: &role})
	assert.Equal(t, []string{"numWorker 2 → 4", "nrn set"}, got)
	assert.Equal(t, []string{"unchanged"}, conditionChanges(&gen.RunCondition{}, &gen.RunCondition{}))
}
