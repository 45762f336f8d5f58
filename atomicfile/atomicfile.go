// Package atomicfile writes files so that no reader ever sees a partial one:
// the content goes to a temporary file in the target's folder, which is
// moved into place only once complete. An interrupted write leaves the
// previous file untouched. A Group writes several files whole or not at all
// together, and every write removes the temporary files a killed process
// left in its folder more than a day ago.
//
// A target that is a symbolic link is written where the link points, and
// the link stays; a target that is a device or a pipe (/dev/null,
// /dev/stdout, a FIFO) cannot be replaced whole and is written in place,
// once the content is complete.
package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/divsim/divsim/inputfile"
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
	target, stream, err := destination(path)
	if err != nil {
		return err
	}
	if stream {
		var buf bytes.Buffer
		if err := fill(&buf); err != nil {
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
		return streamTo(path, buf.Bytes())
	}
	tmp, err := tempIn(filepath.Dir(target))
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
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
		err = place(tmp.Name(), target)
	}
	if err != nil {
		if errors.Is(err, ErrExists) {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
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

// destination is where a write to path lands: path itself or, when path
// is a symbolic link, the file it leads to, even one not yet there
// (inputfile.Resolve, relative links counted from the folder they are
// really in: a rename over the link would replace the link itself).
// stream reports a device or a pipe, or the process's own standard
// streams (/dev/stdout, /proc/self/fd/1, whatever they are redirected to),
// which are written in place, appended to: a rename would put a plain file
// where a device was, or drop what the command already printed to a
// redirected stdout. A folder is refused: no rename replaces one.
func destination(path string) (target string, stream bool, err error) {
	if standardStream(path) {
		return path, true, nil
	}
	st, err := os.Stat(path) // through any links
	switch {
	case err == nil && st.IsDir():
		return "", false, fmt.Errorf("cannot write %s: it is a folder", path)
	case err == nil && !st.Mode().IsRegular():
		return path, true, nil
	}
	if lst, err := os.Lstat(path); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
		return inputfile.Resolve(path), false, nil
	}
	return path, false, nil // as written, so that messages name the folder as the user did
}

// standardStream reports whether path is, or links to, a name of an open
// file of the process: /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N
// or /proc/PID/fd/N.
func standardStream(path string) bool {
	p, err := filepath.Abs(path)
	for hops := 0; err == nil && hops < 40; hops++ {
		if fdName.MatchString(filepath.ToSlash(p)) {
			return true
		}
		link, err := os.Readlink(p)
		if err != nil {
			return false
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return false
}

// fdName matches the names of a process's open files.
var fdName = regexp.MustCompile(`^/(dev/(stdout|stderr|fd/\d+)|proc/(self|\d+)/fd/\d+)$`)

// streamTo writes data to the device, pipe or standard stream at path,
// after what is there (a regular file behind a redirected stdout keeps
// what the command printed before).
func streamTo(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, withoutPath(err))
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, withoutPath(err))
	}
	return nil
}

// Check reports, without writing path, whether Write, Create or a Group
// could write it: it is not a folder, and its folder (where its links
// lead) accepts new files (see CheckFolder), or it is a device, pipe or
// standard stream this process may write. Call it before long work whose
// result goes to path, so that a mistake in the path is found at once
// rather than when the work is done.
func Check(path string) error {
	target, stream, err := destination(path)
	switch {
	case err != nil:
		return err
	case stream:
		if err := writable(path); err != nil {
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
		return nil
	}
	if err := CheckFolder(filepath.Dir(target)); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
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
