package sim

import "math/rand/v2"

// blockBootstrap draws a path's months of history in blocks: a block starts
// at a month drawn uniformly and runs through consecutive months, wrapping
// from the last month to the first (the circular block bootstrap of Politis
// and Romano), so every month is equally likely and a block's months keep
// their order, their cross-asset correlation and their short-run dependence.
//
// When regime states carry history labels, each step's months come from the
// months labelled like the step's joint state: a block starts at a month
// drawn uniformly from those, ends early when the state changes, and runs
// on through the months labelled like the state in time order, from the
// last of them to the first: the circular bootstrap over the state's
// months, so every labelled month is equally likely. (A block that ended
// at the last month of a run of labelled months instead drew a
// recession's late months, when markets recover, more often than its
// early ones.)
//
// With stationary blocks (Politis and Romano's stationary bootstrap), block
// lengths are geometric with mean block: after each month a new block starts
// with probability 1/block, so the resampled series is stationary.
//
// A rolling window (return_model historical) is one block the length of
// the path that starts at a given month instead of a drawn one (see
// window): next then draws nothing.
type blockBootstrap struct {
	months     int     // months of history
	block      int     // months per block, or the mean with stationary blocks
	stationary bool    // geometric block lengths
	members    [][]int // per joint state: its months; nil without labels
	succ       [][]int // per joint state and month of it: the state's next month in time order, its first after its last
	state      int     // the joint state of the current block (with labels)
	at         int     // the next month
	left       int     // months left in the current block; 0 starts a new one
}

// window starts the path's one block at month start, months long: the
// path replays the history from there, wrapping from the last month to
// the first.
func (b *blockBootstrap) window(start, months int) {
	b.at, b.left = start, months
}

// next returns the index of the path's next month in joint state j,
// drawing a block start from r when a new block is due.
func (b *blockBootstrap) next(r *rand.Rand, j int) int {
	switch {
	case b.members != nil:
		if b.left == 0 || j != b.state {
			ms := b.members[j]
			b.at, b.left, b.state = ms[r.IntN(len(ms))], b.block, j
		}
	case b.left == 0:
		b.at, b.left = r.IntN(b.months), b.block
	}
	if b.stationary {
		// The block ends after this month with probability 1/block; left
		// stays 1 until then, so the checks above start the next one.
		b.left = 1
		if r.Float64()*float64(b.block) >= 1 {
			b.left = 2
		}
	}
	m := b.at
	if b.succ != nil {
		b.at = b.succ[b.state][m]
	} else if b.at++; b.at == b.months {
		b.at = 0
	}
	b.left--
	return m
}

// runSuccessors returns, for the months ms (ascending) of a history of n
// months, each one's next month among ms, the first after the last (−1 for
// months not in ms): the circular bootstrap over a state's months in time
// order, every one of them equally likely. A block runs on through its
// run of labelled months into the next run; wrapped within its own run,
// a run of one month repeated it for the whole block.
func runSuccessors(ms []int, n int) []int {
	succ := make([]int, n)
	for i := range succ {
		succ[i] = -1
	}
	for i, m := range ms {
		succ[m] = ms[(i+1)%len(ms)]
	}
	return succ
}
