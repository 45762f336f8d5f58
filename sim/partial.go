package sim

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/divsim/divsim/model"
)

// partialFormat is the version of Partial's encoding and of the engine's
// draws; Summarize and ReadPartial refuse any other, since shards drawn by
// different versions would not add up to one run. 2: triangular factors
// and the engine's own exp (2026-11-25). 3: holdings as units times a
// scale, which rounds differently, and xoshiro256++ (the same day). 4:
// holdings from yearly products of returns, and metric passes' columns
// (2026-11-29). 5: partial files open with a header and a SHA-256
// checksum of their contents (issue 19). 6: a labelled bootstrap's blocks
// run on through the state's months in time order (2026-11-29, seventh
// session). 7: each portfolio's steps in each state on which it held money
// (HeldVisits), for its return there (2026-11-30).
const partialFormat = 7

// Partial is the unsummarized outcome of a range of paths [Lo, Hi): each
// path's figures, the merged tails and sketches, state visits and the
// per-chunk state log sums. Partials of adjacent ranges summarize together
// exactly as one run of all their paths would (see Summarize).
type Partial struct {
	Format int
	Paths  int    // the scenario's paths, all ranges together
	Seed   uint64 // the scenario's seed
	Lo, Hi int
	Visits []int64 // path-steps spent in each joint state
	// HeldVisits is each portfolio's path-steps in each joint state on
	// which it held money, [state*portfolios + b].
	HeldVisits []int64
	ChunkLogs  [][]float64 // per chunk of 64 paths from Lo: per-state log growth
	Stores     []*store    // per portfolio
}

// ShardsWithPaths is how many shards a run of paths splits into with
// paths in every one: shards start on chunk boundaries, so more would leave
// some with none.
func ShardsWithPaths(paths int) int { return (paths + chunk - 1) / chunk }

// ShardRange returns the paths [lo, hi) of shard i (0-based) of n: the
// scenario's chunks of 64 paths dealt out in n contiguous, nearly equal
// runs, so that shards together run every path exactly once, on the same
// streams as one run. A shard may be empty when n exceeds the chunks.
func ShardRange(paths, i, n int) (lo, hi int) {
	chunks := (paths + chunk - 1) / chunk
	lo = min(paths, i*chunks/n*chunk)
	hi = min(paths, (i+1)*chunks/n*chunk)
	return lo, hi
}

// Summarize summarizes partial results that together cover every path of
// the scenario once, in any order: a single partial from RunRange over all
// paths, or the shards of a scenario run on many machines. Means, counts,
// exact percentiles and VaR/CVaR equal a single run's to the last bit, and
// so do sketched fan percentiles (sketches merge by adding counts).
func Summarize(sc *model.Scenario, parts ...*Partial) (*Results, error) {
	p := newPlan(sc)
	parts = slices.Clone(parts)
	slices.SortFunc(parts, func(a, b *Partial) int { return a.Lo - b.Lo })
	at := 0
	for _, part := range parts {
		switch {
		case part.Format != partialFormat:
			return nil, fmt.Errorf("partial results of format %d, want %d", part.Format, partialFormat)
		case part.Paths != sc.Simulation.Paths || part.Seed != sc.Simulation.Seed:
			return nil, fmt.Errorf("partial results of paths %d–%d are from a run of %d paths with seed %d, not %d paths with seed %d",
				part.Lo, part.Hi, part.Paths, part.Seed, sc.Simulation.Paths, sc.Simulation.Seed)
		case len(part.Stores) != len(sc.Portfolios) || len(part.Visits) != p.nStates:
			return nil, fmt.Errorf("partial results of paths %d–%d do not match the scenario's portfolios and regimes", part.Lo, part.Hi)
		case part.Lo < at:
			return nil, fmt.Errorf("paths %d–%d are given twice", part.Lo, min(at, part.Hi)-1)
		case part.Lo > at:
			return nil, fmt.Errorf("paths %d–%d are missing", at, part.Lo-1)
		case part.Lo%chunk != 0:
			return nil, fmt.Errorf("partial results start at path %d, not on a chunk of %d paths", part.Lo, chunk)
		}
		if err := checkShape(p, part); err != nil {
			return nil, fmt.Errorf("partial results of paths %d–%d are damaged: %w", part.Lo, part.Hi-1, err)
		}
		at = part.Hi
	}
	if at != sc.Simulation.Paths {
		return nil, fmt.Errorf("paths %d–%d are missing", at, sc.Simulation.Paths-1)
	}
	stores := parts[0].Stores
	if len(parts) > 1 {
		stores = make([]*store, len(sc.Portfolios))
		for b := range stores {
			var err error
			if stores[b], err = concatStores(p, parts, b); err != nil {
				return nil, err
			}
		}
	}
	visits := make([]int64, p.nStates)
	stateLog := make([]float64, p.nStates*len(sc.Portfolios))
	held := make([]int64, p.nStates*len(sc.Portfolios))
	for _, part := range parts {
		for j, v := range part.Visits {
			visits[j] += v
		}
		for k, v := range part.HeldVisits {
			held[k] += v
		}
		for _, c := range part.ChunkLogs {
			for k, v := range c {
				stateLog[k] += v
			}
		}
	}
	for _, st := range stores {
		if st.Tail.Count != p.pooledReturns() {
			return nil, errors.New("partial results hold a different number of calendar-year returns than their paths imply")
		}
	}
	return summarize(p, stores, visits, held, stateLog), nil
}

