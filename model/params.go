package model

import (
	"math"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"
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
	v := math.Log1p(s * s / (g * g))
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
	mu := math.Log1p(m)/float64(k) - math.Log(ClampedStudentMGF(sigma, nu))
	return StepParams{M: m, S: s, Mu: mu, Sigma: sigma}
}

// ClampedStudentMGF is E[exp(a·clamp(z, ±ShockClamp))] for z a Student t
// variable with nu > 2 degrees of freedom scaled to unit variance.
func ClampedStudentMGF(a, nu float64) float64 {
	if a == 0 {
		return 1
	}
	scale := math.Sqrt((nu - 2) / nu) // z = scale·T, T ~ t_ν
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}
	c := ShockClamp / scale // clamp threshold on T
	// Body: Gauss–Legendre on [-c, c] in pieces, smooth integrand. Tails:
	// the clamped value is constant there.
	const pieces, nodes = 16, 32
	width := float64(2 * c / pieces) // rounded: lo+width below may not fuse
	body := 0.0
	for p := range pieces {
		lo := -c + float64(float64(p)*width)
		body += quad.Fixed(func(x float64) float64 {
			return math.Exp(a*scale*x) * t.Prob(x)
		}, lo, lo+width, nodes, quad.Legendre{}, 0)
	}
	tail := t.CDF(-c) // symmetric: P(T < -c) = P(T > c)
	return body + float64(tail*(math.Exp(-a*ShockClamp)+math.Exp(a*ShockClamp)))
}
