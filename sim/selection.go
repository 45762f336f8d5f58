package sim

import "math"

// selectKth rearranges xs so that xs[k] holds the value a full sort would
// put there, with no larger value before it and no smaller one after it
// (quickselect with median-of-three pivots, deterministic). It is O(n) on
// average where sorting is O(n log n), and the summaries only need a few
// order statistics of each per-path figure. Each round partitions without
// branches on the data (partitionBelow), since a comparison's branch
// mispredicts half the time on random values: that took 25 ns a value per
// percentile, four fifths of summarizing a 100,000-path run.
func selectKth(xs []float64, k int) {
	lo, hi := 0, len(xs) // k in [lo, hi)
	for hi-lo > 16 {
		pivot := medianOfThree(xs[lo], xs[lo+(hi-lo)/2], xs[hi-1])
		// xs[lo:j] < pivot <= xs[j:hi]
		j := lo + partitionLess(xs[lo:hi], pivot)
		if k < j {
			hi = j
			continue
		}
		// xs[j:m] == pivot < xs[m:hi]; the pivot is one of the values, so
		// either side shrinks the range, even when most values are equal.
		m := j + partitionNotAbove(xs[j:hi], pivot)
		if k < m {
			return
		}
		lo = m
	}
	insertionSort(xs[lo:hi])
}

// partitionLess moves the values below pivot to the front of xs, keeping
// no order, and returns how many there are. Every value is swapped, whether
// it moves or not, so that the loop has no branch on the data (Lomuto's
// scheme: xs[:j] below, xs[j:i] not); the comparison is written as a 0 or
// 1 added to j, which the compiler makes a SETcc where "if x < pivot
// { j++ }" stays a branch.
func partitionLess(xs []float64, pivot float64) int {
	j := 0
	for i, x := range xs {
		xs[i] = xs[j]
		xs[j] = x
		below := 0
		if x < pivot {
			below = 1
		}
		j += below
	}
	return j
}

// partitionNotAbove is partitionLess for the values at most pivot.
func partitionNotAbove(xs []float64, pivot float64) int {
	j := 0
	for i, x := range xs {
		xs[i] = xs[j]
		xs[j] = x
		notAbove := 0
		if x <= pivot {
			notAbove = 1
		}
		j += notAbove
	}
	return j
}

func medianOfThree(a, b, c float64) float64 {
	return max(min(a, b), min(max(a, b), c))
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
