package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/divsim/divsim/configs"
)

// runDivsim runs the command tree in-process and returns its exit status and
// output.
func runDivsim(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runDivsimIn(t, t.TempDir(), args...) // run writes its workbook to the working folder
}

// runDivsimIn runs the command tree in-process in the folder dir.
func runDivsimIn(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	a := &app{stdout: &out, stderr: &errOut, memory: func() uint64 { return 0 }}
	code = a.execute(context.Background(), args)
	return code, out.String(), errOut.String()
}

// clearEnv unsets every DIVSIM_* variable for the test (an empty one counts
// as unset), so the developer's environment cannot leak in.
func clearEnv(t *testing.T) {
	for _, name := range []string{"PATHS", "SEED", "HORIZON", "WORKERS", "OUT", "JSON"} {
		t.Setenv("DIVSIM_"+name, "")
	}
}

const scenario = `format: 1
simulation: {horizon_years: 10, paths: 100, seed: 5}
assets:
  - {id: stocks, expected_return: 0.07, volatility: 0.16}
cashflows: {initial: 100000}
portfolios:
  - {name: All stocks, sleeves: [{name: Equity, weight: 1, holdings: {stocks: 1}}]}
report: {file: from-file.xlsx}
`

func writeScenario(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// settings extracts paths, years and seed from run's results JSON on
// stdout, and the workbook's name from its note on stderr.
func settings(t *testing.T, stdout, stderr string) (paths, years, seed, workbook string) {
	t.Helper()
	var doc struct {
		Paths        int    `json:"paths"`
		HorizonYears int    `json:"horizon_years"`
		Seed         uint64 `json:"seed"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("results JSON: %v\n%s", err, stdout)
	}
	wb := regexp.MustCompile(`workbook (\S+)`).FindStringSubmatch(stderr)
	if wb == nil {
		t.Fatalf("no workbook named on stderr:\n%s", stderr)
	}
	return fmt.Sprint(doc.Paths), fmt.Sprint(doc.HorizonYears), fmt.Sprint(doc.Seed), wb[1]
}

// TestPrecedence checks flag > environment > file > default for every
// overriding flag.
func TestPrecedence(t *testing.T) {
	path := writeScenario(t, "plan.yaml", scenario)
	tests := []struct {
		name  string
		env   map[string]string
		flags []string
		want  [4]string // paths, years, seed, workbook
	}{
		{"file", nil, nil, [4]string{"100", "10", "5", "from-file.xlsx"}},
		{"environment over file", map[string]string{"DIVSIM_PATHS": "200", "DIVSIM_HORIZON": "20", "DIVSIM_SEED": "6", "DIVSIM_OUT": "env.xlsx"}, nil,
			[4]string{"200", "20", "6", "env.xlsx"}},
		{"flag over environment", map[string]string{"DIVSIM_PATHS": "200", "DIVSIM_HORIZON": "20", "DIVSIM_SEED": "6", "DIVSIM_OUT": "env.xlsx"},
			[]string{"--paths", "300", "--horizon", "30", "--seed", "7", "--out", "flag.xlsx"}, [4]string{"300", "30", "7", "flag.xlsx"}},
		{"flags alone", nil, []string{"--paths=400", "--seed=8"}, [4]string{"400", "10", "8", "from-file.xlsx"}},
		// A DIVSIM_NO_REPORT exported for other runs yields to a typed
		// --out: the workbook had silently not been written.
		{"--out over an exported DIVSIM_NO_REPORT", map[string]string{"DIVSIM_NO_REPORT": "true"}, []string{"--out", "flag.xlsx"},
			[4]string{"100", "10", "5", "flag.xlsx"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runDivsim(t, append([]string{"run", path, "--json", "-"}, tc.flags...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			p, y, s, wb := settings(t, stdout, stderr)
			if got := [4]string{p, y, s, wb}; got != tc.want {
				t.Errorf("paths, years, seed, workbook = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDefaultsWhenFileIsSilent(t *testing.T) {
	clearEnv(t)
	path := writeScenario(t, "quiet.yaml", strings.Replace(strings.Replace(scenario, "paths: 100, seed: 5", "", 1), "report: {file: from-file.xlsx}\n", "", 1))
	code, stdout, stderr := runDivsim(t, "run", path, "--json", "-", "--paths", "50")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, _, s, wb := settings(t, stdout, stderr)
	if s != "1" || wb != "quiet.xlsx" {
		t.Errorf("seed %s workbook %s, want the defaults 1 and quiet.xlsx", s, wb)
	}
}

func TestExitStatus(t *testing.T) {
	clearEnv(t)
	valid := writeScenario(t, "valid.yaml", scenario)
	invalid := writeScenario(t, "bad.yaml", strings.Replace(scenario, "volatility: 0.16", "volatility: -0.16", 1))
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		code       int
		stderrHas  string
		stdoutHas  string
		stdoutNone bool
	}{
		{"validate valid", []string{"validate", valid}, nil, 0, "", "valid.yaml: valid", false},
		{"validate invalid", []string{"validate", invalid}, nil, 2, "bad.yaml: assets[0].volatility (stocks): is -0.16 (want a yearly fraction from 0 to 2, e.g. 0.16 for 16%)", "", true},
		{"validate mixed", []string{"validate", valid, invalid}, nil, 2, "1 of 2 files invalid", "valid.yaml: valid", false},
		{"validate missing file", []string{"validate", filepath.Join(t.TempDir(), "nope.yaml")}, nil, 2, "nope.yaml: cannot read: no such file or directory", "", true},
		{"validate needs a file", []string{"validate"}, nil, 2, "want one or more scenario files or folders; got none", "", true},
		{"run invalid", []string{"run", invalid}, nil, 2, "bad.yaml: assets[0].volatility", "", true},
		{"run default", []string{"run", "--paths", "200"}, nil, 0, "", "Small-cap sleeve after the election rally — 200 paths, 30 years", false},
		{"run bad flag value", []string{"run", valid, "--paths", "many"}, nil, 2, `invalid argument "many" for "--paths"`, "", true},
		{"run flag out of range", []string{"run", valid, "--paths", "0"}, nil, 2, "simulation.paths (set by --paths): is 0 (want 1 to 10,000,000)", "", true},
		{"run bad environment", []string{"run", valid}, map[string]string{"DIVSIM_PATHS": "many"}, 2, `DIVSIM_PATHS="many"`, "", true},
		{"run environment out of range", []string{"run", valid}, map[string]string{"DIVSIM_HORIZON": "500"}, 2, "simulation.horizon_years (set by DIVSIM_HORIZON): is 500", "", true},
		{"run negative workers", []string{"run", valid, "--workers", "-1"}, nil, 2, "--workers: is -1", "", true},
		{"unknown flag", []string{"run", "--pahts", "5"}, nil, 2, "unknown flag: --pahts (did you mean --paths?)", "", true},
		{"duration without unit", []string{"run", valid, "--max-time", "10"}, nil, 2, `"--max-time" flag: want a duration with its unit, e.g. 90s, 10m or 1h30m`, "", true},
		{"unknown command", []string{"simulate"}, nil, 2, `unknown command "simulate"`, "", true},
		{"misspelt command", []string{"rn"}, nil, 2, `divsim: unknown command "rn" for "divsim" (did you mean run?)`, "", true},
		{"version", []string{"version"}, nil, 0, "", "divsim " + baseVersion, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runDivsim(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.stderrHas) {
				t.Errorf("stderr:\n%s\nwant it to contain %q", stderr, tc.stderrHas)
			}
			if !strings.Contains(stdout, tc.stdoutHas) || (tc.stdoutNone && stdout != "") {
				t.Errorf("stdout:\n%s\nwant %q (nothing else: %v)", stdout, tc.stdoutHas, tc.stdoutNone)
			}
		})
	}
}

// TestEveryProblemOnStderr checks that a file with several mistakes prints
// one line per problem on stderr and nothing on stdout.
func TestEveryProblemOnStderr(t *testing.T) {
	clearEnv(t)
	text := strings.NewReplacer("expected_return: 0.07", "expected_retrun: 0.07", "horizon_years: 10", "horizon_years: 0", "weight: 1", "weight: 0.9").Replace(scenario)
	path := writeScenario(t, "three.yaml", text)
	code, stdout, stderr := runDivsim(t, "validate", path)
	if code != 2 || stdout != "" {
		t.Fatalf("exit %d stdout %q", code, stdout)
	}
	want := []string{
		path + ": simulation.horizon_years: is 0 (want whole years from 1 to 100)",
		path + ": assets[0].expected_retrun (stocks): unknown key (did you mean expected_return?)",
		path + ": portfolios[0].sleeves (All stocks): weights sum to 0.9 (want 1)",
	}
	if n := strings.Count(stderr, "\n"); n != len(want) {
		t.Errorf("stderr has %d lines, want %d:\n%s", n, len(want), stderr)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w+"\n") {
			t.Errorf("stderr:\n%s\nwant line %q", stderr, w)
		}
	}
}

func TestInit(t *testing.T) {
	clearEnv(t)
	code, stdout, _ := runDivsim(t, "init")
	def, _ := configs.Starter("default")
	if code != 0 || stdout != string(def) {
		t.Errorf("init printed %d bytes (exit %d), want the default example", len(stdout), code)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "bench.yaml")
	if code, _, stderr := runDivsim(t, "init", "--example", "bench", path); code != 0 {
		t.Fatalf("init bench: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runDivsim(t, "validate", path); code != 0 {
		t.Errorf("written example invalid: %s", stderr)
	}
	if code, _, stderr := runDivsim(t, "init", path); code != 2 || !strings.Contains(stderr, "already exists") {
		t.Errorf("overwrite: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runDivsim(t, "init", "--example", "nope"); code != 2 || !strings.Contains(stderr, `no example named "nope" (want one of bench, default, history, retirement, windows)`) {
		t.Errorf("unknown example: exit %d, %s", code, stderr)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only bench.yaml (no temporary files left)", len(entries))
	}
}

func TestHelpShowsExample(t *testing.T) {
	for _, cmd := range [][]string{{"--help"}, {"run", "--help"}, {"sweep", "--help"}, {"validate", "--help"}, {"init", "--help"}, {"version", "--help"}} {
		code, stdout, _ := runDivsim(t, cmd...)
		if code != 0 || !strings.Contains(stdout, "Examples:\n  divsim") {
			t.Errorf("%v: exit %d, help without an example:\n%s", cmd, code, stdout)
		}
	}
}

// TestJSONIdenticalAcrossWorkers: the results JSON written with --workers 1
// and --workers 2 is byte for byte the same.
func TestJSONIdenticalAcrossWorkers(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	var outputs [][]byte
	for _, workers := range []string{"1", "2"} {
		out := filepath.Join(dir, "w"+workers+".json")
		if code, _, stderr := runDivsim(t, "run", "--paths", "600", "--workers", workers, "--json", out); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, data)
	}
	if !bytes.Equal(outputs[0], outputs[1]) {
		t.Error("results JSON differs between --workers 1 and --workers 2")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d files in the output folder, want the 2 JSON files and no temporary files", len(entries))
	}
}

// TestInterruptWritesNothing: a run whose context is cancelled (as Ctrl-C
// does through signal.NotifyContext) exits 1 and leaves no JSON behind.
func TestInterruptWritesNothing(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "results.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	a := &app{stdout: &stdout, stderr: &stderr, memory: func() uint64 { return 0 }}
	code := a.execute(ctx, []string{"run", "--paths", "5000", "--json", out})
	if code != exitFailed || !strings.Contains(stderr.String(), "interrupted: nothing was written") {
		t.Errorf("exit %d, stderr %q; want 1 and the interruption reported", code, stderr.String())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d files left in the output folder, want none", len(entries))
	}
}

func TestSweepCommand(t *testing.T) {
	clearEnv(t)
	path := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	code, stdout, stderr := runDivsim(t, "sweep", path, "--sleeve", "Small-cap sleeve", "--portfolio", "Growth with 15% small caps",
		"--from", "0", "--to", "0.2", "--step", "0.1", "--paths", "300", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Portfolios []struct {
			Name   string `json:"name"`
			Points []struct {
				Weight float64 `json:"weight"`
			} `json:"points"`
		} `json:"portfolios"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("sweep JSON: %v", err)
	}
	if len(doc.Portfolios) != 1 || len(doc.Portfolios[0].Points) != 3 || doc.Portfolios[0].Points[2].Weight != 0.2 {
		t.Errorf("sweep JSON %+v, want one portfolio with weights 0, 0.1, 0.2", doc)
	}
	if !strings.Contains(stderr, "Growth with 15% small caps") {
		t.Errorf("no table on stderr with --json -:\n%s", stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", path}, "--sleeve: missing"},
		{[]string{"sweep", path, "--sleeve", "Gold"}, `--sleeve: no portfolio has a sleeve named "Gold"`},
		{[]string{"sweep", path, "--sleeve", "Small-cap sleeve", "--step", "0"}, "--step: is 0"},
	} {
		code, _, stderr := runDivsim(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

func mustDefault(t *testing.T) []byte {
	t.Helper()
	data, err := configs.Example("default")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestBenchLine checks divsim bench's one line: the workload, the workers it
// used (not the processors it could have), the kernels, both rates, and
// medians with --runs.
func TestBenchLine(t *testing.T) {
	clearEnv(t)
	code, stdout, stderr := runDivsim(t, "bench", "--paths", "256", "--workers", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"256 paths × 360 steps × 5 portfolios, 1 worker, ", " path-steps/s", "engine/floor "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("bench printed %q, want it to contain %q", stdout, want)
		}
	}
	if !strings.Contains(stdout, "AVX2 kernels") && !strings.Contains(stdout, "plain Go") {
		t.Errorf("bench printed %q, want the kernels named", stdout)
	}
	spread := regexp.MustCompile(`\(medians of 2 runs; the runs' ratios (\d+\.\d\d)–(\d+\.\d\d)×\)`)
	_, stdout, _ = runDivsim(t, "bench", "--paths", "128", "--runs", "2")
	if m := spread.FindStringSubmatch(stdout); m == nil || number(t, m[1]) > number(t, m[2]) {
		t.Errorf("bench --runs 2 printed %q, want it to say it gives medians, with the ratios' spread, lowest first", stdout)
	}
	if code, _, stderr := runDivsim(t, "bench", "--runs", "0"); code != 2 || !strings.Contains(stderr, "--runs 0") {
		t.Errorf("bench --runs 0: exit %d, %q; want 2 and the flag named", code, stderr)
	}
}

// number is text's number, or fails the test.
func number(t *testing.T, text string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(text, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// TestWrongArgumentCounts: a command given too few or too many arguments
// says what it wants and what it got, in divsim's words, with exit 2.
func TestWrongArgumentCounts(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"compare", "plan.yaml"}, "divsim: want two or more scenario files to compare (to compare the portfolios of one file, divsim run it); got 1: plan.yaml (see 'divsim compare --help')"},
		{[]string{"sweep"}, "divsim: want one scenario file; got none (see 'divsim sweep --help')"},
		{[]string{"solve", "a.yaml", "b.yaml"}, "divsim: want one scenario file; got 2: a.yaml b.yaml (see 'divsim solve --help')"},
		{[]string{"evidence"}, "divsim: want one scenario file; got none (see 'divsim evidence --help')"},
		{[]string{"validate"}, "divsim: want one or more scenario files or folders; got none"},
		{[]string{"merge"}, "divsim: want the partial results files to merge, every shard of one run; got none"},
		{[]string{"init", "a.yaml", "b.yaml"}, "divsim: want at most one file to write (none: standard output); got 2"},
		{[]string{"calibrate", "us_large"}, "divsim: want no arguments (the columns come from --columns, the history from --history); got 1: us_large"},
		{[]string{"version", "x"}, "divsim: want no arguments; got 1: x"},
	} {
		code, stdout, stderr := runDivsim(t, tc.args...)
		if code != exitInvalid || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("divsim %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", strings.Join(tc.args, " "), code, stdout, stderr, tc.want)
		}
	}
}

// TestEnvironmentNamesRunsOutputsOnly: DIVSIM_OUT and DIVSIM_JSON set run's
// files, not every command's: exported for run, they made compare replace
// the client's workbook with its own.
func TestEnvironmentNamesRunsOutputsOnly(t *testing.T) {
	clearEnv(t)
	path := writeScenario(t, "plan.yaml", scenario)
	other := writeScenario(t, "other.yaml", scenario)
	dir := t.TempDir()
	t.Setenv("DIVSIM_OUT", "client.xlsx")
	if code, _, stderr := runDivsimIn(t, dir, "compare", path, other, "--paths", "50", "-q"); code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "client.xlsx")); err == nil {
		t.Error("compare wrote DIVSIM_OUT's client.xlsx")
	}
	if _, err := os.Stat(filepath.Join(dir, "compare.xlsx")); err != nil {
		t.Errorf("compare did not write its own compare.xlsx: %v", err)
	}
	if code, _, stderr := runDivsimIn(t, dir, "run", path, "--paths", "50", "-q"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "client.xlsx")); err != nil {
		t.Errorf("run did not take DIVSIM_OUT: %v", err)
	}
}

