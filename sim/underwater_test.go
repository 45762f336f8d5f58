package sim

import (
	"fmt"
	"math"
	"testing"
)

// measureUnderwater runs the underwater pass over s as the engine does,
// after measure, whose index Π(1+r) (s.growth) the pass reads; s needs
// only its returns.
func measureUnderwater(s *series, k, years int, out []float64) {
	if s.rf == nil {
		s.rf = make([]float64, len(s.ret))
	}
	measure(s, k, years, 1, make([]float64, years))
	underwaterMetric{}.measure(s, k, years, out)
}

// TestUnderwaterHandComputed works the metric through short paths by hand
// (k = 1, so a run of steps is a run of years).
func TestUnderwaterHandComputed(t *testing.T) {
	for _, tc := range []struct {
		name     string
		ret      []float64
		depleted int
		k        int
		longest  float64
		under    float64
	}{
		// Index 1.1, 0.88, 0.924, 1.2012, 1.189188 against peaks 1.1, 1.1,
		// 1.1, 1.2012, 1.2012: underwater in years 2–3 and 5 (still open).
		{"two runs, the last open", []float64{0.10, -0.20, 0.05, 0.30, -0.01}, 0, 1, 2, 1},
		// 0.9, 0.99, 1.0395: back above the start in year 3, recovered.
		{"recovers", []float64{-0.10, 0.10, 0.05}, 0, 1, 2, 0},
		{"never below", []float64{0.01, 0, 0.02}, 0, 1, 0, 0},
		// Ending exactly at the peak is recovered: 1.25·0.8 = 1.
		{"ends at the peak", []float64{-0.20, 0.25}, 0, 1, 1, 0},
		// Depleted at step 3 after a gain: the index froze at its peak, yet
		// an empty portfolio has not recovered; steps 3–4 are underwater.
		{"depleted at a peak", []float64{0.05, 0.05, 0, 0}, 3, 1, 2, 1},
		// Emptied as planned (a vpw rule) at step 3: the index froze at its
		// peak and is not underwater; frozen below it, it stays underwater.
		{"emptied as planned at a peak", []float64{0.05, 0.05, 0, 0}, -3, 1, 0, 0},
		{"emptied as planned below a peak", []float64{0.05, -0.05, 0, 0}, -3, 1, 3, 1},
		// Quarterly: five underwater steps are 1.25 years.
		{"quarterly", []float64{-0.1, 0.01, 0.01, 0.01, 0.01, 0.2, 0, 0}, 0, 4, 1.25, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(tc.ret)
			s := newSeries(n, n/tc.k)
			copy(s.ret[1:], tc.ret)
			// A negative depleted is a portfolio emptied as planned at
			// that step.
			s.depleted, s.planned = max(tc.depleted, -tc.depleted), tc.depleted < 0
			var out [2]float64
			measureUnderwater(&s, tc.k, n/tc.k, out[:])
			if out[0] != tc.longest || out[1] != tc.under {
				t.Errorf("longest %v years, underwater at the end %v; want %v and %v", out[0], out[1], tc.longest, tc.under)
			}
		})
	}
}

// TestUnderwaterEndSparreAndersen: with one asset whose log return is a
// symmetric random walk (no drift, no fee, no flows), the index ends at
// its running peak exactly when every partial sum of the reversed walk is
// positive, which by Sparre Andersen's theorem has probability
// C(2n, n)/4ⁿ for n steps whatever the (continuous, symmetric) step law.
// So prob_underwater_end = 1 − C(2n, n)/4ⁿ; for n = 12, 1 − 0.161180.
// Tolerance: 4 standard errors of the share over the paths.
func TestUnderwaterEndSparreAndersen(t *testing.T) {
	const n, paths = 12, 20000
	// Log return ml + sl·z with ml = ln(1+m) − sl²/2 = 0 needs
	// 1+m = exp(sl²/2) with sl² = ln(1 + s²/(1+m)²): a fixed point, which
	// iteration reaches to the last bit (a drift left over would break the
	// symmetry by about 1e-16 of a step: far below the test's resolution).
	s, m := 0.2, 0.0
	for range 50 {
		m = math.Exp(math.Log(1+s*s/((1+m)*(1+m)))/2) - 1
	}
	res := run(t, fmt.Sprintf(`
format: 1
simulation: {horizon_years: %d, steps_per_year: 1, paths: %d, seed: 3}
assets: [{id: a, expected_return: %.17g, volatility: %g}]
cashflows: {initial: 1000}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}]
`, n, paths, m, s))
	c := 1.0 // C(2n, n)/4ⁿ
	for i := 1; i <= n; i++ {
		c *= float64(n+i) / float64(i) / 4
	}
	want := 1 - c
	u := res.Portfolios[0].Underwater
	se := math.Sqrt(want * (1 - want) / paths)
	if math.Abs(u.ProbEnd-want) > 4*se {
		t.Errorf("prob_underwater_end = %.5f, want %.5f ± %.5f (4 SE)", u.ProbEnd, want, 4*se)
	}
	if math.Abs(u.ProbEndSE-math.Sqrt(u.ProbEnd*(1-u.ProbEnd)/paths)) > 1e-15 {
		t.Errorf("prob_underwater_end_se = %v", u.ProbEndSE)
	}
	if !(u.LongestYearsP50 >= 1 && u.LongestYearsP50 <= u.LongestYearsP95 && u.LongestYearsP95 <= n) {
		t.Errorf("longest run p50 %v, p95 %v years: out of order or range", u.LongestYearsP50, u.LongestYearsP95)
	}
}
