package reports

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// TestReadingRanksOnlyBeyondError checks the Summary's reading: it calls a
// portfolio's median the highest only when sim.MedianLeader tells it from
// the runner-up, says the two are too close otherwise, and says what one
// portfolio's median was; years are counted ("1 year").
func TestReadingRanksOnlyBeyondError(t *testing.T) {
	pf := func(name string, p50, se float64) sim.Portfolio {
		return sim.Portfolio{Name: name, TerminalWealth: sim.Dist{P50: p50}, TerminalMedianSE: se, SuccessRate: 1}
	}
	withSuccess := func(p sim.Portfolio, success float64) sim.Portfolio { // on 5,000 paths
		p.SuccessRate, p.SuccessRateSE = success, sim.ShareSE(success, 5000)
		return p
	}
	withSpending := func(p sim.Portfolio, cut float64) sim.Portfolio {
		p.Spending = &sim.Spending{FirstYear: 75000, RealMean: [5]float64{45663, 0, 67948, 0, 0}, CutProb: cut}
		return p
	}
	lasting := func(p sim.Portfolio, success float64, paths int) sim.Portfolio {
		p.SuccessRate, p.SuccessRateSE = success, sim.ShareSE(success, paths)
		return p
	}
	withVs := func(p sim.Portfolio, ahead, tie, behind float64) sim.Portfolio {
		p.VsBaseline = &sim.VsBaseline{ProbOutperform: ahead, ProbTie: tie, ProbBehind: behind}
		p.SuccessRate = 0.9
		return p
	}
	for _, tc := range []struct {
		name      string
		ps        []sim.Portfolio
		years     int
		want, not string
		paths     int // 100 when 0
	}{
		{"clear leader", []sim.Portfolio{pf("A", 100, 1), pf("B", 120, 1)}, 30,
			"B had the highest median outcome, USD\u00a0120 after 30 years; it is the baseline", "too close", 0},
		{"within error", []sim.Portfolio{pf("A", 100, 5), pf("B", 104, 5)}, 30,
			"B and A had median outcomes too close to rank at this number of paths: USD\u00a0104 and USD\u00a0100 after 30 years, a gap within 2 standard errors", "highest", 0},
		// Every portfolio within error of the highest is named, in order
		// of their medians (B leads A by 4 with errors of 5 each, C by 1;
		// D is 54 behind, beyond 2·√(5² + 1²) = 10.2); more than three
		// are given by their range.
		{"three within error", []sim.Portfolio{pf("A", 100, 5), pf("B", 104, 5), pf("C", 103, 5), pf("D", 50, 1)}, 30,
			"B, C and A had median outcomes too close to rank at this number of paths: USD\u00a0104, USD\u00a0103 and USD\u00a0100 after 30 years, each within 2 standard errors of the highest", "D had", 0},
		{"five within error", []sim.Portfolio{pf("A", 100, 5), pf("B", 104, 5), pf("C", 103, 5), pf("D", 101, 5), pf("E", 99, 5)}, 30,
			"B, C, D, A and E had median outcomes too close to rank at this number of paths, from USD\u00a099 to USD\u00a0104 after 30 years, each within 2 standard errors of the highest", "USD\u00a0103", 0},
		// Every portfolio at the leader's median is named in a tie, not
		// the first two (all out of money: medians of 0).
		{"three tied", []sim.Portfolio{pf("A", 0, 5), pf("B", 0, 5), pf("C", 0, 5)}, 30,
			"A, B and C had the same median outcome, USD\u00a00 after 30 years", "too close", 0},
		// 10 of 2,000 paths lasted: counted, not "ran out of money on
		// 100%" (0.995 rounds to 100 %).
		{"a few successes", []sim.Portfolio{lasting(pf("A", 120, 1), 0.005, 2000)}, 30,
			"It ran out of money on 1,990 of the 2,000 simulated paths.", "100%", 2000},
		// An exact tie (both out of money, or windows, which have no
		// error) is a tie, not a gap within error.
		{"a tie", []sim.Portfolio{pf("A", 0, 5), pf("B", 0, 5)}, 30,
			"A and B had the same median outcome, USD\u00a00 after 30 years", "standard errors", 0},
		{"one portfolio", []sim.Portfolio{pf("A", 100, 5)}, 1, "The median outcome of A was USD\u00a0100 after 1 year. It never ran out of money on any of the simulated paths.", "highest", 0},
		{"vs the baseline, no ties", []sim.Portfolio{pf("A", 100, 1), withVs(pf("B", 120, 1), 0.51, 0, 0.49)}, 30,
			"B ended ahead of the baseline (A) on 51% of the simulated paths and behind it on 49%.", "tied", 0},
		{"vs the baseline, ties", []sim.Portfolio{pf("A", 100, 1), withVs(pf("B", 120, 1), 0.5, 0.1, 0.4)}, 30,
			"on 50% of the simulated paths, tied with it on 10% (both out of money, for instance) and behind it on 40%.", "any of", 0},
		// A spending rule: the income, a retiree's first question, after
		// the wealth; cuts only when there were any.
		{"spending with cuts", []sim.Portfolio{withSpending(pf("A", 100, 1), 0.709)}, 30,
			"It never ran out of money on any of the simulated paths. Its spending averaged USD\u00a068k a year in today's money on the typical path " +
				"and USD\u00a046k on a poor one (5th percentile), from a first year of USD\u00a075k; 71% of paths had a year paying less than 90% of the first year's.", "highest", 0},
		{"spending without cuts", []sim.Portfolio{withSpending(pf("A", 100, 1), 0)}, 30,
			"from a first year of USD\u00a075k.", "less than", 0},
		// Income paid into the portfolio reaches the client through the
		// rule: the reading says it is not on top of the spending.
		{"spending with income paid in", []sim.Portfolio{withSpending(pf("A", 100, 1), 0)}, 30,
			"Social Security and Pension are paid into the portfolio: this spending includes them and is all the client receives, and what is not withdrawn stays invested, in the wealth at the end.", "Savings", 0},
		// The highest median is not the one that ran out of money least
		// often: the reading names that one when its lead is beyond 2
		// standard errors (unpaired, √(.66·.34/2000 + .74·.26/2000) = 1.44
		// points against a gap of 8), and is silent within them (a gap of
		// 2 points).
		{"safer beyond error", []sim.Portfolio{lasting(pf("A", 120, 1), 0.66, 2000), lasting(pf("B", 100, 1), 0.74, 2000)}, 30,
			"B ran out of money less often than A: on 26% of the simulated paths against 34% (a gap beyond 2 standard errors).", "B never", 2000},
		// With a spending rule, "Its spending" still follows the portfolio
		// it is about, the safer one's sentence after it.
		{"safer beyond error, spending", []sim.Portfolio{withSpending(lasting(pf("A", 120, 1), 0.66, 2000), 0), lasting(pf("B", 100, 1), 0.74, 2000)}, 30,
			"It ran out of money on 34% of the simulated paths. Its spending averaged", "than A: on 26% of the simulated paths against 34% (a gap beyond 2 standard errors). Its", 2000},
		// A few failures against none: counted, and named only beyond
		// the adjusted shares' error (failuresApart): 5 of 10,000 against
		// none is within it, 30 beyond.
		{"five failures against none", []sim.Portfolio{lasting(pf("A", 120, 1), 0.9995, 10000), lasting(pf("B", 100, 1), 1, 10000)}, 30,
			"It ran out of money on 5 of the 10,000 simulated paths.", "less often", 10000},
		{"thirty failures against none", []sim.Portfolio{lasting(pf("A", 120, 1), 0.997, 10000), lasting(pf("B", 100, 1), 1, 10000)}, 30,
			"B ran out of money less often than A: on none of the 10,000 simulated paths against 30 (a gap beyond 2 standard errors).", "<1%", 10000},
		// Paired on the same paths (RanOutAlone: A alone ran out on 20
		// paths, B alone on none), 100 failures against 80 of 10,000 are
		// apart, (20 − 0 − 1)/√20 = 4.2, where the shares' errors added as
		// independent would not be (1.5); both round to 1 %: counts.
		{"safer, paired", []sim.Portfolio{lasting(pf("A", 120, 1), 0.99, 10000), lasting(pf("B", 100, 1), 0.992, 10000)}, 30,
			"B ran out of money less often than A: on 80 of the 10,000 simulated paths against 100 (a gap beyond 2 standard errors).", "1% against", 10000},
		{"safer within error", []sim.Portfolio{lasting(pf("A", 120, 1), 0.72, 2000), lasting(pf("B", 100, 1), 0.74, 2000)}, 30,
			"A had the highest median outcome", "less often", 2000},
		// Nothing withdrawn: no path can run out of money, and the reading
		// does not say that none did.
		{"no withdrawals", []sim.Portfolio{pf("A", 100, 5)}, 1, "The median outcome of A was USD\u00a0100 after 1 year.", "ran out", 0},
		// One path in 5,000 ran out: counted, never "100 %" (nor ahead on
		// "100 %" when behind on one path).
		{"a few failures", []sim.Portfolio{pf("A", 100, 1), withSuccess(withVs(pf("B", 120, 1), 0.9998, 0, 0.0002), 0.9998)}, 30,
			"ahead of the baseline (A) on >99% of the simulated paths and behind it on <1%. It ran out of money on 1 of the 5,000 simulated paths.", "100", 5000},
	} {
		if tc.paths == 0 {
			tc.paths = 100
		}
		sc := &model.Scenario{Info: model.Info{Currency: "USD"}, Simulation: model.Simulation{HorizonYears: tc.years, Paths: tc.paths}}
		switch {
		case strings.Contains(tc.name, "income paid in"):
			// Savings paid in before the rule starts are not income.
			sc.Spending = &portfolio.Spending{StartYear: 6, EndYear: 30}
			sc.Flows = []portfolio.Flow{{Name: "Social Security", Amount: 30000, StartYear: 8, EndYear: 30}, {Name: "Rent paid", Amount: -1000, StartYear: 1, EndYear: 30},
				{Name: "Pension", Amount: 5000, StartYear: 6, EndYear: 30}, {Name: "Savings", Amount: 9000, StartYear: 1, EndYear: 5}}
		case !strings.Contains(tc.name, "no withdrawals"): // a plan that withdraws, whose success the reading states
			sc.Flows = []portfolio.Flow{{Name: "Income", Amount: -1000}}
		}
		for _, p := range tc.ps {
			sc.Portfolios = append(sc.Portfolios, model.Portfolio{Name: p.Name})
		}
		b := &book{sc: sc, res: &sim.Results{Paths: tc.paths, Portfolios: tc.ps}}
		if strings.Contains(tc.name, "paired") {
			b.res.RanOutAlone = [][]int{{0, 20}, {0, 0}}
		}
		got := b.reading()
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("%s: %q, want %q and not %q", tc.name, got, tc.want, tc.not)
		}
	}
}

