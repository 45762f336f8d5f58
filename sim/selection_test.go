package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
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
				if want := Percentile(sorted, q); got[i] != want && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
					t.Errorf("%s n=%d q=%v: selection %v, sort %v", name, n, q, got[i], want)
				}
			}
		}
	}
}
