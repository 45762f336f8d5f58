package main

import (
	"os"
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint64
	}{
		{"8GiB", 8 << 30}, {"8G", 8 << 30}, {"500MB", 500e6}, {"1.5GiB", 3 << 29}, {"2 gib", 2 << 30}, {"1048576", 1 << 20},
	} {
		if got, err := parseSize("--max-memory", tc.in); err != nil || got != tc.want {
			t.Errorf("%q: %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "lots", "8 parsecs", "-1G", "10KB", "1e30TB", "NaN"} {
		if _, err := parseSize("--max-memory", bad); err == nil || !strings.Contains(err.Error(), "want a size of at least 1MiB") {
			t.Errorf("%q: error %v", bad, err)
		}
	}
}

// TestLimits: --max-memory lowers the memory limit (the refusal names it),
// --max-time refuses work estimated to take longer, and both are input
// errors (exit 2) that write nothing.
func TestLimits(t *testing.T) {
	clearEnv(t)
	plan := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", plan, "--max-memory", "1MiB"}, "simulation.paths: 10000 paths need about 164 MiB of memory, more than the 1 MiB available"},
		{[]string{"run", plan, "--paths", "1000000", "--max-time", "1m"}, "--max-time: the run should take about"},
		{[]string{"run", plan, "--max-time", "-5s"}, "--max-time: is -5s (want a positive duration"},
		{[]string{"validate", plan, "--max-memory", "a lot"}, `--max-memory: is "a lot"`},
	} {
		code, _, stderr := runDivsim(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestNeverOverwritesInputs: an output flag naming an input file is refused
// (exit 2) and the input is left as it was.
func TestNeverOverwritesInputs(t *testing.T) {
	clearEnv(t)
	plan := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	before, _ := os.ReadFile(plan)
	for _, args := range [][]string{
		{"run", plan, "--json", plan},
		{"run", plan, "--partial", plan},
		{"sweep", plan, "--sleeve", "Small-cap sleeve", "--json", plan},
		{"compare", plan, plan, "--json", plan},
		{"calibrate", "--columns", "us_large", "--history", plan, "--fragment", plan},
	} {
		code, _, stderr := runDivsim(t, args...)
		if code != 2 || !strings.Contains(stderr, "is an input of this command") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if after, _ := os.ReadFile(plan); string(after) != string(before) {
		t.Error("the scenario file changed")
	}
}
