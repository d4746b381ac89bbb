package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
)

func TestDebugBodyRedactsAndBounds(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"name":"db","password":"hunter2","nested":[{"userPassword":"p2","user":"me"}]}`,
			`{"name":"db","nested":[{"user":"me","userPassword":"…"}],"password":"…"}`},
		{`{"parameters":{"apiToken":"t0k3n","day":"mon"},"id":1697776914576123456789}`,
			`{"id":1697776914576123456789,"parameters":{"apiToken":"…","day":"mon"}}`},
		{"<html>\n<p>password=hunter2&x=1</p>", "<html> <p>password=…&x=1</p>"},
		{`{"broken": "secret": "s3"`, `{"broken": "secret": "…"`},
		{"\xff\xfe", "(2 bytes, not text)"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, debugBody([]byte(tc.in)), tc.in)
	}
	long := `{"list":["` + strings.Repeat("a", 10000) + `"]}`
	got := debugBody([]byte(long))
	assert.LessOrEqual(t, len(got), maxDebugBody+40)
	assert.True(t, strings.HasSuffix(got, "… (10013 bytes in all)"), got[len(got)-40:])
	huge := `{"password":"` + strings.Repeat("x", maxRedactParse) + `"}`
	assert.NotContains(t, debugBody([]byte(huge)), "xxx", "too large to parse: redacted as text")
}

// --debug shows both bodies, hides a password in the request body, and
// says when and why the client retries.
func TestDebugShowsBodiesAndRetries(t *testing.T) {
	f := newFixture(t)
	f.srv.InjectFault(dataflowtest.Status(503, 1).For("verifyJob"))
	body := `{"name":"job001","nodes":[{"type":"SOURCE_CDB_MYSQL","id":1,"name":"db","parentNodeIds":[],"connectionId":"conn-1","table":"t","fieldList":[],"password":"hunter2hunter2"}]}`
	r := f.inProcess(body, "verify-job", "--cli-input-json", "-", "--debug")
	assert.NotContains(t, r.stderr, "hunter2")
	assert.Contains(t, r.stderr, `"password":"…"`)
	assert.Regexp(t, `< 503 Service Unavailable \(\d+ms\)\n< \{"error":`, r.stderr)
	assert.Contains(t, r.stderr, "not retried: POST is not retried")

	f.srv.InjectFault(dataflowtest.Status(503, 1).For("getJob"))
	r = f.inProcess("", "get-job", "--job-id", seed, "--debug")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Regexp(t, `  retrying in \d+ms: status 503\n`, r.stderr)
	assert.Contains(t, r.stderr, "(attempt 2)")
}
