package sim

import "math"

// selectKth rearranges xs so that xs[k] holds the value a full sort would
// put there, with no larger value before it and no smaller one after it
// (quickselect, median-of-three pivots, deterministic). It is O(n) on
// average where sorting is O(n log n), and the summaries only need a few
// order statistics of each per-path figure.
func selectKth(xs []float64, k int) {
	lo, hi := 0, len(xs)-1
	for hi > lo {
		if hi-lo < 16 {
			insertionSort(xs[lo : hi+1])
			return
		}
		mid := lo + (hi-lo)/2
		// Median of three at xs[mid], with xs[lo] <= xs[mid] <= xs[hi].
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		// Now xs[lo..j] <= pivot <= xs[i..hi], and xs[j+1..i-1] == pivot.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}

func insertionSort(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// percentiles writes into out the percentiles qs (ascending, 0..100) of xs
// by linear interpolation between order statistics, exactly as Percentile
// on sorted values, reordering xs as it goes.
func percentiles(xs []float64, qs []float64, out []float64) {
	n := len(xs)
	if n == 0 {
		for i := range out {
			out[i] = math.NaN()
		}
		return
	}
	from := 0 // xs[:from] holds the smallest values, in place
	for i, q := range qs {
		h := float64(n-1) * q / 100
		lo := int(math.Floor(h))
		if lo >= n-1 {
			lo = n - 1
		}
		if lo >= from {
			selectKth(xs[from:], lo-from)
			from = lo
		}
		v := xs[lo]
		if lo < n-1 && h > float64(lo) {
			next := minOf(xs[lo+1:]) // the (lo+1)-th order statistic
			v += (h - float64(lo)) * (next - v)
		}
		out[i] = v
	}
}

func minOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs[1:] {
		if x < m {
			m = x
		}
	}
	return m
}
