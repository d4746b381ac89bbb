package dataflow

import (
	_ "embed"
)

//go:embed openapi.yaml
var openAPISpec []byte

// OpenAPISpec returns the OpenAPI 3.0 document this client was generated
// from, as YAML. Each call returns a fresh copy, so callers may modify it.
//
// The contract tests and the dataflowtest fake server validate traffic
// against it; downstream code can do the same with any OpenAPI validator.
func OpenAPISpec() []byte {
	return append([]byte(nil), openAPISpec...)
}
