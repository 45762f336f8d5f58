// Package stats holds the few summary statistics that several packages
// take of the same kind of data, written once: the percentile by linear
// interpolation (numpy's default, the one SCENARIO.md names), the median
// built on it, and the mean with its Monte Carlo standard error.
package stats

import (
	"math"
	"slices"
)

// Percentile is the q-th percentile (0..100) of sorted values by linear
// interpolation between order statistics: h = (n−1)·q/100, numpy's default;
// NaN for none.
func Percentile(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * q / 100
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	if h == float64(lo) { // on an order statistic: no interpolation, which
		return sorted[lo] // would give 0·∞ = NaN next to an infinity
	}
	return sorted[lo] + float64((h-float64(lo))*(sorted[lo+1]-sorted[lo]))
}

// Median is the middle value of xs, the mean of the two middle ones for an
// even count (Percentile's 50th), from a sorted copy; NaN for none.
func Median(xs []float64) float64 {
	return Percentile(slices.Sorted(slices.Values(xs)), 50)
}

// Mean is the arithmetic mean of xs, summed in order; NaN for none.
func Mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// MeanSE is the mean of xs and its standard error s/√n, s the sample
// standard deviation (n − 1): 0 for one value, NaN for none.
func MeanSE(xs []float64) (m, se float64) {
	m = Mean(xs)
	if len(xs) < 2 {
		if len(xs) == 0 {
			return m, math.NaN()
		}
		return m, 0
	}
	n := float64(len(xs))
	ss := 0.0
	for _, x := range xs {
		ss += float64((x - m) * (x - m))
	}
	return m, math.Sqrt(ss / (n - 1) / n)
}
