package calibrate

import (
	"math"
	"strings"
	"testing"
)

// TestChainDistanceClosedForm checks Chain for two states against closed
// forms, with a = P01 and b = P10. A slow fit, whose P has eigenvalues 1
// and μ = 1 − a − b > 0, has the generator 12·log(P) = 12·ln(μ)/(μ − 1)·
// (P − I): its chain reproduces P, with mean_years (a + b)/(12·a·λ) and
// (a + b)/(12·b·λ), λ = −ln μ (a quant review found the fragment's
// regimes lasting 7 % longer than fitted, from stays of 1/(1 − P_kk)
// months). A fast one (μ < 0) has none: the chain of mean stays, whose
// monthly generator is P − I and exponential Π + e^{−(a+b)} (I − Π) with
// Π the stationary rows (b, a)/(a+b), is far from P, and the fragment and
// its header say so.
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
			want := 0.0
			meanYears, _, got := f.Chain()
			if mu := 1 - a - b; mu > 0 {
				lambda := -math.Log(mu)
				for k, leave := range []float64{a, b} {
					if d := (a + b) / (12 * leave * lambda); math.Abs(meanYears[k]-d) > 1e-9*d {
						t.Errorf("state %d: mean_years %v, closed form %v", k, meanYears[k], d)
					}
				}
			} else {
				decay := math.Exp(-(a + b))
				p00 := b/(a+b) + a/(a+b)*decay
				p11 := a/(a+b) + b/(a+b)*decay
				want = math.Max(math.Abs(p00-(1-a)), math.Abs(p11-(1-b)))
			}
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

// TestChainReproducesThreeStates: a persistent three-state monthly matrix
// has a generator, and the fragment's chain reproduces it; its header
// says so. Its mean stays are shorter than the monthly matrix's 1/(1 −
// P_kk) months: a month that left a state and came back counts as a
// stay there.
func TestChainReproducesThreeStates(t *testing.T) {
	f := &Fit{K: 3, D: 1, T: 100, Initial: []float64{0.4, 0.3, 0.3},
		Transition: [][]float64{{0.95, 0.04, 0.01}, {0.05, 0.90, 0.05}, {0.02, 0.08, 0.90}},
		Means:      [][]float64{{0.01}, {0}, {-0.01}},
		Covs:       [][][]float64{{{0.0016}}, {{0.0025}}, {{0.0036}}}}
	meanYears, next, distance := f.Chain()
	if distance > 1e-12 {
		t.Errorf("distance %v, want the fitted matrix reproduced", distance)
	}
	for k, row := range next {
		sum := 0.0
		for _, x := range row {
			sum += x
		}
		if math.Abs(sum-1) > 1e-12 || !(meanYears[k] < 1/(12*(1-f.Transition[k][k]))) {
			t.Errorf("state %d: next %v (sum %v), mean_years %v: want shares of 1 and a stay shorter than the monthly matrix's %v",
				k, row, sum, meanYears[k], 1/(12*(1-f.Transition[k][k])))
		}
	}
	if fragment, _ := f.Fragment([]string{"stocks"}, "test history"); !strings.Contains(strings.ReplaceAll(fragment, "\n# ", " "), "is the fitted monthly matrix") {
		t.Errorf("the fragment's header does not say the chain reproduces the fit:\n%s", fragment)
	}
}
