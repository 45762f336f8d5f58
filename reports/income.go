package reports

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// The Income sheet (only with a spending rule): what the rule paid, in
// today's money. Its first page holds the rule in words, a table of each
// portfolio's headline figures and a chart of every portfolio's median
// spending by year; then each portfolio gets a page with its yearly table
// and its fan chart beside it.

// IncomeHeadlineRow is the row of the headline table's first portfolio;
// the portfolio's name is in column A, its figures from column C on, in
// the order of IncomeHeadlines.
const IncomeHeadlineRow = 7

// IncomeHeadlines are the headline table's figure headers.
func IncomeHeadlines() []string {
	var hs []string
	for _, k := range incomeHeadlines() {
		hs = append(hs, k.figure().short)
	}
	return hs
}

// incomeHeadlines are the headline table's figures, by their short names:
// the heads wrap in columns of 10.5, and the note below the table says
// what each means.
func incomeHeadlines() []figureKey {
	return []figureKey{firstYearSpending, medianSpending, poorSpending, leanestYear, leanYear, totalSpent}
}

// IncomeRows returns the first data row (the rule's first year) of
// portfolio b's yearly table, in a workbook of n portfolios whose rule
// runs for ruleYears years.
// Each yearly table is followed by its fan chart.
func IncomeRows(b, n, ruleYears int) int {
	return incomeTop(n) + 2 + b*(ruleYears+3+incomeChartRows)
}

// incomeTop is the first row after the headline table, its note and the
// overview chart below them.
func incomeTop(n int) int {
	return IncomeHeadlineRow + n + 3 + incomeChartRows + 1
}

// incomeNameWidth is the width of the headline table's portfolio names,
// over the sheet's first two columns.
const incomeNameWidth = 16.5

// incomeChartRows is the number of 15 pt rows an Income chart takes:
// most of a page, which each chart has to itself, and no more than a page
// holds at 100 % (pageHeight).
const incomeChartRows = 28

// incomeNameColumns is how many columns the headline table's names span:
// what its figures leave of the yearly tables' width, at least two, so
// that the table ends where they end and a long name ("10% small caps,
// gliding to 40% equity") takes two lines, not three beside empty columns.
func incomeNameColumns(tableCols, figures int) int { return max(2, tableCols-figures) }

// incomeTableCols is the number of columns of a yearly table: the year,
// the percentiles, the share still funded and, under guardrails, the
// shares cut, raised and frozen.
func incomeTableCols(pcts int, guardrails bool) int {
	if guardrails {
		return pcts + 5
	}
	return pcts + 2
}

// incomeLayout is what the Income sheet's parts share.
type incomeLayout struct {
	pcts      []float64 // the yearly tables' percentiles
	guard     bool      // the rule's yearly actions get columns of their own
	ruleYears int       // the years the rule pays
	cols      int       // the columns of the tables
}

// incomeLayoutOf is the Income sheet's layout for scenario sc's results
// res.
func incomeLayoutOf(sc *model.Scenario, res *sim.Results) incomeLayout {
	sp := sc.Spending
	lay := incomeLayout{pcts: res.Portfolios[0].Spending.Percentiles, guard: sp.Rule.Traits().Acts, ruleYears: sp.EndYear - sp.StartYear + 1}
	lay.cols = max(incomeTableCols(len(lay.pcts), lay.guard), 2+len(incomeHeadlines()))
	return lay
}

func (b *book) income(s *sheet) {
	lay := incomeLayoutOf(b.sc, b.res)
	noteRow := IncomeHeadlineRow + len(b.res.Portfolios) + 1
	b.incomeIntro(s, lay.cols)
	b.headlineTable(s, lay.cols)
	b.headlineNote(s, noteRow, lay.cols)
	b.medianSpendingChart(s, noteRow+2, lay)
	// One spending scale for every portfolio's fan, as the Projections':
	// each fitted to its own, they read alike whatever their spread.
	top := b.oneScale(func(p sim.Portfolio) []float64 { return p.Spending.Fan[len(lay.pcts)-1] })
	// One page per portfolio: its yearly table and its fan chart.
	for bi := range b.res.Portfolios {
		p := &b.res.Portfolios[bi]
		first := IncomeRows(bi, len(b.res.Portfolios), lay.ruleYears)
		b.yearlyIncome(s, first, p, lay)
		b.incomeFan(s, first, p, lay, top)
	}
	widths := []float64{incomeNameWidth - 10.5}
	widths = append(widths, repeat(10.5, lay.cols-1)...)
	s.widths(append(widths, 2)...)
}

