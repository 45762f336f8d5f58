package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/reports"
	"github.com/divsim/divsim/sim"
)

func (a *app) compareCmd() *cobra.Command {
	var fl runFlags
	cmd := &cobra.Command{
		Use:   "compare FILE FILE...",
		Short: "Compare the same portfolios under several scenario files",
		Long: fmt.Sprintf(`Run the same portfolios (matched by name) under several scenario files, e.g.
a base case, higher-for-longer rates and a recession-heavy case, and show a
portfolio × scenario matrix for each key metric, with a workbook. When a
file has a spending rule, the matrices include the median yearly spending in
today's money and the share of paths with a lean year (a year paying
below %.0f%% of the first year's, after inflation).

Each file runs exactly as 'divsim run' would run it. Give the files the same
seed (or pass --seed) for common random numbers across them.`, 100*sim.CutLevel),
		Example: `  divsim compare base.yaml higher-for-longer.yaml recession.yaml --out compare.xlsx
  divsim compare base.yaml stress.yaml --seed 7 --json compare.json`,
		Args: wantArgs(cobra.MinimumNArgs(2), "two or more scenario files to compare (to compare the portfolios of one file, divsim run it)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, opts, err := a.commandOptions(cmd, &fl)
			if err != nil {
				return err
			}
			opts.Overrides.Report = nil // --out names the comparison workbook
			for i, path := range args {
				if j := slices.IndexFunc(args[:i], func(p string) bool { return filepath.Clean(p) == filepath.Clean(path) }); j >= 0 {
					fmt.Fprintf(a.stderr, "divsim: note: %s is given twice: a file compared with itself differs in nothing\n", path)
				}
			}
			var scs []*model.Scenario
			var errs []error
			for _, path := range args {
				sc, err := configs.Load(path, opts)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				scs = append(scs, sc)
			}
			if err := errors.Join(errs...); err != nil {
				return err
			}
			if err := batch.CheckComparable(scs); err != nil {
				return err
			}
			if err := checkOutputs(studyOutputs(fl), append(args[:len(args):len(args)], fl.history)...); err != nil {
				return err
			}
			ctx, cancel := limitContext(cmd.Context(), fl)
			defer cancel()
			return a.runCompare(ctx, scs, fl, args)
		},
	}
	f := cmd.Flags()
	f.IntVar(&fl.paths, "paths", 0, "number of simulated paths for every file")
	f.Uint64Var(&fl.seed, "seed", 0, "random `number` for every file: the same number, the same paths")
	f.IntVar(&fl.horizon, "horizon", 0, "horizon in whole years for every file")
	f.IntVar(&fl.workers, "workers", 0, "parallel workers (0: one per CPU); results do not depend on it")
	f.StringVar(&fl.out, "out", "compare.xlsx", "the comparison workbook")
	addHistoryFlag(f, &fl.history)
	addLimitFlags(f, &fl)
	f.StringVar(&fl.json, "json", "", "also write the comparison JSON to this file, - for standard output")
	f.BoolVar(&fl.noReport, "no-report", false, "do not write the workbook")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "show no progress")
	return cmd
}

// compareCommand is the command that gives the same comparison workbook:
// the files, and the paths, seed and horizon the runs shared (set by a
// flag, which applies to every file, or the same in every file); a
// setting the files do not share came from the files themselves. Rolling
// windows take no paths or seed (as reproduce): those are shared among the
// simulated files only.
func compareCommand(files []string, scs []*model.Scenario, historyName, out string) string {
	cmd := "divsim compare"
	for _, f := range files {
		cmd += " " + shellQuote(f)
	}
	shared := func(among []*model.Scenario, f func(model.Simulation) uint64) (uint64, bool) {
		if len(among) == 0 {
			return 0, false
		}
		v := f(among[0].Simulation)
		return v, !slices.ContainsFunc(among, func(sc *model.Scenario) bool { return f(sc.Simulation) != v })
	}
	simulated := slices.DeleteFunc(slices.Clone(scs), func(sc *model.Scenario) bool { return sc.Simulation.ReturnModel == model.Historical })
	if v, ok := shared(simulated, func(s model.Simulation) uint64 { return uint64(s.Paths) }); ok {
		cmd += fmt.Sprintf(" --paths %d", v)
	}
	if v, ok := shared(simulated, func(s model.Simulation) uint64 { return s.Seed }); ok {
		cmd += fmt.Sprintf(" --seed %d", v)
	}
	if v, ok := shared(scs, func(s model.Simulation) uint64 { return uint64(s.HorizonYears) }); ok {
		cmd += fmt.Sprintf(" --horizon %d", v)
	}
	if historyName != "" {
		cmd += " --history " + shellQuote(historyName)
	}
	return cmd + " --out " + shellQuote(out)
}

func (a *app) runCompare(ctx context.Context, scs []*model.Scenario, fl runFlags, files []string) error {
	opts, prog, err := a.engineOptions(fl, scs...)
	if err != nil {
		return err
	}
	c, err := batch.Compare(ctx, scs, opts)
	prog.finish()
	if err != nil {
		return runFailure("compare", err)
	}
	var g atomicfile.Group
	defer g.Discard()
	err = a.stage(&g, fl.json,
		func() ([]byte, error) {
			return reports.NewCompareDocument(c, reports.Meta{Version: version()}).Encode()
		},
		func(w io.Writer) error { return reports.WriteCompareTable(w, c) })
	if err != nil {
		return err
	}
	if fl.noReport {
		return a.commit(ctx, &g, fl.json, fl.quiet)
	}
	command := compareCommand(files, scs, fl.history, fl.out)
	err = stageBook(&g, fl.out, func() (*excelize.File, error) { return reports.BuildCompareWorkbook(c, stampNow(command)) })
	if err != nil {
		return err
	}
	if err := a.commit(ctx, &g, fl.json, fl.quiet); err != nil {
		return err
	}
	a.wrote(fl, fl.out)
	return nil
}