// brokenPipe is standard output after its reader has gone (divsim run |
// head -1): every write fails with EPIPE.
type brokenPipe struct{}

func (brokenPipe) Write([]byte) (int, error) { return 0, syscall.EPIPE }

// TestBrokenPipeKeepsTheWorkbook: a reader that stops before the table ends
// does not cost the workbook (the run once died of SIGPIPE, writing none).
func TestBrokenPipeKeepsTheWorkbook(t *testing.T) {
	clearEnv(t)
	path := writeScenario(t, "plan.yaml", scenario)
	t.Chdir(t.TempDir())
	var errOut bytes.Buffer
	a := &app{stdout: brokenPipe{}, stderr: &errOut, memory: func() uint64 { return 0 }}
	if code := a.execute(context.Background(), []string{"run", path, "--paths", "50", "--out", "kept.xlsx", "-q"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if _, err := os.Stat("kept.xlsx"); err != nil {
		t.Errorf("no workbook: %v", err)
	}
}

// fullDisk is standard output on a full disk: every write fails.
type fullDisk struct{}

func (fullDisk) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestInitOnFullDisk: `divsim init > file` on a full disk is a failed
// command (exit 1, saying so), not invalid input (2); a reader gone early
// (EPIPE) is no failure.
func TestInitOnFullDisk(t *testing.T) {
	for _, tc := range []struct {
		name string
		out  io.Writer
		code int
	}{{"full disk", fullDisk{}, exitFailed}, {"broken pipe", brokenPipe{}, exitOK}} {
		var errOut bytes.Buffer
		a := &app{stdout: tc.out, stderr: &errOut, memory: func() uint64 { return 0 }}
		if code := a.execute(context.Background(), []string{"init"}); code != tc.code || (tc.code != 0) != strings.Contains(errOut.String(), "standard output:") {
			t.Errorf("%s: exit %d, %q; want %d", tc.name, code, errOut.String(), tc.code)
		}
	}
}

// TestProgressLines: without a terminal, long work prints a line each
// tenth with the share done and the time left, and no count of paths (a
// solve's path-runs once read "of 50000 paths" beside its 10,000); work
// long enough for a terminal's bar but not for ten lines of a log prints
// none.
func TestProgressLines(t *testing.T) {
	var out bytes.Buffer
	if newProgress(&out, 1000, longLoggedRun-1, false) != nil {
		t.Error("progress lines in a log for work of a few seconds")
	}
	p := newProgress(&out, 1000, longLoggedRun, false)
	if p == nil {
		t.Fatal("no progress for long work")
	}
	p.start = time.Now().Add(-10 * time.Second) // a pace to go by
	p.update(250)
	p.update(1000)
	p.finish()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	// "about 30s left" at 10 % (250 paths in 10 s), and nothing left to
	// tell at 100 %.
	if len(lines) != 10 || lines[0] != "divsim: 10% done, about 30s left" || lines[9] != "divsim: 100% done" {
		t.Errorf("progress lines:\n%s", out.String())
	}
	// Before a second has passed the pace says nothing: no time left.
	out.Reset()
	p = newProgress(&out, 1000, longLoggedRun, false)
	p.update(100)
	if got := strings.TrimSpace(out.String()); got != "divsim: 10% done" {
		t.Errorf("progress at once: %q, want no time left", got)
	}
	if strings.Contains(out.String(), "paths") {
		t.Errorf("progress counts paths:\n%s", out.String())
	}
	if newProgress(&out, 1000, longRun-1, false) != nil || newProgress(&out, 1000, longLoggedRun, true) != nil {
		t.Error("progress for short or quiet work")
	}
}

// TestFlagValueMessages: a flag's bad value gets what was wanted, not Go's
// parser's words, on the command line and from the environment.
func TestFlagValueMessages(t *testing.T) {
	clearEnv(t)
	code, _, stderr := runDivsim(t, "run", "--paths", "abc")
	if want := `invalid argument "abc" for "--paths" flag: want a whole number (see 'divsim run --help')`; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	t.Setenv("DIVSIM_SEED", "-3")
	code, _, stderr = runDivsim(t, "run", "--paths", "50", "--no-report")
	if want := `DIVSIM_SEED="-3": invalid argument "-3" for "--seed" flag: want a whole number, 0 or more`; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	if strings.Contains(stderr, "strconv") {
		t.Errorf("Go's parser in a message: %q", stderr)
	}
}

// TestContradictoryRequests: flags that ask for two things at once are
// refused, and a sweep whose steps stop short of --to says so; each was
// once done without a word.
func TestContradictoryRequests(t *testing.T) {
	clearEnv(t)
	path := writeScenario(t, "plan.yaml", scenario)
	sleeves := writeScenario(t, "default.yaml", string(mustDefault(t))) // a sleeve to sweep
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a workbook and none", []string{"run", path, "--no-report", "--out", "x.xlsx"}, 2,
			"--out: names a workbook, but --no-report writes none (want one of them)"},
		{"a file compared with itself", []string{"compare", path, path, "--paths", "50", "--no-report", "-q"}, 0,
			"note: " + path + " is given twice: a file compared with itself differs in nothing"},
		{"a sweep short of --to", []string{"sweep", sleeves, "--sleeve", "Small-cap sleeve", "--from", "0", "--to", "0.3", "--step", "0.07",
			"--paths", "50", "--no-report", "-q"}, 0, "note: --to 0.3 is not a whole number of --step from the start: the last point is 0.28"},
	} {
		code, _, stderr := runDivsim(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tc.name, code, stderr, tc.code, tc.want)
		}
	}
}

