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

type resultsPortfolio = sim.Portfolio

func title(text string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: text}}}
}

// summaryColumns are the Summary table's figures: header, value, style,
// and whether a higher value is better (for the best/worst highlighting).
type summaryColumn struct {
	header       string
	value        func(p portfolioView) any
	money, pct   bool
	higherBetter bool
}

// portfolioView pairs a portfolio's results with its model.
type portfolioView struct {
	index int
	res   resultsPortfolio
}

func (b *book) views() []portfolioView {
	out := make([]portfolioView, len(b.res.Portfolios))
	for i := range out {
		out[i] = portfolioView{index: i, res: resultsPortfolio(b.res.Portfolios[i])}
	}
	return out
}

// SummaryHeaders are the Summary table's column headers, for tests.
func SummaryHeaders() []string {
	var hs []string
	for _, c := range summaryColumns() {
		hs = append(hs, c.header)
	}
	return hs
}

// SummaryFirstRow is the row of the Summary table's first portfolio.
const SummaryFirstRow = 12

func summaryColumns() []summaryColumn {
	orNil := func(p *float64) any {
		if p == nil {
			return "n/a"
		}
		return *p
	}
	return []summaryColumn{
		{header: "Median terminal wealth", value: func(p portfolioView) any { return p.res.TerminalWealth.P50 }, money: true, higherBetter: true},
		{header: "Median terminal wealth (real)", value: func(p portfolioView) any { return p.res.TerminalWealthReal.P50 }, money: true, higherBetter: true},
		{header: "5th percentile", value: func(p portfolioView) any { return p.res.TerminalWealth.P5 }, money: true, higherBetter: true},
		{header: "95th percentile", value: func(p portfolioView) any { return p.res.TerminalWealth.P95 }, money: true, higherBetter: true},
		{header: "Median annualized return", value: func(p portfolioView) any { return p.res.AnnualizedReturn.P50 }, pct: true, higherBetter: true},
		{header: "Volatility (median)", value: func(p portfolioView) any { return p.res.VolatilityP50 }, pct: true},
		{header: "Max drawdown (median)", value: func(p portfolioView) any { return p.res.MaxDrawdownP50 }, pct: true},
		{header: "Max drawdown (95th pct)", value: func(p portfolioView) any { return p.res.MaxDrawdownP95 }, pct: true},
		{header: "Sharpe (median)", value: func(p portfolioView) any { return orNil(p.res.SharpeP50) }, higherBetter: true},
		{header: "Success rate", value: func(p portfolioView) any { return p.res.SuccessRate }, pct: true, higherBetter: true},
		{header: "Goal probability", value: func(p portfolioView) any { return orNil(p.res.ProbGoal) }, pct: true, higherBetter: true},
		{header: "Beats baseline", value: func(p portfolioView) any {
			if p.res.VsBaseline == nil {
				return "baseline"
			}
			return p.res.VsBaseline.ProbOutperform
		}, pct: true, higherBetter: true},
	}
}

