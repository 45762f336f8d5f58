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
// Speed: where the processor has AVX2, a worker runs four consecutive paths
// side by side in vector lanes through the holdings loop, its band checks
// and rebalancing, the metrics and the fan's sketch bins (lanes.go), and
// the exponentials and correlation factor
// run four values at a time; each kernel does the plain Go code's
// operations in its order, so results do not depend on the machine or on
// the -tags purego build. docs/PERFORMANCE.md has the figures.
package sim
