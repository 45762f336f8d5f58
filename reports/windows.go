// The Rolling windows sheet of a run's workbook: under return_model
// historical, success and terminal wealth by start year, a chart of every
// window with the failed ones marked, and the worst start years.

package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/internal/stats"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

const sheetWindows = "Rolling windows"

// worstShown is how many of the worst start years the sheet names.
const worstShown = 3

// startYear summarizes one portfolio's windows that start in one calendar
// year.
type startYear struct {
	Year     string
	Windows  int
	Survived int
	// MedianReal is the median terminal real wealth of the year's windows
	// (nominal when the scenario models no inflation).
	MedianReal float64
}

// Success is the share of the year's windows that never ran out of money.
func (y startYear) Success() float64 { return float64(y.Survived) / float64(y.Windows) }

// byStartYear groups a portfolio's windows by the calendar year they start
// in (starts are YYYY-MM, in order), in year order.
func byStartYear(starts []string, w *sim.Windows) []startYear {
	var out []startYear
	var real []float64
	for i, s := range starts {
		year := s[:4]
		if len(out) == 0 || out[len(out)-1].Year != year {
			if len(out) > 0 {
				out[len(out)-1].MedianReal = stats.Median(real)
			}
			out = append(out, startYear{Year: year})
			real = real[:0]
		}
		y := &out[len(out)-1]
		y.Windows++
		if !w.Depleted[i] {
			y.Survived++
		}
		real = append(real, w.TerminalReal[i])
	}
	if len(out) > 0 {
		out[len(out)-1].MedianReal = stats.Median(real)
	}
	return out
}

// worstStartYears returns the n worst start years, worst first: the lowest
// share of windows that lasted, then the lowest median terminal wealth;
// and after them every year as bad as the last (none lasted, each ended at
// 0, say), which a cut at n dropped in silence, as if the nth were worse.
func worstStartYears(years []startYear, n int) []startYear {
	s := slices.Clone(years)
	order := func(a, b startYear) int {
		return cmp.Or(cmp.Compare(a.Success(), b.Success()), cmp.Compare(a.MedianReal, b.MedianReal))
	}
	slices.SortStableFunc(s, order)
	n = min(n, len(s))
	for n > 0 && n < len(s) && order(s[n], s[n-1]) == 0 {
		n++
	}
	return s[:n]
}

// hasWindows reports whether the run replayed rolling windows.
func (b *book) hasWindows() bool { return b.sc.History != nil && b.sc.History.Starts != nil }

// windows writes the Rolling windows sheet: what a window is, success and
// median terminal wealth by start year, the worst start years, and one
// chart of every window a portfolio, whose figures go to a hidden sheet of
// their own.
func (b *book) windows(s *sheet) {
	var years [][]startYear
	for _, p := range b.res.Portfolios {
		years = append(years, byStartYear(b.sc.History.Starts, p.Windows))
	}
	widths := windowsWidths(b)
	b.windowsIntro(s, widths)
	r := b.startYearTables(s, 4, years, widths)
	r = b.worstStartYearsTable(s, r, years, widths)
	chartsAt := windowDataNote(s, r+1, widths) // after an empty row
	data, err := b.newWindowData()
	if err != nil {
		s.keep(err)
		return
	}
	b.chartEveryWindow(s, data, chartsAt)
	windowsCharts(s, chartsAt, len(b.res.Portfolios))
	s.widths(widths...)
	b.finishWindowData(s, data)
}

// windowsWidths are the sheet's column widths. The notes run across the
// tables' columns, as wide as the names make them: measured at the
// narrowest, 101, the note took a line more than it prints on.
func windowsWidths(b *book) []float64 {
	return append([]float64{10, 13}, repeat(max(13, nameWordsWidth(b)), 2*windowsBlock)...)
}

// windowsWealth names the sheet's wealth: in today's money, or nominal
// when the scenario models no inflation. kind says so in a chart's title,
// head after a column's head, and after at the end of a sentence.
func windowsWealth(sc *model.Scenario) (kind, head, after string) {
	if sc.Inflation == nil {
		return "nominal (no inflation modeled)", "", ""
	}
	return "in today's money", " (today's money)", " in today's money"
}

