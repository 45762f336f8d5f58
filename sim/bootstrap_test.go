package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/divsim/divsim/history"
)

// column returns a column of the shipped history.
func column(t *testing.T, name string) []float64 {
	t.Helper()
	c := history.Default().Numeric[name]
	if c == nil {
		t.Fatalf("no column %s", name)
	}
	return c
}

// resample draws n months' indices with the block bootstrap.
func resample(months, block, n int, r *rand.Rand) []int {
	return resampleWith(blockBootstrap{months: months, block: block}, n, r)
}

func resampleWith(b blockBootstrap, n int, r *rand.Rand) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = b.next(r, 0)
	}
	return out
}

func moments(xs []float64) (mean, variance, m4 float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		d := (x - mean) * (x - mean)
		variance += d
		m4 += d * d
	}
	return mean, variance / float64(len(xs)), m4 / float64(len(xs))
}

// TestBootstrapBlockOneReproducesMoments: with blocks of one month, each
// month is drawn uniformly from the history, so the draws' mean and
// variance estimate the data's (population) mean and variance. Tolerance:
// 4 standard errors, σ/√n for the mean and √((μ₄ − σ⁴)/n) for the
// variance, from the data's own moments.
func TestBootstrapBlockOneReproducesMoments(t *testing.T) {
	data := column(t, "us_small")
	mu, v, m4 := moments(data)
	const n = 400_000
	idx := resample(len(data), 1, n, rand.New(rand.NewPCG(1, 2)))
	draws := make([]float64, n)
	for i, m := range idx {
		draws[i] = data[m]
	}
	gm, gv, _ := moments(draws)
	if se := math.Sqrt(v / n); math.Abs(gm-mu) > 4*se {
		t.Errorf("mean %v, data %v (4 SE = %v)", gm, mu, 4*se)
	}
	if se := math.Sqrt((m4 - v*v) / n); math.Abs(gv-v) > 4*se {
		t.Errorf("variance %v, data %v (4 SE = %v)", gv, v, 4*se)
	}
}

// lag1 is the lag-1 autocorrelation of xs.
func lag1(xs []float64) float64 {
	mean, v, _ := moments(xs)
	c := 0.0
	for i := 1; i < len(xs); i++ {
		c += (xs[i] - mean) * (xs[i-1] - mean)
	}
	return c / float64(len(xs)-1) / v
}

// replicates returns the mean and standard error over R independent
// resampled series of stat.
func replicates(R int, stat func(r *rand.Rand) float64) (mean, se float64) {
	xs := make([]float64, R)
	for i := range xs {
		xs[i] = stat(rand.New(rand.NewPCG(uint64(i), 99)))
	}
	m, v, _ := moments(xs)
	return m, math.Sqrt(v * float64(R) / float64(R-1) / float64(R))
}

// TestBootstrapLongBlocksKeepAutocorrelation: the data's lag-1
// autocorrelation (small caps' is clearly positive) survives 120-month
// blocks, less the 1-in-120 pairs that straddle two blocks; one-month blocks
// destroy it. The expectation uses the circular autocorrelation, as the
// blocks wrap; tolerance 4 standard errors over 200 replicate series.
func TestBootstrapLongBlocksKeepAutocorrelation(t *testing.T) {
	data := column(t, "us_small")
	n := len(data)
	mu, v, _ := moments(data)
	circ := 0.0
	for i := range data {
		circ += (data[i] - mu) * (data[(i+n-1)%n] - mu)
	}
	circ /= float64(n) * v
	if circ < 0.1 {
		t.Fatalf("data lag-1 autocorrelation %v: too small for this test to tell blocks apart", circ)
	}
	for _, tc := range []struct {
		block      int
		stationary bool
		want       float64
	}{
		{120, false, circ * 119 / 120},
		{1, false, 0},
		// Stationary blocks: consecutive months share a block with
		// probability 1 − 1/L.
		{24, true, circ * 23 / 24},
		{1, true, 0},
	} {
		m, se := replicates(200, func(r *rand.Rand) float64 {
			b := blockBootstrap{months: n, block: tc.block, stationary: tc.stationary}
			idx := resampleWith(b, 6000, r)
			xs := make([]float64, len(idx))
			for i, k := range idx {
				xs[i] = data[k]
			}
			return lag1(xs)
		})
		// A series of N months' autocorrelation estimate is biased by
		// −(1+3ρ)/N to first order (Kendall), which the expectation takes
		// off: 0.0002 to 0.0003 here, near 4 SE's size.
		want := tc.want - (1+3*tc.want)/6000
		if math.Abs(m-want) > 4*se {
			t.Errorf("block %d (stationary %v): lag-1 autocorrelation %v, want %v (4 SE = %v)", tc.block, tc.stationary, m, want, 4*se)
		}
	}
}

