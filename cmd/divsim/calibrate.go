package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/atomicfile"
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
			if err := checkMaxTime(from, fl.maxTime); err != nil {
				return err
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
	f.Uint64Var(&fl.seed, "seed", 1, "random `number` the fit's random starts are drawn from")
	f.BoolVar(&fl.noReport, "no-report", false, "do not write the workbook")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "print no progress")
	f.DurationVar(&fl.maxTime, "max-time", defaultMaxTime, "stop fitting after this long, writing nothing, e.g. 30m or 2h")
	return cmd
}

func (a *app) calibrate(ctx context.Context, fl calibrateFlags) error {
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
	in, err := calibrate.Prepare(t, fl.columns, fl.from, fl.to)
	if err != nil {
		return err
	}
	rep := &reports.Calibration{Source: t.Name, Columns: in.Columns, Version: version(), RunDate: time.Now(), Recession: in.Recession}
	for _, m := range in.Months {
		rep.Months = append(rep.Months, m.String())
	}
	progress := func(K int) {
		if !fl.quiet {
			fmt.Fprintf(a.stderr, "divsim: fitting %d state(s)...\n", K)
		}
	}
	opts := calibrate.Options{Starts: fl.starts, Seed: fl.seed}
	if rep.Models, rep.Fit, err = calibrate.SearchStates(ctx, in.Data, fl.states, opts, progress); err != nil {
		return runFailure("calibrate", err)
	}
	// Every output is staged and moved into place together only when all
	// are written and ctx is still live: a failure or a stop leaves nothing.
	fragment, distance := rep.Fit.Fragment(in.Columns, in.Source(t))
	if distance > calibrate.FarChain {
		fmt.Fprintf(a.stderr, "divsim: note: the fragment's chain differs from the fitted monthly matrix by up to %.2f in a transition probability. %s\n",
			distance, calibrate.FarChainText)
	}
	var g atomicfile.Group
	defer g.Discard()
	if !fl.noReport {
		if err := stageBook(&g, fl.out, func() (*excelize.File, error) { return rep.BuildWorkbook(ctx) }); err != nil {
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
