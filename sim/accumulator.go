package sim

import "math"

// series is one portfolio's path step by step, as its holdings produce it;
// measure turns it into the path's metrics. Series are indexed by step
// t = 1..T (index 0 is unused); traded by calendar year from 0.
//
// Measuring in a second pass over the finished path keeps both loops short
// and free of calls: the holdings loop only trades and values positions,
// and the metrics loop is plain arithmetic over arrays in cache.
type series struct {
	ret    []float64 // r_t: the step's return, net of everything; 0 once depleted
	rf     []float64 // rf_t, the path's risk-free return (x_t = r_t − rf_t, 0 once depleted)
	value  []float64 // wealth at the end of step t; 0 once depleted
	traded []float64 // per calendar year: value traded by rebalancing
	// depleted is the step at which the portfolio ran out of money (its
	// returns are 0 from there on); 0 when it never did. planned says that
	// this was the spending rule's plan (vpw emptying it in its last year).
	depleted int
	planned  bool
	// spent is, per calendar year from 0, what the spending rule actually
	// paid in money of the day (0 after depletion); index is the path's
	// price index I_t, for real amounts.
	spent []float64
	index []float64
	// guard is, per calendar year from 0, what a guardrails rule did that
	// year (portfolio.GuardAction; 0 otherwise).
	guard []float64
	// pay is the portfolio's payments on the path, [t] for step t (its
	// book's, as the schedule set them); scratch is room for a pass's
	// own per-step figures.
	pay, scratch []float64
	// yearRet is, per calendar year from 0, the portfolio's time-weighted
	// return Π(1+r) − 1 over the year's steps, as measure computes it for
	// VaR and CVaR: a pass that needs yearly returns reads them here,
	// rather than multiplying the steps again in another order.
	yearRet []float64
	// growth is the portfolio's time-weighted index Π(1+r) after step t,
	// [t] for t ≥ 1, as measure computes it for the drawdown: a pass that
	// follows the index reads it here rather than multiplying the steps
	// again (a chain of multiplications, each waiting on the last).
	growth []float64
}

// chargeCost takes a rebalance's cost out of step t: the step's end value
// falls by cost, and its return follows from its start, the last step's
// end value (initial before the first) plus the step's flow. It returns
// the new end value.
func (s *series) chargeCost(t int, cost, flow, initial float64) float64 {
	before := initial
	if t > 1 {
		before = s.value[t-1]
	}
	s.ret[t], s.value[t] = charged(s.value[t], before, cost, flow)
	return s.value[t]
}

// charged is a step's return and end value once a rebalance's cost comes
// out of its end value; before is the last step's end value, which the
// step's flow adds to.
func charged(value, before, cost, flow float64) (r, after float64) {
	start := flow + before
	after = value - cost
	r = after/start - 1
	return r, after
}

// newSeries allocates series for the given steps and years.
func newSeries(steps, years int) series {
	return series{ret: padded[float64](steps + 1), value: padded[float64](steps + 1), traded: padded[float64](years),
		spent: padded[float64](years), guard: padded[float64](years), scratch: padded[float64](steps + 1),
		growth: padded[float64](steps + 1)}
}

// pathMetrics are one path's figures of SCENARIO.md's Metrics section.
type pathMetrics struct {
	growth                   float64 // Π(1+r_t)
	drawdown                 float64 // the deepest fall of Π(1+r) from its running peak
	annReturn, annReturnReal float64
	volatility               float64
	sharpe, sortino          float64 // NaN where the denominator is 0
	turnover                 float64 // per year
}

// measure computes the metrics of a path of years calendar years of k
// steps, given the price index at the horizon, and writes each calendar
// year's time-weighted return Π(1+r) − 1 into yearReturns and the index
// Π(1+r) after each step into s.growth, for the passes that follow.
//
// The sample variances come from sums shifted by the first value rather
// than Welford's updates (two divisions a step): for returns (|r| ≪ 1, a
// few hundred steps) the shifted sum of squares loses under two of sixteen
// digits, and a constant series gives exactly 0. Sample standard deviations
// use n − 1; with a single step volatility is 0 and Sharpe undefined.
func measure(s *series, k, years int, index float64, yearReturns []float64) pathMetrics {
	// Separate loops (the steps' in indexAndDrawdown, the turnover's in
	// pathTurnover, the moments'), each with few enough running figures
	// for the processor's registers: in one loop they spilled to memory,
	// which put a store and a load into each sum's chain.
	growth, drawdown := indexAndDrawdown(s.ret[1:years*k+1], s.growth[1:years*k+1], yearReturns[:years], k)
	n := years * k
	// x_t = r_t − rf_t while the portfolio holds money, 0 after (r_t is 0
	// then too): the steps from s.depleted on are summed apart.
	held := n
	if s.depleted > 0 {
		held = s.depleted - 1
	}
	shiftR, shiftX := s.ret[1], 0.0
	if held > 0 {
		shiftX = s.ret[1] - s.rf[1]
	}
	ps := pathSums{growth: growth, drawdown: drawdown, turnover: pathTurnover(s, k, years), shiftX: shiftX}
	var sums [5]float64
	shiftedMoments(s.ret[1:held+1], s.rf[1:held+1], shiftR, shiftX, &sums)
	after := s.ret[held+1 : n+1] // zeros: with a = b = 0 there, x = 0
	shiftedMoments(after, after, shiftR, shiftX, &sums)
	ps.sumR, ps.sumX, ps.sumR2, ps.sumX2, ps.downside4 = sums[0], sums[1], sums[2], sums[3], sums[4]
	return ps.metrics(k, years, index)
}

