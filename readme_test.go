package dataflow_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// goBlock matches a fenced Go block of a Markdown file.
var goBlock = regexp.MustCompile("(?ms)^```go\n(.*?)^```")

// readmeSnippet is the file a README block compiles in: a function whose
// parameters are the names the README's prose introduces (ctx, client,
// jobID) and that returns an error, so a block may `return err`. Each
// import is used once, so a block need not use them all; the block itself
// must declare nothing it leaves unused.
const readmeSnippet = `package readmecheck

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	dataflow "github.com/ncp-dataflow/dataflow-go"
	"github.com/ncp-dataflow/dataflow-go/gen"
)

var (
	_ = errors.New
	_ = fmt.Sprint
	_ = log.Print
	_ = time.Second
	_ = dataflow.Ptr[int]
	_ gen.Node
)

func block%d(ctx context.Context, client *dataflow.Client, jobID string) error {
	_, _, _ = ctx, client, jobID
%s
	return nil
}
`

// Every Go block of README.md compiles against this module, as it stands:
// the build sees each block as a function of a package that exists only in
// the go command's overlay, so nothing is written into the module.
func TestReadmeGoBlocksCompile(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	blocks := goBlock.FindAllSubmatch(readme, -1)
	require.NotEmpty(t, blocks, "README.md has Go blocks")

	root, err := filepath.Abs(".")
	require.NoError(t, err)
	dir := t.TempDir()
	replace := map[string]string{}
	for i, b := range blocks {
		src := fmt.Sprintf(readmeSnippet, i+1, b[1])
		if bytes.HasPrefix(bytes.TrimSpace(b[1]), []byte("package ")) {
			src = string(b[1]) // a whole file: as it is
		}
		file := filepath.Join(dir, fmt.Sprintf("block%d.go", i+1))
		require.NoError(t, os.WriteFile(file, []byte(src), 0o600))
		replace[filepath.Join(root, "internal", "readmecheck", filepath.Base(file))] = file
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	require.NoError(t, err)
	overlayPath := filepath.Join(dir, "overlay.json")
	require.NoError(t, os.WriteFile(overlayPath, overlay, 0o600))

	cmd := exec.Command("go", "build", "-overlay", overlayPath, "./internal/readmecheck")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		// Name the README block, not the temporary file.
		msg := strings.ReplaceAll(string(out), dir+string(filepath.Separator), "README.md Go ")
		t.Fatalf("README.md's Go blocks do not compile (block N is the Nth Go block; its first line is line %d):\n%s",
			strings.Count(readmeSnippet[:strings.Index(readmeSnippet, "%s")], "\n")+1, msg)
	}
}
