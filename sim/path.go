package sim

import (
	"math"
	"slices"
	"unsafe"

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
	// return, gross inflation and the price index I_t; and cum, the assets'
	// gross returns multiplied within each epoch (see productRange).
	states               []int
	stayEnds             []int // the last step of each stay in one joint state, in order
	gross, cum           []float64
	rf, inflation, index []float64
	// dots holds the current stretch's sums of units (see stretch): row j
	// of a portfolio's rows, [j·dotsStride + t], sums the positions up to
	// its ends[j].
	dots     []float64
	epochEnd []int     // [t]: the last step of t's epoch of products
	passOut  []float64 // a metric pass's figures on the current path
	visits   []int64   // steps spent in each joint state
	// heldVisits counts the steps each portfolio held money in each joint
	// state, [state*portfolios + b]: the denominator of its return there.
	heldVisits []int64
	// paid[b] says that book b's pay holds the current path's payments of
	// every portfolio whose paysAs is b (foreseen schedules: see hold).
	paid []bool
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
	pos    []float64 // its units, positions up to a common scale (see grow)
	perCum []float64 // per position: its units over its asset's product in the epoch (see grow)
	// stretchEnd is the last step of the stretch w.dots holds for this
	// portfolio (see stretch); 0 for none. summedEnd is the last step
	// whose sums it holds so far (past stretchEnd when spare steps were
	// summed).
	stretchEnd, summedEnd int
	pay                   []float64 // [t]: the payment of step t on the current path, as its schedule set it
	// total is its row of w.dots that sums all its positions ([t], from
	// its totalRow on), cut once here rather than at each call of grow.
	total []float64
	// dots lays out its stretches' sums (see stretch): its rows of w.dots
	// from w.cum's columns of its positions times perCum.
	dots    columnSums
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
		states: padded[int](p.steps + 1), stayEnds: padded[int](p.steps)[:0], gross: padded[float64]((p.steps + 1) * p.nAssets),
		rf: padded[float64](p.steps + 1), inflation: padded[float64](p.steps + 1),
		index: padded[float64](p.steps + 1), dots: padded[float64](p.maxRows() * p.dotsStride()),
		cum: padded[float64]((p.steps+1)*p.nAssets + spareSteps), epochEnd: padded[int](p.steps + 1),
		visits: padded[int64](p.nStates), passOut: padded[float64](passColumns(p.passes)),
		boot: blockBootstrap{months: len(p.history), block: p.sc.Simulation.BlockMonths,
			stationary: p.sc.Simulation.StationaryBlocks,
			members:    p.stateMonths, succ: p.stateSucc},
	}
	if p.lognormal() {
		w.normals = padded[float64](p.steps * p.normalsPerStep())
	}
	w.stateGrowth = padded[float64](p.nStates * len(p.portfolios))
	w.stateLog = padded[float64](p.nStates * len(p.portfolios))
	w.heldVisits = padded[int64](p.nStates * len(p.portfolios))
	w.series = newSeries(p.steps, p.years)
	w.series.rf, w.series.index = w.rf, w.index
	w.books = padded[book](len(p.portfolios))[:0]
	for i := range w.stateGrowth {
		w.stateGrowth[i] = 1
	}
	if !p.inflation {
		for t := range w.inflation {
			w.inflation[t] = 1 // no inflation: drawMarket never writes it
		}
	}
	w.paid = padded[bool](len(p.portfolios))
	for b, pp := range p.portfolios {
		np := pp.layout.Positions()
		pay := padded[float64](p.steps + 1)
		if pp.paysAs >= 0 && pp.paysAs < b {
			pay = w.books[pp.paysAs].pay // what that portfolio pays, written once a path
		}
		perCum := padded[float64](np)
		dots := newColumnSums(w.dots, p.dotsStride(), pp.ends, w.cum, pp.columns, perCum)
		w.books = append(w.books, book{pos: padded[float64](np), perCum: perCum,
			pay: pay, total: w.dots[pp.totalRow:], dots: dots, scratch: pp.layout.NewScratch()})
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

// market draws path i's market into the worker (see drawMarket).
func (w *worker) market(i int) {
	p := w.p
	w.rng.seed(p.sc.Simulation.Seed, i)
	w.boot.left = 0 // every path starts a new block
	if p.windows {
		w.boot.window(i, p.steps*p.monthsPerStep) // path i replays the window from its month i
	}
	w.drawMarket()
}

// simulate runs path i and writes its results into the stores.
func (w *worker) simulate(i int, stores []*store) {
	w.market(i)
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
	w.series.yearRet = w.yearReturnsFor(b)
	m := measure(&w.series, p.k, p.years, w.index[p.steps], w.series.yearRet)
	w.growthByState(b, w.series.ret, w.stateGrowth)
	w.record(b, st, at, held, m, rebalances, depleted)
}

// growthByState multiplies portfolio b's entry of each joint state in
// stateGrowth by Π(1+r) over the path's steps in that state, one stay in
// the state at a time (w.stayEnds, found once a path for every portfolio),
// multiplied in a register while the stay lasts (states last months to
// years): through memory, each step waited for the last one's store. It
// counts the stay's steps on which the portfolio held money in
// w.heldVisits: after it ran out (or emptied as planned) its returns are
// 0, which counted in a state's steps pulled the state's return toward 0.
// A stay's steps are indexed by an unsigned t in ret cut at the stay's
// end, as in indexAndDrawdown: no slice is rebuilt from the stay's start,
// and no bounds are checked in the loop.
func (w *worker) growthByState(b int, ret, stateGrowth []float64) {
	nb := len(w.books)
	held := w.p.steps // the steps that earned a return
	if d := w.series.depleted; d > 0 {
		held = d - 1
	}
	var t uint = 1 // the step, from the first
	for _, end := range w.stayEnds {
		start := int(t)
		growth := 1.0
		for upTo := ret[:end+1]; t < uint(len(upTo)); t++ {
			growth *= 1 + upTo[t]
		}
		k := w.states[end]*nb + b
		stateGrowth[k] *= growth
		if start <= held {
			w.heldVisits[k] += int64(min(end, held) - start + 1)
		}
	}
}

// yearReturnsFor returns room for a path's calendar-year returns of
// portfolio b in the worker's buffer (no allocation within a chunk).
func (w *worker) yearReturnsFor(b int) []float64 {
	buf := slices.Grow(w.yearReturns[b], w.p.years)
	w.yearReturns[b] = buf[:len(buf)+w.p.years]
	return w.yearReturns[b][len(buf):]
}

// yearlyWealth writes a path's wealth at the start and at each year's end,
// nominal and real, into wealth and real at a stride of held (the store's
// exact fan, a row a year): initial at the start, and at a year's end the
// end value of its last step (values, k steps a year) and that over the
// price index. A loop of its own over slices in locals: in record, whose
// figures took the registers, it reloaded the store's slices, the plan's
// figures and its counter every year.
func yearlyWealth(wealth, real []float64, held int, initial float64, values, index []float64, k int) {
	wealth[0], real[0] = initial, initial
	i := held
	for t := k; t < len(values); t += k {
		value := values[t]
		wealth[i], real[i] = value, value/index[t]
		i += held
	}
}

// record writes portfolio b's figures on a path, its metrics m and yearly
// wealth, into its store at index at (of held paths), and runs the metric
// passes over the series: after measure, whose derived series
// (series.yearRet, series.growth) they read.
func (w *worker) record(b int, st *store, at, held int, m pathMetrics, rebalances int, depleted bool) {
	p := w.p
	values, index := w.series.value, w.index
	if w.fan == nil { // the exact fan keeps every path's yearly wealth
		yearlyWealth(st.Wealth[at:], st.WealthReal[at:], held, p.sc.Initial, values[:p.steps+1], index, p.k)
	} else {
		w.fan.addPath(b, p.sc.Initial, values, index, p.k)
	}
	terminal := values[p.steps]
	st.Terminal[at] = terminal
	st.TerminalReal[at] = terminal / index[p.steps]
	st.AnnReturn[at], st.AnnReturnReal[at] = m.annReturn, m.annReturnReal
	st.Growth[at] = m.growth
	st.Depleted[at] = depleted
	st.Drawdown[at] = m.drawdown
	st.Volatility[at] = m.volatility
	st.Sharpe[at], st.Sortino[at] = m.sharpe, m.sortino
	if p.portfolios[b].riskFreeOnly {
		st.Sharpe[at] = math.NaN() // see portfolioPlan.riskFreeOnly
	}
	st.Turnover[at], st.Rebalances[at] = m.turnover, float64(rebalances)/float64(p.years)
	col := 0
	for _, pass := range p.passes {
		out := w.passOut[:pass.columns()]
		pass.measure(&w.series, p.k, p.years, out)
		for _, v := range out {
			st.Passes[col][at] = v
			col++
		}
	}
}
