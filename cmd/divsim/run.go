package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/model"
)

// runFlags are run's settings that override the scenario file or steer the
// run; each also reads DIVSIM_<NAME> from the environment.
type runFlags struct {
	paths   int
	seed    uint64
	horizon int
	workers int
	out     string
	json    string
}

func (a *app) runCmd() *cobra.Command {
	var fl runFlags
	cmd := &cobra.Command{
		Use:   "run [FILE]",
		Short: "Simulate a scenario (the embedded default when FILE is omitted)",
		Long: `Simulate the portfolios of a scenario file and write the results.

Without FILE, run uses the embedded default scenario (see 'divsim init').
Flags override the file's values; each flag also reads DIVSIM_<NAME> from the
environment (DIVSIM_PATHS, DIVSIM_SEED, ...), with the flag winning.`,
		Example: `  divsim run                                  # the embedded default scenario
  divsim run plan.yaml --paths 50000 --seed 7
  DIVSIM_PATHS=2000 divsim run plan.yaml --json results.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			from, err := bindEnvironment(cmd)
			if err != nil {
				return err
			}
			opts, err := a.resolveOptions(fl, from)
			if err != nil {
				return err
			}
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			sc, err := configs.Load(path, opts)
			if err != nil {
				return err
			}
			describe(a.stdout, sc)
			fmt.Fprintln(a.stderr, "divsim: the simulation engine is not built yet: the scenario was checked and resolved; nothing was simulated or written.")
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&fl.paths, "paths", 0, "number of simulated paths (overrides simulation.paths)")
	f.Uint64Var(&fl.seed, "seed", 0, "random seed (overrides simulation.seed)")
	f.IntVar(&fl.horizon, "horizon", 0, "horizon in whole years (overrides simulation.horizon_years)")
	f.IntVar(&fl.workers, "workers", 0, "parallel workers (0: one per CPU); results do not depend on it")
	f.StringVar(&fl.out, "out", "", "workbook to write (overrides report.file)")
	f.StringVar(&fl.json, "json", "", "also write the results JSON to this file, - for standard output")
	return cmd
}

// resolveOptions turns the flags that were set (on the command line or by
// the environment) into overrides of the scenario file.
func (a *app) resolveOptions(fl runFlags, from map[string]string) (configs.Options, error) {
	opts := configs.Options{MemoryLimit: a.memory()}
	o := &opts.Overrides
	if src, ok := from["paths"]; ok {
		o.Paths = &configs.Override[int]{Value: fl.paths, From: src}
	}
	if src, ok := from["seed"]; ok {
		o.Seed = &configs.Override[uint64]{Value: fl.seed, From: src}
	}
	if src, ok := from["horizon"]; ok {
		o.Horizon = &configs.Override[int]{Value: fl.horizon, From: src}
	}
	if src, ok := from["out"]; ok {
		o.Report = &configs.Override[string]{Value: fl.out, From: src}
	}
	if src, ok := from["workers"]; ok && fl.workers < 0 {
		return opts, fmt.Errorf("%s: is %d (want 0 for one per CPU, or a positive number)", src, fl.workers)
	}
	if src, ok := from["json"]; ok && fl.json == "" {
		return opts, fmt.Errorf("%s: is empty (want a file name, or - for standard output)", src)
	}
	return opts, nil
}

// describe prints a resolved scenario's settings and each portfolio's
// allocation risk, the figures that exist before any simulation.
func describe(w io.Writer, sc *model.Scenario) {
	s := sc.Simulation
	fmt.Fprintf(w, "%s (%s)\n", sc.Info.Name, sc.Info.Source.File)
	var chains []string
	for _, ch := range sc.Regimes.Chains {
		chains = append(chains, ch.Name)
	}
	regimes := "no regimes"
	if len(chains) > 0 {
		regimes = fmt.Sprintf("%d regime states (%s)", len(sc.Regimes.States), strings.Join(chains, " × "))
	}
	fmt.Fprintf(w, "  %d assets, %d portfolios, %s\n", len(sc.Assets), len(sc.Portfolios), regimes)
	fmt.Fprintf(w, "  %d paths × %d years × %d steps a year, seed %d, %s returns\n",
		s.Paths, s.HorizonYears, s.StepsPerYear, s.Seed, s.ReturnModel)
	fmt.Fprintf(w, "  workbook %s\n\n", sc.Report.File)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Portfolio\tDiv. ratio\tSleeves: weight → share of long-run risk")
	for _, p := range sc.Portfolios {
		rc := model.RiskContributions(p.Sleeves, p.Targets, sc.Sigma)
		parts := make([]string, len(p.Sleeves))
		for i, sl := range p.Sleeves {
			parts[i] = fmt.Sprintf("%s %.0f%% → %.1f%%", sl.Name, 100*sl.Weight, 100*rc[i])
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%s\n", p.Name, model.DiversificationRatio(p.Targets, sc.Sigma), strings.Join(parts, ", "))
	}
	tw.Flush()
}
