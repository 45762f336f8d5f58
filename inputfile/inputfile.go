// Package inputfile reads the files a command is given as input: regular
// files only (never a device, a FIFO or a socket, even behind a symlink),
// and never more than a limit, through a bounded reader, so that a hostile
// or mistaken path cannot hang divsim or exhaust its memory.
package inputfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Limits of the inputs divsim reads.
const (
	ScenarioLimit = 16 << 20  // a scenario file
	HistoryLimit  = 256 << 20 // a history CSV
)

// ErrNotRegular is returned for a path that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned for a file larger than its limit.
var ErrTooLarge = errors.New("too large")

// Read returns the contents of the regular file at path, refusing anything
// else and any file larger than limit bytes. Its errors say what is wrong
// without naming the file; the caller names it with the flag or key that
// gave it.
func Read(path string, limit int64) ([]byte, error) {
	f, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, unwrap(err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(limit)
	}
	return data, nil
}

// Open opens the regular file at path for reading, refusing anything else
// and any file larger than limit bytes, as Read does; for a caller that
// reads a file in parts (a partial results file, whose header bounds the
// rest). The caller closes it and bounds its own reads.
func Open(path string, limit int64) (*os.File, error) {
	// Stat first: opening a FIFO would block until a writer came.
	st, err := os.Stat(path)
	if err != nil {
		return nil, unwrap(err)
	}
	if err := check(st, limit); err != nil {
		return nil, err
	}
	f, err := open(path)
	if err != nil {
		return nil, unwrap(err)
	}
	// Check again what was opened: the path may have changed since.
	if st, err = f.Stat(); err == nil {
		err = check(st, limit)
	}
	if err != nil {
		f.Close()
		return nil, unwrap(err)
	}
	return f, nil
}

func check(st fs.FileInfo, limit int64) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%w (%s; want a file)", ErrNotRegular, kind(st.Mode()))
	}
	if st.Size() > limit {
		return tooLarge(limit)
	}
	return nil
}

func tooLarge(limit int64) error {
	return fmt.Errorf("%w: larger than %d MiB (the limit for this input)", ErrTooLarge, limit>>20)
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// unwrap drops *PathError's operation and path: callers name the file.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
