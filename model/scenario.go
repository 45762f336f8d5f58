package model

import (
	"gonum.org/v1/gonum/mat"

	"github.com/divsim/divsim/portfolio"
)

// ReturnModel names how asset returns are drawn.
type ReturnModel int

// Return models of scenario format 1.
const (
	Lognormal ReturnModel = iota + 1
	StudentT
	Bootstrap
	// Historical replays rolling windows of history: path i is the
	// window's months from its i-th month on.
	Historical
)

func (r ReturnModel) String() string {
	switch r {
	case Lognormal:
		return "lognormal"
	case StudentT:
		return "student_t"
	case Bootstrap:
		return "bootstrap"
	case Historical:
		return "historical"
	}
	return "unknown"
}

// Anchor says how regime return effects relate to an asset's expected return.
type Anchor int

// Anchors of scenario format 1.
const (
	// LongRun shifts each asset's return effects so that their stationary
	// average is zero: expected_return stays the long-run mean.
	LongRun Anchor = iota + 1
	// Base adds effects on top: expected_return is the no-effect state's.
	Base
)

func (a Anchor) String() string {
	if a == Base {
		return "base"
	}
	return "long_run"
}

// Scenario is a fully resolved scenario. Slices are indexed consistently:
// asset i is Assets[i] everywhere (matrices, targets, stress returns).
type Scenario struct {
	Info       Info
	Simulation Simulation
	Assets     []Asset
	// RiskFree is the index of the asset whose return is the risk-free rate
	// for Sharpe and Sortino, or -1 when there is none (rf = 0).
	RiskFree     int
	Inflation    *Inflation // nil when the scenario models no inflation
	Correlations []Correlation
	Regimes      Regimes
	Portfolios   []Portfolio
	Baseline     int // index into Portfolios
	Initial      float64
	Flows        []Flow
	// Spending is the withdrawal rule every portfolio applies to its own
	// path; nil for none.
	Spending *portfolio.Spending
	// CriticalWithdrawal, when set, is a constant spending rule whose first
	// year's withdrawal is 1 (InitialRate 1, or Amount 1 in today's money)
	// and which no portfolio pays: on each path the engine finds the
	// largest multiple of it each portfolio could also have paid without
	// running out of money (divsim solve's exact method). Spending is nil
	// then.
	CriticalWithdrawal *portfolio.Spending
	Goal               *Goal // nil without a goal
	StressTests        []StressTest
	Report             Report
	// Sigma is the covariance of one year's simple asset returns under the
	// stationary regime mixture (see LongRunCovariance); under bootstrap,
	// the sample covariance of the history's calendar-year returns.
	Sigma *mat.SymDense
	// History holds the months a bootstrap draws from or rolling windows
	// replay; nil for the other return models.
	History *History
}

// History is the monthly history of a bootstrap or of rolling windows:
// each month's simple return per asset, in asset order, over the chosen
// window.
type History struct {
	Source  Source      // the history file (or the built-in table's name)
	From    string      // first month of the window, YYYY-MM
	To      string      // last month of the window
	Columns []string    // per asset: its history column
	Returns [][]float64 // [month][asset]
	// StateMonths lists, per joint state, the months (rows of Returns)
	// labelled with its chains' labels; nil when no state has a label.
	StateMonths [][]int
	// Inflation is each month's simple inflation rate (rows of Returns)
	// when inflation comes from history (Scenario.Inflation.History); nil
	// otherwise.
	Inflation []float64
	// Starts, under return model Historical, is each rolling window's first
	// month, YYYY-MM: path i replays the months from row i on (one path per
	// window, so Simulation.Paths is their number); nil otherwise.
	Starts []string
	// Wrap, under Historical, lets a window run past the last month into
	// the first, so that every month starts one.
	Wrap bool
}

// Info is the scenario's descriptive metadata, shown on the report's cover.
type Info struct {
	Name       string
	Client     string
	PreparedBy string
	AsOf       string // as written, ISO date when given as one
	Currency   string // ISO 4217 code
	// Age is the client's age during year 1 (household.age); nil when the
	// file does not give it.
	Age    *int
	Source Source
}

// Source identifies the file a scenario was read from.
type Source struct {
	File   string // as named by the user
	SHA256 string // hex digest of the file's bytes
	// BuiltIn says that the scenario is divsim's embedded default (a run
	// without a file), which is on no disk: File is only its name.
	BuiltIn bool
}

// Simulation holds the run settings.
type Simulation struct {
	Paths            int
	HorizonYears     int
	StepsPerYear     int
	Seed             uint64
	ReturnModel      ReturnModel
	DegreesOfFreedom float64 // Student t only
	BlockMonths      int     // bootstrap only: months per block (the mean when stationary)
	StationaryBlocks bool    // bootstrap only: geometric block lengths (Politis and Romano)
}

// Steps is the number of simulation steps over the horizon.
func (s Simulation) Steps() int { return s.HorizonYears * s.StepsPerYear }

// Asset is one asset class with its capital market assumptions.
type Asset struct {
	ID             string
	Name           string
	ExpectedReturn float64 // arithmetic, per year
	Volatility     float64 // of simple returns, per year
	ExpenseRatio   float64 // per year
	RiskFree       bool
	// History is the asset's column in the monthly history ("" for none):
	// its returns under bootstrap, and under every model what divsim
	// evidence describes.
	History string
}

// Inflation is the price-index series' assumptions.
type Inflation struct {
	Expected   float64 // arithmetic, per year
	Volatility float64 // per year; 0 is a deterministic rate
	// History, when set, is the history column inflation is drawn from,
	// month by month with the assets (History.Inflation holds it); Expected
	// and Volatility are then the mean and standard deviation of its
	// calendar-year rates in the window, for the reports.
	History string
}

