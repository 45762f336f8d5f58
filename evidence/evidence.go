// Package evidence says what the monthly history says about the assets of
// a scenario (SCENARIO.md, "History", divsim evidence): each asset's
// annualized mean and volatility under each label of the history's label
// columns (rate regimes, growth), and the first-cut study: how each asset
// did over the 3, 6 and 12 months after the first rate cut of each easing
// cycle, alone and against a benchmark. It describes the past; it is not a
// forecast, and the study rests on few events.
package evidence

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/internal/stats"
	"github.com/divsim/divsim/model"
)

// Asset is an asset of the scenario and its history column.
type Asset struct {
	ID, Name, Column string
}

// AssetsOf is the scenario's assets that name a history column, in the
// file's order: the assets evidence can describe.
func AssetsOf(sc *model.Scenario) []Asset {
	var out []Asset
	for _, a := range sc.Assets {
		if a.History != "" {
			out = append(out, Asset{ID: a.ID, Name: a.Name, Column: a.History})
		}
	}
	return out
}

// Spans are the first-cut study's horizons, in months after the event month.
var spans = [...]int{3, 6, 12}

// Spans returns the study's horizons in months.
func Spans() []int { return slices.Clone(spans[:]) }

// The first-cut study's definitions (SCENARIO.md): the label column and
// label of a rate cut, and the months without one that make a cut the
// first of a new easing cycle.
const (
	RateColumn  = "rate_regime"
	CutLabel    = "cutting"
	QuietMonths = 6
)

// LabelStats are the assets' figures over the months carrying one label
// of a label column: annualized mean (1+μ)^12 − 1 and volatility σ·√12 of
// the monthly returns, σ the sample standard deviation (n − 1); NaN where
// an asset has fewer than two months with a value.
type LabelStats struct {
	Column, Label string
	Months        int // months carrying the label
	Mean, Vol     []float64
}

// Event is a first cut: the month and, per span and asset, the cumulative
// return over the span's months after it (NaN when the table ends first
// or a month has no value).
type Event struct {
	Month   history.Month
	Returns [len(spans)][]float64
}

// Summary is one span's figures for one asset over the events with a
// value: how many, the mean and median cumulative return and the share
// positive; and the same of its excess over the benchmark (the difference
// of the cumulative returns; NaN for the benchmark itself).
type Summary struct {
	Count                                 int
	Mean, Median, SharePositive           float64
	ExcessMean, ExcessMedian, ShareBeaten float64 // ShareBeaten: share with excess above 0
}

// Report is everything evidence says.
type Report struct {
	Table      string // the history's name
	From, To   history.Month
	Assets     []Asset
	Benchmark  int // index into Assets
	Labels     []LabelStats
	Events     []Event
	Summaries  [len(spans)][]Summary // [span][asset]
	HasCutting bool                  // the table has the rate column with cuts
}

// Analyze computes the report from the table for the assets (each with a
// column of the table), against Assets[benchmark].
func Analyze(t *history.Table, assets []Asset, benchmark int) (*Report, error) {
	if len(assets) == 0 {
		return nil, errors.New("no asset has a history column")
	}
	if benchmark < 0 || benchmark >= len(assets) {
		return nil, fmt.Errorf("benchmark %d out of range", benchmark)
	}
	cols := make([][]float64, len(assets))
	for i, a := range assets {
		c, ok := t.Numeric[a.Column]
		if !ok {
			return nil, fmt.Errorf("asset %s: no numeric column %q in %s", a.ID, a.Column, t.Name)
		}
		cols[i] = c
	}
	r := &Report{Table: t.Name, From: t.First, To: t.Month(t.Months - 1), Assets: assets, Benchmark: benchmark}
	for _, name := range t.Order {
		labels, ok := t.Labels[name]
		if !ok {
			continue
		}
		r.Labels = append(r.Labels, labelStats(name, labels, cols)...)
	}
	if rates, ok := t.Labels[RateColumn]; ok {
		r.HasCutting = slices.Contains(rates, CutLabel)
		for _, m := range FirstCuts(rates) {
			r.Events = append(r.Events, event(t, m, cols))
		}
	}
	for s := range spans {
		for a := range assets {
			r.Summaries[s] = append(r.Summaries[s], summarize(r.Events, s, a, benchmark))
		}
	}
	return r, nil
}

