package sim

import "github.com/divsim/divsim/portfolio"

// hold runs portfolio b's holdings over the worker's path, year by year,
// and writes the steps into w.series. At each year's start the portfolio's
// schedule decides the year's plan (targets, bands) and its payments from
// the path's state then (a foreseen schedule, which needs none of it,
// decides every year at the path's start); each step then takes its
// payment (pro rata to holdings), applies the assets' returns after expense
// ratios and the fee, and rebalances when due and out of band. It returns the number of
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
	clear(s.spent)
	clear(s.guard)
	s.pay = bk.pay
	s.depleted, s.planned = 0, false
	bk.stretchEnd = 0 // no stretch of sleeve values yet
	state := portfolio.State{Value: value, Index: 1}
	var mem portfolio.SpendMemory // the spending rule's memory of this path
	scale := 1.0                  // the units' scale after the last step run
	for y := 1; y <= p.years; {
		first := (y-1)*k + 1
		if y > 1 && pp.schedule.Changes(y) {
			// A glide path's new targets take effect at the last step of
			// year y − 1: the portfolio trades to them there, whatever the
			// bands, and the cost comes out of that step's return.
			t := first - 1
			if bk.stretchEnd != 0 {
				w.positionsAt(t, pp.columns, bk.perCum, scale, units)
			} // else no stretch since the last trade: the units are the positions (scale 1)
			traded, cost, newSum := pp.layout.Rebalance(units, pp.schedule.GlideTrade(y), bk.scratch)
			sum, scale, bk.stretchEnd = newSum, 1, 0
			s.traded[(t-1)/k] += traded
			rebalances++
			if cost != 0 {
				value = s.chargeCost(t, cost, bk.pay[t], p.sc.Initial)
			}
		}
		// The years decided now: this one, or every one when the schedule
		// foresees them (no spending rule, the same targets every year),
		// since their payments then need nothing that the steps change:
		// they are written once a path for every portfolio that pays the
		// same (paysAs), and nothing is spent or guarded.
		lastYear := y
		var plan *portfolio.YearPlan
		if pp.schedule.Foreseen() {
			lastYear, plan = p.years, pp.schedule.Plan(y)
			if !w.paid[pp.paysAs] {
				pp.schedule.ForeseenPayments(w.index, bk.pay)
				w.paid[pp.paysAs] = true
			}
		} else {
			if y > 1 {
				state = portfolio.State{Value: value, Index: w.index[first-1]}
				if pp.schedule.UsesLastReturn() {
					state.LastReturn = yearGrowth(s.ret[first-k:first]) - 1
				}
			}
			state.Year = y
			var withdrawal float64
			plan, withdrawal = pp.schedule.Decide(state, &mem, w.index[first-1:y*k], bk.pay[first:y*k+1])
			s.spent[y-1] = withdrawal // what it pays unless it runs out of money
			s.guard[y-1] = float64(mem.Guard)
		}
		end := lastYear * k
		y = lastYear + 1
		// A glide path's trade at the year's end replaces that date's band
		// check (see above).
		glideAtEnd := lastYear < p.years && pp.schedule.Changes(lastYear+1)
		for t := first; t <= end; {
			last, lastScale, lastSum, stop := w.grow(pp, bk, plan, sum, t, end, value, glideAtEnd)
			value, scale, sum = s.value[last], lastScale, lastSum
			switch stop {
			case ranOut:
				w.spentUntil(pp, bk, last, s.spent[(last-1)/k])
				clear(s.ret[last:])
				clear(s.value[last:])
				counts := pp.schedule.CountsAsDepleted((last-1)/k + 1)
				s.depleted, s.planned = last, !counts
				return rebalances, counts
			case pathEnd:
				t = last + 1
				continue
			}
			// Due and out of band: rebalance at the end of step last; its
			// cost comes out of the step's return.
			w.positionsAt(last, pp.columns, bk.perCum, scale, units)
			traded, cost, newSum := pp.layout.Rebalance(units, plan, bk.scratch)
			sum, scale = newSum, 1 // units again, with scale 1
			bk.stretchEnd = 0      // the sleeves' values start again from the new units
			s.traded[(last-1)/k] += traded
			rebalances++
			if cost != 0 {
				value = s.chargeCost(last, cost, bk.pay[last], p.sc.Initial)
			}
			t = last + 1
		}
	}
	return rebalances, false
}

// spentUntil corrects the series' spending for a portfolio that ran out of
// money at step t, in a year whose withdrawal was withdrawal: the year's
// parts before t were paid, the part at t only as far as money was left
// after the step's other flows, and nothing after.
func (w *worker) spentUntil(pp *portfolioPlan, bk *book, t int, withdrawal float64) {
	s, k := &w.series, w.p.k
	first := t - (t-1)%k
	paid := 0.0
	for u := first; u < t; u++ {
		paid += pp.schedule.SpendingPart(u-first, withdrawal)
	}
	if part := pp.schedule.SpendingPart(t-first, withdrawal); part > 0 {
		before := w.p.sc.Initial
		if t > 1 {
			before = s.value[t-1]
		}
		left := before + bk.pay[t] + part // what the other flows left
		paid += max(0, min(part, left))
	}
	y := (t - 1) / k
	s.spent[y] = paid
	clear(s.spent[y+1:])
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
	pathEnd                   // after the last step it could run, not rebalancing
	ranOut                    // out of money
)

