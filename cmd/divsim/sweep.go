package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/reports"
)

func (a *app) sweepCmd() *cobra.Command {
	var fl runFlags
	var spec batch.SweepSpec
	cmd := &cobra.Command{
		Use:   "sweep FILE --sleeve NAME | --rate-from RATE --rate-to RATE",
		Short: "Vary one sleeve's weight, or the spending rate, and compare the results on the same paths",
		Long: fmt.Sprintf(`Vary one sleeve's weight from --from to --to in steps of --step, for every
portfolio that holds the sleeve (or only --portfolio), taking the weight from
--fund-from or pro rata from the other sleeves. In a glide path the sleeve's
weight at each waypoint is scaled by the new weight over its first, so 0%% holds
none of it in any year (a sleeve at 0 in every year is held at the new weight).
Every weight runs on the same simulated paths, so the differences along the
curve are real, and each point equals a plain run of the same allocation.

With --rate-from, --rate-to and --rate-step, vary the spending rule's rate
instead, for every portfolio (or only --portfolio): initial_rate for the
%s rules (in place of an amount), and rate for
%s; %s no rate to sweep.
Every rate runs on the same paths, and each point equals a plain run with
that rate. When the file has a spending rule, every point also shows what it
paid.`, rulesWhere(portfolio.WrittenAsAmount), rulesWhere(portfolio.TakesRate), hasNoRate()),
		Example: `  divsim init plan.yaml                      # the example scenario
  divsim sweep plan.yaml --sleeve "Small-cap sleeve" --from 0 --to 0.30 --step 0.05
  divsim sweep plan.yaml --sleeve "Small-cap sleeve" --fund-from "Core equity" --portfolio "Balanced with 10% small caps" --json sweep.json
  divsim init --example retirement r.yaml    # a spending rule
  divsim sweep r.yaml --rate-from 0.03 --rate-to 0.06 --rate-step 0.005`,
		Args: wantArgs(cobra.ExactArgs(1), "one scenario file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			from, opts, err := a.commandOptions(cmd, &fl)
			if err != nil {
				return err
			}
			if err := sweepKind(&spec, from); err != nil {
				return err
			}
			sc, err := configs.Load(args[0], opts)
			if err != nil {
				return err
			}
			spec = spec.WithNamesOf(sc) // "small-cap sleeve" is the file's "Small-cap sleeve"
			var groups []batch.SweepGroup
			var rates *batch.RateSweep
			if spec.Rate {
				rates, err = batch.PlanRateSweep(sc, spec)
			} else {
				groups, err = batch.PlanSweep(sc, spec)
			}
			if err != nil {
				return err
			}
			if err := sweepMemory(groups, rates, fl.workers, opts.MemoryLimit); err != nil {
				return fileProblem(args[0], err)
			}
			a.noteShortGrid(spec, groups, rates)
			if fl.out == "" {
				base := filepath.Base(args[0])
				fl.out = strings.TrimSuffix(base, filepath.Ext(base)) + "-sweep.xlsx"
			}
			if err := checkOutputs(studyOutputs(fl), args[0], fl.history); err != nil {
				return err
			}
			ctx, cancel := limitContext(cmd.Context(), fl)
			defer cancel()
			return a.runSweep(ctx, sc, spec, groups, rates, fl, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&spec.Sleeve, "sleeve", "", "the sleeve whose weight varies (give it, or any of the --rate-* flags to sweep the spending rate)")
	finiteFloatVar(f, &spec.From, "from", 0, "first weight")
	finiteFloatVar(f, &spec.To, "to", 0.30, "last weight")
	finiteFloatVar(f, &spec.Step, "step", 0.05, "weight step")
	f.StringVar(&spec.FundFrom, "fund-from", "", "sleeve that gives up the weight (default: pro rata from all others)")
	finiteFloatVar(f, &spec.RateFrom, "rate-from", 0.03, "first spending rate; any --rate-* flag sweeps the spending rule's rate instead of a sleeve, the others at their defaults")
	finiteFloatVar(f, &spec.RateTo, "rate-to", 0.06, "last spending rate")
	finiteFloatVar(f, &spec.RateStep, "rate-step", 0.005, "spending rate step")
	f.StringVar(&spec.Portfolio, "portfolio", "", "sweep only this portfolio")
	addStudyFlags(f, &fl, "sweep", "-sweep.xlsx")
	return cmd
}

// sweepMemory refuses a sweep whose largest run needs more memory than
// limit (0: no limit). A sleeve sweep runs every weight of one portfolio
// at once, on the same paths, a portfolio after another, so one run can
// need many times what the file's own run does, which the file's check
// does not see; a rate sweep runs the file's portfolios once a rate, as
// the file's own run does.
func sweepMemory(groups []batch.SweepGroup, rates *batch.RateSweep, workers int, limit uint64) error {
	if limit == 0 {
		return nil
	}
	var largest *model.Scenario
	scs := []*model.Scenario{}
	if rates != nil {
		scs = rates.Scenarios
	}
	for _, g := range groups {
		scs = append(scs, g.Scenario)
	}
	for _, sc := range scs {
		if largest == nil || len(sc.Portfolios) > len(largest.Portfolios) {
			largest = sc
		}
	}
	if largest == nil {
		return nil
	}
	if need := largest.MemoryEstimate(workers); need > limit {
		return fmt.Errorf("simulation.paths: the sweep runs %s at once on the same paths: %s need about %s of memory, more than the %s allowed "+
			"(want fewer paths, fewer points (a larger --step), a machine with more memory, or a higher --max-memory)",
			reports.Counted(len(largest.Portfolios), "portfolio", "portfolios"), reports.Counted(largest.Simulation.Paths, "path", "paths"), configs.BytesText(need), configs.BytesText(limit))
	}
	return nil
}

// sweepKind decides between a sleeve sweep and a rate sweep from the
// flags set (on the command line or in the environment) and refuses a mix.
func sweepKind(spec *batch.SweepSpec, from map[string]flagSource) error {
	var rate, sleeve []string
	for _, name := range []string{"rate-from", "rate-to", "rate-step"} {
		if src, ok := from[name]; ok {
			rate = append(rate, src.String())
		}
	}
	for _, name := range []string{"sleeve", "from", "to", "step", "fund-from"} {
		if src, ok := from[name]; ok {
			sleeve = append(sleeve, src.String())
		}
	}
	switch {
	case len(rate) > 0 && len(sleeve) > 0:
		return fmt.Errorf("%s: cannot be combined with %s (sweep a sleeve's weight with --sleeve, or the spending rate with --rate-from/--rate-to/--rate-step, not both)",
			strings.Join(sleeve, ", "), strings.Join(rate, ", "))
	case len(rate) > 0:
		spec.Rate = true
	case spec.Sleeve == "":
		return errors.New("--sleeve: missing (want the name of the sleeve to vary, or --rate-from/--rate-to/--rate-step to vary the spending rate)")
	}
	return nil
}

// noteShortGrid says on stderr when the steps from the start do not reach
// the end asked for (--to 0.3 in steps of 0.07 from 0 stops at 28 %), which
// the sweep would otherwise do without a word.
func (a *app) noteShortGrid(spec batch.SweepSpec, groups []batch.SweepGroup, rates *batch.RateSweep) {
	var xs []float64
	to, flag, step := spec.To, "--to", "--step"
	switch {
	case spec.Rate && rates != nil:
		xs = rates.Rates
		to, flag, step = spec.RateTo, "--rate-to", "--rate-step"
	case len(groups) > 0:
		xs = groups[0].Weights // every group sweeps the same weights
	}
	if len(xs) == 0 {
		return
	}
	if last := xs[len(xs)-1]; last < to-1e-9 {
		fmt.Fprintf(a.stderr, "divsim: note: %s %g is not a whole number of %s from the start: the last point is %g\n", flag, to, step, last)
	}
}

func (a *app) runSweep(ctx context.Context, sc *model.Scenario, spec batch.SweepSpec, groups []batch.SweepGroup, rates *batch.RateSweep, fl runFlags, file string) error {
	var scs []*model.Scenario
	for _, g := range groups {
		scs = append(scs, g.Scenario)
	}
	if rates != nil {
		scs = rates.Scenarios
	}
	opts, prog, err := a.engineOptions(fl, scs...)
	if err != nil {
		return err
	}
	var results []batch.SweepResult
	if rates != nil {
		results, err = batch.RunRateSweep(ctx, rates, opts)
	} else {
		results, err = batch.RunSweep(ctx, groups, opts)
	}
	prog.finish()
	if err != nil {
		return runFailure("sweep", err)
	}
	var g atomicfile.Group
	defer g.Discard()
	err = a.stage(&g, fl.json,
		func() ([]byte, error) {
			return reports.NewSweepDocument(sc, spec, results, reports.Meta{Version: version()}).Encode()
		},
		func(w io.Writer) error { return reports.WriteSweepTable(w, sc, spec, results) })
	if err != nil {
		return err
	}
	if fl.noReport {
		return a.commit(ctx, &g, fl.json, fl.quiet)
	}
	command := fmt.Sprintf("divsim sweep %s --sleeve %s --from %g --to %g --step %g", shellQuote(file), shellQuote(spec.Sleeve), spec.From, spec.To, spec.Step)
	if spec.Rate {
		command = fmt.Sprintf("divsim sweep %s --rate-from %g --rate-to %g --rate-step %g", shellQuote(file), spec.RateFrom, spec.RateTo, spec.RateStep)
	}
	command += runSettings(sc, fl.history) + " --out " + shellQuote(fl.out)
	if spec.FundFrom != "" && !spec.Rate {
		command += " --fund-from " + shellQuote(spec.FundFrom)
	}
	if spec.Portfolio != "" {
		command += " --portfolio " + shellQuote(spec.Portfolio)
	}
	err = stageBook(&g, fl.out, func() (*excelize.File, error) {
		return reports.BuildSweepWorkbook(sc, spec, results, stampNow(command))
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

// rulesWhere names the rules whose traits keep says, for help texts.
func rulesWhere(keep func(portfolio.RuleTraits) bool) string {
	return words.And(portfolio.RuleNamesWhere(keep))
}

// hasNoRate says which rules have no rate: "vpw has".
func hasNoRate() string {
	none := portfolio.RuleNamesWhere(func(t portfolio.RuleTraits) bool { return !t.FromAmount && t.Rate == portfolio.NoRate })
	if len(none) == 1 {
		return none[0] + " has"
	}
	return words.And(none) + " have"
}
