package sim

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/divsim/divsim/model"
)

// Floor runs the floor kernel on the scenario: the same paths and steps,
// doing only what no simulator of this model can avoid — drawing each
// step's regime state and correlated shocks (inflation's included) and
// exponentiating them — with the engine's own generators, normal sampler,
// correlation factors, exponential and reused slices, and no portfolio,
// metric or summary work. The engine's time over the floor's is what the
// engine adds. It returns a checksum so the work is not optimized away.
func Floor(ctx context.Context, sc *model.Scenario, workers int) (float64, error) {
	p := newPlan(sc)
	paths := sc.Simulation.Paths
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	sums := make([]float64, workers)
	var wg sync.WaitGroup
	for wi := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(p)
			n, m := p.nAssets, p.nAssets
			if p.inflation {
				m++ // one more stochastic series of the model
			}
			logs := padded[float64](p.steps * m)
			sum := 0.0
			for ctx.Err() == nil {
				lo := int(next.Add(chunk)) - chunk
				if lo >= paths {
					break
				}
				for i := lo; i < min(lo+chunk, paths); i++ {
					w.rng.seed(sc.Simulation.Seed, i)
					for t := 1; t <= p.steps; t++ {
						j := w.regime(t)
						row := logs[(t-1)*m : t*m]
						w.logReturns(j, row[:n])
						if p.inflation {
							row[n] = p.infMu[j] + p.infSigma[j]*w.rng.shock.norm()
						}
					}
					expAll(logs)
					for _, g := range logs {
						sum += g
					}
				}
			}
			sums[wi] = sum
		}()
	}
	wg.Wait()
	total := 0.0
	for _, s := range sums {
		total += s
	}
	return total, ctx.Err()
}
