package reports

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestSteppedStayFormula checks the Technical notes' statement of a
// two-state chain's mean stay with steps: 1/(1 − P[i][i])/k is about
// d_i + (1 + d_i/d_j)/(2k) years (the history example's 5.5 and 0.86
// years, monthly: 5.81 and 0.91), within 0.2 % for monthly steps and 1 %
// for quarterly ones (the formula is first order in the step); "about half
// a step longer", as the notes said before, is 0.27 years short for the
// long regime.
func TestSteppedStayFormula(t *testing.T) {
	d := [2]float64{5.5, 0.86}
	q := mat.NewDense(2, 2, []float64{-1 / d[0], 1 / d[0], 1 / d[1], -1 / d[1]})
	for k, tol := range map[float64]float64{12: 0.002, 4: 0.01} {
		var p mat.Dense
		var scaled mat.Dense
		scaled.Scale(1/k, q)
		p.Exp(&scaled)
		for i := range 2 {
			stay := 1 / (1 - p.At(i, i)) / k
			approx := d[i] + (1+d[i]/d[1-i])/(2*k)
			if math.Abs(stay/approx-1) > tol {
				t.Errorf("k %v, state %d: stay %v, formula %v", k, i, stay, approx)
			}
		}
	}
}
