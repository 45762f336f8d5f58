// The Glossary sheet: the terms a workbook's pages use, in plain words,
// each only in the workbooks (and for the scenarios) that show it.

package reports

import (
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// term is one glossary entry.
type term struct{ name, meaning string }

// glossaryTerms are the terms of a workbook's pages, in reading order.
func glossaryTerms(c contents) []term {
	// Without the runs (a batch index whose rows do not carry them),
	// every term that may apply is kept.
	some := func(f func(*model.Scenario) bool) bool {
		return len(c.runs) == 0 || slices.ContainsFunc(c.runs, func(r shownRun) bool { return f(r.sc) })
	}
	// stated: whether a run shown has a feature, for the terms of the
	// runs' inputs and method, which every workbook that shows runs states
	// (its Assumptions, its Disclosures): decided by what the book shows,
	// not by its kind, a solve's or a sweep's had lacked them.
	stated := func(f func(*model.Scenario) bool) bool {
		return slices.ContainsFunc(c.runs, func(r shownRun) bool { return f(r.sc) })
	}
	var out []term
	add := func(kinds bookKind, when bool, name, meaning string) {
		if c.kind&kinds != 0 && when {
			out = append(out, term{name, meaning})
		}
	}
	const anyBook = ^bookKind(0)
	always := func(*model.Scenario) bool { return true }
	// studies are the workbooks of simulated runs; a rate sweep shows only
	// success, wealth in today's money and spending.
	studies := runBook | sweepBook | compareBook | rateSweepBook | solveBook
	figures := runBook | sweepBook | compareBook
	historical := func(r shownRun) bool { return r.sc.Simulation.ReturnModel == model.Historical }
	windows := len(c.runs) > 0 && !slices.ContainsFunc(c.runs, func(r shownRun) bool { return !historical(r) })
	// A batch of simulated runs and rolling windows (an index) defines both,
	// and takes its figures across either.
	mixed := !windows && slices.ContainsFunc(c.runs, historical)
	if windows || mixed {
		add(studies|indexBook, true, "Rolling window", "One past period as long as the plan, starting in a given month: the plan replayed "+
			"on the markets and inflation of that period. The figures are taken across all such periods in the history.")
	}
	if !windows {
		add(studies, true, "Monte Carlo simulation", "A way to see the range of possible outcomes: instead of predicting one future, "+
			"divsim simulates thousands of random ones from the stated assumptions and reports what happened across them.")
		add(studies, true, "Simulated path", "One of those possible futures: the markets, inflation and the plan's cash flows year by year.")
	}
	// What the shares and percentiles are taken across.
	paths, markets := "simulated paths", "simulated markets"
	switch {
	case windows:
		paths, markets = "windows", "windows of history"
	case mixed:
		paths, markets = "simulated paths (or windows of history)", "simulated markets (or history's)"
	}
	add(studies, true, "Sleeve", "A building block of a portfolio with a target weight, such as core equity or a small-cap "+
		"sleeve, itself held in one or more funds (its holdings).")
	add(studies|indexBook, true, "Median", "The middle outcome: half of the "+paths+" did better and half did worse.")
	add(studies, true, "Percentile (pct)", "The outcome that a given share of "+paths+" fell below. The 5th percentile of wealth is the "+
		"amount that only 5% of "+paths+" ended below, a poor outcome; the 95th percentile is one that only 5% of them exceeded.")
	add(studies|indexBook, true, "Terminal wealth", "The portfolio's value at the end of the horizon, after every cash flow, fee and cost.")
	real := "Amounts divided by the rise in prices since the start, so that they buy what the same amount buys " +
		"today. Nominal amounts are not adjusted for inflation."
	if !some(func(sc *model.Scenario) bool { return sc.Inflation != nil }) {
		real += " This scenario does not model inflation, so the two are equal."
	}
	add(studies|indexBook, true, "Today's money (real)", real)
	add(figures, true, "Annualized return", "The steady yearly growth rate that would have produced the portfolio's investment "+
		"result, net of fees, fund expenses and trading costs; deposits and withdrawals do not count as return. A path that runs "+
		"out of money earns nothing from then on, so withdrawals that empty a portfolio do lower its return (and its volatility).")
	add(anyBook, stated(always), "Volatility", "How much an asset's or a portfolio's value swings from one period to the next, as a "+
		"yearly percentage (the standard deviation of its returns). Higher volatility means a bumpier ride.")
	add(figures, true, "Maximum drawdown", "The largest fall from a previous high to a later low along a path, as a "+
		"percentage of the high: a 30% drawdown means the investments lost 30% of their value at their worst.")
	// Risk figures of a plan that empties portfolios: a path's years after
	// it ran out count with returns of 0, which a reviewer found lowered
	// volatility, CVaR and drawdowns of the plans that failed most.
	add(figures, some(withdraws), "Risk figures of paths that ran out of money", "A path that runs out of money earns nothing "+
		"from then on: its later years count with a return of 0, which adds no swings and no losses. So the volatility, "+
		"drawdowns and CVaR of a portfolio that often runs out of money look lower than its markets' were, while its time "+
		"underwater grows; compare them with the success rate beside them.")
	add(runBook, true, "Time underwater", "How long the investments stayed below a previous high before getting back to it.")
	add(runBook, true, "Below a past high at the horizon", "The share of "+paths+" on which the investments end the horizon "+
		"still below their highest earlier value: underwater at the end, by any amount. Even a path that grew well over the years "+
		"is usually a little below its last high in its final month, so this share is high for most portfolios; the time "+
		"underwater says how long the shortfalls lasted. A path that ran out of money counts as below its high.")
	add(figures, true, "CVaR 95 (conditional value at risk)", "The average loss in the worst 5% of calendar years across all "+
		paths+". A CVaR 95 of 15% means that in its worst one year in twenty the portfolio lost 15% on average.")
	add(runBook|sweepBook, true, "Sharpe ratio", "The return earned above cash (the risk-free asset, or zero when there is "+
		"none) for each unit of volatility: higher means more reward for the ups and downs endured. It does not tell how "+
		"deep the worst losses were.")
	add(sweepBook, true, "Mean Sharpe ratio", "The average over the "+paths+" of each path's Sharpe ratio: the sweep's measure of "+
		"return for the risk taken.")
	add(sweepBook, true, "Leader; difference from the leader (paired)", "The leader is the weight with the highest mean Sharpe "+
		"ratio. Each other weight's difference from it is measured path by path on the same "+paths+" (paired), which removes most "+
		"of the simulation's noise; a weight is marked best only when its lead over every other weight exceeds 2 standard errors.")
	// Only where the Summary shows that row (runs without their results:
	// wherever it may).
	depletionRow := slices.ContainsFunc(c.runs, func(r shownRun) bool {
		return withdraws(r.sc) && (r.res == nil || showsDepletionYear(r.sc, r.res))
	})
	add(runBook, depletionRow, "Year by which paths ran out of money", "Shown on the Summary in place of the 5th "+
		"percentile of wealth when that is 0 for every portfolio: the first year by which at least that share of "+paths+
		" had run out of money (their wealth at the year's end was 0). Under a spending rule, it is the first year in which "+
		"that share could not pay the rule's amount in full; a rule that empties the portfolio as planned, in its last year, "+
		"does not count as running out.")
	add(studies|indexBook, true, "Success rate", "The share of "+paths+" on which the portfolio never ran out of money during the "+
		"horizon. It does not say how much was left: a path that ends with very little still counts as a success.")
	add(runBook|indexBook|compareBook, some(func(sc *model.Scenario) bool { return sc.Goal != nil }), "Goal probability",
		"The share of "+paths+" that ended with at least the goal amount.")
	baseline := "The portfolio the others are compared with. As every portfolio sees the same " + markets + ", they are " +
		"compared one by one: a portfolio is ahead on a path when it ends with more than the baseline, tied when both end " +
		"equal (for instance when both ran out of money), and behind otherwise."
	if c.kind == sweepBook {
		baseline += " In a sweep, each weight is compared with the same portfolio without the swept sleeve (weight 0)."
	}
	add(runBook|sweepBook|compareBook, true, "Baseline; ahead, tied, behind", baseline)
	// The index's own words, which its header note uses and no other
	// workbook does.
	add(indexBook, true, "Baseline; highest median", "The baseline is the portfolio a scenario compares the others with. "+
		"The highest median is the portfolio with the highest median terminal wealth: a result of the simulation, not a "+
		"recommendation (it may carry more risk). On equal medians (every portfolio out of money on most paths, say), it is "+
		"the one that ran out of money least often (the baseline, when it ran out no more often than any).")
	tied := "Tied: the two highest medians are the same."
	add(indexBook, !windows, "Within error; tied", "Within error: the highest median leads another's by no more than 2 "+
		"standard errors of their difference on the same paths, too close for the simulation to rank. "+tied)
	add(indexBook, windows, "Tied", tied) // history's windows have no error
	add(runBook|sweepBook|compareBook, !windows, "Standard error", "The uncertainty that comes from simulating a limited number of paths: "+
		"a figure is typically about one standard error from what unlimited paths would give, and rarely more than two; two runs "+
		"with different seeds differ with a spread of about 1.4 standard errors.")
	add(runBook, true, "Diversification ratio", "The average volatility of the holdings, weighted by their size, divided by "+
		"the volatility of the portfolio as a whole. 1 means the holdings do not offset each other at all; the higher the "+
		"ratio, the more they do.")
	add(runBook, true, "Share of risk (risk contribution)", "How much of the portfolio's long-run ups and downs each sleeve "+
		"accounts for; the shares add up to 100%. A sleeve whose share of risk exceeds its weight adds more risk than its size suggests.")
	stays := "stated in the Disclosures"
	if c.kind == runBook { // the only workbook with a Regimes sheet
		stays = "shown on the Regimes sheet"
	}
	regimes := "Distinct market environments, such as periods of falling or rising interest rates, or of economic expansion " +
		"or recession. The simulation moves between them at random with the average stays " + stays + "."
	if some(func(sc *model.Scenario) bool { return sc.Simulation.ReturnModel == model.Bootstrap }) {
		regimes += " Under a history bootstrap, a regime's steps draw from the months of history labeled like it."
	} else {
		regimes += " While one holds, returns behave as set for it."
	}
	chains := stated(func(sc *model.Scenario) bool { return len(sc.Regimes.Chains) > 0 })
	add(anyBook, chains, "Regimes", regimes)
	add(anyBook, chains, "Markov chain", "The random switching between regimes: how likely the markets are to move to another "+
		"regime depends only on the one they are in, so each regime lasts a random time around its average stay. Separate chains "+
		"(one for interest rates and one for the economy, say) switch independently of each other.")
	assumed := some(func(sc *model.Scenario) bool { return sc.History == nil }) // not a window's or a bootstrap's figures from history
	add(studies, assumed, "Expected return", "The average yearly return assumed for an asset class over the long run (a capital "+
		"market assumption, on the Assumptions sheet); single years vary widely around it.")
	correlation := "How closely two assets move together, from −1 (always opposite) through 0 (unrelated) to 1 (always " +
		"together). Holdings that are less correlated smooth a portfolio's ups and downs. The tables shade positive " +
		"correlations red and negative ones blue."
	if stated(func(sc *model.Scenario) bool { return len(shownCorrelations(sc)) > 1 }) {
		correlation += " Where more than one table is shown, the base table holds except in the regimes set to use another " +
			"(stress correlations during a recession, for instance)."
	}
	add(studies, true, "Correlation", correlation)
	add(studies, some(func(sc *model.Scenario) bool { return sc.Simulation.ReturnModel == model.Lognormal }), "Log-normal returns",
		"The model of the simulated markets: each period's growth factor is drawn so that its logarithm follows a normal "+
			"(bell-shaped) curve, which keeps prices above zero and lets gains compound.")
	add(runBook|compareBook, true, "Rebalancing", "Trading back toward the target weights after the markets have moved the portfolio "+
		"away from them, on the schedule and within the bands on the Assumptions sheet.")
	add(studies, true, "Band; relative band", "How far a sleeve may drift from its target weight before rebalancing trades it "+
		"back: a band of 5% allows a 40% sleeve between 35% and 45%; a relative band of 25% allows it 25% of its target either "+
		"way, 30% to 50%. With both set, the tighter applies.")
	add(anyBook, stated(func(sc *model.Scenario) bool { return sc.Spending != nil }), "Withdrawal rate",
		"A year's withdrawal as a share of the portfolio's value at the time. The initial withdrawal rate is the first year's "+
			"withdrawal over the amount invested at the start; guardrails compare each year's rate with it.")
	add(studies, some(func(sc *model.Scenario) bool {
		return slices.ContainsFunc(sc.Portfolios, func(p model.Portfolio) bool { return p.Rebalance.To == portfolio.ToBandEdge })
	}), "Band edge", "Rebalancing to the band edge moves a sleeve that drifted out of its band only back to the nearest edge "+
		"of the band, not all the way to its target, which trades less.")
	add(studies, true, "Basis point (bp)", "One hundredth of a percent: a trading cost of 10 basis points is 0.10% of the amount traded.")
	add(anyBook, stated(always), "Advisory fee and expense ratio", "The advisory fee is charged each year on the portfolio's value; "+
		"an expense ratio is a fund's own yearly cost, taken from its value. Both are deducted from every result.")
	add(anyBook, stated(func(sc *model.Scenario) bool {
		return slices.ContainsFunc(sc.Portfolios, func(p model.Portfolio) bool { return len(p.GlidePath) > 0 })
	}), "Glide path", "A plan to change a portfolio's target weights over the years, usually toward less risk.")
	add(runBook, some(func(sc *model.Scenario) bool { return len(sc.StressTests) > 0 }), "Stress test",
		"The gain or loss a portfolio at its target weights would make if a sudden market shock hit all at once.")
	episodes := some(func(sc *model.Scenario) bool { return len(episodeTests(sc)) > 0 })
	add(runBook, episodes, "Episode (crisis replayed)", "A stretch of market history, such as 2007-09, that each portfolio "+
		"lives through month by month from its target weights, with its fee, rebalancing and costs and no withdrawals.")
	add(runBook, episodes, "Months to recover", "How many months after an episode's start the portfolio was back at its "+
		"starting value, following history past the episode; \"not by\" the history's last month when it never was.")
	spends := some(func(sc *model.Scenario) bool { return sc.Spending != nil })
	add(studies|indexBook, spends, "Spending rule", "How each year's withdrawal is set. Each portfolio applies the rule to its own "+
		"value, so the same rule pays different amounts from different portfolios.")
	for _, r := range portfolio.SpendingRules() {
		w := spendingRuleWords[r]
		add(studies, some(func(sc *model.Scenario) bool { return sc.Spending != nil && sc.Spending.Rule == r }), w.term, w.meaning)
	}
	spending := "What the spending rule paid in the plan's first year, and the median, across the " + paths + ", of the " +
		"average yearly spending on each, in today's money."
	if some(func(sc *model.Scenario) bool { return sc.Spending != nil && len(inflowNames(sc)) > 0 }) {
		spending += " Where income is paid into the portfolio (Social Security, say), it is within that spending, which is all the client receives."
	}
	add(indexBook, spends, "First-year spending; median yearly spending", spending)
	add(studies, spends, "Lean year", "A year in which the withdrawal, in today's money, is below "+pctText(sim.CutLevel, 0)+" of the first year's: "+
		"a rule's cut, a skipped inflation raise or money running out can make one.")
	add(solveBook, true, "Sustainable withdrawal", "The largest first-year withdrawal, raised with inflation as the "+
		"spending rule says, at which the chosen share of simulated paths never ran out of money.")
	add(solveBook, true, "Perpetual withdrawal", "The largest first-year withdrawal at which the chosen share of paths also "+
		"ended with at least the initial amount in today's money: spending that leaves the capital intact.")
	add(solveBook, true, "95% interval", "The range the figure could take had divsim simulated other paths from the same "+
		"assumptions: the error of simulating a limited number of paths, not the uncertainty of the assumptions themselves.")
	add(evidenceBook, true, "Annualized mean return", "The average monthly return of the months in question, stated as a yearly "+
		"rate: (1 + monthly average)^12 − 1.")
	add(evidenceBook, true, "Volatility", "How much the monthly returns swing, as a yearly percentage: their standard deviation × √12.")
	add(evidenceBook, true, "Percentage point (pp)", "The difference between two percentages: from a 5% return to a 7% "+
		"return is 2 percentage points.")
	add(evidenceBook, true, "T-bills", "US Treasury bills: short-term government debt, the usual stand-in for cash.")
	add(evidenceBook|calibrationBook, true, "NBER recession", "A period the National Bureau of Economic Research dates as a "+
		"recession, from the peak of economic activity to its trough, judged after the fact.")
	add(evidenceBook, true, "Rate regime and growth phase", "Labels the history gives each month: whether the Federal Reserve was "+
		"cutting, holding or raising rates, and whether the economy was expanding or in recession.")
	add(evidenceBook, true, "Easing cycle; first cut", "A run of rate cuts. Its first cut is a month of cutting after at least six "+
		"months without one; the study follows the markets over the 3, 6 and 12 months after it.")
	add(evidenceBook, true, "Median", "The middle outcome: half of the events did better and half did worse.")
	add(evidenceBook, true, "Difference from the benchmark", "An asset's cumulative return over the months after a cut minus the "+
		"benchmark's over the same months; above 0 means it beat the benchmark. The median of the differences is the middle "+
		"one of these, event by event, which need not be the difference of the two medians.")
	add(calibrationBook, true, "Markov-switching model", "A model in which the markets move between a few hidden states, "+
		"each with its own average returns, volatilities and correlations, switching from month to month with fixed chances.")
	add(calibrationBook, true, "Log-likelihood", "How probable the fitted model makes the history actually observed: higher "+
		"means a closer fit.")
	add(calibrationBook, true, "AIC and BIC", "Scores that weigh the closeness of fit against the number of parameters used; "+
		"lower is better. BIC penalizes extra parameters more heavily than AIC.")
	add(calibrationBook, true, "Long-run share", "The share of time the model spends in a state over the long run.")
	add(calibrationBook, true, "Expected stay", "How long a state lasts on average once entered, in months.")
	add(calibrationBook, true, "Transition probability", "The chance of being in the column's state next month, given the row's state this month.")
	add(calibrationBook, true, "State probability over time", "For each month, how likely the model finds it that the "+
		"markets were in a state, given the whole history (smoothed probabilities).")
	return out
}

// glossary writes the Glossary sheet: each term beside its meaning.
func (b *book) glossary(s *sheet, c contents) {
	pg := &pager{s: s}
	pg.title("Glossary")
	s.note(2, 1, 2, 1, "The terms used in this workbook, in plain words.")
	pg.row(3, lineHeight, 0)
	s.header(1, 4, "Term", "What it means")
	pg.row(4, 32, 0)
	s.definitions(pg, 5, glossaryTerms(c))
	s.widths(paragraphWidth-glossaryWidth, glossaryWidth)
	s.flow = pg
}

// glossaryWidth is the width of the meaning column of the Glossary and the
// Technical notes.
const glossaryWidth = 70

// definitions writes one term and its meaning a row from row r, each row
// tall enough for both, and returns the next row.
func (s *sheet) definitions(pg *pager, r int, terms []term) int {
	name, err := s.b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	s.keep(err)
	for _, t := range terms {
		s.set(1, r, t.name, name)
		s.set(2, r, t.meaning, s.b.st.wrap)
		h := max(paragraphHeight(t.name, paragraphWidth-glossaryWidth), paragraphHeight(t.meaning, glossaryWidth))
		s.keep(s.b.f.SetRowHeight(s.name, r, h))
		pg.row(r, h, 0)
		r++
	}
	return r
}
