// The episodes part of the Stress tests sheet: each episode of history
// replayed, below the one-period shocks (whose tables and chart already
// carry each episode's total return), with each portfolio's deepest fall,
// its months to recover and a chart of its path through the episode.

package reports

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// stressChartRows is how many rows the Stress tests sheet's chart of
// returns covers (380 pixels at 20 a row), with a margin.
const stressChartRows = 24

// episodeChartRows is how many rows an episode's path chart covers
// (episodeChartHeight pixels at 20 a row), with a margin: two charts to a
// printed page.
const episodeChartRows = 14 // 13 rows of 18 pixels as excelize anchors it, and one between

// episodeChartHeight is an episode chart's height in pixels: room for its
// upright month ends under the plot.
const episodeChartHeight = 230

// sheetEpisodeData holds the episodes' month-by-month paths the charts
// draw: hidden, since as tables they printed a page an episode of figures
// such as 0.97, 0.96, 0.93 a client need not read.
const sheetEpisodeData = "Episode data"

// episodeTests returns the indices of the scenario's episodes among its
// stress tests.
func episodeTests(sc *model.Scenario) []int {
	var out []int
	for t, test := range sc.StressTests {
		if test.Episode != nil {
			out = append(out, t)
		}
	}
	return out
}

// stressNote is the Stress tests sheet's note under its title.
func stressNote(sc *model.Scenario) string {
	text := "Each portfolio's return at its target weights if the shock happened at once; below, the gain or loss on the initial investment."
	if len(episodeTests(sc)) > 0 {
		text = "Each portfolio's return at its target weights if the shock happened at once, or over an episode replayed from history " +
			"(below); then the gain or loss on the initial investment."
	}
	for _, note := range stressNotes(sc) {
		text += " " + note
	}
	return text
}

// stressNotes are the file's words on where its stress tests' figures
// come from (stress_tests[].note), "Name: note." each.
func stressNotes(sc *model.Scenario) []string {
	var notes []string
	for _, t := range sc.StressTests {
		if t.Note != "" {
			notes = append(notes, t.Name+": "+strings.TrimSuffix(t.Note, ".")+".")
		}
	}
	return notes
}

// episodes writes the episodes replayed from history on the Stress tests
// sheet from row r on; nothing when the scenario has none.
func (b *book) episodes(s *sheet, r int) {
	sc, st := b.sc, b.st
	tests := episodeTests(sc)
	if len(tests) == 0 {
		return
	}
	np := len(sc.Portfolios)
	first := sc.StressTests[tests[0]].Episode
	end := mustMonth(first.From) + history.Month(len(first.Returns)-1) // the history's last month
	s.pageBreak(r)
	s.set(1, r, "Episodes replayed from history", st.subtitle)
	widths := append([]float64{30}, repeat(18, max(np, 3))...) // room for From, To and Months
	s.widths(widths...)
	note := fmt.Sprintf("Each portfolio lives through the episode's months as they came, from its target weights, "+
		"with its fee, rebalancing and costs and no withdrawals or contributions; its total return over the window is the figure above. "+
		"The deepest fall is measured inside the window, its start counting as a peak. Months to recover count from the window's start "+
		"until the portfolio is back at its starting value after its lowest point, following history past the window to %s; "+
		"0 when it never fell below it, \"not by %s\" when it never got back. "+
		"History is one path among many that could have happened: these are not forecasts.", end, end)
	// As tall as its words wrap (a character a unit of width counted 8
	// lines for 7).
	s.note(r+1, 1, len(widths), noteLines(note, sumWidths(widths)), note)
	r += 3
	s.header(1, r, "Episode", "From", "To", "Length (months)")
	for i, t := range tests {
		ep := sc.StressTests[t].Episode
		s.set(1, r+1+i, sc.StressTests[t].Name, st.text)
		s.row(2, r+1+i, st.center, ep.From, ep.To)
		s.set(4, r+1+i, ep.Months, st.integer)
	}
	r += len(tests) + 2
	heads := []any{"Episode"}
	for _, p := range sc.Portfolios {
		heads = append(heads, p.Name)
	}
	r = b.episodeTable(s, r, "Deepest fall inside the window", heads, tests, func(e *sim.Episode) (any, int) {
		return e.MaxDrawdown, st.percent
	})
	r = b.episodeTable(s, r, "Months to recover", heads, tests, func(e *sim.Episode) (any, int) {
		if e.RecoveryMonths < 0 {
			return "not by " + end.String(), st.center
		}
		return e.RecoveryMonths, st.integer
	})
	if _, err := b.f.NewSheet(sheetEpisodeData); err != nil {
		s.keep(err)
		return
	}
	data := &sheet{b: b, name: sheetEpisodeData}
	data.set(1, 1, "Each episode month by month: the data of the Stress tests sheet's charts", st.title)
	where := "Each chart's figures, each portfolio's growth of 1 at every month's end, are on the sheet “" + sheetEpisodeData +
		"”, hidden so that it does not print (unhide it to see them)."
	s.note(r, 1, len(widths), noteLines(where, sumWidths(widths)), where)
	r += 2
	dataRow := 3
	for _, t := range tests { // two charts to a page, each kept whole (paginate)
		r, dataRow = b.episodePath(s, data, r, dataRow, sc.StressTests[t], t)
	}
	data.widths(append([]float64{12}, repeat(16, np)...)...)
	data.printSetup()
	s.keep(data.err)
	s.keep(b.f.SetSheetVisible(sheetEpisodeData, false))
}

