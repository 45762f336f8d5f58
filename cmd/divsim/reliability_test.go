package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestNonFiniteFlagsRefused: NaN and infinite numbers in float flags are
// input errors (exit 2) naming the flag, from the command line or the
// environment; `sweep --step NaN` used to panic in makeslice.
func TestNonFiniteFlagsRefused(t *testing.T) {
	clearEnv(t)
	plan := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	for _, tc := range []struct {
		args []string
		env  string // DIVSIM_STEP
		want string
	}{
		{[]string{"sweep", plan, "--sleeve", "Small-cap sleeve", "--step", "NaN"}, "", `"--step"`},
		{[]string{"sweep", plan, "--sleeve", "Small-cap sleeve", "--from", "-Inf"}, "", `"--from"`},
		{[]string{"sweep", plan, "--sleeve", "Small-cap sleeve", "--to", "+Inf"}, "", `"--to"`},
		{[]string{"sweep", plan, "--sleeve", "Small-cap sleeve", "--to", "1e400"}, "", `"--to"`},
		{[]string{"sweep", plan, "--sleeve", "Small-cap sleeve"}, "nan", "DIVSIM_STEP"},
	} {
		t.Setenv("DIVSIM_STEP", tc.env)
		code, _, stderr := runDivsim(t, tc.args...)
		if code != exitInvalid || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "want a finite number") {
			t.Errorf("%v (DIVSIM_STEP=%q): exit %d, stderr %q; want 2 naming %s", tc.args, tc.env, code, stderr, tc.want)
		}
	}
}

// TestPanicIsInternalError: a panic anywhere in a command is reported as
// an internal error to report, with exit 1 (a failed run), never 2.
func TestPanicIsInternalError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	a := &app{stdout: &stdout, stderr: &stderr, memory: func() uint64 { return 0 }}
	code := a.guard(func() int { panic("runtime error: makeslice: len out of range") })
	if code != exitFailed {
		t.Errorf("exit %d, want 1", code)
	}
	if got := stderr.String(); !strings.HasPrefix(got, "divsim: internal error: runtime error: makeslice: len out of range, please report") {
		t.Errorf("stderr %q", got)
	}
}
