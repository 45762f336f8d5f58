package sim

import (
	"math"
	"runtime"
	"slices"

	"github.com/divsim/divsim/internal/stats"
	"github.com/divsim/divsim/model"
)

// Dist summarizes a per-path figure across paths: its mean with the Monte
// Carlo standard error of the mean, and percentiles by linear interpolation
// between order statistics (numpy's default).
type Dist struct {
	Mean, MeanSE                     float64
	P5, P10, P25, P50, P75, P90, P95 float64
}

// Results are a run's summaries, in the scenario's portfolio order.
type Results struct {
	Paths int
	Seed  uint64
	// StateShare is the simulated share of path-steps spent in each joint
	// state, to compare with the stationary distribution.
	StateShare []float64
	Portfolios []Portfolio
	// MedianDiffSE[i][j] is the standard error of portfolio i's median
	// terminal wealth less portfolio j's, both taken on the same paths
	// (pairedMedianSE); nil for rolling windows of history, which are no
	// sample, and where a summary was built without the paths.
	MedianDiffSE [][]float64
	// RanOutAlone[i][j] counts the paths on which portfolio i ran out of
	// money and portfolio j did not: the discordant pairs of a paired
	// comparison of their success rates (SuccessApart); nil where a
	// summary was built without the paths.
	RanOutAlone [][]int
}

// Portfolio holds one portfolio's metrics as SCENARIO.md defines them.
// Pointers are nil where the metric is undefined (null in JSON).
type Portfolio struct {
	Name                               string
	TerminalWealth, TerminalWealthReal Dist
	// TerminalMedianSE is the Monte Carlo standard error of
	// TerminalWealth.P50 (see medianSE); reports use it to rank portfolios
	// by their medians only where the simulation can tell them apart.
	TerminalMedianSE                       float64
	AnnualizedReturn, AnnualizedReturnReal Dist
	VolatilityP50                          float64
	MaxDrawdownP50, MaxDrawdownP95         float64
	SharpeP50, SortinoP50                  *float64
	VaR95, CVaR95                          float64
	ProbLoss, ProbLossSE                   float64
	SuccessRate, SuccessRateSE             float64
	ProbGoal, ProbGoalSE, GoalShortfall    *float64
	Turnover, RebalancesPerYear            float64
	DiversificationRatio                   float64
	RiskContributions                      []float64 // per sleeve
	VsBaseline                             *VsBaseline
	Fan                                    Fan
	StressTests                            []float64 // per stress test: the return at targets (an episode's total return)
	Underwater                             *Underwater
	Spending                               *Spending // nil without a spending rule
	// Critical is every path's critical multiple of the scenario's
	// CriticalWithdrawal; nil without one.
	Critical *Critical
	// PathSharpe is every path's Sharpe ratio in path order (NaN where its
	// denominator is 0), for paired comparisons of portfolios run on the
	// same paths: path i's markets depend only on the seed and i.
	PathSharpe []float64
	// StateReturn is the annualized time-weighted return earned while each
	// joint state held, exp(k·mean log(1+r)) − 1 over the simulated steps
	// in that state on which the portfolio held money (after it ran out,
	// its returns of 0 would pull the figure toward 0); NaN for a state
	// no path visited with money in the portfolio.
	StateReturn []float64
	// Windows is each rolling window's outcome, in window order (the
	// scenario's History.Starts); nil unless the return model is
	// historical.
	Windows *Windows
	// Episodes is, per stress test, the portfolio's replay of its episode
	// of history; nil for a one-period shock.
	Episodes []*Episode
}

// Windows are a portfolio's outcomes on each rolling window (path): whether
// it ran out of money, and its terminal wealth, nominal and real.
type Windows struct {
	Depleted               []bool
	Terminal, TerminalReal []float64
}

// VsBaseline compares a portfolio with the baseline on the same paths.
type VsBaseline struct {
	TerminalDiffMean, TerminalDiffSE, TerminalDiffP50 float64
	// ProbOutperform, ProbTie and ProbBehind are the shares of paths on
	// which the portfolio's terminal wealth is above, equal to (both
	// depleted, for instance) and below the baseline's: ahead, tied and
	// behind, each counted, so they sum to 1.
	ProbOutperform, ProbTie, ProbBehind float64
}

// Fan is the yearly percentiles of wealth for the report's fan chart:
// Nominal[q][y] is percentile Percentiles[q] of wealth at the end of year y.
type Fan struct {
	Percentiles   []float64
	Nominal, Real [][]float64
	// Sketched is true when the percentiles of the years between the
	// first and the last come from quantile sketches, each within
	// model.FanSketchAccuracy of the wealth at its rank (runs of more than
	// model.ExactFanPaths paths).
	Sketched bool
}

