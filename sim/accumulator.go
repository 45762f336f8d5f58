package sim

import "math"

// accumulator gathers one portfolio's per-path metrics step by step.
type accumulator struct {
	value                 float64
	depleted              bool
	growth, growthReal    float64 // Π(1+r), Π(1+r)/(1+i)
	peak, drawdown        float64
	n                     int
	meanR, m2R            float64 // Welford for r
	meanX, m2X            float64 // Welford for x = r − rf
	downside              float64 // Σ min(0, x)²
	yearGrowth            float64
	yearValue, yearTraded float64
	turnoverSum           float64
	rebalances            int
}

// newAccumulator starts a path at wealth value.
func newAccumulator(value float64) accumulator {
	return accumulator{value: value, growth: 1, growthReal: 1, peak: 1, yearGrowth: 1}
}

// record adds step return r (net of everything, 0 once depleted), excess
// return x = r − rf (0 once depleted) and the step's gross inflation. The
// caller has already set acc.value to the step-end wealth.
func (acc *accumulator) record(r, x, inflationGross float64) {
	acc.growth *= 1 + r
	acc.growthReal *= (1 + r) / inflationGross
	acc.yearGrowth *= 1 + r
	acc.yearValue += acc.value
	if acc.growth > acc.peak {
		acc.peak = acc.growth
	} else if dd := 1 - acc.growth/acc.peak; dd > acc.drawdown {
		acc.drawdown = dd
	}
	acc.n++
	nf := float64(acc.n)
	d := r - acc.meanR
	acc.meanR += d / nf
	acc.m2R += d * (r - acc.meanR)
	d = x - acc.meanX
	acc.meanX += d / nf
	acc.m2X += d * (x - acc.meanX)
	if x < 0 {
		acc.downside += x * x
	}
}

// endYear closes a calendar year of k steps: it returns the year's
// time-weighted return and adds the year's turnover, value traded / 2 / the
// year's mean step-end value (0 for a year spent depleted).
func (acc *accumulator) endYear(k int) (yearReturn float64) {
	yearReturn = acc.yearGrowth - 1
	if acc.yearValue > 0 {
		acc.turnoverSum += acc.yearTraded / 2 / (acc.yearValue / float64(k))
	}
	acc.yearGrowth, acc.yearValue, acc.yearTraded = 1, 0, 0
	return yearReturn
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
// year over the given years. Sample standard deviations use n − 1; with a
// single step volatility is 0 and Sharpe undefined.
func (acc *accumulator) metrics(k, years int) pathMetrics {
	n := float64(acc.n)
	kf := float64(k)
	m := pathMetrics{
		annReturn:     math.Pow(acc.growth, kf/n) - 1,
		annReturnReal: math.Pow(acc.growthReal, kf/n) - 1,
		sharpe:        math.NaN(),
		sortino:       math.NaN(),
		turnover:      acc.turnoverSum / float64(years),
		rebalances:    float64(acc.rebalances) / float64(years),
	}
	if acc.n > 1 {
		m.volatility = zeroBelow(math.Sqrt(acc.m2R/(n-1))) * math.Sqrt(kf)
		if sdX := zeroBelow(math.Sqrt(acc.m2X / (n - 1))); sdX > 0 {
			m.sharpe = acc.meanX / sdX * math.Sqrt(kf)
		}
	}
	if down := zeroBelow(math.Sqrt(acc.downside / n)); down > 0 {
		m.sortino = acc.meanX / down * math.Sqrt(kf)
	}
	return m
}
