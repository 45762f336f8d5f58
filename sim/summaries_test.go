package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/divsim/divsim/internal/stats"
)

// sortedCopy returns xs sorted, for Percentile.
func sortedCopy(xs []float64) []float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s
}

// closeTo fails unless got is want to 1e-12 of its size: a summary and the
// same figure computed from the stored paths add in different orders.
func closeTo(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.15g, want %.15g", what, got, want)
	}
}

// shareOf is the share of n paths for which keep holds, and its standard
// error √(p(1−p)/n) (SCENARIO.md, "Every share comes with its standard
// error").
func shareOf(n int, keep func(i int) bool) (p, se float64) {
	count := 0
	for i := range n {
		if keep(i) {
			count++
		}
	}
	p = float64(count) / float64(n)
	return p, math.Sqrt(p * (1 - p) / float64(n))
}

// TestSummariesFromStoredPaths recomputes the run's summaries from every
// path's stored figures, with SCENARIO.md's definitions written out here
// and not through the summaries' code: the means and their standard errors
// (sample standard deviation over √n), the percentiles (sorted, numpy's
// rule), prob_loss, success_rate, prob_goal against a real goal that
// about half the paths reach, goal_shortfall, the underwater summaries of
// its pass's per-path columns, vs_baseline's paired differences, and the
// exact fan's yearly percentiles, nominal and real.
// Withdrawals empty the riskier portfolio on some paths, inflation is
// random, and the paths are those of the run (path i's market depends only
// on the seed and i).
func TestSummariesFromStoredPaths(t *testing.T) {
	const paths = 3000
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 15, steps_per_year: 4, paths: 3000, seed: 31}
assets:
  - {id: stocks, expected_return: 0.07, volatility: 0.22}
  - {id: bonds, expected_return: 0.035, volatility: 0.06}
correlations: {base: [[1, 0.2], [0.2, 1]]}
inflation: {expected: 0.025, volatility: 0.015}
cashflows:
  initial: 1000000
  flows: [{amount: -70000, start_year: 1, indexed: true}]
goal: {target_wealth: 300000, real: true}
baseline: Balanced
portfolios:
  - {name: Balanced, sleeves: [{name: S, weight: 0.6, holdings: {stocks: 1}}, {name: B, weight: 0.4, holdings: {bonds: 1}}], rebalance: {every: year}}
  - {name: Stocks, sleeves: [{name: S, weight: 1, holdings: {stocks: 1}}]}
