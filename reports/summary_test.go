package reports

import (
	"strings"
	"testing"

	"github.com/divsim/divsim/sim"
)

// TestDepletionYear: the Summary's "year by which 5 % of paths ran out of
// money" counts the engine's depletions where a spending rule runs, so a
// rule that empties every path in its last year as planned (vpw, a fan of
// 0 in year 3 with all paths paying in full) has none; without a rule it
// is the first year the fan's lowest percentile is 0.
func TestDepletionYear(t *testing.T) {
	fan := sim.Fan{Percentiles: []float64{5, 50, 95}, Nominal: [][]float64{{100, 50, 20, 0}, {100, 90, 80, 70}, {100, 120, 140, 160}}}
	for _, tc := range []struct {
		name string
		full []float64 // Spending.FullShare by year; nil: no spending rule
		q    float64
		want int
	}{
		{"no rule: the fan's first zero", nil, 0.05, 3},
		{"vpw: emptied as planned, none ran out", []float64{1, 1, 1}, 0.05, 0},
		{"a rule: 4% then 6% ran out", []float64{1, 0.96, 0.94}, 0.05, 3},
		{"a rule: exactly the share", []float64{0.99, 0.95, 0.9}, 0.05, 2},
		{"a rule: 1% percentile", []float64{0.99, 0.95, 0.9}, 0.01, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := sim.Portfolio{Fan: fan}
			if tc.full != nil {
				p.Spending = &sim.Spending{FullShare: tc.full}
			}
			if got := depletionYear(p, tc.q); got != tc.want {
				t.Errorf("depletionYear = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestGlideNoteNamesAllocationsOnlyWhereItIs: the Assumptions sheet's glide
// path points to the Allocations sheet's table in a run's workbook, and
// not in a sweep's or a solve's, which have no Allocations sheet.
func TestGlideNoteNamesAllocationsOnlyWhereItIs(t *testing.T) {
	sc := resolve(t, "retirement", 100, nil) // a glide path
	for _, kind := range []bookKind{runBook, sweepBook, rateSweepBook, solveBook} {
		f, b, s := styledSheet(t)
		b.sc, b.kind, b.res = sc, kind, &sim.Results{Paths: 100}
		b.assumptions(s)
		if s.err != nil {
			t.Fatal(s.err)
		}
		rows, err := f.GetRows("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		named := strings.Contains(fmtRows(rows), "Allocations sheet")
		if named != (kind == runBook) {
			t.Errorf("kind %d: names the Allocations sheet %v, want %v", kind, named, kind == runBook)
		}
	}
}
