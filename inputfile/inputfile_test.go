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

func TestReadRegular(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.yaml")
	if err := os.WriteFile(path, []byte("format: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := Read(path, 10)
	if err != nil || string(data) != "format: 1\n" {
		t.Fatalf("Read: %q, %v", data, err)
	}
	if _, err := Read(path, 9); !errors.Is(err, ErrTooLarge) {
		t.Errorf("10 bytes against a 9-byte limit: %v, want ErrTooLarge", err)
	}
}

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
