package sim

import "math"

// accumulator gathers one portfolio's per-path metrics step by step. It
// runs once per portfolio and step, the engine's innermost work, so record
// does no division and has no branch that the data decide often: the
// running sums are shifted sums rather than Welford's updates (two
// divisions a step), the real growth comes from the price index at the end,
// and the drawdown is divided out only when it may have grown.
type accumulator struct {
	value                 float64
	depleted              bool
	growth                float64 // Π(1+r)
	peak, drawdown        float64
	n                     int
	shiftR, shiftX        float64 // the first step's r and x, which the sums are taken from
	sumR, sumR2           float64 // Σ(r − shiftR), Σ(r − shiftR)²
	sumX, sumX2           float64 // the same for x = r − rf
	downside              float64 // Σ min(0, x)²
	yearStart             float64 // growth at the start of the calendar year
	yearValue, yearTraded float64
	turnoverSum           float64
	rebalances            int
}

// newAccumulator starts a path at wealth value.
func newAccumulator(value float64) accumulator {
	return accumulator{value: value, growth: 1, peak: 1, yearStart: 1}
}

// record adds step return r (net of everything, 0 once depleted) and excess
// return x = r − rf (0 once depleted). The caller has already set acc.value
// to the step-end wealth.
//
// Sums shifted by the first value keep the sample variance as accurate as
// Welford's method for returns (|r| ≪ 1, a few hundred steps: the shifted
// sum of squares loses under two of sixteen digits), and make it exactly 0
// for a constant series.
func (acc *accumulator) record(r, x float64) {
	acc.growth *= 1 + r
	acc.yearValue += acc.value
	acc.peak = max(acc.peak, acc.growth)
	if acc.growth < acc.peak*(1-acc.drawdown) { // rarely true
		acc.newDrawdown()
	}
	if acc.n == 0 {
		acc.shiftR, acc.shiftX = r, x
	}
	acc.n++
	dr, dx := r-acc.shiftR, x-acc.shiftX
	acc.sumR += dr
	acc.sumR2 += dr * dr
	acc.sumX += dx
	acc.sumX2 += dx * dx
	down := min(x, 0)
	acc.downside += down * down
}

// newDrawdown records a deeper drawdown. (Rounding may make the comparison
// that calls it true for a drawdown no deeper: max keeps the deepest.)
func (acc *accumulator) newDrawdown() {
	acc.drawdown = max(acc.drawdown, 1-acc.growth/acc.peak)
}

// endYear closes a calendar year of k steps: it returns the year's
// time-weighted return and adds the year's turnover, value traded / 2 / the
// year's mean step-end value (0 for a year spent depleted).
func (acc *accumulator) endYear(k int) (yearReturn float64) {
	yearReturn = acc.growth/acc.yearStart - 1
	if acc.yearValue > 0 {
		acc.turnoverSum += acc.yearTraded / 2 / (acc.yearValue / float64(k))
	}
	acc.yearStart, acc.yearValue, acc.yearTraded = acc.growth, 0, 0
	return yearReturn
}

// sampleSD is the sample standard deviation (n − 1) of n values whose
// shifted sum and sum of squares are s1 and s2.
func sampleSD(s1, s2 float64, n int) float64 {
	nf := float64(n)
	return math.Sqrt(max(s2-s1*s1/nf, 0) / (nf - 1))
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

// pathMetrics are one path's figures of SCENARIO.md's Metrics section.
type pathMetrics struct {
	annReturn, annReturnReal float64
	volatility               float64
	sharpe, sortino          float64 // NaN where the denominator is 0
	turnover, rebalances     float64 // per year
}

// metrics computes the path's figures after its last step, with k steps a
// year over the given years and the price index at the horizon. Sample
// standard deviations use n − 1; with a single step volatility is 0 and
// Sharpe undefined.
func (acc *accumulator) metrics(k, years int, index float64) pathMetrics {
	n := float64(acc.n)
	kf := float64(k)
	meanX := acc.shiftX + acc.sumX/n
	m := pathMetrics{
		annReturn:     math.Pow(acc.growth, kf/n) - 1,
		annReturnReal: math.Pow(acc.growth/index, kf/n) - 1,
		sharpe:        math.NaN(),
		sortino:       math.NaN(),
		turnover:      acc.turnoverSum / float64(years),
		rebalances:    float64(acc.rebalances) / float64(years),
	}
	if acc.n > 1 {
		m.volatility = zeroBelow(sampleSD(acc.sumR, acc.sumR2, acc.n)) * math.Sqrt(kf)
		if sdX := zeroBelow(sampleSD(acc.sumX, acc.sumX2, acc.n)); sdX > 0 {
			m.sharpe = meanX / sdX * math.Sqrt(kf)
		}
	}
	if down := zeroBelow(math.Sqrt(acc.downside / n)); down > 0 {
		m.sortino = meanX / down * math.Sqrt(kf)
	}
	return m
}
