package sim

import "github.com/divsim/divsim/portfolio"

// hold runs portfolio b's holdings over the worker's path, year by year,
// and writes the steps into w.series. At each year's start the portfolio's
// schedule decides the year's plan (targets, bands) and its payments from
// the path's state then; each step then takes its payment (pro rata to
// holdings), applies the assets' returns after expense ratios and the fee,
// and rebalances when due and out of band. It returns the number of
// rebalances and whether the portfolio ran out of money (after which it
// holds nothing and earns 0).
//
// The positions are kept as units times a scale (see grow), and become
// positions again only to be rebalanced: a band check compares sleeves with
// the total, which the scale does not change.
func (w *worker) hold(b int) (rebalances int, depleted bool) {
	p := w.p
	pp := &p.portfolios[b]
	bk := &w.books[b]
	s := &w.series
	k := p.k
	units := bk.pos
	value := p.sc.Initial
	pp.layout.Invest(units, value)
	sum := portfolio.Value(units)
	clear(s.traded)
	s.depleted = 0
	state := portfolio.State{Value: value, Index: 1}
	for y := 1; y <= p.years; y++ {
		first, end := (y-1)*k+1, y*k
		if y > 1 {
			state = portfolio.State{Value: value, Index: w.index[first-1]}
			if pp.schedule.UsesLastReturn() {
				state.LastReturn = yearGrowth(s.ret[first-k:first]) - 1
			}
		}
		state.Year = y
		plan := pp.schedule.Decide(state, w.index[first-1:end], bk.pay[first:end+1])
		for t := first; t <= end; {
			last, scale, stop := w.grow(pp, bk, &plan, &sum, t, end, value)
			value = s.value[last]
			switch stop {
			case ranOut:
				clear(s.ret[last:])
				clear(s.excess[last:])
				clear(s.value[last:])
				s.depleted = last
				return rebalances, true
			case pathEnd:
				t = end + 1
				continue
			}
			// Due and out of band: rebalance at the end of step last; its
			// cost comes out of the step's return.
			portfolio.Scale(units, scale) // positions
			traded, cost := pp.layout.Rebalance(units, &plan, bk.scratch)
			sum = portfolio.Value(units) // units again, with scale 1
			s.traded[(last-1)/k] += traded
			rebalances++
			if cost != 0 {
				value = s.chargeCost(last, cost, bk.pay[last], w.rf[last], p.sc.Initial)
			}
			t = last + 1
		}
	}
	return rebalances, false
}

// yearGrowth is Π(1+r) over a year's returns.
func yearGrowth(ret []float64) float64 {
	g := 1.0
	for _, r := range ret {
		g *= 1 + r
	}
	return g
}

// growStop is why grow stopped.
type growStop int

const (
	outOfBand growStop = iota // at a rebalancing date, out of band
	pathEnd                   // after the last step it was given, not rebalancing
	ranOut                    // out of money
)

// grow applies steps first..end (of one year) to a portfolio worth value
// before step first, and writes each step's return, excess return and end
// value into w.series. It stops after the first rebalancing date (every
// pp.every steps from the path's start) at which the portfolio is out of
// its plan's bands, or after end, and returns that step, the units' scale
// after it and why it stopped; or the step at which the portfolio ran out
// of money. This is the engine's innermost loop, once per portfolio and
// step.
//
// A step takes the payment pro rata to holdings and then the fee, so every
// position is scaled by the same factor: the positions are scale·units,
// where the units compound at the assets' gross returns alone. With S_t the
// units' sum (*sum before step first, updated), the scale after step t is
// fee·(value + payment)/S_{t−1}, the value scale·S_t and the return
// fee·S_t/S_{t−1} − 1. On a step without a payment value = scale·S_{t−1},
// so the scale is only the last one times the fee: the scale j steps after
// the last payment is its scale then times fee^j, and the steps between
// payments wait for nothing but the unit sums (a payment can deplete the
// portfolio; returns alone cannot).
//
// Between two decisions a unit of asset a grows by the year's product of
// its gross returns (w.cum), so S_t = Σ_a V_a·cum_a(t), with V_a the units
// of asset a over cum_a at step first − 1 (1 at the year's start): one
// matrix-vector product for all of the segment's steps at once
// (dotColumns), which leaves the step loop only the scale's short chain.
// Units become positions again only at rebalancing dates, for the band
// check, and at the segment's end.
func (w *worker) grow(pp *portfolioPlan, bk *book, plan *portfolio.YearPlan, sum *float64, first, end int, value float64) (last int, scale float64, stop growStop) {
	p := w.p
	stride := p.steps + 1
	assets := pp.layout.PosAsset
	units := bk.pos[:len(assets)]
	perCum := bk.perCum[:len(assets)]
	byAsset := bk.byAsset[:p.nAssets]
	yearStart := (first-1)%p.k == 0
	clear(byAsset)
	for q, a := range assets {
		u := units[q]
		if !yearStart {
			u /= w.cum[a*stride+first-1]
		}
		perCum[q] = u
		byAsset[a] += u
	}
	every := pp.every
	due := 0 // steps to the next rebalancing date, from step first − 1; 0 for none this year
	if every > 0 {
		due = every - (first-1)%every
		if !pp.schedule.Banded() {
			end = min(end, first-1+due) // a rebalance there is certain
		}
	}
	sums := w.sums[first : end+1]
	dotColumns(sums, w.cum[first:], stride, byAsset)
	// The path's slices in locals: through w, each step would reload
	// them, since the stores below might have changed w for all the
	// compiler knows.
	pay := bk.pay[first : end+1]
	rf := w.rf[first:][:len(pay)]
	ret := w.series.ret[first:][:len(pay)]
	excess := w.series.excess[first:][:len(pay)]
	values := w.series.value[first:][:len(pay)]
	fee, feePow := pp.fee, pp.feePow
	feeOverSum := fee / *sum
	base, since := 0.0, 0 // the scale after the last payment, and the steps since
	for i, s := range sums[:len(pay)] {
		if i == 0 || pay[i] != 0 {
			start := value + pay[i]
			if start <= 0 {
				return first + i, scale, ranOut
			}
			base, since = start*feeOverSum, 0
		}
		scale = base * feePow[since]
		since++
		value = float64(scale * s)
		r := float64(s*feeOverSum) - 1
		feeOverSum = fee / s
		ret[i] = r
		excess[i] = r - rf[i]
		values[i] = value
		if due--; due == 0 {
			due = every
			t := first + i
			w.unitsAt(t, assets, perCum, units)
			if pp.layout.OutOfBand(units, s, plan) {
				*sum = s
				return t, scale, outOfBand
			}
		}
	}
	w.unitsAt(end, assets, perCum, units)
	*sum = sums[len(sums)-1]
	return end, scale, pathEnd
}

// unitsAt sets units to the positions' units at the end of step t from
// their units over their assets' year products.
func (w *worker) unitsAt(t int, assets []int, perCum, units []float64) {
	stride := w.p.steps + 1
	for q, a := range assets {
		units[q] = perCum[q] * w.cum[a*stride+t]
	}
}
