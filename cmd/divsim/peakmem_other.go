//go:build !linux && !darwin

package main

// peakMemory is unknown where divsim does not read the kernel's count
// (Windows, for one): bench prints "peak unknown".
func peakMemory() string { return "unknown" }
