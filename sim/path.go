package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"unsafe"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// worker owns the reusable buffers of one goroutine.
type worker struct {
	p     *plan
	rng   *pathRand
	chain []int     // current state per chain
	z, x  []float64 // independent and correlated shocks; x has paddedRows(n)
	// normals holds a lognormal path's independent normals in the order
	// they are drawn: per step, the assets' and then inflation's.
	normals []float64
	books   []book // per portfolio
	// The path's market, drawn before any portfolio runs on it: per step t
	// (1-based; index 0 is the start), the joint regime state, each asset's
	// gross return after its expense ratio ([t*nAssets + a]), the risk-free
	// return, gross inflation, the price index I_t and the cash flow.
	states                     []int
	gross                      []float64
	rf, inflation, index, flow []float64
	visits                     []int64 // steps spent in each joint state
	// stateGrowth is each portfolio's Π(1+r) over the current path's steps
	// in each joint state, [state*portfolios + b]; stateLog sums the logs of
	// those products over the paths of the current chunk.
	stateGrowth, stateLog []float64
	series                series // the current portfolio's path
	// yearReturns buffers each portfolio's calendar-year returns until
	// flushReturns adds them to the stores' tails; fan collects each
	// portfolio's yearly wealth over the worker's paths when the fan is
	// sketched, until flush merges it into the stores.
	yearReturns [][]float64
	fan         *fanBuffer // nil when the fan is exact
	boot        blockBootstrap
}

// book is one portfolio's working memory.
type book struct {
	pos     []float64
	scratch *portfolio.Scratch
}

// padded returns a slice of n elements with 128 bytes of unused memory on
// each side. Workers allocate their small, often written buffers this way:
// two workers' buffers allocated next to each other would otherwise share
// a cache line, which the two cores would pass back and forth at every write
// (false sharing: it cost the floor kernel half its speed on two cores).
func padded[T any](n int) []T {
	var zero T
	pad := 128/max(int(unsafe.Sizeof(zero)), 1) + 1
	return make([]T, n+2*pad)[pad : pad+n : pad+n]
}

func newWorker(p *plan) *worker {
	w := &worker{
		p: p, rng: newPathRand(),
		chain: padded[int](len(p.chains)),
		z:     padded[float64](p.nAssets), x: padded[float64](paddedRows(p.nAssets)),
		states: padded[int](p.steps + 1), gross: padded[float64]((p.steps + 1) * p.nAssets),
		rf: padded[float64](p.steps + 1), inflation: padded[float64](p.steps + 1),
		index: padded[float64](p.steps + 1), flow: padded[float64](p.steps + 1),
		visits: padded[int64](p.nStates),
		boot: blockBootstrap{months: len(p.history), block: p.sc.Simulation.BlockMonths,
			stationary: p.sc.Simulation.StationaryBlocks,
			members:    p.stateMonths, in: p.inState},
	}
	if p.lognormal() {
		w.normals = padded[float64](p.steps * p.normalsPerStep())
	}
	w.stateGrowth = padded[float64](p.nStates * len(p.portfolios))
	w.stateLog = padded[float64](p.nStates * len(p.portfolios))
	w.series = newSeries(p.steps, p.years)
	w.books = padded[book](len(p.portfolios))[:0]
	for i := range w.stateGrowth {
		w.stateGrowth[i] = 1
	}
	if !p.inflation {
		for t := range w.inflation {
			w.inflation[t] = 1 // no inflation: drawMarket never writes it
		}
	}
	for _, pp := range p.portfolios {
		w.books = append(w.books, book{pos: padded[float64](pp.layout.Positions()), scratch: pp.layout.NewScratch()})
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
		st.Tail.addAll(w.yearReturns[b])
		w.yearReturns[b] = w.yearReturns[b][:0]
	}
}

// flush adds everything the worker collected to the stores: the buffered
// returns, and the fan's bins to the run's fan (per portfolio) and the
// values without a bin to the stores' sketches, which merge exactly by
// adding counts. The caller serializes calls.
func (w *worker) flush(stores []*store, fan []fanBins) {
	w.flushReturns(stores)
	if w.fan == nil {
		return
	}
	w.fan.drain()
	for b, st := range stores {
		if fan[b] == nil {
			fan[b] = w.fan.bins[b] // the first worker's bins: the worker is done with them
		} else {
			fan[b].add(w.fan.bins[b])
		}
		if err := st.Fan.merge(w.fan.sketches[b]); err != nil {
			panic(err) // same mapping by construction
		}
	}
}