`)
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	stores := simulatePaths(sc, paths, nil)
	target := sc.Goal.TargetWealth
	base := stores[sc.Baseline]
	years := sc.Simulation.HorizonYears
	for b, st := range stores {
		p := res.Portfolios[b]
		name := p.Name + " "
		checkDist := func(what string, got Dist, xs []float64) {
			t.Helper()
			m, se := meanAndSE(xs)
			closeTo(t, name+what+" mean", got.Mean, m)
			closeTo(t, name+what+" mean_se", got.MeanSE, se)
			s := sortedCopy(xs)
			for _, q := range []struct {
				pct float64
				got float64
			}{{5, got.P5}, {10, got.P10}, {25, got.P25}, {50, got.P50}, {75, got.P75}, {90, got.P90}, {95, got.P95}} {
				closeTo(t, name+what+" percentile", q.got, stats.Percentile(s, q.pct))
			}
		}
		checkDist("terminal_wealth", p.TerminalWealth, st.Terminal)
		checkDist("terminal_wealth_real", p.TerminalWealthReal, st.TerminalReal)

		loss, lossSE := shareOf(paths, func(i int) bool { return st.Growth[i] < 1 })
		closeTo(t, name+"prob_loss", p.ProbLoss, loss)
		closeTo(t, name+"prob_loss_se", p.ProbLossSE, lossSE)
		success, successSE := shareOf(paths, func(i int) bool { return !st.Depleted[i] })
		closeTo(t, name+"success_rate", p.SuccessRate, success)
		closeTo(t, name+"success_rate_se", p.SuccessRateSE, successSE)
		goal, goalSE := shareOf(paths, func(i int) bool { return st.TerminalReal[i] >= target })
		if p.ProbGoal == nil || p.ProbGoalSE == nil || p.GoalShortfall == nil {
			t.Fatalf("%sprob_goal, its SE or goal_shortfall is null with a goal", name)
		}
		closeTo(t, name+"prob_goal", *p.ProbGoal, goal)
		closeTo(t, name+"prob_goal_se", *p.ProbGoalSE, goalSE)
		var missed []float64
		for _, w := range st.TerminalReal {
			if w < target {
				missed = append(missed, target-w)
			}
		}
		shortfall, _ := meanAndSE(missed)
		closeTo(t, name+"goal_shortfall", *p.GoalShortfall, shortfall)
		// The scenario must exercise what it tests.
		if goal < 0.2 || goal > 0.8 || loss == 0 || (b == 1 && success > 0.95) {
			t.Fatalf("%sprob_goal %v, prob_loss %v, success %v: the scenario no longer reaches the goal on some paths and misses it on others, or no longer empties the portfolio", name, goal, loss, success)
		}

		// underwater: its pass's per-path columns, longest run in years
		// and 1 for a path that ends below its peak.
		longest, ends := st.Passes[0], st.Passes[1]
		closeTo(t, name+"underwater longest_years p50", p.Underwater.LongestYearsP50, stats.Percentile(sortedCopy(longest), 50))
		closeTo(t, name+"underwater longest_years p95", p.Underwater.LongestYearsP95, stats.Percentile(sortedCopy(longest), 95))
		under, underSE := shareOf(paths, func(i int) bool { return ends[i] == 1 })
		closeTo(t, name+"prob_underwater_end", p.Underwater.ProbEnd, under)
		closeTo(t, name+"prob_underwater_end_se", p.Underwater.ProbEndSE, underSE)

		if b == sc.Baseline {
			if p.VsBaseline != nil {
				t.Errorf("the baseline compares with itself: %+v", p.VsBaseline)
			}
		} else {
			diff := make([]float64, paths)
			for i := range diff {
				diff[i] = st.Terminal[i] - base.Terminal[i]
			}
			m, se := meanAndSE(diff)
			closeTo(t, name+"terminal_diff_mean", p.VsBaseline.TerminalDiffMean, m)
			closeTo(t, name+"terminal_diff_se", p.VsBaseline.TerminalDiffSE, se)
			closeTo(t, name+"terminal_diff_p50", p.VsBaseline.TerminalDiffP50, stats.Percentile(sortedCopy(diff), 50))
		}

		if p.Fan.Sketched || st.Wealth == nil {
			t.Fatalf("%sfan: sketched at %d paths; this test needs the exact fan", name, paths)
		}
		for y := 0; y <= years; y++ {
			nominal := sortedCopy(st.Wealth[y*paths : (y+1)*paths])
			real := sortedCopy(st.WealthReal[y*paths : (y+1)*paths])
			for q, pct := range p.Fan.Percentiles {
				closeTo(t, name+"fan nominal", p.Fan.Nominal[q][y], stats.Percentile(nominal, pct))
				closeTo(t, name+"fan real", p.Fan.Real[q][y], stats.Percentile(real, pct))
			}
		}
		closeTo(t, name+"fan's last year", p.Fan.Nominal[len(p.Fan.Percentiles)/2][years], stats.Percentile(sortedCopy(st.Terminal), p.Fan.Percentiles[len(p.Fan.Percentiles)/2]))
	}
}

// TestConstantSpendingIsRealAtAnyInflation: a constant rule pays S_1 = A in
// today's money indexed once a year, S_y = A·I_y (I_y the price index at
// year y's start), so its real spending R_y = S_y / I_y is exactly A in
// every year, whatever the random inflation, on every path that never runs
// out of money (withdrawals of 2 % of a portfolio in bonds, so none does).
// A deflator read at any other date would move R_y with that year's
// inflation.
func TestConstantSpendingIsRealAtAnyInflation(t *testing.T) {
	const amount, years = 20000.0, 20
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 20, steps_per_year: 12, paths: 400, seed: 5}
assets: [{id: a, expected_return: 0.04, volatility: 0.03}]
inflation: {expected: 0.03, volatility: 0.02}
cashflows: {initial: 1000000}
spending: {rule: constant, amount: 20000, every: quarter}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}]
`)
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := res.Portfolios[0]
	if p.SuccessRate != 1 {
		t.Fatalf("success rate %v: some path ran out of money, which this test must avoid", p.SuccessRate)
	}
	s := p.Spending
	near(t, "first_year", s.FirstYear, amount)
	for i, pct := range []int{5, 25, 50, 75, 95} {
		near(t, fmt.Sprintf("real_mean p%d", pct), s.RealMean[i], amount)
	}
	for _, v := range s.RealMin {
		near(t, "real_min", v, amount)
	}
	near(t, "total_real mean", s.TotalRealMean, years*amount)
	near(t, "cut_years mean", s.CutYearsMean, 0)
	for q := range s.Fan {
		for y, v := range s.Fan[q] {
			near(t, fmt.Sprintf("p%g of R_y in year %d", s.Percentiles[q], y+1), v, amount)
		}
	}
	// The nominal amounts do move with inflation: the real figures above
	// are not the nominal ones.
	if p.TerminalWealthReal.P50 >= p.TerminalWealth.P50 {
		t.Errorf("real terminal wealth %v not below nominal %v: inflation is not random here", p.TerminalWealthReal.P50, p.TerminalWealth.P50)
	}
}
