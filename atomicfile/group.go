package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Group writes several files together, whole or not at all: each goes to a
// temporary file beside its target (where a link leads), and Commit moves
// them into place only once every one was written. Until then no target
// changes; Discard (or a failed Commit) removes the temporary files. A
// device, pipe or standard stream is staged in the system's temporary
// folder and written in place by Commit, before any file is moved.
type Group struct {
	staged []staged
}

// staged is a file written to tmp, to be moved to target, where path
// (as the caller named it, for messages) leads; or, when path is a device,
// a pipe or a standard stream (stream), to be copied there.
type staged struct {
	tmp, path, target string
	stream            bool
}

// Write writes what fill produces to a temporary file beside path, moved
// to path by Commit.
func (g *Group) Write(path string, fill func(io.Writer) error) error {
	tmp, err := g.Path(path)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	err = f.Chmod(0o644)
	if err == nil {
		err = fill(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// Replacing lists the targets staged so far that exist already, which
// Commit will replace: for a command to say so.
func (g *Group) Replacing() []string {
	var out []string
	for _, st := range g.staged {
		if _, err := os.Stat(st.target); err == nil && !st.stream {
			out = append(out, st.path)
		}
	}
	return out
}

// WriteBytes writes data to a temporary file beside path, moved to path by
// Commit.
func (g *Group) WriteBytes(path string, data []byte) error {
	return g.Write(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// Path reserves a temporary file beside path's target (see Group) and
// returns its name, for a writer that takes a file name (and writes it with
// Write); Commit moves it to path.
func (g *Group) Path(path string) (string, error) {
	target, stream, err := destination(path)
	if err != nil {
		return "", err
	}
	var tmp *os.File
	if stream { // not beside /dev/null: in the temporary folder
		tmp, err = os.CreateTemp("", tempPattern)
	} else {
		tmp, err = tempIn(filepath.Dir(target))
	}
	if err != nil {
		return "", fmt.Errorf("cannot write %s: %w", path, err)
	}
	tmp.Close()
	g.staged = append(g.staged, staged{tmp.Name(), path, target, stream})
	return tmp.Name(), nil
}

// Commit writes the staged devices, pipes and streams, then moves every
// written file into place. It first checks that each target can be
// replaced (it is not a folder), so that a failure leaves every target as
// it was; only an error while streaming or during the renames themselves
// can leave some written and others not.
func (g *Group) Commit() error {
	defer g.Discard()
	for _, s := range g.staged {
		if _, _, err := destination(s.path); err != nil {
			return err
		}
		if s.stream {
			continue
		}
		// On disk before any rename, written here or by a library given
		// the temporary name (see Write's reason).
		if err := syncFile(s.tmp); err != nil {
			return fmt.Errorf("cannot write %s: %w", s.path, err)
		}
	}
	// Devices and pipes first: a write to them cannot be taken back, so
	// when one fails no file has been replaced yet.
	for _, s := range g.staged {
		if !s.stream {
			continue
		}
		data, err := os.ReadFile(s.tmp)
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", s.path, withoutPath(err))
		}
		if err := streamTo(s.path, data); err != nil {
			return err
		}
	}
	for i, s := range g.staged {
		if s.stream {
			continue
		}
		if err := os.Rename(s.tmp, s.target); err != nil {
			return fmt.Errorf("cannot write %s: %w", s.path, err)
		}
		g.staged[i].tmp = ""
	}
	return nil
}

// Discard removes the temporary files not yet committed.
func (g *Group) Discard() {
	for _, s := range g.staged {
		if s.tmp != "" {
			os.Remove(s.tmp)
		}
	}
	g.staged = nil
}

// tempPattern names divsim's temporary files.
const tempPattern = ".divsim-*.tmp"

// StaleAge is how old a temporary file must be for RemoveStale to take it
// as left behind by a killed divsim rather than one still writing.
const StaleAge = 24 * time.Hour

// RemoveStale removes divsim's temporary files (.divsim-*.tmp) older than
// StaleAge from dir: those a killed process (SIGKILL, a power cut) left.
// It is best effort: files it cannot remove stay.
func RemoveStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	cutoff := time.Now().Add(-StaleAge)
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, ".divsim-") || !strings.HasSuffix(name, ".tmp") {
			continue
		}
		if info, err := e.Info(); err == nil && info.ModTime().Before(cutoff) {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// syncFile flushes the file at path to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
