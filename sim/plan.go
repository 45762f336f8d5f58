package sim

import (
	"fmt"
	"math"
	"slices"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// plan is a scenario flattened for the hot loop: per-state constants in
// structure-of-arrays form, computed once and shared read-only by workers.
type plan struct {
	sc        *model.Scenario
	nAssets   int
	k, steps  int // steps per year, steps in all
	years     int
	nStates   int
	mu, sigma []float64 // [state*nAssets + asset]: per-step log mean and sd
	infMu     []float64 // [state]
	infSigma  []float64
	stateCorr []int // [state] → index into the factors below
	// The factors by columns, each padded to a multiple of four rows, and
	// the columns each block of four rows uses, for factorVector.
	factorCols    [][]float64
	blockCols     [][]int
	identity      []bool    // per correlation matrix: whether it is the identity
	expense       []float64 // per asset: (1 − e)^(1/k)
	chains        []chainPlan
	student       bool
	nu            float64
	inflation     bool
	riskFree      int
	portfolios    []portfolioPlan
	passes        []pathMetric // the metrics computed as passes over a path's series
	productRange  float64      // productRange; tests lower it to start epochs often
	sketchFan     bool         // fan percentiles from sketches, not every path's wealth
	bootstrap     bool         // asset returns are months of history: drawn in blocks, or rolling windows
	windows       bool         // rolling windows: path i replays the history from its month i
	history       [][]float64  // bootstrap: [month][asset] gross return 1 + r
	inflationRows []float64    // bootstrap with joint inflation: [month] gross inflation; nil otherwise
	monthsPerStep int          // bootstrap: months compounded per step
	stateMonths   [][]int      // bootstrap with labels: per joint state, its months
	stateSucc     [][]int      // bootstrap with labels: [state][month] the next month of the month's run (see blockBootstrap)
}

// chainPlan holds one chain's cumulative transition rows.
type chainPlan struct {
	n     int
	cum   []float64 // [from*n + to]: P[from][0..to] summed
	start []float64 // cumulative start distribution
	radix int       // joint-index weight of this chain
}

// portfolioPlan holds one portfolio's constants.
type portfolioPlan struct {
	layout   *portfolio.Layout
	schedule *portfolio.Schedule // the year's targets, bands and payments
	every    int                 // steps between rebalancing dates; 0 for never
	fee      float64             // per-step factor (1 − fee)^(1/k)
	columns  []int               // per position: where its asset's year products start in a worker's cum
	// ends are the rows of the stretches' sums (see stretch): each
	// sleeve's end among the positions when bands are checked, else only
	// the whole portfolio's; totalRow is where the last row, the
	// portfolio's units, starts in a worker's dots.
	ends     []int
	totalRow int
	// paysAs is, for a foreseen schedule, the first portfolio that pays
	// what this one pays on every path (itself when none before it does),
	// whose book holds the path's payments for both; −1 for a schedule
	// decided year by year.
	paysAs int
	// riskFreeOnly: every holding is the risk-free asset, so the excess
	// returns are minus the fee, moved only by the fee's share of each
	// return, and the Sharpe ratio, of that to a spread of nearly
	// nothing (−1,228 at a 0.75 % fee), is undefined.
	riskFreeOnly bool
}

// newPlan flattens a scenario into the plan its workers share.
func newPlan(sc *model.Scenario) *plan {
	k := sc.Simulation.StepsPerYear
	p := &plan{
		sc: sc, nAssets: len(sc.Assets), k: k, steps: sc.Simulation.Steps(), years: sc.Simulation.HorizonYears,
		nStates:      len(sc.Regimes.States),
		student:      sc.Simulation.ReturnModel == model.StudentT,
		nu:           sc.Simulation.DegreesOfFreedom,
		inflation:    sc.Inflation != nil,
		riskFree:     sc.RiskFree,
		sketchFan:    sc.Simulation.FanSketched(),
		bootstrap:    sc.Simulation.ReturnModel == model.Bootstrap || sc.Simulation.ReturnModel == model.Historical,
		windows:      sc.Simulation.ReturnModel == model.Historical,
		passes:       metricPasses(sc),
		productRange: productRange,
	}
	if p.bootstrap {
		p.addHistory(sc.History)
	}
	p.addStates(sc.Regimes.States)
	for _, c := range sc.Correlations {
		p.addCorrelation(c)
	}
	for _, a := range sc.Assets {
		p.expense = append(p.expense, math.Pow(1-a.ExpenseRatio, 1/float64(k)))
	}
	for c, ch := range sc.Regimes.Chains {
		p.chains = append(p.chains, newChainPlan(ch, sc.Regimes.Radix(c)))
	}
	for _, pf := range sc.Portfolios {
		p.portfolios = append(p.portfolios, p.planPortfolio(pf))
	}
	p.sharePayments()
	return p
}

// addHistory takes a bootstrap's months as gross returns (1 + r), and each
// labelled state's months with their successors (runSuccessors).
func (p *plan) addHistory(h *model.History) {
	p.monthsPerStep = 12 / p.k
	for _, row := range h.Returns {
		g := make([]float64, len(row))
		for a, r := range row {
			g[a] = 1 + r
		}
		p.history = append(p.history, g)
	}
	for _, r := range h.Inflation {
		p.inflationRows = append(p.inflationRows, 1+r)
	}
	p.stateMonths = h.StateMonths
	for _, ms := range p.stateMonths {
		p.stateSucc = append(p.stateSucc, runSuccessors(ms, len(p.history)))
	}
}

// addStates takes the joint states' per-step parameters and correlation
// matrices, state by state.
func (p *plan) addStates(states []model.JointState) {
	for _, st := range states {
		for _, a := range st.Assets {
			p.mu = append(p.mu, a.Mu)
			p.sigma = append(p.sigma, a.Sigma)
		}
		p.infMu = append(p.infMu, st.Inflation.Mu)
		p.infSigma = append(p.infSigma, st.Inflation.Sigma)
		p.stateCorr = append(p.stateCorr, st.Correlation)
	}
}

// addCorrelation takes a correlation matrix's factor as factorVector
// reads it, and whether the matrix is the identity.
func (p *plan) addCorrelation(c model.Correlation) {
	n := p.nAssets
	f := make([]float64, n*n)
	ident := true
	for i := range n {
		for j := range n {
			f[i*n+j] = c.Factor.At(i, j)
			if (i == j) != (c.Matrix.At(i, j) == 1) || (i != j && c.Matrix.At(i, j) != 0) {
				ident = false
			}
		}
	}
	_, cols, blocks := factorLayout(f, n)
	p.factorCols = append(p.factorCols, cols)
	p.blockCols = append(p.blockCols, blocks)
	p.identity = append(p.identity, ident)
}

// newChainPlan is a chain's transition rows and start distribution, each
// summed cumulatively for draw, with radix its place in the joint index.
func newChainPlan(ch model.Chain, radix int) chainPlan {
	m := len(ch.States)
	cp := chainPlan{n: m, cum: make([]float64, m*m), start: make([]float64, m), radix: radix}
	for i := range m {
		s := 0.0
		for j := range m {
			s += ch.Transition.At(i, j)
			cp.cum[i*m+j] = s
		}
		cp.cum[i*m+m-1] = 1 // guard against rounding leaving u ≥ sum
	}
	s := 0.0
	for j := range m {
		if ch.Start >= 0 {
			if j >= ch.Start {
				s = 1
			}
		} else {
			s += ch.Stationary[j]
		}
		cp.start[j] = s
	}
	cp.start[m-1] = 1
	return cp
}

// planPortfolio is a portfolio's constants: its positions, schedule and
// fee, and the rows of its stretch sums.
func (p *plan) planPortfolio(pf model.Portfolio) portfolioPlan {
	layout := portfolio.NewLayout(pf.Sleeves, p.nAssets)
	pp := portfolioPlan{
		layout:   &layout,
		schedule: portfolio.NewSchedule(&layout, pf.Rebalance, pf.GlidePath, p.sc.Flows, spendingOf(p.sc, pf), p.k, p.years),
		fee:      math.Pow(1-pf.Fee, 1/float64(p.k)),
	}
	if every, ok := pf.Rebalance.Every.StepsPer(p.k); ok {
		pp.every = every
	}
	for _, a := range layout.PosAsset {
		pp.columns = append(pp.columns, a*(p.steps+1))
	}
	pp.ends = []int{len(pp.columns)}
	if pp.every > 0 && pp.schedule.Banded() {
		pp.ends = layout.SleeveEnd
	}
	pp.totalRow = (len(pp.ends) - 1) * p.dotsStride()
	pp.riskFreeOnly = p.riskFree >= 0 && !slices.ContainsFunc(layout.PosAsset, func(a int) bool { return a != p.riskFree })
	return pp
}

// spendingOf is the spending rule a portfolio applies: its own, or the
// scenario's. The spending pass (metricPasses) measures every portfolio
// over sc.Spending's years and actions, so a portfolio's own rule may
// differ from it only in its first year's amount; it panics otherwise.
func spendingOf(sc *model.Scenario, pf model.Portfolio) *portfolio.Spending {
	if pf.Spending == nil {
		return sc.Spending
	}
	if s := sc.Spending; s != nil && (s.Rule != pf.Spending.Rule || s.StartYear != pf.Spending.StartYear || s.EndYear != pf.Spending.EndYear) {
		panic(fmt.Sprintf("sim: portfolio %q's spending rule (%v, years %d to %d) differs from the scenario's (%v, years %d to %d) beyond its first year's amount",
			pf.Name, pf.Spending.Rule, pf.Spending.StartYear, pf.Spending.EndYear, s.Rule, s.StartYear, s.EndYear))
	}
	return pf.Spending
}

// sharePayments finds, for each portfolio with a foreseen schedule, the
// first portfolio that pays what it pays (paysAs).
func (p *plan) sharePayments() {
	for b := range p.portfolios {
		pp := &p.portfolios[b]
		pp.paysAs = -1
		if pp.schedule.Foreseen() {
			pp.paysAs = slices.IndexFunc(p.portfolios[:b+1], func(o portfolioPlan) bool { return pp.schedule.PaysLike(o.schedule) })
		}
	}
}

// spareSteps is how many steps past a stretch's end its sums may be
// computed (see stretch: a stretch's steps rounded up to a multiple of
// sixteen), into room kept for them in a worker's cum and dots.
const spareSteps = 15

// dotsStride is the distance between two rows of a worker's dots: a
// path's steps from 0 and room for spareSteps more.
func (p *plan) dotsStride() int { return p.steps + 1 + spareSteps }

// maxRows is the most rows of stretch sums a portfolio has (see
// portfolioPlan.ends).
func (p *plan) maxRows() int {
	rows := 1
	for _, pp := range p.portfolios {
		rows = max(rows, len(pp.ends))
	}
	return rows
}

// pooledReturns is the number of calendar-year returns of all paths.
func (p *plan) pooledReturns() int64 {
	return int64(p.sc.Simulation.Paths) * int64(p.years)
}

// lognormal reports whether asset returns are lognormal, drawn from
// normals alone.
func (p *plan) lognormal() bool { return !p.student && !p.bootstrap }

// normalsPerStep is how many independent normals a lognormal step draws:
// one per asset, and inflation's.
func (p *plan) normalsPerStep() int {
	if p.inflation {
		return p.nAssets + 1
	}
	return p.nAssets
}

// draw returns the index whose cumulative probability first exceeds u.
func draw(cum []float64, u float64) int {
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

// factorLayout returns what the factor multiply needs of the n×n factor f
// (row-major): each row's columns up to its last nonzero, for
// factorScalar; and for factorVector the factor by columns, each padded to
// paddedRows(n) rows, and the columns each block of four rows uses.
func factorLayout(f []float64, n int) (rows []int, cols []float64, blockCols []int) {
	rows = make([]int, n)
	np := paddedRows(n)
	cols = make([]float64, n*np)
	blockCols = make([]int, np/4)
	for i := range n {
		for j := range n {
			if f[i*n+j] != 0 {
				rows[i] = j + 1
			}
			cols[j*np+i] = f[i*n+j]
		}
		blockCols[i/4] = max(blockCols[i/4], rows[i])
	}
	return rows, cols, blockCols
}

// paddedRows is n rounded up to a multiple of four, the rows factorVector
// computes at a time.
func paddedRows(n int) int { return (n + 3) &^ 3 }
