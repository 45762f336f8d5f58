package calibrate

import (
	"math"
	"strings"
	"testing"
)

// TestChainDistanceClosedForm checks Chain's distance for two states
// against the closed form: the monthly generator is Q = P − I, whose
// exponential is Π + e^{−(a+b)} (I − Π) with a = P01, b = P10 and Π the
// stationary rows (b, a)/(a+b). A fast-switching fit is far (the fragment
// and its header say so); a slow one is not.
func TestChainDistanceClosedForm(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b float64
		far  bool
	}{
		{"slow", 0.02, 0.05, false},
		{"fast", 0.8, 0.7, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := tc.a, tc.b
			f := &Fit{K: 2, D: 1, T: 100, Initial: []float64{0.5, 0.5},
				Transition: [][]float64{{1 - a, a}, {b, 1 - b}},
				Means:      [][]float64{{0.01}, {-0.01}},
				Covs:       [][][]float64{{{0.0016}}, {{0.0036}}}}
			decay := math.Exp(-(a + b))
			p00 := b/(a+b) + a/(a+b)*decay
			p11 := a/(a+b) + b/(a+b)*decay
			want := math.Max(math.Abs(p00-(1-a)), math.Abs(p11-(1-b)))
			_, _, got := f.Chain()
			if math.Abs(got-want) > 1e-12 {
				t.Errorf("distance %v, closed form %v", got, want)
			}
			fragment, distance := f.Fragment([]string{"stocks"}, "test history")
			var header []string
			for _, line := range strings.Split(fragment, "\n") {
				if text, ok := strings.CutPrefix(line, "# "); ok {
					header = append(header, text)
					if len([]rune(line)) > 78 {
						t.Errorf("header line of %d characters: %q", len([]rune(line)), line)
					}
				}
			}
			says := strings.Contains(strings.Join(header, " "), FarChainText)
			if distance != got || says != tc.far || (got > FarChain) != tc.far {
				t.Errorf("distance %v (FarChain %v): fragment says far %v, want %v", got, FarChain, says, tc.far)
			}
		})
	}
}
