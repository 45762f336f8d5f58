package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// temps lists the temporary files left in dir.
func temps(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, ".divsim-*.tmp"))
	return m
}

func TestGroupCommitsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.xlsx")
	os.WriteFile(b, []byte("old"), 0o644)

	// The second file fails: the first is never moved into place.
	var g Group
	if err := g.WriteBytes(a, []byte("A")); err != nil {
		t.Fatal(err)
	}
	err := g.Write(b, func(w io.Writer) error { w.Write([]byte("half")); return errors.New("disk full") })
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), b) {
		t.Fatalf("err = %v, want the fill's error naming %s", err, b)
	}
	g.Discard()
	if _, err := os.Stat(a); !os.IsNotExist(err) {
		t.Errorf("%s exists after a failed group: %v", a, err)
	}
	if got, _ := os.ReadFile(b); string(got) != "old" {
		t.Errorf("b holds %q, want the previous content", got)
	}
	if l := temps(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}

	// A target that became a folder since it was written fails the
	// commit before anything moves; one that is a folder fails its write.
	folder := filepath.Join(dir, "c.xlsx")
	g = Group{}
	g.WriteBytes(a, []byte("A"))
	g.WriteBytes(folder, []byte("C"))
	os.Mkdir(folder, 0o755)
	if err := (&Group{}).WriteBytes(folder, []byte("C")); err == nil || !strings.Contains(err.Error(), "it is a folder") {
		t.Errorf("writing onto a folder: %v, want it refused", err)
	}
	if err := g.Commit(); err == nil {
		t.Fatal("commit onto a folder succeeded")
	}
	if _, err := os.Stat(a); !os.IsNotExist(err) {
		t.Errorf("%s exists after a failed commit", a)
	}

	// Both written: both in place, with the usual permissions.
	g = Group{}
	g.WriteBytes(a, []byte("A"))
	tmp, err := g.Path(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(tmp, []byte("B")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(b); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(b); string(got) != "old" {
		t.Errorf("b changed before the commit: %q", got)
	}
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{a: "A", b: "B"} {
		got, _ := os.ReadFile(path)
		st, _ := os.Stat(path)
		if string(got) != want || st.Mode().Perm() != 0o644 {
			t.Errorf("%s: %q, mode %v; want %q, 0644", path, got, st.Mode().Perm(), want)
		}
	}
	if l := temps(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// TestStaleTemporaryFilesRemoved reproduces issue 19 item 12: the
// .divsim-*.tmp files a SIGKILL leaves were never cleaned. Writing into a
// folder now removes those older than a day, and only those.
func TestStaleTemporaryFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-25 * time.Hour)
	stale := filepath.Join(dir, ".divsim-123.tmp")
	fresh := filepath.Join(dir, ".divsim-456.tmp") // another divsim may be writing it
	other := filepath.Join(dir, ".other-789.tmp")
	for _, p := range []string{stale, fresh, other} {
		os.WriteFile(p, []byte("x"), 0o644)
	}
	os.Chtimes(stale, old, old)
	os.Chtimes(other, old, old)
	staleDir := filepath.Join(dir, ".divsim-dir.tmp")
	os.Mkdir(staleDir, 0o755)
	os.Chtimes(staleDir, old, old)
	if err := WriteBytes(filepath.Join(dir, "out.json"), []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a day-old temporary file was kept")
	}
	for _, p := range []string{fresh, other, staleDir} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(p), err)
		}
	}
}
