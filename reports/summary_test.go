package reports

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/divsim/divsim/portfolio"
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
		{"a rule: exactly 10% (1 − 0.9 is 0.0999…)", []float64{0.95, 0.9, 0.8}, 0.10, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := sim.Portfolio{Fan: fan}
			if tc.full != nil {
				p.Spending = &sim.Spending{FullShare: tc.full}
			}
			if got := depletionYear(&p, tc.q); got != tc.want {
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

// TestCommandTextBreaksAtWords: the reproducing command is broken into
// lines at its shell words (quoted words whole, shellQuote's '\” inside
// them too), each line within the width and ending in " \" but the last,
// so that the shell reads the lines as the command itself.
func TestCommandTextBreaksAtWords(t *testing.T) {
	cmd := `divsim sweep 'my plan.yaml' --sleeve 'Small-cap sleeve' --from 0 --to 0.3 --step 0.05 --paths 5000 --seed 20241129 --horizon 30 --out 'it'\''s plan-sweep.xlsx'`
	words := shellWords(cmd)
	want := []string{"divsim", "sweep", "'my plan.yaml'", "--sleeve", "'Small-cap sleeve'", "--from", "0", "--to", "0.3", "--step", "0.05",
		"--paths", "5000", "--seed", "20241129", "--horizon", "30", "--out", `'it'\''s plan-sweep.xlsx'`}
	if !slices.Equal(words, want) {
		t.Fatalf("shellWords:\n%q\nwant\n%q", words, want)
	}
	for _, width := range []float64{40, 60, 120, 400} {
		text := commandText(cmd, width)
		lines := strings.Split(text, "\n")
		if width == 400 && len(lines) != 1 {
			t.Errorf("width %v: %d lines, want 1", width, len(lines))
		}
		for i, line := range lines {
			if i < len(lines)-1 && !strings.HasSuffix(line, " \\") {
				t.Errorf("width %v: line %q does not continue", width, line)
			}
			if w := textWidth(line); w > 0.9*width && len(shellWords(strings.TrimSuffix(line, " \\"))) > 1 {
				t.Errorf("width %v: line %q is %v wide", width, line, w)
			}
		}
		if got := strings.Join(shellWords(strings.ReplaceAll(text, " \\\n", " ")), " "); got != strings.Join(want, " ") {
			t.Errorf("width %v: the lines read as %q", width, got)
		}
	}
}

// TestSuccessRateOnlyWhereSomethingIsWithdrawn: the Summary shows the
// success rate of a plan that withdraws (the default example's retirement
// income); without withdrawals no path can run out of money, and the row,
// 100 % everywhere, is left out.
func TestSuccessRateOnlyWhereSomethingIsWithdrawn(t *testing.T) {
	sc := resolve(t, "default", 100, nil)
	shows := func() bool {
		b := &book{sc: sc, res: &sim.Results{Paths: 100, Portfolios: make([]sim.Portfolio, len(sc.Portfolios))}}
		return slices.ContainsFunc(b.summaryColumns(), func(c summaryColumn) bool { return c.header == successRate.figure().name })
	}
	if !shows() {
		t.Error("the default example, which withdraws, has no success rate on its Summary")
	}
	sc.Flows = slices.DeleteFunc(sc.Flows, func(fl portfolio.Flow) bool { return fl.Amount < 0 })
	if shows() {
		t.Error("a plan that withdraws nothing shows a success rate")
	}
}

// TestSkippedMovesExplained: the default example's rate regimes name only
// moves through steady, yet a month can go from cutting to hiking by two
// moves within it (0.04 %): the Regimes sheet's note says so, naming both
// such moves; the two-state growth chain has none.
func TestSkippedMovesExplained(t *testing.T) {
	sc := resolve(t, "default", 100, nil)
	for _, ch := range sc.Regimes.Chains {
		got := skippedMoves(ch, sc.Simulation.StepsPerYear)
		switch len(ch.States) {
		case 2:
			if got != "" {
				t.Errorf("%s: %q, want nothing", ch.Name, got)
			}
		default:
			if !strings.Contains(got, "(cutting to hiking, hiking to cutting) is two moves within one monthly step") {
				t.Errorf("%s: %q", ch.Name, got)
			}
		}
	}
}

// TestSummaryBeside: the details and the note go beside the Summary's
// table only when the table leaves three columns free and everything fits
// there on lines of its own: a value too long for its column, or a table
// too short for the details and the note, keeps them under the table.
func TestSummaryBeside(t *testing.T) {
	details := [][2]any{{"Client", "Sample Retiree"}, {"Prepared by", "Example Advisors"}, {"Simulated paths", 10000}, {"Horizon", "30 years, 12 steps a year"}}
	note := "Returns are annualized and net of fees and costs."
	long := [][2]any{{"Client", "The Jonathan and Elizabeth Worthington-Smythe Family Trust"}}
	for _, tc := range []struct {
		name       string
		portfolios int
		details    [][2]any
		rows       int
		want       bool
	}{
		{"three portfolios", 3, details, 19, true},
		{"one portfolio", 1, details, 19, true},
		{"four portfolios", 4, details, 19, false},
		{"a value too long", 3, long, 19, false},
		{"a table too short", 3, details, len(details) + 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			side, ok := summaryBeside(tc.portfolios, tc.details, note, tc.rows)
			if ok != tc.want {
				t.Fatalf("beside: %v, want %v", ok, tc.want)
			}
			if !ok {
				return
			}
			if got, want := total(side.widths), total(summaryWidths()); math.Abs(got-want) > 1e-9 {
				t.Errorf("the columns' widths add to %v, want the Summary's %v", got, want)
			}
			if side.label != side.value-1 || side.value != len(side.widths) {
				t.Errorf("label column %d, value column %d of %d", side.label, side.value, len(side.widths))
			}
		})
	}
}

func total(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// TestPointsTextRoundsUp: a standard error given as "at most" is rounded
// up to a tenth of a point (3,000 paths: 0.913 reads 1.0, not 0.9), and one
// on a tenth stays there (10,000 paths: exactly 0.5).
func TestPointsTextRoundsUp(t *testing.T) {
	for _, tc := range []struct {
		se   float64
		want string
	}{
		{sim.ShareSE(0.5, 3000), "1.0 percentage points"},
		{sim.ShareSE(0.5, 10000), "0.5 percentage points"},
		{sim.ShareSE(0.5, 2000), "1.2 percentage points"},
		{0.0001, "0.1 percentage points"},
		{0, "0.0 percentage points"},
	} {
		if got := pointsText(tc.se); got != tc.want {
			t.Errorf("pointsText(%g) = %q, want %q", tc.se, got, tc.want)
		}
	}
}
