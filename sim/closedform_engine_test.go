package sim

import (
	"context"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/divsim/divsim/model"
)

// regimeScenario has two chains (rates with three states, growth with two),
// a stress matrix in recession, long_run anchoring, an expense ratio and a
// fee, and no flows or trading costs, so the mean terminal wealth has a
// closed form. Monthly steps over 3 years.
const regimeScenario = `
format: 1
simulation: {horizon_years: 3, paths: 40000, seed: 11}
assets:
  - {id: stocks, expected_return: 0.08, volatility: 0.18, expense_ratio: 0.002}
  - {id: small, expected_return: 0.09, volatility: 0.24}
  - {id: bonds, expected_return: 0.04, volatility: 0.06}
correlations:
  base: [[1, 0.8, 0.1], [0.8, 1, 0.05], [0.1, 0.05, 1]]
  stress: [[1, 0.9, -0.3], [0.9, 1, -0.3], [-0.3, -0.3, 1]]
regimes:
  anchor: long_run
  chains:
    - name: rates
      START
      states:
        - {name: cutting, mean_years: 1.5, next: {steady: 1}, effects: {small: {return: 0.03}, bonds: {return: 0.02}}}
        - {name: steady, mean_years: 3, next: {cutting: 0.5, hiking: 0.5}}
        - {name: hiking, mean_years: 1.5, next: {steady: 1}, effects: {small: {return: -0.04, vol_scale: 1.2}, bonds: {return: -0.03, vol_scale: 1.3}}}
    - name: growth
      states:
        - {name: expansion, mean_years: 4, next: {recession: 1}}
        - {name: recession, mean_years: 1, next: {expansion: 1}, correlations: stress,
           effects: {stocks: {return: -0.20, vol_scale: 1.6}, small: {return: -0.28, vol_scale: 1.8}}}
defaults: {fee: 0.01}
cashflows: {initial: 1000}
portfolios:
  - name: Monthly rebalanced
    rebalance: {every: month}
    sleeves:
      - {name: Equity, weight: 0.5, holdings: {stocks: 0.8, small: 0.2}}
      - {name: Bonds, weight: 0.5, holdings: {bonds: 1}}
  - name: Buy and hold
    rebalance: {every: never}
    sleeves:
      - {name: Equity, weight: 0.5, holdings: {stocks: 0.8, small: 0.2}}
      - {name: Bonds, weight: 0.5, holdings: {bonds: 1}}
`

// jointTransition is the Kronecker product of the chains' per-step
// matrices in joint order (the last chain varies fastest).
func jointTransition(sc *model.Scenario) *mat.Dense {
	p := mat.NewDense(1, 1, []float64{1})
	for _, ch := range sc.Regimes.Chains {
		var k mat.Dense
		k.Kronecker(p, ch.Transition)
		p = &k
	}
	return p
}

// startDistribution is the joint distribution of the first step's state.
func startDistribution(sc *model.Scenario) []float64 {
	pi := make([]float64, len(sc.Regimes.States))
	for j, st := range sc.Regimes.States {
		pi[j] = 1
		for c, s := range st.Chain {
			ch := sc.Regimes.Chains[c]
			switch {
			case ch.Start < 0:
				pi[j] *= ch.Stationary[s]
			case ch.Start != s:
				pi[j] = 0
			}
		}
	}
	return pi
}

// expectedProduct is π0ᵀ D (P D)^(n−1) 1 for the diagonal d.
func expectedProduct(pi0 []float64, p *mat.Dense, d []float64, n int) float64 {
	v := make([]float64, len(pi0)) // row vector π0ᵀ D, then times (P D) n−1 times
	for j := range v {
		v[j] = pi0[j] * d[j]
	}
	for range n - 1 {
		next := make([]float64, len(v))
		for to := range next {
			s := 0.0
			for from := range v {
				s += v[from] * p.At(from, to)
			}
			next[to] = s * d[to]
		}
		v = next
	}
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	return sum
}

