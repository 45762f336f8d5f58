// Package atomicfile writes files so that no reader ever sees a partial one:
// the content goes to a temporary file in the target's folder, which is
// moved into place only once complete. An interrupted write leaves the
// previous file untouched. A Group writes several files whole or not at all
// together, and every write removes the temporary files a killed process
// left in its folder more than a day ago.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned by Create when the target already exists.
var ErrExists = errors.New("already exists")

// Write writes what fill produces to path, replacing any file there.
func Write(path string, fill func(io.Writer) error) error {
	return write(path, fill, os.Rename)
}

// WriteBytes writes data to path, replacing any file there.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// Create writes data to path, which must not exist yet; it never replaces
// a file, not even one created while it writes.
func Create(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s: %w", path, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return write(path, func(w io.Writer) error { _, err := w.Write(data); return err }, func(from, to string) error {
		if err := os.Link(from, to); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s: %w", to, ErrExists)
			}
			return err
		}
		return nil
	})
}

func write(path string, fill func(io.Writer) error, place func(from, to string) error) error {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("cannot write %s: folder %s does not exist", path, dir)
	}
	RemoveStale(dir)
	tmp, err := os.CreateTemp(dir, tempPattern)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed; removes the link source after Link
	err = tmp.Chmod(0o644)
	if err == nil {
		err = fill(tmp)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = place(tmp.Name(), path)
	}
	if err != nil {
		if errors.Is(err, ErrExists) {
			return err
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
