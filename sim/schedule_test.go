package sim

import (
	"context"
	"testing"

	"github.com/divsim/divsim/portfolio"
)

// TestSpendingFollowsEachPortfolio: a withdrawal of 4 % of each
// portfolio's own value at the year's start, on one simulated path, pays
// the same in year 1 (both start at 1,000,000) and then different amounts
// to an all-equity and an all-bond portfolio, each exactly 4 % of its own
// value at the end of the year before.
func TestSpendingFollowsEachPortfolio(t *testing.T) {
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 5, steps_per_year: 4, paths: 1, seed: 9}
assets:
  - {id: stocks, expected_return: 0.07, volatility: 0.18}
  - {id: bonds, expected_return: 0.04, volatility: 0.05}
correlations: {base: [[1, 0.1], [0.1, 1]]}
cashflows: {initial: 1000000}
portfolios:
  - {name: Equity, sleeves: [{name: S, weight: 1, holdings: {stocks: 1}}]}
  - {name: Bonds, sleeves: [{name: B, weight: 1, holdings: {bonds: 1}}]}
`)
	sc.Spending = &portfolio.Spending{Rule: portfolio.Percent, Rate: 0.04, Every: portfolio.Year, StartYear: 1, EndYear: 5}
	w := newWorker(newPlan(sc))
	w.rng.seed(sc.Simulation.Seed, 0)
	w.drawMarket()
	k := sc.Simulation.StepsPerYear
	var paid [2][]float64 // per portfolio, the payment at each year's first step
	for b := range w.books {
		if _, depleted := w.hold(b); depleted {
			t.Fatalf("portfolio %d ran out of money", b)
		}
		for y := 1; y <= 5; y++ {
			first := (y-1)*k + 1
			start := sc.Initial
			if y > 1 {
				start = w.series.value[first-1]
			}
			got := w.books[b].pay[first]
			if want := -0.04 * start; got != want {
				t.Errorf("portfolio %d, year %d: pays %v, want 4 %% of its own %v", b, y, got, start)
			}
			for s := first + 1; s < first+k; s++ {
				if w.books[b].pay[s] != 0 {
					t.Errorf("portfolio %d, step %d: pays %v, want 0 (yearly spending)", b, s, w.books[b].pay[s])
				}
			}
			paid[b] = append(paid[b], got)
		}
	}
	if paid[0][0] != paid[1][0] {
		t.Errorf("year 1: %v and %v, want the same 4 %% of the initial amount", paid[0][0], paid[1][0])
	}
	for y := 1; y < 5; y++ {
		if paid[0][y] == paid[1][y] {
			t.Errorf("year %d: both portfolios pay %v on the same path; each should pay from its own value", y+1, paid[0][y])
		}
	}
}

// TestVPWEmptyingIsThePlan: a vpw rule over the whole horizon spends the
// portfolio to 0 in its last year by design: the path ends with no wealth
// yet is not depleted (success 1), while the same path under a percent
// rule that ran out of money would be.
func TestVPWEmptyingIsThePlan(t *testing.T) {
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 5, steps_per_year: 4, paths: 200, seed: 4}
assets: [{id: a, expected_return: 0.05, volatility: 0.10}]
cashflows: {initial: 100000}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}]
`)
	sc.Spending = &portfolio.Spending{Rule: portfolio.VPW, RealReturn: 0.03, Every: portfolio.Year,
		StartYear: 1, EndYear: 5, Initial: 100000}
	res, err := Run(context.Background(), sc, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	p := res.Portfolios[0]
	if p.SuccessRate != 1 || p.TerminalWealth.P95 > 1e-6*100000 || p.Spending.FullShare[4] != 1 {
		t.Errorf("success %v, terminal p95 %v, paying in full in year 5 %v; want 1, about 0 and 1 (vpw spends it all in year 5, by plan)",
			p.SuccessRate, p.TerminalWealth.P95, p.Spending.FullShare[4])
	}
}

// TestSharedPaymentsInAnyOrder: portfolios whose foreseen schedules pay
// alike share one copy of a path's payments, written by whichever of them
// runs first on the path; holding them in another order, on the same
// paths, gives every portfolio the same series bit for bit, and a
// portfolio with a spending rule keeps payments of its own.
func TestSharedPaymentsInAnyOrder(t *testing.T) {
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 6, steps_per_year: 12, paths: 3, seed: 5}
assets:
  - {id: stocks, expected_return: 0.07, volatility: 0.18}
  - {id: bonds, expected_return: 0.04, volatility: 0.05}
correlations: {base: [[1, 0.1], [0.1, 1]]}
inflation: {expected: 0.025, volatility: 0.01}
cashflows:
  initial: 500000
  flows:
    - {name: Savings, amount: 1500, every: month, start_year: 1, end_year: 3, indexed: true}
    - {name: Income, amount: -30000, every: year, start_year: 4, end_year: 6, indexed: true}
portfolios:
  - {name: Equity, sleeves: [{name: S, weight: 1, holdings: {stocks: 1}}]}
  - {name: Mixed, sleeves: [{name: S, weight: 0.5, holdings: {stocks: 1}}, {name: B, weight: 0.5, holdings: {bonds: 1}}], rebalance: {every: quarter, band: 0.05}}
  - {name: Bonds, sleeves: [{name: B, weight: 1, holdings: {bonds: 1}}]}
`)
	sc.Portfolios[2].Spending = &portfolio.Spending{Rule: portfolio.Percent, Rate: 0.04, Every: portfolio.Year, StartYear: 1, EndYear: 6}
	p := newPlan(sc)
	if p.portfolios[0].paysAs != 0 || p.portfolios[1].paysAs != 0 || p.portfolios[2].paysAs != -1 {
		t.Fatalf("paysAs %d, %d, %d; want 0, 0 and -1 (a spending rule decides year by year)",
			p.portfolios[0].paysAs, p.portfolios[1].paysAs, p.portfolios[2].paysAs)
	}
	run := func(order []int) [][]float64 {
		w := newWorker(p)
		out := make([][]float64, len(order))
		for path := range sc.Simulation.Paths {
			w.rng.seed(sc.Simulation.Seed, path)
			w.drawMarket()
			for _, b := range order {
				w.hold(b)
				out[b] = append(out[b], w.series.value[1:p.steps+1]...)
				out[b] = append(out[b], w.series.ret[1:p.steps+1]...)
			}
		}
		return out
	}
	want, got := run([]int{0, 1, 2}), run([]int{1, 2, 0})
	for b := range want {
		for i := range want[b] {
			if got[b][i] != want[b][i] {
				t.Fatalf("portfolio %d, value %d: %v held second, %v held first", b, i, got[b][i], want[b][i])
			}
		}
	}
}