func (b *book) summary(s *sheet) {
	sc, st := b.sc, b.st
	s.set(1, 1, sc.Info.Name, st.title)
	cover := [][2]any{
		{"Client", sc.Info.Client},
		{"Prepared by", sc.Info.PreparedBy},
		{"Assumptions as of", sc.Info.AsOf},
		{"Run date", b.in.RunDate.Format("2006-01-02")},
		{"Simulated paths", fmt.Sprintf("%d", b.res.Paths)},
		{"Horizon", fmt.Sprintf("%d years, %d steps a year", sc.Simulation.HorizonYears, sc.Simulation.StepsPerYear)},
		{"Initial investment", moneyText(sc.Initial, sc.Info.Currency)},
	}
	for i, kv := range cover {
		s.set(1, 3+i, kv[0], st.label)
		s.set(2, 3+i, kv[1], st.left)
	}
	cols := summaryColumns()
	hdr := SummaryFirstRow - 1
	s.set(1, hdr, "Portfolio", st.header)
	for j, c := range cols {
		s.set(2+j, hdr, c.header, st.header)
	}
	s.keep(b.f.SetRowHeight(s.name, hdr, 45)) // three-line headers
	views := b.views()
	for i, p := range views {
		r := SummaryFirstRow + i
		s.set(1, r, p.res.Name, st.text)
		for j, c := range cols {
			style := st.number2
			switch {
			case c.money:
				style = st.money
			case c.pct:
				style = st.percent
			}
			s.set(2+j, r, c.value(p), style)
		}
	}
	last := SummaryFirstRow + len(views) - 1
	if len(views) > 1 {
		for j, c := range cols {
			if !varies(views, c) {
				continue // all equal: no best or worst to show
			}
			rng := cell(2+j, SummaryFirstRow) + ":" + cell(2+j, last)
			top, bottom := b.st.best, b.st.worst
			if !c.higherBetter {
				top, bottom = bottom, top
			}
			s.keep(b.f.SetConditionalFormat(s.name, rng, []excelize.ConditionalFormatOptions{
				{Type: "top", Criteria: "=", Value: "1", Format: &top},
				{Type: "bottom", Criteria: "=", Value: "1", Format: &bottom},
			}))
		}
	}
	r := last + 2
	s.set(1, r, b.reading(), st.wrap)
	s.keep(b.f.MergeCell(s.name, cell(1, r), cell(1+len(cols), r+2)))
	s.keep(b.f.SetRowHeight(s.name, r, 30))
	s.set(1, r+4, "Green marks the best and red the worst value in each column. Wealth is in "+sc.Info.Currency+
		" at the horizon; returns are annualized, time-weighted and net of fees, fund expenses and trading costs. "+
		"Shares are estimates from the simulated paths, each within about ±"+pctText(maxShareSE(b), 1)+" (one standard error).", st.note)
	s.keep(b.f.MergeCell(s.name, cell(1, r+4), cell(1+len(cols), r+6)))
	s.widths(append([]float64{34, 22}, repeat(15, len(cols))...)...)
	s.freeze(hdr)
}

// varies reports whether a column's numeric values are not all equal.
func varies(views []portfolioView, c summaryColumn) bool {
	var first *float64
	for _, p := range views {
		v, ok := c.value(p).(float64)
		if !ok {
			continue
		}
		if first == nil {
			first = &v
		} else if math.Abs(v-*first) > 1e-12*math.Max(1, math.Abs(v)) {
			return true
		}
	}
	return false
}

// reading is the Summary's one-sentence plain-language reading.
func (b *book) reading() string {
	best := 0
	for i, p := range b.res.Portfolios {
		if p.TerminalWealth.P50 > b.res.Portfolios[best].TerminalWealth.P50 {
			best = i
		}
	}
	p := b.res.Portfolios[best]
	text := fmt.Sprintf("%s had the highest median outcome, %s after %d years (%s in today's money)",
		p.Name, moneyText(p.TerminalWealth.P50, b.sc.Info.Currency), b.sc.Simulation.HorizonYears,
		moneyText(p.TerminalWealthReal.P50, b.sc.Info.Currency))
	if v := p.VsBaseline; v != nil {
		text += fmt.Sprintf(", and ended above the baseline (%s) on %s of the simulated paths",
			b.sc.Portfolios[b.sc.Baseline].Name, pctText(v.ProbOutperform, 0))
	} else {
		text += "; it is the baseline the others are compared with"
	}
	return text + fmt.Sprintf(". It never ran out of money on %s of the paths.", pctText(p.SuccessRate, 0))
}

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

// ProjectionsRows returns the first data row of portfolio b's fan table.
func ProjectionsRows(b, years int) int { return 3 + b*(years+6) }

