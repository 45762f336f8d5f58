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