// TestMaxShareSECoversEveryShare: the Summary's "within about ±x" covers
// every share it shows; here the largest is a share of 0.5 ahead of the
// baseline on 400 paths, √(0.25/400) = 2.5 %, far above the success
// rate's.
func TestMaxShareSECoversEveryShare(t *testing.T) {
	const n = 400
	ps := []sim.Portfolio{
		{SuccessRate: 0.99, SuccessRateSE: sim.ShareSE(0.99, n)},
		{SuccessRate: 0.98, SuccessRateSE: sim.ShareSE(0.98, n),
			VsBaseline: &sim.VsBaseline{ProbOutperform: 0.5, ProbTie: 0.1, ProbBehind: 0.4}},
	}
	b := &book{res: &sim.Results{Paths: n, Portfolios: ps}}
	if got, want := maxShareSE(b), 0.025; math.Abs(got-want) > 1e-15 {
		t.Errorf("maxShareSE = %v, want %v", got, want)
	}
	ps[0].Underwater = &sim.Underwater{ProbEndSE: 0.03}
	if got := maxShareSE(b); got != 0.03 {
		t.Errorf("with an underwater share's 0.03: maxShareSE = %v", got)
	}
}

// TestStayAgreement: the Regimes sheet calls simulated mean stays close to
// the stated ones only when they are within stayGap of them. With monthly
// steps a stay is about half a month longer than stated; with yearly steps
// and stays of one to a few years, a stay of whole years is much longer
// (a stated year's stay gives 1/(1 − e^−1) ≈ 1.6 years on its own).
func TestStayAgreement(t *testing.T) {
	for _, tc := range []struct {
		steps int
		want  string
	}{
		{12, "close to the stated mean stay"},
		{1, "longer than the stated mean stay here"},
	} {
		sc := resolve(t, "default", 100, func(s string) string {
			s = strings.Replace(s, "every: quarter", "every: year", 1)
			return strings.Replace(s, "steps_per_year: 12", fmt.Sprintf("steps_per_year: %d", tc.steps), 1)
		})
		if sc.Simulation.StepsPerYear != tc.steps {
			t.Fatalf("the default example has %d steps a year, want %d", sc.Simulation.StepsPerYear, tc.steps)
		}
		for _, ch := range sc.Regimes.Chains {
			if got := stayAgreement(ch, float64(tc.steps)); !strings.Contains(got, tc.want) {
				t.Errorf("%d steps a year, chain %s: %q, want %q", tc.steps, ch.Name, got, tc.want)
			}
		}
	}
}