func (b *book) projections(s *sheet) {
	years := b.sc.Simulation.HorizonYears
	real := b.sc.Inflation != nil
	pcts := b.sc.Report.Percentiles
	for bi, p := range b.res.Portfolios {
		first := ProjectionsRows(bi, years)
		if bi > 0 && bi%2 == 0 {
			s.pageBreak(first - 2) // two fan charts to a printed page
		}
		s.set(1, first-2, p.Name, b.st.subtitle)
		s.set(1, first-1, "Year", b.st.header)
		for q, pct := range pcts {
			s.set(2+q, first-1, ordinal(pct)+" pct", b.st.header)
			if real {
				s.set(2+len(pcts)+q, first-1, ordinal(pct)+" pct (real)", b.st.header)
			}
		}
		for y := 0; y <= years; y++ {
			s.set(1, first+y, y, b.st.integer)
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
				Name:       s.ref(2+q, first-1, 2+q, first-1), // the column's header
				Categories: s.ref(1, first, 1, first+years),
				Values:     s.ref(2+q, first, 2+q, first+years),
				Line:       excelize.LineOptions{Width: lineWidth(pct)},
				Fill:       solid(fanColor(pct)), // excelize colours a line series from its Fill
				Marker:     excelize.ChartMarker{Symbol: "none"},
			})
		}
		tableCols := 1 + len(pcts)
		if real {
			tableCols += len(pcts)
		}
		s.chart(cell(tableCols+2, first-1), &excelize.Chart{
			Type:      excelize.Line,
			Series:    series,
			Title:     title(p.Name + ": wealth by year (nominal)"),
			Dimension: excelize.ChartDimension{Width: 640, Height: uint(20 * (years + 2))},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			XAxis:     excelize.ChartAxis{Title: title("Year"), TickLabelSkip: 5},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: moneyFormat(b.sc.Info.Currency)}},
		})
	}
	s.widths(append([]float64{8}, repeat(16, 2*len(pcts))...)...)
}

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

func solid(color string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
}

func lineWidth(pct float64) float64 {
	if pct == 50 {
		return 2.5
	}
	return 1.25
}

// palette colours one marker per portfolio.
var palette = []string{"1F3864", "2E75B6", "C55A11", "548235", "7030A0", "BF8F00", "C00000", "5B9BD5"}

func (b *book) compare(s *sheet) {
	st := b.st
	s.set(1, 1, "Portfolios side by side", st.title)
	heads := []string{"Portfolio", "Volatility (median)", "Median annualized return", "5th pct wealth", "Median wealth", "95th pct wealth",
		"Max drawdown (95th pct)", "CVaR 95 (calendar year)", "Diversification ratio"}
	s.row(1, 3, st.header, toAny(heads)...)
	s.keep(b.f.SetRowHeight(s.name, 3, 45)) // three-line headers
	n := len(b.res.Portfolios)
	for i, p := range b.res.Portfolios {
		r := 4 + i
		s.set(1, r, p.Name, st.text)
		s.set(2, r, p.VolatilityP50, st.percent)
		s.set(3, r, p.AnnualizedReturn.P50, st.percent2)
		s.set(4, r, p.TerminalWealth.P5, st.money)
		s.set(5, r, p.TerminalWealth.P50, st.money)
		s.set(6, r, p.TerminalWealth.P95, st.money)
		s.set(7, r, p.MaxDrawdownP95, st.percent)
		s.set(8, r, p.CVaR95, st.percent)
		s.set(9, r, p.DiversificationRatio, st.ratio)
	}
	last := 3 + n
	var points []excelize.ChartSeries
	for i := range n {
		r := 4 + i
		points = append(points, excelize.ChartSeries{
			Name:       s.ref(1, r, 1, r),
			Categories: s.ref(2, r, 2, r),
			Values:     s.ref(3, r, 3, r),
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 10, Fill: solid(palette[i%len(palette)])},
		})
	}
	s.chart(cell(1, last+3), &excelize.Chart{
		Type:      excelize.Scatter,
		Series:    points,
		Title:     title("Risk and return: median volatility vs median annualized return"),
		Dimension: excelize.ChartDimension{Width: 620, Height: 380},
		Legend:    excelize.ChartLegend{Position: "right"},
		XAxis:     excelize.ChartAxis{Title: title("Volatility"), NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}, MajorGridLines: true},
		YAxis:     excelize.ChartAxis{Title: title("Annualized return"), NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0%"}, MajorGridLines: true},
	})
	var bars []excelize.ChartSeries
	for j := range 3 { // 5th percentile, median, 95th percentile of terminal wealth
		bars = append(bars, excelize.ChartSeries{Name: s.ref(4+j, 3, 4+j, 3), Categories: s.ref(1, 4, 1, last), Values: s.ref(4+j, 4, 4+j, last)})
	}
	s.chart(cell(1, last+25), &excelize.Chart{
		Type:      excelize.Col,
		Series:    bars,
		Title:     title("Terminal wealth: median with 5th and 95th percentiles"),
		Dimension: excelize.ChartDimension{Width: 620, Height: 380},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: moneyFormat(b.sc.Info.Currency)}},
	})
	s.widths(34, 14, 14, 16, 16, 16, 14, 14, 14)
	s.freeze(3)
}

