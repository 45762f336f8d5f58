package sim

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/divsim/divsim/model"
)

// TestGrowthByStateCountsHeldSteps: a portfolio's steps in a state count
// toward its return there only while it holds money. By hand, on 10 steps
// in states 0,0,0,1,1,1,1,0,0,1 (stays ending at 3, 7, 9 and 10): without
// depletion state 0 has 5 steps and state 1 has 5; run out at step 6
// (steps 1–5 earned), state 0 has 3 and state 1 has 2; run out at step 1,
// none.
func TestGrowthByStateCountsHeldSteps(t *testing.T) {
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 10, steps_per_year: 1, paths: 64, seed: 1}
assets: [{id: a, expected_return: 0.05, volatility: 0.1}]
cashflows: {initial: 1000}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}]
`)
	states := []int{0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1} // [t], t from 1
	for _, tc := range []struct {
		name      string
		depleted  int
		held0, h1 int64
	}{
		{"never ran out", 0, 5, 5},
		{"ran out at step 6", 6, 3, 2},
		{"ran out at step 1", 1, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorker(newPlan(sc))
			w.states = append(w.states[:0], states...)
			w.stayEnds = append(w.stayEnds[:0], 3, 7, 9, 10)
			w.heldVisits = make([]int64, 2)
			growth := []float64{1, 1}
			w.series.depleted = tc.depleted
			ret := make([]float64, 11)
			w.growthByState(0, ret, growth)
			if w.heldVisits[0] != tc.held0 || w.heldVisits[1] != tc.h1 {
				t.Errorf("held steps %v, want [%d %d]", w.heldVisits, tc.held0, tc.h1)
			}
		})
	}
}

// TestHeldVisitsOfARun: in a run, a portfolio that never runs out of money
// held it on every step of every state, and one whose withdrawals empty
// many paths held it on fewer, never more than the state's steps.
func TestHeldVisitsOfARun(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(string) string
		fewer bool
	}{
		{"saving", func(s string) string { return strings.Replace(s, "amount: -40000", "amount: 40000", 1) }, false},
		{"withdrawing 90,000 a year", func(s string) string { return strings.Replace(s, "amount: -40000", "amount: -90000", 1) }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := exampleEdited(t, "default", 256, tc.edit)
			part, err := RunRange(context.Background(), sc, 0, 256, Options{})
			if err != nil {
				t.Fatal(err)
			}
			nb := len(sc.Portfolios)
			for b := range nb {
				fewer := false
				for j, v := range part.Visits {
					h := part.HeldVisits[j*nb+b]
					if h > v || (!tc.fewer && h != v) {
						t.Fatalf("portfolio %d, state %d: held %d of %d steps", b, j, h, v)
					}
					fewer = fewer || h < v
				}
				if fewer != tc.fewer {
					t.Errorf("portfolio %d held money on fewer steps than it ran: %v, want %v", b, fewer, tc.fewer)
				}
			}
		})
	}
}

// exampleEdited is the example scenario name, its text edited, at paths.
func exampleEdited(t testing.TB, name string, paths int, edit func(string) string) *model.Scenario {
	t.Helper()
	data, err := os.ReadFile("../configs/examples/" + name + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc := scenario(t, edit(string(data)))
	sc.Simulation.Paths = paths
	return sc
}
