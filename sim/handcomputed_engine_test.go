package sim

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/divsim/divsim/internal/stats"
)

// run simulates a scenario given as YAML and returns its results.
func run(t *testing.T, text string) *Results {
	t.Helper()
	res, err := Run(context.Background(), scenario(t, text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.12g, want %.12g", what, got, want)
	}
}

// Zero-volatility assets grow by exactly (1+m)^(1/k) a step, so every figure
// below follows from arithmetic.

// TestFlowsFeesInflation: one asset growing 5 % a year, a 1 % fee, yearly
// steps, 2 % inflation, contributions of 100 in years 1–2 and indexed
// withdrawals of 200 (today's money) in years 3–5. Each step's portfolio
// growth is g = 1.05·0.99 = 1.0395; the flow comes first:
// W1 = (1000+100)·g, W2 = (W1+100)·g, W_t = (W_{t−1} − 200·1.02^(t−1))·g.
func TestFlowsFeesInflation(t *testing.T) {
	res := run(t, `
format: 1
simulation: {horizon_years: 5, steps_per_year: 1, paths: 1}
assets: [{id: a, expected_return: 0.05, volatility: 0}]
inflation: {expected: 0.02, volatility: 0}
defaults: {fee: 0.01}
cashflows:
  initial: 1000
  flows:
    - {name: Savings, amount: 100, start_year: 1, end_year: 2}
    - {name: Income, amount: -200, start_year: 3, indexed: true}
goal: {target_wealth: 1200, real: true}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}]
`)
	g := 1.05 * 0.99
	w := (1000 + 100) * g
	w = (w + 100) * g
	for t := 3; t <= 5; t++ {
		w = (w - 200*math.Pow(1.02, float64(t-1))) * g
	}
	p := res.Portfolios[0]
	near(t, "terminal wealth", p.TerminalWealth.P50, w)
	near(t, "terminal wealth real", p.TerminalWealthReal.P50, w/math.Pow(1.02, 5))
	near(t, "annualized return", p.AnnualizedReturn.P50, g-1)
	near(t, "annualized real return", p.AnnualizedReturnReal.P50, g/1.02-1)
	near(t, "success rate", p.SuccessRate, 1)
	// Real terminal wealth is about 1172: below the 1200 goal.
	near(t, "prob goal", *p.ProbGoal, 0)
	near(t, "goal shortfall", *p.GoalShortfall, 1200-w/math.Pow(1.02, 5))
	near(t, "volatility", p.VolatilityP50, 0)
	if p.SharpeP50 != nil {
		t.Errorf("Sharpe %v, want null: constant excess returns have no spread", *p.SharpeP50)
	}
}

// TestDepletion: withdrawals of 600 (indexed at 2 %) from year 2. W1 = 1039.5,
// W2 = (1039.5 − 612)·1.0395 = 444.39..., and in year 3 the withdrawal of
// 624.24 exceeds wealth: the path is depleted and stays at 0 with r = 0, so
// the annualized return is (1.0395²)^(1/5) − 1.
func TestDepletion(t *testing.T) {
	res := run(t, `
format: 1
simulation: {horizon_years: 5, steps_per_year: 1, paths: 1}
assets: [{id: a, expected_return: 0.05, volatility: 0}]
inflation: {expected: 0.02, volatility: 0}
defaults: {fee: 0.01}
cashflows:
  initial: 1000
  flows: [{amount: -600, start_year: 2, indexed: true}]
goal: {target_wealth: 500}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}]
`)
	g := 1.05 * 0.99
	p := res.Portfolios[0]
	near(t, "terminal wealth", p.TerminalWealth.P50, 0)
	near(t, "success rate", p.SuccessRate, 0)
	near(t, "annualized return", p.AnnualizedReturn.P50, math.Pow(g*g, 1.0/5)-1)
	near(t, "prob goal", *p.ProbGoal, 0)
	near(t, "goal shortfall", *p.GoalShortfall, 500)
	near(t, "turnover", p.Turnover, 0)
}

// TestQuarterlyFlowTiming: monthly steps, contributions of 100 every quarter
// of year 1, paid at steps 1, 4, 7 and 10; asset growth g = 1.06^(1/12).
// Each payment grows for the steps from its own to the end:
// W12 = 1000·g¹² + 100·(g¹² + g⁹ + g⁶ + g³).
func TestQuarterlyFlowTiming(t *testing.T) {
	res := run(t, `
format: 1
simulation: {horizon_years: 1, paths: 1}
assets: [{id: a, expected_return: 0.06, volatility: 0}]
cashflows:
  initial: 1000
  flows: [{amount: 100, every: quarter}]
portfolios: [{name: P, rebalance: {every: never}, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}]
`)
	g := math.Pow(1.06, 1.0/12)
	want := 1000*math.Pow(g, 12) + 100*(math.Pow(g, 12)+math.Pow(g, 9)+math.Pow(g, 6)+math.Pow(g, 3))
	near(t, "terminal wealth", res.Portfolios[0].TerminalWealth.P50, want)
}

// rebalancing is a two-asset scenario, 50/50 in two sleeves: asset a grows
// 10 % a year, b not at all; quarterly steps over two years; 10 bp costs.
const rebalancing = `
format: 1
simulation: {horizon_years: 2, steps_per_year: 4, paths: 1}
assets:
  - {id: a, expected_return: 0.10, volatility: 0}
  - {id: b, expected_return: 0.0, volatility: 0}
correlations: {base: [[1, 0], [0, 1]]}
cashflows: {initial: 100}
portfolios:
  - name: P
    rebalance: POLICY
    sleeves:
      - {name: A, weight: 0.5, holdings: {a: 1}}
      - {name: B, weight: 0.5, holdings: {b: 1}}
`

// TestRebalancingCases works each policy by hand. Sleeve A is worth
// 50·1.1^(q/4) after q quarters without trading; B stays 50.
func TestRebalancingCases(t *testing.T) {
	ga := math.Pow(1.1, 0.25)
	type yearEnd struct {
		rebalance bool
		toWeightA float64 // new weight of A when rebalancing
	}
	tests := []struct {
		name   string
		policy string
		years  [2]yearEnd
	}{
		// Year 1 ends at A 55, B 50 (A's weight .5238, drift .0238).
		{"calendar yearly", "{every: year, cost_bps: 10}", [2]yearEnd{{true, 0.5}, {true, 0.5}}},
		// An absolute band of .03 lets year 1's .0238 drift pass; by year 2,
		// A is 60.5 of 110.5 (.5475): out, back to .5.
		{"absolute band", "{every: year, band: 0.03, cost_bps: 10}", [2]yearEnd{{false, 0}, {true, 0.5}}},
		// A relative band of .04 allows .02 on a .5 target: year 1 trades.
		{"relative band", "{every: year, relative_band: 0.04, cost_bps: 10}", [2]yearEnd{{true, 0.5}, {true, 0.5}}},
		// band_edge with a .02 band: year 1 moves A to .52 (B, in band, takes
		// the rest); year 2 A is .52·1.1/(.52·1.1 + .48) = .5437: out, to .52.
		{"band edge", "{every: year, band: 0.02, to: band_edge, cost_bps: 10}", [2]yearEnd{{true, 0.52}, {true, 0.52}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, replace(rebalancing, "POLICY", tc.policy))
			a, b := 50.0, 50.0
			traded, rebalances := 0.0, 0
			turnover := 0.0
			for y := range 2 {
				sum := 0.0 // step-end values over the year
				for q := 1; q <= 4; q++ {
					a *= ga
					if q < 4 {
						sum += a + b
					}
				}
				yearTraded := 0.0
				if e := tc.years[y]; e.rebalance {
					v := a + b
					yearTraded = math.Abs(v*e.toWeightA-a) + math.Abs(v*(1-e.toWeightA)-b)
					after := v - yearTraded*10/10000
					a, b = after*e.toWeightA, after*(1-e.toWeightA)
					rebalances++
				}
				sum += a + b
				traded += yearTraded
				turnover += yearTraded / 2 / (sum / 4)
			}
			p := res.Portfolios[0]
			near(t, "terminal wealth", p.TerminalWealth.P50, a+b)
			near(t, "turnover", p.Turnover, turnover/2)
			near(t, "rebalances per year", p.RebalancesPerYear, float64(rebalances)/2)
		})
	}
}

