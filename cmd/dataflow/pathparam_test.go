package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPathParametersThatChangeThePathExit2: the command refuses, as the
// library does, an id that would change the request's path once resolved;
// it exits 2 naming the flag, and the fake records nothing.
func TestPathParametersThatChangeThePathExit2(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct{ args []string }{
		{[]string{"get-job", "--job-id", "."}},
		{[]string{"delete-job", "--job-id", ".."}},
		{[]string{"get-job-execution", "--job-id", seed, "--execution-id", ".."}},
		{[]string{"create-job-execution", "--job-id", ".."}},
		{[]string{"get-job", "--job-id", "a/b"}},
		{[]string{"get-job", "--job-id", "%2e%2e"}},
		{[]string{"get-workflow", "--workflow-id", `a\b`}},
		{[]string{"get-trigger", "--trigger-id", ".%2E"}},
	} {
		r := f.run("", c.args...)
		flagName := c.args[len(c.args)-2]
		assert.Equal(t, exitUsage, r.code, "%v: %s", c.args, r)
		first, _, _ := strings.Cut(r.stderr, "\n")
		assert.True(t, strings.HasPrefix(first, "dataflow: "+c.args[0]+": "+flagName+" must not "), "%v: %s", c.args, r)
	}
	assert.Empty(t, f.srv.Requests(), "a request was sent")
}
