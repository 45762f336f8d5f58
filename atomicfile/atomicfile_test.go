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

// TestCheck: Check finds at once what would make a write fail at its end,
// leaves nothing behind, and names the path and its folder, never a
// temporary file.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	tests := []struct {
		name, path, want string // want "" for no error
	}{
		{"new file", filepath.Join(dir, "new.xlsx"), ""},
		{"existing file", file, ""},
		{"missing folder", filepath.Join(dir, "missing", "r.xlsx"), "cannot write " + filepath.Join(dir, "missing", "r.xlsx") + ": folder " + filepath.Join(dir, "missing") + " does not exist"},
		{"folder is a file", filepath.Join(file, "r.xlsx"), file + " is not a folder"},
		{"target is a folder", filepath.Join(dir, "sub"), "cannot write " + filepath.Join(dir, "sub") + ": it is a folder"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.path)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Check: %v, want none", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Check: %v, want %q", err, tc.want)
			case err != nil && strings.Contains(err.Error(), tempPattern[:8]):
				t.Errorf("Check: %v names a temporary file", err)
			}
		})
	}
	if err := CheckFolder(file); err == nil || !strings.Contains(err.Error(), "is not a folder") {
		t.Errorf("CheckFolder(a file): %v", err)
	}
	if names := entries(t, dir); strings.Join(names, ",") != "file.txt,sub" {
		t.Errorf("folder holds %v, want nothing added", names)
	}
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return names
}
