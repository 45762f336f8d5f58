package batch

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// withSpending adds a spending block to the default example.
func withSpending(t *testing.T, block string) string {
	t.Helper()
	return strings.Replace(defaultText(t), "cashflows:", "spending: "+block+"\ncashflows:", 1)
}

func TestRates(t *testing.T) {
	rs, err := SweepSpec{Rate: true, RateFrom: 0.03, RateTo: 0.06, RateStep: 0.005}.Rates()
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.03, 0.035, 0.04, 0.045, 0.05, 0.055, 0.06}
	if !reflect.DeepEqual(rs, want) {
		t.Errorf("rates %v, want %v (exactly: from + i·step, rounded)", rs, want)
	}
	for _, tc := range []struct {
		spec SweepSpec
		want string
	}{
		{SweepSpec{RateFrom: 0.03, RateTo: 0.06, RateStep: 0}, "--rate-step: is 0"},
		{SweepSpec{RateFrom: 0.03, RateTo: 0.06, RateStep: -0.01}, "--rate-step: is -0.01"},
		{SweepSpec{RateFrom: 0, RateTo: 0.06, RateStep: 0.01}, "--rate-from: is 0"},
		{SweepSpec{RateFrom: 1.5, RateTo: 2, RateStep: 0.01}, "--rate-from: is 1.5"},
		{SweepSpec{RateFrom: 0.05, RateTo: 0.04, RateStep: 0.01}, "--rate-to: is 0.04"},
		{SweepSpec{RateFrom: 0.05, RateTo: 1.2, RateStep: 0.01}, "--rate-to: is 1.2"},
		{SweepSpec{RateFrom: 0.04, RateTo: 0.04, RateStep: 0.005}, "--rate-to: is 0.04, the same as --rate-from (given or by default): the sweep would have one point"},
		{SweepSpec{RateFrom: 0.001, RateTo: 1, RateStep: 0.0001}, "points (want at most 1001)"},
	} {
		if _, err := tc.spec.Rates(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.spec, err, tc.want)
		}
	}
}

