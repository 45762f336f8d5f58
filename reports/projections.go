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

func (b *book) projections(s *sheet) {
	years := b.sc.Simulation.HorizonYears
	real := b.sc.Inflation != nil
	pcts := b.sc.Report.Percentiles
	widths := append([]float64{8}, repeat(13, len(pcts))...)
	if real {
		widths = append(widths, repeat(13, len(pcts))...)
	}
	// The chart as wide as the nominal and real table above it, or 900
	// pixels when there is no real half. Not as wide as the goal's column
	// too: the page's scale leaves no room for that (LibreOffice printed
	// the charts' right edges on pages of their own).
	chartWidth := uint(max(900, columnsPx(widths)))
	// One scale for every portfolio's fan, from 0 to above the highest
	// percentile of any, so that the charts compare at a glance: each
	// fitted to its own fan, a conservative portfolio's looked as wide as
	// a growth portfolio's.
	//
	// With inflation the chart shows today's money, as a client reads an
	// amount and as a goal is usually stated (the table has both): in
	// nominal terms 30 years of inflation dwarfed every median. A goal in
	// the chart's money is a line of its own, from a column of the table.
	fan := func(p sim.Portfolio) [][]float64 { return p.Fan.Nominal }
	money, valueCol := "nominal", 2 // the charted percentiles' first column
	if real {
		fan, money, valueCol = func(p sim.Portfolio) [][]float64 { return p.Fan.Real }, "today's money", 2+len(pcts)
	}
	goalCol := 0 // the goal's column, when the chart shows the goal's money
	if g := b.sc.Goal; g != nil && g.Real == real {
		goalCol = 2 + len(pcts)
		if real {
			goalCol += len(pcts)
		}
		widths = append(widths, 13)
	}
	top := b.oneScale(func(p sim.Portfolio) []float64 {
		xs := fan(p)[len(pcts)-1]
		if goalCol > 0 {
			xs = append(slices.Clone(xs), b.sc.Goal.TargetWealth)
		}
		return xs
	})
	for bi, p := range b.res.Portfolios {
		first := ProjectionsRows(bi, years)
		s.pageBreak(first - 2) // each portfolio's table starts a page
		s.set(1, first-2, p.Name, b.st.subtitle)
		s.set(1, first-1, "Year", b.st.header)
		s.keep(b.f.SetRowHeight(s.name, first-1, 32)) // "5th pct (real)" takes two lines, as s.block counts
		for q, pct := range pcts {
			nominal := ordinal(pct) + " pct"
			if real { // beside the real columns, say which these are
				nominal += " (nominal)"
			}
			s.set(2+q, first-1, nominal, b.st.header)
			if real {
				s.set(2+len(pcts)+q, first-1, ordinal(pct)+" pct (real)", b.st.header)
			}
		}
		if goalCol > 0 {
			head := "Goal"
			if real {
				head = "Goal (real)" // as the real columns are headed
			}
			s.set(goalCol, first-1, head, b.st.header)
		}
		for y := 0; y <= years; y++ {
			s.set(1, first+y, y, b.st.integer)
			if goalCol > 0 {
				s.set(goalCol, first+y, b.sc.Goal.TargetWealth, b.st.money)
			}
			for q := range pcts {
				s.set(2+q, first+y, p.Fan.Nominal[q][y], b.st.money)
				if real {
					s.set(2+len(pcts)+q, first+y, p.Fan.Real[q][y], b.st.money)
				}
			}
		}
		var series []excelize.ChartSeries
		for q, pct := range pcts {
			series = append(series, excelize.ChartSeries{
				Name:       s.ref(valueCol+q, first-1, valueCol+q, first-1), // the column's header
				Categories: s.ref(1, first, 1, first+years),
				Values:     s.ref(valueCol+q, first, valueCol+q, first+years),
				Line:       fanLine(pct),
				Fill:       solid(fanColor(pct)), // excelize colours a line series from its Fill
				Marker:     excelize.ChartMarker{Symbol: "none"},
			})
		}
		if goalCol > 0 {
			series = append(series, excelize.ChartSeries{
				Name:       s.ref(goalCol, first-1, goalCol, first-1),
				Categories: s.ref(1, first, 1, first+years),
				Values:     s.ref(goalCol, first, goalCol, first+years),
				Line:       excelize.LineOptions{Type: excelize.LineSolid, Width: 1.75, Dash: excelize.LineDashDash},
				Fill:       solid(goalColor),
				Marker:     excelize.ChartMarker{Symbol: "none"},
			})
		}
		// Years on a number axis, which Excel and LibreOffice label every 5
		// or 10 years: as categories, LibreOffice labels every one (it
		// ignores a skip) and stacks the digits of 60 years' labels.
		// The table on one page when the scale allows, the chart on the next.
		s.block = max(s.block, subtitleHeight+32+float64(15*(years+2))) // with the empty row before the break
		s.keepTogether(first-2, first+years)
		s.pageBreak(first + years + 2)
		s.chart(cell(1, first+years+2), &excelize.Chart{
			Type:      excelize.Scatter,
			Series:    series,
			Title:     title(p.Name + ": wealth by year (" + money + "; one scale for every portfolio)"),
			Dimension: excelize.ChartDimension{Width: chartWidth, Height: (fanChartRows - 1) * rowPixels},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			XAxis:     excelize.ChartAxis{Title: title("Year"), Minimum: new(0.0), Maximum: new(float64(years)), MajorGridLines: true},
			YAxis: excelize.ChartAxis{MajorGridLines: true, Minimum: new(0.0), Maximum: top,
				NumFmt: excelize.ChartNumFmt{CustomNumFmt: moneyFormat(b.sc.Info.Currency)}},
		})
	}
	s.widths(widths...)
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
