package reports

import (
	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/model"
)

func (b *book) stress(s *sheet) {
	st, sc := b.st, b.sc
	s.set(1, 1, "Stress tests", st.title)
	down := portfoliosDown(sc)
	widths := stressWidths(sc)
	// As tall as the note's words wrap across the tables' columns
	// (noteLines): a floor of lines counted by hand and textLines' rule
	// gave the default example's two lines three, the bench's one two.
	s.note(2, 1, len(widths), noteLines(stressNote(sc), sumWidths(widths)), stressNote(sc))
	n := len(sc.StressTests)
	returns := func(pi, t int) float64 { return b.res.Portfolios[pi].StressTests[t] }
	first := b.stressTable(s, 4, down, returns, st.percent)
	s.keepTogether(4, first+stressRows(sc, down)-1)
	m := first + stressRows(sc, down) + 1
	s.set(1, m, "Gain or loss in "+sc.Info.Currency, st.subtitle)
	b.stressTable(s, m+1, down, func(pi, t int) float64 { return sc.Initial * returns(pi, t) }, st.money)
	s.keepTogether(m, m+1+stressRows(sc, down))
	// A series per portfolio over the tests, as the table lies.
	var series []excelize.ChartSeries
	for pi := range sc.Portfolios {
		cs := excelize.ChartSeries{Name: s.ref(2+pi, 4, 2+pi, 4), Categories: s.ref(1, first, 1, first+n-1),
			Values: s.ref(2+pi, first, 2+pi, first+n-1)}
		if down {
			cs = excelize.ChartSeries{Name: s.ref(1, first+pi, 1, first+pi), Categories: s.ref(2, 4, 1+n, 4),
				Values: s.ref(2, first+pi, 1+n, first+pi)}
		}
		cs.Fill = solid(portfolioColor(pi)) // each portfolio in its colour on the Compare and Income sheets too
		series = append(series, cs)
	}
	chartRow := m + 1 + stressRows(sc, down) + 2
	s.chart(cell(1, chartRow), &excelize.Chart{
		Type:      excelize.Col,
		Series:    series,
		Title:     title("Return under each stress test"),
		Dimension: excelize.ChartDimension{Width: 820, Height: 380},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{TickLabelPosition: excelize.ChartTickLabelLow},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	})
	s.widths(widths...)
	b.episodes(s, chartRow+stressChartRows)
}

// stressTable writes a table of one figure per portfolio and stress test
// with its header on row r, the tests down and the portfolios across, or
// the other way round when down (portfoliosDown); it returns the row of
// the first line under the header.
func (b *book) stressTable(s *sheet, r int, down bool, figure func(pi, t int) float64, style int) int {
	sc := b.sc
	heads := []any{"Stress test"}
	for _, p := range sc.Portfolios {
		heads = append(heads, p.Name)
	}
	if down {
		heads = []any{"Portfolio"}
		for _, test := range sc.StressTests {
			heads = append(heads, test.Name)
		}
	}
	s.row(1, r, b.st.header, heads...)
	s.keep(b.f.SetRowHeight(s.name, r, max(45, headerHeight(heads, stressWidths(sc))))) // three lines, more for a long name
	for t, test := range sc.StressTests {
		for pi, p := range sc.Portfolios {
			if down {
				s.nameCell(1, r+1+pi, p.Name, stressNameColumn)
				s.set(2+t, r+1+pi, figure(pi, t), style)
			} else {
				s.nameCell(1, r+1+t, test.Name, stressNameColumn)
				s.set(2+pi, r+1+t, figure(pi, t), style)
			}
		}
	}
	return r + 1
}

// stressMaxWidth is the widest the Stress tests sheet's tables may be, in
// widths of a character, with the portfolios across: wider, they print
// below 9 pt, and the portfolios go down instead.
const stressMaxWidth = 140

// portfoliosDown reports whether the stress tables list the portfolios
// down and the tests across: when the portfolios are too many to stand
// across the page and fewer tests would.
func portfoliosDown(sc *model.Scenario) bool {
	across := func(n int) float64 { return 30 + float64(18*float64(n)) }
	return across(len(sc.Portfolios)) > stressMaxWidth && len(sc.StressTests) < len(sc.Portfolios)
}

// stressRows is how many lines a stress table has under its header.
func stressRows(sc *model.Scenario, down bool) int {
	if down {
		return len(sc.Portfolios)
	}
	return len(sc.StressTests)
}

// stressWidths are the Stress tests sheet's column widths: the first
// column's names, then a column per portfolio (or per test when the
// portfolios go down).
func stressWidths(sc *model.Scenario) []float64 {
	n := len(sc.Portfolios)
	if portfoliosDown(sc) {
		n = len(sc.StressTests)
	}
	return append([]float64{stressNameColumn}, repeat(18, n)...)
}

// stressNameColumn is the width of the stress tables' names.
const stressNameColumn = 30
