package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/divsim/divsim/calibrate"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/reports"
)

type calibrateFlags struct {
	columns  string
	states   int
	history  string
	from, to string
	json     string
	out      string
	fragment string
	starts   int
	seed     uint64
	noReport bool
	quiet    bool
}

func (a *app) calibrateCmd() *cobra.Command {
	var fl calibrateFlags
	cmd := &cobra.Command{
		Use:   "calibrate --columns A,B,... [--states K]",
		Short: "Fit regimes to monthly history and write a scenario fragment",
		Long: `Fit a K-state Markov-switching model (state-dependent means and covariance
matrices, a Markov chain between states) to monthly returns of the history by
maximum likelihood, and compare K = 1 to 4 by AIC and BIC.

It prints the comparison and the fitted states (annualized), and writes a
scenario fragment (assets, correlation matrices and a regime chain with
mean_years, next, effects and anchor: long_run) ready to paste into a
scenario, a workbook with the states' probabilities over time against the NBER
recessions, and with --json the full results.`,
		Example: `  divsim calibrate --columns us_large,us_small,bonds_10y --states 2
  divsim calibrate --columns us_market,bonds_10y --states 3 --from 1970-01 --json fit.json
  divsim calibrate --columns equity,bonds --history mine.csv --fragment regimes.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := bindEnvironment(cmd); err != nil {
				return err
			}
			return a.calibrate(fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.columns, "columns", "", "history columns to fit, comma-separated (required)")
	f.IntVar(&fl.states, "states", 2, "number of regimes K, 1 to 6")
	addHistoryFlag(f, &fl.history)
	f.StringVar(&fl.from, "from", "", "first month to fit, YYYY-MM (default: the history's first)")
	f.StringVar(&fl.to, "to", "", "last month to fit, YYYY-MM (default: the history's last)")
	f.StringVar(&fl.json, "json", "", "also write the results JSON to this file, - for standard output")
	f.StringVar(&fl.out, "out", "calibration.xlsx", "the workbook")
	f.StringVar(&fl.fragment, "fragment", "calibrated-regimes.yaml", "the scenario fragment")
	f.IntVar(&fl.starts, "starts", 10, "random starts of the EM algorithm; the best fit is kept")
	f.Uint64Var(&fl.seed, "seed", 1, "seed of the random starts")
	f.BoolVar(&fl.noReport, "no-report", false, "do not write the workbook")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "print no progress")
	return cmd
}

func (a *app) calibrate(fl calibrateFlags) error {
	if fl.columns == "" {
		return errors.New("--columns: missing (want history columns to fit, e.g. --columns us_large,us_small,bonds_10y)")
	}
	if fl.states < 1 || fl.states > 6 {
		return fmt.Errorf("--states: is %d (want 1 to 6 regimes)", fl.states)
	}
	if fl.starts < 1 || fl.starts > 1000 {
		return fmt.Errorf("--starts: is %d (want 1 to 1000)", fl.starts)
	}
	if err := notInputs([]output{{"--json", fl.json}, {"--out", fl.out}, {"--fragment", fl.fragment}}, fl.history); err != nil {
		return err
	}
	t := history.Default()
	if fl.history != "" {
		var err error
		if t, _, err = loadHistory(fl.history); err != nil {
			return err
		}
	}
	cols := strings.Split(fl.columns, ",")
	for i, c := range cols {
		cols[i] = strings.TrimSpace(c)
		if t.Numeric[cols[i]] == nil {
			return fmt.Errorf("--columns: %q is not a numeric column of %s (want some of %s)", cols[i], t.Name, strings.Join(t.Columns(), ", "))
		}
	}
	lo, hi := 0, t.Months-1
	for _, w := range []struct {
		flag, value string
		at          *int
	}{{"--from", fl.from, &lo}, {"--to", fl.to, &hi}} {
		if w.value == "" {
			continue
		}
		m, err := history.ParseMonth(w.value)
		if err != nil {
			return fmt.Errorf("%s: %v", w.flag, err)
		}
		if *w.at = t.Index(m); *w.at < 0 {
			return fmt.Errorf("%s: %s is outside %s (want %s to %s)", w.flag, m, t.Name, t.First, t.Month(t.Months-1))
		}
	}
	if hi-lo+1 < 24 {
		return fmt.Errorf("--from/--to: %d months (want at least 24 to fit regimes)", max(0, hi-lo+1))
	}
	data := make([][]float64, 0, hi-lo+1)
	var months []string
	var recession []float64
	for i := lo; i <= hi; i++ {
		row := make([]float64, len(cols))
		for j, c := range cols {
			row[j] = t.Numeric[c][i]
		}
		data = append(data, row)
		months = append(months, t.Month(i).String())
		if rec := t.Numeric["recession"]; rec != nil {
			recession = append(recession, rec[i])
		}
	}
	opts := calibrate.Options{Starts: fl.starts, Seed: fl.seed}
	rep := &reports.Calibration{Source: t.Name, Columns: cols, Months: months, Recession: recession, Version: version()}
	for K := 1; K <= max(4, fl.states); K++ {
		if !fl.quiet {
			fmt.Fprintf(a.stderr, "divsim: fitting %d state(s)...\n", K)
		}
		fit, err := calibrate.Estimate(data, K, opts)
		if err != nil {
			if K == fl.states {
				return failure{fmt.Errorf("%d states: %w", K, err)}
			}
			continue
		}
		rep.Models = append(rep.Models, fit)
		if K == fl.states {
			rep.Fit = fit
		}
	}
	source := fmt.Sprintf("%s, %s to %s", t.Name, months[0], months[len(months)-1])
	fragment, _ := rep.Fit.Fragment(cols, source)
	err := a.emit(fl.json, rep.Encode, rep.WriteTable)
	if err != nil {
		return err
	}
	if err := writeAtomic(fl.fragment, []byte(fragment)); err != nil {
		return err
	}
	if !fl.quiet {
		fmt.Fprintf(a.stderr, "divsim: wrote scenario fragment %s\n", fl.fragment)
	}
	if fl.noReport {
		return nil
	}
	if err := rep.WriteWorkbook(fl.out); err != nil {
		return failure{err}
	}
	if !fl.quiet {
		fmt.Fprintf(a.stderr, "divsim: wrote workbook %s\n", fl.out)
	}
	return nil
}
