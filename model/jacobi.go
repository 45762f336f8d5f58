package model

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// maxJacobiSweeps bounds the cyclic Jacobi method's sweeps; a symmetric
// matrix converges quadratically, in well under twenty.
const maxJacobiSweeps = 60

// Eigen returns the eigenvalues (ascending) and eigenvectors (the columns
// of vectors, in the same order) of a symmetric matrix, or ok = false when
// the decomposition does not converge.
//
// It is the cyclic Jacobi method (Golub and Van Loan, Matrix Computations,
// 8.5), written here rather than taken from gonum because gonum's LAPACK is
// Go code that the compiler fuses into multiply-adds when built with
// GOAMD64=v3 or for arm64: the factor of a singular correlation matrix,
// which comes from these vectors, changed in its last bits, and a run's
// figures with it, from one build to another. Every product here is
// rounded before it is added (float64(x*y)), so the decomposition is the
// same in every build. Jacobi's method is also accurate for the small
// eigenvalues that decide whether a matrix is positive semidefinite.
func Eigen(c *mat.SymDense) (values []float64, vectors *mat.Dense, ok bool) {
	n := c.SymmetricDim()
	a := make([][]float64, n)
	v := make([][]float64, n)
	for i := range n {
		a[i], v[i] = make([]float64, n), make([]float64, n)
		for j := range n {
			a[i][j] = c.At(i, j)
		}
		v[i][i] = 1
	}
	for range maxJacobiSweeps {
		if offDiagonalZero(a) {
			order := sortedOrder(a)
			values = make([]float64, n)
			for i, k := range order {
				values[i] = a[k][k]
			}
			return values, denseOf(v, order), true
		}
		for p := range n {
			for q := p + 1; q < n; q++ {
				rotate(a, v, p, q)
			}
		}
	}
	return nil, nil, false
}

// offDiagonalZero reports whether a is diagonal to working precision:
// every off-diagonal element negligible beside its two diagonal elements.
func offDiagonalZero(a [][]float64) bool {
	for p := range a {
		for q := p + 1; q < len(a); q++ {
			if !negligible(a, p, q) {
				return false
			}
		}
	}
	return true
}

// negligible reports whether a[p][q] is below a rounding of a[p][p] and
// a[q][q] (or exactly 0).
func negligible(a [][]float64, p, q int) bool {
	g := float64(100 * math.Abs(a[p][q])) // rounded: the sums below test it against a rounding
	return a[p][q] == 0 || (math.Abs(a[p][p])+g == math.Abs(a[p][p]) && math.Abs(a[q][q])+g == math.Abs(a[q][q]))
}

// rotate applies the Jacobi rotation that zeroes a[p][q] (and a[q][p]) to
// a, a ← Jᵀ·a·J, and accumulates it in the eigenvectors, v ← v·J.
func rotate(a, v [][]float64, p, q int) {
	if negligible(a, p, q) {
		a[p][q], a[q][p] = 0, 0
		return
	}
	apq := a[p][q]
	// t = tan θ, the smaller root of t² + 2τt − 1 = 0.
	tau := (a[q][q] - a[p][p]) / (2 * apq)
	t := 1 / (math.Abs(tau) + math.Sqrt(float64(tau*tau)+1))
	if tau < 0 {
		t = -t
	}
	cos := 1 / math.Sqrt(float64(t*t)+1)
	sin := float64(t * cos)
	for k := range a {
		akp, akq := a[k][p], a[k][q]
		a[k][p] = float64(cos*akp) - float64(sin*akq)
		a[k][q] = float64(sin*akp) + float64(cos*akq)
	}
	for k := range a {
		apk, aqk := a[p][k], a[q][k]
		a[p][k] = float64(cos*apk) - float64(sin*aqk)
		a[q][k] = float64(sin*apk) + float64(cos*aqk)
	}
	a[p][q], a[q][p] = 0, 0
	for k := range v {
		vkp, vkq := v[k][p], v[k][q]
		v[k][p] = float64(cos*vkp) - float64(sin*vkq)
		v[k][q] = float64(sin*vkp) + float64(cos*vkq)
	}
}

// sortedOrder is the diagonal's indices by ascending value (ties by index).
func sortedOrder(a [][]float64) []int {
	order := make([]int, len(a))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		switch {
		case a[i][i] < a[j][j]:
			return -1
		case a[i][i] > a[j][j]:
			return 1
		}
		return 0
	})
	return order
}

// denseOf is v with its columns in the given order.
func denseOf(v [][]float64, order []int) *mat.Dense {
	d := mat.NewDense(len(v), len(v), nil)
	for i := range v {
		for j, k := range order {
			d.Set(i, j, v[i][k])
		}
	}
	return d
}