// TestBootstrapKeepsCrossCorrelation: months are drawn whole, so the
// correlation of small caps with 10-year Treasuries is the data's (each
// drawn month is a data month, uniformly), within 4 standard errors over
// 200 replicates.
func TestBootstrapKeepsCrossCorrelation(t *testing.T) {
	a, b := column(t, "us_small"), column(t, "bonds_10y")
	corr := func(idx []int) float64 {
		var sa, sb, saa, sbb, sab float64
		for _, k := range idx {
			x, y := a[k], b[k]
			sa, sb, saa, sbb, sab = sa+x, sb+y, saa+x*x, sbb+y*y, sab+x*y
		}
		n := float64(len(idx))
		cov := sab/n - sa/n*sb/n
		return cov / math.Sqrt((saa/n-sa/n*sa/n)*(sbb/n-sb/n*sb/n))
	}
	all := make([]int, len(a))
	for i := range all {
		all[i] = i
	}
	want := corr(all)
	m, se := replicates(200, func(r *rand.Rand) float64 { return corr(resample(len(a), 12, 6000, r)) })
	// The sample correlation of N pairs is biased by −ρ(1−ρ²)/(2N) to
	// first order for normal pairs, which the expectation takes off
	// (under 0.0001 at 6,000 months).
	want -= want * (1 - want*want) / (2 * 6000)
	if math.Abs(m-want) > 4*se {
		t.Errorf("correlation %v, data %v (4 SE = %v)", m, want, 4*se)
	}
}

// TestBootstrapEngineMeanWealth: one asset drawn month by month (blocks of
// one, monthly steps, no fees): each step's gross return is a uniform draw
// from the window's months, independent across steps, so the expected
// terminal wealth is W₀·(1 + r̄)^N with r̄ the window's mean monthly return.
// Tolerance: 4 standard errors of the mean.
func TestBootstrapEngineMeanWealth(t *testing.T) {
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 5, paths: 20000, seed: 8, return_model: bootstrap, block_months: 1,
             history_window: {from: "1990-01", to: "2019-12"}}
assets: [{id: stocks, history: us_large}]
cashflows: {initial: 1000}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {stocks: 1}}]}]
`)
	if sc.History == nil || len(sc.History.Returns) != 360 {
		t.Fatalf("history window: %+v", sc.History)
	}
	mean := 0.0
	for _, row := range sc.History.Returns {
		mean += row[0] / 360
	}
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tw := res.Portfolios[0].TerminalWealth
	within4SE(t, "mean terminal wealth", tw.Mean, 1000*math.Pow(1+mean, 60), tw.MeanSE)
	// The asset's volatility is the standard deviation (n − 1) of the
	// window's 30 calendar-year returns, computed here from its months.
	var yearly []float64
	for y := range 30 {
		g := 1.0
		for _, row := range sc.History.Returns[12*y : 12*y+12] {
			g *= 1 + row[0]
		}
		yearly = append(yearly, g-1)
	}
	_, se := meanAndSE(yearly)
	if got, want := sc.Assets[0].Volatility, se*math.Sqrt(30); math.Abs(got-want) > 1e-12 {
		t.Errorf("volatility from history %v, the calendar years' standard deviation %v", got, want)
	}
}

// TestBootstrapLabelsPickMonths: with states labelled recession and
// expansion, a step in recession draws only months the history flags as
// recessions. The asset here "returns" the recession flag itself (1 in a
// recession month, 0 otherwise), so every step in recession doubles it and
// every step in expansion leaves it alone: the annualized return earned in
// each state is exactly 2¹² − 1 and 0, whatever the blocks. (A scenario
// file may not name an indicator as an asset's history, so the test
// writes the flag over the months of a return column.)
func TestBootstrapLabelsPickMonths(t *testing.T) {
	sc := scenario(t, `
