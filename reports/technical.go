// The Technical notes sheet: the formulas and machine-readable names that
// the client pages state in plain words, for the advisor and for review.
// Each section appears only when the run used what it defines.

package reports

import (
	"fmt"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// section is a titled group of definitions.
type section struct {
	title string
	terms []term
}

func (b *book) technicalNotes(s *sheet) {
	st, sc := b.st, b.sc
	pg := &pager{s: s}
	pg.title("Technical notes")
	s.note(2, 1, 2, 2, "The formulas behind the client pages, for the advisor and for review. divsim's scenario format "+
		"(docs/SCENARIO.md in divsim's source) defines each in full.")
	pg.row(2, lineHeight, 0) // the note's second line
	pg.row(3, lineHeight, 0)
	r := 4
	// A heading stays with its whole section when the section is short,
	// else with the section's first row.
	first := func(ts []term) float64 {
		all := 0.0
		for _, t := range ts {
			all += max(paragraphHeight(t.name, paragraphWidth-glossaryWidth), paragraphHeight(t.meaning, glossaryWidth))
		}
		if all <= pageHeight/2 {
			return all
		}
		return max(paragraphHeight(ts[0].name, paragraphWidth-glossaryWidth), paragraphHeight(ts[0].meaning, glossaryWidth))
	}
	for _, sec := range technicalSections(sc, b.res) {
		pg.row(r, lineHeight, first(sec.terms))
		s.set(1, r, sec.title, st.subtitle)
		r = s.definitions(pg, r+1, sec.terms)
		pg.row(r, lineHeight, 0)
		r++
	}
	if len(sc.Regimes.Chains) > 0 {
		labels := make([]term, len(sc.Regimes.States))
		for j, js := range sc.Regimes.States {
			labels[j] = term{stateLabel(sc.Regimes, js), js.Name}
		}
		pg.row(r, lineHeight, 32+first(labels))
		s.set(1, r, "Regime labels", st.subtitle)
		s.header(1, r+1, "On the client pages", "In the results JSON")
		pg.row(r+1, 32, 0)
		s.definitions(pg, r+2, labels)
	}
	s.widths(paragraphWidth-glossaryWidth, glossaryWidth)
	s.flow = pg
}

// technicalSections are the run's formulas: notation, returns, inflation,
// regimes when it has some, long-run risk, metrics and its spending rule.
func technicalSections(sc *model.Scenario, res *sim.Results) []section {
	k := sc.Simulation.StepsPerYear
	out := []section{{"Notation", []term{
		{"k", fmt.Sprintf("Steps a year (%d here); year y is steps (y−1)k+1 … yk.", k)},
		{"m, s", "An asset's expected arithmetic yearly return and yearly volatility of simple returns."},
		{"r_t, rf_t", "The portfolio's return over step t, net of expense ratios, the fee and trading costs (cash flows never " +
			"enter it); rf_t the risk-free asset's step return (0 without one)."},
		{"W_t, F_t", "Wealth after step t and the cash flow at its start: W_t = max(0, W_{t−1} + F_t)·(1 + r_t); a path at 0 stays at 0."},
		{"I_t", "The path's price index, 1 at the start; real amounts are nominal amounts divided by I_t."},
	}}}
	out = append(out, section{"Returns", returnTerms(sc)})
	if len(sc.Regimes.Chains) > 0 {
		out = append(out, section{"Regimes", regimeTerms(sc)})
	}
	sigma := "Σ = Σ_s π_s (C_s + μ_s μ_sᵀ) − μ̄ μ̄ᵀ: the covariance of one year's simple asset returns under the long-run " +
		"mixture of joint states s, μ_s the state's adjusted m vector, μ̄ = Σ_s π_s μ_s, C_s[i][j] = (1+m_i)(1+m_j)(exp(ρ_ij sl_i sl_j) − 1)."
	if rm := sc.Simulation.ReturnModel; rm == model.Bootstrap || rm == model.Historical {
		sigma = "Σ: the sample covariance of the history window's calendar-year asset returns."
	}
	out = append(out, section{"Long-run risk (Allocations and Compare sheets)", []term{
		{"Σ", sigma},
		{"Diversification ratio", "Σ_i w_i √Σ_ii / √(wᵀΣw), w the portfolio's asset targets."},
		{"Share of risk", "vᵀΣw / wᵀΣw, v the sleeve's own asset weights (sleeve weight × holding weights); the shares sum to 1."},
	}})
	shares := "The share p of paths never depleted; every share p comes with its standard error √(p(1−p)/n), n paths."
	if sc.Simulation.ReturnModel == model.Historical {
		shares = "The share p of windows never depleted. The results JSON gives √(p(1−p)/n) beside each share, n windows, " +
			"but the windows overlap and are not independent, so it understates how much the share could differ; " +
			"the client pages quote none."
	}
	out = append(out, section{"Metrics (per path, then summarized across paths)", []term{
		{"Annualized return", "(Π_t (1+r_t))^(k/N) − 1 over the N steps of the horizon (time-weighted)."},
		{"Volatility", "The sample standard deviation of r_t × √k."},
		{"Maximum drawdown", "The largest fall from a peak of the index Π(1+r_t), as a positive fraction."},
		{"Time underwater", "The longest run of steps with the index Π(1+r_t) below its running peak, divided by k (a run " +
			"still open at the horizon counts)."},
		{"Sharpe ratio", "mean(x_t) / sd(x_t) × √k with x_t = r_t − rf_t; paths with sd 0 are left out of the median."},
		{"VaR 95, CVaR 95", "Over every path's calendar-year returns pooled (paths × years): VaR is minus their 5th percentile, " +
			"CVaR minus the mean of the returns at or below it."},
		{"Success rate", shares},
		{"Ahead, tied, behind", "Paired on the same paths: the shares of paths whose terminal wealth is above, equal to or below the baseline's."},
		{"Percentiles", percentileMethod(res)},
	}})
	if sp := sc.Spending; sp != nil {
		out = append(out, section{"Spending rule", spendingFormulas(sp)})
	}
	return out
}

// returnTerms define how the run's returns and inflation are drawn.
func returnTerms(sc *model.Scenario) []term {
	sim := sc.Simulation
	var out []term
	switch sim.ReturnModel {
	case model.Historical:
		out = append(out, term{"Rolling windows", "Path i replays the months of " + sc.History.Source.File + " from the window's " +
			"i-th month on, one path per start month whose horizon fits in the window (or per month, wrapping to its first " +
			"month, with history_window.wrap); a step of more than one month compounds consecutive months, and years, flows " +
			"and rebalancing count from each path's first month."})
	case model.Bootstrap:
		blocks := fmt.Sprintf("a block starts at a month drawn uniformly from the window and runs through %d consecutive "+
			"months, wrapping from the window's last month to its first (circular block bootstrap)", sim.BlockMonths)
		if sim.StationaryBlocks {
			blocks = fmt.Sprintf("block lengths are geometric with mean %d months: after each month a new block starts with "+
				"probability 1/%d (Politis and Romano's stationary bootstrap)", sim.BlockMonths, sim.BlockMonths)
		}
		out = append(out, term{"Bootstrap", "Whole months of " + sc.History.Source.File + " from " + sc.History.From + " to " +
			sc.History.To + ": " + blocks + ". In a regime whose states carry history labels, blocks start at months labeled " +
			"alike, run on through the months so labeled in time order (from the last to the first) and end when the state changes, " +
			"so that every labeled month is equally likely. A step of more than one month compounds consecutive months."})
	case model.StudentT:
		out = append(out, term{"Student t", fmt.Sprintf("Shock vector z = x·√((ν−2)/w), x correlated standard normal, "+
			"w ~ χ²_ν shared by the step's assets, ν = %g; each component clamped to [−8, 8]. The step's log mean "+
			"ln(1+m)/k − ln E[exp((sl/√k)·z)] makes its expected gross return exactly (1+m)^(1/k).", sim.DegreesOfFreedom)})
	default:
		out = append(out, term{"Log-normal", "A step's log return is ml/k + (sl/√k)·z with sl² = ln(1 + s²/(1+m)²), " +
			"ml = ln(1+m) − sl²/2 and z a standard normal shock, correlated across assets by the correlation matrix in " +
			"force: without regimes, a year's growth then has mean exactly 1+m and standard deviation s; regimes shift m, s " +
			"and the correlations while they hold."})
	}
	out = append(out, term{"Fees and expenses", "Each step an asset keeps (1 − e)^(1/k) of its value for its expense ratio e, " +
		"and the portfolio (1 − fee)^(1/k) of its value for the advisory fee."})
	if inf := sc.Inflation; inf != nil && inf.History != "" {
		out = append(out, term{"Inflation", "Each step's gross inflation is the product of 1 + the " + inf.History + " column " +
			"over the same months as the step's asset returns; I_t is the product of the steps'."})
	} else if inf != nil {
		out = append(out, term{"Inflation", fmt.Sprintf("A log-normal series like an asset's (m = %s, s = %s), independent "+
			"of the assets' shocks; I_t is the product of each step's gross inflation.", pctText(inf.Expected, 2), pctText(inf.Volatility, 2))})
	}
	return out
}

// regimeTerms define the chains' arithmetic.
func regimeTerms(sc *model.Scenario) []term {
	out := []term{
		{"Generator", "Q[i][i] = −1/d_i and Q[i][j] = next_ij / d_i, with d_i the state's mean stay in years and next_ij " +
			"where it goes when it leaves."},
		{"Transition per step", "P = expm(Q/k); the long-run shares π solve πQ = 0 with Σπ = 1, the same for every k."},
		{"Mean stay with the steps", "1/(1 − P[i][i]) steps, divided by k for years. It is longer than d_i because a regime " +
			"is drawn once a step: a step in which the chain leaves the state and comes back counts as staying. With two states " +
			"it is about d_i + (1 + d_i/d_j)/(2k) years, so a long regime beside a short one gains most (for instance, a regime " +
			"of 5.5 years beside one of 0.86 lasts 5.81 years on average with monthly steps); with steps long against the stays (yearly steps, stays of a year or two) it is much longer than d_i."},
		{"Joint states", "The product of the chains' states, the last chain varying fastest; the chains are independent, so a " +
			"joint state's long-run share is the product of its states' shares."},
	}
	if hasEffects(sc) {
		anchor := "Anchoring long_run: each series' return effects are shifted by one constant so that Σ_s π_s m_s equals " +
			"its expected return; the expected returns stay the long-run means."
		if sc.Regimes.Anchor == model.Base {
			anchor = "Anchoring base: effects add to the expected return, which is the return of a state without effects."
		}
		out = append(out, term{"Effects", "While a state holds, return is added to m and vol_scale multiplies s; the " +
			"effects of all chains add (returns) and multiply (scales). " + anchor})
	}
	return out
}

// spendingFormulas define the scenario's spending rule (SCENARIO.md,
// "Spending rules").
func spendingFormulas(sp *portfolio.Spending) []term {
	rule := spendingRuleWords[sp.Rule].formula
	out := []term{
		{"Notation", "For year y of the rule: P_y the portfolio's value at the year's start, I_y the price index then, S_y the " +
			"year's withdrawal in money of the day, paid in equal parts each period."},
		{sp.Rule.String(), rule},
		{"Lean year", fmt.Sprintf("A year with real withdrawal R_y = payments / I_y below %g·R_1.", sim.CutLevel)},
	}
	if sp.HasMin || sp.HasMax {
		out = append(out, term{"Limits", "min_amount and max_amount (today's money) clamp S_y last: S_y = clamp(S_y, min·I_y, max·I_y)."})
	}
	return out
}
