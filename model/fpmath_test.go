package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLog1pExpm1 holds the fusion-proof Log1p and Expm1 to the standard
// library's within 2 ulp (Goldberg's and Kahan's methods are accurate to a
// few ulp) over the arguments divsim gives them: variance ratios and
// returns from −0.99 to 3, tiny ones, and the special cases.
func TestLog1pExpm1(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	args := []float64{0, 1e-300, -1e-300, 1e-17, 1e-9, -0.5, 0.9, 3}
	for range 200000 {
		args = append(args, r.Float64()*3.99-0.99, math.Ldexp(r.Float64(), -r.IntN(60)))
	}
	for _, x := range args {
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"Log1p", Log1p(x), math.Log1p(x)},
			{"Expm1", Expm1(x), math.Expm1(x)},
		} {
			if d := math.Abs(c.got - c.want); d > 2*ulp(c.want) {
				t.Fatalf("%s(%v) = %v, math gives %v (%.1f ulp apart)", c.name, x, c.got, c.want, d/ulp(c.want))
			}
		}
	}
	if Log1p(-1) != math.Inf(-1) || Expm1(-800) != -1 || !math.IsInf(Expm1(800), 1) || !math.IsInf(Log1p(math.Inf(1)), 1) {
		t.Errorf("special cases: Log1p(−1) = %v, Expm1(−800) = %v, Expm1(800) = %v", Log1p(-1), Expm1(-800), Expm1(800))
	}
}

func ulp(x float64) float64 {
	x = math.Abs(x)
	return math.Nextafter(x, math.Inf(1)) - x
}
