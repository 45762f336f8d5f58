package reports

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"gonum.org/v1/gonum/mat"

	"github.com/divsim/divsim/model"
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

// TestAppliedReturnIsBalanced: the Regimes sheet's "as simulated" effect,
// read from the engine's joint states, is the written effect less its
// cycle's stationary average, for every state of every cycle, under either
// anchor (the default example's recession: -15 % written, about -12.9 %
// simulated, and the expansion +2.1 %); under the long-run anchor, the one
// it is shown for, that is what the simulation adds.
func TestAppliedReturnIsBalanced(t *testing.T) {
	for _, anchor := range []string{"long_run", "base"} {
		sc := resolve(t, "default", 100, func(s string) string {
			return strings.Replace(s, "anchor: long_run", "anchor: "+anchor, 1)
		})
		for c, ch := range sc.Regimes.Chains {
			for a := range len(sc.Assets) + 1 {
				mean := 0.0
				for i := range ch.States {
					mean += ch.Stationary[i] * ch.Effects[i][a].Return
				}
				for i := range ch.States {
					want := ch.Effects[i][a].Return - mean
					if got := appliedReturn(sc, c, i, a); math.Abs(got-want) > 1e-12 {
						t.Errorf("%s, %s=%s, series %d: %v, want %v", anchor, ch.Name, ch.States[i], a, got, want)
					}
				}
			}
		}
	}
}

// TestChainTextGivesSimulatedEffects: a comparison's Assumptions state a
// chain's return effects as simulated, with the written figure beside.
// The default example's growth chain has stays of 6 and 1 years, so its
// long-run shares are 6/7 and 1/7 (a two-state chain's shares are its
// stays'): a recession written at e is simulated at e·6/7 and the
// expansion, written at 0, at −e/7.
func TestChainTextGivesSimulatedEffects(t *testing.T) {
	sc := resolve(t, "default", 100, nil)
	c := slices.IndexFunc(sc.Regimes.Chains, func(ch model.Chain) bool { return ch.Name == "growth" })
	ch := sc.Regimes.Chains[c]
	if !slices.Equal(ch.MeanYears, []float64{6, 1}) {
		t.Fatalf("growth chain stays %v, want 6 and 1; update this test", ch.MeanYears)
	}
	e := ch.Effects[1][0].Return // the recession's on US Large Cap
	points := func(x float64) string { return strings.Replace(fmt.Sprintf("%+.1f", 100*x), "-", "−", 1) }
	text := chainText(sc, c)
	for _, want := range []string{
		"expansion, 6 years on average (US Large Cap " + points(-e/7) + "\u00a0points a year, written 0",
		"recession, 1 year on average (US Large Cap " + points(e*6/7) + "\u00a0points a year, written " + points(e) + ", volatility ×1.6",
		"after balancing them so that they average zero over the long run"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in %q", want, text)
		}
	}
}

// TestRegimeReturnOfAnEmptyPortfolio: a state every path visited only
// after the portfolio had run out of money has no return to show; the
// Regimes sheet says so ("no money held"), not that the state was never
// visited. Withdrawing 1.5M a year from 1M empties every portfolio in
// year 1.
func TestRegimeReturnOfAnEmptyPortfolio(t *testing.T) {
	sc := resolve(t, "default", 100, func(s string) string { return strings.Replace(s, "amount: -40000", "amount: -1500000", 1) })
	path, res := writeTestWorkbook(t, sc)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	empty, err := f.SearchSheet(sheetRegimes, "no money held")
	if err != nil {
		t.Fatal(err)
	}
	unvisited, err := f.SearchSheet(sheetRegimes, "not visited")
	if err != nil {
		t.Fatal(err)
	}
	visited := 0
	for _, share := range res.StateShare {
		if share > 0 {
			visited++
		}
	}
	if want := visited * len(sc.Portfolios); len(empty) != want || len(unvisited) != (len(res.StateShare)-visited)*len(sc.Portfolios) {
		t.Errorf("%d cells say no money held (want %d), %d not visited", len(empty), want, len(unvisited))
	}
}
