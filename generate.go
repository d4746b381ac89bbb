package dataflow

// The client and its types in gen/ are generated from openapi.yaml by the
// oapi-codegen version that go.mod pins (see tools.go).
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config gen/cfg.yaml openapi.yaml
