package model

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Generator builds a continuous-time chain's per-year generator from each
// state's mean duration d (years) and its exit probabilities next[i][j]
// (next[i][i] is ignored and should be 0): Q[i][i] = -1/d_i and
// Q[i][j] = next[i][j]/d_i.
func Generator(meanYears []float64, next [][]float64) *mat.Dense {
	n := len(meanYears)
	q := mat.NewDense(n, n, nil)
	for i := range n {
		rate := 1 / meanYears[i]
		for j := range n {
			if i != j {
				q.Set(i, j, next[i][j]*rate)
			}
		}
		q.Set(i, i, -rate)
	}
	return q
}

// TransitionMatrix returns the per-step transition matrix expm(Q/k) of a
// per-year generator Q sampled k times a year.
func TransitionMatrix(q *mat.Dense, stepsPerYear int) *mat.Dense {
	var scaled, p mat.Dense
	scaled.Scale(1/float64(stepsPerYear), q)
	p.Exp(&scaled)
	// Rows of expm(Q) sum to one exactly in theory; remove the rounding and
	// any tiny negative entries so the engine can sample rows directly.
	n, _ := p.Dims()
	for i := range n {
		sum := 0.0
		for j := range n {
			v := math.Max(p.At(i, j), 0)
			p.Set(i, j, v)
			sum += v
		}
		for j := range n {
			p.Set(i, j, p.At(i, j)/sum)
		}
	}
	return &p
}

// ErrNotIrreducible is returned when a chain's stationary distribution is
// not unique.
var ErrNotIrreducible = errors.New("chain is not irreducible")

// Stationary solves πQ = 0 with Σπ = 1 for an irreducible generator Q. The
// result does not depend on the step length, so it is solved from Q itself.
func Stationary(q *mat.Dense) ([]float64, error) {
	n, _ := q.Dims()
	// Replace one balance equation (they are linearly dependent) with the
	// normalization: Qᵀ with its last row set to ones, times π = e_n.
	a := mat.NewDense(n, n, nil)
	a.CloneFrom(q.T())
	for j := range n {
		a.Set(n-1, j, 1)
	}
	b := mat.NewVecDense(n, nil)
	b.SetVec(n-1, 1)
	var x mat.VecDense
	if err := x.SolveVec(a, b); err != nil {
		return nil, ErrNotIrreducible
	}
	pi := make([]float64, n)
	for i := range n {
		pi[i] = x.AtVec(i)
		if pi[i] < -1e-12 {
			return nil, ErrNotIrreducible
		}
		pi[i] = math.Max(pi[i], 0)
	}
	return pi, nil
}

// Unreachable reports, for a directed graph given by its edge lists
// (edges[i] are the states reachable from i in one move), the first pair
// (from, to) such that to cannot be reached from from, or ok = true when
// every state reaches every other (the chain is irreducible).
func Unreachable(edges [][]int) (from, to int, ok bool) {
	n := len(edges)
	seen := make([]bool, n)
	stack := make([]int, 0, n)
	for s := range n {
		clear(seen)
		seen[s] = true
		stack = append(stack[:0], s)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, w := range edges[v] {
				if !seen[w] {
					seen[w] = true
					stack = append(stack, w)
				}
			}
		}
		for t, reached := range seen {
			if !reached {
				return s, t, false
			}
		}
	}
	return 0, 0, true
}
