package sim

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"runtime/debug"
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

// After is the options of a run that follows runs of done paths in all,
// its progress counted on from theirs, for studies made of several runs.
func (o Options) After(done int) Options {
	if report := o.Progress; report != nil {
		o.Progress = func(d int) { report(done + d) }
	}
	return o
}

// chunk is how many consecutive paths a worker claims at a time: large
// enough to make the shared counter cheap, small enough to balance load.
// Shards start on chunk boundaries (see ShardRange).
const chunk = 64

// Run simulates every path of the scenario and summarizes the results. It
// stops promptly, returning ctx.Err(), when ctx is cancelled.
func Run(ctx context.Context, sc *model.Scenario, opts Options) (*Results, error) {
	part, err := RunRange(ctx, sc, 0, sc.Simulation.Paths, opts)
	if err != nil {
		return nil, err
	}
	return Summarize(sc, part)
}

// RunRange simulates paths [lo, hi) of the scenario, each on its own
// streams exactly as in a full run, and returns their unsummarized results.
// lo must be a multiple of 64 (ShardRange gives such ranges). It stops
// promptly, returning ctx.Err(), when ctx is cancelled.
func RunRange(ctx context.Context, sc *model.Scenario, lo, hi int, opts Options) (*Partial, error) {
	p := newPlan(sc)
	paths := hi - lo
	stores := make([]*store, len(sc.Portfolios))
	for b := range stores {
		stores[b] = newStore(p, lo, hi)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, (paths+chunk-1)/chunk))
	var next, done atomic.Int64
	report := int64(max(1, paths/100))
	visits, heldVisits := make([][]int64, workers), make([][]int64, workers)
	// Per-state log growth is summed per fixed chunk of paths and the chunks
	// in order, so the floating-point sum does not depend on the workers.
	chunkLogs := make([][]float64, (paths+chunk-1)/chunk)
	fan := newRunFan(p)
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var wg sync.WaitGroup
	var flushing sync.Mutex
	for wi := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { // a bug in a worker stops the run, not the process
				if r := recover(); r != nil {
					stop(&PanicError{Value: r, Stack: debug.Stack()})
				}
			}()
			w := newWorker(p)
			defer func() {
				visits[wi], heldVisits[wi] = w.visits, w.heldVisits
				flushing.Lock()
				w.flush(stores, fan)
				flushing.Unlock()
			}()
			for ctx.Err() == nil {
				first := int(next.Add(chunk)) - chunk
				if first >= paths {
					return
				}
				last := min(first+chunk, paths)
				clear(w.stateLog)
				for i := first; i < last; i++ {
					w.simulate(lo+i, stores)
				}
				chunkLogs[first/chunk] = slices.Clone(w.stateLog)
				flushing.Lock()
				w.flushReturns(stores)
				flushing.Unlock()
				if opts.Progress != nil {
					d := done.Add(int64(last - first))
					if d/report != (d-int64(last-first))/report || int(d) == paths {
						opts.Progress(int(d))
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		if pe := (*PanicError)(nil); errors.As(context.Cause(ctx), &pe) {
			return nil, pe
		}
		return nil, err
	}
	finish(stores, fan, workers)
	part := &Partial{
		Format: partialFormat, Paths: sc.Simulation.Paths, Seed: sc.Simulation.Seed,
		Lo: lo, Hi: hi, Visits: make([]int64, p.nStates), HeldVisits: make([]int64, p.nStates*len(p.portfolios)),
		ChunkLogs: chunkLogs, Stores: stores,
	}
	for wi, v := range visits {
		for j, c := range v {
			part.Visits[j] += c
		}
		for k, c := range heldVisits[wi][:len(part.HeldVisits)] {
			part.HeldVisits[k] += c
		}
	}
	return part, nil
}

// PanicError is a panic in one of the engine's workers: a bug in divsim,
// which stops the run and is reported with its stack rather than ending
// the process from a goroutine no caller can recover.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("internal error in the engine: %v, please report it with the command and this trace:\n%s", e.Value, e.Stack)
}

// newRunFan returns where a run adds up its workers' fan bins, per
// portfolio, empty until the first worker hands its own over (fresh memory
// is slow to fault in); nil when the fan is exact.
func newRunFan(p *plan) []fanBins {
	if !p.sketchFan {
		return nil
	}
	return make([]fanBins, len(p.portfolios))
}

// finish completes the stores once every worker has flushed into them: the
// run's fan bins move into the stores' sketches, each store apart from the
// others. The tails are left unsorted: the summary sorts what it needs,
// and WriteTo normalizes them for a partial file.
func finish(stores []*store, fan []fanBins, workers int) {
	if fan == nil {
		return
	}
	parallel(len(stores), workers, func(b int) { fan[b].moveTo(stores[b].Fan) })
}

// eachWorker runs body on workers goroutines (0: GOMAXPROCS), each with a
// worker of its own and the scenario's paths it claims, chunk by chunk,
// until they are all claimed or ctx ends: for the runs that draw every
// path without keeping stores (Floor, PriceIndexAt). A panic comes back
// to the caller (see parallel).
func eachWorker(ctx context.Context, p *plan, workers int, body func(wi int, w *worker, paths iter.Seq[int])) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	total := p.sc.Simulation.Paths
	var next atomic.Int64
	parallel(workers, workers, func(wi int) {
		body(wi, newWorker(p), func(yield func(int) bool) {
			for ctx.Err() == nil {
				lo := int(next.Add(chunk)) - chunk
				if lo >= total {
					return
				}
				for i := lo; i < min(lo+chunk, total); i++ {
					if !yield(i) {
						return
					}
				}
			}
		})
	})
}

// parallel calls f(0), ..., f(n−1) on up to workers goroutines and returns
// when all have returned. A panic in one is raised again in the caller's
// goroutine, as a *PanicError with the stack where it happened, where the
// caller (or the command) can recover it; in its own goroutine it would
// end the process.
func parallel(n, workers int, f func(i int)) {
	var wg sync.WaitGroup
	var once sync.Once
	var caught *PanicError
	sem := make(chan struct{}, max(1, workers))
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { caught = &PanicError{Value: r, Stack: debug.Stack()} })
				}
			}()
			f(i)
		}()
	}
	wg.Wait()
	if caught != nil {
		panic(caught)
	}
}