// TestEnvironmentOutputsNamedAsSet: an output set by the environment is
// named by its variable in messages, not by a flag the person never typed.
func TestEnvironmentOutputsNamedAsSet(t *testing.T) {
	clearEnv(t)
	path := writeScenario(t, "plan.yaml", scenario)
	link := filepath.Join(t.TempDir(), "results.json") // a JSON name for the scenario itself
	if err := os.Symlink(path, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	t.Setenv("DIVSIM_JSON", link)
	code, _, stderr := runDivsim(t, "run", path, "--paths", "50", "-q")
	if code != 2 || !strings.Contains(stderr, "DIVSIM_JSON: ") || strings.Contains(stderr, "--json") {
		t.Errorf("exit %d, stderr %q; want 2 naming DIVSIM_JSON", code, stderr)
	}
}

// oneShard writes a scenario and the partial results of its one shard,
// for merge, in a folder of their own, and returns their paths.
func oneShard(t *testing.T) (plan, dir, part string) {
	t.Helper()
	plan = writeScenario(t, "plan.yaml", scenario)
	dir = t.TempDir()
	part = filepath.Join(dir, "part.divsim")
	if code, _, stderr := runDivsim(t, "run", plan, "-q", "--paths", "50", "--shard", "0/1", "--partial", part); code != 0 {
		t.Fatalf("shard: exit %d: %s", code, stderr)
	}
	return plan, dir, part
}

// TestOutBeatsAnExportedNoReport: a typed --out wins over a
// DIVSIM_NO_REPORT exported for other runs in every command that has both
// flags, not only in those that resolve a scenario's overrides: merge and
// calibrate exited 0 and silently wrote no workbook.
func TestOutBeatsAnExportedNoReport(t *testing.T) {
	clearEnv(t)
	plan, dir, part := oneShard(t)
	t.Setenv("DIVSIM_NO_REPORT", "true")
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"run", []string{"run", plan, "-q", "--paths", "50"}},
		{"merge", []string{"merge", part, "-q"}},
		{"calibrate", []string{"calibrate", "--columns", "us_large", "--states", "1", "--starts", "1", "-q", "--fragment", filepath.Join(dir, "fragment.yaml")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			book := filepath.Join(dir, tc.name+".xlsx")
			if code, _, stderr := runDivsim(t, append(tc.args, "--out", book)...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if _, err := os.Stat(book); err != nil {
				t.Errorf("--out typed over DIVSIM_NO_REPORT=true: no workbook (%v)", err)
			}
		})
	}
}

