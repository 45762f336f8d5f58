package reports

import (
	"fmt"
	"strings"
)

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

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
