package main

import (
	"net"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/dataflowtest"
)

const (
	hygieneAccessKey = "AKIDHYGIENE0123456789"
	hygieneSecret    = "SECRETneverPRINTED9f8e7d6c5b4a3210zyxwvu"
	otherSecret      = "OTHERsecretALSOnever0123456789abcdefghij"
)

// The secret key never appears, whole or in part, in any byte the command
// writes: on success, on every kind of error, with --debug, in help, when
// credentials are missing or malformed, and in the demo. (Every run of the
// other tests is checked the same way by runBinary and runInProcess; this
// test walks the paths on purpose.)
func TestSecretKeyNeverPrinted(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedAddr := ln.Addr().String()
	require.NoError(t, ln.Close())

	type scenario struct {
		name  string
		setup func(f *fixture)
		stdin string
		args  []string
		code  int
	}
	scenarios := []scenario{
		{name: "success text", args: []string{"get-job", "--job-id", seed}},
		{name: "success json", args: []string{"get-job", "--job-id", seed, "--output", "json"}},
		{name: "debug success", args: []string{"update-job-execution-config", "--job-id", seed, "--nrn", exampleNRN, "--script-path", "s/", "--log-path", "l/", "--debug"}},
		{name: "debug body from stdin", stdin: `{"name":"job_x","type":"VISUAL"}`, args: []string{"create-job", "--cli-input-json", "-", "--debug"}},
		{name: "debug 404", args: []string{"get-job", "--job-id", "nosuchjob123", "--debug"}, code: exitError},
		{name: "debug retries", setup: func(f *fixture) { f.srv.InjectFault(dataflowtest.Status(503, 2)) },
			args: []string{"get-job", "--job-id", seed, "--debug", "--retries", "1"}, code: exitError},
		{name: "debug wrong secret", setup: func(f *fixture) { f.env["NCLOUD_SECRET_ACCESS_KEY"] = otherSecret },
			args: []string{"get-job", "--job-id", seed, "--debug"}, code: exitError},
		{name: "debug network error", args: []string{"get-job", "--job-id", seed, "--debug", "--retries", "0", "--endpoint", "http://" + closedAddr}, code: exitError},
		{name: "debug invalid input", args: []string{"update-job-execution-config", "--job-id", seed, "--nrn", "n", "--script-path", "s/", "--log-path", "l/", "--num-worker", "99", "--debug"}, code: exitUsage},
		{name: "bad flag", args: []string{"get-job", "--job-id", seed, "--secret-key", hygieneSecret}, code: exitUsage},
		{name: "help", args: []string{"--help"}},
		{name: "operation help", args: []string{"get-job", "--help", "--debug"}},
		{name: "missing credentials", setup: func(f *fixture) { f.withoutKeys() }, args: []string{"get-job", "--job-id", seed, "--debug"}, code: exitError},
		{name: "half-set environment", setup: func(f *fixture) { delete(f.env, "NCLOUD_ACCESS_KEY_ID") },
			args: []string{"get-job", "--job-id", seed, "--debug"}, code: exitError},
		{name: "profile from configure", setup: func(f *fixture) {
			f.withoutKeys()
			f.writeConfigure("[work]\nncloud_access_key_id = " + hygieneAccessKey + "\nncloud_secret_access_key = " + hygieneSecret + "\n")
		}, args: []string{"get-job", "--job-id", seed, "--profile", "work", "--debug"}},
		{name: "configure without the access key", setup: func(f *fixture) {
			f.withoutKeys()
			f.writeConfigure("[DEFAULT]\nncloud_secret_access_key = " + hygieneSecret + "\n")
		}, args: []string{"get-job", "--job-id", seed, "--debug"}, code: exitError},
		{name: "configure with a syntax error", setup: func(f *fixture) {
			f.withoutKeys()
			f.writeConfigure("[DEFAULT\nncloud_access_key_id = " + hygieneAccessKey + "\nncloud_secret_access_key " + hygieneSecret + "\n")
		}, args: []string{"get-job", "--job-id", seed}, code: exitError},
		{name: "configure with a repeated key", setup: func(f *fixture) {
			f.withoutKeys()
			f.writeConfigure("[DEFAULT]\nncloud_access_key_id = " + hygieneAccessKey + "\nncloud_secret_access_key = " + hygieneSecret + "\nncloud_secret_access_key = " + otherSecret + "\n")
		}, args: []string{"get-job", "--job-id", seed}, code: exitError},
	}

	var outputs []string
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			f := newFixture(t, dataflowtest.WithCredentials(hygieneAccessKey, hygieneSecret))
			f.secrets = append(f.secrets, otherSecret)
			if sc.setup != nil {
				sc.setup(f)
			}
			r := f.run(sc.stdin, sc.args...) // checks the output for every secret
			assert.Equal(t, sc.code, r.code, "%s", r)
			outputs = append(outputs, r.stdout, r.stderr)
		})
	}

	t.Run("demo", func(t *testing.T) {
		var out strings.Builder
		require.NoError(t, demo(t.Context(), &out, dataflowtest.WithCredentials(hygieneAccessKey, hygieneSecret)))
		assertNoSecret(t, result{stdout: out.String()}, []string{hygieneSecret})
		assert.Contains(t, out.String(), "X-Ncp-Iam-Access-Key: AKID…")
		assert.NotContains(t, out.String(), hygieneAccessKey)
		outputs = append(outputs, out.String())
	})

	all := strings.Join(outputs, "\n")
	require.NotEmpty(t, all)
	assert.NotContains(t, all, hygieneSecret)
	assert.NotContains(t, all, otherSecret)
	assert.NotContains(t, all, hygieneAccessKey, "the access key is shortened too")
}
