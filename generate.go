package dataflow

// The client and its types in gen/ are generated from openapi.yaml by the
// oapi-codegen version that go.mod's tool directive pins (see tools.go).
// dataflow-gen then writes what else follows from the spec: the request
// checks, typed methods and node constructors here (*.gen.go), the
// command's operation table (cmd/dataflow/operations.gen.go) and the
// README's operations table.
//go:generate go tool oapi-codegen -config gen/cfg.yaml openapi.yaml
//go:generate go run ./internal/cmd/dataflow-gen

// The documented error types and gateway codes become constants.
//go:generate go run ./tools/errorcodes -spec openapi.yaml -out errorcodes.gen.go

// status.gen.go says which ExecutionStatus values end an execution, from the
// schema's x-terminal extension in openapi.yaml (tools/statusgen).
//go:generate go run ./tools/statusgen -spec openapi.yaml -out status.gen.go