// TestOutAndNoReportTypedTogether: --out and --no-report typed on one
// command line contradict each other in every command with both (merge
// had exited 0 and written nothing), and --no-report with a batch's
// --out-dir too (the batch had written its workbooks anyway). Nothing is
// written.
func TestOutAndNoReportTypedTogether(t *testing.T) {
	clearEnv(t)
	plan, dir, part := oneShard(t)
	book := filepath.Join(dir, "book.xlsx")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"run", []string{"run", plan, "--paths", "50", "--out", book, "--no-report"}, "--out: names a workbook, but --no-report writes none (want one of them)"},
		{"merge", []string{"merge", part, "--out", book, "--no-report"}, "--out: names a workbook, but --no-report writes none (want one of them)"},
		{"batch", []string{"run", plan, "--paths", "50", "--out-dir", filepath.Join(dir, "reviews"), "--no-report"},
			"--out-dir: a batch writes a workbook per scenario and an index, but --no-report writes none (want one of them)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runDivsim(t, append(tc.args, "-q")...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 with %q", code, stderr, tc.want)
			}
			for _, p := range []string{book, filepath.Join(dir, "reviews")} {
				if _, err := os.Stat(p); err == nil {
					t.Errorf("%s written", p)
				}
			}
		})
	}
}

// TestNoReportBeatsAnExportedOut: --no-report on the command line wins over
// a DIVSIM_OUT exported for other runs (the environment yields to flags).
func TestNoReportBeatsAnExportedOut(t *testing.T) {
	clearEnv(t)
	path := writeScenario(t, "plan.yaml", scenario)
	dir := t.TempDir()
	t.Setenv("DIVSIM_OUT", "client.xlsx")
	if code, _, stderr := runDivsimIn(t, dir, "run", path, "--paths", "50", "--no-report", "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "client.xlsx")); err == nil {
		t.Error("a workbook was written under --no-report")
	}
}
