package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randomCorrelation is a random n×n correlation matrix of rank at most
// rank (n for full rank): the normalized Gram matrix of random vectors.
func randomCorrelation(r *rand.Rand, n, rank int) *mat.SymDense {
	x := mat.NewDense(n, rank, nil)
	for i := range n {
		for j := range rank {
			x.Set(i, j, r.NormFloat64())
		}
	}
	var g mat.SymDense
	g.SymOuterK(1, x)
	c := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			c.SetSym(i, j, g.At(i, j)/math.Sqrt(g.At(i, i)*g.At(j, j)))
		}
		c.SetSym(i, i, 1)
	}
	return c
}

// TestEigenDecomposes: on random correlation matrices of 2 to 30 assets,
// full rank and singular, Eigen's values ascend and agree with gonum's
// (LAPACK's) to 1e-12, its vectors are orthonormal, and V·diag(λ)·Vᵀ gives
// the matrix back, each to 1e-12.
func TestEigenDecomposes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{2, 3, 5, 8, 13, 30} {
		for _, rank := range []int{n, max(1, n/2), 1} {
			c := randomCorrelation(r, n, rank)
			values, vectors, ok := Eigen(c)
			if !ok {
				t.Fatalf("n %d rank %d: did not converge", n, rank)
			}
			var es mat.EigenSym
			if !es.Factorize(c, false) {
				t.Fatal("gonum's decomposition failed")
			}
			want := es.Values(nil)
			for i := range values {
				if i > 0 && values[i] < values[i-1] {
					t.Errorf("n %d rank %d: values not ascending: %v", n, rank, values)
				}
				if math.Abs(values[i]-want[i]) > 1e-12 {
					t.Errorf("n %d rank %d: λ%d = %v, gonum %v", n, rank, i, values[i], want[i])
				}
			}
			var vtv, back mat.Dense
			vtv.Mul(vectors.T(), vectors)
			if !mat.EqualApprox(&vtv, eye(n), 1e-12) {
				t.Errorf("n %d rank %d: VᵀV is not I", n, rank)
			}
			back.Mul(vectors, mat.NewDiagDense(n, values))
			back.Mul(&back, vectors.T())
			if !mat.EqualApprox(&back, c, 1e-12) {
				t.Errorf("n %d rank %d: V·Λ·Vᵀ is not the matrix", n, rank)
			}
			if rank < n && math.Abs(values[0]) > 1e-12 {
				t.Errorf("n %d rank %d: smallest eigenvalue %v, want 0", n, rank, values[0])
			}
		}
	}
}

// TestEigenByHand: [[2, 1], [1, 2]] has eigenvalues 1 and 3, with vectors
// (1, −1)/√2 and (1, 1)/√2 (up to sign); a diagonal matrix is its own
// decomposition.
func TestEigenByHand(t *testing.T) {
	values, vectors, ok := Eigen(mat.NewSymDense(2, []float64{2, 1, 1, 2}))
	if !ok || math.Abs(values[0]-1) > 1e-15 || math.Abs(values[1]-3) > 1e-15 {
		t.Fatalf("values %v, want 1 and 3", values)
	}
	h := 1 / math.Sqrt2
	if math.Abs(math.Abs(vectors.At(0, 0))-h) > 1e-15 || math.Abs(vectors.At(0, 0)+vectors.At(1, 0)) > 1e-15 ||
		math.Abs(vectors.At(0, 1)-vectors.At(1, 1)) > 1e-15 {
		t.Errorf("vectors\n%v", mat.Formatted(vectors))
	}
	values, vectors, ok = Eigen(mat.NewSymDense(3, []float64{3, 0, 0, 0, 1, 0, 0, 0, 2}))
	if !ok || values[0] != 1 || values[1] != 2 || values[2] != 3 || vectors.At(1, 0) != 1 || vectors.At(2, 1) != 1 || vectors.At(0, 2) != 1 {
		t.Errorf("diagonal: values %v, vectors\n%v", values, mat.Formatted(vectors))
	}
}

func eye(n int) *mat.Dense {
	d := mat.NewDense(n, n, nil)
	for i := range n {
		d.Set(i, i, 1)
	}
	return d
}
