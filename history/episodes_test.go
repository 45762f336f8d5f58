package history

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestDeepestFall finds falls of a hand-built index: from 2000-01, it
// gains 10 % in 2000-02, falls 20 % twice (2000-03, 2000-04), gains 50 %
// (2000-05), then falls 10 % three times (2000-06 to 2000-08) and gains
// 1 % a month after. Index at month ends: 1, 1.1, 0.88, 0.704, 1.056,
// 0.9504, 0.85536, 0.769824, ...
func TestDeepestFall(t *testing.T) {
	rets := []float64{0, 0.1, -0.2, -0.2, 0.5, -0.1, -0.1, -0.1, 0.01, 0.01, 0.01, 0.01}
	var sb strings.Builder
	sb.WriteString("date,a\n")
	for i, r := range rets {
		fmt.Fprintf(&sb, "%s,%v\n", NewMonth(2000, 1)+Month(i), r)
	}
	tab, err := Parse("hand.csv", []byte(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	m := func(month int) Month { return NewMonth(2000, month) }
	for _, tc := range []struct {
		name          string
		col           string
		first, last   Month
		ok            bool
		peak, trough  Month
		depth         float64
		firstReplayed Month
	}{
		// From the peak of 1.1 (end of 2000-02) to 0.704 (2000-04): 36 %,
		// deeper than 1.1 to 0.769824 (30.0 %).
		{"whole table", "a", m(1), m(12), true, m(2), m(4), 1 - 0.704/1.1, m(3)},
		// Without 2000-02 the index starts at 1 at the end of 2000-03:
		// 1.056 (2000-05) to 0.769824 (2000-08), 27.1 %, is deeper than
		// 1 to 0.8 (2000-04), 20 %.
		{"span after the first peak", "a", m(3), m(12), true, m(5), m(8), 1 - 0.9*0.9*0.9, m(6)},
		// The first month of a span is a possible peak.
		{"span from a peak", "a", m(5), m(7), true, m(5), m(7), 1 - 0.9*0.9, m(6)},
		{"only gains", "a", m(9), m(12), false, 0, 0, 0, 0},
		{"missing column", "b", m(1), m(12), false, 0, 0, 0, 0},
		{"outside the table", "a", m(1), m(13), false, 0, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, ok := tab.DeepestFall(tc.col, tc.first, tc.last)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tc.ok, f)
			}
			if !ok {
				return
			}
			if f.Peak != tc.peak || f.Trough != tc.trough || math.Abs(f.Depth-tc.depth) > 1e-12 || f.From() != tc.firstReplayed {
				t.Errorf("fall from %s (first month %s) to %s, %.6f deep; want %s (%s) to %s, %.6f",
					f.Peak, f.From(), f.Trough, f.Depth, tc.peak, tc.firstReplayed, tc.trough, tc.depth)
			}
		})
	}
}
