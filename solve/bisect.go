package solve

import (
	"cmp"
	"context"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// maxBisectionRuns bounds the bisection's engine runs, and maxCopies the
// copies of a portfolio one run holds (each holds its per-path figures:
// the run's memory grows with them).
const (
	maxBisectionRuns = 20
	maxCopies        = 12
)

// The bisection evaluates rates on a grid of Tolerance (0.01 % of the
// initial amount): gridTop steps make 100 %. The first run evaluates 0 to
// 16 % in steps of 2 % (firstGuess steps): every bracket starts at most
// 2 % wide, and the chart of success against the rate has its shape.
const (
	gridTop    = 10_000
	firstGuess = 200
	firstTop   = 1600
)

// firstGrid is the first run's grid steps.
func firstGrid() []int {
	var xs []int
	for x := 0; x <= firstTop; x += firstGuess {
		xs = append(xs, x)
	}
	return xs
}

// level is one crossing a portfolio's search looks for: the largest rate
// at which its success rate (of surviving, or of ending with the initial
// amount in real terms) is at least value, bracketed by the grid steps lo
// (evaluated, at or above value) and hi (evaluated, below; -1 before any
// was).
type level struct {
	perpetual bool
	value     float64
	lo, hi    int
	loF, hiF  float64 // the success rates at lo and hi
	unreached bool    // below value even without a withdrawal
	lastWidth int     // the bracket's width at the last pick (0: none yet)
	target    float64 // the success rate sought; value is it or an end of its interval
	n         int     // the paths, for the probit scale
}

func (l *level) open() bool { return l.hi < 0 }

func (l *level) converged() bool {
	return l.unreached || (!l.open() && l.hi-l.lo <= 1) || l.lo >= gridTop
}

// update narrows the bracket with the success rates at grid step i.
// Success rates fall as the withdrawal grows, but not strictly: a rule
// that cuts spending after losses can succeed slightly more often at a
// slightly higher rate. A step above the bracket that succeeds reopens it
// upwards, so the search always ends at a rate that succeeds next to one
// that does not.
func (l *level) update(i int, pt Point) {
	f := pt.Success
	if l.perpetual {
		f = pt.Perpetual
	}
	if i == 0 {
		l.unreached, l.loF = f < l.value, f
		return
	}
	switch {
	case f >= l.value && i > l.lo:
		l.lo, l.loF = i, f
		if !l.open() && i >= l.hi {
			l.hi = -1
		}
	case f < l.value && i > l.lo && (l.open() || i < l.hi):
		l.hi, l.hiF = i, f
	}
}

// next is the grid steps the level wants evaluated: doubling until a
// rate fails; then the crossing of the straight line between the
// bracket's success rates on the probit scale (success rates against the
// withdrawal follow a normal distribution function closely, so the line
// lands near the crossing) and the step after it, which together close the
// bracket when the guess is right; and the midpoint as well when the last
// run did not halve the bracket.
func (l *level) next() []int {
	if l.open() {
		return []int{min(gridTop, max(2*l.lo, l.lo+firstGuess))}
	}
	w := l.hi - l.lo
	if w <= 2 {
		return []int{l.lo + 1}
	}
	guess := l.lo + w/2
	if zl, zh, z := probit(l.loF, l.n), probit(l.hiF, l.n), probit(l.value, l.n); zl > zh {
		guess = l.lo + int(math.Floor(float64(w)*(zl-z)/(zl-zh)))
	}
	guess = min(max(guess, l.lo+1), l.hi-2)
	xs := []int{guess}
	if l.value == l.target {
		xs = append(xs, guess+1)
	}
	if l.lastWidth > 0 && 2*w > l.lastWidth {
		xs = append(xs, l.lo+w/2)
	}
	l.lastWidth = w
	return xs
}

// probit is the standard normal quantile of a success rate over n paths,
// kept half a path from 0 and 1.
func probit(f float64, n int) float64 {
	e := 0.5 / float64(n)
	return distuv.UnitNormal.Quantile(min(max(f, e), 1-e))
}

// search is one portfolio's six levels: the target and the ends of its
// interval (target ± 1.96 standard errors), for swr and for pwr; and the
// rates evaluated.
type search struct {
	levels [6]level
	points []Point
}

func newSearch(t float64, n int) *search {
	h := halfWidth(t, n)
	s := &search{}
	// The interval's upper level at most every path, as the exact method
	// takes it (its order statistic stops at the smallest): above 1 no
	// rate reaches it and its end fell to 0, "0 – 91,650".
	// Likewise the lower level at least one path: at or below 0 every rate
	// reached it and its end rose to the top of the grid.
	for i, v := range []float64{t, min(t+h, 1), max(t-h, 1/float64(n))} {
		s.levels[i] = level{value: v, target: t, hi: -1, n: n}
		s.levels[3+i] = level{perpetual: true, value: v, target: t, hi: -1, n: n}
	}
	return s
}

// picks is the grid steps to evaluate in the next run: every unfinished
// level's next rates, once, the targets' levels first, at most maxCopies.
func (s *search) picks() []int {
	var xs []int
	for _, i := range []int{0, 3, 1, 2, 4, 5} {
		if l := &s.levels[i]; !l.converged() {
			for _, x := range l.next() {
				if len(xs) < maxCopies && !slices.Contains(xs, x) && !s.evaluated(x) {
					xs = append(xs, x)
				}
			}
		}
	}
	return xs
}

// evaluated reports whether a run has evaluated grid step i.
func (s *search) evaluated(i int) bool {
	return slices.ContainsFunc(s.points, func(p Point) bool { return p.Rate == gridRate(i) })
}

func (s *search) record(i int, pt Point) {
	s.points = append(s.points, pt)
	for j := range s.levels {
		s.levels[j].update(i, pt)
	}
}

func (s *search) done() bool {
	for i := range s.levels {
		if !s.levels[i].converged() {
			return false
		}
	}
	return true
}

// figure is a search's answer for swr (levels 0–2) or pwr (3–5): the
// largest evaluated rate that reaches the target, and for the interval
// those that reach target ± 1.96 SE.
func (p *Problem) searchFigure(ls []level) *Figure {
	if ls[0].unreached {
		return nil
	}
	lo := ls[1].lo
	if ls[1].unreached {
		lo = 0
	}
	return p.figure(gridRate(ls[0].lo), gridRate(lo), gridRate(ls[2].lo))
}

// bisect solves by runs on the scenario's paths (common random numbers):
// each run holds, for every portfolio still searching, copies at the
// rates its search picks, and narrows every level of the search with the
// success rates of each copy. The first run evaluates a coarse grid from
// 0 (is the target reachable at all?).
func (p *Problem) bisect(ctx context.Context, opts sim.Options, res *Result) error {
	n := p.sc.Simulation.Paths
	searches := make([]*search, len(p.sc.Portfolios))
	for i := range searches {
		searches[i] = newSearch(p.target, n)
	}
	for run := 0; run < maxBisectionRuns; run++ {
		type slot struct{ of, step int }
		var slots []slot
		for i, s := range searches {
			xs := firstGrid()
			if run > 0 {
				xs = s.picks()
			}
			for _, x := range xs {
				slots = append(slots, slot{i, x})
			}
		}
		if len(slots) == 0 {
			break
		}
		sc := *p.sc
		sc.Spending = nil // no spending metrics: each copy has its own rule
		sc.Goal = &model.Goal{TargetWealth: p.sc.Initial, Real: p.sc.Inflation != nil}
		sc.Baseline = 0
		sc.Portfolios = nil
		for _, sl := range slots {
			pf := p.sc.Portfolios[sl.of]
			pf.Spending = p.withFirstYear(gridRate(sl.step))
			sc.Portfolios = append(sc.Portfolios, pf)
		}
		r, err := sim.Run(ctx, &sc, opts.After(run*n))
		if err != nil {
			return err
		}
		res.Runs++
		res.Evaluations += len(slots)
		for j, sl := range slots {
			pr := r.Portfolios[j]
			searches[sl.of].record(sl.step, Point{Rate: gridRate(sl.step), Success: pr.SuccessRate, Perpetual: *pr.ProbGoal})
		}
	}
	for i, s := range searches {
		res.Converged = res.Converged && s.done()
		pts := slices.Clone(s.points)
		slices.SortFunc(pts, func(a, b Point) int { return cmp.Compare(a.Rate, b.Rate) })
		res.Portfolios = append(res.Portfolios, Portfolio{
			Name: p.sc.Portfolios[i].Name,
			SWR:  p.searchFigure(s.levels[:3]), PWR: p.searchFigure(s.levels[3:]),
			AtZero: pts[0], // the first run evaluates 0
			Curve:  slices.CompactFunc(pts, func(a, b Point) bool { return a.Rate == b.Rate }),
		})
	}
	return nil
}

// gridRate is grid step i's rate, i × 0.01 %, as the decimal it is.
func gridRate(i int) float64 { return float64(i) / gridTop }
