package sim

// store holds every per-path figure the summaries need, indexed by path so
// workers write disjoint elements and the results do not depend on the
// order of work. One store per portfolio.
type store struct {
	terminal, terminalReal   []float64 // [path]
	annReturn, annReturnReal []float64
	volatility, drawdown     []float64
	sharpe, sortino          []float64 // NaN where the denominator is 0
	growth                   []float64 // Π(1+r_t)
	depleted                 []bool
	turnover                 []float64 // mean over the path's years
	rebalances               []float64 // events per year
	yearReturn               []float64 // [path*years + y]: calendar-year returns
	wealth, wealthReal       []float64 // [y*paths + path], y = 0..years
}

func newStore(paths, years int) *store {
	f := func(n int) []float64 { return make([]float64, n) }
	return &store{
		terminal: f(paths), terminalReal: f(paths), annReturn: f(paths), annReturnReal: f(paths),
		volatility: f(paths), drawdown: f(paths), sharpe: f(paths), sortino: f(paths),
		growth: f(paths), depleted: make([]bool, paths), turnover: f(paths), rebalances: f(paths),
		yearReturn: f(paths * years), wealth: f(paths * (years + 1)), wealthReal: f(paths * (years + 1)),
	}
}
