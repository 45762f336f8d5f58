package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
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

// fakeSolve is a solve of sc's portfolios with every figure at rate,
// under rule (added: the scenario had none, and solve added it).
func fakeSolve(sc *model.Scenario, rule portfolio.SpendingRule, added bool, rate float64) *solve.Result {
	res := &solve.Result{Target: 0.9, Paths: sc.Simulation.Paths, Seed: 1, Initial: sc.Initial, Method: solve.Bisection, Rule: rule,
		Added: added, Varies: "spending.initial_rate", Runs: 1, Converged: true}
	fig := &solve.Figure{Rate: rate, RateLo: rate, RateHi: rate, Amount: float64(rate * sc.Initial), AmountLo: 1, AmountHi: 2}
	for _, p := range sc.Portfolios {
		res.Portfolios = append(res.Portfolios, solve.Portfolio{Name: p.Name, SWR: fig, PWR: fig,
			Curve: []solve.Point{{Rate: 0, Success: 1, Perpetual: 1}, {Rate: rate, Success: 0.9, Perpetual: 0.9}}})
	}
	return res
}

// TestSolveAndRateSweepSayIncomeIsWithinSpending: income paid into the
// portfolio while the withdrawal pays (the retiree's Social Security) is
// said to be within the spending shown, on the solve's page and console
// and the rate sweep's, so that a client does not add it on top; a plan
// whose only flow is a withdrawal says nothing of it.
func TestSolveAndRateSweepSayIncomeIsWithinSpending(t *testing.T) {
	pension := func(s string) string {
		return strings.Replace(s, "  flows:\n", "  flows:\n    - {name: Pension, amount: 10000, every: year}\n", 1)
	}
	for _, tc := range []struct {
		name    string
		example string
		edit    func(string) string
		rule    portfolio.SpendingRule
		added   bool
		want    string // "" for none
	}{
		{"guardrails with Social Security", "retirement", nil, portfolio.Guardrails, false,
			"Social Security is paid into the portfolio: the spending found includes it and is all the client receives"},
		{"constant, a withdrawal flow only", "default", withSpending("{rule: constant, initial_rate: 0.04}"), portfolio.Constant, false, ""},
		// Without a rule solve adds a withdrawal over the whole horizon:
		// a pension paid in funds it all the same.
		{"added withdrawal with a pension", "default", pension, portfolio.Constant, true,
			"Pension is paid into the portfolio: the spending found includes it"},
		{"added withdrawal, a withdrawal flow only", "default", nil, portfolio.Constant, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := resolve(t, tc.example, 100, tc.edit)
			res := fakeSolve(sc, tc.rule, tc.added, 0.05)
			for what, text := range solveTexts(t, sc, res) {
				if said := strings.Contains(text, "paid into the portfolio"); said != (tc.want != "") || !strings.Contains(text, tc.want) {
					t.Errorf("%s, want %q:\n%s", what, tc.want, text)
				}
			}
			if tc.added {
				return // no rule to sweep
			}
			spec := batch.SweepSpec{Rate: true, RateFrom: 0.04, RateTo: 0.05, RateStep: 0.01}
			want := strings.Replace(tc.want, "the spending found", "the spending shown", 1)
			if got := rateSweepText(sc, spec); strings.Contains(got, "paid into the portfolio") != (want != "") || !strings.Contains(got, want) {
				t.Errorf("rate sweep: %q, want %q", got, want)
			}
			// A sleeve sweep of a plan with a rule shows its spending too.
			if got := sleeveSweepSpending(sc); strings.Contains(got, "paid into the portfolio") != (want != "") || !strings.Contains(got, want) {
				t.Errorf("sleeve sweep: %q, want %q", got, want)
			}
		})
	}
}

// TestSolveGuardrailsCaveat: what guardrails buy is stated as the chart
// beside it shows it, once on the console and once on the page: more
// paths kept going than the same withdrawal only raised with inflation,
// not "rarely runs out of money" (at the rate found a tenth of the paths
// run out by construction).
func TestSolveGuardrailsCaveat(t *testing.T) {
	sc := resolve(t, "retirement", 100, nil)
	res := fakeSolve(sc, portfolio.Guardrails, false, 0.0875)
	for i := range res.Portfolios {
		res.Portfolios[i].Paid = &sim.Spending{FirstYear: 131250}
	}
	for what, text := range solveTexts(t, sc, res) {
		if strings.Count(text, guardrailsCaveat) != 1 || strings.Contains(text, "rarely") {
			t.Errorf("%s:\n%s", what, text)
		}
	}
	if !strings.Contains(guardrailsCaveat, "typically keeps more paths going than the same first-year withdrawal raised with inflation") {
		t.Errorf("caveat %q", guardrailsCaveat)
	}
}

// TestSolveDisclosuresNameBothFigures: the Disclosures' "What this
// workbook shows" names both figures of the page, the sustainable and the
// perpetual withdrawal (which had gone unmentioned), each with its
// criterion, over the run's paths or windows of history.
func TestSolveDisclosuresNameBothFigures(t *testing.T) {
	for _, tc := range []struct {
		example string
		paths   string
	}{
		{"retirement", "100 simulated paths"},
		{"windows", "rolling windows of history"},
	} {
		t.Run(tc.example, func(t *testing.T) {
			sc := resolve(t, tc.example, 100, nil)
			res := fakeSolve(sc, portfolio.Constant, sc.Spending == nil, 0.04)
			f := solveWorkbook(t, sc, res)
			defer f.Close()
			text := sheetText(t, f, sheetDisclosures)
			for _, want := range []string{tc.paths + " never run out of money (the sustainable withdrawal)",
				fmt.Sprintf("90%% of them also end the %d years with at least the initial amount in today's money (the perpetual withdrawal)",
					sc.Simulation.HorizonYears)} {
				if !strings.Contains(text, want) {
					t.Errorf("Disclosures lack %q:\n%s", want, text)
				}
			}
		})
	}
}

// solveTexts are a solve's console table and its workbook's intro (the
// Solve sheet's A2), by where they are shown.
func solveTexts(t *testing.T, sc *model.Scenario, res *solve.Result) map[string]string {
	t.Helper()
	var b strings.Builder
	if err := WriteSolveTable(&b, sc, res); err != nil {
		t.Fatal(err)
	}
	f := solveWorkbook(t, sc, res)
	defer f.Close()
	intro, _ := f.GetCellValue(sheetSolve, "A2")
	return map[string]string{"console": b.String(), "workbook": intro}
}
