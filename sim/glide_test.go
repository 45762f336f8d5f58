package sim

import (
	"context"
	"math"
	"testing"

	"github.com/divsim/divsim/portfolio"
)

// TestGlidePathClosedForm: equity growing 10 % a year and cash 0 %, no
// volatility, yearly steps; a glide path from 0 % equity (year 0) to 100 %
// at year 9. Year y's targets are the interpolation at y − 1, equity
// (y − 1)/9, traded to at the end of year y − 1 at no cost, so each year
// grows by 1 + 0.10·(y − 1)/9 and W_10 = 1000·Π(1 + 0.1·(y − 1)/9). Nine
// glide trades plus the last year's own rebalance make 10 events.
func TestGlidePathClosedForm(t *testing.T) {
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 10, steps_per_year: 1, paths: 1}
assets:
  - {id: eq, expected_return: 0.10, volatility: 0}
  - {id: cash, expected_return: 0, volatility: 0}
correlations: {base: [[1, 0], [0, 1]]}
defaults: {rebalance: {every: year, cost_bps: 0}}
cashflows: {initial: 1000}
portfolios:
  - {name: Glide, sleeves: [{name: Equity, weight: 0, holdings: {eq: 1}}, {name: Cash, weight: 1, holdings: {cash: 1}}]}
  - {name: Fixed, sleeves: [{name: Equity, weight: 0.5, holdings: {eq: 1}}, {name: Cash, weight: 0.5, holdings: {cash: 1}}]}
`)
	sc.Portfolios[0].GlidePath = []portfolio.Waypoint{{Year: 9, Weights: []float64{1, 0}}}
	res, err := Run(context.Background(), sc, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := 1000.0
	for y := 1; y <= 10; y++ {
		want *= 1 + 0.1*float64(y-1)/9
	}
	near(t, "glide path terminal wealth", res.Portfolios[0].TerminalWealth.P50, want)
	near(t, "glide path rebalances a year", res.Portfolios[0].RebalancesPerYear, 1)
	near(t, "fixed 50/50 terminal wealth", res.Portfolios[1].TerminalWealth.P50, 1000*math.Pow(1.05, 10))
}

// TestGlideTradeWhateverTheRebalanceTarget: a glide path's trade goes to
// the new targets under to: band_edge too, as under to: target (SCENARIO.md,
// glide paths). A grows 30 % a year and B 0 %, yearly steps, 50/50 gliding
// to 20/80 for year 2: year 1 ends at 650 + 500 = 1150, traded to 230 A and
// 920 B, so W_2 = 230·1.3 + 920 = 1219; A's weight then, 299/1219 = 24.5 %,
// is inside its 10-point band, so the glide trade is the only rebalance
// (0.5 a year). Stopping at the new band's edge (30/70) would give 1253.5.
func TestGlideTradeWhateverTheRebalanceTarget(t *testing.T) {
	for _, to := range []string{"target", "band_edge"} {
		sc := scenario(t, `
format: 1
simulation: {horizon_years: 2, steps_per_year: 1, paths: 1}
assets:
  - {id: a, expected_return: 0.30, volatility: 0}
  - {id: b, expected_return: 0, volatility: 0}
correlations: {base: [[1, 0], [0, 1]]}
cashflows: {initial: 1000}
portfolios:
  - name: P
    sleeves: [{name: S1, weight: 0.5, holdings: {a: 1}}, {name: S2, weight: 0.5, holdings: {b: 1}}]
    rebalance: {every: year, to: `+to+`, band: 0.1, cost_bps: 0}
    glide_path: [{year: 1, weights: {S1: 0.2, S2: 0.8}}]
`)
		res, err := Run(context.Background(), sc, Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		near(t, "to: "+to+", terminal wealth", res.Portfolios[0].TerminalWealth.P50, 1219)
		near(t, "to: "+to+", rebalances a year", res.Portfolios[0].RebalancesPerYear, 0.5)
	}
}