func summarize(p *plan, stores []*store, visits, held []int64, stateLog []float64) *Results {
	sc := p.sc
	paths := sc.Simulation.Paths
	res := &Results{Paths: paths, Seed: sc.Simulation.Seed}
	var steps int64
	for _, v := range visits {
		steps += v
	}
	for _, v := range visits {
		res.StateShare = append(res.StateShare, float64(v)/float64(steps))
	}
	base := stores[sc.Baseline]
	res.Portfolios = make([]Portfolio, len(sc.Portfolios))
	// Portfolios are summarized in parallel (selecting and sorting
	// dominate), their VaR and CVaR, which sort the kept tail, as tasks of
	// their own so that two processors share five portfolios evenly; each
	// task writes only its own elements, so the results do not depend on
	// scheduling.
	n := len(sc.Portfolios)
	episodes := replayEpisodes(sc)
	tails := make([][2]float64, n)
	parallel(2*n, runtime.GOMAXPROCS(0), func(i int) {
		if i < n {
			tails[i][0], tails[i][1] = stores[i].Tail.varCVaR()
			return
		}
		b := i - n
		res.Portfolios[b] = summarizePortfolio(p, stores[b], base, b, sc.Portfolios[b], held, stateLog, episodes)
	})
	for b := range res.Portfolios {
		res.Portfolios[b].VaR95, res.Portfolios[b].CVaR95 = tails[b][0], tails[b][1]
	}
	if sc.Simulation.ReturnModel != model.Historical { // windows of history are no sample
		res.MedianDiffSE = pairedMedianSEs(stores, res.Portfolios)
	}
	res.RanOutAlone = ranOutAlone(stores)
	return res
}

// ranOutAlone is RanOutAlone from the portfolios' per-path depletion:
// one pass over the paths a pair, none for a pair that never ran out
// (solve runs dozens of portfolios, most of which never do).
func ranOutAlone(stores []*store) [][]int {
	out := make([][]int, len(stores))
	ranOut := make([]bool, len(stores))
	for i, st := range stores {
		out[i] = make([]int, len(stores))
		ranOut[i] = slices.Contains(st.Depleted, true)
	}
	for i := range stores {
		for j := range i {
			if !ranOut[i] && !ranOut[j] {
				continue
			}
			a, b := stores[i].Depleted, stores[j].Depleted[:len(stores[i].Depleted)]
			for k, gone := range a {
				switch {
				case gone && !b[k]:
					out[i][j]++
				case b[k] && !gone:
					out[j][i]++
				}
			}
		}
	}
	return out
}

// SuccessApart reports whether portfolio i ran out of money on fewer
// paths than portfolio j beyond chance, paired on the same paths:
// McNemar's test with Edwards' continuity correction on the paths where
// exactly one of them ran out, (c − b − 1)/√(b + c) > 2, b the paths where
// only i ran out and c those where only j did. Paired, it sees what two
// success rates' own errors added as if independent cannot (most paths end
// alike for both); corrected, 5 paths against none (1.8) is not a finding,
// as an exact sign test agrees (p = 0.06). ok is false without the
// per-path counts, or for rolling windows of history, which are no sample.
func (r *Results) SuccessApart(i, j int) (apart, ok bool) {
	if r.RanOutAlone == nil || r.Portfolios[i].Windows != nil {
		return false, false
	}
	b, c := r.RanOutAlone[i][j], r.RanOutAlone[j][i]
	return mcNemarApart(b, c), true
}

// mcNemarApart reports whether c exceeds b by more than 2 standard errors
// in McNemar's continuity-corrected test: (c − b − 1)/√(b + c) > 2.
func mcNemarApart(b, c int) bool {
	if c <= b {
		return false
	}
	z := float64(c-b-1) / math.Sqrt(float64(b+c))
	return z > 2
}

// pairedMedianSEs is every pair of portfolios' pairedMedianSE, [i][j],
// from their per-path terminal wealth.
func pairedMedianSEs(stores []*store, ps []Portfolio) [][]float64 {
	out := make([][]float64, len(ps))
	for i := range out {
		out[i] = make([]float64, len(ps))
	}
	for i := range ps {
		for j := range i {
			a, b := &ps[i], &ps[j]
			se := pairedMedianSE(stores[i].Terminal, stores[j].Terminal, a.TerminalWealth.P50, b.TerminalWealth.P50, a.TerminalMedianSE, b.TerminalMedianSE)
			out[i][j], out[j][i] = se, se
		}
	}
	return out
}

