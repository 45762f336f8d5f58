package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/reports"
	"github.com/divsim/divsim/sim"
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

// TestStopDuringWorkbookWritesNothing: a stop (Ctrl-C or --max-time) that
// comes after the simulation, while the outputs are built, writes no JSON
// and no workbook and exits 1 naming the stop; merge's outputs go the same
// way (it always wrote after SIGINT).
func TestStopDuringWorkbookWritesNothing(t *testing.T) {
	clearEnv(t)
	for _, tc := range []struct {
		cause error
		want  string
	}{
		{context.Canceled, "interrupted: nothing was written"},
		{context.DeadlineExceeded, "stopped at --max-time: nothing was written"},
	} {
		dir := t.TempDir()
		sc, err := configs.Load("", configs.Options{Overrides: configs.Overrides{Paths: &configs.Override[int]{Value: 200, From: "--paths"}}})
		if err != nil {
			t.Fatal(err)
		}
		sc.Report.File = filepath.Join(dir, "study.xlsx")
		res, err := sim.Run(context.Background(), sc, sim.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(tc.cause)
		if tc.cause == context.DeadlineExceeded {
			var stop context.CancelFunc
			ctx, stop = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
			defer stop()
		}
		var stdout, stderr bytes.Buffer
		a := &app{stdout: &stdout, stderr: &stderr, memory: func() uint64 { return 0 }}
		err = a.present(ctx, sc, res, runFlags{json: filepath.Join(dir, "results.json"), quiet: true}, runInput{})
		var f failure
		if !errors.As(err, &f) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err %v; want a failed run, %q", tc.cause, err, tc.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%v: %d files left, want none", tc.cause, len(entries))
		}
	}
	// The workbook writer itself stops between sheets and before renaming.
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := reports.WriteWorkbookContext(ctx, filepath.Join(dir, "x.xlsx"), reports.WorkbookInput{}); !errors.Is(err, context.Canceled) {
		t.Errorf("WriteWorkbookContext: %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("WriteWorkbookContext left %d files", len(entries))
	}
}

// TestBatchMaxTimeAgreesWithRun: work estimated to outlast --max-time is
// refused before anything runs, exit 2 and nothing written, for a batch as
// for a single run (a batch used to start, stop at the limit and exit 1).
func TestBatchMaxTimeAgreesWithRun(t *testing.T) {
	clearEnv(t)
	plan := writeScenario(t, "a.yaml", scenario)
	if err := os.WriteFile(filepath.Join(filepath.Dir(plan), "b.yaml"), []byte(scenario), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{
		{"run", plan, "--max-time", "100ms"},
		{"run", filepath.Dir(plan), "--out-dir", out, "--max-time", "100ms"},
	} {
		code, _, stderr := runDivsim(t, args...)
		if code != exitInvalid || !strings.Contains(stderr, "--max-time: the run may take up to") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and the estimate", args, code, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the batch created its output folder")
	}
}
