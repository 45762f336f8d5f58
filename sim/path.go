package sim

import (
	"math"
	"math/rand/v2"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// worker owns the reusable buffers of one goroutine.
type worker struct {
	p      *plan
	rng    *pathRand
	chain  []int     // current state per chain
	z, x   []float64 // independent and correlated shocks
	gross  []float64 // per asset: gross step return after expense ratio
	books  []book    // per portfolio
	visits []int64   // steps spent in each joint state
	// stateGrowth is each portfolio's Π(1+r) over the current path's steps
	// in each joint state, [state*portfolios + b]; stateLog sums the logs of
	// those products over the paths of the current chunk.
	stateGrowth, stateLog []float64
	// yearReturns buffers each portfolio's calendar-year returns until
	// flushReturns adds them to the stores' tails; fan collects each
	// portfolio's yearly wealth over the worker's paths when the fan is
	// sketched, until flush merges it into the stores.
	yearReturns [][]float64
	fan         *fanBuffer // nil when the fan is exact
	boot        blockBootstrap
}

// book is one portfolio's state on the current path.
type book struct {
	pos     []float64
	scratch *portfolio.Scratch
	acc     accumulator
}

func newWorker(p *plan) *worker {
	w := &worker{
		p: p, rng: newPathRand(),
		chain: make([]int, len(p.chains)),
		z:     make([]float64, p.nAssets), x: make([]float64, p.nAssets), gross: make([]float64, p.nAssets),
		visits: make([]int64, p.nStates),
		boot: blockBootstrap{months: len(p.history), block: p.sc.Simulation.BlockMonths,
			stationary: p.sc.Simulation.StationaryBlocks,
			members:    p.stateMonths, in: p.inState},
	}
	w.stateGrowth = make([]float64, p.nStates*len(p.portfolios))
	w.stateLog = make([]float64, p.nStates*len(p.portfolios))
	for i := range w.stateGrowth {
		w.stateGrowth[i] = 1
	}
	for _, pp := range p.portfolios {
		w.books = append(w.books, book{pos: make([]float64, pp.layout.Positions()), scratch: pp.layout.NewScratch()})
		w.yearReturns = append(w.yearReturns, make([]float64, 0, chunk*p.years))
	}
	if p.sketchFan {
		w.fan = newFanBuffer(len(p.portfolios), p.years)
	}
	return w
}

// flushReturns adds the buffered calendar-year returns to the stores'
// tails; the caller serializes calls for the same stores. Tails keep the
// lowest values whatever order they come in, so the stores do not depend on
// which worker ran which paths.
func (w *worker) flushReturns(stores []*store) {
	for b, st := range stores {
		for _, r := range w.yearReturns[b] {
			st.Tail.add(r)
		}
		w.yearReturns[b] = w.yearReturns[b][:0]
	}
}

// flush adds everything the worker collected to the stores: the buffered
// returns and the fan sketches, which merge exactly by adding counts.
func (w *worker) flush(stores []*store) {
	w.flushReturns(stores)
	if w.fan == nil {
		return
	}
	w.fan.drain()
	for b, st := range stores {
		if err := st.Fan.merge(w.fan.sketches[b]); err != nil {
			panic(err) // same mapping by construction
		}
		w.fan.sketches[b] = nil
	}
}

// step draws the joint regime state of step t (1-based) and returns it.
func (w *worker) regime(t int) int {
	j := 0
	for c, cp := range w.p.chains {
		u := w.rng.regime.Float64()
		if t == 1 {
			w.chain[c] = draw(cp.start, u)
		} else {
			from := w.chain[c]
			w.chain[c] = draw(cp.cum[from*cp.n:(from+1)*cp.n], u)
		}
		j += w.chain[c] * cp.radix
	}
	return j
}

// shocks fills w.x with the correlated (and, for Student t, scaled and
// clamped) shocks of joint state j.
func (w *worker) shocks(j int) {
	p := w.p
	n := p.nAssets
	for a := range n {
		w.z[a] = w.rng.shock.NormFloat64()
	}
	c := p.stateCorr[j]
	if p.identity[c] {
		copy(w.x, w.z)
	} else {
		f := p.factors[c]
		for i := range n {
			row := f[i*n : (i+1)*n]
			s := 0.0
			for k, v := range row {
				s += v * w.z[k]
			}
			w.x[i] = s
		}
	}
	if p.student {
		scale := math.Sqrt((p.nu - 2) / chiSquare(w.rng.shock, p.nu))
		for i := range n {
			w.x[i] = math.Max(-model.ShockClamp, math.Min(model.ShockClamp, w.x[i]*scale))
		}
	}
}

// assetReturns fills w.gross with each asset's gross step return after its
// expense ratio in joint state j, and returns the step's risk-free return
// (before the expense ratio; 0 without a risk-free asset).
func (w *worker) assetReturns(j int) (rf float64) {
	p := w.p
	n := p.nAssets
	if p.bootstrap {
		for a := range w.gross[:n] {
			w.gross[a] = 1
		}
		for range p.monthsPerStep {
			row := p.history[w.boot.next(w.rng.shock, j)]
			for a, g := range row {
				w.gross[a] *= g
			}
		}
		if p.riskFree >= 0 {
			rf = w.gross[p.riskFree] - 1
		}
		for a := range w.gross[:n] {
			w.gross[a] *= p.expense[a]
		}
		return rf
	}
	w.shocks(j)
	mu, sigma := p.mu[j*n:(j+1)*n], p.sigma[j*n:(j+1)*n]
	for a, x := range w.x[:n] {
		g := math.Exp(mu[a] + sigma[a]*x)
		if a == p.riskFree {
			rf = g - 1
		}
		w.gross[a] = g * p.expense[a]
	}
	return rf
}

// simulate runs path i and writes its results into the stores.
func (w *worker) simulate(i int, stores []*store) {
	p := w.p
	w.rng.seed(p.sc.Simulation.Seed, i)
	w.boot.left = 0 // every path starts a new block
	initial := p.sc.Initial
	at, held := i-stores[0].Lo, stores[0].paths()
	for b := range w.books {
		bk := &w.books[b]
		p.portfolios[b].layout.Invest(bk.pos, initial)
		bk.acc = newAccumulator(initial)
		w.recordWealth(stores[b], b, 0, at, held, initial, initial)
	}
	index := 1.0 // price index I
	for t := 1; t <= p.steps; t++ {
		j := w.regime(t)
		w.visits[j]++
		rf := w.assetReturns(j)
		inflationGross := 1.0
		if p.inflation {
			inflationGross = math.Exp(p.infMu[j] + p.infSigma[j]*w.rng.shock.NormFloat64())
		}
		flow := p.fixedFlow[t] + p.indexedFlow[t]*index
		yearEnd := t%p.k == 0
		nb := len(w.books)
		for b := range w.books {
			r := w.stepPortfolio(b, t, flow, rf, inflationGross)
			w.stateGrowth[j*nb+b] *= 1 + r
		}
		index *= inflationGross
		if yearEnd {
			y := t / p.k
			for b := range w.books {
				acc := &w.books[b].acc
				w.yearReturns[b] = append(w.yearReturns[b], acc.endYear(p.k))
				w.recordWealth(stores[b], b, y, at, held, acc.value, acc.value/index)
			}
		}
	}
	for b := range w.books {
		w.finish(&w.books[b].acc, stores[b], at, index)
	}
	if w.fan != nil {
		w.fan.endPath()
	}
	// A path has at most steps factors per state, each within (0, ~3): the
	// product cannot overflow, so one log per state and path suffices.
	for k, g := range w.stateGrowth {
		if g != 1 {
			w.stateLog[k] += math.Log(g)
			w.stateGrowth[k] = 1
		}
	}
}

// stepPortfolio applies step t to portfolio b: flow, returns and expense
// ratios, fee, rebalancing if due; then updates its metrics. It returns the
// step's return r_t.
func (w *worker) stepPortfolio(b, t int, flow, rf, inflationGross float64) float64 {
	pp := &w.p.portfolios[b]
	bk := &w.books[b]
	acc := &bk.acc
	r := 0.0
	if !acc.depleted {
		start := acc.value + flow
		if start <= 0 {
			acc.depleted = true
			acc.value = 0
			clear(bk.pos)
		} else {
			end := 0.0
			if flow == 0 {
				// The common step: no flow, so no pro-rata scaling (the
				// factor would be exactly 1).
				for q, a := range pp.layout.PosAsset {
					v := bk.pos[q] * w.gross[a] * pp.fee
					bk.pos[q] = v
					end += v
				}
			} else {
				scale := start / acc.value
				for q, a := range pp.layout.PosAsset {
					v := bk.pos[q] * scale * w.gross[a] * pp.fee
					bk.pos[q] = v
					end += v
				}
			}
			if pp.every > 0 && t%pp.every == 0 && pp.layout.OutOfBand(bk.pos, pp.bands, bk.scratch) {
				traded, cost := pp.layout.Rebalance(bk.pos, pp.policy, bk.scratch)
				end -= cost
				acc.yearTraded += traded
				acc.rebalances++
			}
			acc.value = end
			r = end/start - 1
		}
	}
	x := 0.0
	if !acc.depleted {
		x = r - rf
	}
	acc.record(r, x, inflationGross)
	return r
}

// recordWealth records portfolio b's wealth at the end of year y on the
// path at index at of the store (of held paths).
func (w *worker) recordWealth(st *store, b, y, at, held int, nominal, real float64) {
	if w.fan != nil {
		w.fan.add(b, y, nominal, real)
		return
	}
	st.Wealth[y*held+at] = nominal
	st.WealthReal[y*held+at] = real
}

// finish writes the path's metrics into the store at index at.
func (w *worker) finish(acc *accumulator, st *store, at int, index float64) {
	m := acc.metrics(w.p.k, w.p.years)
	st.Terminal[at] = acc.value
	st.TerminalReal[at] = acc.value / index
	st.AnnReturn[at], st.AnnReturnReal[at] = m.annReturn, m.annReturnReal
	st.Growth[at] = acc.growth
	st.Depleted[at] = acc.depleted
	st.Drawdown[at] = acc.drawdown
	st.Volatility[at] = m.volatility
	st.Sharpe[at], st.Sortino[at] = m.sharpe, m.sortino
	st.Turnover[at], st.Rebalances[at] = m.turnover, m.rebalances
}

// chiSquare draws χ²_ν as 2·Gamma(ν/2) by Marsaglia and Tsang's method
// (shape ν/2 > 2 here, so no boost for shape < 1 is needed).
func chiSquare(r *rand.Rand, nu float64) float64 {
	d := nu/2 - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return 2 * d * v
		}
	}
}
