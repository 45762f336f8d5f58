package sim

import (
	"context"
	"errors"
	"math"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/divsim/divsim/model"
)

// TestWorkersDoNotChangeResults: the same scenario and seed give identical
// results (every field, bit for bit) with 1, 2 and 3 workers.
func TestWorkersDoNotChangeResults(t *testing.T) {
	for _, tc := range []struct {
		name  string
		paths int
	}{{"default", 1000}, {"bench", 500}} {
		t.Run(tc.name, func(t *testing.T) {
			sc := example(t, tc.name, tc.paths)
			var first *Results
			for _, workers := range []int{1, 2, 3} {
				res, err := Run(context.Background(), sc, Options{Workers: workers})
				if err != nil {
					t.Fatal(err)
				}
				if first == nil {
					first = res
				} else if !reflect.DeepEqual(res, first) {
					t.Errorf("%d workers give different results from 1", workers)
				}
			}
		})
	}
}

// TestAddingPortfolioChangesNothingElse: common random numbers mean a new
// portfolio sees the same markets and leaves the others' results alone.
func TestAddingPortfolioChangesNothingElse(t *testing.T) {
	base := example(t, "default", 500)
	before, err := Run(context.Background(), base, Options{})
	if err != nil {
		t.Fatal(err)
	}
	more := example(t, "default", 500)
	extra := more.Portfolios[0]
	extra.Name = "Extra"
	more.Portfolios = append(more.Portfolios, extra)
	after, err := Run(context.Background(), more, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for b := range before.Portfolios {
		if !reflect.DeepEqual(before.Portfolios[b], after.Portfolios[b]) {
			t.Errorf("%s changed when a portfolio was added", before.Portfolios[b].Name)
		}
	}
	// The copy of the first portfolio sees the same paths: same results.
	got, want := after.Portfolios[len(after.Portfolios)-1], before.Portfolios[0]
	if got.TerminalWealth != want.TerminalWealth {
		t.Errorf("a copy of %s gives %+v, want %+v", want.Name, got.TerminalWealth, want.TerminalWealth)
	}
}

// TestPathsIndependentOfRunSize: path i's outcome depends only on (seed, i),
// so the first N paths of a 2N-path run equal an N-path run.
func TestPathsIndependentOfRunSize(t *testing.T) {
	sc := example(t, "default", 100)
	small := simulatePaths(sc, 100, nil)
	large := simulatePaths(sc, 200, nil)
	if !slices.Equal(small[0].Terminal, large[0].Terminal[:100]) {
		t.Error("the first 100 paths differ between a 100- and a 200-path run")
	}
	if slices.Equal(large[0].Terminal[:100], large[0].Terminal[100:]) {
		t.Error("paths 100..199 repeat paths 0..99")
	}
}

// TestCancellation: a context cancelled at the first progress report (1 %
// of the paths) stops the run promptly and returns context.Canceled.
// Promptness is measured in work, not time: workers finish at most the
// chunk of paths they hold, so the run ends far short of its paths.
func TestCancellation(t *testing.T) {
	const paths = 20000
	sc := example(t, "bench", paths)
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	maxDone := 0
	_, err := Run(ctx, sc, Options{Progress: func(done int) {
		cancel()
		mu.Lock()
		maxDone = max(maxDone, done)
		mu.Unlock()
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The first report comes after 200 paths; each of the workers may then
	// finish one more chunk of 64.
	if limit := paths/100 + runtime.GOMAXPROCS(0)*chunk; maxDone > limit {
		t.Errorf("%d paths done after cancelling, want at most %d", maxDone, limit)
	}
}

// TestInvariants walks every figure of the results of several scenarios:
// finite numbers, ordered percentiles, shares in [0, 1], risk contributions
// summing to 1 and regime shares summing to 1.
func TestInvariants(t *testing.T) {
	studentT := replace(replace(regimeScenario, "START", "start: stationary"),
		"paths: 40000, seed: 11}", "paths: 2000, seed: 11, return_model: student_t, degrees_of_freedom: 5}")
	cases := map[string]*model.Scenario{
		"default":   example(t, "default", 500),
		"bench":     example(t, "bench", 300),
		"student_t": scenario(t, studentT),
	}
	for name, sc := range cases {
		t.Run(name, func(t *testing.T) {
			res, err := Run(context.Background(), sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			walkFloats(t, reflect.ValueOf(res), "results")
			sum := 0.0
			for _, s := range res.StateShare {
				sum += s
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("regime shares sum to %v", sum)
			}
			for _, p := range res.Portfolios {
				for _, d := range []Dist{p.TerminalWealth, p.TerminalWealthReal, p.AnnualizedReturn, p.AnnualizedReturnReal} {
					if !slices.IsSorted([]float64{d.P5, d.P10, d.P25, d.P50, d.P75, d.P90, d.P95}) {
						t.Errorf("%s: percentiles out of order: %+v", p.Name, d)
					}
				}
				for _, s := range []float64{p.ProbLoss, p.SuccessRate, p.MaxDrawdownP50, p.MaxDrawdownP95} {
					if s < 0 || s > 1 {
						t.Errorf("%s: share %v outside [0, 1]", p.Name, s)
					}
				}
				if p.MaxDrawdownP50 > p.MaxDrawdownP95 || p.CVaR95 < p.VaR95 {
					t.Errorf("%s: drawdown p50 %v > p95 %v or CVaR %v < VaR %v", p.Name, p.MaxDrawdownP50, p.MaxDrawdownP95, p.CVaR95, p.VaR95)
				}
				rc := 0.0
				for _, c := range p.RiskContributions {
					rc += c
				}
				if math.Abs(rc-1) > 1e-9 {
					t.Errorf("%s: risk contributions sum to %v", p.Name, rc)
				}
				for q := range p.Fan.Nominal {
					if q > 0 {
						for y := range p.Fan.Nominal[q] {
							if p.Fan.Nominal[q][y] < p.Fan.Nominal[q-1][y] {
								t.Errorf("%s: fan percentiles out of order in year %d", p.Name, y)
							}
						}
					}
				}
			}
		})
	}
}

// walkFloats fails on any NaN or infinite number reachable from v.
func walkFloats(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkFloats(t, v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			walkFloats(t, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkFloats(t, v.Index(i), path)
		}
	case reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			t.Errorf("%s is %v", path, f)
		}
	}
}

// finitePortfolio fails on any NaN or infinite figure of a portfolio's
// results except StateReturn, which is NaN, by definition, for a state no
// path visited, and PathSharpe, NaN on a path whose returns do not vary.
func finitePortfolio(t *testing.T, p Portfolio) {
	t.Helper()
	p.StateReturn, p.PathSharpe = nil, nil
	walkFloats(t, reflect.ValueOf(p), p.Name)
}

// TestSimulateAllocatesNothing: once a worker is built, simulating a path
// allocates nothing, so the hot loop makes no garbage per step.
func TestSimulateAllocatesNothing(t *testing.T) {
	for _, name := range []string{"default", "bench"} {
		sc := example(t, name, 10)
		p := newPlan(sc)
		stores := make([]*store, len(sc.Portfolios))
		for b := range stores {
			stores[b] = newStore(p, 0, 10)
		}
		w := newWorker(p)
		i := 0
		allocs := testing.AllocsPerRun(20, func() {
			w.simulate(i%10, stores)
			i++
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per path, want 0", name, allocs)
		}
	}
}
