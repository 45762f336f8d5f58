package stats

import (
	"math"
	"testing"
)

// TestPercentile: numpy's linear interpolation, h = (n−1)·q/100, checked
// against hand-computed values (numpy.percentile gives the same), and no
// NaN beside an infinity when q falls on an order statistic.
func TestPercentile(t *testing.T) {
	xs := []float64{1, 2, 4, 8}
	for _, tc := range []struct{ q, want float64 }{
		{0, 1}, {100, 8}, {50, 3}, {25, 1.75}, {75, 5}, {90, 6.8},
	} {
		if got := Percentile(xs, tc.q); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Percentile(%v, %v) = %v, want %v", xs, tc.q, got, tc.want)
		}
	}
	if got := Percentile([]float64{1, 2, math.Inf(1)}, 50); got != 2 {
		t.Errorf("beside an infinity: %v, want 2", got)
	}
	if !math.IsNaN(Percentile(nil, 50)) || !math.IsNaN(Median(nil)) {
		t.Error("none: want NaN")
	}
	if got := Median([]float64{8, 1, 4, 2}); got != 3 {
		t.Errorf("Median = %v, want 3 (unsorted input, even count)", got)
	}
}