// AllocationRows returns the first row of portfolio b's sleeve table.
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
	return starts
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
		s.chart(cell(6, r0), &excelize.Chart{
			Type: excelize.Doughnut,
			Series: []excelize.ChartSeries{{
				Name: s.ref(1, r0, 1, r0), Categories: s.ref(1, r0+2, 1, r0+1+len(p.Sleeves)), Values: s.ref(2, r0+2, 2, r0+1+len(p.Sleeves)),
			}},
			Title:     title(p.Name + ": sleeves"),
			Dimension: excelize.ChartDimension{Width: 420, Height: 320},
			Legend:    excelize.ChartLegend{Position: "right"},
			PlotArea:  excelize.ChartPlotArea{ShowPercent: true},
			HoleSize:  50,
		})
	}
	s.note(2, 1, 10, 2, "Share of risk is each sleeve's contribution to the portfolio's long-run variance (vᵀΣw / wᵀΣw, summing to 100 %), "+
		"from the covariance of one year's returns averaged over the regimes. A sleeve whose share of risk exceeds its weight adds more risk than its size.")
	s.widths(30, 24, 14, 14, 4)
}

func (b *book) regimes(s *sheet) {
	st, sc := b.st, b.sc
	s.set(1, 1, "Market regimes", st.title)
	r := 3
	if len(sc.Regimes.Chains) == 0 {
		s.set(1, r, "This scenario has no regimes: every step uses the same assumptions.", st.wrap)
		r += 2
	}
	k := float64(sc.Simulation.StepsPerYear)
	for _, ch := range sc.Regimes.Chains {
		s.set(1, r, "Chain: "+ch.Name, st.subtitle)
		heads := []any{"State", "Mean stay (years)", "Mean stay simulated (years)", "Long-run share"}
		for _, to := range ch.States {
			heads = append(heads, "→ "+to)
		}
		s.header(1, r+1, heads...)
		for i, name := range ch.States {
			row := r + 2 + i
			s.set(1, row, name, st.text)
			s.set(2, row, ch.MeanYears[i], st.number2)
			s.set(3, row, 1/(1-ch.Transition.At(i, i))/k, st.number2)
			s.set(4, row, ch.Stationary[i], st.percent)
			for j := range ch.States {
				s.set(5+j, row, ch.Transition.At(i, j), st.percent2)
			}
		}
		r += len(ch.States) + 2
		s.note(r, 1, 4+len(ch.States), 2, "Transition probabilities are per step ("+stepName(sc.Simulation.StepsPerYear)+
			"); 'mean stay simulated' is the discrete chain's 1/(1 − P[i][i]) steps, close to the stated mean stay.")
		r += 2
	}
	s.set(1, r, "Joint states", st.subtitle)
	heads := []any{"State", "Long-run share", "Simulated share"}
	// Under bootstrap a state's returns come from history months, not from
	// assumptions: show how many months it draws from instead.
	expected := len(sc.Portfolios)
	if sc.History != nil {
		heads = append(heads, "History months drawn from")
		expected = 1
	} else {
		for _, p := range sc.Portfolios {
			heads = append(heads, p.Name+": expected return")
		}
	}
	for _, p := range sc.Portfolios {
		heads = append(heads, p.Name+": simulated return")
	}
	s.row(1, r+1, st.header, heads...)
	s.keep(b.f.SetRowHeight(s.name, r+1, 45)) // three-line headers
	for j, js := range sc.Regimes.States {
		row := r + 2 + j
		s.set(1, row, js.Name, st.text)
		s.set(2, row, js.Stationary, st.percent)
		s.set(3, row, b.res.StateShare[j], st.percent)
		if h := sc.History; h != nil {
			months := len(h.Returns)
			if h.StateMonths != nil {
				months = len(h.StateMonths[j])
			}
			s.set(4, row, months, st.integer)
		}
		for pi, p := range sc.Portfolios {
			if sc.History == nil {
				s.set(4+pi, row, stateReturn(p, js), st.percent)
			}
			if v := b.res.Portfolios[pi].StateReturn[j]; !math.IsNaN(v) {
				s.set(4+expected+pi, row, v, st.percent)
			} else {
				s.set(4+expected+pi, row, "not visited", st.text)
			}
		}
	}
	r += len(sc.Regimes.States) + 3
	first := "Expected return: the portfolio's arithmetic expected yearly return at its targets while the state holds, from the assumptions after anchoring. "
	if sc.History != nil {
		first = "History months: the months of the history window labelled like the state, which its steps draw from (every month when no state has a label). "
	}
	s.note(r, 1, 3+expected+len(sc.Portfolios), 2, first+
		"Simulated return: the annualized time-weighted return the portfolio earned over all simulated steps spent in the state, net of costs. "+
		"Simulated share: the share of all simulated steps spent in each state.")
	s.keep(b.f.SetRowHeight(s.name, r, 45))
	r += 2
	if !hasEffects(sc) {
		s.widths(append([]float64{36}, repeat(15, 3+expected+len(sc.Portfolios))...)...)
		return
	}
	s.set(1, r, "Effects", st.subtitle)
	s.header(1, r+1, "Chain", "State", "Series", "Return added", "Volatility ×")
	r += 2
	for _, ch := range sc.Regimes.Chains {
		for i, name := range ch.States {
			for a, e := range ch.Effects[i] {
				if e.Return == 0 && e.VolScale == 1 {
					continue
				}
				series := "Inflation"
				if a < len(sc.Assets) {
					series = sc.Assets[a].Name
				}
				s.row(1, r, st.text, ch.Name, name, series)
				s.set(4, r, e.Return, st.percent)
				s.set(5, r, e.VolScale, st.number2)
				r++
			}
		}
	}
	if sc.Regimes.Anchor == model.LongRun && len(sc.Regimes.Chains) > 0 {
		s.note(r+1, 1, 5, 3, "Anchoring long_run: each series' return effects are shifted by one constant so that their long-run average is zero; "+
			"the expected returns on the Assumptions sheet stay the long-run means, and the regimes add cycles and fat tails around them.")
	}
	s.widths(append([]float64{36}, repeat(15, 4+2*len(sc.Portfolios))...)...)
}

