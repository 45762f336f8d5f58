package sim

import "github.com/divsim/divsim/portfolio"

// hold runs portfolio b's holdings over the worker's path and writes the
// steps into w.series. Each step takes the flow (pro rata to holdings),
// applies the assets' returns after expense ratios and the fee, and
// rebalances when due. It returns the number of rebalances and whether the
// portfolio ran out of money (after which it holds nothing and earns 0).
//
// The positions are kept as units times a scale (see grow), and become
// positions again only to be rebalanced: a band check compares sleeves with
// the total, which the scale does not change.
func (w *worker) hold(b int) (rebalances int, depleted bool) {
	p := w.p
	pp := &p.portfolios[b]
	s := &w.series
	units := w.books[b].pos
	value := p.sc.Initial
	pp.layout.Invest(units, value)
	sum := portfolio.Value(units)
	clear(s.traded)
	for first := 1; first <= p.steps; {
		last, scale, stop := w.grow(pp, units, &sum, first, value)
		switch stop {
		case ranOut:
			clear(s.ret[last:])
			clear(s.excess[last:])
			clear(s.value[last:])
			return rebalances, true
		case pathEnd:
			return rebalances, false
		}
		// Due and out of band: rebalance at the end of step last; its cost
		// comes out of the step's return.
		value, first = s.value[last], last+1
		portfolio.Scale(units, scale) // positions
		traded, cost := pp.layout.Rebalance(units, pp.policy, w.books[b].scratch)
		sum = portfolio.Value(units) // units again, with scale 1
		s.traded[(last-1)/p.k] += traded
		rebalances++
		if cost != 0 {
			value = s.chargeCost(last, cost, w.flow[last], w.rf[last], p.sc.Initial)
		}
	}
	return rebalances, false
}

// growStop is why grow stopped.
type growStop int

const (
	outOfBand growStop = iota // at a rebalancing date, out of band
	pathEnd                   // after the path's last step, not rebalancing
	ranOut                    // out of money
)

// grow applies steps from first on to a portfolio worth value before step
// first, and writes each step's return, excess return and end value into
// w.series. It stops after the first rebalancing date (every pp.every
// steps from the start) at which the portfolio is out of its bands, or
// after the last step, and returns that step, the units' scale after it
// and why it stopped; or the step at which the portfolio ran out of money.
// first must follow a rebalancing date or be 1. This is the engine's
// innermost loop, once per portfolio and step: band checks that pass stay
// inside it, so it runs from one rebalance to the next (when it stopped at
// every date, setting it up cost more than the quarter's three steps).
//
// A step takes the flow pro rata to holdings and then the fee, so every
// position is scaled by the same factor: the positions are scale·units,
// where the units compound at the assets' gross returns alone. With S the
// units' sum (*sum before step first, updated), the scale after step t is
// fee·(value + flow)/S_{t−1}, the value scale·S_t and the return
// fee·S_t/S_{t−1} − 1. Only the scale waits for the last step's value; the
// units, their sums and 1/S (its one division) do not, so the processor
// works on several steps at once. (Scaling each position by the flow's
// factor put a division and the sum of all positions into every step's
// chain.) The results differ from scaling the positions step by step by
// rounding only.
func (w *worker) grow(pp *portfolioPlan, units []float64, sum *float64, first int, value float64) (last int, scale float64, stop growStop) {
	n := w.p.nAssets
	assets := pp.layout.PosAsset
	units = units[:len(assets)]
	// The path's slices in locals: through w, each step would reload
	// them, since the stores below might have changed w for all the
	// compiler knows.
	flows := w.flow[first:]
	rf := w.rf[first:][:len(flows)]
	ret := w.series.ret[first:][:len(flows)]
	excess := w.series.excess[first:][:len(flows)]
	values := w.series.value[first:][:len(flows)]
	gross := w.gross[first*n:][:len(flows)*n]
	every := pp.every
	if every == 0 {
		every = len(flows) + 1 // never due
	}
	due := every // steps to the next rebalancing date
	fee := pp.fee
	s := *sum
	feeOverSum := fee / s
	for i, flow := range flows {
		start := value + flow
		if start <= 0 {
			return first + i, scale, ranOut
		}
		scale = start * feeOverSum
		g := gross[i*n : (i+1)*n]
		s = 0
		for q, a := range assets {
			u := units[q] * g[a]
			units[q] = u
			s += u
		}
		value = scale * s
		r := s*feeOverSum - 1
		feeOverSum = fee / s
		ret[i] = r
		excess[i] = r - rf[i]
		values[i] = value
		if due--; due == 0 {
			due = every
			if pp.layout.OutOfBand(units, s, pp.bands) {
				*sum = s
				return first + i, scale, outOfBand
			}
		}
	}
	*sum = s
	return first + len(flows) - 1, scale, pathEnd
}
