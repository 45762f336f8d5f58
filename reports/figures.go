package reports

import (
	"fmt"
	"math"
	"strings"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// figureKey names one figure the reports show for each portfolio. Every
// sheet, console table and comparison takes a figure's name, unit and
// value from figure(), so that a figure is called the same wherever a
// client meets it; a view only chooses which keys it shows and with how
// many decimals. A new figure is a key here and a case in figure().
type figureKey int

const (
	medianWealth figureKey = iota
	medianRealWealth
	wealthP5
	wealthP95
	medianReturn
	medianVolatility
	medianDrawdown
	drawdownP95
	underwaterP95
	underwaterAtEnd
	medianSharpe
	cvar95
	successRate
	goalProbability
	aheadOfBaseline
	tiedWithBaseline
	behindBaseline
	diversificationRatio
	firstYearSpending
	medianSpending
	poorSpending
	leanestYear
	leanYear
	totalSpent
	figureCount // not a figure: the number of them
)

// figureUnit is how a figure's value reads.
type figureUnit int

const (
	moneyUnit    figureUnit = iota // an amount of the scenario's currency
	rateUnit                       // a return, volatility or loss: a percent of the portfolio
	shareUnit                      // a share of the paths: a percent, never 0 % or 100 % unless exact (shareStyle)
	yearsUnit                      // a duration in years, one decimal
	ratioUnit                      // a plain number: Sharpe, diversification ratio
	planYearUnit                   // a year of the plan, a whole number
)

// figure is what every view needs of a figure.
type figure struct {
	key   string // its name in the comparison JSON
	name  string // in a workbook: a row's or a table's name
	short string // a console column's head, or a narrow sheet column's
	unit  figureUnit
	// value is the portfolio's figure, false where it is undefined: the
	// baseline's comparison with itself, a spending figure without a rule,
	// a Sharpe ratio without a risk-free asset.
	value func(p *sim.Portfolio) (float64, bool)
	// undefined is what a cell says where the value is undefined.
	undefined string
}

// figure is the figure k: its names, unit and value.
func (k figureKey) figure() figure {
	always := func(v func(p *sim.Portfolio) float64) func(p *sim.Portfolio) (float64, bool) {
		return func(p *sim.Portfolio) (float64, bool) { return v(p), true }
	}
	ifSet := func(v func(p *sim.Portfolio) *float64) func(p *sim.Portfolio) (float64, bool) {
		return through(v, func(x *float64) float64 { return *x })
	}
	underwater := func(v func(u *sim.Underwater) float64) func(p *sim.Portfolio) (float64, bool) {
		return through(func(p *sim.Portfolio) *sim.Underwater { return p.Underwater }, v)
	}
	paired := func(v func(u *sim.VsBaseline) float64) func(p *sim.Portfolio) (float64, bool) {
		return through(func(p *sim.Portfolio) *sim.VsBaseline { return p.VsBaseline }, v)
	}
	spending := func(v func(s *sim.Spending) float64) func(p *sim.Portfolio) (float64, bool) {
		return through(func(p *sim.Portfolio) *sim.Spending { return p.Spending }, v)
	}
	switch k {
	case medianWealth:
		return figure{"median_terminal_wealth", "Median terminal wealth (nominal)", "Median wealth (nominal)", moneyUnit,
			always(func(p *sim.Portfolio) float64 { return p.TerminalWealth.P50 }), ""}
	case medianRealWealth:
		return figure{"median_terminal_wealth_real", "Median terminal wealth (today's money)", "Median wealth (real)", moneyUnit,
			always(func(p *sim.Portfolio) float64 { return p.TerminalWealthReal.P50 }), ""}
	case wealthP5:
		return figure{"terminal_wealth_p5", "Terminal wealth, 5th pct (nominal)", "5th pct wealth (nominal)", moneyUnit,
			always(func(p *sim.Portfolio) float64 { return p.TerminalWealth.P5 }), ""}
	case wealthP95:
		return figure{"terminal_wealth_p95", "Terminal wealth, 95th pct (nominal)", "95th pct wealth (nominal)", moneyUnit,
			always(func(p *sim.Portfolio) float64 { return p.TerminalWealth.P95 }), ""}
	case medianReturn:
		return figure{"median_annualized_return", "Median annualized return", "Median return", rateUnit,
			always(func(p *sim.Portfolio) float64 { return p.AnnualizedReturn.P50 }), ""}
	case medianVolatility:
		return figure{"volatility_p50", "Volatility (median)", "Volatility", rateUnit,
			always(func(p *sim.Portfolio) float64 { return p.VolatilityP50 }), ""}
	case medianDrawdown:
		return figure{"max_drawdown_p50", "Max drawdown (median)", "Max DD p50", rateUnit,
			always(func(p *sim.Portfolio) float64 { return p.MaxDrawdownP50 }), ""}
	case drawdownP95:
		return figure{"max_drawdown_p95", "Max drawdown (95th pct)", "Max DD p95", rateUnit,
			always(func(p *sim.Portfolio) float64 { return p.MaxDrawdownP95 }), ""}
	case underwaterP95:
		return figure{"underwater_longest_years_p95", "Longest time underwater, years (95th pct)", "Underwater p95", yearsUnit,
			underwater(func(u *sim.Underwater) float64 { return u.LongestYearsP95 }), "n/a"}
	case underwaterAtEnd:
		return figure{"prob_underwater_end", "Below a past high at the horizon (by any amount)", "Underwater at end", shareUnit,
			underwater(func(u *sim.Underwater) float64 { return u.ProbEnd }), "n/a"}
	case medianSharpe:
		return figure{"sharpe_p50", "Sharpe (median)", "Sharpe p50", ratioUnit,
			ifSet(func(p *sim.Portfolio) *float64 { return p.SharpeP50 }), "n/a"}
	case cvar95:
		return figure{"cvar_95", "CVaR 95 (calendar year)", "CVaR 95", rateUnit,
			always(func(p *sim.Portfolio) float64 { return p.CVaR95 }), ""}
	case successRate:
		return figure{"success_rate", "Success rate", "Success", shareUnit,
			always(func(p *sim.Portfolio) float64 { return p.SuccessRate }), ""}
	case goalProbability:
		return figure{"prob_goal", "Goal probability", "Goal", shareUnit,
			ifSet(func(p *sim.Portfolio) *float64 { return p.ProbGoal }), "n/a"}
	case aheadOfBaseline:
		return figure{"prob_outperform", "Paths ending ahead of the baseline", "Ahead", shareUnit,
			paired(func(v *sim.VsBaseline) float64 { return v.ProbOutperform }), "baseline"}
	case tiedWithBaseline:
		return figure{"prob_tie", "Paths ending tied with the baseline", "Tied", shareUnit,
			paired(func(v *sim.VsBaseline) float64 { return v.ProbTie }), "baseline"}
	case behindBaseline:
		return figure{"prob_behind", "Paths ending behind the baseline", "Behind", shareUnit,
			paired(func(v *sim.VsBaseline) float64 { return v.ProbBehind }), "baseline"}
	case diversificationRatio:
		return figure{"diversification_ratio", "Diversification ratio", "Div. ratio", ratioUnit,
			always(func(p *sim.Portfolio) float64 { return p.DiversificationRatio }), ""}
	case firstYearSpending:
		return figure{"first_year_spending", "First-year spending (today's money)", "First-year spending", moneyUnit,
			spending(func(s *sim.Spending) float64 { return s.FirstYear }), "no rule"}
	case medianSpending:
		return figure{"median_real_spending", "Yearly average spending, median (today's money)", "Median yearly spending", moneyUnit,
			spending(func(s *sim.Spending) float64 { return s.RealMean[2] }), "no rule"}
	case poorSpending:
		return figure{"p5_real_spending", "Yearly average spending, 5th pct (today's money)", "5th pct yearly spending", moneyUnit,
			spending(func(s *sim.Spending) float64 { return s.RealMean[0] }), "no rule"}
	case leanestYear:
		return figure{"leanest_year_p5", "Leanest year's spending, 5th pct (today's money)", "5th pct leanest year", moneyUnit,
			spending(func(s *sim.Spending) float64 { return s.RealMin[0] }), "no rule"}
	case totalSpent:
		return figure{"median_total_real_spending", "Total spent, median (today's money)", "Median total spent", moneyUnit,
			spending(func(s *sim.Spending) float64 { return s.TotalRealP50 }), "no rule"}
	case leanYear:
		return figure{"prob_spending_cut", fmt.Sprintf("Paths with a lean year (below %s of year 1)", pctText(sim.CutLevel, 0)), "Paths with a lean year", shareUnit,
			spending(func(s *sim.Spending) float64 { return s.CutProb }), "no rule"}
	}
	panic(fmt.Sprintf("reports: figure %d has no case in figure()", int(k)))
}

// through reads a figure from a part of a portfolio's results that it may
// lack (nil): then the figure is undefined.
func through[T any](part func(p *sim.Portfolio) *T, v func(*T) float64) func(p *sim.Portfolio) (float64, bool) {
	return func(p *sim.Portfolio) (float64, bool) {
		if x := part(p); x != nil {
			return v(x), true
		}
		return math.NaN(), false
	}
}

// cell is the figure's value as a workbook cell holds it: the number, or
// the text of an undefined one.
func (f figure) cell(p *sim.Portfolio) any {
	if v, ok := f.value(p); ok {
		return v
	}
	return f.undefined
}

// cellIn is figure k's cell in scenario sc: the volatility, a spread of a
// path's returns, is n/a in a plan of one step, which has one return
// (SCENARIO.md: 0, shown as n/a).
func (k figureKey) cellIn(sc *model.Scenario, p *sim.Portfolio) any {
	if k == medianVolatility && oneStep(sc) {
		return "n/a"
	}
	return k.figure().cell(p)
}

// unitStyle is the workbook style of a value v of unit u: a share of paths
// short of all of them shows >99.9 %, not 100.0 % (shareStyle).
func (st styles) unitStyle(u figureUnit, v any) int {
	switch u {
	case moneyUnit:
		return st.money
	case rateUnit:
		return st.percent
	case shareUnit:
		if x, ok := v.(float64); ok {
			return st.shareStyle(x)
		}
		return st.percent
	case yearsUnit:
		return st.years
	case planYearUnit:
		return st.integer
	}
	return st.number2
}

// shortHeads are the figures' short names, each ended by a tab, as a
// console table's columns.
func shortHeads(keys ...figureKey) string {
	var head strings.Builder
	for _, k := range keys {
		head.WriteString(k.figure().short + "\t")
	}
	return head.String()
}
