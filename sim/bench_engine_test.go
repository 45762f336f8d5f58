package sim

import (
	"context"
	"testing"
)

// BenchmarkRunBench runs the benchmark scenario (configs/examples/bench.yaml:
// 8 assets, 6 regime states, 5 portfolios, 30 years monthly) at 2,000 paths
// and reports path-steps per second.
func BenchmarkRunBench(b *testing.B) {
	sc := example(b, "bench", 2000)
	steps := float64(sc.Simulation.Paths * sc.Simulation.Steps())
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(context.Background(), sc, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(steps*float64(b.N)/b.Elapsed().Seconds(), "path-steps/s")
}

// BenchmarkPath simulates one path of the benchmark scenario on one worker;
// -benchmem shows the hot loop allocates nothing.
func BenchmarkPath(b *testing.B) {
	w, stores := benchWorker(b)
	p := w.p
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		w.simulate(i%64, stores)
		i++
		if i%64 == 0 { // as RunRange does after each chunk
			w.flushReturns(stores)
		}
	}
	b.ReportMetric(float64(p.steps*len(p.portfolios))*float64(b.N)/b.Elapsed().Seconds(), "portfolio-steps/s")
}

// benchWorker returns a worker on 64 paths of the benchmark scenario and
// stores for them.
func benchWorker(b *testing.B) (*worker, []*store) {
	sc := example(b, "bench", 64)
	p := newPlan(sc)
	stores := make([]*store, len(sc.Portfolios))
	for i := range stores {
		stores[i] = newStore(p, 0, 64)
	}
	return newWorker(p), stores
}

// BenchmarkFloor is the floor kernel on the same 2,000 paths as
// BenchmarkRunBench: their ratio is the engine's overhead over what cannot
// be avoided.
func BenchmarkFloor(b *testing.B) {
	sc := example(b, "bench", 2000)
	steps := float64(sc.Simulation.Paths * sc.Simulation.Steps())
	for b.Loop() {
		if _, err := Floor(context.Background(), sc, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(steps*float64(b.N)/b.Elapsed().Seconds(), "path-steps/s")
}
