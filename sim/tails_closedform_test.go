package sim

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestLossAndTailClosedForms checks prob_loss, var_95 and cvar_95 through
// the whole engine against their closed forms for one log-normal asset
// without fees, flows or expenses: a calendar-year return is exactly
// exp(X) − 1 with X ~ N(μ, σ²), σ² = ln(1 + s²/(1+m)²), μ = ln(1+m) − σ²/2
// (SCENARIO.md, Returns), years and paths independent; and a path's growth
// over T years is exp(N(Tμ, Tσ²)), so prob_loss = Φ(−√T·μ/σ).
//
// Tolerances are 4 standard errors: √(p(1−p)/n) for the share; for the
// 5th percentile of N pooled years √(p(1−p)/N)/f(q), with f the density of
// the year's return at q; for the mean below it (CVaR) the expected
// shortfall's asymptotic variance (Var(R | R ≤ q) + (1−p)(q − E[R | R ≤ q])²)/(Np).
func TestLossAndTailClosedForms(t *testing.T) {
	const m, s, years, paths = 0.07, 0.16, 10, 20000
	res := run(t, `
format: 1
simulation: {horizon_years: 10, steps_per_year: 12, paths: 20000, seed: 11}
assets: [{id: a, expected_return: 0.07, volatility: 0.16}]
cashflows: {initial: 1000}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}]
`)
	p := res.Portfolios[0]
	sigma := math.Sqrt(math.Log(1 + s*s/((1+m)*(1+m))))
	mu := math.Log(1+m) - sigma*sigma/2
	normal := distuv.UnitNormal

	loss := normal.CDF(-math.Sqrt(years) * mu / sigma)
	if se := math.Sqrt(loss * (1 - loss) / paths); math.Abs(p.ProbLoss-loss) > 4*se {
		t.Errorf("prob_loss %v, closed form %v (4 SE = %v)", p.ProbLoss, loss, 4*se)
	}

	const tail, n = 0.05, years * paths
	a := mu + sigma*normal.Quantile(tail) // the log of 1 + the 5th percentile
	q := math.Exp(a) - 1
	density := distuv.Normal{Mu: mu, Sigma: sigma}.Prob(a) / math.Exp(a) // of R = exp(X) − 1 at q
	if se := math.Sqrt(tail*(1-tail)/n) / density; math.Abs(p.VaR95-(-q)) > 4*se {
		t.Errorf("var_95 %v, closed form %v (4 SE = %v)", p.VaR95, -q, 4*se)
	}
	// E[e^X | X ≤ a] = e^{μ+σ²/2}·Φ((a−μ−σ²)/σ)/Φ((a−μ)/σ), and its second moment likewise.
	below := func(j float64) float64 { // E[e^{jX} | X ≤ a]
		return math.Exp(j*mu+j*j*sigma*sigma/2) * normal.CDF((a-mu-j*sigma*sigma)/sigma) / tail
	}
	es := below(1) - 1
	varBelow := below(2) - below(1)*below(1)
	t.Logf("prob_loss %.4f vs %.4f; var %.4f vs %.4f; cvar %.4f vs %.4f", p.ProbLoss, loss, p.VaR95, -q, p.CVaR95, -es)
	if se := math.Sqrt((varBelow + (1-tail)*(q-es)*(q-es)) / (n * tail)); math.Abs(p.CVaR95-(-es)) > 4*se {
		t.Errorf("cvar_95 %v, closed form %v (4 SE = %v)", p.CVaR95, -es, 4*se)
	}
}
