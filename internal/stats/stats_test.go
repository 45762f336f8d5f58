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

// TestMeanSE: the mean and its standard error s/√n by hand: 1, 2, 3, 4
// have mean 2.5, sample variance 5/3 and so an error √(5/3)/2; one value
// has an error of 0, and none a NaN mean and error.
func TestMeanSE(t *testing.T) {
	for _, tc := range []struct {
		xs     []float64
		m, se  float64
		absent bool
	}{
		{[]float64{1, 2, 3, 4}, 2.5, math.Sqrt(5.0/3) / 2, false},
		{[]float64{7}, 7, 0, false},
		{nil, 0, 0, true},
	} {
		m, se := MeanSE(tc.xs)
		if tc.absent {
			if !math.IsNaN(m) || !math.IsNaN(se) || !math.IsNaN(Mean(tc.xs)) {
				t.Errorf("MeanSE(%v) = %v, %v; want NaN, NaN", tc.xs, m, se)
			}
			continue
		}
		if math.Abs(m-tc.m) > 1e-15 || math.Abs(se-tc.se) > 1e-15 || Mean(tc.xs) != m {
			t.Errorf("MeanSE(%v) = %v, %v; want %v, %v", tc.xs, m, se, tc.m, tc.se)
		}
	}
}