// TestMeanTerminalWealthClosedForm checks the engine's mean terminal wealth
// against the regime-switching closed forms of the engine issue, within 4
// standard errors (the engine's own mean_se): rebalanced every step it is
// W0·π0ᵀ D (P D)^(n−1) 1 with D the portfolio's expected gross step return
// per joint state; never rebalanced it is W0·Σᵢ wᵢ π0ᵀ Dᵢ (P Dᵢ)^(n−1) 1.
// Both with the chains starting stationary and from fixed states.
func TestMeanTerminalWealthClosedForm(t *testing.T) {
	for _, start := range []string{"start: stationary", "start: hiking"} {
		t.Run(start, func(t *testing.T) {
			sc := scenario(t, replace(regimeScenario, "START", start))
			res, err := Run(context.Background(), sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			k := sc.Simulation.StepsPerYear
			n := sc.Simulation.Steps()
			p := jointTransition(sc)
			pi0 := startDistribution(sc)
			w := sc.Portfolios[0].Targets
			fee := math.Pow(1-sc.Portfolios[0].Fee, 1/float64(k))
			// Expected gross step return of asset a in state s: E[exp(Mu + Sigma·z)]
			// = exp(Mu + Sigma²/2), times its expense factor and the fee.
			gross := func(s, a int) float64 {
				ap := sc.Regimes.States[s].Assets[a]
				return math.Exp(ap.Mu+ap.Sigma*ap.Sigma/2) * math.Pow(1-sc.Assets[a].ExpenseRatio, 1/float64(k)) * fee
			}
			d := make([]float64, len(pi0))
			for s := range d {
				for a, wa := range w {
					d[s] += wa * gross(s, a)
				}
			}
			want := sc.Initial * expectedProduct(pi0, p, d, n)
			got := res.Portfolios[0].TerminalWealth
			within4SE(t, "rebalanced monthly: mean terminal wealth", got.Mean, want, got.MeanSE)

			want = 0
			for a, wa := range w {
				da := make([]float64, len(pi0))
				for s := range da {
					da[s] = gross(s, a)
				}
				want += wa * expectedProduct(pi0, p, da, n)
			}
			want *= sc.Initial
			got = res.Portfolios[1].TerminalWealth
			within4SE(t, "never rebalanced: mean terminal wealth", got.Mean, want, got.MeanSE)
		})
	}
}

// TestRegimeShares checks that the simulated share of time in each joint
// state matches the stationary distribution within 4 standard errors. Steps
// of one path are autocorrelated, so the SE comes from the spread of the
// per-path shares across independent paths.
func TestRegimeShares(t *testing.T) {
	sc := scenario(t, replace(regimeScenario, "START", "start: stationary"))
	const paths = 20000
	states := len(sc.Regimes.States)
	shares := make([][]float64, states)
	prev := make([]int64, states)
	steps := float64(sc.Simulation.Steps())
	simulatePaths(sc, paths, func(i int, w *worker) {
		for j, v := range w.visits {
			shares[j] = append(shares[j], float64(v-prev[j])/steps)
			prev[j] = v
		}
	})
	for j, st := range sc.Regimes.States {
		m, se := meanAndSE(shares[j])
		within4SE(t, "share of "+st.Name, m, st.Stationary, se)
	}
	// And the engine's reported shares are the same counts.
	sc.Simulation.Paths = paths
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for j := range states {
		m, _ := meanAndSE(shares[j])
		if math.Abs(res.StateShare[j]-m) > 1e-9 {
			t.Errorf("reported share %v, counted %v", res.StateShare[j], m)
		}
	}
}

// TestSingleAssetLognormal checks, for one asset without regimes, the
// median annualized return exp(ml) − 1 (the log growth over T years is
// normal with mean T·ml), the mean terminal wealth W0·(1+m)^T, and that the
// mean over paths of each path's sample variance of step returns equals the
// exact step variance (exp(sl²/k) − 1)(1+m)^(2/k), each within 4 SE.
func TestSingleAssetLognormal(t *testing.T) {
	const m, s, years, k, paths = 0.07, 0.18, 10, 12, 20000
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 10, paths: 20000, seed: 3}
assets: [{id: stocks, expected_return: 0.07, volatility: 0.18}]
cashflows: {initial: 1000}
portfolios: [{name: All stocks, sleeves: [{name: Equity, weight: 1, holdings: {stocks: 1}}]}]
`)
	ml, sl := model.LogParams(m, s)
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Portfolios[0]
	within4SE(t, "mean terminal wealth", r.TerminalWealth.Mean, 1000*math.Pow(1+m, years), r.TerminalWealth.MeanSE)

	// Median of n normal draws has SE √(π/2)·σ/√n; σ of the annual log
	// growth is sl/√T; map through exp(·) − 1 by its slope exp(ml).
	seMedian := math.Sqrt(math.Pi/2) * sl / math.Sqrt(years) / math.Sqrt(paths) * math.Exp(ml)
	within4SE(t, "median annualized return", r.AnnualizedReturn.P50, math.Exp(ml)-1, seMedian)

	stores := simulatePaths(sc, paths, nil)
	variances := make([]float64, paths)
	for i, v := range stores[0].Volatility {
		variances[i] = v * v / k // volatility is sd × √k
	}
	got, se := meanAndSE(variances)
	want := math.Expm1(sl*sl/k) * math.Pow(1+m, 2.0/k)
	within4SE(t, "mean per-path variance of step returns", got, want, se)
}

// TestStudentT checks, with ν = 10, that the clamped shocks have the input
// covariance, that each asset's mean gross step return is (1+m)^(1/k), and
// that log returns have the t's excess kurtosis 6/(ν−4) = 1 within 4 SE
// (from batches) while the lognormal model's is 0 within 4 SE (√(24/n)).
func TestStudentT(t *testing.T) {
	const text = `
format: 1
simulation: {horizon_years: 1, paths: 10, seed: 5, MODEL}
assets:
  - {id: a, expected_return: 0.08, volatility: 0.20}
  - {id: b, expected_return: 0.05, volatility: 0.10}
  - {id: c, expected_return: 0.10, volatility: 0.30}
correlations:
  base: [[1, 0.6, -0.2], [0.6, 1, 0.3], [-0.2, 0.3, 1]]
cashflows: {initial: 1}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {a: 0.4, b: 0.3, c: 0.3}}]}]
`
	const n = 200000
	for _, tc := range []struct {
		name, model string
		student     bool
	}{
		{"student_t", "return_model: student_t, degrees_of_freedom: 10", true},
		{"lognormal", "return_model: lognormal", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := scenario(t, replace(text, "MODEL", tc.model))
			w := newWorker(newPlan(sc))
			w.rng.seed(99, 0)
			na := len(sc.Assets)
			xs := make([][]float64, na)
			for range n {
				w.shocks(0)
				for a := range na {
					xs[a] = append(xs[a], w.x[a])
				}
			}
			corr := sc.Correlations[0].Matrix
			st := sc.Regimes.States[0]
			k := float64(sc.Simulation.StepsPerYear)
			for a := range na {
				for b := a; b < na; b++ {
					prod := make([]float64, n)
					for i := range prod {
						prod[i] = xs[a][i] * xs[b][i]
					}
					m, se := meanAndSE(prod)
					within4SE(t, "shock covariance", m, corr.At(a, b), se)
				}
				gross := make([]float64, n)
				logs := make([]float64, n)
				for i, x := range xs[a] {
					logs[i] = st.Assets[a].Mu + st.Assets[a].Sigma*x
					gross[i] = math.Exp(logs[i])
				}
				m, se := meanAndSE(gross)
				within4SE(t, "mean gross step return", m, math.Pow(1+sc.Assets[a].ExpectedReturn, 1/k), se)
				kurt := excessKurtosis(logs)
				if tc.student {
					// 6/(ν−4) = 1 for ν = 10 (the clamp at 8 takes off
					// far less than the error); the estimator's standard
					// error, which a t's heavy tails make far larger than
					// √(24/n), from 40 batches' spread.
					const batches = 40
					ks := make([]float64, batches)
					for j := range ks {
						ks[j] = excessKurtosis(logs[j*n/batches : (j+1)*n/batches])
					}
					_, batchSE := meanAndSE(ks) // sd/√batches: the whole sample's SE
					within4SE(t, "excess kurtosis of t(10) log returns", kurt, 6.0/(10-4), batchSE)
				}
				if !tc.student && math.Abs(kurt) > 4*math.Sqrt(24.0/n) {
					t.Errorf("asset %d: excess kurtosis %.4f, want 0 ± %.4f", a, kurt, 4*math.Sqrt(24.0/n))
				}
			}
		})
	}
}

func excessKurtosis(xs []float64) float64 {
	m, _ := meanAndSE(xs)
	var m2, m4 float64
	for _, x := range xs {
		d := (x - m) * (x - m)
		m2 += d
		m4 += d * d
	}
	n := float64(len(xs))
	m2 /= n
	m4 /= n
	return m4/(m2*m2) - 3
}

func replace(s, old, new string) string { return strings.ReplaceAll(s, old, new) }
