package sim

import (
	"github.com/divsim/divsim/model"
)

// pathMetric is one metric of SCENARIO.md computed as a pass over a
// portfolio's finished path (its series). It keeps a few figures per path
// in columns of the portfolio's store, which shards save and merge like
// every other per-path figure, and summarizes them across paths into the
// portfolio's results.
//
// Adding a metric touches the metric's own file (a type implementing
// pathMetric, listed in metricPasses), the results type (Portfolio), the
// memory estimate's count of columns (model.Scenario.PassColumns) and the
// reports (doc.go lists them); the engine, the stores and the partial
// files need no change.
type pathMetric interface {
	// columns is how many figures the metric keeps per path.
	columns() int
	// measure writes one path's figures into out (columns() of them)
	// from the portfolio's series on it, over years of k steps: its steps
	// and what measure derived from them, the calendar-year returns
	// (s.yearRet) and the index after each step (s.growth).
	measure(s *series, k, years int, out []float64)
	// summarize writes the metric's summaries into r from every path's
	// figures, cols[c][path] for column c; buf has room for one column.
	summarize(cols [][]float64, buf []float64, r *Portfolio)
}

// metricPasses is the scenario's metrics computed as passes, in the order
// their columns sit in a store.
func metricPasses(sc *model.Scenario) []pathMetric {
	passes := []pathMetric{underwaterMetric{}}
	if sp := sc.Spending; sp != nil {
		passes = append(passes, spendingMetric{first: sp.StartYear, last: sp.EndYear,
			years: sc.Simulation.HorizonYears, percentiles: sc.Report.Percentiles, acts: sp.Rule.Traits().Acts})
	}
	if unit := sc.CriticalWithdrawal; unit != nil {
		passes = append(passes, newCriticalMetric(sc, unit))
	}
	return passes
}

// passColumns is the number of per-path columns all passes keep.
func passColumns(ms []pathMetric) int {
	n := 0
	for _, m := range ms {
		n += m.columns()
	}
	return n
}
