package reports

import (
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/divsim/divsim/internal/digits"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// WriteTable prints the compact per-portfolio summary a person reads at a
// glance after `divsim run`.
func WriteTable(w io.Writer, sc *model.Scenario, res *sim.Results) error {
	s := sc.Simulation
	if h := sc.History; s.ReturnModel == model.Historical {
		fmt.Fprintf(w, "%s — %s, starting %s to %s (%s)\n\n", sc.Info.Name, runSize(sc, res.Paths, res.Seed),
			h.Starts[0], h.Starts[len(h.Starts)-1], sc.Info.Currency)
	} else {
		fmt.Fprintf(w, "%s — %s (%s)\n\n", sc.Info.Name, runSize(sc, res.Paths, res.Seed), sc.Info.Currency)
	}
	tw := newColumns(w, true)
	pad := flushLeft(portfolioNames(res.Portfolios))
	head := pad("Portfolio") + "\t" + shortHeads(medianWealth) + "5%–95% range\t" + shortHeads(medianReturn, medianVolatility, drawdownP95, underwaterP95)
	// A plan that withdraws nothing never runs out of money: its success
	// rate is 100 % by construction, left out as on the Summary sheet.
	withdrawing := withdraws(sc)
	if withdrawing {
		head += shortHeads(successRate)
	}
	if sc.Goal != nil {
		head += shortHeads(goalProbability)
	}
	compared := len(res.Portfolios) > 1 // one portfolio is only the baseline
	if compared {
		head += "Ahead / tied / behind baseline\t"
	}
	fmt.Fprintln(tw, head)
	for b, p := range res.Portfolios {
		row := []string{pad(p.Name), money(p.TerminalWealth.P50), money(p.TerminalWealth.P5) + "–" + money(p.TerminalWealth.P95),
			pctText(p.AnnualizedReturn.P50, 1), percentText(medianVolatility.cellIn(sc, &p), 1), pctText(p.MaxDrawdownP95, 0), underwaterYears(p.Underwater)}
		if withdrawing {
			row = append(row, shareText(p.SuccessRate, 0))
		}
		if p.ProbGoal != nil {
			row = append(row, shareText(*p.ProbGoal, 0))
		}
		if compared {
			vs := "baseline"
			if b != sc.Baseline && p.VsBaseline != nil {
				vs = aheadTiedBehind(p.VsBaseline)
			}
			row = append(row, vs)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	path, paths := "path", "paths"
	if s.ReturnModel == model.Historical {
		path, paths = "window", "windows"
	}
	// The Summary's reading, which ranks medians only beyond their Monte
	// Carlo error: the table alone invites ranking medians a rerun with
	// another seed would reorder.
	fmt.Fprintln(w, "\n"+(&book{sc: sc, res: res}).reading())
	fmt.Fprintln(w, "\nWealth is nominal at the horizon; returns are annualized, time-weighted, net of fees and costs.")
	if withdrawing { // as the Glossary says: an empty portfolio's 0 % years add no swings and no losses
		fmt.Fprintf(w, "A %s that runs out of money earns 0%% from then on, which pulls its annualized return toward 0 and lowers its volatility "+
			"and drawdown: read them with Success.\n", path)
	}
	fmt.Fprintf(w, "Volatility: the typical %s's annualized volatility. Max DD p95: the largest fall from a high to a later low that one %s in twenty exceeds.\n", path, path)
	fmt.Fprintf(w, "Underwater p95: the longest stretch below a previous high, in years, that one %s in twenty exceeds.\n", path)
	if compared {
		fmt.Fprintf(w, "Ahead / tied / behind: shares of %s ending above the baseline, tied with it (both out of money, for instance) and below it.\n", paths)
	}
	var defined []string
	if sc.Goal != nil {
		kind := "nominal"
		if sc.Goal.Real {
			kind = "in today's money"
		}
		defined = append(defined, fmt.Sprintf("Goal: %s %s at the horizon.", money(sc.Goal.TargetWealth), kind))
	}
	if withdrawing {
		defined = append(defined, "Success: never running out of money.")
	}
	if len(defined) > 0 {
		fmt.Fprintln(w, strings.Join(defined, " "))
	}
	if sc.Spending != nil {
		return writeSpendingTable(w, sc, res)
	}
	return nil
}

// writeSpendingTable prints what each portfolio's spending rule paid, in
// today's money: the first year's withdrawal, the typical and a poor path's
// yearly average (median and 5th percentile of each path's mean), a poor
// path's leanest year, and how often spending fell below 90 % of the
// first year's.
func writeSpendingTable(w io.Writer, sc *model.Scenario, res *sim.Results) error {
	sp := sc.Spending
	fmt.Fprintf(w, "\nSpending: %s, years %d–%d, in today's money\n\n", SpendingRuleText(sp, sc.Inflation != nil), sp.StartYear, sp.EndYear)
	tw := newColumns(w, true)
	pad := flushLeft(portfolioNames(res.Portfolios))
	keys := []figureKey{firstYearSpending, medianSpending, poorSpending, leanestYear, leanYear}
	fmt.Fprintln(tw, pad("Portfolio")+"\t"+shortHeads(keys...))
	for _, p := range res.Portfolios {
		if p.Spending != nil {
			fmt.Fprintln(tw, pad(p.Name)+"\t"+spendingText(&p, keys...))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "A lean year is one paying less than %s of the first year's spending (after inflation); a portfolio that runs out of money pays 0.\n", rounded(100*sim.CutLevel, 0)+"%")
	return nil
}

// SpendingRuleText names a spending rule and its parameters in words;
// inflation says whether the scenario models it (without, nothing is
// raised with it).
func SpendingRuleText(sp *portfolio.Spending, inflation bool) string {
	start := pctText(sp.InitialRate, 1) + " of the initial amount"
	if sp.Amount > 0 {
		start = money(sp.Amount) + " a year"
	}
	text := spendingRuleWords[sp.Rule].sentence(sp, start, inflation)
	switch {
	case sp.HasMin && sp.HasMax:
		text += fmt.Sprintf(", kept between %s and %s", money(sp.MinAmount), money(sp.MaxAmount))
	case sp.HasMin:
		text += ", at least " + money(sp.MinAmount)
	case sp.HasMax:
		text += ", at most " + money(sp.MaxAmount)
	}
	return text
}

// guardrailsText states the guardrails rule's clauses, every one a client
// lives by: the skipped raise and the years without cuts too (the rule is
// portfolio.Spending's Guardrails case).
func guardrailsText(g portfolio.GuardrailParams, inflation bool) string {
	noCut := ""
	if g.PreservationYears > 0 {
		noCut = fmt.Sprintf(" (never in the last %s)", Counted(g.PreservationYears, "year", "years"))
	}
	raised := ""
	if inflation { // without inflation there is no raise to skip
		raised = "raised with inflation (not after a losing year while the withdrawal rate is above the initial one), "
	}
	return fmt.Sprintf("%scut %s when the withdrawal rate rises %s above the initial one%s, raised %s when it falls %s below",
		raised, pctText(g.Cut, 0), pctText(g.Upper, 0), noCut, pctText(g.Raise, 0), pctText(g.Lower, 0))
}

// aheadTiedBehind writes the shares of paths ending above, equal to and
// below the baseline (ahead, tied, behind): "41% / 52% / 7%".
func aheadTiedBehind(v *sim.VsBaseline) string {
	return shareText(v.ProbOutperform, 0) + " / " + shareText(v.ProbTie, 0) + " / " + shareText(v.ProbBehind, 0)
}

// underwaterYears is the 95th percentile of the longest underwater run,
// in years.
func underwaterYears(u *sim.Underwater) string {
	if u == nil {
		return "–"
	}
	return rounded(u.LongestYearsP95, 1) + " y" // as the workbook's cell shows it
}

// WriteRiskTable prints each portfolio's diversification ratio and its
// sleeves' weights and shares of long-run risk, from the results.
func WriteRiskTable(w io.Writer, sc *model.Scenario, res *sim.Results) error {
	tw := newColumns(w, false)
	fmt.Fprintln(tw, "Portfolio\tDiv. ratio\tSleeves: weight → share of long-run risk")
	gliding := false
	for b, p := range res.Portfolios {
		sleeves := sc.Portfolios[b].Sleeves
		parts := make([]string, len(sleeves))
		for i, sl := range sleeves {
			parts[i] = fmt.Sprintf("%s %s → %s", sl.Name, weightText(sl.Weight), pctText(p.RiskContributions[i], 1))
		}
		// A glide path's weights change: these are its first year's, as
		// its risk figures are (the Allocations sheet has every year's).
		glide := ""
		if len(sc.Portfolios[b].GlidePath) > 0 {
			glide = " (year 1)"
			gliding = true
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%s%s\n", p.Name, p.DiversificationRatio, strings.Join(parts, ", "), glide)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	note := "\nDiv. ratio: the holdings' volatilities, weighted, over the portfolio's (above 1: diversification at work). " +
		"Share of long-run risk: each sleeve's part of the portfolio's long-run variance, adding up to 100%."
	if gliding {
		note += " A portfolio on a glide path is shown at its first year's weights."
	}
	_, err := fmt.Fprintln(w, note)
	return err
}

// WriteStressTable prints each portfolio's return under each stress test,
// as the workbook's Stress tests sheet has it: a one-period shock at the
// portfolio's target weights, or an episode of history replayed (its total
// return over the window, and the months until the portfolio was back at
// its starting value). It prints nothing without stress tests.
func WriteStressTable(w io.Writer, sc *model.Scenario, res *sim.Results) error {
	if len(sc.StressTests) == 0 {
		return nil
	}
	tw := newColumns(w, false)
	head := []string{"Portfolio"}
	shocks, episodes := false, false
	for _, test := range sc.StressTests {
		head = append(head, test.Name)
		shocks = shocks || test.Episode == nil
		episodes = episodes || test.Episode != nil
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, p := range res.Portfolios {
		row := []string{p.Name}
		for t, ret := range p.StressTests {
			cell := pctText(ret, 1)
			if t < len(p.Episodes) && p.Episodes[t] != nil {
				cell += " (" + recoveryText(p.Episodes[t].RecoveryMonths) + ")"
			}
			row = append(row, cell)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var parts []string
	if shocks {
		parts = append(parts, "a shock's return at the target weights, in one period")
	}
	if episodes {
		parts = append(parts, "an episode's total return replayed from history (fee, rebalancing, no flows), "+
			"in brackets the months until the portfolio was back at its starting value")
	}
	fmt.Fprintf(w, "\nStress tests: %s. The workbook's Stress tests sheet has the details.\n", strings.Join(parts, "; "))
	for _, note := range stressNotes(sc) {
		fmt.Fprintln(w, note)
	}
	return nil
}

// recoveryText says how long an episode's replay took to get back to its
// starting value (sim.Episode.RecoveryMonths), briefly.
func recoveryText(months int) string {
	switch {
	case months < 0:
		return "not back"
	case months == 0:
		return "never below"
	}
	return fmt.Sprintf("%d mo", months)
}

// money formats an amount compactly: 1.62M, 745k, 4,500, 980. Below ten
// thousand it is whole, grouped: a whole thousand there made 1,499 "1k"
// and 4,500 "5k", a third off, and two decimals ("USD 3.00k a month")
// read oddly in a sentence.
func money(x float64) string {
	// Each unit from where the smaller one's rounding would reach a
	// thousand of it: 999,600 is 1.00M, not 1000k.
	a := math.Abs(x)
	// Halves away from zero, as a cell shows them (rounded): fmt rounds an
	// exact half to even, so 82,500 printed as 82k beside
	// 52,500.00000000001 as 53k.
	switch {
	case a >= 999.995e6:
		return rounded(x/1e9, 2) + "B"
	case a >= 999.5e3:
		return rounded(x/1e6, 2) + "M"
	case a >= 9.995e3:
		return rounded(x/1e3, 0) + "k"
	}
	return wholeMoney(x)
}

// wholeMoney formats an amount to the unit with thousands separators:
// 131,850, for figures a client acts on.
func wholeMoney(x float64) string {
	whole := rounded(math.Abs(x), 0)
	if x <= -0.5 { // not "-0" for an amount that rounds to nothing
		whole = "-" + whole
	}
	return digits.Group(whole)
}

// runSize says what a run's figures come from, for a console table's
// heading: "2,000 paths, 30 years, seed 7", or for rolling windows of
// history, which have no seed, "474 rolling windows of 30 years".
func runSize(sc *model.Scenario, paths int, seed uint64) string {
	years := Counted(sc.Simulation.HorizonYears, "year", "years")
	if sc.Simulation.ReturnModel == model.Historical {
		return thousands(paths) + " rolling windows of " + years
	}
	return fmt.Sprintf("%s, %s, seed %d", Counted(paths, "path", "paths"), years, seed)
}

// percentText writes a figure's cell (figureKey.cellIn) for the console: a
// fraction as a percentage, text (n/a) as it is.
func percentText(cell any, decimals int) string {
	if x, ok := cell.(float64); ok {
		return pctText(x, decimals)
	}
	return fmt.Sprint(cell)
}

// weightText writes a weight as a whole percent, or with the one decimal
// it needs (12.5 %), so that a portfolio's weights add up as written.
func weightText(w float64) string {
	if whole := math.Round(100 * w); math.Abs(float64(100*w)-whole) < 1e-9 {
		return pctText(w, 0)
	}
	return pctText(w, 1)
}

// shareWith is share with the unit's spacing: "%" in the console, a
// no-break space and "%" in prose.
func shareWith(x float64, decimals int, unit string) string {
	text := rounded(100*x, decimals)
	switch {
	case x > 0 && x < 1 && text == rounded(0, decimals):
		return "<" + rounded(math.Pow(10, -float64(decimals)), decimals) + unit
	case x > 0 && x < 1 && text == rounded(100, decimals):
		return ">" + rounded(100-math.Pow(10, -float64(decimals)), decimals) + unit
	}
	return text + unit
}

// rounded writes x with the given decimals as a workbook cell shows it, so
// that the console, the prose and the cells agree: from x's 15 significant
// digits, halves rounded away from zero. fmt rounds the binary value
// instead, which lies just off a decimal half: a stress loss of exactly
// 23.45 % is 23.449999… in binary, "23.4" by fmt and 23.5 % in the cell.
func rounded(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Sprintf("%.*f", decimals, x)
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'e', 14, 64))
	if !ok { // cannot happen for a finite x
		return fmt.Sprintf("%.*f", decimals, x)
	}
	text := r.FloatString(decimals) // halves away from zero
	if strings.Trim(text, "-0.") == "" {
		return strings.TrimPrefix(text, "-") // no "-0.0": a rounding below zero is zero
	}
	return text
}

// flushLeft returns a function that pads a name to the widest of names and
// "Portfolio": in a right-aligned table (newColumns) names of one
// width stand flush left, as names read.
func flushLeft(names []string) func(string) string {
	width := len("Portfolio")
	for _, n := range names {
		width = max(width, displayWidth(n))
	}
	return func(name string) string { return name + strings.Repeat(" ", max(0, width-displayWidth(name))) }
}

// displayWidth is how many terminal columns text takes: two for each
// character of Chinese, Japanese or Korean, one for most others.
func displayWidth(text string) int { return runewidth.StringWidth(text) }

// portfolioNames are the results' portfolios' names, in order.
func portfolioNames(ps []sim.Portfolio) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}
