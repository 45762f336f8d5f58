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
// by the fee's share of each return: its Sharpe ratio is undefined (null),
// not the −1,228 that the ratio of those two small numbers gave, also when
// it runs out of money. Its Sortino ratio, over a downside deviation of
// the steady fee, is −√12 (closed form, to 1e-3). A portfolio with 1 % of
// risk in it keeps its Sharpe ratio on every path.
func TestSharpeOfTheRiskFreeAssetIsUndefined(t *testing.T) {
	const text = `
format: 1
simulation: {horizon_years: 10, steps_per_year: 12, paths: 200}
assets:
  - {id: cash, expected_return: 0.03, volatility: 0.01, risk_free: true}
  - {id: bonds, expected_return: 0.045, volatility: 0.055}
correlations: {base: [[1, 0], [0, 1]]}
cashflows: {initial: 1000, flows: [{amount: FLOW}]}
defaults: {fee: 0.0075}
portfolios:
  - {name: All cash, sleeves: [{name: S, weight: 1, holdings: {cash: 1}}]}
  - {name: Nearly cash, sleeves: [{name: S, weight: 1, holdings: {cash: 0.99, bonds: 0.01}}]}
`
	for _, tc := range []struct {
		name, flow string
	}{{"kept", "1"}, {"spent", "-150"}} {
		res, err := Run(context.Background(), scenario(t, replace(text, "FLOW", tc.flow)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		cash, nearly := res.Portfolios[0], res.Portfolios[1]
		if cash.SharpeP50 != nil {
			t.Errorf("%s: all cash: Sharpe %v, want null", tc.name, *cash.SharpeP50)
		}
		if tc.name == "kept" && (cash.SortinoP50 == nil || math.Abs(*cash.SortinoP50+math.Sqrt(12)) > 1e-3) {
			t.Errorf("all cash: Sortino %v, want −√12", deref(cash.SortinoP50))
		}
		if tc.name == "kept" {
			for i, s := range nearly.PathSharpe {
				if math.IsNaN(s) {
					t.Fatalf("99%% cash: path %d has no Sharpe ratio; want every path's", i)
				}
			}
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
