package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/inputfile"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/reports"
	"github.com/divsim/divsim/sim"
)

// completionIndexEnv is set by Kubernetes Indexed Jobs to the pod's index.
const completionIndexEnv = "JOB_COMPLETION_INDEX"

// parseShard reads --shard I/N (I from 0 to N−1) or auto/N, which takes I
// from JOB_COMPLETION_INDEX.
func parseShard(flag, value string, getenv func(string) string) (sim.Shard, error) {
	want := "want I/N with 0 ≤ I < N, e.g. 0/8, or auto/N to read I from " + completionIndexEnv
	idx, cnt, ok := strings.Cut(value, "/")
	if !ok {
		return sim.Shard{}, fmt.Errorf("%s: is %q (%s)", flag, value, want)
	}
	n, err := strconv.Atoi(cnt)
	if err != nil || n < 1 || n > sim.MaxShards {
		return sim.Shard{}, fmt.Errorf("%s: shard count %q is not a whole number from 1 to %d (%s)", flag, cnt, sim.MaxShards, want)
	}
	from := flag
	if idx == "auto" {
		idx = getenv(completionIndexEnv)
		if idx == "" {
			return sim.Shard{}, fmt.Errorf("%s: auto needs %s, which is not set (it is set in Kubernetes Indexed Jobs; elsewhere give the index, e.g. 0/%d)", flag, completionIndexEnv, n)
		}
		from = completionIndexEnv
	}
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 || i >= n {
		return sim.Shard{}, fmt.Errorf("%s: shard index %q is not a whole number from 0 to %d (shards count from 0, as %s does)", from, idx, n-1, completionIndexEnv)
	}
	return sim.Shard{Index: i, Count: n}, nil
}

// runShard runs one shard of the scenario and writes its partial results.
// data and historyData are the scenario file's and the history file's
// contents, which the partial file carries for merge.
func (a *app) runShard(ctx context.Context, path string, data, historyData []byte, sc *model.Scenario, fl runFlags, sh sim.Shard) error {
	if n, most := sc.Simulation.Paths, sim.ShardsWithPaths(sc.Simulation.Paths); sh.Count > most { // shards of no paths ("paths 0–-1 of 3")
		return fmt.Errorf("--shard: %d shards of a run of %s leave some with none: shards split the paths in chunks of 64 (want at most %s)",
			sh.Count, reports.Counted(n, "path", "paths"), reports.Counted(most, "shard", "shards"))
	}
	lo, hi := sim.ShardRange(sc.Simulation.Paths, sh.Index, sh.Count)
	shardSc := *sc
	shardSc.Simulation.Paths = hi - lo // for the progress display only
	opts, prog, err := a.engineOptions(fl, &shardSc)
	if err != nil {
		return err
	}
	part, err := sim.RunRange(ctx, sc, lo, hi, opts)
	prog.finish()
	if err != nil {
		return runFailure("run", err)
	}
	s := sc.Simulation
	pf := sim.PartialFile{
		Version: version(), Name: path, Data: data,
		Paths: s.Paths, Horizon: s.HorizonYears, Seed: s.Seed, Report: sc.Report.File,
		HistoryName: fl.history, HistoryData: historyData,
		Shard: sh, Part: part,
	}
	err = atomicfile.Write(fl.partial, func(w io.Writer) error { _, err := pf.WriteTo(w); return err })
	if err != nil {
		return failure{err}
	}
	if !fl.quiet {
		fmt.Fprintf(a.stderr, "divsim: wrote partial results %s (shard %d/%d: paths %d–%d of %d)\n",
			fl.partial, sh.Index, sh.Count, lo, hi-1, s.Paths)
	}
	return nil
}

// openPartialFile opens a file written by run --partial and reads its
// header, which OpenPartialFile checks; the file's size must be the one
// the header implies. Close the returned file after reading the body.
func openPartialFile(path string) (*sim.PartialReader, *os.File, error) {
	f, err := inputfile.Open(path, math.MaxInt64) // the header bounds the rest
	if err != nil {
		return nil, nil, fmt.Errorf("%s: cannot read: %w", path, err)
	}
	fail := func(err error) (*sim.PartialReader, *os.File, error) {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		return fail(fmt.Errorf("cannot read: %w", err))
	}
	pr, err := sim.OpenPartialFile(f, version())
	switch {
	case errors.Is(err, sim.ErrNotPartialFile):
		return fail(fmt.Errorf("%w (want one written by 'divsim run --partial')", err))
	case errors.Is(err, sim.ErrDamagedPartialFile):
		return fail(fmt.Errorf("%w (want the file as 'divsim run --partial' wrote it: copy it again or run its shard again)", err))
	case err != nil:
		return fail(err)
	case fi.Size() != pr.Size():
		return fail(fmt.Errorf("%w: %d bytes, its header says %d (want the file as 'divsim run --partial' wrote it: copy it again or run its shard again)",
			sim.ErrDamagedPartialFile, fi.Size(), pr.Size()))
	}
	return pr, f, nil
}

