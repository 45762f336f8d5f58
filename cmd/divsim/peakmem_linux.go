package main

import (
	"fmt"
	"syscall"
)

// peakMemory is the process's peak resident memory, as the kernel counts it
// (Linux reports it in KiB).
func peakMemory() string {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%.0f MiB", float64(ru.Maxrss)/1024)
}
