package sim

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"

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
	paths := sc.Simulation.Paths
	out := make([]float64, paths)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	parallel(workers, workers, func(int) {
		w := newWorker(p)
		for ctx.Err() == nil {
			lo := int(next.Add(chunk)) - chunk
			if lo >= paths {
				return
			}
			for i := lo; i < min(lo+chunk, paths); i++ {
				w.market(i)
				out[i] = w.index[t]
			}
		}
	})
	return out, ctx.Err()
}