format: 1
simulation: {horizon_years: 4, paths: 300, seed: 3, return_model: bootstrap, block_months: 6}
assets: [{id: flag, history: us_large}]
regimes:
  chains:
    - name: growth
      states:
        - {name: expansion, mean_years: 4, next: {recession: 1}, label: expansion}
        - {name: recession, mean_years: 1, next: {expansion: 1}, label: recession}
cashflows: {initial: 1}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {flag: 1}}]}]
`)
	tab := history.Default()
	from, err := history.ParseMonth(sc.History.From)
	if err != nil {
		t.Fatal(err)
	}
	flags := tab.Numeric["recession"][tab.Index(from):]
	for i, row := range sc.History.Returns {
		row[0] = flags[i]
	}
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Portfolios[0].StateReturn
	if math.Abs(got[0]) > 1e-12 || math.Abs(got[1]-(math.Pow(2, 12)-1)) > 1e-9*4095 {
		t.Errorf("state returns %v, want [0 4095]", got)
	}
	if s := res.StateShare; s[1] < 0.05 {
		t.Errorf("recession share %v: too few recession steps to test", s[1])
	}
}

// TestBootstrapLabelledMonthsEquallyLikely: with labels, every month of a
// state is drawn equally often, the first month of a run of labelled
// months as often as its last, for fixed and stationary blocks longer than
// the runs (the shipped history's recessions last 6 to 18 months, blocks
// 12 by default). The state's 17 months lie in runs of 4, 3 and 10 months;
// each month's share of 1,000 draws is compared with 1/17 over 400
// replicates, within 4 standard errors. A block that stopped at a run's
// end drew a 4-month run's first month about a quarter as often as its
// last.
func TestBootstrapLabelledMonthsEquallyLikely(t *testing.T) {
	const n, draws, reps = 40, 1000, 400
	var ms []int
	for _, run := range [][2]int{{2, 5}, {10, 12}, {20, 29}} {
		for m := run[0]; m <= run[1]; m++ {
			ms = append(ms, m)
		}
	}
	if got := runSuccessors(ms, n); got[5] != 10 || got[12] != 20 || got[29] != 2 || got[3] != 4 || got[0] != -1 {
		t.Fatalf("runSuccessors: %v", got)
	}
	// Runs of one and two months: a block moves on through the state's
	// months in time order, never repeating one (wrapped within its own
	// run, a one-month run gave the same month twelve times).
	short := []int{3, 7, 8, 20, 21, 22}
	b := blockBootstrap{months: n, block: 4, members: [][]int{short}, succ: [][]int{runSuccessors(short, n)}}
	r := rand.New(rand.NewPCG(1, 1))
	for range 200 {
		seen := map[int]bool{}
		for range 4 {
			m := b.next(r, 0)
			if seen[m] {
				t.Fatalf("month %d twice in one block of 4 from %v", m, short)
			}
			seen[m] = true
		}
	}
	for _, stationary := range []bool{false, true} {
		shares := make([][]float64, n) // [month][replicate]
		for i := range reps {
			r := rand.New(rand.NewPCG(uint64(i), 7))
			b := blockBootstrap{months: n, block: 12, stationary: stationary, members: [][]int{ms}, succ: [][]int{runSuccessors(ms, n)}}
			counts := make([]int, n)
			for range draws {
				counts[b.next(r, 0)]++
			}
			for m := range n {
				shares[m] = append(shares[m], float64(counts[m])/draws)
			}
		}
		for m := range n {
			mean, v, _ := moments(shares[m])
			se := math.Sqrt(v / (reps - 1))
			want := 0.0
			if slices.Contains(ms, m) {
				want = 1.0 / float64(len(ms))
			}
			if math.Abs(mean-want) > 4*se+1e-12 {
				t.Errorf("stationary %v: month %d drawn %.4f of the time, want %.4f (4 SE = %.4f)", stationary, m, mean, want, 4*se)
			}
		}
	}
}
