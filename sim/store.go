package sim

// store holds one portfolio's per-path figures for a range of paths, indexed
// by path − Lo so that workers write disjoint elements and the results do
// not depend on the order of work, together with what summarizes the rest:
// the lowest calendar-year returns and, per year, wealth either path by
// path (exact fan) or sketched. Fields are exported for gob, which saves
// shards' partial results.
type store struct {
	Lo                       int       // the first path held
	Terminal, TerminalReal   []float64 // [path − Lo]
	AnnReturn, AnnReturnReal []float64
	Volatility, Drawdown     []float64
	Sharpe, Sortino          []float64 // NaN where the denominator is 0
	Growth                   []float64 // Π(1+r_t)
	Depleted                 []bool
	Turnover                 []float64 // mean over the path's years
	Rebalances               []float64 // events per year
	// Passes are the per-path figures of the metrics computed as passes
	// (metricPasses), their columns in order.
	Passes [][]float64
	// Tail keeps the lowest 5 % of the calendar-year returns of all the
	// scenario's paths (sized for them, so that shards merge exactly).
	Tail *lowTail
	// Wealth and WealthReal are the exact fan's yearly wealth,
	// [y*(paths held) + path − Lo] for y = 0..years; nil when sketched.
	Wealth, WealthReal []float64
	// Fan is the sketched fan; nil when exact.
	Fan *fanSketch
}

// newStore returns a store for paths [lo, hi) of a run of total paths.
func newStore(p *plan, lo, hi int) *store {
	n := hi - lo
	st := &store{Lo: lo, Depleted: make([]bool, n), Tail: newLowTail(p.pooledReturns(), int64(n)*int64(p.years)),
		Passes: make([][]float64, passColumns(p.passes))}
	for _, col := range st.perPath() {
		*col = make([]float64, n)
	}
	if p.sketchFan {
		st.Fan = newFanSketch(p.years)
	} else {
		st.Wealth, st.WealthReal = make([]float64, n*(p.years+1)), make([]float64, n*(p.years+1))
	}
	return st
}

// perPath returns the store's per-path float64 figures, so that the code
// handling all of them (making, joining, checking) names them once.
func (st *store) perPath() []*[]float64 {
	cols := []*[]float64{&st.Terminal, &st.TerminalReal, &st.AnnReturn, &st.AnnReturnReal, &st.Volatility,
		&st.Drawdown, &st.Sharpe, &st.Sortino, &st.Growth, &st.Turnover, &st.Rebalances}
	for c := range st.Passes {
		cols = append(cols, &st.Passes[c])
	}
	return cols
}

// paths is the number of paths the store holds.
func (st *store) paths() int { return len(st.Terminal) }
