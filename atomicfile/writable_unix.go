//go:build unix

package atomicfile

import "syscall"

// writable reports whether this process may open the device or pipe at
// path for writing (access(2), W_OK), without opening it: opening a pipe
// with no reader would wait for one.
func writable(path string) error { return syscall.Access(path, 2) }