// TestSharedAssetThroughEngine: asset a sits in both sleeves (core 50 %:
// half a, half b; satellite 50 %: all a), targets a .75, b .25. With a
// growing and b flat, a yearly rebalance trades only the asset-level drift:
// after year 1 a is 75·1.1 = 82.5 and b 25 of 107.5; targets are 80.625
// and 26.875, so 1.875 + 1.875 = 3.75 is traded, not the larger sum of
// per-sleeve moves.
func TestSharedAssetThroughEngine(t *testing.T) {
	res := run(t, `
format: 1
simulation: {horizon_years: 1, steps_per_year: 1, paths: 1}
assets:
  - {id: a, expected_return: 0.10, volatility: 0}
  - {id: b, expected_return: 0.0, volatility: 0}
correlations: {base: [[1, 0], [0, 1]]}
cashflows: {initial: 100}
portfolios:
  - name: P
    rebalance: {every: year, cost_bps: 100}
    sleeves:
      - {name: Core, weight: 0.5, holdings: {a: 0.5, b: 0.5}}
      - {name: Satellite, weight: 0.5, holdings: {a: 1}}
`)
	traded := 3.75
	cost := traded * 0.01
	p := res.Portfolios[0]
	near(t, "terminal wealth", p.TerminalWealth.P50, 107.5-cost)
	near(t, "turnover", p.Turnover, traded/2/(107.5-cost))
}

