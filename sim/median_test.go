package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestMedianSE holds medianSE to the closed form for normal values, the
// standard error of the median √(π/2)·σ/√n. At n = 10⁶ the estimate spans
// 2m = √n = 1,000 ranks, whose spacings make its relative standard
// deviation about 1/√(2m) = 3.2 %; the tolerance is 4 of those.
func TestMedianSE(t *testing.T) {
	const n, sigma = 1_000_000, 3.0
	r := rand.New(rand.NewPCG(41, 42))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = 100 + sigma*r.NormFloat64()
	}
	want := math.Sqrt(math.Pi/2) * sigma / math.Sqrt(n)
	got := medianSE(xs, make([]float64, n))
	if tol := 4 / math.Sqrt(math.Sqrt(n)); math.Abs(got/want-1) > tol {
		t.Errorf("medianSE = %.6g, want %.6g within %.1f %%", got, want, 100*tol)
	}
	for _, tc := range []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{5}, 0},
		// n = 4: the percentiles 25 and 75, 1.75 and 3.25 by numpy's
		// interpolation (h = 0.75 and 2.25), half their distance apart.
		{[]float64{4, 1, 3, 2}, 0.75},
	} {
		if got := medianSE(tc.xs, make([]float64, len(tc.xs))); got != tc.want {
			t.Errorf("medianSE(%v) = %v, want %v", tc.xs, got, tc.want)
		}
	}
}

// TestMedianLeader checks the rule that names a leader by median terminal
// wealth only beyond 2 standard errors of the difference.
func TestMedianLeader(t *testing.T) {
	pf := func(p50, se float64) Portfolio {
		return Portfolio{TerminalWealth: Dist{P50: p50}, TerminalMedianSE: se}
	}
	success := func(p Portfolio, rate float64) Portfolio {
		p.SuccessRate = rate
		return p
	}
	windows := func(p Portfolio) Portfolio {
		p.Windows = &Windows{}
		return p
	}
	for _, tc := range []struct {
		name             string
		ps               []Portfolio
		leader, runnerUp int
		clear            bool
		close            []int // CloseToLeader
	}{
		{"one portfolio", []Portfolio{pf(10, 1)}, 0, -1, false, nil},
		// √(3² + 4²) = 5: a lead of 10.5 is beyond 2 SE, one of 9.5 is not.
		{"clear lead", []Portfolio{pf(100, 3), pf(110.5, 4), pf(90, 1)}, 1, 0, true, nil},
		{"within error", []Portfolio{pf(100, 3), pf(109.5, 4), pf(90, 1)}, 1, 0, false, []int{0}},
		// A third as close: 109.5 − 101.5 = 8 < 2·√(4² + 3²) = 10.
		{"two within error", []Portfolio{pf(100, 3), pf(109.5, 4), pf(101.5, 3)}, 1, 2, false, []int{0, 2}},
		{"a tie goes to the first", []Portfolio{pf(90, 0), pf(100, 0), pf(100, 0)}, 1, 2, false, []int{2}},
		// Equal medians: the one that ran out of money less often leads
		// (every median 0 when most paths run out).
		{"a tie goes to the higher success rate", []Portfolio{success(pf(0, 0), 0.3), success(pf(0, 0), 0.5), success(pf(0, 0), 0.4)}, 1, 2, false, []int{0, 2}},
		{"no error, any lead", []Portfolio{pf(100, 0), pf(100.01, 0)}, 1, 0, true, nil},
		// Clear of the runner-up (60 > 2·√(20² + 20²) = 56.6) but not of
		// a lower median with a larger error (100 < 2·√(20² + 50²) = 107.7).
		{"a wider third within error", []Portfolio{pf(1000, 20), pf(940, 20), pf(900, 50)}, 0, 1, false, []int{2}},
		// Rolling windows: a fact of history, whatever the spread.
		{"windows", []Portfolio{windows(pf(100, 3)), windows(pf(101, 4))}, 1, 0, true, nil},
	} {
		r := Results{Portfolios: tc.ps}
		leader, runnerUp, clear := r.MedianLeader()
		if leader != tc.leader || runnerUp != tc.runnerUp || clear != tc.clear {
			t.Errorf("%s: MedianLeader() = %d, %d, %v; want %d, %d, %v", tc.name, leader, runnerUp, clear, tc.leader, tc.runnerUp, tc.clear)
		}
		if got := r.CloseToLeader(); !slices.Equal(got, tc.close) {
			t.Errorf("%s: CloseToLeader() = %v, want %v", tc.name, got, tc.close)
		}
	}
}

