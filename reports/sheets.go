// Helpers the workbook's sheets share; each sheet is built in the file
// named after it (summary.go, projections.go, ...).

package reports

import (
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"
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

func pctText(x float64, decimals int) string { return fmt.Sprintf("%.*f %%", decimals, 100*x) }

func moneyText(x float64, currency string) string { return currency + " " + money(x) }

func maxShareSE(b *book) float64 {
	m := 0.0
	for _, p := range b.res.Portfolios {
		m = math.Max(m, math.Max(p.SuccessRateSE, p.ProbLossSE))
		if p.ProbGoalSE != nil {
			m = math.Max(m, *p.ProbGoalSE)
		}
	}
	return m
}

// lineChart is a line chart of columns cols of a table (header row head,
// data first..last, categories in column 1).
func lineChart(s *sheet, at string, head, first, last int, cols []int, name, xTitle, format string, width uint) {
	var lines []excelize.ChartSeries
	for _, col := range cols {
		lines = append(lines, excelize.ChartSeries{Name: s.ref(col, head, col, head), Categories: s.ref(1, first, 1, last), Values: s.ref(col, first, col, last),
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 5}})
	}
	legend := "bottom"
	if len(cols) == 1 {
		legend = "none"
	}
	s.chart(at, &excelize.Chart{Type: excelize.Line, Series: lines, Title: title(name),
		Dimension: excelize.ChartDimension{Width: width, Height: 300}, Legend: excelize.ChartLegend{Position: legend},
		XAxis: excelize.ChartAxis{Title: title(xTitle)},
		YAxis: excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: format}}})
}
