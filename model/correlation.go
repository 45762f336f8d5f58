package model

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// PSDTolerance is how far below zero a correlation matrix's smallest
// eigenvalue may be (rounding in a hand-typed matrix) and still be accepted.
const PSDTolerance = 1e-10

// Eigen returns the eigenvalues (ascending) and eigenvectors of a symmetric
// matrix, or ok = false when the decomposition does not converge.
func Eigen(c *mat.SymDense) (values []float64, vectors *mat.Dense, ok bool) {
	var es mat.EigenSym
	if !es.Factorize(c, true) {
		return nil, nil, false
	}
	vectors = new(mat.Dense)
	es.VectorsTo(vectors)
	return es.Values(nil), vectors, true
}

// Factor returns F = V·diag(√max(λ,0)) with F·Fᵀ = C for a positive
// semidefinite matrix C with eigen decomposition V·diag(λ)·Vᵀ. Unlike a
// Cholesky factor it exists for singular matrices (perfectly correlated
// assets, a zero-volatility asset's row), which advisors do write.
func Factor(values []float64, vectors *mat.Dense) *mat.Dense {
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