func (a *app) mergeCmd() *cobra.Command {
	var fl runFlags
	cmd := &cobra.Command{
		Use:   "merge PARTIAL...",
		Short: "Combine the partial results of a sharded run into its workbook and JSON",
		Long: `Combine the partial results written by 'divsim run FILE --shard I/N --partial OUT'
into the results one run of all the paths would give: the same table, JSON and
workbook, identical to the last digit. Every shard 0..N−1 must be given once.`,
		Example: `  divsim run plan.yaml --shard 0/3 --partial part-0.divsim   # on three machines
  divsim run plan.yaml --shard 1/3 --partial part-1.divsim
  divsim run plan.yaml --shard 2/3 --partial part-2.divsim
  divsim merge part-*.divsim --out plan.xlsx --json results.json`,
		Args: wantArgs(cobra.MinimumNArgs(1), "the partial results files to merge, every shard of one run"),
		RunE: func(cmd *cobra.Command, args []string) error {
			from, err := bindEnvironment(cmd, a.stdout)
			if err != nil {
				return err
			}
			if err := checkOutputs([]output{flagOutput(from, "json", fl.json), flagOutput(from, "out", fl.out)}, args...); err != nil {
				return err
			}
			opts, err := a.inputOptions(fl.maxMemory, from["max-memory"], "")
			if err != nil {
				return err
			}
			if err := checkMaxTime(from, fl.maxTime); err != nil {
				return err
			}
			ctx, cancel := withMaxTime(cmd.Context(), fl.maxTime)
			defer cancel()
			sc, parts, src, err := loadPartials(ctx, args, opts.MemoryLimit, cmp.Or(from["max-memory"].String(), "merge"))
			if err != nil {
				return err
			}
			if fl.out != "" {
				sc.Report.File = fl.out
			}
			// The workbook a partial file names is an output too, and the
			// scenario file the shards ran (when it is here) an input.
			if err := checkOutputs(runOutputs(sc, fl, from), append(slices.Clone(args), src.path)...); err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return runFailure("merge", err)
			}
			res, err := sim.Summarize(sc, parts...)
			if err != nil {
				return err
			}
			return a.present(ctx, sc, res, fl, src)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.out, "out", "", "workbook to write (default: the scenario's report.file)")
	f.StringVar(&fl.json, "json", "", "also write the results JSON to this file, - for standard output")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "print no messages")
	f.BoolVar(&fl.noReport, "no-report", false, "do not write the Excel workbook")
	f.StringVar(&fl.maxMemory, "max-memory", "", "memory a merge may use, e.g. 8GiB or 500MB (default: the memory available now: MemAvailable, or the cgroup's limit when lower)")
	f.DurationVar(&fl.maxTime, "max-time", defaultMaxTime, "stop merging after this long, writing nothing, e.g. 30m or 2h")
	return cmd
}

// loadPartials reads partial results files, checks they are the shards of
// one run, each once, and rebuilds that run's scenario; it stops between
// files when ctx is done. It reads every
// file's header first and refuses a merge whose estimated memory exceeds
// limit (0: no limit) before reading any body.
func loadPartials(ctx context.Context, paths []string, limit uint64, limitFlag string) (*model.Scenario, []*sim.Partial, runInput, error) {
	readers := make([]*sim.PartialReader, len(paths))
	files := make([]*os.File, len(paths))
	defer func() {
		for _, f := range files {
			if f != nil {
				f.Close()
			}
		}
	}()
	headers := make([]sim.PartialHeader, len(paths))
	for i, p := range paths {
		pr, f, err := openPartialFile(p)
		if err != nil {
			return nil, nil, runInput{}, err
		}
		readers[i], files[i], headers[i] = pr, f, pr.Header
	}
	if need := sim.MergeMemory(headers); limit > 0 && need > limit {
		return nil, nil, runInput{}, fmt.Errorf("%s: merging these %d partial files needs about %s of memory, more than the %s allowed (want a machine with more memory, or a higher --max-memory)",
			limitFlag, len(paths), configs.BytesText(need), configs.BytesText(limit))
	}
	pfs := make([]*sim.PartialFile, len(paths))
	for i, pr := range readers {
		if err := ctx.Err(); err != nil { // Ctrl-C, SIGTERM or --max-time while reading
			return nil, nil, runInput{}, runFailure("merge", err)
		}
		pf, err := pr.Read()
		if err != nil {
			return nil, nil, runInput{}, fmt.Errorf("%s: %w (want the file as 'divsim run --partial' wrote it: copy it again or run its shard again)", paths[i], err)
		}
		files[i].Close()
		pfs[i], files[i] = pf, nil
	}
	parts, err := sim.JoinShards(paths, pfs)
	if err != nil {
		return nil, nil, runInput{}, err
	}
	first := pfs[0]
	name := first.Name
	if name == "" {
		name = "default.yaml"
	}
	// Problems with the scenario a partial file carries name that file.
	inFile := func(err error) error {
		var probs *configs.Problems
		if errors.As(err, &probs) {
			probs.File = paths[0] + ": " + probs.File
		}
		return err
	}
	doc, err := configs.Decode(name, first.Data)
	if doc == nil {
		return nil, nil, runInput{}, inFile(err)
	}
	doc.BuiltIn = first.Name == "" // named as a run of no file names it, not as a file default.yaml
	// The report path a partial file names is not trusted: it goes where a
	// scenario's report.file goes, under the same rules (a file name or a
	// path inside the working folder, ending in .xlsx).
	if first.Report != "" {
		doc.File.Report.File = first.Report
	}
	from := "the partial results"
	opts := configs.Options{}
	if first.HistoryData != nil {
		if opts.History, err = history.Parse(first.HistoryName, first.HistoryData); err != nil {
			return nil, nil, runInput{}, fmt.Errorf("%s: %w", paths[0], err)
		}
		opts.HistoryData = first.HistoryData
	}
	opts.Overrides = configs.Overrides{
		Paths:   &configs.Override[int]{Value: first.Paths, From: from},
		Horizon: &configs.Override[int]{Value: first.Horizon, From: from},
		Seed:    &configs.Override[uint64]{Value: first.Seed, From: from},
	}
	sc, err := configs.Resolve(doc, opts)
	if err != nil {
		return nil, nil, runInput{}, inFile(err)
	}
	// The history the shards ran on: the History sheet describes it, and
	// the command that reproduces the workbook names it.
	return sc, parts, runInput{first.Name, first.HistoryName, opts.History}, nil
}