// labelStats are the figures under each label of one column, labels in
// order of first appearance.
func labelStats(column string, labels []string, cols [][]float64) []LabelStats {
	var order []string
	for _, l := range labels {
		if l != "" && !slices.Contains(order, l) {
			order = append(order, l)
		}
	}
	var out []LabelStats
	for _, l := range order {
		ls := LabelStats{Column: column, Label: l}
		for _, x := range labels {
			if x == l {
				ls.Months++
			}
		}
		for _, col := range cols {
			var xs []float64
			for i, x := range labels {
				if x == l && !math.IsNaN(col[i]) {
					xs = append(xs, col[i])
				}
			}
			mean, vol := annualized(xs)
			ls.Mean, ls.Vol = append(ls.Mean, mean), append(ls.Vol, vol)
		}
		out = append(out, ls)
	}
	return out
}

// annualized is (1+μ)^12 − 1 and σ·√12 of monthly returns (σ with n − 1);
// NaN for fewer than two.
func annualized(xs []float64) (mean, vol float64) {
	if len(xs) < 2 {
		return math.NaN(), math.NaN()
	}
	mu := 0.0
	for _, x := range xs {
		mu += x
	}
	mu /= float64(len(xs))
	ss := 0.0
	for _, x := range xs {
		d := x - mu
		ss += float64(d * d)
	}
	return history.Annualized(mu, ss/float64(len(xs)-1))
}

// FirstCuts are the months (indices into labels) that start an easing
// cycle: a cutting month preceded by at least QuietMonths months of the
// table, none of them cutting. A cut in the table's first QuietMonths
// months is not one: what came before it is unknown.
func FirstCuts(labels []string) []int {
	var out []int
	for i := QuietMonths; i < len(labels); i++ {
		if labels[i] == CutLabel && !slices.Contains(labels[i-QuietMonths:i], CutLabel) {
			out = append(out, i)
		}
	}
	return out
}

// event is the cumulative returns after month m over each span.
func event(t *history.Table, m int, cols [][]float64) Event {
	e := Event{Month: t.Month(m)}
	for s, n := range spans {
		for _, col := range cols {
			e.Returns[s] = append(e.Returns[s], cumulative(col, m+1, m+n))
		}
	}
	return e
}

// cumulative is Π(1+r) − 1 over months from..to; NaN past the column's
// end or over a month without a value.
func cumulative(col []float64, from, to int) float64 {
	if to >= len(col) {
		return math.NaN()
	}
	g := 1.0
	for _, r := range col[from : to+1] {
		g *= 1 + r
	}
	return g - 1
}

// summarize is span s's figures for asset a over the events with a value.
func summarize(events []Event, s, a, benchmark int) Summary {
	var xs, excess []float64
	for _, e := range events {
		x, b := e.Returns[s][a], e.Returns[s][benchmark]
		if math.IsNaN(x) {
			continue
		}
		xs = append(xs, x)
		if a != benchmark && !math.IsNaN(b) { // the benchmark against itself says nothing
			excess = append(excess, x-b)
		}
	}
	sm := Summary{Count: len(xs), Mean: stats.Mean(xs), Median: stats.Median(xs), SharePositive: shareAbove(xs),
		ExcessMean: stats.Mean(excess), ExcessMedian: stats.Median(excess), ShareBeaten: shareAbove(excess)}
	return sm
}

// shareAbove is the share of values above 0; NaN for none.
func shareAbove(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	n := 0
	for _, x := range xs {
		if x > 0 {
			n++
		}
	}
	return float64(n) / float64(len(xs))
}
