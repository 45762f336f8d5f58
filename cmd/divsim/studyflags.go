package main

import "github.com/spf13/pflag"

// addStudyFlags adds the flags of a study that simulates one scenario file
// (sweep, solve): the run's overrides, the JSON and workbook outputs
// (what names the study's output, e.g. "sweep", and suffix its default
// workbook's), the history, the limits, and quiet.
func addStudyFlags(f *pflag.FlagSet, fl *runFlags, what, suffix string) {
	f.IntVar(&fl.paths, "paths", 0, "number of simulated paths (overrides simulation.paths)")
	f.Uint64Var(&fl.seed, "seed", 0, "random `number` the paths are drawn from: the same number, the same results (overrides simulation.seed)")
	f.IntVar(&fl.horizon, "horizon", 0, "horizon in whole years (overrides simulation.horizon_years)")
	f.IntVar(&fl.workers, "workers", 0, "parallel workers (0: one per CPU); results do not depend on it")
	f.StringVar(&fl.json, "json", "", "also write the "+what+" JSON to this file, - for standard output")
	f.StringVar(&fl.out, "out", "", "the "+what+" workbook (default: FILE's name with "+suffix+")")
	addHistoryFlag(f, &fl.history)
	addLimitFlags(f, fl)
	f.BoolVar(&fl.noReport, "no-report", false, "do not write the workbook")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "show no progress")
}
