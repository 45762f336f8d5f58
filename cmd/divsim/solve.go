package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/reports"
	"github.com/divsim/divsim/sim"
	"github.com/divsim/divsim/solve"
)

func (a *app) solveCmd() *cobra.Command {
	var fl runFlags
	var success float64
	var method string
	cmd := &cobra.Command{
		Use:   "solve FILE [--success 0.9]",
		Short: "Find the most each portfolio can spend at a chosen probability of success",
		Long: fmt.Sprintf(`Find, for every portfolio, the largest first-year withdrawal at which the
--success share of the simulated paths never runs out of money (sustainable,
swr), and the largest at which they also end with at least the initial
amount in today's money (perpetual, pwr): each as a rate of the initial
amount and as an amount in today's money, with its 95%% interval for the
Monte Carlo error.

What varies is the first year of the scenario's spending rule:
%s (other rules have no single withdrawal to solve for).
Without a spending rule, a constant withdrawal paid once a year and raised
with inflation is added on top of the scenario's flows. A constant rule is solved
exactly from one run (each path's own largest withdrawal); guardrails, or a
constant rule with min_amount or max_amount, by bisection over runs on the
same paths, to 0.01%% of the initial amount. A --horizon that would end the
spending rule before the file does is refused: what lasts the whole plan is
the question.`, words.Or(portfolio.RuleNamesWhere(portfolio.WrittenAsAmount))),
		Example: `  divsim init --example retirement r.yaml   # a spending rule to solve for
  divsim solve r.yaml
  divsim solve r.yaml --success 0.95 --paths 50000 --json solve.json
  divsim solve r.yaml --no-report --quiet`,
		Args: wantArgs(cobra.ExactArgs(1), "one scenario file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, opts, err := a.commandOptions(cmd, &fl)
			if err != nil {
				return err
			}
			opts.WholeSpending = true // a plan cut at --horizon would ask what lasts fewer years
			m, ok := solve.ParseMethod(method)
			if !ok {
				return fmt.Errorf("--method: is %q (want auto, exact or bisection)", method)
			}
			sc, err := configs.Load(args[0], opts)
			if err != nil {
				return err
			}
			problem, err := solve.New(sc, success, m)
			if err != nil {
				return fileProblem(args[0], err)
			}
			if need := problem.Largest().MemoryEstimate(fl.workers); opts.MemoryLimit > 0 && need > opts.MemoryLimit {
				return fileProblem(args[0], fmt.Errorf("simulation.paths: solving by %s runs copies of every portfolio at once: %d paths need about %s of memory, "+
					"more than the %s allowed (want fewer paths, a machine with more memory, or a higher --max-memory)",
					problem.Method(), sc.Simulation.Paths, configs.BytesText(need), configs.BytesText(opts.MemoryLimit)))
			}
			if fl.out == "" {
				base := filepath.Base(args[0])
				fl.out = strings.TrimSuffix(base, filepath.Ext(base)) + "-solve.xlsx"
			}
			if err := checkOutputs(studyOutputs(fl), args[0], fl.history); err != nil {
				return err
			}
			if err := a.checkTime(fl, problem.Workload()...); err != nil {
				return err
			}
			ctx, cancel := limitContext(cmd.Context(), fl)
			defer cancel()
			return a.runSolve(ctx, problem, fl, args[0], success)
		},
	}
	f := cmd.Flags()
	finiteFloatVar(f, &success, "success", 0.9, "the share of paths that must succeed, above 0 and below 1")
	f.StringVar(&method, "method", "auto", "exact (constant rule), bisection, or auto: exact when the rule allows it")
	addStudyFlags(f, &fl, "solve", "-solve.xlsx")
	return cmd
}

func (a *app) runSolve(ctx context.Context, problem *solve.Problem, fl runFlags, file string, success float64) error {
	sc := problem.Scenario()
	opts := sim.Options{Workers: fl.workers}
	// Progress counts the paths of the runs a solve usually makes; a
	// bisection that needs more stays at the end of the bar until done.
	work, runs := 0, problem.Workload()
	for _, w := range runs {
		work += w.Simulation.Paths * w.Simulation.Steps() * len(w.Portfolios)
	}
	total := len(runs) * sc.Simulation.Paths
	prog := newProgress(a.stderr, total, work, fl.quiet)
	if prog != nil {
		opts.Progress = func(done int) { prog.update(min(done, total)) }
	}
	res, err := problem.Solve(ctx, opts)
	prog.finish()
	if err != nil {
		return runFailure("solve", err)
	}
	var g atomicfile.Group
	defer g.Discard()
	err = a.stage(&g, fl.json,
		func() ([]byte, error) { return reports.NewSolveDocument(sc, res).Encode() },
		func(w io.Writer) error { return reports.WriteSolveTable(w, sc, res) })
	if err != nil {
		return err
	}
	if fl.noReport {
		return a.commit(ctx, &g, fl.json, fl.quiet)
	}
	command := fmt.Sprintf("divsim solve %s --success %g", shellQuote(file), success) + runSettings(sc, fl.history) + " --out " + shellQuote(fl.out)
	err = stageBook(&g, fl.out, func() (*excelize.File, error) {
		return reports.BuildSolveWorkbook(sc, res, stampNow(command))
	})
	if err != nil {
		return err
	}
	if err := a.commit(ctx, &g, fl.json, fl.quiet); err != nil {
		return err
	}
	a.wrote(fl, fl.out)
	return nil
}
