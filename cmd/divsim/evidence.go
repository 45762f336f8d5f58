package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/evidence"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/reports"
)

func (a *app) evidenceCmd() *cobra.Command {
	var fl runFlags
	var benchmark string
	cmd := &cobra.Command{
		Use:   "evidence FILE [--benchmark ID]",
		Short: "Describe what monthly history says about the scenario's assets: regimes and the months after a first rate cut",
		Long: `Describe the monthly history of the scenario's assets that name a history
column (assets[].history, allowed under every return model): each asset's
annualized mean return and volatility in the months under each rate-regime
and growth label, and the first-cut study: how each asset did over the 3, 6
and 12 months after the first rate cut of each easing cycle (a cutting month
after at least 6 months without one), alone and against --benchmark (default
the first such asset), with every event listed.

It describes the past: easing cycles are few and their outcomes differ
widely, so it is evidence to discuss, not a forecast. Nothing is simulated.`,
		Example: `  divsim init --example history h.yaml   # assets that name history columns
  divsim evidence h.yaml --benchmark us_large
  divsim evidence h.yaml --json evidence.json --out evidence.xlsx
  divsim evidence h.yaml --history my-history.csv`,
		Args: wantArgs(cobra.ExactArgs(1), "one scenario file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, opts, err := a.commandOptions(cmd, &fl)
			if err != nil {
				return err
			}
			sc, err := configs.Load(args[0], opts)
			if err != nil {
				return err
			}
			table := opts.History
			if table == nil {
				table = history.Default()
			}
			assets, bench, err := evidenceAssets(sc, table, benchmark)
			if err != nil {
				return err
			}
			if err := checkOutputs([]output{{"--json", fl.json}, {"--out", fl.out}}, args[0], fl.history); err != nil {
				return err
			}
			r, err := evidence.Analyze(table, assets, bench)
			if err != nil {
				return failure{err}
			}
			return a.writeEvidence(cmd.Context(), sc, r, fl, args[0], benchmark)
		},
	}
	f := cmd.Flags()
	f.StringVar(&benchmark, "benchmark", "", "the asset id the others are compared with (default: the first asset with a history column)")
	f.StringVar(&fl.json, "json", "", "also write the evidence JSON to this file, - for standard output")
	f.StringVar(&fl.out, "out", "", "also write a workbook with the History sheet and its disclosures")
	addHistoryFlag(f, &fl.history)
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "do not say which files were written") // as every command has
	return cmd
}

// evidenceAssets are the scenario's assets with a history column, and the
// benchmark's index among them (the first unless id names another).
func evidenceAssets(sc *model.Scenario, t *history.Table, id string) ([]evidence.Asset, int, error) {
	out := evidence.AssetsOf(sc)
	var ids []string
	bench := -1
	for i, a := range out {
		if a.ID == id {
			bench = i
		}
		ids = append(ids, a.ID)
	}
	if len(out) == 0 {
		return nil, 0, fmt.Errorf("%s: assets[].history: no asset names a history column (want history: COLUMN on the assets to describe, one of %s)",
			sc.Info.Source.File, strings.Join(t.ReturnColumns(), ", "))
	}
	switch {
	case id == "":
		bench = 0
	case bench < 0:
		want := words.ChoiceWant(id, "want the id of an asset with a history column: "+strings.Join(ids, ", "), ids...)
		return nil, 0, fmt.Errorf("--benchmark: is %q (%s)", id, want)
	}
	return out, bench, nil
}

// writeEvidence prints the report and writes its JSON and workbook when
// asked for, all or nothing.
func (a *app) writeEvidence(ctx context.Context, sc *model.Scenario, r *evidence.Report, fl runFlags, file, benchmark string) error {
	var g atomicfile.Group
	defer g.Discard()
	err := a.stage(&g, fl.json,
		func() ([]byte, error) { return reports.NewEvidenceDocument(r).Encode() },
		func(w io.Writer) error { return reports.WriteEvidenceTable(w, r) })
	if err != nil {
		return err
	}
	if fl.out != "" {
		command := "divsim evidence " + shellQuote(file) + " --out " + shellQuote(fl.out)
		if benchmark != "" {
			command += " --benchmark " + shellQuote(benchmark)
		}
		if fl.history != "" {
			command += " --history " + shellQuote(fl.history)
		}
		err = stageBook(&g, fl.out, func() (*excelize.File, error) {
			return reports.BuildEvidenceWorkbook(sc, r, stampNow(command))
		})
		if err != nil {
			return err
		}
	}
	if err := a.commit(ctx, &g, fl.json, fl.quiet); err != nil {
		return err
	}
	if fl.out != "" {
		a.wrote(fl, fl.out)
	}
	return nil
}