// hasEffects reports whether any regime state changes a series.
func hasEffects(sc *model.Scenario) bool {
	for _, ch := range sc.Regimes.Chains {
		for _, effs := range ch.Effects {
			for _, e := range effs {
				if e.Return != 0 || e.VolScale != 1 {
					return true
				}
			}
		}
	}
	return false
}

// stateReturn is a portfolio's expected yearly return at its targets in a
// joint state.
func stateReturn(p model.Portfolio, js model.JointState) float64 {
	m := 0.0
	for a, w := range p.Targets {
		m += w * js.Assets[a].M
	}
	return m
}

func (b *book) stress(s *sheet) {
	st, sc := b.st, b.sc
	s.set(1, 1, "Stress tests", st.title)
	s.note(2, 1, 1+len(sc.Portfolios), 1, "Each portfolio's return at its target weights if the shock happened at once; below, the gain or loss on the initial investment.")
	heads := []any{"Stress test"}
	for _, p := range sc.Portfolios {
		heads = append(heads, p.Name)
	}
	s.row(1, 4, st.header, heads...)
	s.keep(b.f.SetRowHeight(s.name, 4, 45))
	n := len(sc.StressTests)
	for t, test := range sc.StressTests {
		s.set(1, 5+t, test.Name, st.text)
		for pi := range sc.Portfolios {
			s.set(2+pi, 5+t, b.res.Portfolios[pi].StressTests[t], st.percent)
		}
	}
	m := 5 + n + 1
	s.set(1, m, "Gain or loss in "+sc.Info.Currency, st.subtitle)
	s.row(1, m+1, st.header, heads...)
	s.keep(b.f.SetRowHeight(s.name, m+1, 45))
	for t, test := range sc.StressTests {
		s.set(1, m+2+t, test.Name, st.text)
		for pi := range sc.Portfolios {
			s.set(2+pi, m+2+t, sc.Initial*b.res.Portfolios[pi].StressTests[t], st.money)
		}
	}
	var series []excelize.ChartSeries
	for pi := range sc.Portfolios {
		series = append(series, excelize.ChartSeries{Name: s.ref(2+pi, 4, 2+pi, 4), Categories: s.ref(1, 5, 1, 4+n), Values: s.ref(2+pi, 5, 2+pi, 4+n)})
	}
	s.chart(cell(1, m+n+4), &excelize.Chart{
		Type:      excelize.Col,
		Series:    series,
		Title:     title("Return under each stress test"),
		Dimension: excelize.ChartDimension{Width: 820, Height: 380},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{TickLabelPosition: excelize.ChartTickLabelLow},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	})
	s.widths(append([]float64{30}, repeat(18, len(sc.Portfolios))...)...)
}

