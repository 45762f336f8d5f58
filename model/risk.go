package model

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/divsim/divsim/portfolio"
)

// LongRunCovariance is Σ, the covariance of one year's simple asset returns
// under the stationary regime mixture with each joint state held for the
// year (law of total covariance):
//
//	Σ = Σ_s π_s (C_s + μ_s μ_sᵀ) − μ̄ μ̄ᵀ,  μ̄ = Σ_s π_s μ_s,
//	C_s[i][j] = (1+m_i)(1+m_j)(exp(ρ_ij sl_i sl_j) − 1),
//
// with μ_s the state's adjusted arithmetic means m, sl the matching annual
// log volatilities and ρ the state's correlation matrix. The normal formula
// is used for Student t shocks too (their covariance is the same).
func LongRunCovariance(states []JointState, corr []Correlation) *mat.SymDense {
	n := len(states[0].Assets)
	second := mat.NewSymDense(n, nil) // Σ_s π_s (C_s + μ_s μ_sᵀ)
	mean := make([]float64, n)
	sl := make([]float64, n)
	for _, st := range states {
		rho := corr[st.Correlation].Matrix
		for i, a := range st.Assets {
			_, sl[i] = LogParams(a.M, a.S)
			mean[i] += float64(st.Stationary * a.M)
		}
		for i := range n {
			for j := i; j < n; j++ {
				mi, mj := st.Assets[i].M, st.Assets[j].M
				c := float64((1 + mi) * (1 + mj) * Expm1(rho.At(i, j)*sl[i]*sl[j])) // rounded: c+… below may not fuse
				second.SetSym(i, j, second.At(i, j)+float64(st.Stationary*(c+float64(mi*mj))))
			}
		}
	}
	sigma := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			sigma.SetSym(i, j, second.At(i, j)-float64(mean[i]*mean[j]))
		}
	}
	return sigma
}

// quadForm returns aᵀ Σ b: Σᵢ aᵢ·(Σⱼ Σᵢⱼ·bⱼ), in that order and without
// fused multiply-adds. (mat.Inner's products fuse where gonum is compiled
// for arm64 or GOAMD64=v3, which changed risk contributions in the last
// places.)
func quadForm(a []float64, sigma *mat.SymDense, b []float64) float64 {
	sum := 0.0
	for i, ai := range a {
		row := 0.0
		for j, bj := range b {
			row += float64(sigma.At(i, j) * bj)
		}
		sum += float64(ai * row)
	}
	return sum
}

// DiversificationRatio is Σ wᵢ√Σᵢᵢ / √(wᵀΣw): the weighted average of the
// assets' volatilities over the portfolio's volatility, 1 when nothing is
// gained by combining them. A portfolio with zero variance (all in a
// riskless asset) has ratio 1 by definition.
func DiversificationRatio(w []float64, sigma *mat.SymDense) float64 {
	variance := quadForm(w, sigma, w)
	if !(variance > 0) {
		return 1
	}
	weighted := 0.0
	for i, wi := range w {
		weighted += float64(wi * math.Sqrt(math.Max(sigma.At(i, i), 0)))
	}
	return weighted / math.Sqrt(variance)
}

// RiskContributions returns each sleeve's share of the portfolio's variance,
// vᵀΣw / wᵀΣw with v the sleeve's own asset weights; they sum to 1. With zero
// portfolio variance the shares are undefined and each sleeve's weight is
// returned instead (documented in docs/scenario-format.md).
func RiskContributions(sleeves []portfolio.Sleeve, w []float64, sigma *mat.SymDense) []float64 {
	variance := quadForm(w, sigma, w)
	out := make([]float64, len(sleeves))
	v := make([]float64, len(w))
	for i, s := range sleeves {
		if !(variance > 0) {
			out[i] = s.Weight
			continue
		}
		s.AssetWeights(v)
		out[i] = quadForm(v, sigma, w) / variance
	}
	return out
}

// CorrelationOf returns the correlation matrix of a covariance matrix; a
// series with zero variance gets correlation 0 with the others (1 with
// itself).
func CorrelationOf(cov *mat.SymDense) *mat.SymDense {
	n := cov.SymmetricDim()
	out := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			v := 0.0
			if d := math.Sqrt(cov.At(i, i) * cov.At(j, j)); i == j {
				v = 1
			} else if d > 0 {
				v = cov.At(i, j) / d
			}
			out.SetSym(i, j, v)
		}
	}
	return out
}