// TestMeasure feeds a known quarterly series over two years to the per-path
// metrics and checks each against a direct two-pass computation:
// r = (.10, −.20, .05, .10 | .02, −.05, .03, .01) with rf = .01 each step,
// wealth 100·Π(1+r), 10 traded in the first year, a price index of 1.1 at
// the horizon. The index Π(1+r) peaks at 1.1 and falls to 0.88 in the first
// year: max drawdown .2.
func TestMeasure(t *testing.T) {
	rs := []float64{0.10, -0.20, 0.05, 0.10, 0.02, -0.05, 0.03, 0.01}
	const k, years, index = 4, 2, 1.1
	s := newSeries(len(rs), years)
	s.rf = make([]float64, len(rs)+1)
	wealth, growth := 100.0, 1.0
	var xs, indexes []float64
	for i, r := range rs {
		wealth *= 1 + r
		growth *= 1 + r
		s.ret[i+1], s.rf[i+1], s.value[i+1] = r, 0.01, wealth
		xs = append(xs, r-0.01)
		indexes = append(indexes, growth)
	}
	s.traded[0] = 10
	yearReturns := make([]float64, years)
	m := measure(&s, k, years, index, yearReturns)

	mean := func(xs []float64) float64 {
		sum := 0.0
		for _, x := range xs {
			sum += x
		}
		return sum / float64(len(xs))
	}
	sd := func(xs []float64) float64 {
		mu, ss := mean(xs), 0.0
		for _, x := range xs {
			ss += (x - mu) * (x - mu)
		}
		return math.Sqrt(ss / float64(len(xs)-1))
	}
	downside := 0.0
	for _, x := range xs {
		downside += math.Min(x, 0) * math.Min(x, 0)
	}
	near(t, "growth", m.growth, growth)
	near(t, "max drawdown", m.drawdown, 0.2)
	near(t, "annualized return", m.annReturn, math.Pow(growth, 0.5)-1)
	near(t, "real annualized return", m.annReturnReal, math.Pow(growth/index, 0.5)-1)
	near(t, "volatility", m.volatility, sd(rs)*2)
	near(t, "sharpe", m.sharpe, mean(xs)/sd(xs)*2)
	near(t, "sortino", m.sortino, mean(xs)/math.Sqrt(downside/8)*2)
	near(t, "first year's return", yearReturns[0], 1.1*0.8*1.05*1.1-1)
	near(t, "second year's return", yearReturns[1], 1.02*0.95*1.03*1.01-1)
	near(t, "turnover", m.turnover, (10/2/mean(s.value[1:5])+0)/2)
	// The index after each step, which the passes read, is the running
	// product multiplied in the same order: exactly equal.
	if !slices.Equal(s.growth[1:len(rs)+1], indexes) {
		t.Errorf("index after each step %v, want %v", s.growth[1:len(rs)+1], indexes)
	}

	// Depleted at step 3 of 4: from there r and x are 0, not −rf.
	dep := newSeries(4, 1)
	dep.rf = []float64{0, 0.01, 0.01, 0.01, 0.01}
	dep.ret[1], dep.ret[2], dep.value[1], dep.value[2] = 0.05, -0.5, 50, 5
	dep.depleted = 3
	dm := measure(&dep, 4, 1, 1, make([]float64, 1))
	dxs, drs := []float64{0.04, -0.51, 0, 0}, []float64{0.05, -0.5, 0, 0}
	dDown := (0.51 * 0.51) / 4
	near(t, "depleted: volatility", dm.volatility, sd(drs)*2)
	near(t, "depleted: sharpe", dm.sharpe, mean(dxs)/sd(dxs)*2)
	near(t, "depleted: sortino", dm.sortino, mean(dxs)/math.Sqrt(dDown)*2)

	// Turnover of a path that traded, then ran out of money in year 2 of
	// 3: year 2's trade over its mean step-end value (the steps after
	// the depletion at 0), and year 3, with nothing held, counts 0 in the
	// mean over the path's three years.
	gone := newSeries(6, 3)
	gone.rf = make([]float64, 7)
	gone.ret[1], gone.ret[2], gone.ret[3] = 0.1, -0.5, -0.9
	gone.value[1], gone.value[2], gone.value[3] = 110, 55, 5.5
	gone.traded[0], gone.traded[1] = 22, 11
	gone.depleted = 4
	gm := measure(&gone, 2, 3, 1, make([]float64, 3))
	near(t, "depleted: turnover", gm.turnover, (22.0/2/((110+55)/2.0)+11.0/2/((5.5+0)/2.0)+0)/3)

	// A constant series has no spread: Sharpe and Sortino are undefined,
	// exactly (the shifted sums are exactly 0), not 1e14.
	flat := newSeries(4, 1)
	flat.rf = make([]float64, 5)
	for i := 1; i <= 4; i++ {
		flat.ret[i], flat.value[i] = 0.0123, 1
	}
	fm := measure(&flat, 4, 1, 1, make([]float64, 1))
	if fm.volatility != 0 || !math.IsNaN(fm.sharpe) || !math.IsNaN(fm.sortino) {
		t.Errorf("constant positive returns: volatility %v, Sharpe %v, Sortino %v, want 0 and both undefined (NaN)",
			fm.volatility, fm.sharpe, fm.sortino)
	}
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		xs   []float64
		q    float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, 50, 2.5},
		{[]float64{1, 2, 3, 4}, 5, 1.15},
		{[]float64{1, 2, 3, 4}, 95, 3.85},
		{[]float64{1, 2, 3, 4}, 100, 4},
		{[]float64{1, 2, 3, 4}, 0, 1},
		{[]float64{7}, 25, 7},
	}
	for _, tc := range tests {
		near(t, "percentile", stats.Percentile(tc.xs, tc.q), tc.want)
	}
}

