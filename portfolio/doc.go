// Package portfolio holds the pure, allocation-free pieces of portfolio
// arithmetic: target weights built from sleeves, rebalancing policies and
// (with the engine) positions, band checks, trades, costs and flows.
//
// Everything here works on plain slices so the simulation engine can call it
// in its hot loop and tests can check it on hand-computed cases without the
// engine.
package portfolio