// indexAndDrawdown is measure's loop over the steps, whose returns are
// rets: it writes the index Π(1+r) after each step into growths and each
// year's Π(1+r) − 1 into yearReturns (years of k steps), and returns the
// index at the end and the deepest drawdown.
//
// The running peak is kept as the bits of a float64: as int64s, bits
// order like their numbers for numbers ≥ 0, and a negative number's bits
// are negative, below the peak's (which starts at 1). An integer maximum
// is two instructions; the floating-point max, with its NaN and
// signed-zero cases, is eight, all in the loop's chain.
//
// The loop is written for the Go compiler's registers: in a function of
// its own (inside measure, values live after it took registers the loop
// then reloaded from memory every step); a deeper fall measured in a call
// (deeper), which the compiler keeps out of the common path, where the
// division written inline made it move the running figures between
// registers every step; and each year's steps indexed by an unsigned t in
// slices cut at the year's end, so that no bounds are checked in the loop
// and no slice is rebuilt from the year's start.
func indexAndDrawdown(rets, growths, yearReturns []float64, k int) (growth, drawdown float64) {
	growth = 1.0
	peakBits := int64(math.Float64bits(1))
	var t uint // the step, from 0
	for y := range yearReturns {
		yearGrowth := 1.0
		end := t + uint(k)
		upTo, after := rets[:end], growths[:end]
		for ; t < uint(len(upTo)); t++ {
			g := 1 + upTo[t]
			growth *= g
			after[t] = growth
			yearGrowth *= g
			peakBits = max(peakBits, int64(math.Float64bits(growth)))
			peak := math.Float64frombits(uint64(peakBits))
			if growth < peak*(1-drawdown) { // rarely true; rounding may make it true for no deeper a fall
				drawdown = deeper(drawdown, growth, peak)
			}
		}
		yearReturns[y] = yearGrowth - 1
	}
	return growth, drawdown
}

// deeper is the drawdown once the index has fallen to growth below its
// peak: the larger of 1 − growth/peak and the deepest drawdown before,
// without Go's max, whose NaN and signed-zero cases (neither can occur
// here) take eight instructions. It is not inlined: see indexAndDrawdown.
//
//go:noinline
func deeper(drawdown, growth, peak float64) float64 {
	if d := 1 - growth/peak; d > drawdown {
		return d
	}
	return drawdown
}

// pathTurnover is the sum over the path's years, in their order, of each
// year's turnover (yearTurnover). It is a loop of its own: inside measure's
// loop over the years its running figures took registers that the steps'
// loop then spilled, its counter among them.
func pathTurnover(s *series, k, years int) float64 {
	turnover := 0.0
	for y, traded := range s.traded[:years] {
		if traded != 0 {
			first := y*k + 1
			yearValue := 0.0
			for _, v := range s.value[first : first+k] {
				yearValue += v
			}
			turnover += yearTurnover(traded, yearValue, k)
		}
	}
	return turnover
}

// yearTurnover is a year's turnover: value traded / 2 / the year's mean
// step-end value, the sum of its k step-end values over k; 0 for a year
// with no value (the portfolio ran out of money before it).
func yearTurnover(traded, yearValue float64, k int) float64 {
	if yearValue > 0 {
		return traded / 2 / (yearValue / float64(k))
	}
	return 0
}

// pathSums is what measure's loops leave for its metrics: the growth, the
// deepest drawdown, the sum of the years' turnover, and the returns' and
// excess returns' sums shifted by their first values.
type pathSums struct {
	growth, drawdown, turnover          float64
	sumR, sumR2, sumX, sumX2, downside4 float64
	shiftX                              float64
}

// metrics finishes measure: the path's metrics from its sums.
func (ps *pathSums) metrics(k, years int, index float64) pathMetrics {
	n := years * k
	downside := ps.downside4 / 4 // exact: powers of two only scale
	nf, kf := float64(n), float64(k)
	meanX := ps.shiftX + ps.sumX/nf
	m := pathMetrics{
		growth:        ps.growth,
		drawdown:      ps.drawdown,
		annReturn:     math.Pow(ps.growth, kf/nf) - 1,
		annReturnReal: math.Pow(ps.growth/index, kf/nf) - 1,
		sharpe:        math.NaN(),
		sortino:       math.NaN(),
		turnover:      ps.turnover / float64(years),
	}
	// A flat path (a 0 % asset) compounds its steps' rounding to a growth
	// a few units in the last place below 1: its return is 0, not −0.0 %.
	if math.Abs(m.annReturn) < noise {
		m.annReturn = 0
	}
	if math.Abs(m.annReturnReal) < noise {
		m.annReturnReal = 0
	}
	if n > 1 {
		m.volatility = zeroBelow(sampleSD(ps.sumR, ps.sumR2, nf)) * math.Sqrt(kf)
		if sdX := zeroBelow(sampleSD(ps.sumX, ps.sumX2, nf)); sdX > 0 {
			m.sharpe = meanX / sdX * math.Sqrt(kf)
		}
	}
	if down := zeroBelow(math.Sqrt(downside / nf)); down > 0 {
		m.sortino = meanX / down * math.Sqrt(kf)
	}
	return m
}

// sampleSD is the sample standard deviation (n − 1) of n values whose
// shifted sum and sum of squares are s1 and s2.
func sampleSD(s1, s2, n float64) float64 {
	return math.Sqrt(max(s2-s1*s1/n, 0) / (n - 1))
}

// noise is the per-step standard deviation below which a series counts as
// constant: a deterministic path's returns differ only by rounding (about
// 1e-17), which would otherwise give a Sharpe ratio of 1e14 instead of
// "undefined". No real portfolio moves this little.
const noise = 1e-12

func zeroBelow(sd float64) float64 {
	if sd < noise {
		return 0
	}
	return sd
}
