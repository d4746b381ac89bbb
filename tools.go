//go:build ignore

// The code generators this module runs are pinned by go.mod's tool
// directive (`go get -tool`), not by an import here: a blank import in a
// file of package dataflow, even behind a build tag, makes `go mod tidy` in
// every module that imports the client record the generator and its
// dependencies. The ignore constraint keeps this file out of every build and
// out of `go mod tidy`, ours and theirs.
//
// Generators run by `go generate ./...` (see generate.go):
//
//	go tool oapi-codegen   gen/client.gen.go, from openapi.yaml
//
// TestImporterModuleGraph (importers_test.go) runs `go mod tidy` in a fresh
// module that imports the client and fails if its go.mod gains more than
// oapi-codegen/runtime and that module's own dependencies.
package dataflow
