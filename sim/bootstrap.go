package sim

import "math/rand/v2"

// blockBootstrap draws a path's months of history in blocks: a block starts
// at a month drawn uniformly from the whole history and runs through
// consecutive months, wrapping from the last month to the first (the
// circular block bootstrap of Politis and Romano), so every month is equally
// likely and a block's months keep their order, their cross-asset
// correlation and their short-run dependence.
type blockBootstrap struct {
	months int // months of history
	block  int // months per block
	at     int // the next month
	left   int // months left in the current block; 0 starts a new one
}

// next returns the index of the path's next month, drawing a block start
// from r when the current block is used up.
func (b *blockBootstrap) next(r *rand.Rand) int {
	if b.left == 0 {
		b.at = r.IntN(b.months)
		b.left = b.block
	}
	m := b.at
	b.at++
	if b.at == b.months {
		b.at = 0
	}
	b.left--
	return m
}
