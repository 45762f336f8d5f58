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
	tmp, err := newTemp(path)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed; removes the link source after Link
	err = tmp.Chmod(0o644)
	if err == nil {
		err = fill(tmp)
	}
	if err == nil {
		// On disk before the rename: after a crash or a power cut the
		// file is then the old one or the whole new one, never a renamed
		// empty or partial one.
		err = tmp.Sync()
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

// newTemp creates a temporary file beside path, in path's folder (see
// tempIn).
func newTemp(path string) (*os.File, error) {
	tmp, err := tempIn(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return tmp, nil
}

// tempIn creates a temporary file in dir after removing the stale ones
// there. Its errors name the folder, never the temporary file, whose name
// means nothing to the user.
func tempIn(dir string) (*os.File, error) {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("folder %s does not exist", dir)
	case err != nil:
		return nil, fmt.Errorf("folder %s cannot be read: %w", dir, withoutPath(err))
	case !st.IsDir():
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	RemoveStale(dir)
	tmp, err := os.CreateTemp(dir, tempPattern)
	if err != nil {
		return nil, fmt.Errorf("cannot create a file in folder %s: %w", dir, withoutPath(err))
	}
	return tmp, nil
}

// withoutPath drops the file name from an *fs.PathError.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// notFolder refuses a target that is a folder, which no rename replaces.
func notFolder(path string) error {
	if st, err := os.Lstat(path); err == nil && st.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder", path)
	}
	return nil
}

// Check reports, without writing path, whether Write, Create or a Group
// could write it: its folder accepts new files (see CheckFolder) and path
// is not a folder. Call it before long work whose result goes to path, so
// that a mistake in the path is found at once rather than when the work is
// done.
func Check(path string) error {
	if err := CheckFolder(filepath.Dir(path)); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return notFolder(path)
}

// CheckFolder reports whether dir is a folder that accepts new files: it
// creates a temporary file there and removes it at once.
func CheckFolder(dir string) error {
	tmp, err := tempIn(dir)
	if err != nil {
		return err
	}
	tmp.Close()
	if err := os.Remove(tmp.Name()); err != nil {
		return fmt.Errorf("folder %s: %w", dir, withoutPath(err))
	}
	return nil
}
