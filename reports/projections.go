package reports

import (
	"fmt"
	"math"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/sim"
)

// ProjectionsRows returns the first data row of portfolio b's fan table.
// Each portfolio's table is followed by its fan chart, on a page of its
// own.
func ProjectionsRows(b, years int) int { return 3 + b*(years+6+fanChartRows) }

// fanChartRows is the number of 15 pt rows a fan chart takes: most of a
// landscape page, which the chart has to itself, and no more than a page
// holds at 100 % (pageHeight).
const fanChartRows = 28

// projections lays out the Projections sheet: a page for each portfolio's
// table of wealth percentiles by year, and one for its fan chart.
func (b *book) projections(s *sheet) {
	lay := b.projectionLayout()
	for bi := range b.res.Portfolios {
		p := &b.res.Portfolios[bi]
		first := ProjectionsRows(bi, lay.years)
		b.fanTable(s, first, p, lay)
		b.fanChart(s, first, p, lay)
	}
	s.widths(lay.widths...)
}

// fanLayout is what the Projections sheet's tables and charts share.
type fanLayout struct {
	pcts       []float64 // the percentiles, each a column (two with inflation, nominal and real)
	years      int       // the horizon: a row a year from year 0
	real       bool      // with inflation: real columns beside the nominal ones, and the chart in today's money
	widths     []float64 // the sheet's column widths
	chartWidth uint      // in pixels
	money      string    // the chart's money
	valueCol   int       // the charted percentiles' first column
	goalCol    int       // the goal's column, when the chart shows the goal's money; else 0
	top        *float64  // the top of every chart's value axis
}

// projectionLayout is the Projections sheet's layout for this run.
func (b *book) projectionLayout() fanLayout {
	sc := b.sc
	lay := fanLayout{pcts: sc.Report.Percentiles, years: sc.Simulation.HorizonYears, real: sc.Inflation != nil}
	n := len(lay.pcts)
	lay.widths = append([]float64{8}, repeat(13, n)...)
	if lay.real {
		lay.widths = append(lay.widths, repeat(13, n)...)
	}
	// The chart as wide as the nominal and real table above it, or 900
	// pixels when there is no real half. Not as wide as the goal's column
	// too: the page's scale leaves no room for that (LibreOffice printed
	// the charts' right edges on pages of their own).
	lay.chartWidth = uint(max(900, columnsPx(lay.widths)))
	// With inflation the chart shows today's money, as a client reads an
	// amount and as a goal is usually stated (the table has both): in
	// nominal terms 30 years of inflation dwarfed every median. A goal in
	// the chart's money is a line of its own, from a column of the table.
	lay.money, lay.valueCol = "nominal", 2
	if lay.real {
		lay.money, lay.valueCol = "today's money", 2+n
	}
	if g := sc.Goal; g != nil && g.Real == lay.real {
		lay.goalCol = 2 + n
		if lay.real {
			lay.goalCol += n
		}
		lay.widths = append(lay.widths, 13)
	}
	lay.top = b.fanScale(lay)
	return lay
}

// fanScale is the top of every fan chart's value axis: one scale for
// every portfolio's fan, from 0 to above the highest percentile of any
// (and the goal, when charted), so that the charts compare at a glance:
// each fitted to its own fan, a conservative portfolio's looked as wide
// as a growth portfolio's.
func (b *book) fanScale(lay fanLayout) *float64 {
	return b.oneScale(func(p sim.Portfolio) []float64 {
		xs := p.Fan.Nominal[len(lay.pcts)-1]
		if lay.real {
			xs = p.Fan.Real[len(lay.pcts)-1]
		}
		if lay.goalCol > 0 {
			xs = append(slices.Clone(xs), b.sc.Goal.TargetWealth)
		}
		return xs
	})
}

// fanTable writes portfolio p's wealth percentiles by year, year 0 in
// row first, under its name and a header, on a page of its own.
func (b *book) fanTable(s *sheet, first int, p *sim.Portfolio, lay fanLayout) {
	st := b.st
	s.pageBreak(first - 2) // each portfolio's table starts a page
	s.set(1, first-2, p.Name, st.subtitle)
	b.fanHeader(s, first-1, lay)
	for y := 0; y <= lay.years; y++ {
		s.set(1, first+y, y, st.integer)
		if lay.goalCol > 0 {
			s.set(lay.goalCol, first+y, b.sc.Goal.TargetWealth, st.money)
		}
		for q := range lay.pcts {
			s.set(2+q, first+y, p.Fan.Nominal[q][y], st.money)
			if lay.real {
				s.set(2+len(lay.pcts)+q, first+y, p.Fan.Real[q][y], st.money)
			}
		}
	}
	// The table on one page when the scale allows.
	s.block = max(s.block, subtitleHeight+32+float64(15*(lay.years+2))) // with the empty row before the break
	s.keepTogether(first-2, first+lay.years)
}

