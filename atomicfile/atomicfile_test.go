package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteReplacesWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := WriteBytes(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	failing := func(w io.Writer) error {
		w.Write([]byte("half"))
		return errors.New("disk full")
	}
	if err := Write(path, failing); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the fill's error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "first" {
		t.Errorf("after a failed write the file holds %q, want the previous content", got)
	}
	if err := WriteBytes(path, []byte("second")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "second" {
		t.Errorf("file holds %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d entries, want only the file (no temporary files)", len(entries))
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
}

func TestCreateNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.yaml")
	if err := Create(path, []byte("a")); err != nil {
		t.Fatal(err)
	}
	if err := Create(path, []byte("b")); !errors.Is(err, ErrExists) {
		t.Errorf("err = %v, want ErrExists", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "a" {
		t.Errorf("file holds %q, want the first content", got)
	}
	if err := WriteBytes(filepath.Join(dir, "missing", "x"), nil); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("err = %v, want a missing-folder error", err)
	}
}
