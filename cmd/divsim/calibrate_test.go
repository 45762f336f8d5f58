package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCalibratedFragmentRuns: the fragment calibrate writes, pasted into a
// scenario with a simulation, cash flows and portfolios, validates and runs;
// the JSON has the comparison of K = 1..4 and the fitted states.
func TestCalibratedFragmentRuns(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	frag := filepath.Join(dir, "regimes.yaml")
	out := filepath.Join(dir, "fit.json")
	code, stdout, stderr := runDivsim(t, "calibrate", "--columns", "us_large,us_small,bonds_10y", "--states", "3",
		"--starts", "3", "--fragment", frag, "--json", out, "--out", filepath.Join(dir, "cal.xlsx"), "-q")
	if code != 0 {
		t.Fatalf("calibrate: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "← fitted below") {
		t.Errorf("table: %s", stdout)
	}
	var doc struct {
		Models []struct {
			States int     `json:"states"`
			BIC    float64 `json:"bic"`
		} `json:"models"`
		Detail   []struct{ Name string } `json:"state_detail"`
		Smoothed map[string][]float64    `json:"smoothed_probabilities"`
		Months   int                     `json:"months"`
	}
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Models) != 4 || len(doc.Detail) != 3 || doc.Detail[0].Name != "calm" || len(doc.Smoothed["turbulent"]) != doc.Months || doc.Months != 833 {
		t.Errorf("JSON: %d models, states %v, %d months", len(doc.Models), doc.Detail, doc.Months)
	}
	if _, err := os.Stat(filepath.Join(dir, "cal.xlsx")); err != nil {
		t.Errorf("no workbook: %v", err)
	}
	fragment, err := os.ReadFile(frag)
	if err != nil {
		t.Fatal(err)
	}
	scenario := "format: 1\nsimulation: {horizon_years: 10, paths: 300, seed: 4}\ncashflows: {initial: 100000}\n" + string(fragment) + `
portfolios:
  - name: Balanced
    sleeves:
      - {name: Equity, weight: 0.5, holdings: {us_large: 1}}
      - {name: Small, weight: 0.1, holdings: {us_small: 1}}
      - {name: Bonds, weight: 0.4, holdings: {bonds_10y: 1}}
`
	plan := writeScenario(t, "calibrated.yaml", scenario)
	if code, _, stderr := runDivsim(t, "run", plan, "--no-report", "-q"); code != 0 {
		t.Errorf("fragment in a scenario: exit %d:\n%s\n%s", code, stderr, scenario)
	}
}

// TestFragmentToStandardOutput: --fragment - prints the fragment, and
// only it, on standard output; the table goes to stderr and no fragment
// file is written.
func TestFragmentToStandardOutput(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	code, stdout, stderr := runDivsimIn(t, dir, "calibrate", "--columns", "us_large", "--states", "2", "--starts", "2", "--no-report", "--fragment", "-")
	if code != 0 || !strings.HasPrefix(stdout, "# Regimes fitted by divsim calibrate") || !strings.Contains(stdout, "\nassets:\n") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "Markov-switching fit of us_large") || strings.Contains(stdout, "Log-lik.") {
		t.Errorf("the table is not on stderr alone:\n%s", stderr)
	}
	for _, line := range strings.Split(stdout, "\n") {
		if len([]rune(line)) > 78 && strings.HasPrefix(line, "#") {
			t.Errorf("comment line of %d characters: %q", len([]rune(line)), line)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written: %v", entries)
	}
}