// fanHeader writes a fan table's header in row r.
func (b *book) fanHeader(s *sheet, r int, lay fanLayout) {
	st := b.st
	s.set(1, r, "Year", st.header)
	s.keep(b.f.SetRowHeight(s.name, r, 32)) // "5th pct (real)" takes two lines, as s.block counts
	for q, pct := range lay.pcts {
		nominal := ordinal(pct) + " pct"
		if lay.real { // beside the real columns, say which these are
			nominal += " (nominal)"
		}
		s.set(2+q, r, nominal, st.header)
		if lay.real {
			s.set(2+len(lay.pcts)+q, r, ordinal(pct)+" pct (real)", st.header)
		}
	}
	if lay.goalCol > 0 {
		head := "Goal"
		if lay.real {
			head = "Goal (real)" // as the real columns are headed
		}
		s.set(lay.goalCol, r, head, st.header)
	}
}

// fanChart charts portfolio p's fan table, whose year 0 is in row first,
// on the page after it.
func (b *book) fanChart(s *sheet, first int, p *sim.Portfolio, lay fanLayout) {
	years := lay.years
	s.pageBreak(first + years + 2)
	// Years on a number axis, which Excel and LibreOffice label every 5
	// or 10 years: as categories, LibreOffice labels every one (it
	// ignores a skip) and stacks the digits of 60 years' labels.
	s.chart(cell(1, first+years+2), &excelize.Chart{
		Type:      excelize.Scatter,
		Series:    fanSeries(s, first, lay),
		Title:     title(p.Name + ": wealth by year (" + lay.money + "; one scale for every portfolio)"),
		Dimension: excelize.ChartDimension{Width: lay.chartWidth, Height: (fanChartRows - 1) * rowPixels},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{Title: title("Year"), Minimum: new(0.0), Maximum: new(float64(years)), MajorGridLines: true},
		YAxis: excelize.ChartAxis{MajorGridLines: true, Minimum: new(0.0), Maximum: lay.top,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: moneyFormat(b.sc.Info.Currency)}},
	})
}

// fanSeries are a fan chart's lines, from the fan table whose year 0 is in
// row first: the charted percentiles, and the goal when it has a column.
func fanSeries(s *sheet, first int, lay fanLayout) []excelize.ChartSeries {
	years := lay.years
	var series []excelize.ChartSeries
	for q, pct := range lay.pcts {
		col := lay.valueCol + q
		series = append(series, excelize.ChartSeries{
			Name:       s.ref(col, first-1, col, first-1), // the column's header
			Categories: s.ref(1, first, 1, first+years),
			Values:     s.ref(col, first, col, first+years),
			Line:       fanLine(pct),
			Fill:       solid(fanColor(pct)), // excelize colours a line series from its Fill
			Marker:     excelize.ChartMarker{Symbol: "none"},
		})
	}
	if lay.goalCol > 0 {
		series = append(series, excelize.ChartSeries{
			Name:       s.ref(lay.goalCol, first-1, lay.goalCol, first-1),
			Categories: s.ref(1, first, 1, first+years),
			Values:     s.ref(lay.goalCol, first, lay.goalCol, first+years),
			Line:       excelize.LineOptions{Type: excelize.LineSolid, Width: 1.75, Dash: excelize.LineDashDash},
			Fill:       solid(goalColor),
			Marker:     excelize.ChartMarker{Symbol: "none"},
		})
	}
	return series
}

// oneScale is the top of one value axis for every portfolio's chart of
// series: above the highest value of any, at a round figure (niceCeil).
func (b *book) oneScale(series func(sim.Portfolio) []float64) *float64 {
	top := 0.0
	for _, p := range b.res.Portfolios {
		if xs := series(p); len(xs) > 0 {
			top = max(top, slices.Max(xs))
		}
	}
	top = niceCeil(top)
	return &top
}

// niceCeil rounds x up to 1, 2, 2.5 or 5 times a power of ten, an axis's
// top that reads well; 1 for x ≤ 0.
func niceCeil(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

// goalColor is the goal's line on a fan chart: orange, apart from the
// fan's blues.
const goalColor = "C55A11"

// fanColor shades percentiles by distance from the median: the median
// darkest, the outer bands lightest, symmetric pairs alike.
func fanColor(pct float64) string {
	switch d := math.Abs(pct - 50); {
	case d == 0:
		return "1F3864"
	case d <= 25:
		return "2E75B6"
	default:
		return "9DC3E6"
	}
}

// fanLine is a fan chart's line for percentile pct: the median thickest,
// each pair of lines as light as the other (fanColor), those below the
// median dashed so that a legend tells the 5th from the 95th.
func fanLine(pct float64) excelize.LineOptions {
	line := excelize.LineOptions{Type: excelize.LineSolid, Width: 1.25, Dash: excelize.LineDashSolid}
	switch {
	case pct == 50:
		line.Width = 2.5
	case pct < 50:
		line.Dash = excelize.LineDashDash
	}
	return line
}

func ordinal(p float64) string {
	n := fmt.Sprintf("%g", p)
	suffix := "th"
	if p == math.Trunc(p) {
		switch int(p) % 100 {
		case 11, 12, 13:
		default:
			switch int(p) % 10 {
			case 1:
				suffix = "st"
			case 2:
				suffix = "nd"
			case 3:
				suffix = "rd"
			}
		}
	}
	return n + suffix
}
