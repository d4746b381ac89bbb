package signing

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A profile error about keys written before any section header points at
// the first of those keys, not at line 0.
func TestConfigErrorLineForKeysBeforeAnySection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "configure")
	data := "# keys\n\nncloud_access_key_id = AKIDONLY\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := FileCredentials{Path: path}.Retrieve(context.Background())
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("want a *ConfigError, got %v", err)
	}
	if ce.Line != 3 {
		t.Errorf("Line = %d, want 3 (the first key); error: %v", ce.Line, err)
	}
}