// TestRateSweepPointEqualsPlainRun: each point of a rate sweep gives, to
// the last digit and for every portfolio, the results of a plain run of a
// file that says that rate (for the guardrails rule written with an
// amount, the file that says initial_rate instead).
func TestRateSweepPointEqualsPlainRun(t *testing.T) {
	const paths = 400
	for _, tc := range []struct {
		name, block, plain string // plain: the block at the point's rate
		spec               SweepSpec
		point              int
	}{
		{"percent", "{rule: percent, rate: 0.04}", "{rule: percent, rate: 0.05}",
			SweepSpec{Rate: true, RateFrom: 0.03, RateTo: 0.05, RateStep: 0.01}, 2},
		{"guardrails from an amount", "{rule: guardrails, amount: 40000}", "{rule: guardrails, initial_rate: 0.045}",
			SweepSpec{Rate: true, RateFrom: 0.03, RateTo: 0.06, RateStep: 0.015}, 1},
		{"constant", "{rule: constant, initial_rate: 0.04}", "{rule: constant, initial_rate: 0.03}",
			SweepSpec{Rate: true, RateFrom: 0.03, RateTo: 0.05, RateStep: 0.01}, 0},
		{"floor_ceiling", "{rule: floor_ceiling, rate: 0.04}", "{rule: floor_ceiling, rate: 0.035}",
			SweepSpec{Rate: true, RateFrom: 0.03, RateTo: 0.05, RateStep: 0.005}, 1},
		{"ninety_five", "{rule: ninety_five, rate: 0.04}", "{rule: ninety_five, rate: 0.05}",
			SweepSpec{Rate: true, RateFrom: 0.03, RateTo: 0.05, RateStep: 0.01}, 2},
		{"rmd", "{rule: rmd, rate: 0.02}\nhousehold: {age: 70}", "{rule: rmd, rate: 0.04}\nhousehold: {age: 70}",
			SweepSpec{Rate: true, RateFrom: 0.02, RateTo: 0.04, RateStep: 0.01}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := load(t, withSpending(t, tc.block), paths)
			plan, err := PlanRateSweep(sc, tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			results, err := RunRateSweep(context.Background(), plan, sim.Options{Workers: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != len(sc.Portfolios) {
				t.Fatalf("%d groups, want one per portfolio (%d)", len(results), len(sc.Portfolios))
			}
			plain, err := sim.Run(context.Background(), load(t, withSpending(t, tc.plain), paths), sim.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for p, r := range results {
				pt := r.Points[tc.point]
				if pt.Results.Spending == nil {
					t.Fatalf("%s: no spending figures", r.Source)
				}
				if !reflect.DeepEqual(pt.Results, plain.Portfolios[p]) {
					t.Errorf("%s at rate %v differs from the plain run:\n got %+v\nwant %+v", r.Source, pt.Rate,
						*pt.Results.Spending, *plain.Portfolios[p].Spending)
				}
			}
		})
	}
}

// TestRateSweepSpendsMoreAtHigherRates: on common random numbers, a higher
// percent rate pays more in the first year and ends with less.
func TestRateSweepSpendsMoreAtHigherRates(t *testing.T) {
	sc := load(t, strings.Replace(withSpending(t, "{rule: percent, rate: 0.04}"), "amount: -40000", "amount: -1000", 1), 300)
	plan, err := PlanRateSweep(sc, SweepSpec{Rate: true, RateFrom: 0.02, RateTo: 0.08, RateStep: 0.02, Portfolio: sc.Portfolios[1].Name})
	if err != nil {
		t.Fatal(err)
	}
	results, err := RunRateSweep(context.Background(), plan, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].Source != sc.Portfolios[1].Name || len(results[0].Points) != 4 {
		t.Fatalf("results %+v, want one portfolio with 4 points", results)
	}
	for i, pt := range results[0].Points {
		if want := sc.Initial * pt.Rate; abs(pt.Results.Spending.FirstYear-want) > 1e-6 {
			t.Errorf("rate %v: first year %v, want %v", pt.Rate, pt.Results.Spending.FirstYear, want)
		}
		if i > 0 && pt.Results.TerminalWealthReal.Mean >= results[0].Points[i-1].Results.TerminalWealthReal.Mean {
			t.Errorf("rate %v: mean real wealth %v, not below the lower rate's", pt.Rate, pt.Results.TerminalWealthReal.Mean)
		}
	}
	if sc.Spending.Rate != 0.04 {
		t.Errorf("the scenario's own rule changed to %v", sc.Spending.Rate)
	}
}

func abs(x float64) float64 { return max(x, -x) }

func TestPlanRateSweepErrors(t *testing.T) {
	spec := SweepSpec{Rate: true, RateFrom: 0.03, RateTo: 0.05, RateStep: 0.01}
	vpw := load(t, withSpending(t, "{rule: percent, rate: 0.04}"), 10)
	sp := *vpw.Spending
	sp.Rule = portfolio.VPW
	vpw.Spending = &sp
	bad := spec
	bad.Portfolio = "Nope"
	for _, tc := range []struct {
		name string
		text string
		spec SweepSpec
		want string
	}{
		{"no rule", defaultText(t), spec, "--rate-from: the scenario has no spending rule"},
		{"vpw", "", spec, "spending rule vpw has no rate to sweep (want a rule whose rate can be swept: the initial_rate of constant or guardrails, or the rate of percent"},
		{"no portfolio", withSpending(t, "{rule: percent, rate: 0.04}"), bad, `--portfolio: no portfolio named "Nope"`},
		{"bad step", withSpending(t, "{rule: percent, rate: 0.04}"), SweepSpec{Rate: true, RateFrom: 0.03, RateTo: 0.05}, "--rate-step: is 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := vpw
			if tc.text != "" {
				sc = load(t, tc.text, 10)
			}
			if _, err := PlanRateSweep(sc, tc.spec); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
