package sim

import "testing"

// BenchmarkParts times the pieces of one path on one worker, to show which
// part of BenchmarkPath each costs: drawing the market, holding the five
// portfolios, and measuring them.
func BenchmarkParts(b *testing.B) {
	sc := example(b, "bench", 64)
	p := newPlan(sc)
	w := newWorker(p)
	b.Run("floor", func(b *testing.B) {
		logs := w.floorBuffer()
		i := 0
		for b.Loop() {
			w.floorPath(i%64, logs)
			i++
		}
	})
	b.Run("market", func(b *testing.B) {
		i := 0
		for b.Loop() {
			w.rng.seed(sc.Simulation.Seed, i%64)
			w.drawMarket()
			i++
		}
	})
	b.Run("hold", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if i%64 == 0 {
				b.StopTimer()
				w.rng.seed(sc.Simulation.Seed, i/64%64)
				w.drawMarket()
				b.StartTimer()
			}
			for k := range w.books {
				w.hold(k)
			}
			i++
		}
	})
	b.Run("measure", func(b *testing.B) {
		yr := make([]float64, p.years)
		for b.Loop() {
			for range w.books {
				measure(&w.series, p.k, p.years, w.index[p.steps], yr)
			}
		}
	})
	b.Run("passes", func(b *testing.B) {
		// The series of the last portfolio held, measured: the passes read
		// what measure derives (run alone, the sub-benchmarks above have
		// not filled it).
		w.rng.seed(sc.Simulation.Seed, 0)
		w.drawMarket()
		w.hold(len(w.books) - 1)
		w.series.yearRet = make([]float64, p.years)
		measure(&w.series, p.k, p.years, w.index[p.steps], w.series.yearRet)
		out := make([]float64, passColumns(p.passes))
		for b.Loop() {
			for range w.books {
				for _, pass := range p.passes {
					pass.measure(&w.series, p.k, p.years, out[:pass.columns()])
				}
			}
		}
	})
}
