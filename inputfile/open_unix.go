//go:build unix

package inputfile

import (
	"os"
	"syscall"
)

// open opens path without blocking, should it have become a FIFO since
// it was checked; the caller checks what was opened.
func open(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
