//go:build ignore

// This file names the code generators this module runs. It is behind the
// ignore constraint, which every build and `go mod tidy` skip, ours and
// that of every module importing the client: a blank import here under any
// other tag made an importer's go.mod record oapi-codegen and sixteen
// modules it needs. The pin itself is go.mod's tool directive
// (`go get -tool`), which `go generate` runs as `go tool oapi-codegen`.
//
// TestImporterModuleGraph (importers_test.go) runs `go mod tidy` in a fresh
// module that imports the client and fails if its go.mod gains more than
// oapi-codegen/runtime and that module's own dependencies.
package dataflow

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
