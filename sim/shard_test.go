package sim

import (
	"bytes"
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/divsim/divsim/internal/stats"
	"github.com/divsim/divsim/model"
)

// runShards runs the scenario as n shards, each through an encode/decode
// round trip as if on another machine, and summarizes them in reverse order.
func runShards(t *testing.T, sc *model.Scenario, n int) *Results {
	t.Helper()
	var parts []*Partial
	for i := range n {
		lo, hi := ShardRange(sc.Simulation.Paths, i, n)
		part, err := RunRange(context.Background(), sc, lo, hi, Options{Workers: 1 + i%2})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := (&PartialFile{Version: "test", Paths: sc.Simulation.Paths, Horizon: sc.Simulation.HorizonYears,
			Seed: sc.Simulation.Seed, Shard: Shard{i, n}, Part: part}).WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ReadPartialFile(&buf, "test")
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, back.Part)
	}
	slices.Reverse(parts)
	res, err := Summarize(sc, parts...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestShardsMergeToOneRun: N = 1, 3 and 7 shards give the same results as
// one run to the last bit, with exact fan percentiles and with sketched ones
// (sketches merge by adding counts, so they are exact under merging too).
func TestShardsMergeToOneRun(t *testing.T) {
	small := example(t, "default", 1000)
	sketched := scenario(t, `
format: 1
simulation: {horizon_years: 4, steps_per_year: 4, paths: 20100, seed: 11}
assets:
  - {id: stocks, expected_return: 0.07, volatility: 0.18}
  - {id: bonds, expected_return: 0.035, volatility: 0.06}
correlations: {base: [[1, 0.2], [0.2, 1]]}
cashflows: {initial: 100000}
portfolios:
  - {name: Mix, rebalance: {every: year}, sleeves: [{name: S, weight: 1, holdings: {stocks: 0.6, bonds: 0.4}}]}
  - {name: Bonds, sleeves: [{name: B, weight: 1, holdings: {bonds: 1}}]}
`)
	for _, sc := range []*model.Scenario{small, sketched} {
		one, err := Run(context.Background(), sc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := one.Portfolios[0].Fan.Sketched, sc.Simulation.FanSketched(); got != want {
			t.Fatalf("%d paths: fan sketched %v, want %v", sc.Simulation.Paths, got, want)
		}
		for _, n := range []int{1, 3, 7} {
			if got := runShards(t, sc, n); !reflect.DeepEqual(got, one) {
				t.Errorf("%d paths in %d shards: results differ from one run", sc.Simulation.Paths, n)
			}
		}
	}
}

// TestSketchedFanAccuracy: a sketched fan's first year is the initial
// amount and its last the exact percentiles of terminal wealth, as the
// summaries report them (from the sketch they were $999,815 of $1,000,000
// and a median 0.2 % off the Summary's); the years between are the
// sketch's, each within its relative accuracy of the wealth at the
// percentile's rank, here checked for the middle year against a run of the
// same paths with every path's wealth kept.
func TestSketchedFanAccuracy(t *testing.T) {
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 2, paths: 20500, seed: 5}
assets: [{id: a, expected_return: 0.07, volatility: 0.2}]
cashflows: {initial: 1000}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}]
`)
	p := newPlan(sc)
	stores := simulatePaths(sc, sc.Simulation.Paths, nil)
	res := summarize(p, stores, make([]int64, p.nStates), make([]int64, p.nStates), make([]float64, p.nStates))
	pf := res.Portfolios[0]
	if !pf.Fan.Sketched {
		t.Fatal("fan not sketched above model.ExactFanPaths")
	}
	sorted := slices.Sorted(slices.Values(stores[0].Terminal))
	// Year 1 of every path: a two-year run's first year is the same path's
	// one-year run (the same streams, no flows).
	one := *sc
	one.Simulation.HorizonYears = 1
	first := slices.Sorted(slices.Values(simulatePaths(&one, one.Simulation.Paths, nil)[0].Terminal))
	for q, pct := range pf.Fan.Percentiles {
		if got := pf.Fan.Nominal[q][0]; got != 1000 {
			t.Errorf("p%v at the start: %v, want the initial 1000", pct, got)
		}
		if got, want := pf.Fan.Nominal[q][2], stats.Percentile(sorted, pct); got != want {
			t.Errorf("p%v at the horizon: %v, want the exact %v", pct, got, want)
		}
		h := int(float64(len(first)-1) * pct / 100) // the rank the sketch reads
		if got, at := pf.Fan.Nominal[q][1], first[h]; math.Abs(got-at) > model.FanSketchAccuracy*at {
			t.Errorf("p%v in year 1: sketched %v, the path at its rank %v, want within %v", pct, got, at, model.FanSketchAccuracy*at)
		}
	}
}

// TestSummarizeRefusesBadShards: missing, repeated or foreign shards are
// refused with a message saying which paths.
func TestSummarizeRefusesBadShards(t *testing.T) {
	sc := example(t, "default", 500)
	shard := func(sc *model.Scenario, i, n int) *Partial {
		lo, hi := ShardRange(sc.Simulation.Paths, i, n)
		part, err := RunRange(context.Background(), sc, lo, hi, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return part
	}
	other := example(t, "default", 500)
	other.Simulation.Seed++
	a, b, c := shard(sc, 0, 3), shard(sc, 1, 3), shard(sc, 2, 3)
	damaged := *b
	damaged.Stores = slices.Clone(b.Stores)
	short := *b.Stores[1]
	short.Terminal = short.Terminal[:10]
	damaged.Stores[1] = &short
	overHeld := *b // a portfolio holding money on more of a state's steps than the state had
	overHeld.HeldVisits = slices.Clone(b.HeldVisits)
	overHeld.HeldVisits[0] = b.Visits[0] + 1
	for _, tc := range []struct {
		name  string
		parts []*Partial
		want  string
	}{
		{"missing middle", []*Partial{a, c}, "paths 128–319 are missing"},
		{"missing end", []*Partial{a, b}, "paths 320–499 are missing"},
		{"twice", []*Partial{a, b, b, c}, "paths 128–319 are given twice"},
		{"other seed", []*Partial{a, shard(other, 1, 3), c}, "from a run of 500 paths with seed"},
		{"damaged", []*Partial{a, &damaged, c}, "paths 128–319 are damaged: portfolio 2: per-path figures"},
		{"held visits", []*Partial{a, &overHeld, c}, "paths 128–319 are damaged: held state visits"},
	} {
		_, err := Summarize(sc, tc.parts...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestShardRange: shards start on chunk boundaries and cover every path once.
func TestShardRange(t *testing.T) {
	for _, paths := range []int{1, 63, 64, 65, 500, 100_000} {
		for _, n := range []int{1, 2, 3, 7, 64} {
			at := 0
			for i := range n {
				lo, hi := ShardRange(paths, i, n)
				if lo != at || hi < lo || lo%chunk != 0 && lo != paths {
					t.Fatalf("%d paths, shard %d/%d: [%d, %d) after %d", paths, i, n, lo, hi, at)
				}
				at = hi
			}
			if at != paths {
				t.Errorf("%d paths in %d shards end at %d", paths, n, at)
			}
		}
	}
}

// TestPartialFilesDoNotDependOnWorkers: a shard's partial file is the same
// byte for byte whether one worker or three ran its paths, though workers
// hand their tails' candidates over in a different order.
func TestPartialFilesDoNotDependOnWorkers(t *testing.T) {
	sc := example(t, "default", 1000)
	lo, hi := ShardRange(sc.Simulation.Paths, 1, 3)
	var files [2][]byte
	for i, workers := range []int{1, 3} {
		part, err := RunRange(context.Background(), sc, lo, hi, Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := (&PartialFile{Version: "test", Shard: Shard{1, 3}, Part: part}).WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		files[i] = buf.Bytes()
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("the partial file differs between one worker and three")
	}
}

// TestWorkerPanicIsAnError: a panic in an engine worker (here the progress
// callback, which workers call) stops the run and comes back as a
// *PanicError with its stack, instead of ending the process from a
// goroutine no caller can recover.
func TestWorkerPanicIsAnError(t *testing.T) {
	sc := example(t, "default", 500)
	_, err := RunRange(context.Background(), sc, 0, 500, Options{Workers: 2, Progress: func(int) { panic("boom") }})
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "boom" || !strings.Contains(err.Error(), "please report") || len(pe.Stack) == 0 {
		t.Fatalf("err = %v, want a PanicError for boom with its stack", err)
	}
}

// TestParallelRaisesPanicsInTheCaller: a panic in one of parallel's
// goroutines comes back in the caller's, as a *PanicError, where the
// command's guard recovers it, instead of ending the process.
func TestParallelRaisesPanicsInTheCaller(t *testing.T) {
	defer func() {
		pe, ok := recover().(*PanicError)
		if !ok || pe.Value != "boom 3" || len(pe.Stack) == 0 {
			t.Errorf("recovered %v, want the PanicError of boom 3", pe)
		}
	}()
	parallel(5, 2, func(i int) {
		if i == 3 {
			panic("boom 3")
		}
	})
	t.Error("parallel returned normally")
}

// TestSpendingSameAcrossWorkersAndShards: with a spending rule and a glide
// path (the retirement example), results are the same to the last bit on
// one worker or three and in one run or three shards.
func TestSpendingSameAcrossWorkersAndShards(t *testing.T) {
	sc := example(t, "retirement", 600)
	one, err := Run(context.Background(), sc, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if one.Portfolios[0].Spending == nil || len(sc.Portfolios[2].GlidePath) == 0 {
		t.Fatal("the retirement example has no spending rule or glide path: the test tests nothing")
	}
	three, err := Run(context.Background(), sc, Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, three) {
		t.Error("1 and 3 workers differ")
	}
	if got := runShards(t, sc, 3); !reflect.DeepEqual(got, one) {
		t.Error("3 shards differ from one run")
	}
}
