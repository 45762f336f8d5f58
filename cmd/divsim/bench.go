package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/internal/stats"
	"github.com/divsim/divsim/reports"
	"github.com/divsim/divsim/sim"
)

func (a *app) benchCmd() *cobra.Command {
	var fl runFlags
	var profile string
	var runs int
	cmd := &cobra.Command{
		Use:   "bench [FILE]",
		Short: "Time the engine on the benchmark scenario against its floor kernel",
		Long: `Run the engine on the built-in benchmark scenario (divsim init --example
bench writes it), or on FILE, and the floor kernel (the same paths drawing
only regimes, correlated shocks and their exponentials) and print one
line: path-steps per second, nanoseconds per path-step per portfolio, peak
memory (after the first engine run, as one run of the scenario would use)
and the ratio to the floor. Summaries are included;
the workbook is not written. With --runs N the engine and the floor run
in turn N times and the line gives their medians and the median of the N
ratios, which holds still on a machine whose speed drifts, with the
lowest and highest of the ratios.`,
		Example: `  divsim bench
  divsim bench --runs 5
  divsim bench --paths 20000 --workers 1
  divsim bench --cpuprofile cpu.pprof && go tool pprof -top cpu.pprof`,
		Args: wantArgs(cobra.MaximumNArgs(1), "at most one scenario file (none: the benchmark scenario)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, opts, err := a.commandOptions(cmd, &fl)
			if err != nil {
				return err
			}
			var doc *configs.Document
			if len(args) == 1 {
				doc, err = configs.ReadFile(args[0])
			} else {
				var data []byte
				if data, err = configs.Example("bench"); err == nil {
					doc, err = configs.Decode("bench.yaml", data)
				}
			}
			if err != nil {
				return err
			}
			sc, err := configs.Resolve(doc, opts)
			if err != nil {
				return err
			}
			if runs < 1 {
				return fmt.Errorf("--runs %d: want at least 1", runs)
			}
			ctx := cmd.Context()
			stopProfile, err := startProfile(profile) // the first engine run's
			if err != nil {
				return err
			}
			var engines, floors, ratios []float64 // seconds, and their ratios
			peak := ""                            // after the first engine run: later runs add the earlier ones' garbage
			for r := range runs {
				start := time.Now()
				_, err := sim.Run(ctx, sc, sim.Options{Workers: fl.workers})
				engine := time.Since(start).Seconds()
				if r == 0 {
					peak = peakMemory()
					if perr := stopProfile(); err == nil {
						err = perr
					}
				}
				if err != nil {
					return failure{err}
				}
				start = time.Now()
				if _, err := sim.Floor(ctx, sc, fl.workers); err != nil {
					return failure{err}
				}
				floor := time.Since(start).Seconds()
				engines, floors, ratios = append(engines, engine), append(floors, floor), append(ratios, engine/floor)
			}
			engine, floor, ratio := stats.Median(engines), stats.Median(floors), stats.Median(ratios)
			s := sc.Simulation
			pathSteps := float64(s.Paths) * float64(s.Steps())
			workers := fl.workers
			if workers <= 0 {
				workers = runtime.GOMAXPROCS(0)
			}
			plural := "s"
			if workers == 1 {
				plural = ""
			}
			medians := ""
			if runs > 1 { // the runs' spread too: on a shared machine it can exceed a change's worth
				medians = fmt.Sprintf(" (medians of %d runs; the runs' ratios %.2f–%.2f×)", runs, slices.Min(ratios), slices.Max(ratios))
			}
			fmt.Fprintf(a.stdout, "%s: %s × %d steps × %d portfolios, %d worker%s, %s: %.2f M path-steps/s, %.1f ns per path-step per portfolio, peak %s; floor %.2f M path-steps/s, engine/floor %.2f×%s\n",
				doc.Name, reports.Counted(s.Paths, "path", "paths"), s.Steps(), len(sc.Portfolios), workers, plural, sim.Kernels(),
				pathSteps/engine/1e6, engine*1e9/pathSteps/float64(len(sc.Portfolios)),
				peak, pathSteps/floor/1e6, ratio, medians)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&fl.paths, "paths", 0, "number of simulated paths (overrides simulation.paths)")
	f.IntVar(&fl.workers, "workers", 0, "parallel workers (0: one per CPU)")
	f.StringVar(&profile, "cpuprofile", "", "write a CPU profile of the engine's (first) run, not the floor's, to this file, for go tool pprof")
	f.IntVar(&runs, "runs", 1, "run the engine and the floor in turn this many times and print medians")
	return cmd
}

// startProfile starts a CPU profile into path (nothing for ""); stop ends
// it and closes the file.
func startProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