// regime draws the joint regime state of step t (1-based) and returns it.
func (w *worker) regime(t int) int {
	j := 0
	for c, cp := range w.p.chains {
		u := w.rng.regime.float64()
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
	w.rng.shock.fillNorm(w.z[:n])
	w.correlate(j, w.z[:n])
	if p.student {
		scale := math.Sqrt((p.nu - 2) / chiSquare(w.rng.shockRand, p.nu))
		for i := range n {
			w.x[i] = math.Max(-model.ShockClamp, math.Min(model.ShockClamp, w.x[i]*scale))
		}
	}
}

// correlate fills w.x with the independent normals z correlated as in
// joint state j.
func (w *worker) correlate(j int, z []float64) {
	p := w.p
	c := p.stateCorr[j]
	switch {
	case p.identity[c]:
		copy(w.x, z)
	case haveAVX2:
		factorVector(w.x, z, p.factorCols[c], p.blockCols[c])
	default:
		factorScalar(w.x, z, p.factors[c], p.factorRows[c])
	}
}

// factorScalar multiplies z by the n×n factor f (row-major) into x: x[i] =
// Σₖ f[i][k]·z[k] over the columns up to row i's last nonzero, rows[i]
// (a triangular factor's zeros are skipped).
func factorScalar(x, z, f []float64, rows []int) {
	n := len(rows)
	for i, cols := range rows {
		row := f[i*n : i*n+cols]
		s := 0.0
		for k, v := range row {
			s += v * z[k]
		}
		x[i] = s
	}
}

// drawMarket draws the path's market into the worker: each step's regime
// state from the regime stream; then, from the shock stream in step order,
// each step's asset returns (correlated shocks, or months of history) and
// inflation's shock; then the path's exponentials at once, the price index
// and the flows. It leaves gross returns after expense ratios in w.gross,
// the risk-free return (before its expense ratio; 0 without a risk-free
// asset) in w.rf and gross inflation in w.inflation (1 without inflation,
// set once by newWorker). Every portfolio then runs on it.
func (w *worker) drawMarket() {
	p := w.p
	n := p.nAssets
	for t := 1; t <= p.steps; t++ {
		j := w.regime(t)
		w.states[t] = j
		w.visits[j]++
	}
	if p.lognormal() {
		// The path's normals at once, in the order the loop below drew them
		// one step at a time for the other models.
		w.rng.shock.fillNorm(w.normals)
		m := p.normalsPerStep()
		for t := 1; t <= p.steps; t++ {
			z := w.normals[(t-1)*m : t*m]
			w.inflation[t] = w.lognormalStep(w.states[t], z, w.gross[t*n:(t+1)*n])
		}
	} else {
		for t := 1; t <= p.steps; t++ {
			j := w.states[t]
			if p.bootstrap {
				w.historyReturns(j, w.gross[t*n:(t+1)*n])
			} else {
				w.logReturns(j, w.gross[t*n:(t+1)*n])
			}
			if p.inflation {
				w.inflation[t] = w.inflationLog(j) // exponentiated below
			}
		}
	}
	if !p.bootstrap {
		expAll(w.gross[n:])
	}
	if p.inflation {
		expAll(w.inflation[1:])
	}
	w.index[0] = 1
	for t := 1; t <= p.steps; t++ {
		gross := w.gross[t*n : (t+1)*n]
		w.rf[t] = 0
		if p.riskFree >= 0 {
			w.rf[t] = gross[p.riskFree] - 1
		}
		for a, e := range p.expense {
			gross[a] *= e
		}
		w.flow[t] = p.fixedFlow[t] + p.indexedFlow[t]*w.index[t-1]
		w.index[t] = w.index[t-1] * w.inflation[t]
	}
}

// logReturns draws the correlated shocks of a step in joint state j and
// writes each asset's log gross return into logs; drawMarket takes their
// exponentials for the whole path at once, which lets the processor
// overlap them.
func (w *worker) logReturns(j int, logs []float64) {
	p := w.p
	n := p.nAssets
	w.shocks(j)
	mu, sigma := p.mu[j*n:(j+1)*n], p.sigma[j*n:(j+1)*n]
	for a, x := range w.x[:n] {
		logs[a] = mu[a] + sigma[a]*x
	}
}

// lognormalStep writes the log gross returns of a lognormal step in joint
// state j into logs from the step's normals z (the assets', then
// inflation's), and returns inflation's log gross return (1 without
// inflation, which drawMarket then leaves alone).
func (w *worker) lognormalStep(j int, z, logs []float64) float64 {
	p := w.p
	n := p.nAssets
	w.correlate(j, z[:n])
	mu, sigma := p.mu[j*n:(j+1)*n], p.sigma[j*n:(j+1)*n]
	for a, x := range w.x[:n] {
		logs[a] = mu[a] + sigma[a]*x
	}
	if !p.inflation {
		return 1
	}
	return p.infMu[j] + p.infSigma[j]*z[n]
}

// inflationLog draws the log of a step's gross inflation in joint state j
// from the shock stream.
func (w *worker) inflationLog(j int) float64 {
	return w.p.infMu[j] + w.p.infSigma[j]*w.rng.shock.norm()
}

// historyReturns draws a step's months of history in joint state j and
// writes each asset's gross return over them into gross.
func (w *worker) historyReturns(j int, gross []float64) {
	p := w.p
	for a := range gross {
		gross[a] = 1
	}
	for range p.monthsPerStep {
		row := p.history[w.boot.next(w.rng.shockRand, j)]
		for a, g := range row {
			gross[a] *= g
		}
	}
}

// simulate runs path i and writes its results into the stores.
func (w *worker) simulate(i int, stores []*store) {
	p := w.p
	w.rng.seed(p.sc.Simulation.Seed, i)
	w.boot.left = 0 // every path starts a new block
	w.drawMarket()
	at, held := i-stores[0].Lo, stores[0].paths()
	for b := range w.books {
		w.runPortfolio(b, stores[b], at, held)
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

// runPortfolio runs portfolio b over the worker's path and writes its
// figures into its store at index at (of held paths).
func (w *worker) runPortfolio(b int, st *store, at, held int) {
	p := w.p
	rebalances, depleted := w.hold(b)
	m := measure(&w.series, p.k, p.years, w.index[p.steps], w.yearReturnsFor(b))
	w.growthByState(b, w.states, w.series.ret, w.stateGrowth)
	w.record(b, st, at, held, pathView{value: w.series.value, stride: 1, index: w.index}, m, rebalances, depleted)
}

// pathView is what record needs of one path: a portfolio's series on it
// and the path's price index; slot is the path's place among the paths run
// together (0 for one path at a time).
type pathView struct {
	value  []float64 // the end value of step t at value[t·stride]
	stride int
	index  []float64
	slot   int
	fanned bool // the sketched fan has the path's yearly wealth already
}

// growthByState multiplies portfolio b's entry of each joint state in
// stateGrowth by Π(1+r) over the path's steps in that state, multiplied
// in a register while the state lasts (states last months to years):
// through memory, each step waited for the last one's store.
func (w *worker) growthByState(b int, states []int, ret, stateGrowth []float64) {
	nb := len(w.books)
	state, growth := states[1], 1.0
	for t, j := range states[1 : w.p.steps+1] {
		if j != state {
			stateGrowth[state*nb+b] *= growth
			state, growth = j, 1
		}
		growth *= 1 + ret[t+1]
	}
	stateGrowth[state*nb+b] *= growth
}

// yearReturnsFor returns room for a path's calendar-year returns of
// portfolio b in the worker's buffer (no allocation within a chunk).
func (w *worker) yearReturnsFor(b int) []float64 {
	buf := slices.Grow(w.yearReturns[b], w.p.years)
	w.yearReturns[b] = buf[:len(buf)+w.p.years]
	return w.yearReturns[b][len(buf):]
}

// record writes portfolio b's figures on a path, its metrics m and yearly
// wealth, into its store at index at (of held paths).
func (w *worker) record(b int, st *store, at, held int, v pathView, m pathMetrics, rebalances int, depleted bool) {
	p := w.p
	switch {
	case w.fan == nil: // the exact fan keeps every path's yearly wealth
		st.Wealth[at], st.WealthReal[at] = p.sc.Initial, p.sc.Initial
		for y := 1; y <= p.years; y++ {
			value := v.value[y*p.k*v.stride]
			st.Wealth[y*held+at], st.WealthReal[y*held+at] = value, value/v.index[y*p.k]
		}
	case !v.fanned:
		w.fan.addPath(b, v.slot, p.sc.Initial, v, p.k)
	}
	terminal := v.value[p.steps*v.stride]
	st.Terminal[at] = terminal
	st.TerminalReal[at] = terminal / v.index[p.steps]
	st.AnnReturn[at], st.AnnReturnReal[at] = m.annReturn, m.annReturnReal
	st.Growth[at] = m.growth
	st.Depleted[at] = depleted
	st.Drawdown[at] = m.drawdown
	st.Volatility[at] = m.volatility
	st.Sharpe[at], st.Sortino[at] = m.sharpe, m.sortino
	st.Turnover[at], st.Rebalances[at] = m.turnover, float64(rebalances)/float64(p.years)
}

// hold runs portfolio b's holdings over the worker's path and writes the
// steps into w.series. Each step takes the flow (pro rata to holdings),
// applies the assets' returns after expense ratios and the fee, and
// rebalances when due. It returns the number of rebalances and whether the
// portfolio ran out of money (after which it holds nothing and earns 0).
//
// The positions are kept as units times a scale (see grow), and become
// positions again only to be rebalanced: a band check compares sleeves with
// the total, which the scale does not change.
func (w *worker) hold(b int) (rebalances int, depleted bool) {
	p := w.p
	pp := &p.portfolios[b]
	s := &w.series
	units := w.books[b].pos
	value := p.sc.Initial
	pp.layout.Invest(units, value)
	sum := portfolio.Value(units)
	clear(s.traded)
	for first := 1; first <= p.steps; {
		last, scale, stop := w.grow(pp, units, &sum, first, value)
		switch stop {
		case ranOut:
			clear(s.ret[last:])
			clear(s.excess[last:])
			clear(s.value[last:])
			return rebalances, true
		case pathEnd:
			return rebalances, false
		}
		// Due and out of band: rebalance at the end of step last; its cost
		// comes out of the step's return.
		value, first = s.value[last], last+1
		portfolio.Scale(units, scale) // positions
		traded, cost := pp.layout.Rebalance(units, pp.policy, w.books[b].scratch)
		sum = portfolio.Value(units) // units again, with scale 1
		s.traded[(last-1)/p.k] += traded
		rebalances++
		if cost != 0 {
			value = s.chargeCost(last, cost, w.flow[last], w.rf[last], p.sc.Initial)
		}
	}
	return rebalances, false
}

// growStop is why grow stopped.
type growStop int

const (
	outOfBand growStop = iota // at a rebalancing date, out of band
	pathEnd                   // after the path's last step, not rebalancing
	ranOut                    // out of money
)

// grow applies steps from first on to a portfolio worth value before step
// first, and writes each step's return, excess return and end value into
// w.series. It stops after the first rebalancing date (every pp.every
// steps from the start) at which the portfolio is out of its bands, or
// after the last step, and returns that step, the units' scale after it
// and why it stopped; or the step at which the portfolio ran out of money.
// first must follow a rebalancing date or be 1. This is the engine's
// innermost loop, once per portfolio and step: band checks that pass stay
// inside it, so it runs from one rebalance to the next (when it stopped at
// every date, setting it up cost more than the quarter's three steps).
//
// A step takes the flow pro rata to holdings and then the fee, so every
// position is scaled by the same factor: the positions are scale·units,
// where the units compound at the assets' gross returns alone. With S the
// units' sum (*sum before step first, updated), the scale after step t is
// fee·(value + flow)/S_{t−1}, the value scale·S_t and the return
// fee·S_t/S_{t−1} − 1. Only the scale waits for the last step's value; the
// units, their sums and 1/S (its one division) do not, so the processor
// works on several steps at once. (Scaling each position by the flow's
// factor put a division and the sum of all positions into every step's
// chain.) The results differ from scaling the positions step by step by
// rounding only.
func (w *worker) grow(pp *portfolioPlan, units []float64, sum *float64, first int, value float64) (last int, scale float64, stop growStop) {
	n := w.p.nAssets
	assets := pp.layout.PosAsset
	units = units[:len(assets)]
	// The path's slices in locals: through w, each step would reload
	// them, since the stores below might have changed w for all the
	// compiler knows.
	flows := w.flow[first:]
	rf := w.rf[first:][:len(flows)]
	ret := w.series.ret[first:][:len(flows)]
	excess := w.series.excess[first:][:len(flows)]
	values := w.series.value[first:][:len(flows)]
	gross := w.gross[first*n:][:len(flows)*n]
	every := pp.every
	if every == 0 {
		every = len(flows) + 1 // never due
	}
	due := every // steps to the next rebalancing date
	fee := pp.fee
	s := *sum
	feeOverSum := fee / s
	for i, flow := range flows {
		start := value + flow
		if start <= 0 {
			return first + i, scale, ranOut
		}
		scale = start * feeOverSum
		g := gross[i*n : (i+1)*n]
		s = 0
		for q, a := range assets {
			u := units[q] * g[a]
			units[q] = u
			s += u
		}
		value = scale * s
		r := s*feeOverSum - 1
		feeOverSum = fee / s
		ret[i] = r
		excess[i] = r - rf[i]
		values[i] = value
		if due--; due == 0 {
			due = every
			if pp.layout.OutOfBand(units, s, pp.bands) {
				*sum = s
				return first + i, scale, outOfBand
			}
		}
	}
	*sum = s
	return first + len(flows) - 1, scale, pathEnd
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
