package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/reports"
	"github.com/divsim/divsim/sim"
)

// runFlags are run's settings that override the scenario file or steer the
// run; each also reads DIVSIM_<NAME> from the environment.
type runFlags struct {
	paths    int
	seed     uint64
	horizon  int
	workers  int
	out      string
	json     string
	quiet    bool
	noReport bool
	outDir   string
	shard    string
	partial  string
	history  string
	// maxMemory and maxTime are the resource limits (--max-memory, --max-time).
	maxMemory string
	maxTime   time.Duration
}

func (a *app) runCmd() *cobra.Command {
	var fl runFlags
	cmd := &cobra.Command{
		Use:   "run [FILE...]",
		Short: "Simulate a scenario (the embedded default when FILE is omitted)",
		Long: `Simulate the portfolios of a scenario file and write the results.

Without FILE, run uses the embedded default scenario (see 'divsim init').
Flags override the file's values; each flag also reads DIVSIM_<NAME> from the
environment (DIVSIM_PATHS, DIVSIM_SEED, ...), with the flag winning.`,
		Example: `  divsim run                                  # the embedded default scenario
  divsim run plan.yaml --paths 50000 --seed 7
  DIVSIM_PATHS=2000 divsim run plan.yaml --json results.json
  divsim run clients/ --out-dir reviews/        # every client's scenario, with an index`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			from, opts, err := a.commandOptions(cmd, &fl)
			if err != nil {
				return err
			}
			ctx, cancel := limitContext(cmd.Context(), fl)
			defer cancel()
			if fl.outDir != "" {
				return a.runBatchCommand(ctx, args, opts, fl, from)
			}
			path, err := scenarioPath(args, fl)
			if err != nil {
				return err
			}
			if fl.sharded() {
				return a.runShardCommand(ctx, path, opts, fl, from)
			}
			return a.runScenario(ctx, path, opts, fl, from)
		},
	}
	f := cmd.Flags()
	f.IntVar(&fl.paths, "paths", 0, "number of simulated paths (overrides simulation.paths)")
	f.Uint64Var(&fl.seed, "seed", 0, "random `number` the paths are drawn from: the same number, the same results (overrides simulation.seed)")
	f.IntVar(&fl.horizon, "horizon", 0, "horizon in whole years (overrides simulation.horizon_years)")
	f.IntVar(&fl.workers, "workers", 0, "parallel workers (0: one per CPU); results do not depend on it")
	f.StringVar(&fl.out, "out", "", "workbook to write (overrides report.file)")
	f.StringVar(&fl.json, "json", "", "also write the results JSON to this file, - for standard output")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "show no progress")
	f.BoolVar(&fl.noReport, "no-report", false, "do not write the Excel workbook")
	f.StringVar(&fl.outDir, "out-dir", "", "run many scenario files (or folders of them): a workbook each and an index, in this folder")
	addHistoryFlag(f, &fl.history)
	addLimitFlags(f, &fl)
	f.StringVar(&fl.shard, "shard", "", "run only shard I/N of the paths (I from 0), or auto/N to read I from JOB_COMPLETION_INDEX (set by a Kubernetes indexed job); needs --partial")
	f.StringVar(&fl.partial, "partial", "", "write this shard's partial results to this file, for 'divsim merge'")
	return cmd
}

// sharded reports whether run was asked for one shard of the paths
// (--shard or --partial) rather than the whole run.
func (fl runFlags) sharded() bool { return fl.shard != "" || fl.partial != "" }

// runBatchCommand runs every scenario file in args (or in the folders
// among them) for run --out-dir, a workbook each and an index, after
// refusing the flags a batch cannot honour.
func (a *app) runBatchCommand(ctx context.Context, args []string, opts configs.Options, fl runFlags, from map[string]flagSource) error {
	dir := from["out-dir"] // --out-dir, or DIVSIM_OUT_DIR
	if err := checkBatchFlags(dir, args, opts, fl, from); err != nil {
		return err
	}
	files, skipped, err := batch.ScenarioFiles(args) // listed once, for the time check and the run
	if err != nil {
		return err
	}
	if _, set := from["max-time"]; set {
		if err := a.checkBatchTime(files, opts, fl); err != nil {
			return err
		}
	}
	return a.runBatch(ctx, files, skipped, opts, fl, dir)
}

