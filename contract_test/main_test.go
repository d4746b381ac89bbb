// Package contract_test checks the generated client and the dataflowtest fake
// against openapi.yaml in both directions: every request the client sends and
// every response it receives is validated with kin-openapi, including the
// signing headers and the status codes.
package contract_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// specPath is the real, hand-written contract (not the embedded copy), so
// these tests fail the moment the file stops loading.
const specPath = "../openapi.yaml"

// spec is openapi.yaml, loaded and validated once by TestMain and never
// modified afterwards: each test environment routes over a shallow copy
// whose Servers name its own fake.
var spec *openapi3.T

func TestMain(m *testing.M) {
	doc, err := loadSpec(specPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "\ncontract_test: %v\n\nEvery contract test needs %s; fix the spec (the message above says where) and run again.\n\n", err, specPath)
		os.Exit(1)
	}
	spec = doc
	os.Exit(m.Run())
}

func loadSpec(path string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s does not load as OpenAPI: %w", path, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("%s loads but is not a valid OpenAPI 3 document: %w", path, err)
	}
	return doc, nil
}

// operationIDs lists the spec's operationIds, sorted.
func operationIDs() []string {
	var ids []string
	for _, item := range spec.Paths.Map() {
		for _, op := range item.Operations() {
			ids = append(ids, op.OperationID)
		}
	}
	sort.Strings(ids)
	return ids
}

// TestSpecLoadFailsReadably shows what TestMain reports for a broken spec.
func TestSpecLoadFailsReadably(t *testing.T) {
	broken := t.TempDir() + "/openapi.yaml"
	if err := os.WriteFile(broken, []byte("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := loadSpec(broken)
	if err == nil {
		t.Fatal("a spec whose operation has no responses loaded without error")
	}
	t.Logf("reported as: %v", err)
	if _, err := loadSpec(t.TempDir() + "/missing.yaml"); err == nil {
		t.Fatal("a missing spec loaded without error")
	}
}
