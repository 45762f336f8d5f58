package sim

import (
	"context"
	"iter"
	"runtime"

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
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sums := make([]float64, workers)
	eachWorker(ctx, newPlan(sc), workers, func(wi int, w *worker, paths iter.Seq[int]) {
		logs := w.floorBuffer()
		sum := 0.0
		for i := range paths {
			sum += w.floorPath(i, logs)
		}
		sums[wi] = sum
	})
	total := 0.0
	for _, s := range sums {
		total += s
	}
	return total, ctx.Err()
}

// floorBuffer returns the floor kernel's reused slice: each step's log
// returns and, with inflation, inflation's log.
func (w *worker) floorBuffer() []float64 {
	m := w.p.nAssets
	if w.p.inflation {
		m++ // one more stochastic series of the model
	}
	return padded[float64](w.p.steps * m)
}

// floorPath is the floor kernel's work on path i: its regimes, shocks and
// exponentials into logs. It returns their sum.
func (w *worker) floorPath(i int, logs []float64) float64 {
	p := w.p
	n := p.nAssets
	m := len(logs) / p.steps
	w.rng.seed(p.sc.Simulation.Seed, i)
	if p.lognormal() { // as drawMarket does: the path's normals at once
		for t := 1; t <= p.steps; t++ {
			w.states[t] = w.regime(t)
		}
		w.rng.shock.fillNorm(w.normals)
		for t := 1; t <= p.steps; t++ {
			row := logs[(t-1)*m : t*m]
			infl := w.lognormalStep(w.states[t], w.normals[(t-1)*m:t*m], row[:n])
			if p.inflation {
				row[n] = infl
			}
		}
	} else {
		for t := 1; t <= p.steps; t++ {
			j := w.regime(t)
			row := logs[(t-1)*m : t*m]
			w.logReturns(j, row[:n])
			if p.inflation {
				row[n] = w.inflationLog(j)
			}
		}
	}
	expAll(logs)
	sum := 0.0
	for _, g := range logs {
		sum += g
	}
	return sum
}