// episodeTable writes a table of one figure per episode (rows) and
// portfolio (columns) under a subtitle from row r, and returns the row
// after it.
func (b *book) episodeTable(s *sheet, r int, name string, heads []any, tests []int, figure func(*sim.Episode) (any, int)) int {
	s.set(1, r, name, b.st.subtitle)
	s.header(1, r+1, heads...)
	for i, t := range tests {
		s.set(1, r+2+i, b.sc.StressTests[t].Name, b.st.text)
		for pi := range b.sc.Portfolios {
			v, style := figure(b.res.Portfolios[pi].Episodes[t])
			s.set(2+pi, r+2+i, v, style)
		}
	}
	return r + len(tests) + 3
}

// episodePath writes stress test t's episode: each portfolio's index at
// the window's start (the end of the month before it) and at each month's
// end on the data sheet from row dataRow, and a line chart of them on s at
// row r; it returns the rows after each.
func (b *book) episodePath(s, data *sheet, r, dataRow int, test model.StressTest, t int) (int, int) {
	ep := test.Episode
	data.set(1, dataRow, test.Name+": growth of 1", b.st.subtitle)
	head := dataRow + 1
	heads := []any{"Month end"}
	cols := make([]int, len(b.sc.Portfolios))
	for pi, p := range b.sc.Portfolios {
		heads = append(heads, p.Name)
		cols[pi] = 2 + pi
	}
	data.header(1, head, heads...)
	start := mustMonth(ep.From) - 1
	for m := 0; m <= ep.Months; m++ {
		data.set(1, head+1+m, (start + history.Month(m)).String(), b.st.center)
		for pi := range b.sc.Portfolios {
			data.set(2+pi, head+1+m, b.res.Portfolios[pi].Episodes[t].Path[m], b.st.number2)
		}
	}
	var lines []excelize.ChartSeries
	for pi, col := range cols {
		lines = append(lines, excelize.ChartSeries{Name: data.ref(col, head, col, head), Categories: data.ref(1, head+1, 1, head+1+ep.Months),
			Values: data.ref(col, head+1, col, head+1+ep.Months), Marker: excelize.ChartMarker{Symbol: "none"},
			Line: excelize.LineOptions{Width: 2}, Fill: solid(portfolioColor(pi))}) // each portfolio in its colour, as on the other sheets
	}
	// One scale for every episode, from a tenth below the lowest value
	// of any to a tenth above the highest, so that the charts compare at
	// a glance (each fitted to its own fall, a 6 % dip looked like a 40 %
	// crash); 1 is always on it.
	low, high := b.episodeRange()
	axisMin, axisMax := math.Floor(low*10)/10-0.1, math.Ceil(high*10)/10+0.1
	s.chart(cell(1, r), &excelize.Chart{Type: excelize.Line, Series: lines,
		Title:     title(test.Name + ": growth of 1"),
		Dimension: excelize.ChartDimension{Width: 700, Height: episodeChartHeight}, Legend: excelize.ChartLegend{Position: "right"},
		// Month ends turned upright: across, LibreOffice (which ignores
		// the label spacing) broke "2000-08" over three lines.
		XAxis: excelize.ChartAxis{TickLabelSkip: 1 + ep.Months/12, Alignment: excelize.Alignment{TextRotation: -90}},
		YAxis: excelize.ChartAxis{MajorGridLines: true, Minimum: &axisMin, Maximum: &axisMax,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.00"}}})
	return r + episodeChartRows, head + ep.Months + 3
}

// episodeRange is the lowest and the highest value of any portfolio's
// index in any episode (1 included).
func (b *book) episodeRange() (low, high float64) {
	low, high = 1, 1
	for _, p := range b.res.Portfolios {
		for _, ep := range p.Episodes {
			if ep == nil {
				continue
			}
			for _, v := range ep.Path {
				low, high = min(low, v), max(high, v)
			}
		}
	}
	return low, high
}

// mustMonth reads a month the scenario's validation has checked.
func mustMonth(s string) history.Month {
	m, err := history.ParseMonth(s)
	if err != nil {
		panic(err) // validated
	}
	return m
}