// checkBatchFlags refuses a batch (run --out-dir, as dir names it) with no
// scenarios, or with a flag that asks for one run's outputs or for a shard.
func checkBatchFlags(dir flagSource, args []string, opts configs.Options, fl runFlags, from map[string]flagSource) error {
	if fl.sharded() {
		return fmt.Errorf("%s: a batch cannot be sharded; shard one scenario file at a time", dir)
	}
	if len(args) == 0 {
		return fmt.Errorf("%s: want scenario files or folders to run", dir)
	}
	if from["no-report"].onCommandLine() && fl.noReport {
		// A batch's work is its workbooks: it had written them anyway. (A
		// DIVSIM_NO_REPORT exported for other runs yields to --out-dir, as
		// the environment yields to every flag.)
		return fmt.Errorf("%s: a batch writes a workbook per scenario and an index, but %s writes none (want one of them)", dir, from["no-report"])
	}
	if fl.json != "" || opts.Overrides.Report != nil {
		return fmt.Errorf("%s: %s names one run's outputs; a batch writes one workbook per scenario and an index", dir, oneRunOutputFlags(from))
	}
	return nil
}

// oneRunOutputFlags names what set --json and --out, which a batch refuses:
// the environment, when the person typed neither flag, so they know to
// unset it.
func oneRunOutputFlags(from map[string]flagSource) string {
	var set []string
	for _, name := range []string{"json", "out"} {
		if src, ok := from[name]; ok {
			label := src.String()
			if !src.onCommandLine() {
				label += " (from the environment; unset it)"
			}
			set = append(set, label)
		}
	}
	if len(set) == 0 {
		return "--json or --out"
	}
	return strings.Join(set, " and ")
}

// scenarioPath is the one scenario file run (without --out-dir) was
// given, "" for the embedded default; more than one, or a folder, wants
// --out-dir.
func scenarioPath(args []string, fl runFlags) (string, error) {
	switch len(args) {
	case 0:
		return "", nil
	case 1:
		return args[0], notFolder(args[0], fl)
	}
	return "", fmt.Errorf("%d scenario files given: a batch needs --out-dir DIR for its workbooks", len(args))
}

// runScenario runs one scenario file ("" for the embedded default) and
// writes its outputs, after refusing, before any work, outputs that could
// not be written (checkOutputs).
func (a *app) runScenario(ctx context.Context, path string, opts configs.Options, fl runFlags, from map[string]flagSource) error {
	sc, err := configs.Load(path, opts)
	if err != nil {
		return err
	}
	if err := checkOutputs(runOutputs(sc, fl, from), path, fl.history); err != nil {
		return err
	}
	return a.simulate(ctx, sc, fl, runInput{path, fl.history, opts.History})
}

// notFolder refuses a folder given as run's one scenario file, saying what
// to add to run every scenario in it.
func notFolder(path string, fl runFlags) error {
	if st, err := os.Stat(path); err != nil || !st.IsDir() {
		return nil // a file, or one the scenario loader reports on
	}
	if fl.sharded() {
		return fmt.Errorf("%s: is a folder (want one scenario file: a shard runs one file)", path)
	}
	return fmt.Errorf("%s: is a folder (want --out-dir DIR to run every scenario file in it, a workbook each and an index in DIR, e.g. divsim run %s --out-dir reviews/)", path, shellQuote(path))
}

