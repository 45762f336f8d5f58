package reports

import (
	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/portfolio"
)

// allocationBlocks returns the first row of each portfolio's sleeve table
// and, last, the first row after them.
func (b *book) allocationBlocks() []int {
	var starts []int
	r := 4
	for _, p := range b.sc.Portfolios {
		starts = append(starts, r)
		holdings := 0
		for _, sl := range p.Sleeves {
			holdings += len(sl.Holdings)
		}
		r += max(len(p.Sleeves)+holdings+6, 18)
	}
	return append(starts, r)
}

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
		s.set(1, head, "Year", st.header)
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
		lineChart(s, cell(3+len(p.Sleeves), head), head, head+1, head+years, cols, p.Name+": target weights during each year", "Year", "0%", 420, colors...)
		r = head + years + 2
	}
}

func (b *book) allocations(s *sheet) {
	st := b.st
	s.set(1, 1, "Allocations and where the risk comes from", st.title)
	for bi, p := range b.sc.Portfolios {
		r0 := b.allocationBlocks()[bi]
		res := b.res.Portfolios[bi]
		if bi > 0 && bi%2 == 0 {
			s.pageBreak(r0) // two portfolios to a printed page
		}
		s.set(1, r0, p.Name, st.subtitle)
		s.header(1, r0+1, "Sleeve", "Weight", "Share of risk")
		for k, sl := range p.Sleeves {
			s.set(1, r0+2+k, sl.Name, st.text)
			s.set(2, r0+2+k, sl.Weight, st.percent)
			s.set(3, r0+2+k, res.RiskContributions[k], st.percent)
		}
		h := r0 + 3 + len(p.Sleeves)
		s.header(1, h, "Sleeve", "Asset", "In sleeve", "Of portfolio")
		r := h + 1
		for _, sl := range p.Sleeves {
			for _, hd := range sl.Holdings {
				s.set(1, r, sl.Name, st.text)
				s.set(2, r, b.sc.Assets[hd.Asset].Name, st.text)
				s.set(3, r, hd.Weight, st.percent)
				s.set(4, r, sl.Weight*hd.Weight, st.percent)
				r++
			}
		}
		points := make([]excelize.ChartDataPoint, len(p.Sleeves))
		for k, sl := range p.Sleeves {
			points[k] = excelize.ChartDataPoint{Index: k, Fill: solid(b.sleeveColor(sl.Name))}
		}
		s.chart(cell(6, r0), &excelize.Chart{
			Type: excelize.Doughnut,
			Series: []excelize.ChartSeries{{
				Name: s.ref(1, r0, 1, r0), Categories: s.ref(1, r0+2, 1, r0+1+len(p.Sleeves)), Values: s.ref(2, r0+2, 2, r0+1+len(p.Sleeves)),
				DataPoint: points,
				DataLabel: excelize.ChartDataLabel{Font: sliceLabelFont},
			}},
			Title:     title(p.Name + ": sleeves"),
			Dimension: excelize.ChartDimension{Width: 420, Height: 320},
			Legend:    excelize.ChartLegend{Position: "right"},
			PlotArea:  excelize.ChartPlotArea{ShowPercent: true},
			HoleSize:  50,
		})
	}
	b.glidePaths(s)
	s.note(2, 1, 10, 3, "Share of risk is how much of the portfolio's long-run ups and downs each sleeve accounts for (the shares add up to 100 %), "+
		"from how the assets' yearly returns vary and move together over the long run (formula in the Technical notes). A sleeve whose share of risk exceeds its weight adds more risk than its size.")
	s.widths(30, 24, 14, 14, 4)
}

// sliceLabelFont is the font of the shares printed on a doughnut's slices:
// white and bold, readable on every colour of the palette (seriesColors),
// where the charts' dark grey vanished on the navy slice.
var sliceLabelFont = excelize.Font{Size: 11, Bold: true, Color: "FFFFFF"}
