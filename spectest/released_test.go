package spectest

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

const (
	changelogPath = "../CHANGELOG.md"
	releasedDir   = "../released"
)

var releaseHeading = regexp.MustCompile(`(?m)^## \[([0-9]+\.[0-9]+\.[0-9]+)\]`)

// TestReleasedBaselines: every version CHANGELOG.md names has the spec as released in
// released/openapi-VERSION.yaml (the base of `make spec-diff`), that file is a valid OpenAPI document
// of that info.version, and released/ holds nothing else.
func TestReleasedBaselines(t *testing.T) {
	log, err := os.ReadFile(changelogPath)
	if err != nil {
		t.Fatalf("read %s: %v", changelogPath, err)
	}
	var want []string
	for _, m := range releaseHeading.FindAllStringSubmatch(string(log), -1) {
		want = append(want, "openapi-"+m[1]+".yaml")
		checkBaseline(t, m[1])
	}
	if len(want) == 0 {
		t.Fatalf("%s names no released version", changelogPath)
	}
	entries, err := os.ReadDir(releasedDir)
	if err != nil {
		t.Fatalf("read %s: %v", releasedDir, err)
	}
	for _, e := range entries {
		if !slices.Contains(want, e.Name()) {
			t.Errorf("%s/%s belongs to no release section of %s", releasedDir, e.Name(), changelogPath)
		}
	}
}

func checkBaseline(t *testing.T, version string) {
	t.Helper()
	path := filepath.Join(releasedDir, "openapi-"+version+".yaml")
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		t.Errorf("release %s: %v", version, err)
		return
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Errorf("release %s: %s is not a valid OpenAPI document: %v", version, path, err)
	}
	switch {
	case doc.Info == nil:
		t.Errorf("release %s: %s has no info", version, path)
	case doc.Info.Version != version:
		t.Errorf("release %s: %s says info.version %q", version, path, doc.Info.Version)
	}
}
