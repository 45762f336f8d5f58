package model

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// PSDTolerance is how far below zero a correlation matrix's smallest
// eigenvalue may be (rounding in a hand-typed matrix) and still be accepted.
const PSDTolerance = 1e-10

// choleskyMinEigenvalue is the smallest eigenvalue for which Factor uses a
// Cholesky factor: comfortably positive definite.
const choleskyMinEigenvalue = 1e-8

// Factor returns a factor F with F·Fᵀ = C for a positive semidefinite
// matrix C with eigen decomposition V·diag(λ)·Vᵀ. When C is positive
// definite it is C's Cholesky factor, lower triangular, so correlating a
// draw takes half the multiplications of a full factor (the engine does it
// at every step). For a singular or nearly singular matrix (perfectly
// correlated assets, a zero-volatility asset's row), which advisors do
// write and for which Cholesky fails, it is V·diag(√max(λ,0)).
func Factor(c *mat.SymDense, values []float64, vectors *mat.Dense) *mat.Dense {
	if values[0] > choleskyMinEigenvalue {
		var ch mat.Cholesky
		if ch.Factorize(c) {
			var l mat.TriDense
			ch.LTo(&l)
			return mat.DenseCopyOf(&l)
		}
	}
	n := len(values)
	f := mat.NewDense(n, n, nil)
	for j := range n {
		s := math.Sqrt(math.Max(values[j], 0))
		for i := range n {
			f.Set(i, j, vectors.At(i, j)*s)
		}
	}
	return f
}
