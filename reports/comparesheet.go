// The Compare sheet of a run's workbook (compare.go is the comparison of
// scenario files).

package reports

import (
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/sim"
)

// palette colours one marker per portfolio: twelve colours, told apart in
// print, before they repeat.
var palette = []string{"1F3864", "C55A11", "548235", "7030A0", "BF8F00", "C00000", "2E75B6", "00A3A3",
	"E377C2", "7F7F7F", "5B9BD5", "A9D18E"} // neighbours unlike: navy then orange, not navy then blue

// portfolioColor is portfolio i's colour in every chart of a workbook.
func portfolioColor(i int) string { return palette[i%len(palette)] }

// portfolioMarker is portfolio i's marker shape: a circle, and past the
// palette's colours (which then repeat) a diamond, a triangle, a square.
func portfolioMarker(i int) string {
	return []string{"circle", "diamond", "triangle", "square"}[i/len(palette)%4]
}

func (b *book) compare(s *sheet) {
	st := b.st
	s.set(1, 1, "Portfolios side by side", st.title)
	// Terminal wealth's three columns by their short names, which the
	// bars' legend below repeats.
	figures := []struct {
		key   figureKey
		short bool
	}{{medianVolatility, false}, {medianReturn, false}, {wealthP5, true}, {medianWealth, true}, {wealthP95, true},
		{drawdownP95, false}, {cvar95, false}, {diversificationRatio, false}}
	heads := []any{"Portfolio"}
	for _, c := range figures {
		f := c.key.figure()
		heads = append(heads, f.name)
		if c.short {
			heads[len(heads)-1] = f.short
		}
	}
	s.row(1, 3, st.header, heads...)
	s.keep(b.f.SetRowHeight(s.name, 3, 45)) // three-line headers
	n := len(b.res.Portfolios)
	for i := range b.res.Portfolios {
		p, r := &b.res.Portfolios[i], 4+i
		s.nameCell(1, r, p.Name, compareNameColumn)
		for j, c := range figures {
			v, style := c.key.cellIn(b.sc, p), st.center // n/a: centred
			if _, text := v.(string); !text {
				style = st.unitStyle(c.key.figure().unit, v)
			}
			s.set(2+j, r, v, style)
		}
	}
	last := 3 + n
	var points []excelize.ChartSeries
	for i := range n {
		r := 4 + i
		points = append(points, excelize.ChartSeries{
			Name:       s.ref(1, r, 1, r),
			Categories: s.ref(2, r, 2, r),
			Values:     s.ref(3, r, 3, r),
			Marker:     excelize.ChartMarker{Symbol: portfolioMarker(i), Size: 10, Fill: solid(portfolioColor(i))},
		})
	}
	// Axes from 0 (returns too, unless one is negative): ranges fitted to
	// the points made differences of a few tenths of a point look large.
	scatter := &excelize.Chart{
		Type:      excelize.Scatter,
		Series:    points,
		Title:     title("Risk and return: median volatility vs median annualized return"),
		Dimension: excelize.ChartDimension{Width: compareChartWidth, Height: compareChartHeight},
		// A legend, not names beside the points: portfolios a sleeve
		// apart sit so close that their names overprinted each other.
		// Below the plot, as the bars' below it: on the right it took a
		// third of the chart's width from the plot.
		Legend: excelize.ChartLegend{Position: "bottom"},
		XAxis: excelize.ChartAxis{Title: title("Volatility"), NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0%"}, MajorGridLines: true,
			Minimum: new(0.0)},
		YAxis: excelize.ChartAxis{Title: title("Annualized return"), NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0%"}, MajorGridLines: true},
	}
	if !slices.ContainsFunc(b.res.Portfolios, func(p sim.Portfolio) bool { return p.AnnualizedReturn.P50 < 0 }) {
		scatter.YAxis.Minimum = new(0.0)
	}
	s.chart(cell(1, last+3), scatter)
	var bars []excelize.ChartSeries
	// Terminal wealth's percentiles: the median as in the fan charts, the
	// 95th in their light blue and the 5th, a poor outcome, in orange (in
	// one light blue, as the fans' pair of lines, the legend could not
	// tell the two bars apart).
	for j, color := range []string{"F4B183", fanColor(50), fanColor(95)} {
		bars = append(bars, excelize.ChartSeries{Name: s.ref(4+j, 3, 4+j, 3), Categories: s.ref(1, 4, 1, last), Values: s.ref(4+j, 4, 4+j, last),
			Fill: solid(color)})
	}
	s.chart(cell(1, last+3+compareChartRows), &excelize.Chart{
		Type:      excelize.Col,
		Series:    bars,
		Title:     title(wealthBarsTitle(b.res.Portfolios)),
		Dimension: excelize.ChartDimension{Width: compareChartWidth, Height: compareChartHeight},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: moneyFormat(b.sc.Info.Currency)}},
	})
	s.widths(compareNameColumn, 11, 13.5, 12, 12, 12, 12, 12, 19) // 13.5 holds "annualized" whole; one page wide at 90 % or more: chart labels stay at 9 pt; 19 holds "Diversification" whole
	s.freeze(3)
}

// compareNameColumn is the width of the Compare sheet's names.
const compareNameColumn = 28

// The Compare sheet's charts below the table, each kept whole on a page:
// as wide as the table, so that the scatter's names stand apart, short
// enough that the first shares its page with the table (at 450 pixels
// each took a page and left a table of a few rows alone on the first),
// and compareChartRows rows apart (18 pixels a row as excelize anchors
// them, and a margin).
const (
	compareChartWidth  = 900
	compareChartHeight = 280
	compareChartRows   = 18
)

// wealthBarsTitle titles the terminal wealth bars, saying when no 5th
// percentile bar shows because every portfolio's is 0 (its legend entry
// stood for nothing).
func wealthBarsTitle(ps []sim.Portfolio) string {
	const t = "Terminal wealth: median with 5th and 95th percentiles"
	if len(ps) > 0 && !slices.ContainsFunc(ps, func(p sim.Portfolio) bool { return p.TerminalWealth.P5 != 0 }) {
		return t + " (every 5th percentile is 0: out of money)"
	}
	return t
}
