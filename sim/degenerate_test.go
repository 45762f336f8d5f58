package sim

import (
	"context"
	"math"
	"testing"
)

// TestDegenerateCases runs the cases with defined, documented values that a
// careless engine turns into NaN: a single path, a one-step horizon, zero
// volatility, an all-cash portfolio and a portfolio depleted in year 1.
func TestDegenerateCases(t *testing.T) {
	const base = `
format: 1
simulation: {horizon_years: HZ, steps_per_year: SPY, paths: PATHS}
assets:
  - {id: cash, expected_return: 0.03, volatility: VOL, risk_free: true}
  - {id: stocks, expected_return: 0.07, volatility: 0.16}
correlations: {base: [[1, 0], [0, 1]]}
cashflows: {initial: 1000, flows: [{amount: FLOW}]}
goal: {target_wealth: 1000}
portfolios:
  - {name: All cash, sleeves: [{name: S, weight: 1, holdings: {cash: 1}}]}
  - {name: Mixed, sleeves: [{name: S, weight: 1, holdings: {cash: 0.5, stocks: 0.5}}]}
`
	tests := []struct {
		name                    string
		hz, spy, paths, vol, fl string
		check                   func(t *testing.T, r *Results)
	}{
		{"one path", "3", "12", "1", "0.01", "-10", func(t *testing.T, r *Results) {
			p := r.Portfolios[1]
			if p.TerminalWealth.MeanSE != 0 || p.TerminalWealth.P5 != p.TerminalWealth.P95 {
				t.Errorf("one path: %+v, want a zero standard error and equal percentiles", p.TerminalWealth)
			}
		}},
		{"one step", "1", "1", "50", "0.01", "-10", func(t *testing.T, r *Results) {
			for _, p := range r.Portfolios {
				if p.VolatilityP50 != 0 || p.SharpeP50 != nil {
					t.Errorf("%s: one step gives volatility %v and Sharpe %v, want 0 and null", p.Name, p.VolatilityP50, p.SharpeP50)
				}
			}
		}},
		{"all cash at zero volatility", "5", "12", "50", "0", "-10", func(t *testing.T, r *Results) {
			p := r.Portfolios[0]
			// Cash is the risk-free asset: excess returns are exactly 0.
			if p.VolatilityP50 != 0 || p.SharpeP50 != nil || p.SortinoP50 != nil || p.DiversificationRatio != 1 {
				t.Errorf("all cash: volatility %v Sharpe %v Sortino %v ratio %v, want 0, null, null, 1", p.VolatilityP50, p.SharpeP50, p.SortinoP50, p.DiversificationRatio)
			}
			if p.RiskContributions[0] != 1 {
				t.Errorf("all cash: risk contribution %v, want the sleeve's weight 1", p.RiskContributions[0])
			}
		}},
		{"depleted in year 1", "3", "1", "50", "0.01", "-5000", func(t *testing.T, r *Results) {
			for _, p := range r.Portfolios {
				if p.SuccessRate != 0 || p.TerminalWealth.P95 != 0 || p.Turnover != 0 || *p.GoalShortfall != 1000 {
					t.Errorf("%s: success %v, p95 %v, turnover %v, shortfall %v; want 0, 0, 0, 1000", p.Name, p.SuccessRate, p.TerminalWealth.P95, p.Turnover, *p.GoalShortfall)
				}
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := replace(replace(replace(replace(replace(base, "HZ", tc.hz), "SPY", tc.spy), "PATHS", tc.paths), "VOL", tc.vol), "FLOW", tc.fl)
			res, err := Run(context.Background(), scenario(t, text), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range res.Portfolios {
				finitePortfolio(t, p)
			}
			tc.check(t, res)
		})
	}
}

// TestSharpeOfTheRiskFreeAssetIsUndefined: a portfolio of the risk-free
// asset alone, with a fee, has excess returns of minus the fee, moved only
// by the fee's share of each return (a yearly spread of about 0.0005 %):
// its Sharpe ratio is undefined (null), not the −1,228 that the ratio of
// those two small numbers gave. Its Sortino ratio, over a downside
// deviation of the steady fee, is −√12 (closed form, to 1e-3); a portfolio
// with risk in it keeps its ratios.
func TestSharpeOfTheRiskFreeAssetIsUndefined(t *testing.T) {
	const text = `
format: 1
simulation: {horizon_years: 10, steps_per_year: 12, paths: 200}
assets:
  - {id: cash, expected_return: 0.03, volatility: 0.01, risk_free: true}
  - {id: stocks, expected_return: 0.07, volatility: 0.16}
correlations: {base: [[1, 0], [0, 1]]}
cashflows: {initial: 1000}
defaults: {fee: 0.0075}
portfolios:
  - {name: All cash, sleeves: [{name: S, weight: 1, holdings: {cash: 1}}]}
  - {name: Mostly cash, sleeves: [{name: S, weight: 1, holdings: {cash: 0.95, stocks: 0.05}}]}
`
	res, err := Run(context.Background(), scenario(t, text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cash, mostly := res.Portfolios[0], res.Portfolios[1]
	if cash.SharpeP50 != nil || cash.SortinoP50 == nil || math.Abs(*cash.SortinoP50+math.Sqrt(12)) > 1e-3 {
		t.Errorf("all cash: Sharpe %v, Sortino %v; want null, −√12", deref(cash.SharpeP50), deref(cash.SortinoP50))
	}
	if cash.VolatilityP50 <= 0 {
		t.Errorf("all cash: volatility %v, want the cash's own (its returns move)", cash.VolatilityP50)
	}
	if mostly.SharpeP50 == nil || mostly.SortinoP50 == nil {
		t.Errorf("5%% stocks: Sharpe %v, Sortino %v; want both defined", mostly.SharpeP50, mostly.SortinoP50)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