func (b *book) assumptions(s *sheet) {
	st, sc := b.st, b.sc
	s.set(1, 1, "Assumptions", st.title)
	r := 3
	section := func(name string) {
		s.set(1, r, name, st.subtitle)
		r++
	}
	section("Assets (capital market assumptions, per year)")
	s.header(1, r, "Asset", "Id", "Expected return", "Volatility", "Expense ratio", "Risk-free")
	r++
	for _, a := range sc.Assets {
		s.row(1, r, st.text, a.Name, a.ID)
		s.set(3, r, a.ExpectedReturn, st.percent2)
		s.set(4, r, a.Volatility, st.percent2)
		s.set(5, r, a.ExpenseRatio, st.percent2)
		s.set(6, r, yesNo(a.RiskFree), st.center)
		r++
	}
	r++
	corrs := sc.Correlations
	if sc.History != nil {
		// Bootstrap draws whole months, so the history's correlations apply,
		// not the placeholder identity matrix: show those of its
		// calendar-year returns (from Σ).
		corrs = []model.Correlation{{Name: "history (calendar-year returns in the window)", Matrix: model.CorrelationOf(sc.Sigma)}}
	}
	for _, c := range corrs {
		section("Correlations: " + c.Name)
		s.set(1, r, "", st.header)
		for j, a := range sc.Assets {
			s.set(2+j, r, a.ID, st.header)
		}
		n := len(sc.Assets)
		for i, a := range sc.Assets {
			s.set(1, r+1+i, a.Name, st.text)
			for j := range n {
				s.set(2+j, r+1+i, c.Matrix.At(i, j), st.number2)
			}
		}
		s.keep(b.f.SetConditionalFormat(s.name, cell(2, r+1)+":"+cell(1+n, r+n), []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=", MinType: "num", MidType: "num", MaxType: "num",
			MinValue: "-1", MidValue: "0", MaxValue: "1", MinColor: "#5B9BD5", MidColor: "#FFFFFF", MaxColor: "#F8696B",
		}}))
		r += n + 2
	}
	section("Inflation, fees and settings")
	kv := func(k string, v any, style int) {
		s.set(1, r, k, st.label)
		if text, ok := v.(string); ok && len(text) > 70 {
			// Long text wraps over the table's width rather than running
			// off the page (which would shrink the whole sheet to fit).
			s.set(1, r, k, st.labelTop)
			s.set(2, r, text, st.wrap)
			s.keep(b.f.MergeCell(s.name, cell(2, r), cell(7, r)))
			s.keep(b.f.SetRowHeight(s.name, r, 15*float64(1+len(text)/95)))
		} else {
			s.set(2, r, v, style)
		}
		r++
	}
	if sc.Inflation != nil {
		kv("Inflation: expected", sc.Inflation.Expected, st.percent2)
		kv("Inflation: volatility", sc.Inflation.Volatility, st.percent2)
	} else {
		kv("Inflation", "not modelled: real values equal nominal", 0)
	}
	kv("Initial investment", sc.Initial, st.money)
	if g := sc.Goal; g != nil {
		kind := "nominal"
		if g.Real {
			kind = "in today's money"
		}
		kv("Goal", fmt.Sprintf("%s at the horizon, %s", moneyText(g.TargetWealth, sc.Info.Currency), kind), 0)
	}
	kv("Paths", b.res.Paths, st.integer)
	kv("Horizon", fmt.Sprintf("%d years, %s steps", sc.Simulation.HorizonYears, stepName(sc.Simulation.StepsPerYear)), 0)
	kv("Seed", fmt.Sprint(b.res.Seed), 0)
	returns := sc.Simulation.ReturnModel.String()
	if sc.Simulation.ReturnModel == model.StudentT {
		returns += fmt.Sprintf(" (%g degrees of freedom)", sc.Simulation.DegreesOfFreedom)
	}
	if h := sc.History; h != nil {
		returns = fmt.Sprintf("bootstrap: whole months of history drawn in %d-month blocks from %s to %s",
			sc.Simulation.BlockMonths, h.From, h.To)
	}
	kv("Return model", returns, 0)
	if h := sc.History; h != nil {
		cols := make([]string, len(h.Columns))
		for a, c := range h.Columns {
			cols[a] = sc.Assets[a].Name + " ← " + c
		}
		kv("History", h.Source.File, 0)
		kv("History SHA-256", h.Source.SHA256, 0)
		kv("History columns", strings.Join(cols, "; "), 0)
		kv("Asset returns and volatilities", "the mean and standard deviation of each column's calendar-year returns in the window", 0)
		if h.Source.File == history.DefaultName {
			kv("History sources", history.Credits, 0)
		}
	}
	kv("Regime anchoring", sc.Regimes.Anchor.String(), 0)
	kv("Percentiles", percentileMethod(b.res), 0)
	kv("divsim version", b.in.Version, 0)
	kv("Scenario file", sc.Info.Source.File, 0)
	kv("Scenario SHA-256", sc.Info.Source.SHA256, 0)
	kv("Reproduce with", b.in.Command, 0)
	r++
	s.pageBreak(r) // keep the policy table's header with its rows
	section("Portfolios: fees and rebalancing")
	s.header(1, r, "Portfolio", "Advisory fee", "Rebalance every", "Band", "Relative band", "Trade to", "Cost (bp)")
	r++
	for _, p := range sc.Portfolios {
		pol := p.Rebalance
		s.set(1, r, p.Name, st.text)
		s.set(2, r, p.Fee, st.percent2)
		s.set(3, r, pol.Every.String(), st.text)
		s.set(4, r, offOr(pol.Band), st.percent)
		s.set(5, r, offOr(pol.RelativeBand), st.percent)
		s.set(6, r, pol.To.String(), st.text)
		s.set(7, r, pol.CostBps, st.number2)
		r++
	}
	r++
	section("Cash flows")
	if len(sc.Flows) == 0 {
		s.set(1, r, "none", 0)
		r++
	} else {
		s.header(1, r, "Flow", "Amount", "Every", "From year", "To year", "Indexed to inflation")
		r++
		for _, fl := range sc.Flows {
			s.set(1, r, fl.Name, st.text)
			s.set(2, r, fl.Amount, st.money)
			s.row(3, r, st.center, fl.Every.String(), fl.StartYear, fl.EndYear, yesNo(fl.Indexed))
			r++
		}
	}
	s.widths(34, 22, 16, 16, 16, 16, 16, 16, 16, 16)
}

