package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// withSpendingRule adds a spending block to the default example.
func withSpendingRule(t *testing.T, block string) string {
	t.Helper()
	return strings.Replace(string(mustDefault(t)), "cashflows:", "spending: "+block+"\ncashflows:", 1)
}

// spendingFigures are the figures a rate sweep's point shares with the
// portfolio of a plain run, as JSON.
type spendingFigures struct {
	SuccessRate float64         `json:"success_rate"`
	Terminal    json.RawMessage `json:"terminal_wealth_real"`
	Spending    map[string]any  `json:"spending"`
}

// TestRateSweepCommand: `sweep --rate-from/--rate-to/--rate-step` varies
// the spending rule's rate, and a point's figures equal those of a plain
// `divsim run` of the file with that rate.
func TestRateSweepCommand(t *testing.T) {
	clearEnv(t)
	light := func(s string) string { return strings.Replace(s, "amount: -40000", "amount: -5000", 1) } // room for the rule to succeed
	path := writeScenario(t, "plan.yaml", light(withSpendingRule(t, "{rule: guardrails, initial_rate: 0.05}")))
	code, stdout, stderr := runDivsim(t, "sweep", path, "--rate-from", "0.04", "--rate-to", "0.05", "--rate-step", "0.005",
		"--portfolio", "Balanced 60/40", "--paths", "300", "--json", "-", "--no-report")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Sweep      map[string]any `json:"sweep"`
		Portfolios []struct {
			Name   string `json:"name"`
			Points []struct {
				Rate float64 `json:"rate"`
				spendingFigures
			} `json:"points"`
		} `json:"portfolios"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("sweep JSON: %v", err)
	}
	if len(doc.Portfolios) != 1 || doc.Portfolios[0].Name != "Balanced 60/40" || len(doc.Portfolios[0].Points) != 3 {
		t.Fatalf("sweep JSON %+v, want Balanced 60/40 at three rates", doc)
	}
	if doc.Sweep["key"] != "spending.initial_rate" || doc.Sweep["rule"] != "guardrails" {
		t.Errorf("sweep settings %v", doc.Sweep)
	}
	if !strings.Contains(stderr, "sweep of the spending initial_rate (guardrails)") || !strings.Contains(stderr, "Median yearly spending") {
		t.Errorf("no rate table on stderr with --json -:\n%s", stderr)
	}
	point := doc.Portfolios[0].Points[1]
	if point.Rate != 0.045 || point.Spending["first_year"] != 45000.0 || point.SuccessRate == 0 {
		t.Fatalf("point 1 at rate %v, spending %v, success %v; want 0.045, first year 45000, some success", point.Rate, point.Spending, point.SuccessRate)
	}
	plain := writeScenario(t, "plain.yaml", light(withSpendingRule(t, "{rule: guardrails, initial_rate: 0.045}")))
	code, stdout, stderr = runDivsim(t, "run", plain, "--paths", "300", "--json", "-", "--no-report")
	if code != 0 {
		t.Fatalf("plain run: exit %d: %s", code, stderr)
	}
	var run struct {
		Portfolios []struct {
			Name string `json:"name"`
			spendingFigures
		} `json:"portfolios"`
	}
	if err := json.Unmarshal([]byte(stdout), &run); err != nil {
		t.Fatalf("run JSON: %v", err)
	}
	for _, p := range run.Portfolios {
		if p.Name != "Balanced 60/40" {
			continue
		}
		delete(p.Spending, "fan")
		if p.SuccessRate != point.SuccessRate || !reflect.DeepEqual(p.Spending, point.Spending) {
			t.Errorf("sweep point: success %v, spending %v;\nplain run: success %v, spending %v", point.SuccessRate, point.Spending, p.SuccessRate, p.Spending)
		}
		var a, b any
		_ = json.Unmarshal(p.Terminal, &a)
		_ = json.Unmarshal(point.Terminal, &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("terminal real wealth: sweep %s, run %s", point.Terminal, p.Terminal)
		}
		return
	}
	t.Errorf("the plain run has no Balanced 60/40")
}

// TestRateSweepRefusals: every refused rate sweep exits 2 with the flag
// and the reason named.
func TestRateSweepRefusals(t *testing.T) {
	clearEnv(t)
	percent := writeScenario(t, "percent.yaml", withSpendingRule(t, "{rule: percent, rate: 0.04}"))
	vpw := writeScenario(t, "vpw.yaml", withSpendingRule(t, "{rule: vpw, vpw: {real_return: 0.03}}"))
	none := writeScenario(t, "none.yaml", string(mustDefault(t)))
	rates := []string{"--rate-from", "0.03", "--rate-to", "0.05", "--rate-step", "0.01"}
	for _, tc := range []struct {
		name string
		args []string
		env  string // DIVSIM_RATE_STEP
		want string
	}{
		{"no rule", append([]string{"sweep", none}, rates...), "", "--rate-from: the scenario has no spending rule to sweep (want a spending: rule whose rate can be swept, the initial_rate of constant or guardrails, or the rate of percent, floor_ceiling, ninety_five or rmd; or a sleeve's weight swept with --sleeve)"},
		{"vpw", append([]string{"sweep", vpw}, rates...), "", "spending rule vpw has no rate to sweep (want a rule whose rate can be swept: the initial_rate of constant or guardrails, or the rate of percent, floor_ceiling, ninety_five or rmd)"},
		{"with --sleeve", append([]string{"sweep", percent, "--sleeve", "Small-cap sleeve"}, rates...), "", "--sleeve: cannot be combined with --rate-from, --rate-to, --rate-step"},
		{"with --step", []string{"sweep", percent, "--step", "0.1", "--rate-to", "0.05"}, "", "--step: cannot be combined with --rate-to"},
		{"with --sleeve and the environment", []string{"sweep", percent, "--sleeve", "Small-cap sleeve"}, "0.01", "--sleeve: cannot be combined with DIVSIM_RATE_STEP"},
		{"from 0", []string{"sweep", percent, "--rate-from", "0"}, "", "--rate-from: is 0 (want a yearly rate above 0 and at most 1"},
		{"from above 1", []string{"sweep", percent, "--rate-from", "1.5", "--rate-to", "2"}, "", "--rate-from: is 1.5"},
		{"to below from", []string{"sweep", percent, "--rate-from", "0.05", "--rate-to", "0.04"}, "", "--rate-to: is 0.04 (want a yearly rate above --rate-from (0.05), at most 1)"},
		{"step 0", []string{"sweep", percent, "--rate-from", "0.03", "--rate-step", "0"}, "", "--rate-step: is 0"},
		{"negative step", []string{"sweep", percent, "--rate-step", "-0.01"}, "", "--rate-step: is -0.01"},
		{"NaN step", []string{"sweep", percent, "--rate-step", "NaN"}, "", `"--rate-step" flag: want a finite number`},
		{"infinite to", []string{"sweep", percent, "--rate-to", "+Inf"}, "", `"--rate-to" flag: want a finite number`},
		{"no portfolio", append([]string{"sweep", percent, "--portfolio", "Nope"}, rates...), "", `--portfolio: no portfolio named "Nope"`},
		{"nothing to sweep", []string{"sweep", percent}, "", "--sleeve: missing (want the name of the sleeve to vary, or --rate-from/--rate-to/--rate-step"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DIVSIM_RATE_STEP", tc.env)
			code, _, stderr := runDivsim(t, append(tc.args, "--paths", "50", "--no-report")...)
			if code != exitInvalid || !strings.Contains(stderr, tc.want) {
				t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
			}
		})
	}
}

// TestSweepSuggestsNames reproduces issue 18: an unknown sleeve in `sweep`
// got no suggestion. --sleeve, --fund-from and --portfolio now name the one
// most likely meant (without regard to case) and list the names there are
// (exit 2); a name close to none lists them without a guess. A name that
// differs only in capitals is the file's (TestSweepNamesWithoutCapitals in
// batch), and runs.
func TestSweepSuggestsNames(t *testing.T) {
	clearEnv(t)
	def := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	percent := writeScenario(t, "percent.yaml", withSpendingRule(t, "{rule: percent, rate: 0.04}"))
	allSleeves := `want one of "Core equity", "Fixed income", "Cash reserve", "Small-cap sleeve")`
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"misspelt sleeve", []string{"--sleeve", "Smal-cap sleve"},
			`--sleeve: no portfolio has a sleeve named "Smal-cap sleve" (did you mean "Small-cap sleeve"? ` + allSleeves},
		{"part of a sleeve's name", []string{"--sleeve", "small cap"},
			`--sleeve: no portfolio has a sleeve named "small cap" (did you mean "Small-cap sleeve"? ` + allSleeves},
		{"sleeve close to none", []string{"--sleeve", "Gold"},
			`--sleeve: no portfolio has a sleeve named "Gold" (` + allSleeves},
		{"sleeve not in the portfolio", []string{"--sleeve", "Small-cap sleeve", "--portfolio", "Balanced 60/40"},
			`--sleeve: portfolio "Balanced 60/40" has no sleeve "Small-cap sleeve" (want one of "Core equity", "Fixed income")`},
		{"misspelt fund-from", []string{"--sleeve", "Small-cap sleeve", "--portfolio", "Growth with 15% small caps", "--fund-from", "Core equty"},
			`--fund-from: portfolio "Growth with 15% small caps" has no other sleeve named "Core equty" (did you mean "Core equity"? want one of "Core equity", "Fixed income")`},
		{"misspelt portfolio", []string{"--sleeve", "Small-cap sleeve", "--portfolio", "Balanced 60/4"},
			`--portfolio: no portfolio named "Balanced 60/4" (did you mean "Balanced 60/40"? want one of "Conservative 30/70", "Conservative with 5% small caps", "Balanced 60/40", `},
		{"misspelt portfolio of a rate sweep", []string{"--rate-from", "0.03", "--portfolio", "growth 80/2"},
			`--portfolio: no portfolio named "growth 80/2" (did you mean "Growth 80/20"? want one of "Conservative 30/70", `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := def
			if tc.args[0] == "--rate-from" {
				file = percent
			}
			code, stdout, stderr := runDivsim(t, append([]string{"sweep", file, "--paths", "50", "--no-report"}, tc.args...)...)
			if code != exitInvalid || !strings.Contains(stderr, tc.want) || stdout != "" {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
		})
	}
}

// TestSweepChecksMemory: a sleeve sweep runs every weight of a portfolio
// at once, so --max-memory is held against that run, not the file's
// (101 weights of the default plan need about seven times its memory):
// refused with exit 2, naming the key and what would help, nothing
// written; the same limit lets the file itself and a short sweep run.
func TestSweepChecksMemory(t *testing.T) {
	clearEnv(t)
	path := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	sweep := func(step string) []string {
		return []string{"sweep", path, "--sleeve", "Small-cap sleeve", "--from", "0", "--to", "1", "--step", step,
			"--paths", "2000", "--max-memory", "150MiB", "--no-report", "-q"}
	}
	code, stdout, stderr := runDivsim(t, sweep("0.01")...)
	if code != 2 || stdout != "" || !strings.Contains(stderr, "plan.yaml: simulation.paths: the sweep runs 101 portfolios at once") ||
		!strings.Contains(stderr, "a larger --step") {
		t.Errorf("101 weights under 150 MiB: exit %d, %q; want 2 and the sweep's memory named", code, stderr)
	}
	if code, _, stderr := runDivsim(t, sweep("0.25")...); code != 0 {
		t.Errorf("5 weights under 150 MiB: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runDivsim(t, "run", path, "--paths", "2000", "--max-memory", "150MiB", "--no-report", "-q"); code != 0 {
		t.Errorf("the file itself under 150 MiB: exit %d, %s", code, stderr)
	}
}
