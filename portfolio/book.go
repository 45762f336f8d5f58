package portfolio

import "math"

// Layout is a portfolio's structure flattened for the hot loop: one
// position per (sleeve, holding), in sleeve order. An asset held in two
// sleeves has two positions, so sleeve weights stay visible for band checks.
type Layout struct {
	Sleeves      []Sleeve
	SleeveTarget []float64 // per sleeve: its target weight
	PosSleeve    []int     // per position: its sleeve
	PosAsset     []int     // per position: its asset
	PosHolding   []float64 // per position: its weight inside the sleeve
	AssetTarget  []float64 // per asset: the portfolio's target weight
	SleeveEnd    []int     // per sleeve: one past its last position
	PosTarget    []float64 // per position: its target weight in the portfolio
	// distinct is whether every asset has at most one position, so that
	// trades can be measured position by position.
	distinct bool
}

// NewLayout flattens sleeves over nAssets assets.
func NewLayout(sleeves []Sleeve, nAssets int) Layout {
	l := Layout{Sleeves: sleeves, AssetTarget: make([]float64, nAssets)}
	for k, s := range sleeves {
		l.SleeveTarget = append(l.SleeveTarget, s.Weight)
		for _, h := range s.Holdings {
			l.PosSleeve = append(l.PosSleeve, k)
			l.PosAsset = append(l.PosAsset, h.Asset)
			l.PosHolding = append(l.PosHolding, h.Weight)
		}
		l.SleeveEnd = append(l.SleeveEnd, len(l.PosAsset))
	}
	TargetWeights(l.AssetTarget, sleeves)
	held := make(map[int]bool)
	l.distinct = true
	for p, a := range l.PosAsset {
		l.PosTarget = append(l.PosTarget, l.SleeveTarget[l.PosSleeve[p]]*l.PosHolding[p])
		l.distinct = l.distinct && !held[a]
		held[a] = true
	}
	return l
}

// Positions is the number of positions.
func (l *Layout) Positions() int { return len(l.PosAsset) }

// Scratch is reusable working memory for Rebalance, sized for one layout.
type Scratch struct {
	sleeveValue []float64
	newSleeve   []float64
	newWeight   []float64 // per position
	assetNow    []float64
	assetNew    []float64
}

// NewScratch allocates working memory for the layout, in one block with a
// cache line's worth of room on each side: scratch written at every band
// check must not share a cache line with another goroutine's memory (false
// sharing would pass the line between cores at every write).
func (l *Layout) NewScratch() *Scratch {
	const pad = 16 // float64s: 128 bytes, two cache lines
	ns, na, np := len(l.SleeveTarget), len(l.AssetTarget), len(l.PosAsset)
	buf := make([]float64, 2*ns+np+2*na+2*pad)[pad:]
	take := func(n int) []float64 {
		s := buf[:n:n]
		buf = buf[n:]
		return s
	}
	return &Scratch{sleeveValue: take(ns), newSleeve: take(ns), newWeight: take(np), assetNow: take(na), assetNew: take(na)}
}

// Invest sets positions to value at the targets (every portfolio starts at
// its targets, at no cost).
func (l *Layout) Invest(pos []float64, value float64) {
	for p := range pos {
		pos[p] = value * l.PosTarget[p]
	}
}

// Value is the sum of the positions.
func Value(pos []float64) float64 {
	v := 0.0
	for _, x := range pos {
		v += x
	}
	return v
}

// Scale multiplies every position by f: a flow taken pro rata to current
// holdings, a fee, or the engine's units by their scale.
func Scale(pos []float64, f float64) {
	for p := range pos {
		pos[p] *= f
	}
}

// sleeveValues writes each sleeve's value into s.sleeveValue and returns
// the positions' total, Value(pos), each sum added in the order of the
// positions: one pass rather than a Value per sleeve and one over all,
// whose cuts and loop set-ups cost more than the adds.
func (l *Layout) sleeveValues(pos []float64, s *Scratch) (total float64) {
	values := s.sleeveValue[:len(l.SleeveEnd)]
	p := 0
	for k, end := range l.SleeveEnd {
		v := 0.0
		for ; p < end; p++ {
			v += pos[p]
			total += pos[p]
		}
		values[k] = v
	}
	return total
}

// bandSlack absorbs rounding when a sleeve sits exactly on its band's edge
// (65/100 − 0.6 is 0.05000000000000004 in floating point): at the edge is in
// band.
const bandSlack = 1e-12

// Edge is a sleeve's band as a band_edge rebalance applies it: a weight
// above Above moves down to High, one below Below up to Low.
type Edge struct {
	Above, Below float64 // the target ± the allowed drift ± bandSlack
	High, Low    float64 // the target ± the allowed drift, Low at least 0
}