func (b *book) disclosures(s *sheet) {
	st, sc := b.st, b.sc
	s.set(1, 1, "Important information", st.title)
	paras := []string{
		"The results in this workbook are hypothetical. They come from a Monte Carlo simulation of assumed market behaviour, " +
			"do not reflect actual investment results and are not guarantees of future results.",
		"Results vary with each run's assumptions and over time: different capital market assumptions, correlations, regimes, " +
			"fees, cash flows or a different random seed give different results. Past performance does not guarantee future results.",
		fmt.Sprintf("Method: divsim simulated %d possible paths of %d years for each portfolio, %s. Each step, the interest-rate "+
			"and growth regimes move according to Markov chains with the stated average durations; asset returns are drawn "+
			"log-normally (or with fatter Student t tails when so chosen) around the expected returns, volatilities and "+
			"correlations of the regime in force; then cash flows, fund expenses, the advisory fee and rebalancing are applied. "+
			"All portfolios see the same simulated markets, so differences between them are not chance.",
			b.res.Paths, sc.Simulation.HorizonYears, stepName(sc.Simulation.StepsPerYear)+" steps"),
		"Limitations: taxes are not modelled; returns are assumptions, not forecasts; regimes are a simplification of real " +
			"economic cycles; extreme events may be more severe or more frequent than modelled; trading costs are a fixed " +
			"rate of the value traded. Percentages of paths (success rate, goal probability, beating the baseline) are estimates " +
			"with Monte Carlo error, shown in the results as ± one standard error; about ±" + pctText(maxShareSE(b), 1) + " here.",
		"Prepared by " + orDash(sc.Info.PreparedBy) + " for " + orDash(sc.Info.Client) + " with divsim " + b.in.Version +
			". The Assumptions sheet lists every input and the command that reproduces this workbook.",
	}
	for i, p := range paras {
		r := 3 + 4*i
		s.set(1, r, p, st.wrap)
		s.keep(b.f.MergeCell(s.name, cell(1, r), cell(1, r+2)))
		s.keep(b.f.SetRowHeight(s.name, r, 40))
	}
	s.widths(100)
}

// percentileMethod says how the run's percentiles were computed.
func percentileMethod(res *sim.Results) string {
	if len(res.Portfolios) > 0 && res.Portfolios[0].Fan.Sketched {
		return fmt.Sprintf("exact across paths, except the yearly wealth percentiles of the fan chart (runs of more than %d paths): "+
			"from a DDSketch quantile sketch, each within %g%% of the exact value", model.ExactFanPaths, 100*model.FanSketchAccuracy)
	}
	return "exact across paths (linear interpolation between order statistics)"
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

func offOr(x float64) any {
	if x == 0 {
		return "off"
	}
	return x
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
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
