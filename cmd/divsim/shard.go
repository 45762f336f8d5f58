package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
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
	if err != nil || n < 1 {
		return sim.Shard{}, fmt.Errorf("%s: shard count %q is not a positive whole number (%s)", flag, cnt, want)
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

// readPartialFile reads a file written by run --partial.
func readPartialFile(path string) (*sim.PartialFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: cannot read: %w", path, err)
	}
	pf, err := sim.ReadPartialFile(bytes.NewReader(data), version())
	if errors.Is(err, sim.ErrNotPartialFile) {
		return nil, fmt.Errorf("%s: %w (want one written by 'divsim run --partial')", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pf, nil
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
  divsim merge part-*.divsim --out plan.xlsx --json plan.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := bindEnvironment(cmd); err != nil {
				return err
			}
			if err := notInputs([]output{{"--json", fl.json}, {"--out", fl.out}}, args...); err != nil {
				return err
			}
			sc, parts, name, err := loadPartials(args)
			if err != nil {
				return err
			}
			if fl.out != "" {
				sc.Report.File = fl.out
			}
			res, err := sim.Summarize(sc, parts...)
			if err != nil {
				return err
			}
			return a.present(cmd.Context(), sc, res, fl, name)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.out, "out", "", "workbook to write (default: the scenario's report.file)")
	f.StringVar(&fl.json, "json", "", "also write the results JSON to this file, - for standard output")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "print no messages")
	f.BoolVar(&fl.noReport, "no-report", false, "do not write the Excel workbook")
	return cmd
}

// loadPartials reads partial results files, checks they are the shards of
// one run, each once, and rebuilds that run's scenario.
func loadPartials(paths []string) (*model.Scenario, []*sim.Partial, string, error) {
	var files []*sim.PartialFile
	for _, p := range paths {
		pf, err := readPartialFile(p)
		if err != nil {
			return nil, nil, "", err
		}
		files = append(files, pf)
	}
	parts, err := sim.JoinShards(paths, files)
	if err != nil {
		return nil, nil, "", err
	}
	first := files[0]
	name := first.Name
	if name == "" {
		name = "default.yaml"
	}
	doc, err := configs.Decode(name, first.Data)
	if doc == nil {
		return nil, nil, "", err
	}
	from := "the partial results"
	opts := configs.Options{}
	if first.HistoryData != nil {
		if opts.History, err = history.Parse(first.HistoryName, first.HistoryData); err != nil {
			return nil, nil, "", err
		}
		opts.HistoryData = first.HistoryData
	}
	opts.Overrides = configs.Overrides{
		Paths:   &configs.Override[int]{Value: first.Paths, From: from},
		Horizon: &configs.Override[int]{Value: first.Horizon, From: from},
		Seed:    &configs.Override[uint64]{Value: first.Seed, From: from},
		Report:  &configs.Override[string]{Value: first.Report, From: from},
	}
	sc, err := configs.Resolve(doc, opts)
	if err != nil {
		return nil, nil, "", err
	}
	return sc, parts, first.Name, nil
}