// windowsIntro writes the sheet's title and the note under it, which says
// what a window is and what the tables' red means.
func (b *book) windowsIntro(s *sheet, widths []float64) {
	h := b.sc.History
	n := len(h.Starts)
	horizon := b.sc.Simulation.HorizonYears
	s.set(1, 1, fmt.Sprintf("Rolling windows: every %d-year stretch of history", horizon), b.st.title)
	wrap := fmt.Sprintf("one window starts at each month from %s to %s whose %d years fit inside the history window %s to %s",
		h.Starts[0], h.Starts[n-1], horizon, h.From, h.To)
	if h.Wrap {
		wrap = fmt.Sprintf("one window starts at each month of the history window %s to %s; windows that run past %s continue from %s",
			h.From, h.To, h.To, h.From)
	}
	// How many windows each portfolio lasted in is on the Summary; here
	// the note says what a window is, short enough that the first table
	// shares its page.
	note := fmt.Sprintf("Each window replays the months of "+h.Source.File+" in order, asset returns and inflation together: %s, "+
		"%d windows in all. Years, cash flows and rebalancing count from each window's first month. These are the outcomes "+
		"history produced, not a random sample: neighboring windows share most of their months, so they are not independent.",
		wrap, n) + "\n" + windowsShadingNote
	s.note(2, 1, 2+2*windowsBlock, noteLines(note, sumWidths(widths)), note)
}

// startYearTables writes from row r success and median terminal wealth by
// start year (years, a portfolio's each), in blocks of windowsBlock
// portfolios so that each prints one page wide, and returns the row after
// them. The first table prints on the first page, with the note above it.
func (b *book) startYearTables(s *sheet, r int, years [][]startYear, widths []float64) int {
	_, short, _ := windowsWealth(b.sc)
	for lo := 0; lo < len(years); lo += windowsBlock {
		hi := min(lo+windowsBlock, len(years))
		heads := []any{"Start year", "Windows"}
		for _, p := range b.res.Portfolios[lo:hi] {
			heads = append(heads, p.Name+": lasted", p.Name+": median wealth"+short)
		}
		for from := 0; from < len(years[0]); from += yearsPerTable {
			last := startYearTable(s, r, heads, widths, years[lo:hi], from, min(from+yearsPerTable, len(years[0])))
			if lo == 0 && from == 0 {
				s.firstPageThrough(last) // alone, the note took a page of its own
			}
			r = last + 2
		}
	}
	return r
}

// startYearTable writes the start years from..to of a block of portfolios'
// years under heads on row r, the shares of windows that lasted below 100%
// shaded, kept on one page, and returns its last row.
func startYearTable(s *sheet, r int, heads []any, widths []float64, block [][]startYear, from, to int) int {
	st := s.b.st
	// As tall as the longest head wraps in bold (4 lines for
	// "Stocks and bonds 50/50: median wealth (today's money)"):
	// s.header's character rule gave 7, a blank band atop each table.
	s.row(1, r, st.header, heads...)
	s.keep(s.b.f.SetRowHeight(s.name, r, boldHeadHeight(heads, widths)))
	// Every portfolio's start years and their windows are the same.
	for i, y := range block[0][from:to] {
		row := r + 1 + i
		s.set(1, row, y.Year, st.center)
		s.set(2, row, y.Windows, st.integer)
		for k, portfolio := range block {
			py := portfolio[from+i]
			s.set(3+2*k, row, py.Success(), st.shareStyle(py.Success()))
			s.set(4+2*k, row, py.MedianReal, st.money)
		}
	}
	last := r + to - from
	for k := range block {
		col, _ := excelize.ColumnNumberToName(3 + 2*k)
		rng := fmt.Sprintf("%s%d:%s%d", col, r+1, col, last)
		s.keep(s.b.f.SetConditionalFormat(s.name, rng, []excelize.ConditionalFormatOptions{
			{Type: "cell", Criteria: "<", Format: &st.worst, Value: "1"},
		}))
	}
	s.keepTogether(r, last)
	return last
}

// worstStartYearsTable writes from row r the worst start years, a table of
// worstShown rows a portfolio and a note on how they were chosen, kept on
// one page, and returns the row after the note.
func (b *book) worstStartYearsTable(s *sheet, r int, years [][]startYear, widths []float64) int {
	st := b.st
	_, short, inToday := windowsWealth(b.sc)
	first := r
	s.set(1, r, "Worst start years", st.subtitle)
	s.keep(b.f.SetRowHeight(s.name, r, 20))
	r++
	// The portfolio's name across the first three columns of its first row.
	s.header(1, r, "Portfolio", "", "", "Start year", "Windows", "Windows that lasted", "Median wealth"+short)
	s.keep(b.f.MergeCell(s.name, cell(1, r), cell(3, r)))
	s.keep(b.f.SetRowHeight(s.name, r, 32))
	for pi, p := range b.res.Portfolios {
		for i, y := range worstStartYears(years[pi], worstShown) {
			r++
			name := ""
			if i == 0 {
				name = p.Name
			}
			s.row(1, r, st.text, name, "", "")
			s.keep(b.f.MergeCell(s.name, cell(1, r), cell(3, r)))
			s.set(4, r, y.Year, st.center)
			s.set(5, r, y.Windows, st.integer)
			s.set(6, r, y.Survived, st.integer)
			s.set(7, r, y.MedianReal, st.money)
		}
	}
	worstNote := fmt.Sprintf("For each portfolio, the %s start years with the lowest share of windows that lasted, then the lowest median "+
		"terminal wealth%s, and any year as bad as the last of them.", thousandsWord(worstShown), inToday)
	r++
	s.note(r, 1, 2+2*windowsBlock, noteLines(worstNote, sumWidths(widths)), worstNote)
	s.keepTogether(first, r)
	return r + 1
}

