package sim

import (
	"math"
	"slices"
)

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
		if pivot != pivot { // NaN: no value is below it or at most it, so no side would shrink
			slices.Sort(xs[lo:hi]) // NaNs first, and it ends
			return
		}
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

// partitionNotAbove is partitionLess for the values at most pivot: a copy,
// since with the comparison passed in as a function the loop compiled to
// a branch again (3.0 ms for BenchmarkPercentiles instead of 1.1).
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
			v += float64((h - float64(lo)) * (next - v))
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

// sortFloats sorts xs in ascending order, as slices.Sort does, by a radix
// sort on the order-preserving bits of each value, 11 bits a pass,
// skipping the passes in which every value has the same digit (returns
// share their top bits): a tail's 150,000 returns in 2.4 ms instead of
// pdqsort's 14. The passes alternate between one scratch array and xs
// itself, which holds keys as float64 bit patterns meanwhile (fresh memory
// is slow to fault in on some virtual machines). With a NaN, or fewer than
// 512 values, it calls slices.Sort.
func sortFloats(xs []float64) {
	n := len(xs)
	if n < 512 || slices.ContainsFunc(xs, math.IsNaN) {
		slices.Sort(xs)
		return
	}
	keys := make([]uint64, n)
	for i, x := range xs {
		b := math.Float64bits(x)
		if b>>63 != 0 {
			b = ^b // negative: larger magnitudes first
		} else {
			b |= 1 << 63
		}
		keys[i] = b
	}
	const bits = 11
	var count [1 << bits]int
	inKeys := true // where the keys are: keys, or xs as bit patterns
	for shift := 0; shift < 64; shift += bits {
		clear(count[:])
		first := keys[0]
		if !inKeys {
			first = math.Float64bits(xs[0])
		}
		for i := range n {
			k := keys[i]
			if !inKeys {
				k = math.Float64bits(xs[i])
			}
			count[k>>shift&(1<<bits-1)]++
		}
		if count[first>>shift&(1<<bits-1)] == n {
			continue // one digit for all: the order stands
		}
		at := 0
		for d, c := range count {
			count[d] = at
			at += c
		}
		for i := range n {
			if inKeys {
				k := keys[i]
				d := k >> shift & (1<<bits - 1)
				xs[count[d]] = math.Float64frombits(k)
				count[d]++
			} else {
				k := math.Float64bits(xs[i])
				d := k >> shift & (1<<bits - 1)
				keys[count[d]] = k
				count[d]++
			}
		}
		inKeys = !inKeys
	}
	for i := range n {
		k := keys[i]
		if !inKeys {
			k = math.Float64bits(xs[i])
		}
		if k>>63 != 0 {
			k &^= 1 << 63
		} else {
			k = ^k
		}
		xs[i] = math.Float64frombits(k)
	}
}