// TestFailuresApart: two counts of failures are apart when Agresti and
// Caffo's adjusted shares, (x + 1)/(n + 2), differ by more than 2 of their
// standard errors, taken as independent. By hand: 0 and 5 of 10,000 are
// 1/10,002 and 6/10,002, whose errors add to 2.65e-4 against a gap of
// 5.0e-4, 1.89 errors (the plain shares' rule put them 2.24 apart); 0 and
// 30 are 5.3 apart; 26 % and 34 % of 2,000 are 5.5 apart, 72 % and 74 %
// 1.4.
func TestFailuresApart(t *testing.T) {
	for _, tc := range []struct {
		fewer, more, n int
		want           bool
	}{
		{0, 5, 10000, false},
		{0, 30, 10000, true},
		{520, 680, 2000, true},
		{520, 520, 2000, false},
		{1440, 1480, 2000, false},
		{5, 0, 10000, false}, // more failures, not fewer
	} {
		if got := failuresApart(tc.fewer, tc.more, tc.n); got != tc.want {
			t.Errorf("failuresApart(%d, %d, %d) = %v, want %v", tc.fewer, tc.more, tc.n, got, tc.want)
		}
	}
}

// TestTooCloseRealRange: with more than three portfolios too close to
// rank, the sentence gives the range of their medians in today's money
// from the lowest and highest real median, which need not belong to the
// lowest and highest nominal ones (here D has the highest real median and
// the second lowest nominal one).
func TestTooCloseRealRange(t *testing.T) {
	pf := func(name string, nominal, real float64) sim.Portfolio {
		return sim.Portfolio{Name: name, TerminalWealth: sim.Dist{P50: nominal}, TerminalWealthReal: sim.Dist{P50: real}, TerminalMedianSE: 50, SuccessRate: 1}
	}
	ps := []sim.Portfolio{pf("A", 1040, 500), pf("B", 1030, 510), pf("C", 1020, 505), pf("D", 1010, 530), pf("E", 1000, 490)}
	sc := &model.Scenario{Info: model.Info{Currency: "USD"}, Simulation: model.Simulation{HorizonYears: 30, Paths: 1000},
		Inflation: &model.Inflation{Expected: 0.025}}
	for _, p := range ps {
		sc.Portfolios = append(sc.Portfolios, model.Portfolio{Name: p.Name})
	}
	b := &book{sc: sc, res: &sim.Results{Paths: 1000, Portfolios: ps}}
	want := "from USD\u00a01,000 to USD\u00a01,040 after 30 years (USD\u00a0490 to USD\u00a0530 in today's money)"
	if got := b.reading(); !strings.Contains(got, want) {
		t.Errorf("reading %q, want %q", got, want)
	}
}

