package model

import "runtime"

// ExactFanPaths is the most paths for which the fan chart's yearly
// percentiles are exact. Beyond it every path's yearly wealth would cost
// more memory than the rest of the run together (62 values per path and
// portfolio over 30 years), so the percentiles come from a mergeable
// quantile sketch of relative accuracy FanSketchAccuracy instead.
const ExactFanPaths = 20_000

// FanSketchAccuracy is the relative accuracy of sketched fan percentiles:
// each is within this fraction of the value of the exact percentile.
const FanSketchAccuracy = 0.001

// FanSketched reports whether the fan chart's percentiles come from a
// quantile sketch rather than exact order statistics.
func (s Simulation) FanSketched() bool { return s.Paths > ExactFanPaths }

// perPathBytes is what exact percentiles keep per path and portfolio: 11
// per-path metrics as float64 and the depletion flag, rounded up.
const perPathBytes = 12 * 8

// PassColumns is how many figures per path and portfolio the engine's
// metric passes keep: underwater's two; a spending rule's six, its yearly
// amounts and, for a rule that acts (guardrails), its yearly actions; and
// solve's critical withdrawal's two. sim's metricPasses keeps exactly this
// (a test there holds it to that), so a new metric counts its columns here.
func (s *Scenario) PassColumns() int {
	n := 2
	if sp := s.Spending; sp != nil {
		n += 6 + s.Simulation.HorizonYears // and, for a rule that acts, its yearly actions
		if sp.Rule.Traits().Acts {
			n += s.Simulation.HorizonYears
		}
	}
	if s.CriticalWithdrawal != nil {
		n += 2
	}
	return n
}

// MemoryEstimate is an upper bound on the bytes a run of the scenario
// needs with the given number of workers (0: one per CPU). Per path and
// portfolio it keeps the per-path metrics (for exact percentiles) and, up
// to ExactFanPaths, the yearly wealth nominal and real; per portfolio, the
// lowest 5 % of calendar-year returns (for exact VaR/CVaR) and the merged
// fan sketches; while summarizing, one per-path scratch buffer per
// portfolio. Each worker holds its path's market and series, buffered
// calendar-year returns and, with a sketched fan, a buffer of yearly wealth
// and its own sketches. Measured figures are in docs/PERFORMANCE.md.
func (s *Scenario) MemoryEstimate(workers int) uint64 {
	return s.MemoryEstimateFor(s.Simulation.Paths, workers)
}

// MemoryEstimateFor is MemoryEstimate for a run of only n of the scenario's
// paths (a shard).
func (s *Scenario) MemoryEstimateFor(n, workers int) uint64 {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	paths := uint64(n)
	years := uint64(s.Simulation.HorizonYears)
	steps := uint64(s.Simulation.Steps())
	portfolios := uint64(len(s.Portfolios))
	// The runtime, the scenario and headroom: a one-path run peaks at
	// 24 MiB; 128 MiB refused every run on a machine with less free.
	const fixed = 64 << 20
	perPath := uint64(perPathBytes + 8) // metrics + summary scratch
	perPath += uint64(s.PassColumns()) * 8
	// A worker's path: its market (states, asset returns, risk-free rate,
	// inflation, index, flows) and one portfolio's series; and up to 64
	// paths' calendar-year returns per portfolio between flushes.
	perWorker := (steps+1)*(uint64(len(s.Assets))+8)*8 + portfolios*64*years*8
	fan := uint64(0)
	if s.Simulation.FanSketched() {
		// A sketch of relative accuracy 0.1 % spans at most a few thousand
		// 8-byte bins per year and series: the merged ones, and each
		// worker's own with its buffer of 1,024 paths' yearly wealth.
		const sketchBytes = 64 << 10
		fan = portfolios * 2 * (years + 1) * sketchBytes
		perWorker += portfolios * 2 * (years + 1) * (sketchBytes + 1024*8)
	} else {
		perPath += 2 * (years + 1) * 8
	}
	// The lowest 5 % of calendar-year returns, with room for as many
	// candidates again between selections.
	tail := portfolios * 2 * (paths*years/20 + 2) * 8
	// Joint states: each 64 paths' log growth per state and portfolio (kept
	// until the run ends, for the regime sheet's per-state figures), each
	// worker's own sums, and the states' parameters in the scenario and
	// the engine's plan.
	states := uint64(len(s.Regimes.States))
	assets := uint64(len(s.Assets))
	chains := uint64(len(s.Regimes.Chains))
	stateBytes := (paths+63)/64*states*portfolios*8 + states*(assets*48+chains*40+160)
	perWorker += states * (2*portfolios + 1) * 8
	// Stress tests: each one's returns per asset and per portfolio.
	stress := uint64(len(s.StressTests)) * ((assets+portfolios)*8 + 64)
	for _, st := range s.StressTests {
		if ep := st.Episode; ep != nil {
			// Its months' returns, and each portfolio's replay of them:
			// a path of the engine and the portfolio's index through it.
			months := uint64(len(ep.Returns))
			stress += months*(assets+2*portfolios)*8 + (months+1)*(assets*3+portfolios*4+8)*8
		}
	}
	return fixed + paths*portfolios*perPath + tail + fan + uint64(workers)*perWorker +
		stateBytes + stress + s.WorkbookCells()*workbookCellBytes
}

// workbookCellBytes is what the workbook library keeps per cell until the
// file is written (its cell record, value and style), with a margin.
const workbookCellBytes = 400

// WorkbookCells is an upper bound on the cells of the scenario's workbook,
// which is built in memory before it is written: per portfolio, its
// summary and risk figures, the fan chart's percentiles by year (nominal
// and real), its sleeves and one figure per joint state; per stress test,
// a return and a gain per portfolio; per joint state, its parameters.
func (s *Scenario) WorkbookCells() uint64 {
	portfolios := uint64(len(s.Portfolios))
	years := uint64(s.Simulation.HorizonYears)
	states := uint64(len(s.Regimes.States))
	sleeves := uint64(0)
	for _, p := range s.Portfolios {
		sleeves += uint64(len(p.Sleeves))
	}
	assets := uint64(len(s.Assets))
	episodes := uint64(0) // per episode, three figures and the path through its window per portfolio
	for _, st := range s.StressTests {
		if ep := st.Episode; ep != nil {
			episodes += (3 + uint64(ep.Months) + 2) * (portfolios + 1)
		}
	}
	return 2000 + portfolios*(60+12*(years+1)+states) + 4*sleeves +
		2*uint64(len(s.StressTests))*(portfolios+1) + states*(2*assets+8) + assets*assets*uint64(max(1, len(s.Correlations))) +
		episodes
}
