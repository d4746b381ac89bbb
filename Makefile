# dataflow-go tasks. `make` (or `make help`) lists them.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

GOLANGCI_LINT_VERSION := v2.15.0
BIN := $(CURDIR)/bin
GOLANGCI_LINT := $(BIN)/golangci-lint-$(GOLANGCI_LINT_VERSION)

.PHONY: help
help: ## List every task
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: demo
demo: ## Run the main job offline: a signed round trip against the in-process fake Data Flow
	go run ./cmd/dataflow demo

.PHONY: test
test: ## Run all tests with the race detector (the README's test command)
	go test -race -cover ./...

.PHONY: bench
bench: ## Benchmarks against their floors: pair ratios vs targets, benchstat, go generate timing (see BENCHMARKS.md)
	tools/bench/run.sh

FUZZTIME ?= 30s

.PHONY: fuzz
fuzz: ## Run each fuzz target for FUZZTIME (default 30s), one at a time
	FUZZTIME=$(FUZZTIME) tools/reliability/fuzz.sh

.PHONY: soak
soak: ## Soak: 20,000 calls from 50 goroutines under random faults, then 50 clients against fake-server (not part of test)
	tools/reliability/soak.sh

.PHONY: generate
generate: ## Regenerate gen/ from openapi.yaml
	go generate ./...

.PHONY: check-generated
check-generated: ## Fail unless generated files match what openapi.yaml generates (committed or not) and go.mod/go.sum are tidy
	tools/gen/check-generated.sh

.PHONY: check-deps
check-deps: ## Fail if the client packages (dataflow, gen, signing) import anything beyond the standard library and oapi-codegen/runtime
	@bad=$$(go list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' . ./gen ./signing | grep -v '^github.com/ncp-dataflow/dataflow-go' \
		| grep -v -e '^github.com/oapi-codegen/runtime' -e '^github.com/google/uuid$$' -e '^github.com/apapsch/go-jsonmerge/v2$$' || true); \
	if [ -n "$$bad" ]; then echo "client packages import more than they may:"; echo "$$bad"; exit 1; fi; \
	echo "client packages import only the standard library and oapi-codegen/runtime (with its own dependencies)"

.PHONY: spec-check
spec-check: ## Lint, validate and type-check openapi.yaml with pinned npm tools, then the Go spec tests
	tools/spec/check.sh
	go test -count=1 ./spectest

.PHONY: spec-diff
spec-diff: ## Fail on a breaking spec change since REF (default: the last release, released/openapi-X.Y.Z.yaml) not named in CHANGELOG.md
	tools/spec/spec-diff.sh $(REF)

.PHONY: spec-diff-test
spec-diff-test: ## Try to break the spec-diff gate in a scratch repository (removed response property, old breaking commit, ...)
	tools/spec/spec-diff-test.sh

.PHONY: spec-bundle
spec-bundle: ## Write openapi.json, the spec bundled as JSON
	tools/spec/bundle.sh

.PHONY: docs
docs: ## Build the self-contained API reference page into build/docs/index.html
	tools/spec/docs.sh

.PHONY: docs-test
docs-test: docs ## Render the reference page in headless Chromium and check what it shows
	tools/spec/docs-test.sh

.PHONY: ts-test
ts-test: ## A TypeScript client signing on its own, and the README's curl and Python examples, against dataflow fake-server
	tools/spec/e2e.sh

.PHONY: tidy
tidy: ## go mod tidy
	go mod tidy

.PHONY: lint
lint: $(GOLANGCI_LINT) ## gofmt, go vet and golangci-lint (generated code excluded)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' | grep -v '\.gen\.go$$')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	go vet ./...
	$(GOLANGCI_LINT) run --allow-parallel-runners ./...

$(GOLANGCI_LINT):
	@mkdir -p $(BIN)
	GOBIN=$(BIN) go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
	mv $(BIN)/golangci-lint $(GOLANGCI_LINT)
