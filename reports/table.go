package reports

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// WriteTable prints the compact per-portfolio summary a person reads at a
// glance after `divsim run`.
func WriteTable(w io.Writer, sc *model.Scenario, res *sim.Results) error {
	s := sc.Simulation
	fmt.Fprintf(w, "%s — %d paths, %d years, seed %d (%s)\n\n", sc.Info.Name, res.Paths, s.HorizonYears, res.Seed, sc.Info.Currency)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	width := len("Portfolio")
	for _, p := range res.Portfolios {
		width = max(width, len([]rune(p.Name)))
	}
	pad := func(name string) string { return name + strings.Repeat(" ", width-len([]rune(name))) }
	// Names are padded to one width so right alignment leaves them flush left.
	head := []string{pad("Portfolio"), "Median wealth", "5%–95% range", "Median return", "Volatility", "Max DD p95", "Underwater p95", "Success"}
	if sc.Goal != nil {
		head = append(head, "Goal")
	}
	fmt.Fprintln(tw, strings.Join(append(head, "Beats baseline"), "\t")+"\t")
	for b, p := range res.Portfolios {
		row := []string{pad(p.Name), money(p.TerminalWealth.P50), money(p.TerminalWealth.P5) + "–" + money(p.TerminalWealth.P95),
			pct(p.AnnualizedReturn.P50, 1), pct(p.VolatilityP50, 1), pct(p.MaxDrawdownP95, 0), underwaterYears(p.Underwater), pct(p.SuccessRate, 0)}
		if p.ProbGoal != nil {
			row = append(row, pct(*p.ProbGoal, 0))
		}
		vs := "baseline"
		if b != sc.Baseline && p.VsBaseline != nil {
			vs = pct(p.VsBaseline.ProbOutperform, 0)
		}
		fmt.Fprintln(tw, strings.Join(append(row, vs), "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nWealth is nominal at the horizon; returns are annualized, time-weighted, net of fees and costs.")
	fmt.Fprintln(w, "Underwater p95: the longest stretch below a previous high, in years, that one path in twenty exceeds.")
	if sc.Goal != nil {
		kind := "nominal"
		if sc.Goal.Real {
			kind = "in today's money"
		}
		fmt.Fprintf(w, "Goal: %s %s at the horizon. Success: never running out of money.\n", money(sc.Goal.TargetWealth), kind)
	}
	return nil
}

// underwaterYears is the 95th percentile of the longest underwater run,
// in years.
func underwaterYears(u *sim.Underwater) string {
	if u == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f y", u.LongestYearsP95)
}

// WriteRiskTable prints each portfolio's diversification ratio and its
// sleeves' weights and shares of long-run risk, from the results.
func WriteRiskTable(w io.Writer, sc *model.Scenario, res *sim.Results) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Portfolio\tDiv. ratio\tSleeves: weight → share of long-run risk")
	for b, p := range res.Portfolios {
		sleeves := sc.Portfolios[b].Sleeves
		parts := make([]string, len(sleeves))
		for i, sl := range sleeves {
			parts[i] = fmt.Sprintf("%s %.0f%% → %.1f%%", sl.Name, 100*sl.Weight, 100*p.RiskContributions[i])
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%s\n", p.Name, p.DiversificationRatio, strings.Join(parts, ", "))
	}
	return tw.Flush()
}

// money formats an amount compactly: 1.62M, 745k, 980.
func money(x float64) string {
	a := math.Abs(x)
	switch {
	case a >= 1e9:
		return fmt.Sprintf("%.2fB", x/1e9)
	case a >= 1e6:
		return fmt.Sprintf("%.2fM", x/1e6)
	case a >= 1e3:
		return fmt.Sprintf("%.0fk", x/1e3)
	}
	return fmt.Sprintf("%.0f", x)
}

func pct(x float64, decimals int) string { return fmt.Sprintf("%.*f%%", decimals, 100*x) }
