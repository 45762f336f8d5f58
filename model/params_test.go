package model

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestLogParams checks that the log-normal with the returned parameters has
// mean exactly 1+m and standard deviation exactly s.
func TestLogParams(t *testing.T) {
	for _, c := range []struct{ m, s float64 }{{0.068, 0.16}, {0.035, 0.01}, {-0.2, 0.5}, {0.05, 0}} {
		ml, sl := LogParams(c.m, c.s)
		mean := math.Exp(ml + sl*sl/2)
		sd := mean * math.Sqrt(math.Expm1(sl*sl))
		if math.Abs(mean-(1+c.m)) > 1e-15 || math.Abs(sd-c.s) > 1e-15 {
			t.Errorf("m=%v s=%v: mean %v sd %v", c.m, c.s, mean, sd)
		}
	}
}

// TestClampedStudentMGF compares the quadrature against a brute-force
// midpoint sum over a fine grid, and against the normal MGF exp(a²/2) when
// ν is large: at ν = 1e5 the t's excess kurtosis 6/(ν−4) moves the MGF by
// about a⁴/24·6e-5 ≈ 6e-11, far inside the 1e-9 tolerance (beyond ν ≈ 1e6
// the t density itself loses precision in lgamma, so larger ν tests less).
func TestClampedStudentMGF(t *testing.T) {
	for _, c := range []struct{ a, nu float64 }{{0.05, 6}, {0.3, 4.5}, {0.0462, 10}, {-0.2, 30}} {
		scale := math.Sqrt((c.nu - 2) / c.nu)
		dist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: c.nu}
		lim := ShockClamp / scale
		const n = 400000
		h := 2 * lim / n
		sum := 0.0
		for i := range n {
			x := -lim + (float64(i)+0.5)*h
			sum += math.Exp(c.a*scale*x) * dist.Prob(x) * h
		}
		sum += dist.CDF(-lim) * (math.Exp(-c.a*ShockClamp) + math.Exp(c.a*ShockClamp))
		if got := clampedStudentMGF(c.a, c.nu); math.Abs(got-sum) > 1e-10 {
			t.Errorf("a=%v ν=%v: MGF %.15f, brute force %.15f", c.a, c.nu, got, sum)
		}
	}
	a := 0.07
	if got, want := clampedStudentMGF(a, 1e5), math.Exp(a*a/2); math.Abs(got-want) > 1e-9 {
		t.Errorf("ν→∞: MGF %.15f, want normal %.15f", got, want)
	}
}

func TestStudentStepNormalLimit(t *testing.T) {
	n := NormalStep(0.08, 0.21, 12)
	s := StudentStep(0.08, 0.21, 12, 1e5)
	if math.Abs(n.Mu-s.Mu) > 1e-9 || n.Sigma != s.Sigma {
		t.Errorf("student_t with ν = 1e5 %+v, normal %+v", s, n)
	}
}

// TestFactorCholesky checks that a positive definite matrix gets a lower
// triangular factor with F·Fᵀ = C.
func TestFactorCholesky(t *testing.T) {
	c := mat.NewSymDense(3, []float64{
		1, 0.8, 0.2,
		0.8, 1, 0.3,
		0.2, 0.3, 1,
	})
	f, _ := factorOf(t, c)
	for i := range 3 {
		for j := i + 1; j < 3; j++ {
			if f.At(i, j) != 0 {
				t.Errorf("F[%d][%d] = %v, want 0 above the diagonal", i, j, f.At(i, j))
			}
		}
	}
}

// TestFactorSingular checks F·Fᵀ = C for a singular correlation matrix,
// where a Cholesky factorization would fail.
func TestFactorSingular(t *testing.T) {
	c := mat.NewSymDense(3, []float64{
		1, 1, 0.5,
		1, 1, 0.5,
		0.5, 0.5, 1,
	})
	if _, vals := factorOf(t, c); math.Abs(vals[0]) > 1e-14 {
		t.Errorf("smallest eigenvalue %v, want 0", vals[0])
	}
}

// factorOf returns c's factor and eigenvalues, and checks F·Fᵀ = C.
func factorOf(t *testing.T, c *mat.SymDense) (*mat.Dense, []float64) {
	t.Helper()
	vals, vecs, ok := Eigen(c)
	if !ok {
		t.Fatal("eigen decomposition failed")
	}
	f := Factor(c, vals, vecs)
	var ffT mat.Dense
	ffT.Mul(f, f.T())
	if !mat.EqualApprox(&ffT, c, 1e-14) {
		t.Errorf("F·Fᵀ =\n%v\nwant\n%v", mat.Formatted(&ffT), mat.Formatted(c))
	}
	return f, vals
}

// TestGaussLegendre: 32 nodes, symmetric, weights summing to 2, and exact
// (to rounding) for every monomial up to degree 2n − 1 = 63, whose
// integral over [−1, 1] is 2/(j+1) for even j and 0 for odd j.
func TestGaussLegendre(t *testing.T) {
	const n = 32
	x, w := gaussLegendre(n)
	if len(x) != n {
		t.Fatalf("%d nodes, want %d", len(x), n)
	}
	for i := range n {
		if math.Abs(x[i]+x[n-1-i]) > 1e-15 || math.Abs(w[i]-w[n-1-i]) > 1e-15 {
			t.Errorf("node %d: %v, %v against %v, %v: not symmetric", i, x[i], w[i], x[n-1-i], w[n-1-i])
		}
	}
	for j := range 2 * n {
		sum := 0.0
		for i := range n {
			sum += w[i] * math.Pow(x[i], float64(j))
		}
		want := 0.0
		if j%2 == 0 {
			want = 2 / float64(j+1)
		}
		if math.Abs(sum-want) > 1e-14 {
			t.Errorf("∫x^%d: quadrature %v, want %v", j, sum, want)
		}
	}
}
