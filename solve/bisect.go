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

// maxBisectionRuns bounds the bisection's engine runs.
const maxBisectionRuns = 20

// The bisection evaluates rates on a grid of Tolerance (0.01 % of the
// initial amount): gridTop steps make 100 %, and the first run evaluates
// 0 and firstGuess steps (4 %).
const (
	gridTop    = 10_000
	firstGuess = 400
)

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

// next is the grid step the level wants evaluated: doubling until a rate
// fails; then the crossing of the straight line between the bracket's
// success rates on the probit scale (success rates against the
// withdrawal follow a normal distribution function closely, so the line
// lands near the crossing), or the midpoint when the last guess did not
// halve the bracket.
func (l *level) next() int {
	if l.open() {
		return min(gridTop, max(2*l.lo, l.lo+firstGuess))
	}
	w := l.hi - l.lo
	x := l.lo + w/2
	if l.lastWidth == 0 || 2*w <= l.lastWidth {
		zl, zh, z := probit(l.loF, l.n), probit(l.hiF, l.n), probit(l.value, l.n)
		if zl > zh {
			x = l.lo + int(math.Round(float64(w)*(zl-z)/(zl-zh)))
		}
	}
	l.lastWidth = w
	return min(max(x, l.lo+1), l.hi-1)
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
	for i, v := range []float64{t, t + h, t - h} {
		s.levels[i] = level{value: v, hi: -1, n: n}
		s.levels[3+i] = level{perpetual: true, value: v, hi: -1, n: n}
	}
	return s
}

// picks is the grid steps to evaluate in the next run: every unfinished
// level's next rate, once.
func (s *search) picks() []int {
	var xs []int
	for i := range s.levels {
		if l := &s.levels[i]; !l.converged() {
			if x := l.next(); !slices.Contains(xs, x) {
				xs = append(xs, x)
			}
		}
	}
	return xs
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
// success rates of each copy. The first run evaluates 0 (is the target
// reachable at all?) and firstGuess.
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
			xs := []int{0, firstGuess, 2 * firstGuess}
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
		r, err := sim.Run(ctx, &sc, withProgress(opts, run*n))
		if err != nil {
			return err
		}
		res.Runs++
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
			Curve: slices.CompactFunc(pts, func(a, b Point) bool { return a.Rate == b.Rate }),
		})
	}
	return nil
}

// gridRate is grid step i's rate, i × 0.01 %, as the decimal it is.
func gridRate(i int) float64 { return float64(i) / gridTop }
