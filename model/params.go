package model

import (
	"math"
)

// ShockClamp bounds each Student t shock component so that the step's
// expected gross return is finite.
const ShockClamp = 8

// LogParams converts an arithmetic annual mean m and volatility s of simple
// returns into the annual log mean ml and log volatility sl of a log-normal
// variable with exactly that mean and standard deviation:
// sl² = ln(1 + s²/(1+m)²), ml = ln(1+m) − sl²/2.
func LogParams(m, s float64) (ml, sl float64) {
	g := 1 + m
	v := Log1p(s * s / (g * g))
	return math.Log(g) - float64(v/2), math.Sqrt(v)
}

// NormalStep returns the per-step parameters for the normal shock model with
// k steps per year: log return = ml/k + (sl/√k)·z.
func NormalStep(m, s float64, k int) StepParams {
	ml, sl := LogParams(m, s)
	return StepParams{M: m, S: s, Mu: ml / float64(k), Sigma: sl / math.Sqrt(float64(k))}
}

// StudentStep returns the per-step parameters for the Student t shock model
// with nu degrees of freedom. The shock z = x·√((ν−2)/w), clamped to
// ±ShockClamp, has unit variance; the log mean is set so the expected gross
// step return is exactly (1+m)^(1/k): Mu = ln(1+m)/k − ln E[exp(Sigma·z)].
func StudentStep(m, s float64, k int, nu float64) StepParams {
	_, sl := LogParams(m, s)
	sigma := sl / math.Sqrt(float64(k))
	mu := Log1p(m)/float64(k) - math.Log(clampedStudentMGF(sigma, nu))
	return StepParams{M: m, S: s, Mu: mu, Sigma: sigma}
}

// clampedStudentMGF is E[exp(a·clamp(z, ±ShockClamp))] for z a Student t
// variable with nu > 2 degrees of freedom scaled to unit variance.
//
// With T ~ t_ν, z = s·T (s = √((ν−2)/ν)) and the clamp at c = ShockClamp/s
// on T, it is (B + M·(e^(−a·ShockClamp) + e^(a·ShockClamp))) / N, where g
// is the t density up to its constant, (1 + x²/ν)^(−(ν+1)/2), B = ∫ e^(a·s·x)
// g(x) dx over [−c, c], M = ∫ g over [c, ∞) (the clamped value is constant
// there) and N = ∫ g over ℝ = ∫ g over [−c, c] + 2M. Each integral is
// Gauss–Legendre quadrature in pieces (the tail after x = c/u, which makes
// it an integral over u in (0, 1] of a smooth function), computed here from
// math.Exp and math.Log alone, every product rounded before its sum: the
// constant's Γ functions and a library's quadrature would be Go code the
// compiler may fuse, and every Student t path's drift would change with
// the build.
func clampedStudentMGF(a, nu float64) float64 {
	if a == 0 {
		return 1
	}
	scale := math.Sqrt((nu - 2) / nu)
	c := ShockClamp / scale
	half := -float64(nu+1) / 2
	g := func(x float64) float64 { return math.Exp(float64(half * Log1p(float64(x*x)/nu))) }
	nodes, weights := gaussLegendre(32)
	// piecewise integrates f over [lo, hi] in pieces of equal width.
	piecewise := func(f func(float64) float64, lo, hi float64, pieces int) float64 {
		width := (hi - lo) / float64(pieces)
		sum := 0.0
		for p := range pieces {
			mid := lo + float64((float64(p)+0.5)*width)
			part := 0.0
			for i, x := range nodes {
				part += float64(weights[i] * f(mid+float64(x*width/2)))
			}
			sum += float64(part * width / 2)
		}
		return sum
	}
	body := piecewise(func(x float64) float64 { return float64(math.Exp(float64(a*scale*x)) * g(x)) }, -c, c, 16)
	mass := piecewise(g, -c, c, 16)
	tail := piecewise(func(u float64) float64 { return float64(g(c/u)*c) / float64(u*u) }, 0, 1, 8)
	clamped := math.Exp(-a*ShockClamp) + math.Exp(a*ShockClamp)
	return (body + float64(tail*clamped)) / (mass + 2*tail)
}

// gaussLegendre returns the n nodes on [−1, 1] and weights of Gauss–Legendre
// quadrature: the roots of the Legendre polynomial P_n, found by bisection
// between the sign changes of a fine grid (so every build finds the same
// ones), and w = 2 / ((1 − x²)·P_n′(x)²).
func gaussLegendre(n int) (nodes, weights []float64) {
	grid := 100 * n // finer than the roots' smallest gap, about 2.5/n²
	prev, _ := legendre(n, -1)
	lo := -1.0
	for i := 1; i <= grid && len(nodes) < n; i++ {
		hi := -1 + float64(2*float64(i)/float64(grid))
		p, _ := legendre(n, hi)
		if (p < 0) != (prev < 0) {
			a, b := lo, hi
			for {
				mid := (a + b) / 2
				if mid == a || mid == b {
					break
				}
				if m, _ := legendre(n, mid); (m < 0) == (prev < 0) {
					a = mid
				} else {
					b = mid
				}
			}
			x := (a + b) / 2
			_, d := legendre(n, x)
			nodes = append(nodes, x)
			weights = append(weights, 2/float64(float64(1-float64(x*x))*float64(d*d)))
		}
		prev, lo = p, hi
	}
	return nodes, weights
}

// legendre returns P_n(x) and P_n′(x) by the three-term recurrence
// (k+1)·P_{k+1} = (2k+1)·x·P_k − k·P_{k−1}.
func legendre(n int, x float64) (p, d float64) {
	p0, p1 := 1.0, x
	for k := 1; k < n; k++ {
		kf := float64(k)
		p0, p1 = p1, (float64(float64((2*kf+1)*x)*p1)-float64(kf*p0))/(kf+1)
	}
	return p1, float64(float64(n)*(float64(x*p1)-p0)) / float64(float64(x*x)-1)
}
