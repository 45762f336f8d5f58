package sim

import (
	"math"
	"slices"
	"sort"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// Critical is, per path, the largest multiple x of a constant spending
// rule paying 1 in its first year (model.Scenario.CriticalWithdrawal) that
// a portfolio could pay on top of its flows: the path runs out of money
// exactly when x ≥ Survive[i] (SCENARIO.md, "Sustainable spending"), and
// it also ends with real wealth at or above the initial amount only when
// x < Perpetual[i]. Both are sorted ascending, so the share of paths that
// succeed at x is the share of entries above x. An entry of 0 or less is a
// path that fails even without the withdrawal.
type Critical struct {
	Survive, Perpetual []float64
}

// SuccessAt is the share of paths whose critical multiple in sorted is
// above x: the success rate at withdrawal x.
func SuccessAt(sorted []float64, x float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	above := len(sorted) - sort.Search(len(sorted), func(i int) bool { return sorted[i] > x })
	return float64(above) / float64(len(sorted))
}

// criticalMetric finds a path's critical multiples of a unit constant
// withdrawal. Every flow scales the holdings alike and so does the
// withdrawal, so the portfolio's returns r_t do not depend on how much it
// spends until it runs out of money, and its wealth is affine in the
// multiple x: W_t(x) = A_t − x·B_t, with A_t the wealth of the run that
// does not pay it (this run's) and B_t = (B_{t−1} + g_t)(1 + r_t) for the
// unit payments g_t. The engine stops a path whose wealth after a step's
// payments, A_{t−1} + F_t − x·(B_{t−1} + g_t), is 0 or less, so the path
// survives x exactly when x is below every ratio (A_{t−1} + F_t) /
// (B_{t−1} + g_t).
type criticalMetric struct {
	unit    *portfolio.Schedule // the unit rule's payments, and no flows
	initial float64             // cashflows.initial, the perpetual threshold in today's money
}

func newCriticalMetric(sc *model.Scenario, unit *portfolio.Spending) criticalMetric {
	// The unit rule's payments depend on neither the portfolio's holdings
	// nor its targets; any portfolio's layout serves.
	layout := portfolio.NewLayout(sc.Portfolios[0].Sleeves, len(sc.Assets))
	pf := sc.Portfolios[0]
	return criticalMetric{
		unit:    portfolio.NewSchedule(&layout, pf.Rebalance, nil, nil, unit, sc.Simulation.StepsPerYear, sc.Simulation.HorizonYears),
		initial: sc.Initial,
	}
}

// columns: the path's critical multiple for surviving, then for ending
// with real wealth at or above the initial amount.
func (m criticalMetric) columns() int { return 2 }

func (m criticalMetric) measure(s *series, k, years int, out []float64) {
	g := s.scratch
	var mem portfolio.SpendMemory
	for y := 1; y <= years; y++ {
		first, end := (y-1)*k+1, y*k
		m.unit.Decide(portfolio.State{Year: y, Value: 1, Index: s.index[first-1]}, &mem, s.index[first-1:end], g[first:end+1])
	}
	survive := math.Inf(1)
	a, b := m.initial, 0.0 // A_{t−1} and B_{t−1}
	last := len(s.ret) - 1
	if s.depleted > 0 {
		last = s.depleted
	}
	for t := 1; t <= last; t++ {
		start, unit := a+s.pay[t], b-g[t] // g holds the payments as flows: negative
		if unit > 0 {
			survive = min(survive, start/unit)
		}
		if t == s.depleted { // out of money without the withdrawal: fails at any x
			survive = min(survive, 0)
			break
		}
		a, b = s.value[t], unit*(1+s.ret[t])
	}
	perpetual := survive
	if s.depleted == 0 {
		excess := a - float64(m.initial*s.index[last]) // A_T − initial·I_T (float64: never fused)
		switch {
		case b > 0:
			perpetual = min(perpetual, excess/b)
		case excess < 0:
			perpetual = min(perpetual, 0)
		}
	}
	out[0], out[1] = survive, perpetual
}

func (m criticalMetric) summarize(cols [][]float64, _ []float64, r *Portfolio) {
	r.Critical = &Critical{Survive: slices.Sorted(slices.Values(cols[0])), Perpetual: slices.Sorted(slices.Values(cols[1]))}
}