// TestPairedMedianSE holds pairedMedianSE to the spread of the difference
// of two medians over repeated samples of paired normal values of
// correlation ρ, whose closed form is σ·√((π − 2·asin ρ)/n) (Bahadur's
// representation with the orthant probability ¼ + asin(ρ)/(2π)). The
// estimate, averaged over R = 400 samples of n = 4,000, is compared with
// the samples' own standard deviation of the difference, whose relative
// standard error is 1/√(2R) = 3.5 %; the tolerance is 4 of those. The
// closed form is checked the same way. Identical values differ by exactly
// 0, with no error.
func TestPairedMedianSE(t *testing.T) {
	const n, reps, sigma = 4000, 400, 2.0
	tol := 4 / math.Sqrt(2*reps)
	for _, rho := range []float64{0, 0.9} {
		r := rand.New(rand.NewPCG(7, uint64(100*rho)))
		a, b, buf := make([]float64, n), make([]float64, n), make([]float64, n)
		var diffs []float64
		mean := 0.0
		for range reps {
			for i := range a {
				z1, z2 := r.NormFloat64(), r.NormFloat64()
				a[i] = 10 + sigma*z1
				b[i] = 10 + sigma*(float64(rho*z1)+math.Sqrt(1-rho*rho)*z2)
			}
			ma, mb := percentileOf(a, buf, 50), percentileOf(b, buf, 50)
			sa, sb := medianSE(a, buf), medianSE(b, buf)
			mean += pairedMedianSE(a, b, ma, mb, sa, sb) / reps
			diffs = append(diffs, ma-mb)
		}
		sd := 0.0
		for _, d := range diffs {
			sd += d * d / reps // the true difference is 0
		}
		sd = math.Sqrt(sd)
		closed := sigma * math.Sqrt((math.Pi-2*math.Asin(rho))/n)
		if math.Abs(mean/sd-1) > tol || math.Abs(closed/sd-1) > tol {
			t.Errorf("ρ = %v: pairedMedianSE averages %.5f, closed form %.5f, the samples' spread %.5f (tolerance %.0f %%)", rho, mean, closed, sd, 100*tol)
		}
	}
	same := []float64{3, 1, 4, 1, 5, 9, 2, 6}
	if got := pairedMedianSE(same, same, 3.5, 3.5, 1, 1); got != 0 {
		t.Errorf("identical portfolios: pairedMedianSE = %v, want 0", got)
	}
}

// TestMediansApartPaired: with the paired errors of a run, a lead of 3
// with a paired error of 1 is clear, though the medians' own errors of 5
// each (√50 = 7.1 unpaired) would call it too close.
func TestMediansApartPaired(t *testing.T) {
	pf := func(p50 float64) Portfolio { return Portfolio{TerminalWealth: Dist{P50: p50}, TerminalMedianSE: 5} }
	r := Results{Portfolios: []Portfolio{pf(103), pf(100)}}
	if _, _, clear := r.MedianLeader(); clear {
		t.Error("unpaired: a lead of 3 against errors of 5 called clear")
	}
	r.MedianDiffSE = [][]float64{{0, 1}, {1, 0}}
	if _, _, clear := r.MedianLeader(); !clear {
		t.Error("paired: a lead of 3 against a paired error of 1 not called clear")
	}
}

// TestMcNemarApart: c paths on which only the second portfolio ran out
// against b on which only the first did are apart when (c − b − 1)/√(b + c)
// exceeds 2. By hand: 0 against 5 is 1.79 (an exact sign test gives
// p = 0.0625), 0 against 30 is 5.3, 20 against 40 is 2.45, 20 against 30
// is 1.27; none when the first ran out more often.
func TestMcNemarApart(t *testing.T) {
	for _, tc := range []struct {
		b, c int
		want bool
	}{
		{0, 5, false}, {0, 30, true}, {20, 40, true}, {20, 30, false}, {5, 0, false}, {0, 0, false},
	} {
		if got := mcNemarApart(tc.b, tc.c); got != tc.want {
			t.Errorf("mcNemarApart(%d, %d) = %v, want %v", tc.b, tc.c, got, tc.want)
		}
	}
}

// TestRanOutAloneAddsUp: in a run whose withdrawals empty many paths, the
// paths on which only i ran out less those on which only j did is the
// difference of their counts of paths that ran out, for every pair.
func TestRanOutAloneAddsUp(t *testing.T) {
	sc := exampleEdited(t, "default", 500, func(s string) string { return strings.Replace(s, "amount: -40000", "amount: -60000", 1) })
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := float64(res.Paths)
	some := false
	for i, a := range res.Portfolios {
		for j, b := range res.Portfolios {
			if i == j {
				continue
			}
			got := res.RanOutAlone[i][j] - res.RanOutAlone[j][i]
			want := int(math.Round((b.SuccessRate - a.SuccessRate) * n))
			if got != want {
				t.Errorf("portfolios %d and %d: %d paths ran out alone net, want %d", i, j, got, want)
			}
			some = some || res.RanOutAlone[i][j] > 0
		}
	}
	if !some {
		t.Error("no path ran out for one portfolio alone: the test shows nothing")
	}
}
