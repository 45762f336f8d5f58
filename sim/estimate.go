package sim

import (
	"runtime"
	"time"

	"github.com/divsim/divsim/model"
)

// The engine's cost on one core, measured on bench.yaml's market (eight
// assets, six joint states) with one, five and fifteen portfolios
// (docs/PERFORMANCE.md, "Time estimates"): about 105 ns a path-step for the
// market and what every run does once a path, and 23 ns more for each
// portfolio's path-step; each doubled, so that estimates err on the long
// side on a busy machine. A path's market is drawn once for all its
// portfolios, so a cost per portfolio alone overstated runs of many
// portfolios (a solve's copies) and understated runs of one.
const (
	nanosPerPathStep      = 210
	nanosPerPortfolioStep = 50
)

// estimateOverhead is the fixed part of an estimate: starting the workers,
// summarizing, writing.
const estimateOverhead = 500 * time.Millisecond

// estimateTime is the expected engine time of pathSteps path-steps
// holding portfolioSteps portfolio-steps (paths times steps, and times
// portfolios, summed over the runs) on the given workers (0: one per core,
// as Options.Workers). It errs on the long side, for refusing work that
// would outlast a limit and for telling a person how long to wait.
func estimateTime(pathSteps, portfolioSteps, workers int) time.Duration {
	cores := runtime.GOMAXPROCS(0)
	if workers > 0 {
		cores = min(cores, workers)
	}
	// In whole nanoseconds: integers have no fused multiply-add to differ
	// by machine.
	nanos := uint64(pathSteps)*nanosPerPathStep + uint64(portfolioSteps)*nanosPerPortfolioStep
	return time.Duration(nanos/uint64(cores)) + estimateOverhead
}

// Costs beyond the engine's path-steps, measured with a margin like
// nanosPerPortfolioStep: keeping one joint state's sum for 64 paths and a
// portfolio; building and checking one joint state; one stress test's
// return per asset and portfolio; building and writing one workbook cell
// (the workbook library is single-threaded).
const (
	nanosPerStateSum   = 4
	nanosPerJointState = 4000
	nanosPerStressTerm = 5
	nanosPerCell       = 3000
)

// EstimateRunTime is the expected time of runs of the scenarios, each with
// its workbook, on the given workers (0: one per core): the engine's
// path-steps and portfolio-steps as estimateTime, and the per-state sums of every 64 paths,
// the joint states, the stress tests and the workbook's cells, which the
// engine's figure leaves out and which grow without more paths. It errs
// on the long side.
func EstimateRunTime(scs []*model.Scenario, workers int) time.Duration {
	cores := runtime.GOMAXPROCS(0)
	if workers > 0 {
		cores = min(cores, workers)
	}
	// In whole nanoseconds: integers have no fused multiply-add to differ
	// by machine.
	pathSteps, portfolioSteps, parallel, serial := 0, 0, uint64(0), uint64(0)
	for _, sc := range scs {
		s := sc.Simulation
		portfolios := uint64(len(sc.Portfolios))
		states := uint64(len(sc.Regimes.States))
		pathSteps += s.Paths * s.Steps()
		portfolioSteps += s.Paths * s.Steps() * len(sc.Portfolios)
		parallel += (uint64(s.Paths)/64 + 1 + uint64(cores)) * states * portfolios * nanosPerStateSum
		serial += states*nanosPerJointState +
			uint64(len(sc.StressTests))*portfolios*uint64(len(sc.Assets))*nanosPerStressTerm +
			sc.WorkbookCells()*nanosPerCell
	}
	return estimateTime(pathSteps, portfolioSteps, workers) + time.Duration(parallel/uint64(cores)+serial)
}
