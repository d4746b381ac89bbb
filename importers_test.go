package dataflow_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// importerAllowed is every module a program that imports the client
// packages may need: oapi-codegen/runtime and what it imports itself.
var importerAllowed = map[string]bool{
	"github.com/oapi-codegen/runtime":    true,
	"github.com/google/uuid":             true,
	"github.com/apapsch/go-jsonmerge/v2": true,
}

// TestImporterModuleGraph runs `go mod tidy` in a fresh module whose program
// imports dataflow, gen and signing, with this checkout as the dependency,
// and fails if its go.mod records any module beyond importerAllowed: no
// code generator, linter or test library may reach importers. It runs
// offline, from the module cache this module's own build filled.
func TestImporterModuleGraph(t *testing.T) {
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/importer\n\ngo "+strings.TrimPrefix(runtime.Version(), "go")+"\n\n"+
		"require github.com/ncp-dataflow/dataflow-go v0.0.0\n\n"+
		"replace github.com/ncp-dataflow/dataflow-go => "+root+"\n")
	write("main.go", `package main

import (
	"fmt"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
	"github.com/ncp-dataflow/dataflow-go/signing"
)

func main() {
	c, err := dataflow.New()
	fmt.Println(c, err, gen.ExecutionStatusREADY, signing.DefaultWindow)
}
`)
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy in the importer: %v\n%s", err, out)
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	inBlock := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "require (":
			inBlock = true
			continue
		case inBlock && line == ")":
			inBlock = false
			continue
		case strings.HasPrefix(line, "require "):
			line = strings.TrimPrefix(line, "require ")
		case !inBlock:
			continue
		}
		mod := strings.Fields(line)[0]
		if mod != "github.com/ncp-dataflow/dataflow-go" && !importerAllowed[mod] {
			extra = append(extra, mod)
		}
	}
	if len(extra) > 0 {
		t.Errorf("an importer's go mod tidy records %d modules beyond oapi-codegen/runtime's: %s\n%s", len(extra), strings.Join(extra, ", "), gomod)
	}
}
