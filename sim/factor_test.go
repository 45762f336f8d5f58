package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/divsim/divsim/model"
)

// TestFactorVectorMatchesScalar holds the Go twin factorVectorGo to a plain
// row-by-row product (factorScalar) and, where the processor has AVX2, the
// assembly kernel factorVectorAVX2 to factorVectorGo, bit for bit, for 1 to
// 13 assets, with Cholesky factors of random correlation matrices and eigen
// factors of singular ones (two assets perfectly correlated), on shocks that
// include zeros and negative zeros.
func TestFactorVectorMatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for n := 1; n <= 13; n++ {
		for _, singular := range []bool{false, true} {
			c := randomCorrelation(r, n, singular && n > 1)
			vals, vecs, ok := model.Eigen(c)
			if !ok {
				t.Fatalf("n=%d: eigen decomposition failed", n)
			}
			fm := model.Factor(c, vals, vecs)
			f := make([]float64, n*n)
			for i := range n {
				for j := range n {
					f[i*n+j] = fm.At(i, j)
				}
			}
			rows, cols, blocks := factorLayout(f, n)
			twin, asm, want := make([]float64, paddedRows(n)), make([]float64, paddedRows(n)), make([]float64, n)
			z := make([]float64, n)
			for trial := range 2000 {
				for k := range z {
					switch {
					case trial%7 == 0 && k%3 == 0:
						z[k] = math.Copysign(0, float64(trial%2)-0.5)
					default:
						z[k] = r.NormFloat64()
					}
				}
				factorVectorGo(twin, z, cols, blocks)
				factorScalar(want, z, f, rows)
				if haveAVX2 {
					factorVectorAVX2(asm, z, cols, blocks)
				} else {
					copy(asm, twin)
				}
				for i := range n {
					if math.Float64bits(twin[i]) != math.Float64bits(want[i]) {
						t.Fatalf("n=%d singular=%v: x[%d] = %v by factorVectorGo, %v row by row", n, singular, i, twin[i], want[i])
					}
					if math.Float64bits(asm[i]) != math.Float64bits(twin[i]) {
						t.Fatalf("n=%d singular=%v: x[%d] = %v by factorVectorAVX2, %v by factorVectorGo", n, singular, i, asm[i], twin[i])
					}
				}
			}
		}
	}
}

// factorScalar multiplies z by the n×n factor f (row-major) into x, the
// plain way: x[i] = Σₖ f[i][k]·z[k] over the columns up to row i's last
// nonzero, rows[i], from +0 and without fused multiply-adds.
func factorScalar(x, z, f []float64, rows []int) {
	n := len(rows)
	for i, cols := range rows {
		s := 0.0
		for k, v := range f[i*n : i*n+cols] {
			s += float64(v * z[k])
		}
		x[i] = s
	}
}

// randomCorrelation returns a random n×n correlation matrix; singular makes
// the last asset a copy of the first.
func randomCorrelation(r *rand.Rand, n int, singular bool) *mat.SymDense {
	g := mat.NewDense(n, n+2, nil)
	for i := range n {
		for j := range n + 2 {
			g.Set(i, j, r.NormFloat64())
		}
	}
	if singular {
		for j := range n + 2 {
			g.Set(n-1, j, g.At(0, j))
		}
	}
	var cov mat.SymDense
	cov.SymOuterK(1, g)
	c := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			c.SetSym(i, j, cov.At(i, j)/math.Sqrt(cov.At(i, i)*cov.At(j, j)))
		}
	}
	return c
}