// EdgesFor returns each sleeve's Edge under pol around the given sleeve
// targets (a glide path's year), in dst's memory when it has room.
func (pol Policy) EdgesFor(targets []float64, dst []Edge) []Edge {
	dst = dst[:0]
	for _, target := range targets {
		d := pol.allowed(target)
		dst = append(dst, Edge{Above: target + d + bandSlack, Below: target - d - bandSlack,
			High: target + d, Low: math.Max(target-d, 0)})
	}
	return dst
}

// allowed returns a sleeve's tolerated drift under the policy: the tighter
// of the absolute and relative bands that are set, or +Inf with none.
func (pol Policy) allowed(target float64) float64 {
	d := math.Inf(1)
	if pol.Band > 0 {
		d = pol.Band
	}
	if pol.RelativeBand > 0 {
		d = math.Min(d, pol.RelativeBand*target)
	}
	return d
}

// Bands holds a policy's tolerated drift per sleeve of a layout (with the
// rounding slack added), computed once per portfolio rather than at every
// check; nil means no bands.
type Bands []float64

// BandsFor returns the policy's bands around the given sleeve targets (a
// glide path's year): the tighter of the absolute band and the relative
// band times the sleeve's target, plus the rounding slack; nil without
// bands.
func (pol Policy) BandsFor(targets []float64) Bands {
	if !pol.Banded() {
		return nil
	}
	b := make(Bands, len(targets))
	for k, target := range targets {
		b[k] = pol.allowed(target) + bandSlack
	}
	return b
}

// OutOfBand reports whether any sleeve's weight is off the year's target
// by more than its band, for the positions pos: SleevesOutOfBand on their
// running sum at each sleeve's end. It allocates; the engine, which has
// those sums already for a stretch of steps, calls FirstOutOfBand.
func (l *Layout) OutOfBand(pos []float64, yr *YearPlan) bool {
	running := make([]float64, len(l.SleeveEnd))
	sum, lo := 0.0, 0
	for k, hi := range l.SleeveEnd {
		for _, v := range pos[lo:hi] { // in order across sleeves, as the engine sums them
			sum += v
		}
		running[k], lo = sum, hi
	}
	return yr.SleevesOutOfBand(running, 1)
}

// SleevesOutOfBand reports whether any sleeve's weight is off the year's
// target by more than its band, from the sleeves' running sums:
// running[k·stride] is what sleeves 0 to k are worth together (their
// positions summed in order), so the last sum is the total and sleeve k is
// worth running[k·stride] − running[(k−1)·stride]. (The engine sums a
// stretch's positions in order and keeps the sums at the sleeves' ends,
// in rows stride apart.) Without bands it is true: a due step always
// rebalances. It is FirstOutOfBand at one date.
func (yr *YearPlan) SleevesOutOfBand(running []float64, stride int) bool {
	return yr.FirstOutOfBand(running, stride, 0, 1, 0) == 0
}

// FirstOutOfBand returns the first date t of first, first + every, … up
// to last at which SleevesOutOfBand(running[t:], stride) holds, or −1 when
// none does: the engine's rebalancing dates over a stretch of steps, whose
// sleeves' running sums are columns t of rows stride apart. It compares
// |value − target·total| with band·total, which needs no division. This is
// the band rule, the only copy (offBand is its comparison).
func (yr *YearPlan) FirstOutOfBand(running []float64, stride, first, every, last int) int {
	bands := yr.Bands
	if bands == nil {
		if first <= last {
			return first
		}
		return -1
	}
	// The last sleeve's running sum is the total, read already for the
	// date: its check comes after the loop over the others, with its band
	// and target in registers, and the loop loads and bounds-checks one
	// sum fewer a date.
	n := len(bands) - 1
	targets := yr.Targets[:n+1]
	lastBand, lastTarget := bands[n], targets[n]
	bands, targets = bands[:n], targets[:n]
	totalRow := n * stride
	for t := first; t <= last; t += every {
		total := running[totalRow+t]
		if total <= 0 {
			continue
		}
		before, at := 0.0, t
		for k, band := range bands {
			sum := running[at]
			if offBand(sum-before, targets[k], band, total) {
				return t
			}
			before, at = sum, at+stride
		}
		if offBand(total-before, lastTarget, lastBand, total) {
			return t
		}
	}
	return -1
}

// offBand reports whether a sleeve worth value, of a portfolio worth
// total, is off its target weight by more than its band: |value −
// target·total| > band·total, as two comparisons, exactly the same:
// math.Abs moves the value to an integer register and back, in the chain
// of the branch.
func offBand(value, target, band, total float64) bool {
	off, limit := value-float64(target*total), band*total
	return off > limit || off < -limit
}