// windowDataNote writes on row r, above the charts, where their figures
// are, and returns the row of the first chart.
func windowDataNote(s *sheet, r int, widths []float64) int {
	where := "Each window's figures, which the charts below draw, are on the sheet “" + sheetWindowData + "”, hidden so that it does not print (unhide it to see them)."
	s.note(r, 1, 2+2*windowsBlock, noteLines(where, sumWidths(widths)), where)
	return r + 2
}

// newWindowData adds the sheet of the charts' figures after this one, so
// that the client pages hold the charts and not 474 rows of figures.
func (b *book) newWindowData() (*sheet, error) {
	if _, err := b.f.NewSheet(sheetWindowData); err != nil {
		return nil, err
	}
	return &sheet{b: b, name: sheetWindowData}, nil
}

// chartEveryWindow writes one chart per portfolio from row chartsAt of s,
// and every window's figures they draw on data: terminal wealth, and 0 where
// the portfolio ran out of money (blank otherwise), drawn as markers.
func (b *book) chartEveryWindow(s, data *sheet, chartsAt int) {
	data.set(1, 1, "Every window: the data of the Rolling windows charts", b.st.title)
	dataRow := 3
	// One wealth scale for every portfolio's chart, as the Projections'
	// fans: each fitted to its own, they read alike whatever their spread.
	top := b.oneScale(func(p sim.Portfolio) []float64 { return p.Windows.TerminalReal })
	np := len(b.res.Portfolios)
	for lo := 0; lo < np; lo += windowsBlock {
		hi := min(lo+windowsBlock, np)
		end := b.windowDataTable(data, dataRow, lo, hi)
		for k, pi := 0, lo; pi < hi; k, pi = k+1, pi+1 {
			s.chart(cell(1, chartsAt+pi*windowsChartRows), b.windowChart(data, pi, 3+2*k, dataRow, end, top))
		}
		dataRow = end + 2
	}
}

// windowDataTable writes on data, from its header on row head, every
// window's figures for portfolios lo..hi-1, and returns its last row.
func (b *book) windowDataTable(data *sheet, head, lo, hi int) int {
	st, h := b.st, b.sc.History
	_, short, _ := windowsWealth(b.sc)
	heads := []any{"Start", "Year"} // the year as a number, for the charts' axis
	for _, p := range b.res.Portfolios[lo:hi] {
		heads = append(heads, p.Name+": terminal wealth"+short, p.Name+": ran out of money")
	}
	data.header(1, head, heads...)
	if len(b.res.Portfolios) <= windowsBlock { // one table: its header atop every printed page
		data.printTitles(head, head)
	}
	data.keep(b.f.SetRowHeight(data.name, head, 75))
	first := head + 1
	for i, start := range h.Starts {
		data.set(1, first+i, start, st.center)
		data.set(2, first+i, startYearNumber(start), st.number2) // 1954.75 and 1954.83: October and November
		for k, pi := 0, lo; pi < hi; k, pi = k+1, pi+1 {
			w := b.res.Portfolios[pi].Windows
			data.set(3+2*k, first+i, w.TerminalReal[i], st.money)
			if w.Depleted[i] {
				data.set(4+2*k, first+i, 0, st.money)
			}
		}
	}
	return head + len(h.Starts)
}

