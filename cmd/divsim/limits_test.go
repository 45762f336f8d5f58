package main

import (
	"os"
	"path/filepath"
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
		{[]string{"run", plan, "--max-memory", "100MiB"}, "simulation.paths: 10000 paths need about 103 MiB of memory, more than the 100 MiB allowed"},
		// Not the paths: even one needs more than the limit.
		{[]string{"run", plan, "--max-memory", "1MiB"}, "simulation.paths: even one path needs about 66 MiB of memory, more than the 1 MiB allowed (want a machine with more memory"},
		{[]string{"run", plan, "--paths", "1000000", "--max-time", "1m"}, "--max-time: the run may take up to"},
		{[]string{"run", plan, "--max-time", "-5s"}, "--max-time: is -5s (want a positive duration"},
		{[]string{"calibrate", "--columns", "us_large", "--max-time", "0s"}, "--max-time: is 0s (want a positive duration"},
		{[]string{"merge", "part.divsim", "--max-time", "-1m"}, "--max-time: is -1m0s (want a positive duration"},
		{[]string{"validate", plan, "--max-memory", "a lot"}, `--max-memory: is "a lot"`},
		{[]string{"run", plan, "--shard", "0/2", "--partial", "-"}, `--partial: is "-" (want a file name such as part-0.divsim: partial results are binary`},
	} {
		code, _, stderr := runDivsim(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestNeverOverwritesInputs: an output flag naming an input file, or any
// scenario file, is refused (exit 2) and the file is left as it was; a
// JSON scenario is the one that --json could name (a YAML one is refused
// by its name alone). Results JSON is replaced as before.
func TestNeverOverwritesInputs(t *testing.T) {
	clearEnv(t)
	plan := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	planJSON := filepath.Join(filepath.Dir(plan), "plan.json")
	if code, _, stderr := runDivsim(t, "init", planJSON); code != 0 {
		t.Fatalf("init: %s", stderr)
	}
	jsonBefore, _ := os.ReadFile(planJSON)
	const input, notJSON = "is an input of this command", "want a name ending in .json"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", planJSON, "--json", planJSON}, input},
		{[]string{"run", plan, "--json", plan}, notJSON},
		{[]string{"run", plan, "--partial", plan}, "partial results are binary"},
		{[]string{"sweep", planJSON, "--sleeve", "Small-cap sleeve", "--json", planJSON}, input},
		{[]string{"compare", planJSON, planJSON, "--json", planJSON}, input},
		{[]string{"calibrate", "--columns", "us_large", "--history", plan, "--fragment", plan}, input},
		// Not this command's input, but a scenario all the same: the
		// README's init plan.json, then merge ... --json plan.json.
		{[]string{"run", plan, "--paths", "10", "--json", planJSON}, "plan.json is a scenario file (want another file, such as "},
		{[]string{"merge", plan, "--json", planJSON}, "is a scenario file"},
	} {
		code, _, stderr := runDivsim(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if after, _ := os.ReadFile(plan); string(after) != string(mustDefault(t)) {
		t.Error("the scenario file changed")
	}
	if after, _ := os.ReadFile(planJSON); string(after) != string(jsonBefore) {
		t.Error("the JSON scenario file changed")
	}
	results := filepath.Join(filepath.Dir(plan), "results.json")
	for range 2 {
		if code, _, stderr := runDivsim(t, "run", plan, "--paths", "10", "--no-report", "--json", results); code != 0 {
			t.Fatalf("writing results JSON twice: exit %d, %s", code, stderr)
		}
	}
}

// TestAvailableMemory: the memory a run may use is MemAvailable (not
// MemTotal), or the cgroup's limit less its usage when that is lower (v2's
// memory.max and memory.current, or v1's limit_in_bytes and
// usage_in_bytes), read from files passed in.
func TestAvailableMemory(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	meminfo := write("meminfo", "MemTotal:       24683652 kB\nMemFree:         6195452 kB\nMemAvailable:    7539768 kB\nBuffers: 1 kB\n")
	old := write("meminfo-old", "MemTotal:       24683652 kB\nMemFree:         6195452 kB\n")
	v2max := write("v2.max", "2147483648\n")
	v2cur := write("v2.current", "536870912\n")
	v2none := write("v2.none", "max\n")
	v1lim := write("v1.limit", "9223372036854771712\n") // v1's "no limit"
	v1low := write("v1.low", "1073741824\n")
	missing := filepath.Join(dir, "absent")
	for _, tc := range []struct {
		name string
		src  memorySources
		want uint64
	}{
		{"MemAvailable, no cgroup", memorySources{meminfo: meminfo, v2Max: missing, v1Limit: missing}, 7539768 << 10},
		{"no MemAvailable: MemFree", memorySources{meminfo: old, v2Max: missing, v1Limit: missing}, 6195452 << 10},
		{"cgroup v2 limit less usage is lower", memorySources{meminfo: meminfo, v2Max: v2max, v2Current: v2cur, v1Limit: missing}, 3 << 29},
		{"cgroup v2 without a limit", memorySources{meminfo: meminfo, v2Max: v2none, v2Current: v2cur, v1Limit: missing}, 7539768 << 10},
		{"cgroup v1 without a limit", memorySources{meminfo: meminfo, v2Max: missing, v1Limit: v1lim, v1Usage: missing}, 7539768 << 10},
		{"cgroup v1 limit, usage unknown", memorySources{meminfo: meminfo, v2Max: missing, v1Limit: v1low, v1Usage: missing}, 1 << 30},
		{"cgroup only", memorySources{meminfo: missing, v2Max: v2max, v2Current: v2cur, v1Limit: missing}, 3 << 29},
		{"nothing readable", memorySources{meminfo: missing, v2Max: missing, v1Limit: missing}, 0},
	} {
		if got := availableMemory(tc.src); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}
