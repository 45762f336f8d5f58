// Package sim is the Monte Carlo engine: it simulates a resolved
// model.Scenario path by path and summarizes every metric of SCENARIO.md.
//
// A path runs in three stages, each over arrays the last one filled:
//
//  1. The market (market.go), shared by every portfolio (common random
//     numbers): each step's joint regime state, correlated shocks (one
//     factor per correlation matrix, computed once in model), the assets'
//     gross returns, inflation and the price index, and each asset's
//     product of gross returns after its expense ratio within its epoch
//     (see productRange).
//  2. The holdings (holdings.go), per portfolio, year by year: at each
//     year's start the portfolio's portfolio.Schedule decides the year's
//     targets, bands and payments from the path's state then (the
//     portfolio's own value, last year's return, the price index; a
//     schedule that needs none of it, Foreseen, decides every year at the
//     path's start, and portfolios whose foreseen payments are the same
//     share one copy of them, written once a path); the steps then only compound, pay what the schedule
//     set, check bands at rebalancing dates and trade (portfolio.Layout).
//     Between rebalances a portfolio's units, and each sleeve's, over a
//     stretch of steps are one product of the assets' products and the
//     positions' units (columnSums.sum), summed in sleeve order and kept at
//     each sleeve's end, which the band rule reads. The result is the
//     portfolio's step series: returns, excess returns, values, value
//     traded, and the step it ran out of money on.
//  3. The metrics, as passes over that series: measure (accumulator.go)
//     for the figures every run reports, and the metricPasses (metric.go)
//     such as underwater.go. Per-path figures land at the path's index in
//     the portfolio's store; summaries (results.go) come after all paths.
//
// # Adding a metric
//
// underwater.go is the example. A metric touches:
//
//  1. sim: a type implementing pathMetric in a file of its own (how many
//     figures it keeps per path, how it measures one path's series, how it
//     summarizes every path's figures), listed in metricPasses, and its
//     summary's field in Portfolio (results.go). A pass reads the step
//     series and what measure derived from them, the calendar-year
//     returns (series.yearRet) and the index Π(1+r) after each step
//     (series.growth), rather than multiplying the steps again; stores,
//     shards and merging carry its columns without change.
//  2. model: its columns in Scenario.PassColumns, which the memory
//     estimate counts (TestMemoryEstimateCountsEveryPass fails until it
//     does).
//  3. reports: its JSON (json.go, and TestResultsJSONKeys' list); its
//     names, unit and value once, as a figure (figures.go): the Summary
//     (summaryColumns) and a comparison (compareMetrics) list its key and
//     take the rest from it; the console table takes its heading from it
//     and its cell from its own list (table.go, with its footnote); a
//     sweep's tables and JSON (sweep.go) and the batch index (index.go)
//     list their figures themselves, so a metric shown there is added
//     there too. Its words go in the Glossary (glossary.go) and its
//     formula in the Technical notes (technical.go).
//  4. docs/SCENARIO.md (its definition and its place in the results JSON)
//     and the README's "Reading the results".
//
// # Reproducibility
//
// Path i draws from its own two streams, one for regimes and one for
// shocks, seeded from (seed, i) by SplitMix64 (see streamSeed), so results
// are bit-identical for any number of workers and any order of work.
// Per-path results land at index i of preallocated slices and every
// summary is computed afterwards in path order. No result depends on
// whether the compiler fuses a multiply and an add: where a product feeds
// a sum the code writes float64(x*y) + z, which the Go specification
// forbids to fuse; library code that a build would fuse and whose result
// reaches the figures has an unfused copy here or in model (the sketched
// fan's bin index, fanIndex; the correlation matrices' eigen
// decomposition, model.Eigen).
//
// # Speed
//
// Business rules live in Go alone. A few numeric primitives (the
// exponential, the correlation factor's triangular multiply, the
// matrix-vector product of the holdings with its running sums, the
// metrics' shifted moments) run in small AVX kernels where the processor
// has AVX2, each beside a Go twin of the same signature that runs
// elsewhere and does the same operations in the same order
// (TestAssemblyBudget holds them to 150 lines a file, 300 in all).
// docs/PERFORMANCE.md has the figures.
package sim
