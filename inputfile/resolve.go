package inputfile

import (
	"os"
	"path/filepath"
)

// Resolve returns the absolute path that path leads to: every symlink
// of its longest existing prefix resolved, the rest kept as written. A
// link that leads nowhere yet resolves to where it leads, as a write
// through it would create that file.
func Resolve(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	for dir, rest, hops := abs, "", 0; ; {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest)
		}
		if link, err := os.Readlink(dir); err == nil && hops < 40 { // a dangling link
			if !filepath.IsAbs(link) { // relative to the folder the link is really in
				parent := filepath.Dir(dir)
				if real, err := filepath.EvalSymlinks(parent); err == nil {
					parent = real
				}
				link = filepath.Join(parent, link)
			}
			dir, hops = link, hops+1
			continue
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return abs
		}
		rest = filepath.Join(filepath.Base(dir), rest)
		dir = parent
	}
}