// incomeIntro writes the sheet's title and its paragraph (incomeText)
// across the tables' cols columns.
func (b *book) incomeIntro(s *sheet, cols int) {
	s.set(1, 1, "Retirement income: what the spending plan pays", b.st.title)
	text := b.incomeText()
	s.set(1, 3, text, b.st.wrap)
	s.keep(b.f.MergeCell(s.name, cell(1, 3), cell(cols, 3)))
	// Measured as Calibri wraps it (nameHeight): the paragraph rule's extra
	// line pushed the headline table off the first page.
	s.keep(b.f.SetRowHeight(s.name, 3, max(92, nameHeight(text, incomeColumnsWidth(cols)))))
}

// headlineTable writes the headline figures, one row per portfolio, its
// names over the columns the figures leave of the tables' cols.
func (b *book) headlineTable(s *sheet, cols int) {
	st := b.st
	heads := incomeHeadlines()
	s.set(1, IncomeHeadlineRow-2, "Headline figures (today's money)", st.subtitle)
	hdr := IncomeHeadlineRow - 1
	nameCols := incomeNameColumns(cols, len(heads))
	s.set(1, hdr, "Portfolio", st.header)
	s.set(nameCols, hdr, "", st.header)
	s.keep(b.f.MergeCell(s.name, cell(1, hdr), cell(nameCols, hdr)))
	for j, h := range heads {
		s.set(nameCols+1+j, hdr, h.figure().short, st.header)
	}
	s.keep(b.f.SetRowHeight(s.name, hdr, 48)) // three-line headers
	name, err := b.f.NewStyle(&excelize.Style{Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"}}) // its last line level with the figures
	s.keep(err)
	for i, p := range b.res.Portfolios {
		r := IncomeHeadlineRow + i
		s.set(1, r, p.Name, name)
		s.set(nameCols, r, "", st.text)
		s.keep(b.f.MergeCell(s.name, cell(1, r), cell(nameCols, r)))
		s.keep(b.f.SetRowHeight(s.name, r, nameHeight(p.Name, incomeColumnsWidth(nameCols)))) // a line for a name on one
		for j, h := range heads {
			f := h.figure()
			v := f.cell(&p)
			s.set(nameCols+1+j, r, v, st.unitStyle(f.unit, v))
		}
	}
}

// headlineNote writes the note that defines the headline figures in row
// noteRow, across the tables' cols columns, and keeps it with the table.
func (b *book) headlineNote(s *sheet, noteRow, cols int) {
	maxSE := 0.0
	for _, p := range b.res.Portfolios {
		maxSE = math.Max(maxSE, p.Spending.CutProbSE)
	}
	note := "First-year spending: the spending of the plan's first year. Median yearly spending and 5th pct yearly spending: the median and 5th percentile " +
		"over paths of each path's average spending over the plan's years, the typical path and a poor one (95% of paths did better). 5th pct leanest " +
		"year: the 5th percentile over paths of each path's lowest year. A lean year is one paying less than " + pctText(sim.CutLevel, 0) + " of the first year's spending. Median total " +
		"spent: every year of the plan added up." + b.incomeFlowsText() + " " + b.sharesText(maxSE)
	// As tall as its words wrap across the table's columns (a count of
	// lines fixed by hand fell a line short once a sentence was added).
	s.note(noteRow, 1, cols, noteLines(note, incomeColumnsWidth(cols)), note)
	s.keepTogether(IncomeHeadlineRow-2, noteRow) // the note's definitions with the table: it went to the next page
}

// incomeFlowsText says how the plan's cash flows add to what the rule
// pays, in sentences that start with a space; "" without payments in.
func (b *book) incomeFlowsText() string {
	in := flowNames(b.sc, 1)
	if in == "" {
		return ""
	}
	text := " What the plan pays into the portfolio (" + in + ") goes into it and the rule's withdrawals come out of it, " +
		"so the spending shown is all the client receives: those payments are not to be added to it. They raise the spending " +
		"only as far as the rule's withdrawals rise with the portfolio; the rest stays invested and shows in the wealth at the end."
	if out := flowNames(b.sc, -1); out != "" {
		text += " The plan's withdrawals (" + out + ") are drawn from the portfolio in addition."
	}
	return text
}

// medianSpendingChart charts every portfolio's median by year, from the
// yearly tables below, at row r.
func (b *book) medianSpendingChart(s *sheet, r int, lay incomeLayout) {
	mid := closestTo50(lay.pcts)
	var lines []excelize.ChartSeries
	for bi := range b.res.Portfolios {
		first := IncomeRows(bi, len(b.res.Portfolios), lay.ruleYears)
		lines = append(lines, excelize.ChartSeries{
			Name:       s.ref(1, first-2, 1, first-2), // the portfolio's subtitle
			Categories: s.ref(1, first, 1, first+lay.ruleYears-1),
			Values:     s.ref(2+mid, first, 2+mid, first+lay.ruleYears-1),
			Line:       excelize.LineOptions{Width: 2},
			Fill:       solid(portfolioColor(bi)),
			Marker:     excelize.ChartMarker{Symbol: "none"},
		})
	}
	s.chart(cell(1, r), incomeChart(lines,
		ordinalWord(lay.pcts[mid])+" real spending by year (today's money)", moneyFormat(b.sc.Info.Currency), lay.ruleYears, incomeChartWidth, (incomeChartRows-1)*rowPixels))
}

// yearlyIncome writes portfolio p's yearly table, its first year in row
// first, on a page that its name and header start.
func (b *book) yearlyIncome(s *sheet, first int, p *sim.Portfolio, lay incomeLayout) {
	st := b.st
	s.pageBreak(first - 2)
	s.set(1, first-2, p.Name, st.subtitle)
	s.header(1, first-1, yearlyIncomeHeads(lay)...)
	s.keep(b.f.SetRowHeight(s.name, first-1, threeLineHead))
	sp := p.Spending
	for i := range lay.ruleYears {
		y := b.sc.Spending.StartYear + i
		r := first + i
		s.set(1, r, y, st.center)
		for q := range lay.pcts {
			s.set(2+q, r, sp.Fan[q][y-1], st.money)
		}
		c := 2 + len(lay.pcts)
		s.set(c, r, sp.FullShare[y-1], st.shareStyle(sp.FullShare[y-1]))
		if lay.guard {
			s.set(c+1, r, sp.CutShare[y-1], st.shareStyle(sp.CutShare[y-1]))
			s.set(c+2, r, sp.RaiseShare[y-1], st.shareStyle(sp.RaiseShare[y-1]))
			s.set(c+3, r, sp.FrozeShare[y-1], st.shareStyle(sp.FrozeShare[y-1]))
		}
	}
	// The table on one page when the scale allows (as Projections'),
	// else at least its name and header with the first rows.
	s.block = max(s.block, subtitleHeight+threeLineHead+float64(15*lay.ruleYears))
	s.keepTogether(first-2, first+lay.ruleYears-1)
}

// yearlyIncomeHeads are the headers of a yearly table.
func yearlyIncomeHeads(lay incomeLayout) []any {
	heads := []any{"Year"}
	for _, pct := range lay.pcts {
		heads = append(heads, ordinal(pct)+" pct") // "percentile" breaks in a column of 10.5
	}
	heads = append(heads, "Paths still funded") // paid what the rule set, cut or not
	if lay.guard {
		heads = append(heads, "Paths cut by rule", "Paths raised by rule", "Raise skipped") // the rule's actions that year, not "a cut" of the headline; short words for columns of 10.5
	}
	return heads
}

// incomeFan charts portfolio p's spending percentiles from its yearly
// table, whose first year is in row first, below the table, up to top.
func (b *book) incomeFan(s *sheet, first int, p *sim.Portfolio, lay incomeLayout, top *float64) {
	var series []excelize.ChartSeries
	for q, pct := range lay.pcts {
		series = append(series, excelize.ChartSeries{
			Name:       s.ref(2+q, first-1, 2+q, first-1),
			Categories: s.ref(1, first, 1, first+lay.ruleYears-1),
			Values:     s.ref(2+q, first, 2+q, first+lay.ruleYears-1),
			Line:       fanLine(pct),
			Fill:       solid(fanColor(pct)),
			Marker:     excelize.ChartMarker{Symbol: "none"},
		})
	}
	fan := incomeChart(series, p.Name+": real spending by year (today's money; one scale for every portfolio)",
		moneyFormat(b.sc.Info.Currency), lay.ruleYears, incomeChartWidth, (incomeChartRows-1)*rowPixels)
	fan.YAxis.Maximum = top
	s.chart(cell(1, first+lay.ruleYears+1), fan)
}

// incomeColumnsWidth is the width of the Income sheet's first n columns.
func incomeColumnsWidth(n int) float64 { return incomeNameWidth - 10.5 + float64(10.5*float64(n-1)) }

// incomeChartWidth is the width of an Income chart, in pixels: the
// tables' width, below them.
const incomeChartWidth = 760

// incomeChart is a line chart by year with dark, readable axes.
func incomeChart(series []excelize.ChartSeries, name, numFmt string, years int, width, height uint) *excelize.Chart {
	dark := chartFont
	zero := 0.0
	skip := 1
	if years > 15 {
		skip = 5
	}
	return &excelize.Chart{
		Type:      excelize.Line,
		Series:    series,
		Title:     title(name),
		Dimension: excelize.ChartDimension{Width: width, Height: height},
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &dark},
		XAxis:     excelize.ChartAxis{Title: title("Year"), TickLabelSkip: skip, Font: dark},
		// From 0, so that a cut of a tenth looks like a tenth.
		YAxis: excelize.ChartAxis{MajorGridLines: true, Font: dark, NumFmt: excelize.ChartNumFmt{CustomNumFmt: numFmt}, Minimum: &zero},
	}
}

// incomeText is the sheet's paragraph: the rule in words and what real
// spending means.
func (b *book) incomeText() string {
	sp := b.sc.Spending
	paid := map[portfolio.Period]string{portfolio.Month: "in monthly installments", portfolio.Quarter: "in quarterly installments"}[sp.Every]
	if paid == "" {
		paid = "once a year, at the start of the year"
	}
	text := fmt.Sprintf("The spending plan: %s, from year %d to year %d, paid %s. Each portfolio pays it from its own "+
		"simulated path, so what it can pay depends on how that portfolio fares; a portfolio that runs out of money pays "+
		"what is left, then nothing. Paths still funded are those with the money to pay what the rule set. ",
		SpendingRuleText(sp, b.sc.Inflation != nil), sp.StartYear, sp.EndYear, paid)
	if sp.Rule.Traits().Acts {
		text += "Each year's table gives the share of paths on which the rule cut spending at its upper guardrail (paths cut by " +
			"rule), raised it at its lower one (paths raised by rule) and skipped the inflation raise after a losing year " +
			"(raise skipped). "
	}
	if b.sc.Inflation != nil {
		text += "All amounts are real spending: what was paid in a year expressed in today's money, that is divided by the " +
			"simulated rise in prices since the start, so a flat line means spending kept pace with inflation. "
	} else {
		text += "No inflation is modeled, so amounts are in today's money as paid. "
	}
	pcts := b.res.Portfolios[0].Spending.Percentiles
	low := pcts[0]
	text += fmt.Sprintf("The charts and tables show the spread across the %s %s: in a given year, %s of them "+
		"paid more than the %s percentile. Amounts are before taxes; the rule illustrates a withdrawal plan and "+
		"is not a recommendation of how much to spend.", thousands(b.res.Paths), b.pathsNoun(), pctText(1-low/100, 0), ordinal(low))
	return text
}

// closestTo50 is the index of the percentile nearest the median.
func closestTo50(pcts []float64) int {
	best := 0
	for i, p := range pcts {
		if math.Abs(p-50) < math.Abs(pcts[best]-50) {
			best = i
		}
	}
	return best
}

// ordinalWord names a percentile for a title: "Median" for the 50th.
func ordinalWord(p float64) string {
	if p == 50 {
		return "Median"
	}
	return ordinal(p) + " percentile"
}

// flowNames lists the plan's cash flows paid in (sign 1: Social Security,
// a pension, into the portfolio the rule draws on) or out (sign −1: drawn
// besides the rule's withdrawals).
func flowNames(sc *model.Scenario, sign float64) string {
	var names []string
	for _, f := range sc.Flows {
		if sign*f.Amount > 0 {
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, ", ")
}