// stretchSteps is how many steps ahead grow values the sleeves at a time:
// enough that the matrix-vector products are long and few, not so many
// that a rebalance often throws much of them away (the benchmark's
// portfolios rebalance about every 17 months).
const stretchSteps = 24

// grow applies steps from first on, to end at most (the end of the last
// year decided: the year's, or the path's for a foreseen schedule), to a
// portfolio worth value before step first, and writes each step's return
// and end value into w.series. It stops after the first rebalancing date
// (every pp.every steps from the path's start) at which the portfolio is
// out of its plan's bands, or after end or the end of its stretch of
// sleeve values, and returns that step, the units' scale and sum after it
// and why it stopped; or the step at which the portfolio ran out of money
// (the scale and sum returned then mean nothing). This is the engine's
// innermost loop, once per portfolio and step. At a rebalancing date the
// caller takes the positions from the stretch (positionsAt): they are
// needed only there.
//
// A step takes the payment pro rata to holdings and then the fee, so every
// position is scaled by the same factor: the positions are scale·units,
// where the units compound at the assets' gross returns alone. With S_t the
// units' sum (sum before step first), the scale after step t is
// fee·(value + payment)/S_{t−1}, the value scale·S_t and the return
// fee·S_t/S_{t−1} − 1. On a step without a payment value = scale·S_{t−1},
// so the scale is only the last one times the fee, and the steps between
// payments wait for nothing but one multiplication (a payment can deplete
// the portfolio; returns alone cannot).
//
// Between two rebalances a unit of asset a grows by the product of its
// gross returns (w.cum), so a sleeve is worth Σ_q v_q·cum_{a_q}(t) over its
// positions q, with v_q the position's units over cum_{a_q} where the
// stretch starts: one matrix-vector product (columnSums.sum) gives S_t over a
// stretch of steps at once (see stretch); summed in order of sleeve, its
// running sums at the sleeves' ends give each sleeve's units, which the
// band checks take at their dates. glideAtEnd says that a glide path's
// trade at the year's end (end) replaces that date's band check.
func (w *worker) grow(pp *portfolioPlan, bk *book, plan *portfolio.YearPlan, sum float64, first, end int, value float64, glideAtEnd bool) (last int, scale, lastSum float64, stop growStop) {
	decidedEnd := end // the last decided year's end, where a glide path may trade
	if first > bk.stretchEnd {
		w.stretch(pp, bk, first)
	}
	end = min(end, bk.stretchEnd)
	// The first rebalancing date from first to end at which the portfolio
	// is out of its bands, if any: sleeves' weights do not depend on the
	// payments, which scale every position alike, so the dates are checked
	// before the steps run, and the steps then run up to the date.
	stop = pathEnd
	if every := pp.every; every > 0 {
		lastDate := end
		if glideAtEnd && end == decidedEnd { // the glide path's trade there instead
			lastDate--
		}
		// The stretch's rows hold the sleeves' running sums, summed so
		// far up to bk.summedEnd (see stretch): the dates there are
		// checked first, and the rest of the stretch summed and its dates
		// checked only when none of those is out of band.
		t := plan.FirstOutOfBand(bk.dots.dst, bk.dots.stride, nextDate(first-1, every), every, min(lastDate, bk.summedEnd))
		if t < 0 && end > bk.summedEnd {
			date := nextDate(bk.summedEnd, every)
			bk.sumRest()
			t = plan.FirstOutOfBand(bk.dots.dst, bk.dots.stride, date, every, lastDate)
		}
		if t >= 0 {
			end, stop = t, outOfBand
		}
	} else if end > bk.summedEnd { // no dates: the steps run to end
		bk.sumRest()
	}
	// The path's slices in locals: through w, each step would reload
	// them, since the stores below might have changed w for all the
	// compiler knows.
	// Cut at the end only, which costs less than a cut at both ends, and
	// indexed from first (≥ 1).
	sums := bk.total[:end+1]
	pay := bk.pay[:len(sums)]
	ret := w.series.ret[:len(sums)]
	values := w.series.value[:len(sums)]
	fee := pp.fee
	feeOverSum := fee / sum
	// The scale is computed afresh at a payment, at the first step and at
	// each year's first: that is where it was when grow ran a year at a
	// time, and the results keep its rounding. The loop runs a year (or
	// the call's part of one) at a time with its first step taken apart,
	// so that the other steps ask only whether they pay: a step without a
	// payment then runs straight through, where it also asked whether it
	// began a year.
	n, k := uint(len(sums)), uint(w.p.k)
	// afresh sets the scale for step t from the value before it and its
	// payment, and reports whether any money is left to scale (when none
	// is, the scale it sets is not used). Without a branch of its own, a
	// step that pays adds only its test to one that does not.
	afresh := func(t uint) bool {
		start := value + pay[t]
		scale = start * feeOverSum
		return !(start <= 0)
	}
	// step writes step t's return and value, at the scale after it. The
	// fee is read from pp here, not from fee: with fee in both places Go
	// 1.26's compiler swapped its register with feeOverSum's at every
	// year. The division reads the sum again after the stores, so that the
	// value's product is the sum's last use and takes its register: the
	// scale keeps its own, where it took a copy there and a move back at
	// the next step.
	step := func(t uint) {
		s := sums[t]
		ret[t] = float64(s*feeOverSum) - 1
		value = float64(scale * s)
		values[t] = value
		feeOverSum = pp.fee / sums[t]
	}
	nextYear := uint(first) + k - uint(first-1)%k // the next year's first step
	for t, yearEnd := uint(first), uint(0); t < n; nextYear += k {
		if !afresh(t) {
			return int(t), scale, 0, ranOut
		}
		step(t)
		for t, yearEnd = t+1, min(nextYear, n); t < yearEnd; t++ {
			// The fee's scale, replaced at a payment: one path through
			// the step, whose scale stays in one register.
			scale *= fee
			if pay[t] != 0 && !afresh(t) {
				return int(t), scale, 0, ranOut
			}
			step(t)
		}
	}
	return end, scale, sums[end], stop
}

