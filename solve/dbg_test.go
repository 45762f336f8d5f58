package solve

import "testing"

func TestDebugBisect(t *testing.T) {
	sc := scenario(t, "retirement", "{rule: guardrails, initial_rate: 0.05}", 3000)
	res := solveFor(t, sc, 0.9, Bisection)
	t.Logf("runs %d converged %v", res.Runs, res.Converged)
	for _, p := range res.Portfolios {
		t.Logf("%s swr %+v pwr %+v", p.Name, *p.SWR, *p.PWR)
		for _, pt := range p.Curve {
			t.Logf("  %.5f %.4f %.4f", pt.Rate, pt.Success, pt.Perpetual)
		}
		break
	}
}
