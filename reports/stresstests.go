package reports

import (
	"github.com/xuri/excelize/v2"
)

func (b *book) stress(s *sheet) {
	st, sc := b.st, b.sc
	s.set(1, 1, "Stress tests", st.title)
	s.note(2, 1, 1+len(sc.Portfolios), stressNoteLines(sc), stressNote(sc))
	heads := []any{"Stress test"}
	for _, p := range sc.Portfolios {
		heads = append(heads, p.Name)
	}
	headHeight := max(45, headerHeight(heads, stressWidths(len(sc.Portfolios)))) // three lines, more for a long name
	s.row(1, 4, st.header, heads...)
	s.keep(b.f.SetRowHeight(s.name, 4, headHeight))
	n := len(sc.StressTests)
	for t, test := range sc.StressTests {
		s.set(1, 5+t, test.Name, st.text)
		for pi := range sc.Portfolios {
			s.set(2+pi, 5+t, b.res.Portfolios[pi].StressTests[t], st.percent)
		}
	}
	m := 5 + n + 1
	s.set(1, m, "Gain or loss in "+sc.Info.Currency, st.subtitle)
	s.row(1, m+1, st.header, heads...)
	s.keep(b.f.SetRowHeight(s.name, m+1, headHeight))
	for t, test := range sc.StressTests {
		s.set(1, m+2+t, test.Name, st.text)
		for pi := range sc.Portfolios {
			s.set(2+pi, m+2+t, sc.Initial*b.res.Portfolios[pi].StressTests[t], st.money)
		}
	}
	var series []excelize.ChartSeries
	for pi := range sc.Portfolios {
		series = append(series, excelize.ChartSeries{Name: s.ref(2+pi, 4, 2+pi, 4), Categories: s.ref(1, 5, 1, 4+n), Values: s.ref(2+pi, 5, 2+pi, 4+n),
			Fill: solid(palette[pi%len(palette)])}) // each portfolio in its colour on the Compare and Income sheets too
	}
	s.chart(cell(1, m+n+4), &excelize.Chart{
		Type:      excelize.Col,
		Series:    series,
		Title:     title("Return under each stress test"),
		Dimension: excelize.ChartDimension{Width: 820, Height: 380},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{TickLabelPosition: excelize.ChartTickLabelLow},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	})
	s.widths(stressWidths(len(sc.Portfolios))...)
	b.episodes(s, m+n+4+stressChartRows)
}

// stressWidths are the Stress tests sheet's column widths for n
// portfolios: the test's name, then a column per portfolio.
func stressWidths(n int) []float64 { return append([]float64{30}, repeat(18, n)...) }
