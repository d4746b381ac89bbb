//go:build tools

// This file pins the code generator through go.mod so that `go generate`
// always runs the same oapi-codegen version. It is never compiled into the
// client.
package dataflow

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
