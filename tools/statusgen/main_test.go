package main

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func load(t *testing.T, schema string) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData([]byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
` + schema))
	require.NoError(t, err)
	return doc
}

func TestGenerateReadsXTerminal(t *testing.T) {
	src, err := generate(load(t, `    ExecutionStatus:
      type: string
      enum: [A, B, C, D]
      x-terminal: {D: failed, B: succeeded}
`), "spec.yaml")
	require.NoError(t, err)
	assert.Contains(t, string(src), "case \"B\":\n\t\treturn true, true\n\tcase \"D\":\n\t\treturn true, false")
	assert.Contains(t, string(src), `var terminalStatuses = [...]gen.ExecutionStatus{"B", "D"}`)
	assert.Contains(t, string(src), "DO NOT EDIT")
}

func TestGenerateRefusesABadExtension(t *testing.T) {
	for _, c := range []struct{ schema, says string }{
		{"    Other: {type: string}\n", "no schema ExecutionStatus"},
		{"    ExecutionStatus: {type: string, enum: [A]}\n", "no x-terminal"},
		{"    ExecutionStatus: {type: string, enum: [A], x-terminal: [A]}\n", "must map"},
		{"    ExecutionStatus: {type: string, enum: [A], x-terminal: {A: done}}\n", "want succeeded or failed"},
		{"    ExecutionStatus: {type: string, enum: [A], x-terminal: {A: succeeded, Z: failed}}\n", "not an enum value"},
		{"    ExecutionStatus: {type: string, enum: [A], x-terminal: {A: failed}}\n", "no succeeded"},
	} {
		_, err := generate(load(t, c.schema), "spec.yaml")
		require.Error(t, err, c.schema)
		assert.Contains(t, err.Error(), c.says, c.schema)
	}
}