// windowChart is portfolio pi's chart of every window, drawn from its
// columns col (terminal wealth) and col+1 (ran out of money) of data's
// table with its header on row head and its last row end, on a wealth
// axis up to top.
func (b *book) windowChart(data *sheet, pi, col, head, end int, top *float64) *excelize.Chart {
	starts := b.sc.History.Starts
	first := head + 1
	kind, _, _ := windowsWealth(b.sc)
	return &excelize.Chart{
		Type: excelize.Scatter,
		Series: []excelize.ChartSeries{
			{
				Name: data.ref(col, head, col, head), Categories: data.ref(2, first, 2, end), Values: data.ref(col, first, col, end),
				Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 1.5}, Fill: solid("2E75B6"), Marker: excelize.ChartMarker{Symbol: "none"},
			},
			{
				Name: data.ref(col+1, head, col+1, head), Categories: data.ref(2, first, 2, end), Values: data.ref(col+1, first, col+1, end),
				Line:   excelize.LineOptions{Type: excelize.LineNone},
				Marker: excelize.ChartMarker{Symbol: "x", Size: 6, Fill: solid("C00000")},
			},
		},
		Title:     title(fmt.Sprintf("%s: terminal wealth %s by start month; x = ran out of money", b.res.Portfolios[pi].Name, kind)),
		Dimension: excelize.ChartDimension{Width: 720, Height: windowsChartPx},
		// No legend: the title says what the line and the x are, and the
		// legend's two lines took a third of the plot two charts to a
		// page leave.
		Legend: excelize.ChartLegend{Position: "none"},
		// From the first window's start to the last's, to whole five
		// years (ticks at 1950, 1955, …): the automatic range ran to 2000
		// for starts ending in 1993.
		XAxis: excelize.ChartAxis{Title: title("Start of the window"), NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"},
			Minimum: new(5 * math.Floor(startYearNumber(starts[0])/5)),
			Maximum: new(max(5*math.Ceil(startYearNumber(starts[len(starts)-1])/5), float64(5*math.Floor(startYearNumber(starts[0])/5))+5))}, // never an empty range
		YAxis: excelize.ChartAxis{MajorGridLines: true, Minimum: new(0.0), Maximum: top,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: moneyFormat(b.sc.Info.Currency)}},
	}
}

// finishWindowData sets up the sheet of the charts' figures and hides it:
// 474 rows of figures printed as 33 pages of a client's workbook. The
// charts read it all the same, and a reader who wants the figures unhides
// it (the note above the charts says so).
func (b *book) finishWindowData(s, data *sheet) {
	data.widths(append([]float64{10, 9}, repeat(max(14, nameWordsWidth(b)), 2*windowsBlock)...)...)
	data.printSetup()
	s.keep(data.err)
	s.keep(b.f.SetSheetVisible(sheetWindowData, false))
}

// windowsCharts keeps the charts from row at in pairs, each pair on one
// page, at a print scale that holds two (the sheet's own, 86 % for the
// examples' names, or 88 % where a narrower sheet would print at 100 %).
func windowsCharts(s *sheet, at, charts int) {
	for i := 0; i < charts; i += 2 {
		s.keepTogether(at+i*windowsChartRows, at+min(i+2, charts)*windowsChartRows-1)
	}
	s.block = max(s.block, float64(2*windowsChartRows*lineHeight))
}

// nameWordsWidth is the narrowest column in which every word of every
// portfolio's name fits whole in a header (headCharsPerWidth): columns
// headed by portfolios' names broke "Conservative" in two at 13.
func nameWordsWidth(b *book) float64 {
	names := make([]string, len(b.res.Portfolios))
	for i, p := range b.res.Portfolios {
		names[i] = p.Name
	}
	return wordsWidth(names)
}

// wordsWidth is the column width in which the longest word of any of the
// texts fits as a header, unbroken.
func wordsWidth(texts []string) float64 {
	width := 0.0
	for _, text := range texts {
		for _, word := range strings.Fields(text) {
			width = max(width, math.Ceil(float64(len([]rune(word)))/headCharsPerWidth))
		}
	}
	return width
}

// yearsPerTable is how many start years a rolling-windows table holds
// under one header, each table kept on a page: forty years ran onto a
// second page without their header.
const yearsPerTable = 20

// The Rolling windows sheet's layout: the sheet of its charts' figures,
// portfolios per table block, and a chart's height and the rows it covers
// with a margin (chartEnd counts 18 pixels a 15-point row): 290 pixels in
// 17 rows, so that two charts print on a page (windowsCharts); at 380 each
// took a page of its own, the bottom half empty.
const (
	sheetWindowData  = "Window data"
	windowsBlock     = 3
	windowsChartPx   = 290
	windowsChartRows = 17
)

// windowsShadingNote says what the tables' red means (the worst style,
// on every 'lasted' share below 100%), a line of its own under the intro.
const windowsShadingNote = "Shaded red: start years in which at least one window ran out of money (lasted below 100%)."

// startYearNumber is a month YYYY-MM as a decimal year: 1954-07 is 1954.5.
func startYearNumber(month string) float64 {
	var y, m int
	fmt.Sscanf(month, "%d-%d", &y, &m)
	return float64(y) + float64(m-1)/12
}
