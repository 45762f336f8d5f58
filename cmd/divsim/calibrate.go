package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/calibrate"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/internal/words"
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
	maxTime  time.Duration
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
		Args: wantArgs(cobra.NoArgs, "no arguments (the columns come from --columns, the history from --history)"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			from, err := bindEnvironment(cmd, a.stdout)
			if err != nil {
				return err
			}
			if src, ok := from["max-time"]; ok && fl.maxTime <= 0 {
				return fmt.Errorf("%s: is %s (want a positive duration, e.g. 30m or 2h)", src, fl.maxTime)
			}
			ctx, cancel := withMaxTime(cmd.Context(), fl.maxTime)
			defer cancel()
			return a.calibrate(ctx, fl)
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
	f.StringVar(&fl.fragment, "fragment", "calibrated-regimes.yaml", "the scenario fragment, a YAML file (- for standard output)")
	f.IntVar(&fl.starts, "starts", 10, "random starts of the EM algorithm; the best fit is kept")
	f.Uint64Var(&fl.seed, "seed", 1, "seed of the random starts")
	f.BoolVar(&fl.noReport, "no-report", false, "do not write the workbook")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "print no progress")
	f.DurationVar(&fl.maxTime, "max-time", defaultMaxTime, "stop fitting after this long, writing nothing, e.g. 30m or 2h")
	return cmd
}

func (a *app) calibrate(ctx context.Context, fl calibrateFlags) error {
	if fl.columns == "" {
		return errors.New("--columns: missing (want history columns to fit, e.g. --columns us_large,us_small,bonds_10y)")
	}
	if fl.states < 1 || fl.states > calibrate.MaxStates {
		return fmt.Errorf("--states: is %d (want 1 to %d regimes)", fl.states, calibrate.MaxStates)
	}
	if fl.starts < 1 || fl.starts > 1000 {
		return fmt.Errorf("--starts: is %d (want 1 to 1000)", fl.starts)
	}
	if fl.fragment == "-" && fl.json == "-" {
		return errors.New("--fragment: - is also --json's standard output (want one of them on standard output, the other in a file)")
	}
	if err := checkOutputs([]output{{"--json", fl.json}, {"--out", fl.out}, {"--fragment", fl.fragment}}, fl.history); err != nil {
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
	series := make([][]float64, len(cols))
	for i, c := range cols {
		cols[i] = strings.TrimSpace(c)
		if slices.Contains(cols[:i], cols[i]) {
			return fmt.Errorf("--columns: %q is given twice (want each column once: the fragment names an asset per column)", cols[i])
		}
		returns := slices.DeleteFunc(t.ReturnColumns(), func(c string) bool { return c == "inflation" }) // the price index is no asset
		want := words.ChoiceWant(cols[i], "want some of "+strings.Join(returns, ", "), returns...)
		if series[i] = t.Numeric[cols[i]]; series[i] == nil {
			return fmt.Errorf("--columns: %q is not a numeric column of %s (%s)", cols[i], t.Name, want)
		}
		if t.Indicator(cols[i]) {
			return fmt.Errorf("--columns: %q of %s holds only 0 and 1, an indicator (such as recession months), not monthly returns (%s)",
				cols[i], t.Name, want)
		}
		if cols[i] == "inflation" { // the fragment names an asset per column, and no asset may be called so
			return fmt.Errorf("--columns: %q is the price index, which a scenario models in its inflation section, not an asset's "+
				"returns (the fragment names an asset per column; want asset columns such as %s)", cols[i], strings.Join(returns, ", "))
		}
	}
	w := calibrate.Window{Lo: 0, Hi: t.Months - 1}
	for _, m := range []struct {
		flag, value string
		at          *int
	}{{"--from", fl.from, &w.Lo}, {"--to", fl.to, &w.Hi}} {
		if m.value == "" {
			continue
		}
		month, err := history.ParseMonth(m.value)
		if err != nil {
			return fmt.Errorf("%s: %v", m.flag, err)
		}
		if *m.at = t.Index(month); *m.at < 0 {
			return fmt.Errorf("%s: %s is outside %s (want %s to %s)", m.flag, month, t.Name, t.First, t.Month(t.Months-1))
		}
	}
	if w.Hi < w.Lo {
		return fmt.Errorf("--to: %s is before --from %s (want --from, the first month, before --to, the last)", t.Month(w.Hi), t.Month(w.Lo))
	}
	for _, c := range cols {
		if want, got := t.NotReturns(c, w.Lo, w.Hi); want != "" {
			return fmt.Errorf("--columns: %s (%s)", got, want)
		}
	}
	data, err := calibrate.Sample(series, w)
	if err != nil {
		return fmt.Errorf("--from/--to: %w", err)
	}
	rep := &reports.Calibration{Source: t.Name, Columns: cols, Version: version()}
	for i := w.Lo; i <= w.Hi; i++ {
		rep.Months = append(rep.Months, t.Month(i).String())
	}
	if rec := t.Numeric["recession"]; rec != nil {
		rep.Recession = rec[w.Lo : w.Hi+1]
	}
	progress := func(K int) {
		if !fl.quiet {
			fmt.Fprintf(a.stderr, "divsim: fitting %d state(s)...\n", K)
		}
	}
	opts := calibrate.Options{Starts: fl.starts, Seed: fl.seed}
	if rep.Models, rep.Fit, err = calibrate.SearchStates(ctx, data, fl.states, opts, progress); err != nil {
		return runFailure("calibrate", err)
	}
	// Every output is staged and moved into place together only when all
	// are written and ctx is still live: a failure or a stop leaves nothing.
	source := fmt.Sprintf("%s, %s to %s", t.Name, rep.Months[0], rep.Months[len(rep.Months)-1])
	fragment, distance := rep.Fit.Fragment(cols, source)
	if distance > calibrate.FarChain {
		fmt.Fprintf(a.stderr, "divsim: note: the fragment's chain differs from the fitted monthly matrix by up to %.2f in a transition probability. %s\n",
			distance, calibrate.FarChainText)
	}
	var g atomicfile.Group
	defer g.Discard()
	if !fl.noReport {
		if err := stageFile(&g, fl.out, func(tmp string) error { return rep.WriteWorkbookContext(ctx, tmp) }); err != nil {
			if ctx.Err() != nil {
				return runFailure("calibrate", ctx.Err())
			}
			return err
		}
	}
	table := rep.WriteTable
	if fl.fragment == "-" { // standard output holds the fragment; the table goes to stderr
		table = func(io.Writer) error { return rep.WriteTable(a.stderr) }
	} else if err := g.WriteBytes(fl.fragment, []byte(fragment)); err != nil {
		return failure{err}
	}
	if err := a.stage(&g, fl.json, rep.Encode, table); err != nil {
		return err
	}
	if err := a.commit(ctx, &g, fl.json, fl.quiet); err != nil {
		return err
	}
	if fl.fragment == "-" {
		if _, err := io.WriteString(a.stdout, fragment); err != nil && !errors.Is(err, syscall.EPIPE) {
			return failure{err}
		}
	} else if !fl.quiet {
		fmt.Fprintf(a.stderr, "divsim: wrote scenario fragment %s%s\n", fl.fragment, a.replacedNote(fl.fragment))
	}
	if !fl.quiet && !fl.noReport {
		fmt.Fprintf(a.stderr, "divsim: wrote workbook %s%s\n", fl.out, a.replacedNote(fl.out))
	}
	return nil
}