// TestVaRCVaR: 21 returns −.10, −.09, …, .10. The 5th percentile sits at
// h = 20·.05 = 1, the second smallest: VaR .09; CVaR is minus the mean of
// −.10 and −.09: .095.
func TestVaRCVaR(t *testing.T) {
	var rs []float64
	for i := 20; i >= 0; i-- { // unsorted on purpose
		rs = append(rs, float64(i-10)/100)
	}
	tail := newLowTail(int64(len(rs)), int64(len(rs)))
	for _, r := range rs {
		tail.add(r)
	}
	v, cv := tail.varCVaR()
	near(t, "VaR", v, 0.09)
	near(t, "CVaR", cv, 0.095)
}

// TestStateReturn: with a zero-volatility asset whose expected return
// depends on the regime, every step in state s grows by exactly
// ((1+m_s)(1−fee))^(1/k), so the annualized return earned in each state is
// (1+m_s)(1−fee) − 1, whatever the path of regimes.
func TestStateReturn(t *testing.T) {
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 5, paths: 200, seed: 4}
assets: [{id: a, expected_return: 0.06, volatility: 0}]
regimes:
  chains:
    - name: growth
      states:
        - {name: expansion, mean_years: 3, next: {recession: 1}}
        - {name: recession, mean_years: 1, next: {expansion: 1}, effects: {a: {return: -0.12}}}
defaults: {fee: 0.01}
cashflows: {initial: 100}
portfolios: [{name: P, rebalance: {every: never}, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}]
`)
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for j, st := range sc.Regimes.States {
		near(t, "return in "+st.Name, res.Portfolios[0].StateReturn[j], (1+st.Assets[0].M)*0.99-1)
	}
}
