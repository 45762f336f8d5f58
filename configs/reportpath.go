package configs

import (
	"os"
	"path/filepath"

	"github.com/divsim/divsim/inputfile"
)

// insideWorkingFolder reports whether path, taken from a file someone else
// may have written (a scenario's report.file, a partial file's report),
// stays inside the folder divsim runs in: it must be local as written
// (no "..", not absolute) and still inside once the symlinks of its
// existing folders are resolved (sub/x.xlsx, where sub links elsewhere,
// is outside).
func insideWorkingFolder(path string) bool {
	if !filepath.IsLocal(path) {
		return false
	}
	wd, err := os.Getwd()
	if err != nil {
		return false
	}
	// The file itself may be a symlink: divsim's writes replace it, never
	// write through it, so only its folders are resolved.
	target := filepath.Join(inputfile.Resolve(filepath.Dir(path)), filepath.Base(path))
	rel, err := filepath.Rel(inputfile.Resolve(wd), target)
	return err == nil && filepath.IsLocal(rel)
}
