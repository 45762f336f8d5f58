package sim

import (
	"github.com/divsim/divsim/model"
	"runtime"
	"testing"
	"time"
)

func TestEstimateTime(t *testing.T) {
	for _, tc := range []struct {
		name          string
		work, workers int
		atLeast       time.Duration
		atMost        time.Duration
	}{
		// A million paths of the default scenario (30 years of monthly
		// steps, 6 portfolios) on one core.
		{"a million paths on one core", 1_000_000 * 360 * 6, 1, time.Minute, time.Hour},
		{"no work", 0, 0, estimateOverhead, estimateOverhead},
		{"one step", 1, 1, estimateOverhead, estimateOverhead + time.Microsecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := EstimateTime(tc.work, tc.workers); got < tc.atLeast || got > tc.atMost {
				t.Errorf("EstimateTime(%d, %d) = %v, want %v to %v", tc.work, tc.workers, got, tc.atLeast, tc.atMost)
			}
		})
	}
}

// TestEstimateTimeDividesByWorkers: more workers never make an estimate
// longer, and workers beyond the cores do not shorten it.
func TestEstimateTimeDividesByWorkers(t *testing.T) {
	const work = 1_000_000_000
	cores := runtime.GOMAXPROCS(0)
	if one, all := EstimateTime(work, 1), EstimateTime(work, 0); all > one || (cores > 1 && all == one) {
		t.Errorf("one worker %v, every core %v (%d cores)", one, all, cores)
	}
	if all, more := EstimateTime(work, 0), EstimateTime(work, cores+7); more != all {
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
	engine := EstimateTime(sc.Simulation.Paths*sc.Simulation.Steps()*len(sc.Portfolios), 1)
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
