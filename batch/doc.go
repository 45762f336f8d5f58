// Package batch builds the multi-run studies on top of the engine: sweeps
// of one sleeve's weight, comparisons across scenario files, and batches of
// many clients' scenarios at once (which files, the workbook names, each
// run's headline figures for the index).
//
// A sweep varies a resolved scenario's portfolios, never the file: every
// point is one more portfolio of the same scenario, so all points see the
// same simulated markets (common random numbers) and a point's results are
// exactly those of a plain run of the same allocation.
package batch
