package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// defaultMaxTime is how long a command may run unless --max-time says
// otherwise: a day, far beyond any plausible study on one machine, so that
// only a runaway scenario meets it.
const defaultMaxTime = 24 * time.Hour

// addLimitFlags registers --max-memory and --max-time.
func addLimitFlags(f *pflag.FlagSet, fl *runFlags) {
	f.StringVar(&fl.maxMemory, "max-memory", "", "memory a run may use, e.g. 8GiB or 500MB (default: the memory available now: MemAvailable, or the cgroup's limit when lower)")
	f.DurationVar(&fl.maxTime, "max-time", defaultMaxTime, "refuse work estimated to take longer, and stop work that does, e.g. 30m or 2h")
}

// parseSize reads a memory size: a number with an optional unit, B, KB, MB,
// GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024); K, M, G
// and T alone mean the binary units.
func parseSize(flag, s string) (uint64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.TrimSpace(t[i:])
	}
	v, err := strconv.ParseFloat(num, 64)
	mult, known := map[string]float64{
		"": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
		"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40,
		"KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40,
	}[strings.ToUpper(unit)]
	bytes := v * mult
	if err != nil || !known || !(bytes >= 1<<20) || bytes > math.MaxInt64 {
		return 0, fmt.Errorf("%s: is %q (want a size of at least 1MiB, e.g. 8GiB or 500MB)", flag, s)
	}
	return uint64(bytes), nil
}

// checkTime refuses runs estimated to take longer than --max-time (the
// engine, the joint states, the stress tests and the workbooks) and says
// how long long work should take.
func (a *app) checkTime(fl runFlags, scs ...*model.Scenario) error {
	est := sim.EstimateRunTime(scs, fl.workers)
	if fl.maxTime > 0 && est > fl.maxTime {
		return fmt.Errorf("--max-time: the run may take up to %s, more than %s (want fewer paths, years or portfolios, shards on several machines, or a larger --max-time)",
			roundDuration(est), fl.maxTime)
	}
	if est > 15*time.Second && !fl.quiet {
		fmt.Fprintf(a.stderr, "divsim: this may take up to %s\n", roundDuration(est))
	}
	return nil
}

// checkBatchTime refuses a batch estimated to take longer than --max-time
// before anything runs (exit 2, nothing written), as checkTime refuses a
// single run: the same limit gives the same exit status either way, and a
// stop at --max-time once work has started is a failed run (exit 1) for
// both. Files that do not load are left to the batch, which reports them.
func (a *app) checkBatchTime(files []string, opts configs.Options, fl runFlags) error {
	var scs []*model.Scenario
	for _, file := range files {
		if sc, err := configs.Load(file, opts); err == nil {
			scs = append(scs, sc)
		}
	}
	return a.checkTime(fl, scs...)
}

// checkMaxTime refuses a --max-time set (on the command line or in the
// environment, as from says) to no time or less, which would stop the work
// at once.
func checkMaxTime(from map[string]flagSource, maxTime time.Duration) error {
	if src, ok := from["max-time"]; ok && maxTime <= 0 {
		return fmt.Errorf("%s: is %s (want a positive duration, e.g. 30m or 2h)", src, maxTime)
	}
	return nil
}

// limitContext stops the command's work after --max-time.
func limitContext(ctx context.Context, fl runFlags) (context.Context, context.CancelFunc) {
	return withMaxTime(ctx, fl.maxTime)
}

// withMaxTime is the command's context (cancelled by Ctrl-C or SIGTERM)
// that also ends after d (none for d <= 0): every stage, reading,
// simulating, merging, calibrating and writing, stops on it.
func withMaxTime(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}

// stopped is a failed run (exit 1) for an error of a command's last
// stage: a stop by Ctrl-C, SIGTERM or --max-time is reported as such.
func stopped(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return runFailure("run", err)
	}
	return failure{err}
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d > time.Hour:
		return d.Round(time.Minute)
	case d > time.Minute:
		return d.Round(10 * time.Second)
	}
	return d.Round(time.Second)
}
