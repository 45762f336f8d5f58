package solve

import (
	"context"
	"math"

	"github.com/divsim/divsim/sim"
)

// exact solves a constant rule from one run: each path's critical
// withdrawal rate (sim.Critical), of which the answer is an order
// statistic.
func (p *Problem) exact(ctx context.Context, opts sim.Options, res *Result) error {
	sc := *p.sc
	sc.Spending = nil
	sc.CriticalWithdrawal = p.withFirstYear(1) // multiples of it are rates of the initial amount
	r, err := sim.Run(ctx, &sc, opts)
	if err != nil {
		return err
	}
	res.Runs, res.Evaluations = 1, len(r.Portfolios)
	for _, pf := range r.Portfolios {
		c := pf.Critical
		res.Portfolios = append(res.Portfolios, Portfolio{
			Name:   pf.Name,
			SWR:    p.orderStatistic(c.Survive),
			PWR:    p.orderStatistic(c.Perpetual),
			AtZero: Point{Success: sim.SuccessAt(c.Survive, 0), Perpetual: sim.SuccessAt(c.Perpetual, 0)},
			Curve:  curve(c),
		})
	}
	return nil
}

// orderStatistic is the largest rate x at which the share of the sorted
// critical rates above x is at least the target t, with its 95 % interval:
// the same at t + 1.96·SE and t − 1.96·SE (SE = √(t(1−t)/n)), which are
// the order statistics of the binomial ranks n(1−t) ∓ 1.96·√(n·t·(1−t)).
// Rates are rounded down to 0.0001 % of the initial amount, so a run at
// the rate succeeds as often as reported; nil when the target is out of
// reach even without a withdrawal.
func (p *Problem) orderStatistic(sorted []float64) *Figure {
	x := crossing(sorted, p.target)
	if !(x > 0) || math.IsInf(x, 0) {
		return nil
	}
	h := halfWidth(p.target, len(sorted))
	hi := crossing(sorted, p.target-h)
	if math.IsInf(hi, 0) {
		hi = x
	}
	return p.figure(below(x), below(max(crossing(sorted, p.target+h), 0)), below(hi))
}

// crossing is the supremum of the rates x at which at least a share level
// of the sorted critical rates lies above x: the entry that ⌈level·n⌉ of
// them reach (level clamped to a path at least and every path at most).
func crossing(sorted []float64, level float64) float64 {
	n := len(sorted)
	return sorted[n-PathsNeeded(level, n)]
}

// PathsNeeded is how many of n paths must succeed for a success rate of
// level: level·n rounded up (a product a rounding above a whole number
// counts as that number), from 1 to n. When it is n, the level lets no
// path fail at this many paths.
func PathsNeeded(level float64, n int) int {
	return min(max(int(math.Ceil(float64(level*float64(n))-1e-9)), 1), n) // float64(): never fused
}

// ratePrecision is the step rates are rounded down to: 0.0001 %; perUnit
// is its inverse.
const (
	ratePrecision = 1e-6
	perUnit       = 1e6
)

// below is the largest multiple of ratePrecision below x (0 for x ≤ 0).
func below(x float64) float64 {
	if x <= 0 {
		return 0
	}
	steps := math.Floor(x / ratePrecision)
	if steps/perUnit >= x {
		steps--
	}
	return max(steps/perUnit, 0) // a division by the exact 1e6 prints as the decimal it is
}

// curveStep is the exact curve's spacing in rates: 0.1 % of the initial
// amount.
const curveStep = 0.001

// curve is the success rates on a grid of rates from 0 to where fewer
// than 1 % of paths succeed (at most 100 %).
func curve(c *sim.Critical) []Point {
	n := len(c.Survive)
	top := math.Min(c.Survive[min(int(0.99*float64(n)), n-1)], 1)
	var pts []Point
	for i := 0; ; i++ {
		x := float64(i) * curveStep
		pts = append(pts, Point{Rate: x, Success: sim.SuccessAt(c.Survive, x), Perpetual: sim.SuccessAt(c.Perpetual, x)})
		if x >= top {
			return pts
		}
	}
}