// pairedMedianSE is the standard error of the difference of the medians
// ma and mb of a and b, values of two portfolios on the same paths, whose
// own standard errors are sa and sb (medianSE). By Bahadur's
// representation a sample median is its true value plus (½ − the share of
// values below it) over the density there, so
//
//	Var(m̂a − m̂b) = sa² + sb² − 8·(p − ¼)·sa·sb,
//
// p the share of paths on which both values are at or below their
// medians, since sa = 1/(2·fa·√n). Independent portfolios have p = ¼ and
// the unpaired √(sa² + sb²); portfolios that move together have p near ½
// and a difference far better known than either median: on the same
// paths, two portfolios a sleeve apart differ by a fraction of the
// unpaired error, which had called medians too close to rank that a rerun
// would not reorder.
func pairedMedianSE(a, b []float64, ma, mb, sa, sb float64) float64 {
	if len(a) == 0 || sa == 0 || sb == 0 {
		return math.Hypot(sa, sb) // no density to speak of (medians at 0, one path)
	}
	both := 0
	for i, x := range a {
		if x <= ma && b[i] <= mb {
			both++
		}
	}
	p := float64(both) / float64(len(a))
	v := float64(sa*sa) + float64(sb*sb) - float64(8*(p-0.25)*sa*sb)
	return math.Sqrt(max(v, 0))
}

// summarizePortfolio computes one portfolio's summaries from its per-path
// figures (and the baseline's, for the paired comparison).
func summarizePortfolio(p *plan, st, base *store, b int, pf model.Portfolio, held []int64, stateLog []float64, episodes [][]*Episode) Portfolio {
	sc := p.sc
	paths := sc.Simulation.Paths
	buf := make([]float64, paths)
	r := Portfolio{
		Name:                 pf.Name,
		TerminalWealth:       dist(st.Terminal, buf),
		TerminalWealthReal:   dist(st.TerminalReal, buf),
		AnnualizedReturn:     dist(st.AnnReturn, buf),
		AnnualizedReturnReal: dist(st.AnnReturnReal, buf),
		VolatilityP50:        percentileOf(st.Volatility, buf, 50),
		MaxDrawdownP50:       percentileOf(st.Drawdown, buf, 50),
		MaxDrawdownP95:       percentileOf(st.Drawdown, buf, 95),
		SharpeP50:            medianDefined(st.Sharpe, buf),
		PathSharpe:           st.Sharpe,
		SortinoP50:           medianDefined(st.Sortino, buf),
		Turnover:             stats.Mean(st.Turnover),
		RebalancesPerYear:    stats.Mean(st.Rebalances),
		DiversificationRatio: model.DiversificationRatio(pf.Targets, sc.Sigma),
		RiskContributions:    model.RiskContributions(pf.Sleeves, pf.Targets, sc.Sigma),
	}
	r.TerminalMedianSE = medianSE(st.Terminal, buf)
	r.ProbLoss = share(paths, func(i int) bool { return st.Growth[i] < 1-noise }) // a flat path's rounding is no loss
	r.SuccessRate = share(paths, func(i int) bool { return !st.Depleted[i] })
	r.ProbLossSE, r.SuccessRateSE = ShareSE(r.ProbLoss, paths), ShareSE(r.SuccessRate, paths)
	if g := sc.Goal; g != nil {
		wealth := st.Terminal
		if g.Real {
			wealth = st.TerminalReal
		}
		pg := share(paths, func(i int) bool { return atLeast(wealth[i], g.TargetWealth) })
		se := ShareSE(pg, paths)
		short, misses := 0.0, 0
		for _, v := range wealth {
			if !atLeast(v, g.TargetWealth) {
				short += g.TargetWealth - v
				misses++
			}
		}
		if misses > 0 {
			short /= float64(misses)
		}
		r.ProbGoal, r.ProbGoalSE, r.GoalShortfall = &pg, &se, &short
	}
	if b != sc.Baseline {
		diff := buf // scratch: dist may reorder it
		for i := range diff {
			diff[i] = st.Terminal[i] - base.Terminal[i]
		}
		d := dist(diff, buf)
		r.VsBaseline = &VsBaseline{
			TerminalDiffMean: d.Mean, TerminalDiffSE: d.MeanSE, TerminalDiffP50: d.P50,
			ProbOutperform: share(paths, func(i int) bool {
				return st.Terminal[i] > base.Terminal[i] && !sameMoney(st.Terminal[i], base.Terminal[i])
			}),
			ProbTie: share(paths, func(i int) bool { return sameMoney(st.Terminal[i], base.Terminal[i]) }),
			ProbBehind: share(paths, func(i int) bool {
				return st.Terminal[i] < base.Terminal[i] && !sameMoney(st.Terminal[i], base.Terminal[i])
			}),
		}
	}
	if p.windows {
		r.Windows = &Windows{Depleted: st.Depleted, Terminal: st.Terminal, TerminalReal: st.TerminalReal}
	}
	r.Fan = fan(sc.Report.Percentiles, st, p.years, sc.Initial, buf)
	cols := st.Passes
	for _, m := range p.passes {
		m.summarize(cols[:m.columns()], buf, &r)
		cols = cols[m.columns():]
	}
	for t, test := range sc.StressTests {
		if test.Episode != nil {
			e := episodes[t][b]
			r.StressTests = append(r.StressTests, e.TotalReturn)
			r.Episodes = append(r.Episodes, e)
			continue
		}
		ret := 0.0
		for a, w := range pf.Targets {
			ret += float64(w * test.Returns[a])
		}
		r.StressTests = append(r.StressTests, ret)
		r.Episodes = append(r.Episodes, nil)
	}
	for j := range p.nStates {
		ret := math.NaN()
		if v := held[j*len(sc.Portfolios)+b]; v > 0 {
			ret = model.Expm1(float64(p.k) * stateLog[j*len(sc.Portfolios)+b] / float64(v))
		}
		r.StateReturn = append(r.StateReturn, ret)
	}
	return r
}

