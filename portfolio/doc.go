// Package portfolio holds the rules of portfolio arithmetic, each once:
// target weights built from sleeves, rebalancing policies, band checks,
// trades and costs on the engine's positions, and each portfolio's yearly
// Schedule (the year's targets, bands, glide path and payments, with the
// spending rules) decided from the path's state at the year's start.
//
// The rules work on plain slices and are pure: the functions the engine
// calls in its step loop allocate nothing (a Schedule is built once per
// portfolio, before the paths), and tests check each rule on hand-computed
// cases without the engine.
package portfolio
