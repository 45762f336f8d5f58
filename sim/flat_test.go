package sim

import (
	"context"
	"math"
	"strconv"
	"testing"
)

// TestFlatPathIsNoLoss: a portfolio of a 0 % asset with no volatility
// neither gains nor loses, however its steps' returns round (a quant
// review found it reported as a loss on every path, underwater for the
// whole horizon, with a median return of −0.0 %), and a guardrails rule
// raises its spending with inflation after such a year, which is no loss
// (the raise had been skipped: year 3 paid 48,544 in today's money, not
// 20,000 × 1.03² / 1.03² = 20,000). Rounding is told apart by the
// engine's noise threshold (1e-12), which no real return comes near.
func TestFlatPathIsNoLoss(t *testing.T) {
	for _, steps := range []int{1, 12} {
		sc := scenario(t, `format: 1
simulation: {paths: 20, horizon_years: 25, steps_per_year: `+strconv.Itoa(steps)+`, seed: 1}
assets: [{id: cash, expected_return: 0.0, volatility: 0}]
inflation: {expected: 0.03, volatility: 0}
cashflows: {initial: 1000000, flows: [{name: Draw, amount: -7000, every: year}]}
spending: {rule: guardrails, initial_rate: 0.02}
portfolios: [{name: Cash, sleeves: [{name: S, weight: 1, holdings: {cash: 1}}]}]
`)
		res, err := Run(context.Background(), sc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		p := res.Portfolios[0]
		if p.ProbLoss != 0 || p.AnnualizedReturn.P50 != 0 {
			t.Errorf("%d steps a year: prob_loss %v, median annualized return %v, want 0 and 0", steps, p.ProbLoss, p.AnnualizedReturn.P50)
		}
		if u := p.Underwater; u == nil || u.ProbEnd != 0 || u.LongestYearsP95 != 0 {
			t.Errorf("%d steps a year: underwater %+v, want never", steps, u)
		}
		// Years 1 to 3 pay 20,000 in today's money: raised with inflation
		// after years that neither gained nor lost.
		for y := 1; y <= 3; y++ {
			if got := p.Spending.Fan[0][y-1]; math.Abs(got-20000) > 1e-6 {
				t.Errorf("%d steps a year: year %d paid %v in today's money, want 20000", steps, y, got)
			}
		}
	}
}
