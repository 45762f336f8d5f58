// Package sim is the Monte Carlo engine: it simulates a resolved
// model.Scenario path by path and summarizes every metric of SCENARIO.md.
//
// Per step, in this order: the joint regime state (each chain from its row of
// the per-step transition matrix), correlated shocks (one factor per
// correlation matrix, computed once in model), the assets' gross returns,
// shared by every portfolio (common random numbers), then for each portfolio
// its cash flow, returns and expense ratios, fee and rebalancing if due.
//
// Reproducibility: path i draws from its own two streams, one for regimes
// and one for shocks, seeded from (seed, i) by SplitMix64 (see streamSeed),
// so results are bit-identical for any number of workers and any order of
// work. Per-path results land at index i of preallocated slices and every
// summary is computed afterwards in path order.
//
// Speed: the exponentials and the correlation factor run four values at a
// time in small assembly kernels where the processor has AVX2, each beside
// a Go twin of the same signature that runs elsewhere; they do the Go
// code's operations in its order, so results do not depend on the machine.
// docs/PERFORMANCE.md has the figures.
package sim