// checkShape checks that a partial's contents have the sizes its range and
// the scenario imply, so that a damaged or doctored file is refused rather
// than summarized wrongly.
func checkShape(p *plan, part *Partial) error {
	n := part.Hi - part.Lo
	if n < 0 || part.Lo < 0 || part.Hi > part.Paths {
		return fmt.Errorf("range %d–%d", part.Lo, part.Hi)
	}
	var visits int64
	for _, v := range part.Visits {
		if v < 0 || v > int64(n)*int64(p.steps) {
			return errors.New("state visits")
		}
		visits += v
	}
	if visits != int64(n)*int64(p.steps) {
		return errors.New("state visits")
	}
	if len(part.HeldVisits) != p.nStates*len(p.portfolios) {
		return errors.New("held state visits")
	}
	for b := range p.portfolios { // at most the state's steps (which add up to the path-steps)
		for j, v := range part.Visits {
			if h := part.HeldVisits[j*len(p.portfolios)+b]; h < 0 || h > v {
				return errors.New("held state visits")
			}
		}
	}
	if len(part.ChunkLogs) != (n+chunk-1)/chunk {
		return errors.New("chunk count")
	}
	for _, c := range part.ChunkLogs {
		if len(c) != p.nStates*len(p.portfolios) {
			return errors.New("state sums")
		}
	}
	for b, st := range part.Stores {
		if st == nil {
			return fmt.Errorf("portfolio %d: missing", b+1)
		}
		if len(st.Depleted) != n || len(st.Passes) != passColumns(p.passes) {
			return fmt.Errorf("portfolio %d: per-path figures", b+1)
		}
		for _, col := range st.perPath() {
			if len(*col) != n {
				return fmt.Errorf("portfolio %d: per-path figures", b+1)
			}
		}
		keep := tailKeep(p.pooledReturns())
		if st.Tail == nil || st.Tail.Keep != keep || len(st.Tail.Kept) > 2*keep ||
			st.Tail.Count != int64(n)*int64(p.years) || st.Tail.DroppedN < 0 || st.Tail.DroppedN > st.Tail.Count {
			return fmt.Errorf("portfolio %d: calendar-year returns", b+1)
		}
		switch {
		case p.sketchFan && (st.Fan == nil || len(st.Fan.nominal) != p.years+1 || len(st.Fan.real) != p.years+1 ||
			slices.Contains(st.Fan.nominal, nil) || slices.Contains(st.Fan.real, nil)):
			return fmt.Errorf("portfolio %d: fan sketches", b+1)
		case !p.sketchFan && (len(st.Wealth) != n*(p.years+1) || len(st.WealthReal) != n*(p.years+1)):
			return fmt.Errorf("portfolio %d: yearly wealth", b+1)
		}
	}
	return nil
}

// concatStores joins portfolio b's stores of adjacent parts, in order.
func concatStores(p *plan, parts []*Partial, b int) (*store, error) {
	out := newStore(p, 0, 0)
	out.Tail = newLowTail(p.pooledReturns(), p.pooledReturns()) // room for all the parts' values
	for _, part := range parts {
		st := part.Stores[b]
		for i, col := range out.perPath() {
			*col = append(*col, *st.perPath()[i]...)
		}
		out.Depleted = append(out.Depleted, st.Depleted...)
		out.Tail.merge(st.Tail)
		if out.Fan != nil {
			if err := out.Fan.merge(st.Fan); err != nil {
				return nil, fmt.Errorf("partial results of paths %d–%d: fan sketches: %w", part.Lo, part.Hi-1, err)
			}
		}
	}
	if out.Fan == nil {
		// Exact fan: year-major, so interleave the parts year by year.
		for y := 0; y <= p.years; y++ {
			for _, part := range parts {
				st := part.Stores[b]
				n := st.paths()
				out.Wealth = append(out.Wealth, st.Wealth[y*n:(y+1)*n]...)
				out.WealthReal = append(out.WealthReal, st.WealthReal[y*n:(y+1)*n]...)
			}
		}
	}
	return out, nil
}

// normalize puts the tails in a canonical order, so that an encoding does
// not depend on which worker ran which paths.
func (part *Partial) normalize() {
	for _, st := range part.Stores {
		st.Tail.normalize()
	}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
