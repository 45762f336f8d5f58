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
	// A relative link inside a linked folder counts from the real folder:
	// deep/alias/up.json → ../shared/x.json is dir/shared/x.json (the
	// link is really in dir/real), not dir/deep/shared/x.json.
	os.Symlink("../shared/x.json", filepath.Join(real, "up.json"))
	os.Mkdir(filepath.Join(dir, "deep"), 0o755)
	os.Symlink(real, filepath.Join(dir, "deep", "alias"))
	t.Chdir(dir)
	for in, want := range map[string]string{
		"dangling.json":             filepath.Join(real, "later.xlsx"),
		"chain.json":                filepath.Join(real, "later.xlsx"),
		"deep/alias/up.json":        filepath.Join(dir, "shared", "x.json"),
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
