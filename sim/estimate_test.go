package sim

import (
	"runtime"
	"testing"
	"time"

	"github.com/divsim/divsim/model"
)

func TestEstimateTime(t *testing.T) {
	for _, tc := range []struct {
		name                       string
		paths, portfolios, workers int
		atLeast                    time.Duration
		atMost                     time.Duration
	}{
		// A million paths of the default scenario (30 years of monthly
		// steps, 6 portfolios) on one core.
		{"a million paths on one core", 1_000_000 * 360, 6, 1, time.Minute, time.Hour},
		{"no work", 0, 6, 0, estimateOverhead, estimateOverhead},
		{"one step", 1, 1, 1, estimateOverhead, estimateOverhead + time.Microsecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := estimateTime(tc.paths, tc.paths*tc.portfolios, tc.workers); got < tc.atLeast || got > tc.atMost {
				t.Errorf("estimateTime(%d, %d, %d) = %v, want %v to %v", tc.paths, tc.paths*tc.portfolios, tc.workers, got, tc.atLeast, tc.atMost)
			}
		})
	}
}

// TestEstimateTimeSharesTheMarket: a path's market is drawn once for all
// its portfolios, so fifteen portfolios take less than fifteen times one.
// On bench.yaml's market one portfolio took 128 ns a path-step on one
// core, five 232 and fifteen 445 (docs/PERFORMANCE.md, "Time estimates"):
// the estimate of each is to be between 1.5 and 2.5 times that.
func TestEstimateTimeSharesTheMarket(t *testing.T) {
	const pathSteps = 100_000_000
	for _, tc := range []struct {
		portfolios int
		measured   float64 // ns a path-step on one core
	}{{1, 128}, {5, 232}, {15, 445}} {
		got := estimateTime(pathSteps, pathSteps*tc.portfolios, 1) - estimateOverhead
		ratio := float64(got) / (pathSteps * tc.measured)
		if ratio < 1.5 || ratio > 2.5 {
			t.Errorf("%d portfolios: estimate %v, %.2f times the measured %v", tc.portfolios, got, ratio, time.Duration(pathSteps*tc.measured))
		}
	}
}

// TestEstimateTimeDividesByWorkers: more workers never make an estimate
// longer, and workers beyond the cores do not shorten it.
func TestEstimateTimeDividesByWorkers(t *testing.T) {
	const paths, work = 100_000_000, 1_000_000_000
	cores := runtime.GOMAXPROCS(0)
	if one, all := estimateTime(paths, work, 1), estimateTime(paths, work, 0); all > one || (cores > 1 && all == one) {
		t.Errorf("one worker %v, every core %v (%d cores)", one, all, cores)
	}
	if all, more := estimateTime(paths, work, 0), estimateTime(paths, work, cores+7); more != all {
		t.Errorf("every core %v, more workers than cores %v", all, more)
	}
}

// TestEstimateRunTimeCountsWhatGrows: a scenario's time estimate is the
// engine's and, beyond it, grows with the joint states, the stress tests
// and the workbook's cells (2,000 portfolios once ran 88 s against an
// estimate that knew only the engine).
func TestEstimateRunTimeCountsWhatGrows(t *testing.T) {
	base := func() *model.Scenario {
		return &model.Scenario{
			Simulation: model.Simulation{Paths: 1000, HorizonYears: 30, StepsPerYear: 12},
			Assets:     make([]model.Asset, 5),
			Portfolios: make([]model.Portfolio, 6),
			Regimes:    model.Regimes{States: make([]model.JointState, 1)},
		}
	}
	sc := base()
	pathSteps := sc.Simulation.Paths * sc.Simulation.Steps()
	engine := estimateTime(pathSteps, pathSteps*len(sc.Portfolios), 1)
	plain := EstimateRunTime([]*model.Scenario{sc}, 1)
	if plain < engine {
		t.Errorf("run %v shorter than its engine time %v", plain, engine)
	}
	grow := map[string]func(*model.Scenario){
		"joint states": func(sc *model.Scenario) { sc.Regimes.States = make([]model.JointState, 4096) },
		"stress tests": func(sc *model.Scenario) { sc.StressTests = make([]model.StressTest, 60_000) },
		"portfolios":   func(sc *model.Scenario) { sc.Portfolios = make([]model.Portfolio, 2000) },
	}
	for name, f := range grow {
		sc := base()
		f(sc)
		if got := EstimateRunTime([]*model.Scenario{sc}, 1); got <= plain+time.Second/10 {
			t.Errorf("%s: %v, not much more than %v", name, got, plain)
		}
	}
	two := EstimateRunTime([]*model.Scenario{base(), base()}, 1)
	if two <= plain {
		t.Errorf("two scenarios %v, one %v", two, plain)
	}
}
