package sim

import (
	"testing"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// TestMemoryEstimateCountsEveryPass: model's count of the metric passes'
// figures per path (the memory estimate's) is what metricPasses keeps, with
// and without a spending rule that acts. A new metric that model does not
// count fails here.
func TestMemoryEstimateCountsEveryPass(t *testing.T) {
	critical := func(sc *model.Scenario) *model.Scenario {
		unit := *sc.Spending
		unit.Rule = portfolio.Constant
		sc.CriticalWithdrawal = &unit
		return sc
	}
	percent := func(sc *model.Scenario) *model.Scenario {
		sc.Spending.Rule = portfolio.Percent // no yearly actions to keep
		return sc
	}
	for _, tc := range []struct {
		name string
		sc   *model.Scenario
	}{
		{"default", example(t, "default", 10)},
		{"bench", example(t, "bench", 10)},
		{"history", example(t, "history", 10)},
		{"windows", example(t, "windows", 10)},
		{"retirement", example(t, "retirement", 10)},
		{"retirement, solved", critical(example(t, "retirement", 10))},
		{"retirement, percent", percent(example(t, "retirement", 10))},
	} {
		got, counted := passColumns(metricPasses(tc.sc)), tc.sc.PassColumns()
		if got != counted {
			t.Errorf("%s: the passes keep %d figures a path, model counts %d", tc.name, got, counted)
		}
	}
}

// TestPassesSeeTheYearsReturns: a metric pass finds in series.yearRet the
// calendar-year returns measure computed for VaR, Π(1+r) − 1 over each
// year's steps multiplied in step order, for the portfolio it measures.
func TestPassesSeeTheYearsReturns(t *testing.T) {
	sc := example(t, "retirement", 4)
	simulatePaths(sc, 4, func(i int, w *worker) {
		s, k := &w.series, w.p.k
		if len(s.yearRet) != w.p.years {
			t.Fatalf("path %d: %d yearly returns, want %d", i, len(s.yearRet), w.p.years)
		}
		for y, got := range s.yearRet {
			if want := yearGrowth(s.ret[y*k+1:(y+1)*k+1]) - 1; got != want {
				t.Errorf("path %d, year %d: yearRet %v, the steps' product %v", i, y+1, got, want)
			}
		}
	})
}