// runOutputs are the files a run writes: the results JSON and, unless
// --no-report, the workbook (named by --out or the scenario's report.file).
func runOutputs(sc *model.Scenario, fl runFlags, from map[string]flagSource) []output {
	outs := []output{flagOutput(from, "json", fl.json)}
	if !fl.noReport {
		label := "report.file"
		if src, ok := from["out"]; ok {
			label = src.String()
		} else if !sc.Report.Named { // the file names no workbook: it is named after the file
			label = "the workbook"
		}
		outs = append(outs, output{label, sc.Report.File})
	}
	return outs
}

// runShardCommand runs one shard of a scenario for run --shard/--partial,
// after refusing, before any work, outputs that could not be written
// (checkOutputs).
func (a *app) runShardCommand(ctx context.Context, path string, opts configs.Options, fl runFlags, from map[string]flagSource) error {
	if err := checkOutputs([]output{flagOutput(from, "json", fl.json), flagOutput(from, "out", fl.out), flagOutput(from, "partial", fl.partial)}, path, fl.history); err != nil {
		return err
	}
	sh, err := shardToRun(fl, opts, from)
	if err != nil {
		return err
	}
	opts.Shards = sh.Count
	name, data, err := configs.Source(path)
	if err != nil {
		return err
	}
	doc, err := configs.Decode(name, data)
	if doc == nil {
		return err
	}
	sc, err := configs.Resolve(doc, opts)
	if err != nil {
		return err
	}
	return a.runShard(ctx, path, data, opts.HistoryData, sc, fl, sh)
}

// shardToRun is the shard --shard names (the whole run, 0/1, without it),
// refusing a shard with no --partial file to write to, or with --json or
// --out, which only 'divsim merge' writes.
func shardToRun(fl runFlags, opts configs.Options, from map[string]flagSource) (sim.Shard, error) {
	sh := sim.Shard{Index: 0, Count: 1}
	if fl.shard != "" {
		var err error
		if sh, err = parseShard(from["shard"].String(), fl.shard, os.Getenv); err != nil {
			return sh, err
		}
	}
	switch {
	case fl.partial == "":
		return sh, fmt.Errorf("%s: want --partial FILE to write the shard's results to", from["shard"])
	case fl.json != "" || opts.Overrides.Report != nil:
		return sh, fmt.Errorf("%s: a shard writes partial results only; 'divsim merge' writes the workbook and JSON", from["partial"])
	}
	return sh, nil
}

// commandOptions reads a simulating command's flags and environment
// (bindEnvironment, which sets *fl from DIVSIM_* variables) and turns them
// into overrides of the scenario file; it also returns where each set flag
// came from, for messages.
func (a *app) commandOptions(cmd *cobra.Command, fl *runFlags) (map[string]flagSource, configs.Options, error) {
	from, err := bindEnvironment(cmd, a.stdout)
	if err != nil {
		return nil, configs.Options{}, err
	}
	opts, err := a.resolveOptions(*fl, from)
	return from, opts, err
}

// resolveOptions turns the flags that were set (on the command line or by
// the environment) into overrides of the scenario file.
func (a *app) resolveOptions(fl runFlags, from map[string]flagSource) (configs.Options, error) {
	opts, err := a.inputOptions(fl.maxMemory, from["max-memory"], fl.history)
	if err != nil {
		return opts, err
	}
	if err := checkMaxTime(from, fl.maxTime); err != nil {
		return opts, err
	}
	o := &opts.Overrides
	if src, ok := from["paths"]; ok {
		o.Paths = &configs.Override[int]{Value: fl.paths, From: src.String()}
	}
	if src, ok := from["seed"]; ok {
		o.Seed = &configs.Override[uint64]{Value: fl.seed, From: src.String()}
	}
	if src, ok := from["horizon"]; ok {
		o.Horizon = &configs.Override[int]{Value: fl.horizon, From: src.String()} // cuts the years past it, with a note
	}
	if src, ok := from["out"]; ok {
		o.Report = &configs.Override[string]{Value: fl.out, From: src.String()}
	}
	if src, ok := from["workers"]; ok && fl.workers < 0 {
		return opts, fmt.Errorf("%s: is %d (want 0 for one per CPU, or a positive number)", src, fl.workers)
	}
	opts.Workers = fl.workers // for the memory check: each worker has its own buffers
	if src, ok := from["json"]; ok && fl.json == "" {
		return opts, fmt.Errorf("%s: is empty (want a file name, or - for standard output)", src)
	}
	return opts, nil
}

