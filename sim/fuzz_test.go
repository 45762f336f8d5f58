package sim

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/divsim/divsim/configs"
)

// FuzzEngine runs small valid scenarios built from fuzzed numbers (returns,
// volatilities, a correlation, weights, bands, costs, flows, regime effects)
// and checks invariants: no panic, no NaN or Inf in any reported figure
// (except the documented NaN of a regime state no path visited), ordered
// percentiles, shares in [0, 1], risk contributions summing to 1.
func FuzzEngine(f *testing.F) {
	f.Add(0.07, 0.16, 0.04, 0.05, 0.2, 0.6, 0.05, 10.0, -500.0, -0.1, 1.5, uint8(0))
	f.Add(0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, -2000.0, 0.0, 1.0, uint8(1))
	f.Add(0.5, 1.9, -0.5, 0.01, -1.0, 0.0, 0.9, 1000.0, 1e6, 0.9, 9.0, uint8(2))
	f.Fuzz(func(t *testing.T, m1, s1, m2, s2, rho, w, band, bps, flow, effect, scale float64, mode uint8) {
		for _, x := range []float64{m1, s1, m2, s2, rho, w, band, bps, flow, effect, scale} {
			if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e9 {
				return
			}
		}
		models := []string{"lognormal", "student_t, degrees_of_freedom: 5"}
		to := []string{"target", "band_edge"}
		text := fmt.Sprintf(`
format: 1
simulation: {horizon_years: 2, steps_per_year: 4, paths: 24, seed: 3, return_model: %s}
assets:
  - {id: a, expected_return: %g, volatility: %g, risk_free: true}
  - {id: b, expected_return: %g, volatility: %g}
correlations: {base: [[1, %g], [%g, 1]]}
inflation: {expected: 0.02, volatility: 0.01}
regimes:
  chains:
    - name: g
      states:
        - {name: up, mean_years: 1, next: {down: 1}}
        - {name: down, mean_years: 0.5, next: {up: 1}, effects: {b: {return: %g, vol_scale: %g}}}
defaults:
  rebalance: {every: quarter, band: %g, to: %s, cost_bps: %g}
cashflows:
  initial: 1000
  flows: [{amount: %g, every: year, indexed: true}]
goal: {target_wealth: 1100, real: true}
portfolios:
  - {name: P, sleeves: [{name: A, weight: %g, holdings: {a: 1}}, {name: B, weight: %g, holdings: {b: 1}}]}
  - {name: Q, sleeves: [{name: All, weight: 1, holdings: {a: 0.5, b: 0.5}}]}
`, models[int(mode)%2], m1, s1, m2, s2, rho, rho, effect, scale, band, to[int(mode/2)%2], bps, flow, w, 1-w)
		doc, err := configs.Decode("fuzz.yaml", []byte(text))
		if err != nil {
			return
		}
		sc, err := configs.Resolve(doc, configs.Options{})
		if err != nil {
			return // invalid combinations are validation's business
		}
		res, err := Run(context.Background(), sc, Options{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Portfolios {
			finitePortfolio(t, p)
			for _, d := range []Dist{p.TerminalWealth, p.AnnualizedReturn} {
				if !slices.IsSorted([]float64{d.P5, d.P10, d.P25, d.P50, d.P75, d.P90, d.P95}) {
					t.Fatalf("%s: percentiles out of order %+v", p.Name, d)
				}
			}
			for _, s := range []float64{p.ProbLoss, p.SuccessRate, *p.ProbGoal, p.MaxDrawdownP95} {
				if s < 0 || s > 1 {
					t.Fatalf("%s: share %v outside [0, 1]", p.Name, s)
				}
			}
			sum := 0.0
			for _, c := range p.RiskContributions {
				sum += c
			}
			if math.Abs(sum-1) > 1e-6 {
				t.Fatalf("%s: risk contributions sum to %v", p.Name, sum)
			}
		}
	})
}

// FuzzBootstrap runs bootstrap scenarios with fuzzed block lengths, block
// types, windows, steps per year and state labels on the shipped history,
// and checks the same invariants as FuzzEngine; shards of the run must
// summarize to the same results.
func FuzzBootstrap(f *testing.F) {
	f.Add(uint16(12), false, uint16(0), uint16(832), uint8(0), uint8(0))
	f.Add(uint16(1), true, uint16(100), uint16(30), uint8(1), uint8(1))
	f.Add(uint16(600), false, uint16(400), uint16(700), uint8(2), uint8(2))
	f.Fuzz(func(t *testing.T, block uint16, stationary bool, from, months uint16, steps, labels uint8) {
		k := []int{12, 4, 1}[int(steps)%3]
		kind := map[bool]string{false: "fixed", true: "stationary"}[stationary]
		first := 1954*12 + 6 + int(from)%833
		last := first + int(months)
		month := func(m int) string { return fmt.Sprintf("%04d-%02d", m/12, m%12+1) }
		chains := []string{"", `
regimes:
  chains:
    - name: growth
      states:
        - {name: up, mean_years: 4, next: {down: 1}, label: expansion}
        - {name: down, mean_years: 1, next: {up: 1}, label: recession}`, `
regimes:
  chains:
    - name: rates
      states:
        - {name: cut, mean_years: 1, next: {hold: 1}, label: cutting}
        - {name: hold, mean_years: 1, next: {cut: 0.5, hike: 0.5}}
        - {name: hike, mean_years: 1, next: {hold: 1}, label: hiking}`}[int(labels)%3]
		text := fmt.Sprintf(`
format: 1
simulation: {horizon_years: 3, steps_per_year: %d, paths: 130, seed: 5, return_model: bootstrap,
             block_months: %d, block_type: %s, history_window: {from: "%s", to: "%s"}}
assets:
  - {id: big, history: us_large}
  - {id: small, history: us_small}
  - {id: bills, history: tbill, risk_free: true}
inflation: {expected: 0.03, volatility: 0.01}%s
cashflows: {initial: 1000, flows: [{amount: -60, every: year}]}
goal: {target_wealth: 900}
portfolios:
  - {name: P, sleeves: [{name: E, weight: 0.6, holdings: {big: 0.8, small: 0.2}}, {name: C, weight: 0.4, holdings: {bills: 1}}]}
`, k, block, kind, month(first), month(last), chains)
		doc, err := configs.Decode("fuzz.yaml", []byte(text))
		if err != nil {
			t.Fatalf("decode: %v\n%s", err, text)
		}
		sc, err := configs.Resolve(doc, configs.Options{})
		if err != nil {
			if block == 12 && from == 0 && months == 832 { // the first seed must run
				t.Fatal(err)
			}
			return // invalid combinations are validation's business
		}
		res, err := Run(context.Background(), sc, Options{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Portfolios {
			finitePortfolio(t, p)
			if !slices.IsSorted([]float64{p.TerminalWealth.P5, p.TerminalWealth.P50, p.TerminalWealth.P95}) {
				t.Fatalf("percentiles out of order %+v", p.TerminalWealth)
			}
		}
		var parts []*Partial
		for i := range 3 {
			lo, hi := ShardRange(sc.Simulation.Paths, i, 3)
			part, err := RunRange(context.Background(), sc, lo, hi, Options{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, part)
		}
		merged, err := Summarize(sc, parts...)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(merged.Portfolios[0].TerminalWealth, res.Portfolios[0].TerminalWealth) {
			t.Fatalf("shards give %+v, one run %+v", merged.Portfolios[0].TerminalWealth, res.Portfolios[0].TerminalWealth)
		}
	})
}
