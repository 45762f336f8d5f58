package reports

import (
	"testing"

	"github.com/divsim/divsim/sim"
)

// TestEveryFigureIsNamedOnce checks the figures' table: each key has its
// case, and no two figures share a JSON key, a name or a short name (two
// figures read alike would be confused on a page). A figure that can be
// undefined says so in words.
func TestEveryFigureIsNamedOnce(t *testing.T) {
	keys, names, shorts := map[string]figureKey{}, map[string]figureKey{}, map[string]figureKey{}
	for k := range figureCount {
		f := k.figure()
		if f.key == "" || f.name == "" || f.short == "" || f.value == nil {
			t.Errorf("figure %d is incomplete: %+v", k, f)
			continue
		}
		for _, c := range []struct {
			seen map[string]figureKey
			text string
		}{{keys, f.key}, {names, f.name}, {shorts, f.short}} {
			if other, ok := c.seen[c.text]; ok {
				t.Errorf("figures %d and %d are both %q", other, k, c.text)
			}
			c.seen[c.text] = k
		}
		// An empty portfolio has no comparison, rule, Sharpe ratio or
		// underwater figures: those must say what their cell shows.
		if _, ok := f.value(&sim.Portfolio{}); !ok && f.undefined == "" {
			t.Errorf("%s can be undefined but has no words for it", f.key)
		}
	}
}

// TestFiguresReadTheirFields checks each figure's value on a portfolio
// whose every field holds a different number.
func TestFiguresReadTheirFields(t *testing.T) {
	p := sim.Portfolio{
		TerminalWealth:     sim.Dist{P5: 1, P50: 2, P95: 3},
		TerminalWealthReal: sim.Dist{P50: 4},
		AnnualizedReturn:   sim.Dist{P50: 5},
		VolatilityP50:      6, MaxDrawdownP50: 7, MaxDrawdownP95: 8,
		Underwater:           &sim.Underwater{LongestYearsP95: 9, ProbEnd: 10},
		SharpeP50:            new(11.0),
		CVaR95:               12,
		SuccessRate:          13,
		ProbGoal:             new(14.0),
		VsBaseline:           &sim.VsBaseline{ProbOutperform: 15, ProbTie: 16, ProbBehind: 17},
		DiversificationRatio: 18,
		Spending:             &sim.Spending{FirstYear: 19, RealMean: [5]float64{21, 0, 20, 0, 0}, RealMin: [2]float64{22, 0}, CutProb: 23, TotalRealP50: 24},
	}
	want := map[figureKey]float64{
		wealthP5: 1, medianWealth: 2, wealthP95: 3, medianRealWealth: 4, medianReturn: 5, medianVolatility: 6,
		medianDrawdown: 7, drawdownP95: 8, underwaterP95: 9, underwaterAtEnd: 10, medianSharpe: 11, cvar95: 12,
		successRate: 13, goalProbability: 14, aheadOfBaseline: 15, tiedWithBaseline: 16, behindBaseline: 17,
		diversificationRatio: 18, firstYearSpending: 19, medianSpending: 20, poorSpending: 21, leanestYear: 22, leanYear: 23, totalSpent: 24,
	}
	if len(want) != int(figureCount) {
		t.Fatalf("%d figures checked, %d exist", len(want), figureCount)
	}
	for k, w := range want {
		if got, ok := k.figure().value(&p); !ok || got != w {
			t.Errorf("%s = %v, %v; want %v", k.figure().key, got, ok, w)
		}
	}
}
