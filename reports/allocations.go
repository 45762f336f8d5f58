package reports

import (
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// allocationBlocks returns the first row of each portfolio's sleeve table
// and, last, the first row after them.
func (b *book) allocationBlocks() []int {
	starts := []int{4}
	for bi := range b.sc.Portfolios {
		starts = append(starts, starts[bi]+b.allocationRows(bi))
	}
	return starts
}

// allocationRows is the rows portfolio bi's block takes: its name, its
// sleeve and holding tables with a row between them and one after, or
// the rows beside its chart when they are more.
func (b *book) allocationRows(bi int) int {
	p := b.sc.Portfolios[bi]
	holdings := 0
	for _, sl := range p.Sleeves {
		holdings += len(sl.Holdings)
	}
	return max(len(p.Sleeves)+holdings+5, allocationChartRows)
}

// allocationChartRows is the fewest rows a block has beside its chart
// (234 pixels, 175 pt): the name's, two two-line headers' and nine more
// (18 + 2·34 + 9·15 = 221 pt), with room below the chart.
const allocationChartRows = 12

// allocationChartHeight is a portfolio's chart's height, in pixels.
const allocationChartHeight = 234

// glidePaths draws each glide path below the portfolios: its sleeves'
// targets during each year (year y's take effect at the end of year y − 1)
// and a line chart of them, each on a printed page of its own.
func (b *book) glidePaths(s *sheet) {
	st := b.st
	blocks := b.allocationBlocks()
	r := blocks[len(blocks)-1]
	years := b.sc.Simulation.HorizonYears
	for _, p := range b.sc.Portfolios {
		if len(p.GlidePath) == 0 {
			continue
		}
		s.pageBreak(r)
		s.set(1, r, p.Name+": glide path", st.subtitle)
		head := r + 1
		s.set(1, head, "During year", st.header)   // a waypoint's weights hold from the year after it
		s.keep(b.f.SetRowHeight(s.name, head, 30)) // two-line sleeve names
		base := make([]float64, len(p.Sleeves))
		for k, sl := range p.Sleeves {
			s.set(2+k, head, sl.Name, st.header)
			base[k] = sl.Weight
		}
		targets := make([]float64, len(p.Sleeves))
		for y := 1; y <= years; y++ {
			s.set(1, head+y, y, st.center)
			portfolio.GlideTargets(targets, base, p.GlidePath, y)
			for k, w := range targets {
				s.set(2+k, head+y, w, st.percent)
			}
		}
		cols := make([]int, len(p.Sleeves))
		colors := make([]string, len(p.Sleeves))
		for k, sl := range p.Sleeves {
			cols[k] = 2 + k
			colors[k] = b.sleeveColor(sl.Name)
		}
		yearLines(s, cell(3+len(p.Sleeves), head), head, head+1, head+years, cols, p.Name+": target weights during each year", "Year", "0%", 420, colors...)
		r = head + years + 2
	}
}

func (b *book) allocations(s *sheet) {
	st := b.st
	s.set(1, 1, "Allocations and where the risk comes from", st.title)
	blocks := b.allocationBlocks()
	for bi, p := range b.sc.Portfolios {
		r0 := blocks[bi]
		res := b.res.Portfolios[bi]
		s.set(1, r0, p.Name, st.subtitle)
		s.header(1, r0+1, "Sleeve", "Weight", "Share of risk")
		for k, sl := range p.Sleeves {
			s.nameCell(1, r0+2+k, sl.Name, allocationSleeveColumn)
			s.set(2, r0+2+k, sl.Weight, st.percent)
			s.set(3, r0+2+k, res.RiskContributions[k], st.percent)
		}
		h := r0 + 3 + len(p.Sleeves)
		s.header(1, h, "Sleeve", "Asset", "In sleeve", "Of portfolio")
		r := h + 1
		for _, sl := range p.Sleeves {
			for _, hd := range sl.Holdings {
				s.nameCell(1, r, sl.Name, allocationSleeveColumn)
				s.nameCell(2, r, b.sc.Assets[hd.Asset].Name, allocationAssetColumn)
				s.set(3, r, hd.Weight, st.percent)
				s.set(4, r, sl.Weight*hd.Weight, st.percent)
				r++
			}
		}
		// Weights and shares of risk as two bars of 100 %, each sleeve a
		// segment in its colour: a sleeve whose segment grows from the
		// first bar to the second adds more risk than its size.
		var series []excelize.ChartSeries
		for k, sl := range p.Sleeves {
			row := r0 + 2 + k
			series = append(series, excelize.ChartSeries{
				Name:       s.ref(1, row, 1, row),
				Categories: s.ref(2, r0+1, 3, r0+1), // "Weight", "Share of risk"
				Values:     s.ref(2, row, 3, row),
				Fill:       solid(b.sleeveColor(sl.Name)),
				DataLabel:  excelize.ChartDataLabel{Font: sliceLabelFont},
			})
		}
		s.keepTogether(r0, blocks[bi+1]-1)
		if len(p.Sleeves) == 1 {
			continue // one sleeve is all the weight and all the risk: nothing to chart
		}
		s.chart(cell(6, r0), &excelize.Chart{
			Type:      excelize.BarPercentStacked,
			Series:    series,
			Title:     title(p.Name + ": weight and share of risk"),
			Dimension: excelize.ChartDimension{Width: 440, Height: allocationChartHeight},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			// No label on a segment under 5.5 %, too narrow to hold one: "8%5%"
			// ran together and a 5 % at the bar's end was cut (the tables beside
			// give every figure).
			PlotArea: excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: `[<0.055]"";0%`}},
			XAxis:    excelize.ChartAxis{ReverseOrder: true}, // Weight above Share of risk, as in the table
			YAxis:    excelize.ChartAxis{None: true},
		})
	}
	b.glidePaths(s)
	lines, note := 3, "Share of risk is how much of the portfolio's long-run ups and downs each sleeve accounts for (the shares add up to 100%), "+
		"from how the assets' yearly returns vary and move together over the long run (formula in the Technical notes). A sleeve whose share of risk exceeds its weight adds more risk than its size."
	if slices.ContainsFunc(b.sc.Portfolios, func(p model.Portfolio) bool { return len(p.GlidePath) > 0 }) {
		note += " A portfolio on a glide path is shown at its starting weights, as are its diversification ratio and shares of risk " +
			"elsewhere in this workbook; its weights year by year are below."
		lines++
	}
	s.note(2, 1, 10, lines, note)
	s.widths(allocationSleeveColumn, allocationAssetColumn, 14, 14, 4)
}

// The widths of the Allocations sheet's names: sleeves, then assets.
const allocationSleeveColumn, allocationAssetColumn = 30, 24

// sliceLabelFont is the font of the shares printed on a chart's segments:
// white and bold, readable on every colour of the palette (seriesColors),
// where the charts' dark grey vanished on the navy segment.
var sliceLabelFont = excelize.Font{Size: 11, Bold: true, Color: "FFFFFF"}