// dist summarizes xs, using buf (len(xs)) as scratch for a copy.
func dist(xs, buf []float64) Dist {
	m, se := stats.MeanSE(xs)
	var p [7]float64
	percentiles(scratchCopy(xs, buf), []float64{5, 10, 25, 50, 75, 90, 95}, p[:])
	return Dist{Mean: m, MeanSE: se, P5: p[0], P10: p[1], P25: p[2], P50: p[3], P75: p[4], P90: p[5], P95: p[6]}
}

func scratchCopy(xs, buf []float64) []float64 {
	s := buf[:len(xs)]
	copy(s, xs)
	return s
}

func percentileOf(xs, buf []float64, q float64) float64 {
	var out [1]float64
	percentiles(scratchCopy(xs, buf), []float64{q}, out[:])
	return out[0]
}

// sameMoney reports whether two amounts are the same to within a relative
// noise (1e-12), and atLeast whether v reaches target so: a flat path's
// rounding (a 0 % asset) left 999,999.9999999974 short of a 1,000,000 goal
// it met, and two flat portfolios' equal wealth neither tied. No amount a
// market moves differs by so little.
func sameMoney(a, b float64) bool {
	return a == b || math.Abs(a-b) <= float64(noise*max(math.Abs(a), math.Abs(b)))
}

func atLeast(v, target float64) bool { return v >= target || sameMoney(v, target) }

// medianDefined is the median over the values that are defined (not NaN),
// or nil when none is; buf (len(xs)) is scratch.
func medianDefined(xs, buf []float64) *float64 {
	s := buf[:0]
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return nil
	}
	var v [1]float64
	percentiles(s, []float64{50}, v[:])
	return &v[0]
}

func share(n int, hit func(i int) bool) float64 {
	c := 0
	for i := range n {
		if hit(i) {
			c++
		}
	}
	return float64(c) / float64(n)
}

// medianSE is the standard error of the median of xs, free of any
// assumption about their distribution: the rank of the sample median has
// a standard deviation of √n/2 (a binomial count of values below the
// true median), so the median moves by about half the distance between
// the percentiles 50 ∓ 50/√n, the values √n/2 ranks either side of it.
// It is 0 for fewer than two values. buf (len(xs)) is scratch.
func medianSE(xs, buf []float64) float64 {
	n := len(xs)
	if n < 2 {
		return 0
	}
	d := 50 / math.Sqrt(float64(n))
	var p [2]float64
	percentiles(scratchCopy(xs, buf), []float64{50 - d, 50 + d}, p[:])
	return (p[1] - p[0]) / 2
}