// Rebalance trades the positions to the policy's destination and returns the
// value traded (the sum of absolute trades per asset, at the pre-cost value
// V) and the cost taken, cost_bps of it, pro rata: positions end at
// (V − cost) × the new weights. Trades are measured per asset, so moving an
// asset between two sleeves that both hold it costs nothing.
//
// to: target trades every position back to its target. to: band_edge moves
// each out-of-band sleeve to the nearest edge of its band, spreads what that
// frees or needs over the in-band sleeves in proportion to their targets,
// and resets holdings inside every sleeve to its holding weights; when no
// sleeve is in band there is nothing to spread over and it trades to target.
// It also returns the positions' sum after it, Value(pos), added up as they
// are written.
func (l *Layout) Rebalance(pos []float64, yr *YearPlan, s *Scratch) (traded, cost, sum float64) {
	bandEdge := yr.Policy.To == ToBandEdge
	var total float64
	if bandEdge {
		total = l.sleeveValues(pos, s) // the sleeves' values with it
	} else {
		total = Value(pos)
	}
	if total <= 0 {
		return 0, 0, total
	}
	weight := yr.PosTargets // each position's new weight in the portfolio
	if bandEdge {
		l.bandEdgeWeights(total, yr, s)
		weight = s.newWeight[:len(pos)]
		// The slices in locals: through l and s, each store to weight
		// would reload them.
		sleeve, newSleeve := l.PosSleeve[:len(weight)], s.newSleeve
		for p, h := range l.PosHolding[:len(weight)] {
			weight[p] = newSleeve[sleeve[p]] * h
		}
	}
	// Cut to the positions' number after the choice, so that the loops
	// below index it unchecked: cut in each branch instead (band_edge's
	// own cut is for its loop), the compiler loses the length where the
	// branches meet and checks every index.
	weight = weight[:len(pos)]
	if l.distinct { // the common case: a trade per position is a trade per asset
		for p, x := range pos {
			traded += math.Abs(float64(total*weight[p]) - x)
		}
	} else {
		clear(s.assetNow)
		clear(s.assetNew)
		for p, x := range pos {
			a := l.PosAsset[p]
			s.assetNow[a] += x
			s.assetNew[a] += float64(total * weight[p])
		}
		for a := range s.assetNow {
			traded += math.Abs(s.assetNew[a] - s.assetNow[a])
		}
	}
	cost = traded * yr.Policy.CostBps / 10000
	after := total - cost
	for p := range pos {
		x := float64(after * weight[p]) // rounded before the add: no fused multiply-add
		pos[p] = x
		sum += x
	}
	return traded, cost, sum
}

// bandEdgeWeights sets s.newSleeve to the band_edge destination: each
// out-of-band sleeve at the nearest edge of its band, and what that frees or
// needs spread over the in-band sleeves in proportion to their targets.
// When every sleeve is out (always the case with two sleeves, whose drifts
// mirror each other) the remainder, usually zero, is spread over all sleeves
// by target so the weights still sum to one; so it is when the only sleeves
// in band have zero targets (a sleeve swept to 0 %), which keep their
// weights.
func (l *Layout) bandEdgeWeights(total float64, yr *YearPlan, s *Scratch) {
	// The slices in locals, cut to the sleeves' number: through s and yr,
	// each store to newSleeve would reload them (it might have changed s
	// or yr for all the compiler knows), and each index would be checked.
	values := s.sleeveValue
	weights, targets, edges := s.newSleeve[:len(values)], yr.Targets[:len(values)], yr.Edges[:len(values)]
	freed, inBandTarget, allTarget := 0.0, 0.0, 0.0
	for k, v := range values {
		cur, target, e := v/total, targets[k], &edges[k]
		allTarget += target
		var w float64
		switch {
		case cur > e.Above:
			w = e.High
		case cur < e.Below:
			w = e.Low
		default:
			weights[k] = -1 // in band: filled below
			inBandTarget += target
			continue
		}
		weights[k] = w
		freed += cur - w
	}
	if inBandTarget <= 0 {
		// No in-band sleeve has a target to take the rest in proportion
		// to: every sleeve is out, or those in band have zero targets and
		// stay where they are.
		for k, v := range values {
			if weights[k] < 0 {
				weights[k] = v / total
			}
			weights[k] += freed * targets[k] / allTarget
		}
		return
	}
	for k, v := range values {
		if weights[k] < 0 {
			weights[k] = v/total + float64(freed*targets[k])/inBandTarget
		}
	}
}
