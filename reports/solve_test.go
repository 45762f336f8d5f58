package reports

import (
	"strings"
	"testing"

	"github.com/divsim/divsim/solve"
)

// TestTargetText: a success target reads with the decimals it has, never
// rounded to a claim it does not make (0.999 printed as 100%).
func TestTargetText(t *testing.T) {
	for x, want := range map[float64]string{0.9: "90%", 0.925: "92.5%", 0.999: "99.9%", 0.9999: "99.99%", 0.001: "0.1%", 0.12345: "12.345%",
		0.9999999: "99.99999%"} {
		if got := targetText(x); got != want {
			t.Errorf("targetText(%v) = %q, want %q", x, got, want)
		}
	}
}

// TestFinerThanPaths: a target that lets no path run out of money at the
// run's path count is said to be so; one that lets one path fail is not.
func TestFinerThanPaths(t *testing.T) {
	for _, tc := range []struct {
		paths  int
		target float64
		says   bool
	}{
		{1000, 0.9999, true},
		{1000, 0.999, false}, // one path in 1,000 may fail
		{100000, 0.9999, false},
		{200, 0.999, true},
		// Exactly one path may fail, though n·(1 − target) computes a
		// rounding below 1: as the solver counts them (solve.PathsNeeded).
		{10000, 0.9999, false},
		{5000, 0.9998, false},
		{2000, 0.9995, false},
		{10, 0.9, false},
	} {
		got := finerThanPaths(&solve.Result{Paths: tc.paths, Target: tc.target})
		if (got != "") != tc.says || tc.says && !strings.Contains(got, "more paths (--paths) resolve it") {
			t.Errorf("%d paths, target %v: %q", tc.paths, tc.target, got)
		}
	}
}
