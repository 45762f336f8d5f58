//go:build unix

package inputfile

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReadRefusesSpecialFiles checks that devices (through a symlink too),
// FIFOs, sockets and folders are refused at once, never read.
func TestReadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "urandom.yaml")
	if err := os.Symlink("/dev/urandom", link); err != nil {
		t.Skip(err)
	}
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, path := range []string{link, "/dev/zero", fifo, sock, dir} {
		done := make(chan error, 1)
		go func() { _, err := Read(path, ScenarioLimit); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s: %v, want ErrNotRegular", path, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: still reading after 5 s", path)
		}
	}
}