// TestWindowsFailureReading: over rolling windows of history the reading
// counts the windows in which its portfolio ran out of money, names the
// one that ran out in the fewest when that is another, and gives the start
// years of the windows where only one of the two ran out: a gap of nine
// windows that all began in 1965–69 is a few bad years seen over and over.
func TestWindowsFailureReading(t *testing.T) {
	starts := []string{"1964-12", "1965-01", "1966-06", "1969-12", "1970-01", "1980-05"}
	window := func(name string, depleted ...bool) sim.Portfolio {
		failed := 0
		for _, d := range depleted {
			if d {
				failed++
			}
		}
		return sim.Portfolio{Name: name, SuccessRate: 1 - float64(failed)/float64(len(depleted)), Windows: &sim.Windows{Depleted: depleted}}
	}
	for _, tc := range []struct {
		name string
		ps   []sim.Portfolio
		want string
	}{
		{"years apart", []sim.Portfolio{window("A", false, true, true, true, true, false), window("B", false, false, true, false, true, false)},
			" It ran out of money in 4 of the 6 windows, B in 2 (the difference all in windows begun 1965–1969)."},
		{"one year", []sim.Portfolio{window("A", false, false, true, false, false, false), window("B", false, false, false, false, false, false)},
			" It ran out of money in 1 of the 6 windows, B in none (the difference all in windows begun in 1966)."},
		{"the safest itself", []sim.Portfolio{window("A", false, false, true, false, false, false), window("B", true, false, true, false, false, false)},
			" It ran out of money in 1 of the 6 windows."},
	} {
		b := &book{sc: &model.Scenario{History: &model.History{Starts: starts}}, res: &sim.Results{Paths: len(starts), Portfolios: tc.ps}}
		if got := b.windowsFailureReading(0, "It"); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
