package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/divsim/divsim/internal/stats"
)

// TestPercentilesMatchSorting: selection gives bit for bit the percentiles
// of a full sort, on random data, data with many ties and tiny inputs.
func TestPercentilesMatchSorting(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	qs := []float64{0, 2.5, 5, 10, 25, 50, 75, 90, 95, 97.5, 100}
	gen := map[string]func(n int) []float64{
		"normal": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = rng.NormFloat64()
			}
			return xs
		},
		"ties": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(rng.IntN(5))
			}
			return xs
		},
		"mostly zeros": func(n int) []float64 { // depleted paths' wealth
			xs := make([]float64, n)
			for i := range xs {
				if rng.IntN(10) == 0 {
					xs[i] = rng.ExpFloat64()
				}
			}
			return xs
		},
		"infinities": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = []float64{math.Inf(-1), -1, 0, 1, math.Inf(1)}[rng.IntN(5)]
			}
			return xs
		},
		"descending": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(n - i)
			}
			return xs
		},
		"sorted": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(i)
			}
			return xs
		},
	}
	for name, g := range gen {
		for _, n := range []int{1, 2, 3, 17, 100, 1001, 20000} {
			xs := g(n)
			sorted := slices.Clone(xs)
			slices.Sort(sorted)
			got := make([]float64, len(qs))
			percentiles(slices.Clone(xs), qs, got)
			for i, q := range qs {
				if want := stats.Percentile(sorted, q); got[i] != want && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
					t.Errorf("%s n=%d q=%v: selection %v, sort %v", name, n, q, got[i], want)
				}
			}
		}
	}
}

// TestSelectKthOrders: for every k, xs[k] is the k-th smallest value, none
// before it is larger and none after it smaller, and the values are the
// same multiset, with ties, infinities and every value equal.
func TestSelectKthOrders(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{1, 16, 17, 40, 300} {
		for _, distinct := range []int{1, 3, 1000} {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(rng.IntN(distinct))
				if distinct == 3 {
					xs[i] = []float64{math.Inf(-1), 0, math.Inf(1)}[rng.IntN(3)]
				}
			}
			sorted := slices.Sorted(slices.Values(xs))
			for k := range n {
				s := slices.Clone(xs)
				selectKth(s, k)
				if s[k] != sorted[k] {
					t.Fatalf("n=%d distinct=%d k=%d: %v, want %v", n, distinct, k, s[k], sorted[k])
				}
				if slices.Max(s[:k+1]) != s[k] || slices.Min(s[k:]) != s[k] {
					t.Fatalf("n=%d distinct=%d k=%d: not partitioned around xs[k]", n, distinct, k)
				}
				if !slices.Equal(slices.Sorted(slices.Values(s)), sorted) {
					t.Fatalf("n=%d distinct=%d k=%d: values changed", n, distinct, k)
				}
			}
		}
	}
}

// BenchmarkPercentiles: the seven percentiles of dist over 100,000 values,
// as a summary takes them for each per-path figure.
func BenchmarkPercentiles(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	xs := make([]float64, 100_000)
	for i := range xs {
		xs[i] = math.Exp(rng.NormFloat64())
		if rng.IntN(10) == 0 {
			xs[i] = 0 // depleted paths
		}
	}
	buf := make([]float64, len(xs))
	out := make([]float64, 7)
	for b.Loop() {
		copy(buf, xs)
		percentiles(buf, []float64{5, 10, 25, 50, 75, 90, 95}, out)
	}
}

// TestSortFloatsMatchesSlicesSort: the radix sort gives the order of
// slices.Sort (signed zeros compare equal either way), on returns, ties,
// infinities, subnormals, sorted and reversed input, and with a NaN, for
// which it falls back to slices.Sort.
func TestSortFloatsMatchesSlicesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	gen := map[string]func(i int) float64{
		"returns":    func(int) float64 { return rng.NormFloat64() * 0.15 },
		"ties":       func(int) float64 { return float64(rng.IntN(7)-3) / 10 },
		"zeros":      func(int) float64 { return []float64{0, math.Copysign(0, -1), -1e-300, 1e-300}[rng.IntN(4)] },
		"wide":       func(int) float64 { return math.Ldexp(rng.NormFloat64(), rng.IntN(2000)-1000) },
		"infinities": func(int) float64 { return []float64{math.Inf(-1), math.Inf(1), 5e-324, -5e-324, 1}[rng.IntN(5)] },
		"sorted":     func(i int) float64 { return float64(i) - 300 },
		"reversed":   func(i int) float64 { return 300 - float64(i) },
		"a NaN": func(i int) float64 {
			if i == 7 {
				return math.NaN()
			}
			return rng.NormFloat64()
		},
	}
	for name, g := range gen {
		for _, n := range []int{0, 1, 511, 512, 513, 5000, 150_001} {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = g(i)
			}
			want := slices.Clone(xs)
			slices.Sort(want)
			sortFloats(xs)
			for i := range xs {
				if xs[i] != want[i] && !(math.IsNaN(xs[i]) && math.IsNaN(want[i])) {
					t.Fatalf("%s, n=%d: [%d] = %v, want %v", name, n, i, xs[i], want[i])
				}
			}
		}
	}
}

// BenchmarkSortTail: a tail's kept returns of a 100,000-path run.
func BenchmarkSortTail(b *testing.B) {
	rng := rand.New(rand.NewPCG(15, 16))
	xs := make([]float64, 150_001)
	for i := range xs {
		xs[i] = rng.NormFloat64() * 0.15
	}
	s := make([]float64, len(xs))
	b.Run("radix", func(b *testing.B) {
		for b.Loop() {
			copy(s, xs)
			sortFloats(s)
		}
	})
	b.Run("pdqsort", func(b *testing.B) {
		for b.Loop() {
			copy(s, xs)
			slices.Sort(s)
		}
	})
}

// TestSelectKthEndsWithNaN: a per-path figure with NaN in it (which no
// valid run makes: a NaN wealth once came from a band-edge rebalance of a
// zero-target sleeve) must not hang the summaries. A NaN pivot left both
// partitions empty and quickselect looping forever; with NaNs everywhere,
// here, the pivot is NaN at once. Each call must end within seconds.
func TestSelectKthEndsWithNaN(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		xs := make([]float64, 1000)
		for i := range xs {
			xs[i] = math.NaN()
			if i%3 == 0 {
				xs[i] = float64(i)
			}
		}
		for _, k := range []int{0, 500, 999} {
			selectKth(slices.Clone(xs), k)
		}
		var p [3]float64
		percentiles(slices.Clone(xs), []float64{5, 50, 95}, p[:])
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("selectKth did not end on data with NaN")
	}
}
