// Helpers the workbook's sheets share; each sheet is built in the file
// named after it (summary.go, projections.go, ...).

package reports

import (
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

func title(text string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: text}}}
}

func solid(color string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
}

func stepName(k int) string {
	switch k {
	case 12:
		return "monthly"
	case 4:
		return "quarterly"
	}
	return "yearly"
}

func repeat(w float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = w
	}
	return out
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// nbsp joins a number to its unit in prose ("USD 281k"; percentages take none, US style: "41%"), so
// that a wrapped line never splits them.
const nbsp = "\u00a0"

// pctText is a fraction as a percentage to the given decimals: 0.0425 is
// "4.3%" to one.
func pctText(x float64, decimals int) string { return rounded(100*x, decimals) + "%" }

// shareText writes a share of paths as pctText does, except that it never
// rounds a share short of all the paths to 100 % nor one above none to
// 0 %: one failure in 5,000 paths reads >99.9 %, not a success of 100 %.
func shareText(x float64, decimals int) string { return shareWith(x, decimals, "%") }

func moneyText(x float64, currency string) string { return currency + nbsp + money(x) }

// oneStep reports whether each path is one step long (a one-year horizon
// of yearly steps): one return has no spread to measure, so volatility,
// which SCENARIO.md defines as 0 there, shows as n/a.
func oneStep(sc *model.Scenario) bool {
	return sc.Simulation.HorizonYears*sc.Simulation.StepsPerYear == 1
}

// maxShareSE is the largest standard error of the shares of paths the
// Summary shows: success, loss and goal, ahead, tied and behind the
// baseline, ending below a past high, and lean years.
func maxShareSE(b *book) float64 {
	m := 0.0
	for _, p := range b.res.Portfolios {
		m = math.Max(m, math.Max(p.SuccessRateSE, p.ProbLossSE))
		if p.ProbGoalSE != nil {
			m = math.Max(m, *p.ProbGoalSE)
		}
		if v := p.VsBaseline; v != nil {
			for _, share := range []float64{v.ProbOutperform, v.ProbTie, v.ProbBehind} {
				m = math.Max(m, sim.ShareSE(share, b.res.Paths))
			}
		}
		if u := p.Underwater; u != nil {
			m = math.Max(m, u.ProbEndSE)
		}
		if sp := p.Spending; sp != nil {
			m = math.Max(m, sp.CutProbSE)
		}
	}
	return m
}

// rowPixels is the height of a 15 pt row in excelize's pixels, which
// anchor a chart to the rows it covers (see sheet.chartEnd).
const rowPixels = 18

// seriesColors are the colours of sleeves and assets in every chart of a
// workbook, given out in order of first appearance.
func seriesColors() []string {
	return []string{"1F3864", "C55A11", "548235", "7F7F7F", "7030A0", "BF8F00", "2E75B6", "C00000", "00B0F0", "FF66CC"}
}

// kindColors give a sleeve whose name says what it holds the same colour
// in every workbook (small caps orange, bonds green, cash grey, ...), so
// that an advisor's workbooks read alike; the first matching word decides.
var kindColors = []struct {
	words []string
	color string
}{
	{[]string{"small"}, "C55A11"},
	{[]string{"bond", "fixed", "treasur", "credit"}, "548235"},
	{[]string{"cash", "money market", "reserve"}, "7F7F7F"},
	{[]string{"real estate", "reit", "property"}, "7030A0"},
	{[]string{"international", "intl", "emerging", "global", "foreign"}, "BF8F00"},
	{[]string{"equity", "stock", "large", "core"}, "1F3864"},
}

// sleeveColor is a sleeve's colour, the same in every chart of the
// workbook: by what its name says it holds (kindColors) when that colour
// is still free, else the palette's next free colour, in the order the
// sleeves first appear across the portfolios.
func (b *book) sleeveColor(name string) string {
	if b.colors == nil {
		b.colors = map[string]string{}
		used := map[string]bool{}
		var rest []string
		for _, p := range b.sc.Portfolios {
			for _, sl := range p.Sleeves {
				if _, ok := b.colors[sl.Name]; ok || slices.Contains(rest, sl.Name) {
					continue
				}
				if c := kindColor(sl.Name); c != "" && !used[c] {
					b.colors[sl.Name], used[c] = c, true
					continue
				}
				rest = append(rest, sl.Name)
			}
		}
		pal := seriesColors()
		next := 0
		for _, n := range rest {
			for next < len(pal) && used[pal[next]] {
				next++
			}
			c := pal[next%len(pal)]
			if next < len(pal) {
				used[c] = true
			}
			b.colors[n] = c
			next++
		}
	}
	if c, ok := b.colors[name]; ok {
		return c
	}
	return "7F7F7F"
}

// yearLines is a chart of lines over the years of columns cols of a table
// (header row head, data first..last, years 1 on in column 1), each line in
// its colour when colors are given. The years lie on a number axis, which
// Excel and LibreOffice label every 5 or 10 years: as categories,
// LibreOffice labels every one and stacks the digits of long horizons'.
func yearLines(s *sheet, at string, head, first, last int, cols []int, name, xTitle, format string, width uint, colors ...string) {
	var lines []excelize.ChartSeries
	for i, col := range cols {
		line := excelize.ChartSeries{Name: s.ref(col, head, col, head), Categories: s.ref(1, first, 1, last), Values: s.ref(col, first, col, last),
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 5}, Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 1.5}}
		if i < len(colors) {
			line.Fill = solid(colors[i])
			line.Marker.Fill = solid(colors[i])
		}
		lines = append(lines, line)
	}
	legend := "bottom"
	if len(cols) == 1 {
		legend = "none"
	}
	s.chart(at, &excelize.Chart{Type: excelize.Scatter, Series: lines, Title: title(name),
		Dimension: excelize.ChartDimension{Width: width, Height: 300}, Legend: excelize.ChartLegend{Position: legend},
		XAxis: excelize.ChartAxis{Title: title(xTitle), MajorGridLines: true,
			Minimum: new(0.0), Maximum: new(float64(last - first + 1))}, // years 1 to last's
		YAxis: excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: format}}})
}

// kindColor is the colour kindColors give a sleeve's name, or "".
func kindColor(name string) string {
	lower := strings.ToLower(name)
	for _, k := range kindColors {
		for _, w := range k.words {
			if strings.Contains(lower, w) {
				return k.color
			}
		}
	}
	return ""
}
