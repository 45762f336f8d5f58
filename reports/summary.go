package reports

import (
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/sim"
)

type resultsPortfolio = sim.Portfolio

// summaryColumns are the Summary table's figures: header, value, style,
// and whether a higher value is better (for the best/worst highlighting).
type summaryColumn struct {
	header       string
	value        func(p portfolioView) any
	money, pct   bool
	years        bool // a duration in years, one decimal
	higherBetter bool
	plain        bool // no best or worst highlighting
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

// spendingColumns are the Summary's columns for a scenario with a spending
// rule: what it paid, in today's money.
func spendingColumns() []summaryColumn {
	return []summaryColumn{
		{header: "First-year spending (today's money)", value: func(p portfolioView) any { return p.res.Spending.FirstYear }, money: true, higherBetter: true},
		{header: "Yearly spending, median path (today's money)", value: func(p portfolioView) any { return p.res.Spending.RealMean[2] }, money: true, higherBetter: true},
		{header: "Yearly spending, 5th percentile (today's money)", value: func(p portfolioView) any { return p.res.Spending.RealMean[0] }, money: true, higherBetter: true},
		{header: "Paths with a spending cut", value: func(p portfolioView) any { return p.res.Spending.CutProb }, pct: true},
	}
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
		{header: "Longest time underwater, years (95th pct)", value: func(p portfolioView) any {
			if p.res.Underwater == nil {
				return "n/a"
			}
			return p.res.Underwater.LongestYearsP95
		}, years: true},
		{header: "Below a past high at the horizon", value: func(p portfolioView) any {
			if p.res.Underwater == nil {
				return "n/a"
			}
			return p.res.Underwater.ProbEnd
		}, pct: true},
		{header: "Sharpe (median)", value: func(p portfolioView) any { return orNil(p.res.SharpeP50) }, higherBetter: true},
		{header: "Success rate", value: func(p portfolioView) any { return p.res.SuccessRate }, pct: true, higherBetter: true},
		{header: "Goal probability", value: func(p portfolioView) any { return orNil(p.res.ProbGoal) }, pct: true, higherBetter: true},
		vsBaseline("Ahead of baseline", func(v *sim.VsBaseline) float64 { return v.ProbOutperform }, true, false),
		vsBaseline("Tied with baseline", func(v *sim.VsBaseline) float64 { return v.ProbTie }, false, true),
		vsBaseline("Behind baseline", func(v *sim.VsBaseline) float64 { return v.ProbBehind }, false, false),
	}
}

// vsBaseline is a column of the shares of paths ending ahead of, level
// with or behind the baseline ("baseline" in the baseline's own row); a
// plain column is never highlighted (more ties are neither better nor
// worse).
func vsBaseline(header string, share func(v *sim.VsBaseline) float64, higherBetter, plain bool) summaryColumn {
	return summaryColumn{header: header, value: func(p portfolioView) any {
		if p.res.VsBaseline == nil {
			return "baseline"
		}
		return share(p.res.VsBaseline)
	}, pct: true, higherBetter: higherBetter, plain: plain}
}

func (b *book) summary(s *sheet) {
	sc, st := b.sc, b.st
	s.set(1, 1, sc.Info.Name, st.title)
	cover := [][2]any{
		{"Client", sc.Info.Client},
		{"Prepared by", sc.Info.PreparedBy},
		{"Assumptions as of", sc.Info.AsOf},
		{"Run date", b.in.RunDate.Format("2006-01-02")},
		{"Simulated paths", b.res.Paths},
		{"Horizon", fmt.Sprintf("%d years, %d steps a year", sc.Simulation.HorizonYears, sc.Simulation.StepsPerYear)},
		{"Initial investment", moneyText(sc.Initial, sc.Info.Currency)},
	}
	if sp := sc.Spending; sp != nil {
		cover = append(cover, [2]any{"Spending plan", fmt.Sprintf("%s, years %d–%d", SpendingRuleText(sp), sp.StartYear, sp.EndYear)})
	}
	for i, kv := range cover {
		s.set(1, 3+i, kv[0], st.label)
		s.set(2, 3+i, kv[1], st.left)
	}
	cols := summaryColumns()
	if sc.Spending != nil {
		cols = append(cols, spendingColumns()...)
	}
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
			case c.years:
				style = st.years
			}
			s.set(2+j, r, c.value(p), style)
		}
	}
	last := SummaryFirstRow + len(views) - 1
	if len(views) > 1 {
		for j, c := range cols {
			if c.plain || !varies(views, c) {
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
		"Time underwater is the longest stretch the portfolio's time-weighted value spent below a previous high; "+
		"a portfolio that runs out of money stays underwater. "+
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
		text += fmt.Sprintf(", and ended ahead of the baseline (%s) on %s of the simulated paths, tied with it on %s "+
			"(both out of money, for instance) and behind it on %s",
			b.sc.Portfolios[b.sc.Baseline].Name, pctText(v.ProbOutperform, 0), pctText(v.ProbTie, 0), pctText(v.ProbBehind, 0))
	} else {
		text += "; it is the baseline the others are compared with"
	}
	return text + fmt.Sprintf(". It never ran out of money on %s of the paths.", pctText(p.SuccessRate, 0))
}