// Correlation is a named correlation matrix of the asset shocks and a factor
// F with F·Fᵀ equal to it, used to correlate independent normal draws.
type Correlation struct {
	Name          string
	Matrix        *mat.SymDense
	Factor        *mat.Dense
	MinEigenvalue float64
}

// Regimes holds the Markov chains and their product, the joint states.
// A scenario without chains has a single joint state named "base".
type Regimes struct {
	Anchor Anchor
	Chains []Chain
	States []JointState // product of the chains' states, the last chain varying fastest
}

// Chain is one continuous-time Markov chain sampled once per step.
type Chain struct {
	Name      string
	States    []string
	MeanYears []float64
	// Labels are the history labels of the states (bootstrap only; ""
	// for a state that draws from every month).
	Labels []string
	// Generator is the per-year generator Q: Q[i][i] = -1/d_i, Q[i][j] = next_ij/d_i.
	Generator *mat.Dense
	// Transition is the per-step transition matrix expm(Q/steps_per_year).
	Transition *mat.Dense
	// Stationary is the chain's stationary distribution (πQ = 0, Σπ = 1).
	Stationary []float64
	// Start is the state of step 1, or -1 to draw it from Stationary.
	Start int
	// Effects are the state effects as written, [state][series] with the
	// assets in order and inflation last, before any anchoring shift.
	Effects [][]Effect
}

// Effect is what a regime state does to one series while it holds.
type Effect struct {
	Return   float64 // added to the expected return
	VolScale float64 // multiplies the volatility
}

// Changes reports whether the effect moves its series at all.
func (e Effect) Changes() bool { return e.Return != 0 || e.VolScale != 1 }

// StepParams are one series' parameters in one joint state: the adjusted
// arithmetic annual mean and volatility, and the per-step log mean and log
// standard deviation the engine draws with (log return = Mu + Sigma·z).
type StepParams struct {
	M, S      float64
	Mu, Sigma float64
}

// JointState is one combination of the chains' states.
type JointState struct {
	Name        string  // e.g. "rates=cutting,growth=expansion"
	Chain       []int   // state index within each chain
	Stationary  float64 // product of the chains' stationary probabilities
	Correlation int     // index into Scenario.Correlations
	Assets      []StepParams
	Inflation   StepParams // zero value when the scenario has no inflation
}

// The joint states' numbering, the only copy: a mixed radix over the
// chains, the last chain varying fastest. The scenario's joint states are
// listed in it (configs), and the engine adds each chain's state times its
// Radix to find a step's joint state (sim).

// JointIndex returns the joint state index of per-chain state indices.
func (r Regimes) JointIndex(chainStates []int) int {
	idx := 0
	for c, s := range chainStates {
		idx += s * r.Radix(c)
	}
	return idx
}

// Radix is chain c's place value in the joint index: the product of the
// later chains' state counts.
func (r Regimes) Radix(c int) int {
	radix := 1
	for _, ch := range r.Chains[c+1:] {
		radix *= len(ch.States)
	}
	return radix
}

// ChainStates writes into dst (one per chain) the chains' states of joint
// state j.
func (r Regimes) ChainStates(j int, dst []int) {
	for c := range r.Chains {
		dst[c] = j / r.Radix(c) % len(r.Chains[c].States)
	}
}

// Portfolio is a model portfolio built from sleeves.
type Portfolio struct {
	Name      string
	Sleeves   []portfolio.Sleeve
	Targets   []float64 // per asset: Σ sleeve weight × holding weight
	Fee       float64   // advisory fee per year
	Rebalance portfolio.Policy
	// GlidePath is the sleeve weights at later years (SCENARIO.md, "Glide
	// paths"), in increasing years; nil for fixed targets.
	GlidePath []portfolio.Waypoint
	// Spending, when set, is this portfolio's own spending rule in place of
	// the scenario's, for divsim solve, which varies each copy's first
	// year. With the scenario's Spending nil (the bisection) the run
	// reports no spending metrics; with it set (what each portfolio paid
	// at its rate found), the two may differ only in the first year's
	// amount, since the spending metric takes its years and actions from
	// the scenario's (sim panics otherwise). nil: the scenario's.
	Spending *portfolio.Spending
}

// Flow is a recurring cash flow: positive contributes, negative withdraws.
type Flow = portfolio.Flow

// Goal is the wealth the client hopes to reach at the horizon.
type Goal struct {
	TargetWealth float64
	Real         bool // compare real (inflation-adjusted) terminal wealth
}

// StressTest is a deterministic one-period shock, a total return per
// asset, or an episode of history replayed month by month.
type StressTest struct {
	Name    string
	Returns []float64 // per asset; nil for an episode
	Episode *Episode  // nil for a one-period shock
	// Note is the file's word on the test, printed under the stress
	// tables: where its figures come from, which are assumed.
	Note string
}

// Episode is a stretch of history every portfolio replays from its
// targets, with its rebalancing, fee and costs and without flows: its
// window's months, then the months after it up to the history's end, over
// which a portfolio may recover.
type Episode struct {
	From, To string // the window's first and last month, YYYY-MM
	Months   int    // months in the window, From to To
	Source   Source // the history file (or the built-in table's name)
	// Returns is each month's simple return per asset (asset order; 0 for
	// an asset no portfolio holds), from From to the history's last month:
	// [month][asset], Months rows or more.
	Returns [][]float64
}

// Report holds the report settings.
type Report struct {
	File        string    // workbook file name
	Named       bool      // File was given (report.file or an override), not taken from the scenario's own name
	Percentiles []float64 // ascending, each in (0, 100)
}
