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