// simulate runs the engine on a resolved scenario and writes its outputs:
// the summary table (on stdout, or stderr when the JSON goes to stdout) and
// the results JSON when asked for. Nothing is written if the run fails or
// is interrupted.
func (a *app) simulate(ctx context.Context, sc *model.Scenario, fl runFlags, in runInput) error {
	opts, prog, err := a.engineOptions(fl, sc)
	if err != nil {
		return err
	}
	res, err := sim.Run(ctx, sc, opts)
	prog.finish()
	if err != nil {
		return runFailure("run", err)
	}
	return a.present(ctx, sc, res, fl, in)
}

// runInput is what a run read besides its flags: the scenario file ("" for
// the embedded default) and the history file given with --history, with
// its table as the run read it (nil without one).
type runInput struct {
	path, historyName string
	history           *history.Table
}

// present writes a run's outputs: the summary table, the results JSON when
// asked for and the workbook unless --no-report.
func (a *app) present(ctx context.Context, sc *model.Scenario, res *sim.Results, fl runFlags, src runInput) error {
	if err := ctx.Err(); err != nil { // stopped while summarizing: write nothing
		return runFailure("run", err)
	}
	var g atomicfile.Group
	defer g.Discard()
	err := a.stage(&g, fl.json,
		func() ([]byte, error) { return reports.NewDocument(sc, res, reports.Meta{Version: version()}).Encode() },
		func(w io.Writer) error {
			if err := reports.WriteTable(w, sc, res); err != nil {
				return err
			}
			fmt.Fprintln(w)
			if err := reports.WriteRiskTable(w, sc, res); err != nil {
				return err
			}
			if len(sc.StressTests) > 0 {
				fmt.Fprintln(w)
			}
			return reports.WriteStressTable(w, sc, res)
		})
	if err != nil {
		return err
	}
	if !fl.noReport {
		// The History sheet describes the table the run read, read once.
		in := reports.WorkbookInput{Scenario: sc, Results: res, Stamp: stampNow(reproduce(sc, src.path, src.historyName)),
			History: src.history}
		f, err := reports.BuildWorkbook(ctx, in)
		if err != nil {
			return stopped(err)
		}
		defer f.Close()
		if err := g.Write(sc.Report.File, func(w io.Writer) error { _, err := f.WriteTo(w); return err }); err != nil {
			return failure{err}
		}
	}
	if err := a.commit(ctx, &g, fl.json, fl.quiet); err != nil {
		return err
	}
	if !fl.noReport {
		a.wrote(fl, sc.Report.File)
	}
	return nil
}

// reproduce is the command that gives the same workbook: the file and the
// settings that decide the results (runSettings).
func reproduce(sc *model.Scenario, path, historyName string) string {
	cmd := "divsim run"
	if path != "" {
		cmd += " " + shellQuote(path)
	}
	return cmd + runSettings(sc, historyName) + " --out " + shellQuote(sc.Report.File)
}

// runSettings are the flags that reproduce a run's results whatever the
// file or the environment says, for every command that records how to
// reproduce its workbook: the paths and the seed as run (neither applies
// to rolling windows), the horizon, and the history file given with
// --history (without it, the shipped table).
func runSettings(sc *model.Scenario, historyName string) string {
	s := sc.Simulation
	out := ""
	if s.ReturnModel != model.Historical {
		out += fmt.Sprintf(" --paths %d --seed %d", s.Paths, s.Seed)
	}
	out += fmt.Sprintf(" --horizon %d", s.HorizonYears)
	if historyName != "" {
		out += " --history " + shellQuote(historyName)
	}
	return out
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(w string) string {
	if w != "" && strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") == "" {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}
