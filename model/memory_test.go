package model

import "testing"

// TestMemoryEstimateCountsWorkers checks that each worker adds its own
// buffers to the estimate, the same for each, and more when the fan is
// sketched (its buffer of yearly wealth and its own sketches).
func TestMemoryEstimateCountsWorkers(t *testing.T) {
	sc := &Scenario{
		Simulation: Simulation{Paths: 1000, HorizonYears: 30, StepsPerYear: 12},
		Assets:     make([]Asset, 8),
		Portfolios: make([]Portfolio, 5),
	}
	one, two, four := sc.MemoryEstimate(1), sc.MemoryEstimate(2), sc.MemoryEstimate(4)
	perWorker := two - one
	// 361 steps × (8 assets + 8 series) × 8 bytes + 5 portfolios × 64 paths × 30 years × 8 bytes
	if want := uint64(361*16*8 + 5*64*30*8); perWorker != want {
		t.Errorf("a worker adds %d bytes, want %d", perWorker, want)
	}
	if four-two != 2*perWorker {
		t.Errorf("two more workers add %d bytes, want %d", four-two, 2*perWorker)
	}
	sc.Simulation.Paths = ExactFanPaths + 1
	sketched := sc.MemoryEstimate(2) - sc.MemoryEstimate(1)
	// plus, per portfolio, year and series, a 64 KiB sketch and 1,024 buffered values
	if want := perWorker + 5*2*31*(64<<10+1024*8); sketched != want {
		t.Errorf("with a sketched fan a worker adds %d bytes, want %d", sketched, want)
	}
}

// TestMemoryEstimateCountsWhatGrows: joint states (per-state sums for every
// 64 paths and portfolio), stress tests and the workbook's cells are in the
// estimate. Measured before they were: 5 chains of 10 states used 526 MB
// against an estimate of 128 MiB, 60,000 stress tests 318 MB, a workbook of
// 2,000 portfolios 362 MB against 216 MiB.
func TestMemoryEstimateCountsWhatGrows(t *testing.T) {
	base := func() *Scenario {
		return &Scenario{
			Simulation: Simulation{Paths: 10_000, HorizonYears: 30, StepsPerYear: 12},
			Assets:     make([]Asset, 5),
			Portfolios: make([]Portfolio, 6),
			Regimes:    Regimes{States: make([]JointState, 1)},
		}
	}
	plain := base().MemoryEstimate(2)
	states := base()
	states.Regimes.States = make([]JointState, 4096)
	// 157 chunks of 64 paths × 4,096 states × 6 portfolios × 8 bytes alone
	if got := states.MemoryEstimate(2) - plain; got < 157*4096*6*8 {
		t.Errorf("4,096 joint states add %d bytes, want at least %d", got, 157*4096*6*8)
	}
	stress := base()
	stress.StressTests = make([]StressTest, 60_000)
	if got := stress.MemoryEstimate(2); got < 318_000_000 {
		t.Errorf("60,000 stress tests: estimate %d bytes, measured 318 MB", got)
	}
	wide := base()
	wide.Portfolios = make([]Portfolio, 2000)
	wide.Simulation.Paths = 1000
	if got := wide.MemoryEstimate(2); got < 362_000_000 {
		t.Errorf("2,000 portfolios: estimate %d bytes, measured 362 MB", got)
	}
}
