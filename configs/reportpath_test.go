package configs

import (
	"os"
	"path/filepath"
	"testing"
)

func TestInsideWorkingFolder(t *testing.T) {
	outside := t.TempDir()
	work := t.TempDir()
	t.Chdir(work)
	os.Mkdir("real", 0o755)
	if err := os.Symlink(outside, "sub"); err != nil {
		t.Skip(err)
	}
	os.Symlink("real", "alias")
	os.Symlink(filepath.Join(outside, "f.xlsx"), "link.xlsx")
	for path, want := range map[string]bool{
		"x.xlsx":                      true,
		"real/x.xlsx":                 true,
		"new/deeper/x.xlsx":           true,
		"alias/x.xlsx":                true, // a symlink to a folder inside
		"sub/x.xlsx":                  false,
		"sub/new/x.xlsx":              false,
		"link.xlsx":                   true, // a symlink to a file outside: replaced, never written through
		"../x.xlsx":                   false,
		"real/../../x.xlsx":           false,
		filepath.Join(work, "x.xlsx"): false, // absolute, even inside
	} {
		if got := insideWorkingFolder(path); got != want {
			t.Errorf("insideWorkingFolder(%q) = %v, want %v", path, got, want)
		}
	}
}
