package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/divsim/divsim/internal/stats"
)

// bruteVaRCVaR is the definition, computed from every value: minus the 5th
// percentile of the sorted values and minus the mean of those at or below it.
func bruteVaRCVaR(xs []float64) (v, cv float64) {
	s := slices.Sorted(slices.Values(xs))
	q := stats.Percentile(s, 5)
	sum, n := 0.0, 0
	for _, x := range s {
		if x <= q {
			sum += x
			n++
		}
	}
	return -q, -sum / float64(n)
}

// TestLowTailMatchesAllValues: the tail's VaR and CVaR equal, to the last
// bit, those of all values sorted, whether the values come in one stream or
// split between several tails merged in any order; ties at the percentile
// that the tail let go still count.
func TestLowTailMatchesAllValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gen := map[string]func(n int) []float64{
		"continuous": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = rng.NormFloat64() * 0.15
			}
			return xs
		},
		"all equal": func(n int) []float64 { return slices.Repeat([]float64{0.04}, n) },
		"many ties at the percentile": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(rng.IntN(5)) / 10 // 0, .1, .2, .3, .4
			}
			return xs
		},
		"depleted zeros": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				if rng.IntN(3) > 0 {
					xs[i] = rng.NormFloat64()
				}
			}
			return xs
		},
	}
	for name, g := range gen {
		for _, n := range []int{1, 2, 3, 21, 100, 1000, 9999} {
			xs := g(n)
			wantV, wantCV := bruteVaRCVaR(xs)
			for _, parts := range []int{1, 2, 7} {
				tails := make([]*lowTail, parts)
				for i := range tails {
					tails[i] = newLowTail(int64(n), 0)
				}
				for i, x := range xs {
					tails[(i*7919)%parts].add(x) // interleaved, uneven
				}
				merged := newLowTail(int64(n), int64(n))
				for _, i := range rng.Perm(parts) {
					merged.merge(tails[i])
				}
				v, cv := merged.varCVaR()
				if v != wantV || cv != wantCV {
					t.Errorf("%s, n=%d, %d parts: VaR %v CVaR %v, want %v %v", name, n, parts, v, cv, wantV, wantCV)
				}
				if len(merged.Kept) > 2*merged.Keep {
					t.Errorf("%s, n=%d: %d candidates kept, want at most twice %d", name, n, len(merged.Kept), merged.Keep)
				}
				merged.normalize()
				if v2, cv2 := merged.varCVaR(); v2 != v || cv2 != cv {
					t.Errorf("%s, n=%d: normalizing changed VaR/CVaR", name, n)
				}
				if merged.Count != int64(n) || len(merged.Kept) > merged.Keep || !slices.IsSorted(merged.Kept) {
					t.Errorf("%s, n=%d: count %d kept %d of %d", name, n, merged.Count, len(merged.Kept), merged.Keep)
				}
			}
		}
	}
}

// TestLowTailAddAllMatchesAdd: adding values in batches of any size leaves
// the tail exactly as adding them one by one: the same candidates in the
// same order, limit, count and values let go, with ties, zeros and values
// that arrive in descending order (each one below the limit).
func TestLowTailAddAllMatchesAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	gen := map[string]func(int) float64{
		"continuous": func(int) float64 { return rng.NormFloat64() * 0.15 },
		"ties":       func(int) float64 { return float64(rng.IntN(5)) / 10 },
		"zeros": func(int) float64 {
			if rng.IntN(3) == 0 {
				return 0
			}
			return rng.NormFloat64()
		},
		"descending": func(i int) float64 { return -float64(i) },
	}
	for name, g := range gen {
		for _, n := range []int{1, 7, 100, 5000} {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = g(i)
			}
			for _, batch := range []int{1, 3, 64, n} {
				one, all := newLowTail(int64(n), 0), newLowTail(int64(n), 0)
				for _, x := range xs {
					one.add(x)
				}
				for i := 0; i < n; i += batch {
					all.addAll(xs[i:min(i+batch, n)])
				}
				if !slices.Equal(one.Kept, all.Kept) || one.Limit != all.Limit || one.Count != all.Count ||
					one.Dropped != all.Dropped || one.DroppedN != all.DroppedN {
					t.Errorf("%s, n=%d, batches of %d: got %d kept, limit %v, count %d, dropped %v×%d; want %d, %v, %d, %v×%d",
						name, n, batch, len(all.Kept), all.Limit, all.Count, all.Dropped, all.DroppedN,
						len(one.Kept), one.Limit, one.Count, one.Dropped, one.DroppedN)
				}
			}
		}
	}
}

// TestLowTailKeepsFivePercent: memory is about 5 % of the values.
func TestLowTailKeepsFivePercent(t *testing.T) {
	tail := newLowTail(3_000_000, 0)
	if want := 150_001; tail.Keep != want {
		t.Errorf("keeps %d of 3,000,000, want %d (the 5th percentile's order statistics)", tail.Keep, want)
	}
	if v, cv := newLowTail(0, 0).varCVaR(); !math.IsNaN(v) || !math.IsNaN(cv) {
		t.Errorf("empty tail: %v %v, want NaN", v, cv)
	}
}
