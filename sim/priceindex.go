package sim

import (
	"context"
	"fmt"
	"iter"

	"github.com/divsim/divsim/model"
)

// PriceIndexAt is every path's price index at the end of step t (1 at
// t = 0), in path order: the inflation Run draws on the same paths, for
// figures that need a path's money of a later year in today's money
// without a portfolio run (divsim solve's first year of a rule that starts
// late). It draws only the markets.
func PriceIndexAt(ctx context.Context, sc *model.Scenario, t int, opts Options) ([]float64, error) {
	p := newPlan(sc)
	if t < 0 || t > p.steps {
		return nil, fmt.Errorf("sim: price index at step %d of a %d-step path", t, p.steps)
	}
	out := make([]float64, sc.Simulation.Paths)
	eachWorker(ctx, p, opts.Workers, func(_ int, w *worker, paths iter.Seq[int]) {
		for i := range paths {
			w.market(i)
			out[i] = w.index[t]
		}
	})
	return out, ctx.Err()
}
