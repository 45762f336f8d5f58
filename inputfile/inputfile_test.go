package inputfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestReadRegular(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.yaml")
	if err := os.WriteFile(path, []byte("format: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := Read(path, 10)
	if err != nil || string(data) != "format: 1\n" {
		t.Fatalf("Read: %q, %v", data, err)
	}
	if _, err := Read(path, 9); !errors.Is(err, ErrTooLarge) {
		t.Errorf("10 bytes against a 9-byte limit: %v, want ErrTooLarge", err)
	}
}
