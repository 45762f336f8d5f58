package model

// perPathMetrics is the number of float64 values kept per path and portfolio
// for exact percentiles of the per-path metrics (terminal wealth nominal and
// real, annualized return nominal and real, volatility, max drawdown,
// Sharpe, Sortino, the baseline difference and a spare).
const perPathMetrics = 10

// MemoryEstimate is the bytes a run of the scenario keeps, dominated by what
// exact percentiles need per path and portfolio: the per-path metrics, every
// calendar-year return (pooled VaR/CVaR) and the yearly wealth, nominal and
// real, for the fan chart. Working memory per worker is small next to it and
// covered by a fixed allowance.
func (s *Scenario) MemoryEstimate() uint64 {
	years := uint64(s.Simulation.HorizonYears)
	perPath := uint64(perPathMetrics) + years + 2*(years+1)
	const fixed = 64 << 20 // runtime, scenario, worker buffers
	return fixed + uint64(s.Simulation.Paths)*uint64(len(s.Portfolios))*perPath*8
}
