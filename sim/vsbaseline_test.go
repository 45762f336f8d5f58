package sim

import (
	"context"
	"math"
	"slices"
	"testing"
)

// aheadTiedBehind is one path, yearly steps, 1,000 withdrawing 300 at the
// start of each of five years from one of three riskless assets: c earns
// nothing and runs out in year 4 (1000 − 3·300 = 100 < 300); a earns 5 %,
// W = 735, 456.75, 164.59 after years 1–3, and runs out in year 4 too; h
// earns 40 %, W = 980, 952, 912.8, 857.92, 781.088, and never does. Both
// depleted portfolios end at exactly 0: a tie.
const aheadTiedBehind = `
format: 1
simulation: {horizon_years: 5, steps_per_year: 1, paths: 1}
assets:
  - {id: c, expected_return: 0, volatility: 0}
  - {id: a, expected_return: 0.05, volatility: 0}
  - {id: h, expected_return: 0.40, volatility: 0}
correlations: {base: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}
cashflows:
  initial: 1000
  flows: [{amount: -300, start_year: 1, end_year: 5}]
baseline: BASE
portfolios:
  - {name: C, sleeves: [{name: S, weight: 1, holdings: {c: 1}}]}
  - {name: A, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}
  - {name: H, sleeves: [{name: S, weight: 1, holdings: {h: 1}}]}
`

// TestVsBaselineAheadTiedBehind works the three shares by hand on the
// riskless path above: against C, A (also out of money) is tied and H
// ahead; against H, both C and A are behind.
func TestVsBaselineAheadTiedBehind(t *testing.T) {
	h := 1000.0
	for range 5 {
		h = (h - 300) * 1.4
	}
	for _, tc := range []struct {
		baseline, name               string
		ahead, tied, behind, diffP50 float64
	}{
		{"C", "A", 0, 1, 0, 0},
		{"C", "H", 1, 0, 0, h},
		{"H", "C", 0, 0, 1, -h},
		{"H", "A", 0, 0, 1, -h},
	} {
		t.Run(tc.name+" vs "+tc.baseline, func(t *testing.T) {
			res := run(t, replace(aheadTiedBehind, "BASE", tc.baseline))
			i := slices.IndexFunc(res.Portfolios, func(p Portfolio) bool { return p.Name == tc.name })
			v := res.Portfolios[i].VsBaseline
			near(t, "ahead", v.ProbOutperform, tc.ahead)
			near(t, "tied", v.ProbTie, tc.tied)
			near(t, "behind", v.ProbBehind, tc.behind)
			near(t, "terminal difference", v.TerminalDiffP50, tc.diffP50)
		})
	}
}

// TestVsBaselineTiesOnRandomPaths: two independent assets alike in every
// parameter, heavy withdrawals, and each portfolio all in one of them, so
// that both run out of money on many of the same paths. The engine's
// shares equal a count over the stored paths, ties (both at 0) are neither
// ahead nor behind, the three sum to 1, and by symmetry ahead and behind
// agree within 4 standard errors of their paired difference (each path
// scores +1 ahead, −1 behind, 0 tied).
func TestVsBaselineTiesOnRandomPaths(t *testing.T) {
	const paths = 4000
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 30, steps_per_year: 1, paths: 4000, seed: 18}
assets:
  - {id: x, expected_return: 0.05, volatility: 0.25}
  - {id: y, expected_return: 0.05, volatility: 0.25}
correlations: {base: [[1, 0], [0, 1]]}
cashflows:
  initial: 1000
  flows: [{amount: -60, start_year: 1}]
baseline: Y
portfolios:
  - {name: X, sleeves: [{name: S, weight: 1, holdings: {x: 1}}]}
  - {name: Y, sleeves: [{name: S, weight: 1, holdings: {y: 1}}]}
`)
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := res.Portfolios[0].VsBaseline
	stores := simulatePaths(sc, paths, nil)
	x, y := stores[0], stores[1]
	var ahead, tied, behind int
	score := make([]float64, paths)
	for i := range paths {
		switch {
		case x.Terminal[i] > y.Terminal[i]:
			ahead++
			score[i] = 1
		case x.Terminal[i] < y.Terminal[i]:
			behind++
			score[i] = -1
		default:
			tied++
			if x.Terminal[i] != 0 || !x.Depleted[i] || !y.Depleted[i] {
				t.Errorf("path %d: tied at %v without both running out of money", i, x.Terminal[i])
			}
		}
	}
	t.Logf("ahead %d, tied %d, behind %d of %d paths", ahead, tied, behind, paths)
	if tied < paths/20 {
		t.Fatalf("only %d ties: the scenario no longer makes both portfolios run out of money often", tied)
	}
	near(t, "ahead", v.ProbOutperform, float64(ahead)/paths)
	near(t, "tied", v.ProbTie, float64(tied)/paths)
	near(t, "behind", v.ProbBehind, float64(behind)/paths)
	if sum := v.ProbOutperform + v.ProbTie + v.ProbBehind; math.Abs(sum-1) > 1e-12 {
		t.Errorf("ahead + tied + behind = %v, want 1", sum)
	}
	m, se := meanAndSE(score)
	within4SE(t, "ahead − behind", m, 0, se)
}