// TestCalibrateMistakes: bad settings exit 2 with what to do.
func TestCalibrateMistakes(t *testing.T) {
	clearEnv(t)
	percent := filepath.Join(t.TempDir(), "percent.csv")
	csv := "date,stocks\n"
	for m := range 36 {
		csv += fmt.Sprintf("%d-%02d,%v\n", 2000+m/12, m%12+1, []float64{1.2, -0.9, 0.8}[m%3])
	}
	if err := os.WriteFile(percent, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"calibrate"}, "--columns: missing"},
		{[]string{"calibrate", "--columns", "us_large,stocks"}, `--columns: "stocks" is not a numeric column of divsim US monthly`},
		{[]string{"calibrate", "--columns", "us_large,us_smal"}, `--columns: "us_smal" is not a numeric column of divsim US monthly 1954-07–2023-11 (built-in) (did you mean us_small? want some of`},
		{[]string{"calibrate", "--columns", "us_large", "--states", "9"}, "--states: is 9 (want 1 to 6 regimes)"},
		{[]string{"calibrate", "--columns", "us_large, us_large"}, `--columns: "us_large" is given twice (want each column once`},
		// The NBER indicator is a numeric column, but no series of returns.
		{[]string{"calibrate", "--columns", "us_large,recession"}, `--columns: "recession" of divsim US monthly 1954-07–2023-11 (built-in) holds only 0 and 1, an indicator`},
		{[]string{"calibrate", "--columns", "us_large", "--from", "1950-01"}, "--from: 1950-01 is outside"},
		{[]string{"calibrate", "--columns", "us_large", "--from", "2023-01"}, "11 months (want at least 24"},
		{[]string{"calibrate", "--columns", "us_large", "--from", "2010-01", "--to", "2000-01"}, "--to: 2000-01 is before --from 2010-01"},
		{[]string{"calibrate", "--columns", "us_large,inflation"}, `--columns: "inflation" is the price index`},
		{[]string{"calibrate", "--columns", "US_Large"}, `(did you mean us_large? want some of us_market, us_small, us_large, tbill, bonds_10y)`},
		{[]string{"calibrate", "--columns", "us_large", "--fragment", "regimes.json"}, `--fragment: is "regimes.json" (want a name ending in .yaml, or - for standard output: the fragment is YAML)`},
		{[]string{"calibrate", "--columns", "us_large", "--fragment", "-", "--json", "-"}, "--fragment: - is also --json's standard output"},
		{[]string{"calibrate", "--columns", "us_large", "--json", "fit.xlsx"}, `--json: is "fit.xlsx" (want a name ending in .json`},
		// History in percent, as run, validate and evidence refuse it.
		{[]string{"calibrate", "--columns", "stocks", "--history", percent}, "--columns: column stocks of " + percent +
			" has a median absolute value of 0.9 a month (want monthly returns as decimal fractions, e.g. 0.015 for 1.5%; the column looks like percent)"},
	} {
		code, _, stderr := runDivsim(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestCalibrateWritesAllOrNothing (issue 19 item 12): when one of
// calibrate's outputs cannot be written (its fragment's folder is
// missing), none is: the workbook and the JSON, written fine on their own,
// are not left behind. Since issue 18 the missing folder is found before
// the fit (exit 2); a write failing after it leaves nothing either, as the
// outputs are one atomicfile.Group (TestGroupCommitsAllOrNothing).
func TestCalibrateWritesAllOrNothing(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	book, js := filepath.Join(dir, "cal.xlsx"), filepath.Join(dir, "fit.json")
	code, _, stderr := runDivsim(t, "calibrate", "--columns", "us_large,bonds_10y", "--states", "2", "--starts", "2",
		"--fragment", filepath.Join(dir, "missing", "regimes.yaml"), "--json", js, "--out", book, "-q")
	if code != 2 || !strings.Contains(stderr, "--fragment: cannot write") {
		t.Errorf("exit %d, stderr %q; want 2 naming --fragment", code, stderr)
	}
	for _, p := range []string{book, js} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was written though the fragment failed", p)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestCalibrateOneState: a fit of one state, which never ends, writes its
// JSON (its stay null, not +Inf, which JSON cannot hold and which failed
// the command with exit 1) and says "never ends" on the console.
func TestCalibrateOneState(t *testing.T) {
	clearEnv(t)
	code, stdout, stderr := runDivsimIn(t, t.TempDir(), "calibrate", "--columns", "us_large", "--states", "1", "--starts", "1", "--no-report", "--json", "-", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Detail []map[string]any `json:"state_detail"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || len(doc.Detail) != 1 {
		t.Fatalf("JSON %v: %.300s", err, stdout)
	}
	if stay, ok := doc.Detail[0]["expected_duration_months"]; !ok || stay != nil {
		t.Errorf("one state's stay %v, want null", stay)
	}
	if !strings.Contains(stderr, "never ends") {
		t.Errorf("the table lacks 'never ends':\n%s", stderr)
	}
}
