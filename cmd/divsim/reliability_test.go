package main

import (
	"bytes"
	"os"
	"path/filepath"
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

// TestLongNamesRefusedByValidate: a name the workbook cannot hold (the page
// header holds 255 characters: the client, or the scenario's name, and the
// scenario's name) is refused by validate with its key path, exit 2, and a
// run writes nothing; a 126-character name once passed validate, simulated,
// wrote the JSON and failed at the workbook with exit 1.
func TestLongNamesRefusedByValidate(t *testing.T) {
	clearEnv(t)
	long := strings.Repeat("n", 126)
	for _, tc := range []struct{ text, key string }{
		{strings.Replace(scenario, "format: 1\n", "format: 1\nscenario: {name: "+long+"}\n", 1), "scenario.name"},
		{strings.Replace(scenario, "format: 1\n", "format: 1\nscenario: {name: short, client: "+long+"}\n", 1), "scenario.client"},
		{strings.Replace(scenario, "{name: All stocks,", "{name: "+long+",", 1), "portfolios[0].name"},
		{strings.Replace(scenario, "{name: Equity,", "{name: "+long+",", 1), "portfolios[0].sleeves[0].name"},
	} {
		plan := writeScenario(t, "plan.yaml", tc.text)
		code, _, stderr := runDivsim(t, "validate", plan)
		if code != exitInvalid || !strings.Contains(stderr, tc.key+": is 126 characters long (want at most 100") {
			t.Errorf("validate %s: exit %d, stderr %q; want 2 naming %s", tc.key, code, stderr, tc.key)
		}
		json := filepath.Join(t.TempDir(), "results.json")
		if code, _, _ := runDivsim(t, "run", plan, "--json", json); code != exitInvalid {
			t.Errorf("run %s: exit %d, want 2", tc.key, code)
		}
		if _, err := os.Stat(json); err == nil {
			t.Errorf("run %s: wrote the JSON", tc.key)
		}
	}
}
