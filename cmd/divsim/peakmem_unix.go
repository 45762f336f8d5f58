//go:build linux || darwin

package main

import (
	"fmt"
	"runtime"
	"syscall"
)

// peakMemory is the process's peak resident memory, as the kernel counts it:
// in KiB on Linux, in bytes on macOS.
func peakMemory() string {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return "unknown"
	}
	unit := 1024.0
	if runtime.GOOS == "darwin" {
		unit = 1
	}
	return fmt.Sprintf("%.0f MiB", float64(ru.Maxrss)*unit/(1<<20))
}
