package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ncp-dataflow/dataflow-go/gen"
)

// The seed job through the command: three nodes and the two edges
// source → filter → target, in each format.
func TestGetJobGraphOutputs(t *testing.T) {
	f := newFixture(t)

	r := f.inProcess("", "get-job", "--job-id", seed, "--output", "graph")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Contains(t, r.stdout, "3 nodes, 2 edges")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 5, r.stdout) // title, header, three nodes
	assert.Regexp(t, `^\s+\[1\]\s+Object Storage\s+SOURCE_OBS\s+1697776914576\s+-$`, lines[2])
	assert.Regexp(t, `^\s+\[2\]\s+└▶ Filters\s+TRANSFORM_FILTER\s+\d+\s+\[1\] Object Storage$`, lines[3])
	assert.Regexp(t, `^\s+\[3\]\s+└▶ Object Storage\s+TARGET_OBS\s+\d+\s+\[2\] Filters$`, lines[4])

	r = f.inProcess("", "get-job", "--job-id", seed, "--output", "mermaid")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Contains(t, r.stdout, "flowchart LR\n")
	assert.Len(t, regexp.MustCompile(`(?m)^  n\d\["`).FindAllString(r.stdout, -1), 3, r.stdout)
	assert.Equal(t, []string{"n1 --> n2", "n2 --> n3"}, regexp.MustCompile(`n\d --> n\d`).FindAllString(r.stdout, -1))
	assert.Contains(t, r.stdout, `n2["Filters<br/><small>TRANSFORM_FILTER</small>"]`)

	r = f.inProcess("", "get-job", "--job-id", seed, "--output", "dot")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.True(t, strings.HasPrefix(r.stdout, `digraph "job001" {`), r.stdout)
	assert.Len(t, regexp.MustCompile(`(?m)^  n\d \[label="[^"]+\\n[A-Z_]+"\];$`).FindAllString(r.stdout, -1), 3, r.stdout)
	assert.Equal(t, []string{"n1 -> n2", "n2 -> n3"}, regexp.MustCompile(`n\d -> n\d`).FindAllString(r.stdout, -1))
	assert.True(t, strings.HasSuffix(r.stdout, "}\n"))
}

// Every operation that prints a job can draw it: the answer of
// update-job-execution-config too.
func TestGraphAfterAnEdit(t *testing.T) {
	f := newFixture(t)
	r := f.inProcess("", "update-job-execution-config", "--job-id", seed, "--nrn", exampleNRN,
		"--script-path", "s/", "--log-path", "l/", "--output", "dot")
	require.Equal(t, exitOK, r.code, "%s", r)
	assert.Contains(t, r.stdout, "n2 -> n3;")
}

func jobFromJSON(t *testing.T, s string) *gen.Job {
	t.Helper()
	var j gen.Job
	require.NoError(t, json.Unmarshal([]byte(s), &j))
	return &j
}

// Names from the service cannot break out of a label, and a graph with a
// cycle, a parent that names no node and a join is still drawn, in time.
func TestGraphOfAHostileJob(t *testing.T) {
	j := jobFromJSON(t, `{"jobId":"j1","name":"evil\"]; x --> y\n%%","type":"DATAFLOW","status":"RUNNABLE","nodes":[
		{"type":"SOURCE_OBS","id":1,"name":"a\"] --> hack[\"b","parentNodeIds":[]},
		{"type":"SOURCE_OBS","id":2,"name":"<b>bold</b>\\\"q","parentNodeIds":[]},
		{"type":"TRANSFORM_JOIN","id":3,"name":"join","parentNodeIds":[1,2]},
		{"type":"TRANSFORM_FILTER","id":4,"name":"loop","parentNodeIds":[3,5]},
		{"type":"TRANSFORM_FILTER","id":5,"name":"back","parentNodeIds":[4]},
		{"type":"TARGET_OBS","id":6,"name":"out","parentNodeIds":[5,99]}]}`)

	var b bytes.Buffer
	writeMermaid(&b, j)
	m := b.String()
	for _, line := range strings.Split(strings.TrimSpace(m), "\n") {
		// Every label line has exactly the two quotes that delimit it.
		if strings.Contains(line, `["`) {
			assert.Equal(t, 2, strings.Count(line, `"`), "label quotes in %q", line)
		}
	}
	assert.NotContains(t, m, "<b>")
	assert.Contains(t, m, `title: "evil#quot;]; x --#gt; y %%"`)
	assert.Contains(t, m, "n1 --> n3")
	assert.Contains(t, m, "n2 --> n3")
	assert.Contains(t, m, "missing node 99")

	b.Reset()
	writeDot(&b, j)
	d := b.String()
	for _, line := range strings.Split(d, "\n") {
		// Unescaped quotes come in pairs: the label stays one string.
		unescaped := strings.Count(line, `"`) - strings.Count(line, `\"`)
		assert.Equal(t, 0, unescaped%2, "quotes in %q", line)
	}
	assert.Contains(t, d, `\\\"q`, "a backslash and a quote from the name are both escaped")
	assert.Contains(t, d, "missing node 99")

	b.Reset()
	writeGraph(&b, j)
	g := b.String()
	assert.Contains(t, g, "6 nodes, 6 edges")
	assert.Contains(t, g, "(missing node 99)")
	assert.NotContains(t, g, "\n%%", "the name's newline is not printed")
	assert.Regexp(t, `join\s+TRANSFORM_JOIN\s+3\s+\[\d\] a"\] --> hack\["b, \[\d\] <b>bold`, g)
}
