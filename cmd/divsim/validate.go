package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/reports"
)

func (a *app) validateCmd() *cobra.Command {
	var historyFile, maxMemory string
	cmd := &cobra.Command{
		Use:   "validate FILE|DIR...",
		Short: "Check scenario files and report every problem in each",
		Long: `Check scenario files against every rule of scenario format 1.

Each problem is printed to stderr as "FILE: key.path (what it names): what is
wrong (what was expected)", list indices counting from 0 and the item's own
name in brackets; all problems of every file are reported, not just the
first.
A folder stands for its scenario files (.yaml, .yml, .toml and .json), as
in a batch (divsim run DIR --out-dir OUT). Exit status is 0 when every file
is valid, 2 otherwise.`,
		Example: `  divsim validate plan.yaml
  divsim validate clients/              # every scenario a batch of the folder would run`,
		Args: wantArgs(cobra.MinimumNArgs(1), "one or more scenario files or folders"),
		RunE: func(cmd *cobra.Command, args []string) error {
			// DIVSIM_MAX_MEMORY and DIVSIM_HISTORY apply as they do to run:
			// a file valid here must not be refused there.
			from, err := bindEnvironment(cmd, a.stdout)
			if err != nil {
				return err
			}
			opts, err := a.inputOptions(maxMemory, from["max-memory"], historyFile)
			if err != nil {
				return err
			}
			bad, inputs := 0, 0 // inputs: the files checked and the folders that held none
			var files []string
			for _, arg := range args {
				if st, err := os.Stat(arg); err != nil || !st.IsDir() {
					files = append(files, arg) // a missing file is reported below, with its name
					continue
				}
				found, skipped, err := batch.ScenarioFiles([]string{arg})
				if err != nil {
					fmt.Fprintln(a.stderr, "divsim: "+err.Error())
					bad++
					inputs++
					continue
				}
				a.noteSkipped(skipped)
				files = append(files, found...)
			}
			inputs += len(files)
			for _, path := range files {
				sc, err := configs.Load(path, opts)
				if err != nil {
					fmt.Fprintln(a.stderr, errorText(err))
					bad++
					continue
				}
				// Without regimes the run has one joint state, which is no
				// regime: "1 regime state" read as a regime the file lacks.
				regimes := "no regimes"
				if len(sc.Regimes.Chains) > 0 {
					regimes = reports.Counted(len(sc.Regimes.States), "regime state", "regime states")
				}
				fmt.Fprintf(a.stdout, "%s: valid (%s, %s, %s)\n", path, reports.Counted(len(sc.Assets), "asset", "assets"),
					reports.Counted(len(sc.Portfolios), "portfolio", "portfolios"), regimes)
			}
			switch {
			case bad > 0 && inputs > 1 && inputs > len(files):
				return fmt.Errorf("%d of %d files and folders invalid", bad, inputs)
			case bad > 0 && inputs > 1:
				return fmt.Errorf("%d of %d files invalid", bad, inputs)
			case bad > 0:
				return errReported // its problems are on stderr already
			}
			return nil
		},
	}
	addHistoryFlag(cmd.Flags(), &historyFile)
	cmd.Flags().StringVar(&maxMemory, "max-memory", "", "memory a run may use, e.g. 8GiB or 500MB (default: the memory available now: MemAvailable, or the cgroup's limit when lower)")
	return cmd
}
