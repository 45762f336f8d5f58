package inputfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestResolve(t *testing.T) {
	dir, _ := filepath.EvalSymlinks(t.TempDir())
	real := filepath.Join(dir, "real")
	os.Mkdir(real, 0o755)
	if err := os.Symlink(real, filepath.Join(dir, "alias")); err != nil {
		t.Skip(err)
	}
	// Links that lead nowhere yet lead where a write through them would
	// create the file.
	os.Symlink("real/later.xlsx", filepath.Join(dir, "dangling.json"))
	os.Symlink("dangling.json", filepath.Join(dir, "chain.json"))
	t.Chdir(dir)
	for in, want := range map[string]string{
		"dangling.json":             filepath.Join(real, "later.xlsx"),
		"chain.json":                filepath.Join(real, "later.xlsx"),
		"alias/new/x.xlsx":          filepath.Join(real, "new", "x.xlsx"),
		"real/../alias/x.txt":       filepath.Join(real, "x.txt"),
		"x.json":                    filepath.Join(dir, "x.json"),
		filepath.Join(dir, "alias"): real,
	} {
		if got := Resolve(in); got != want {
			t.Errorf("Resolve(%q) = %q, want %q", in, got, want)
		}
	}
}
