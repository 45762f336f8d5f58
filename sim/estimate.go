package sim

import (
	"runtime"
	"time"
)

// nanosPerPortfolioStep is the engine's cost of one path-step of one
// portfolio on one core, measured on bench.yaml (docs/PERFORMANCE.md: about
// 50 ns on two cores) with a margin; time estimates divide by the cores.
const nanosPerPortfolioStep = 110

// estimateOverhead is the fixed part of an estimate: starting the workers,
// summarizing, writing.
const estimateOverhead = 500 * time.Millisecond

// EstimateTime is the expected engine time of work portfolio-steps (paths
// times steps times portfolios, summed over the runs) on the given workers
// (0: one per core, as Options.Workers). It errs on the long side, for
// refusing work that would outlast a limit and for telling a person how
// long to wait.
func EstimateTime(work, workers int) time.Duration {
	cores := runtime.GOMAXPROCS(0)
	if workers > 0 {
		cores = min(cores, workers)
	}
	return time.Duration(float64(work)*nanosPerPortfolioStep/float64(cores)) + estimateOverhead
}
