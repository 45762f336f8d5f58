package sim

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/divsim/divsim/model"
)

// Options steer a run; none of them changes its results.
type Options struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is called from the workers with the number of
	// paths finished so far (monotone, at most about a hundred times).
	Progress func(done int)
}

// chunk is how many consecutive paths a worker claims at a time: large
// enough to make the shared counter cheap, small enough to balance load.
const chunk = 64

// Run simulates every path of the scenario and summarizes the results. It
// stops promptly, returning ctx.Err(), when ctx is cancelled.
func Run(ctx context.Context, sc *model.Scenario, opts Options) (*Results, error) {
	p := newPlan(sc)
	paths := sc.Simulation.Paths
	stores := make([]*store, len(sc.Portfolios))
	for b := range stores {
		stores[b] = newStore(paths, p.years)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, (paths+chunk-1)/chunk)
	var next, done atomic.Int64
	report := int64(max(1, paths/100))
	visits := make([][]int64, workers)
	// Per-state log growth is summed per fixed chunk of paths and the chunks
	// in order, so the floating-point sum does not depend on the workers.
	chunkLogs := make([][]float64, (paths+chunk-1)/chunk)
	var wg sync.WaitGroup
	for wi := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(p)
			defer func() { visits[wi] = w.visits }()
			for ctx.Err() == nil {
				lo := int(next.Add(chunk)) - chunk
				if lo >= paths {
					return
				}
				hi := min(lo+chunk, paths)
				clear(w.stateLog)
				for i := lo; i < hi; i++ {
					w.simulate(i, stores)
				}
				chunkLogs[lo/chunk] = slices.Clone(w.stateLog)
				if opts.Progress != nil {
					d := done.Add(int64(hi - lo))
					if d/report != (d-int64(hi-lo))/report || int(d) == paths {
						opts.Progress(int(d))
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	total := make([]int64, p.nStates)
	for _, v := range visits {
		for j, c := range v {
			total[j] += c
		}
	}
	stateLog := make([]float64, p.nStates*len(sc.Portfolios))
	for _, c := range chunkLogs {
		for k, v := range c {
			stateLog[k] += v
		}
	}
	return summarize(p, stores, total, stateLog), nil
}