// MedianLeader returns the portfolio with the highest median terminal
// wealth, the one with the next highest (−1 with one portfolio), and
// whether the leader's median is above every other's
// beyond Monte Carlo error: by more than 2 standard errors of the
// difference on the same paths (mediansApart). Rolling windows of history
// are no random draws: their highest median is a fact of history, clear
// whenever it is higher. Equal medians are ranked by success rate, then
// by order: when most paths run out of money every median is 0, and the
// first portfolio had been named the leader over one that ran out far
// less often. This is the only copy of the rule; the Summary and a
// batch's index use it.
func (r *Results) MedianLeader() (leader, runnerUp int, clear bool) {
	leader, runnerUp = 0, -1
	for i := range r.Portfolios {
		if r.ranksAbove(i, leader) {
			leader = i
		}
	}
	for i := range r.Portfolios {
		if i != leader && (runnerUp < 0 || r.ranksAbove(i, runnerUp)) {
			runnerUp = i
		}
	}
	if runnerUp < 0 {
		return leader, runnerUp, false
	}
	// Clear of every other, not only of the runner-up: a lower median
	// with a larger error can be as close.
	return leader, runnerUp, len(r.closeTo(leader)) == 0
}

// ranksAbove reports whether portfolio i ranks above portfolio j for
// MedianLeader: a higher median terminal wealth, or the same median and a
// higher success rate.
func (r *Results) ranksAbove(i, j int) bool {
	a, b := &r.Portfolios[i], &r.Portfolios[j]
	if a.TerminalWealth.P50 != b.TerminalWealth.P50 {
		return a.TerminalWealth.P50 > b.TerminalWealth.P50
	}
	return a.SuccessRate > b.SuccessRate
}

// CloseToLeader returns, in order, the portfolios other than the leader
// (MedianLeader's) whose medians the simulation cannot tell from the
// leader's by MedianLeader's rule; none when the lead is clear.
func (r *Results) CloseToLeader() []int {
	leader, _, _ := r.MedianLeader()
	return r.closeTo(leader)
}

// closeTo returns the portfolios other than leader whose medians are not
// below its own beyond Monte Carlo error (mediansApart).
func (r *Results) closeTo(leader int) []int {
	var close []int
	for i := range r.Portfolios {
		if i != leader && !r.mediansApart(leader, i) {
			close = append(close, i)
		}
	}
	return close
}

// mediansApart reports whether portfolio i's median terminal wealth is
// above portfolio j's beyond Monte Carlo error: by more than 2 standard
// errors of their difference on the same paths (MedianDiffSE), or, for
// results without it, of the difference taken as for independent runs,
// √(se₁² + se₂²), which errs toward calling them too close. Windows of
// history count any gap.
func (r *Results) mediansApart(i, j int) bool {
	a, b := &r.Portfolios[i], &r.Portfolios[j]
	if a.Windows != nil {
		return a.TerminalWealth.P50 > b.TerminalWealth.P50
	}
	se := math.Hypot(a.TerminalMedianSE, b.TerminalMedianSE)
	if r.MedianDiffSE != nil {
		se = r.MedianDiffSE[i][j]
	}
	return a.TerminalWealth.P50-b.TerminalWealth.P50 > 2*se
}

// ShareSE is the standard error √(p(1−p)/n) of a share.
func ShareSE(p float64, n int) float64 { return math.Sqrt(p * (1 - p) / float64(n)) }

// fan computes the yearly percentiles of nominal and real wealth, exactly
// from every path's wealth or from the sketches. A sketched fan's first
// and last years are exact all the same: every path starts with the
// initial amount, and the last year's wealth is the terminal wealth, kept
// for every path, whose percentiles the summaries show; from the sketch
// they read $999,815 at the start of a $1,000,000 plan and a median 0.2 %
// off the Summary's.
func fan(pcts []float64, st *store, years int, initial float64, buf []float64) Fan {
	f := Fan{Percentiles: pcts, Sketched: st.Fan != nil}
	for range pcts {
		f.Nominal = append(f.Nominal, make([]float64, years+1))
		f.Real = append(f.Real, make([]float64, years+1))
	}
	nom, real := make([]float64, len(pcts)), make([]float64, len(pcts))
	paths := st.paths()
	for y := 0; y <= years; y++ {
		switch {
		case st.Fan != nil && y == 0:
			for q := range pcts {
				nom[q], real[q] = initial, initial
			}
		case st.Fan != nil && y == years:
			percentiles(scratchCopy(st.Terminal, buf), pcts, nom)
			percentiles(scratchCopy(st.TerminalReal, buf), pcts, real)
		case st.Fan != nil:
			st.Fan.percentiles(y, pcts, nom, real)
		default:
			percentiles(scratchCopy(st.Wealth[y*paths:(y+1)*paths], buf), pcts, nom)
			percentiles(scratchCopy(st.WealthReal[y*paths:(y+1)*paths], buf), pcts, real)
		}
		for q := range pcts {
			f.Nominal[q][y], f.Real[q][y] = nom[q], real[q]
		}
	}
	return f
}
