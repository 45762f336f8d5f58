package model

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestTransitionMatrixTwoStates checks expm(Q/k) against the closed form of
// a two-state chain: with exit rates a = 1/d0 and b = 1/d1,
// P00(t) = b/(a+b) + a/(a+b)·e^{-(a+b)t} and P11(t) = a/(a+b) + b/(a+b)·e^{-(a+b)t}.
func TestTransitionMatrixTwoStates(t *testing.T) {
	tests := []struct {
		d0, d1 float64
		k      int
	}{
		{6, 1, 12},
		{6, 1, 4},
		{6, 1, 1},
		{0.25, 3, 12},
	}
	for _, tc := range tests {
		q := Generator([]float64{tc.d0, tc.d1}, [][]float64{{0, 1}, {1, 0}})
		p := TransitionMatrix(q, tc.k)
		a, b := 1/tc.d0, 1/tc.d1
		dt := 1 / float64(tc.k)
		e := math.Exp(-(a + b) * dt)
		want := [2][2]float64{
			{b/(a+b) + a/(a+b)*e, a / (a + b) * (1 - e)},
			{b / (a + b) * (1 - e), a/(a+b) + b/(a+b)*e},
		}
		for i := range 2 {
			for j := range 2 {
				if got := p.At(i, j); math.Abs(got-want[i][j]) > 1e-13 {
					t.Errorf("d=(%v,%v) k=%d: P[%d][%d] = %.15f, want %.15f", tc.d0, tc.d1, tc.k, i, j, got, want[i][j])
				}
			}
		}
	}
}

// TestTransitionMatrixSemigroup checks expm(Q/k)^k = expm(Q) on a
// three-state chain with uneven exits, and that rows sum to one.
func TestTransitionMatrixSemigroup(t *testing.T) {
	q := Generator([]float64{1.5, 3, 1.5}, [][]float64{{0, 1, 0}, {0.5, 0, 0.5}, {0, 1, 0}})
	monthly := TransitionMatrix(q, 12)
	yearly := TransitionMatrix(q, 1)
	var pow mat.Dense
	pow.Pow(monthly, 12)
	if !mat.EqualApprox(&pow, yearly, 1e-12) {
		t.Errorf("P_month^12 =\n%v\nwant P_year =\n%v", mat.Formatted(&pow), mat.Formatted(yearly))
	}
	for i := range 3 {
		if s := mat.Sum(monthly.RowView(i)); math.Abs(s-1) > 1e-15 {
			t.Errorf("row %d sums to %v", i, s)
		}
	}
}

// TestStationary checks π against flux balance worked by hand. For the
// rates chain of SCENARIO.md (cutting 1.5y → steady; steady 3y → cutting or
// hiking half each; hiking 1.5y → steady), the flow out of cutting, π_c/1.5,
// equals the flow in, π_s·0.5/3, so π_c = π_s/4 = π_h and π = (1/6, 2/3, 1/6).
func TestStationary(t *testing.T) {
	tests := []struct {
		name string
		d    []float64
		next [][]float64
		want []float64
	}{
		{"rates chain", []float64{1.5, 3, 1.5}, [][]float64{{0, 1, 0}, {0.5, 0, 0.5}, {0, 1, 0}}, []float64{1.0 / 6, 2.0 / 3, 1.0 / 6}},
		{"growth chain", []float64{6, 1}, [][]float64{{0, 1}, {1, 0}}, []float64{6.0 / 7, 1.0 / 7}},
		{"cycle, equal durations", []float64{2, 2, 2}, [][]float64{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := Generator(tc.d, tc.next)
			pi, err := Stationary(q)
			if err != nil {
				t.Fatal(err)
			}
			for i := range pi {
				if math.Abs(pi[i]-tc.want[i]) > 1e-14 {
					t.Fatalf("π = %v, want %v", pi, tc.want)
				}
			}
			// The same π is stationary for the discrete chain at every step length.
			for _, k := range []int{1, 4, 12} {
				p := TransitionMatrix(q, k)
				var next mat.VecDense
				next.MulVec(p.T(), mat.NewVecDense(len(pi), pi))
				for i := range pi {
					if math.Abs(next.AtVec(i)-pi[i]) > 1e-14 {
						t.Fatalf("k=%d: πP = %v, want π = %v", k, next.RawVector().Data, pi)
					}
				}
			}
		})
	}
}

func TestStationaryReducible(t *testing.T) {
	// Two closed classes {0,1} and {2,3}: no unique stationary distribution.
	q := Generator([]float64{1, 1, 1, 1}, [][]float64{{0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}, {0, 0, 1, 0}})
	if _, err := Stationary(q); !errors.Is(err, ErrNotIrreducible) {
		t.Fatalf("err = %v, want ErrNotIrreducible", err)
	}
}

func TestUnreachable(t *testing.T) {
	tests := []struct {
		name     string
		edges    [][]int
		from, to int
		ok       bool
	}{
		{"two-state cycle", [][]int{{1}, {0}}, 0, 0, true},
		{"three-state cycle", [][]int{{1}, {2}, {0}}, 0, 0, true},
		{"absorbing state", [][]int{{1}, {1}, {0}}, 0, 2, false},
		{"two classes", [][]int{{1}, {0}, {3}, {2}}, 0, 2, false},
	}
	for _, tc := range tests {
		from, to, ok := Unreachable(tc.edges)
		if ok != tc.ok || (!ok && (from != tc.from || to != tc.to)) {
			t.Errorf("%s: Unreachable = (%d, %d, %v), want (%d, %d, %v)", tc.name, from, to, ok, tc.from, tc.to, tc.ok)
		}
	}
}

// TestJointNumbering: the joint states' numbering is a mixed radix with
// the last chain varying fastest, and ChainStates undoes JointIndex for
// every joint state of chains of 2, 3 and 4 states.
func TestJointNumbering(t *testing.T) {
	r := Regimes{Chains: []Chain{{States: make([]string, 2)}, {States: make([]string, 3)}, {States: make([]string, 4)}}}
	if got := []int{r.Radix(0), r.Radix(1), r.Radix(2)}; got[0] != 12 || got[1] != 4 || got[2] != 1 {
		t.Fatalf("radixes %v, want 12 4 1", got)
	}
	states := make([]int, 3)
	for j := range 24 {
		r.ChainStates(j, states)
		if states[2] != j%4 || states[1] != j/4%3 || states[0] != j/12 || r.JointIndex(states) != j {
			t.Errorf("joint state %d: chains %v, back to %d", j, states, r.JointIndex(states))
		}
	}
}
