package sim

import (
	"math"

	"github.com/divsim/divsim/internal/stats"
	"github.com/divsim/divsim/portfolio"
)

// Spending summarizes what a spending rule actually paid, in today's money
// (SCENARIO.md, metric `spending`): per path R_y = the year's payments /
// I_y, the price index at the year's start, over the rule's years.
type Spending struct {
	FirstYear float64 // p50 of R_1 (the rule's first year)
	// RealMean and RealMin are percentiles of each path's mean and
	// minimum of R_y: RealMean at 5, 25, 50, 75, 95; RealMin at 5, 50.
	RealMean [5]float64
	RealMin  [2]float64
	// CutYearsMean is the mean over paths of the years with
	// R_y < 0.9·R_1; CutProb the share of paths with one or more, and its
	// standard error.
	CutYearsMean, CutProb, CutProbSE float64
	// TotalReal is each path's sum of R_y: mean, its standard error, p50.
	TotalRealMean, TotalRealMeanSE, TotalRealP50 float64
	// Fan is the yearly fan of R_y over years 1..T (0 outside the rule's
	// years): Fan[q][y−1] is percentile Percentiles[q] across paths,
	// exact.
	Percentiles []float64
	Fan         [][]float64
	// By year 1..T: the share of paths paying the rule's amount in full
	// (not yet out of money), and under guardrails the shares of paths
	// whose spending was cut, raised or frozen (no inflation raise after a
	// loss) that year.
	FullShare, CutShare, RaiseShare, FrozeShare []float64
}

// spendingMetric is the `spending` metric, for a scenario with a spending
// rule over years first..last of years, and the report's percentiles for
// its yearly fan.
type spendingMetric struct {
	first, last, years int
	percentiles        []float64
	acts               bool // the rule records yearly actions (portfolio.RuleTraits.Acts)
}

// CutLevel is what makes a year's spending a cut: less than this share of
// the first year's, both in today's money (the reports' "90 %").
const CutLevel = 0.9

// leanSlack is how far below CutLevel·R_1, relatively, a year's R_y must
// be to count as lean, beyond the rounding of money over a price index: a
// 10 % guardrails cut of an amount only raised with inflation pays exactly
// 90 % of R_1, which rounding put a unit in the last place either side of
// it (44,999.99999999999 counted, 45,000 not, on one path).
const leanSlack = 1e-12

// columns are five figures per path (R_1, the mean and minimum of R_y, the
// years cut, the sum of R_y), the year it ran out of money (T+1 for none,
// or when a vpw rule emptied it as planned), then R_y for every year and,
// for a rule that acts (guardrails), its action every year.
func (m spendingMetric) columns() int {
	if m.acts {
		return 6 + 2*m.years
	}
	return 6 + m.years
}

// measure writes R_1, the mean and minimum of R_y, the years cut below
// 90 % of R_1 and the sum of R_y over the rule's years, then R_y for years
// 1..T.
func (m spendingMetric) measure(s *series, k, years int, out []float64) {
	out[5] = float64(years + 1)
	if s.depleted > 0 && !s.planned {
		out[5] = float64((s.depleted-1)/k + 1)
	}
	if m.acts {
		copy(out[6+years:6+2*years], s.guard[:years])
	}
	fan := out[6 : 6+years]
	clear(fan)
	for y := m.first; y <= m.last; y++ {
		fan[y-1] = s.spent[y-1] / s.index[(y-1)*k]
	}
	r1 := s.spent[m.first-1] / s.index[(m.first-1)*k]
	lean := CutLevel * r1 * (1 - leanSlack)
	sum, low, cuts := 0.0, math.Inf(1), 0
	for y := m.first; y <= m.last; y++ {
		r := s.spent[y-1] / s.index[(y-1)*k]
		sum += r
		low = min(low, r)
		if r < lean {
			cuts++
		}
	}
	out[0], out[1], out[2], out[3], out[4] = r1, sum/float64(m.last-m.first+1), low, float64(cuts), sum
}

func (m spendingMetric) summarize(cols [][]float64, buf []float64, r *Portfolio) {
	first, means, mins, cuts, totals := cols[0], cols[1], cols[2], cols[3], cols[4]
	sp := &Spending{FirstYear: percentileOf(first, buf, 50), CutYearsMean: stats.Mean(cuts)}
	for i, q := range []float64{5, 25, 50, 75, 95} {
		sp.RealMean[i] = percentileOf(means, buf, q)
	}
	sp.RealMin[0], sp.RealMin[1] = percentileOf(mins, buf, 5), percentileOf(mins, buf, 50)
	sp.CutProb = share(len(cuts), func(i int) bool { return cuts[i] > 0 })
	sp.CutProbSE = ShareSE(sp.CutProb, len(cuts))
	sp.TotalRealMean, sp.TotalRealMeanSE = stats.MeanSE(totals)
	sp.TotalRealP50 = percentileOf(totals, buf, 50)
	sp.Percentiles = m.percentiles
	sp.Fan = make([][]float64, len(m.percentiles))
	for q := range sp.Fan {
		sp.Fan[q] = make([]float64, m.years)
	}
	out := make([]float64, len(m.percentiles))
	ranOut := cols[5]
	sp.FullShare = make([]float64, m.years)
	for y := range m.years {
		sp.FullShare[y] = share(len(ranOut), func(i int) bool { return ranOut[i] > float64(y+1) })
	}
	if m.acts {
		sp.CutShare, sp.RaiseShare, sp.FrozeShare = make([]float64, m.years), make([]float64, m.years), make([]float64, m.years)
		for y := range m.years {
			acts := cols[6+m.years+y]
			sp.CutShare[y] = share(len(acts), func(i int) bool { return acts[i] == float64(portfolio.GuardCut) })
			sp.RaiseShare[y] = share(len(acts), func(i int) bool { return acts[i] == float64(portfolio.GuardRaise) })
			sp.FrozeShare[y] = share(len(acts), func(i int) bool { return acts[i] == float64(portfolio.GuardFroze) })
		}
	}
	for y := range m.years {
		percentiles(scratchCopy(cols[6+y], buf), m.percentiles, out)
		for q, v := range out {
			sp.Fan[q][y] = v
		}
	}
	r.Spending = sp
}