// nextDate is the first rebalancing date, every steps apart from the
// path's start, after step t.
func nextDate(t, every int) int { return t + every - t%every }

// stretch values portfolio pp's units (and, with bands, each sleeve's) over
// a stretch of steps from first on, from its units at the end of step
// first − 1: the units themselves after a rebalance (bk.stretchEnd is 0
// then), or the last stretch's continued. The stretch ends after stretchSteps steps, at
// the end of the products' epoch, at the path's end, or at the next
// rebalancing date when a rebalance there is certain (no bands).
//
// It sums only the stretch's first sixteen steps (spare ones past a
// shorter stretch's end, as in sumRest), and grow sums the rest
// (book.sumRest) when its steps or its band checks reach them: most calls
// of grow stop within sixteen steps (at an out-of-band date, a year's
// end), and a step's sums do not depend on which call of the kernel
// computes them.
func (w *worker) stretch(pp *portfolioPlan, bk *book, first int) {
	epochEnd := w.epochEnd[first] // read once: after the stores below the compiler would read it again
	switch {
	case first == 1 || w.epochEnd[first-1] != epochEnd: // a new epoch: products start at 1 at first
		if bk.stretchEnd != 0 { // continuing: the units at the last stretch's end
			w.positionsAt(first-1, pp.columns, bk.perCum, 1, bk.pos)
		}
		copy(bk.perCum, bk.pos)
	case bk.stretchEnd == 0: // after a rebalance: the units are current
		w.perCumAt(first-1, pp.columns, bk.pos, bk.perCum)
	} // else continuing in the same epoch: perCum holds
	end := min(first-1+stretchSteps, epochEnd)
	if every := pp.every; every > 0 && !pp.schedule.Banded() {
		end = min(end, nextDate(first-1, every))
	}
	// The book is set before the kernel's call, which then comes last:
	// nothing is kept across it.
	bk.stretchEnd, bk.summedEnd = end, first+15
	bk.dots.sum(first, 16)
}

// sumRest sums the rest of the stretch's steps, after bk.summedEnd. Up to
// spareSteps more than the stretch's steps are summed, so that the kernel
// takes them all sixteen at a time, in its one loop whose exit the
// processor predicts: the spare sums land in room kept for them, from
// products past the stretch (finite, read from the next column or room
// kept after the last), and nothing reads them.
func (bk *book) sumRest() {
	first := bk.summedEnd + 1
	n := (bk.stretchEnd - bk.summedEnd + 15) &^ 15 // the steps rounded up to a multiple of sixteen
	bk.summedEnd += n
	bk.dots.sum(first, n)
}

// positionsAt sets pos to the positions at the end of step t, scale times
// their units: each position's units over its asset's products (perCum)
// times the product at t, whose columns in w.cum start at columns. With
// scale 1 they are the units themselves (x·1 = x exactly). Scaling here
// rather than in a second pass over the positions (portfolio.Scale) gives
// the same roundings in one loop.
func (w *worker) positionsAt(t int, columns []int, perCum []float64, scale float64, pos []float64) {
	cum := w.cum[t:]
	perCum, pos = perCum[:len(columns)], pos[:len(columns)]
	for q, off := range columns {
		pos[q] = float64(perCum[q]*cum[off]) * scale
	}
}

// perCumAt sets perCum to the units over their assets' products at the
// end of step t, where a stretch starts from them (positionsAt undoes
// it).
func (w *worker) perCumAt(t int, columns []int, units, perCum []float64) {
	cum := w.cum[t:]
	units, perCum = units[:len(columns)], perCum[:len(columns)]
	for q, off := range columns {
		perCum[q] = units[q] / cum[off]
	}
}
