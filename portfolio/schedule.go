package portfolio

import (
	"fmt"
	"slices"
)

// Flow is a recurring cash flow of the scenario, the same for every
// portfolio: positive contributes, negative withdraws.
type Flow struct {
	Name      string
	Amount    float64 // per payment, in today's money when Indexed
	Every     Period
	StartYear int // first year paid, 1-based
	EndYear   int // last year paid, inclusive
	Indexed   bool
}

// SpendingRule names how a portfolio's yearly withdrawal follows its own
// path (SCENARIO.md, "Spending rules").
type SpendingRule int

// The spending rules. Each is defined in SCENARIO.md and implemented in
// Spending.withdrawal, and nowhere else; what other code needs to know of
// a rule is its RuleTraits (see doc.go, "Adding a spending rule").
const (
	Constant     SpendingRule = iota + 1 // S_1 indexed once a year
	Percent                              // rate × P_y
	FloorCeiling                         // Vanguard's dynamic spending
	NinetyFive                           // Clyatt's 95 % rule
	VPW                                  // variable percentage withdrawal
	Guardrails                           // Guyton and Klinger's decision rules
	RMD                                  // the IRS Uniform Lifetime Table
)

// spendingRuleNames are the rules' scenario-file spellings, in
// SCENARIO.md's order (index rule − 1).
var spendingRuleNames = [...]string{"constant", "percent", "floor_ceiling", "ninety_five", "vpw", "guardrails", "rmd"}

// SpendingRuleNames lists the rules' scenario-file spellings in
// SCENARIO.md's order.
func SpendingRuleNames() []string { return slices.Clone(spendingRuleNames[:]) }

// ParseSpendingRule reads a rule's scenario-file spelling.
func ParseSpendingRule(s string) (SpendingRule, bool) {
	for i, name := range spendingRuleNames {
		if name == s {
			return SpendingRule(i + 1), true
		}
	}
	return 0, false
}

// String is the rule's scenario-file spelling.
func (r SpendingRule) String() string {
	if r >= Constant && int(r) <= len(spendingRuleNames) {
		return spendingRuleNames[r-1]
	}
	return fmt.Sprintf("SpendingRule(%d)", int(r))
}

// Spending is a withdrawal decided once a year from each portfolio's own
// path, paid in equal parts at the first step of each period (Every) of
// the years StartYear..EndYear, after the scenario's flows. Amounts are in
// today's money; rates are yearly fractions.
type Spending struct {
	Rule               SpendingRule
	Amount             float64 // constant, guardrails: S_1 in today's money (0: InitialRate × Initial)
	InitialRate        float64 // constant, guardrails: S_1 as a share of Initial
	Rate               float64 // percent, floor_ceiling, ninety_five, vpw (unused), rmd: share of P_y
	Initial            float64 // cashflows.initial
	Every              Period
	StartYear, EndYear int
	// MinAmount and MaxAmount clamp S_y last, in today's money; HasMin and
	// HasMax say whether they are set.
	MinAmount, MaxAmount float64
	HasMin, HasMax       bool
	Guardrails           GuardrailParams
	FloorCeiling         FloorCeilingParams
	RealReturn           float64 // vpw: r
	RMDStartAge          int     // rmd: the first age with a required distribution (default 73)
	Age                  int     // household.age: the client's age during year 1
}

// WithFirstYearRate returns the rule with year 1's withdrawal at rate of
// the initial amount, as the file would write it: in today's money as
// Amount when asAmount, else as InitialRate. The two exclude each other,
// so setting one clears the other. A rate sweep and divsim solve set the
// first year this way.
func (sp Spending) WithFirstYearRate(rate float64, asAmount bool) Spending {
	if asAmount {
		sp.Amount, sp.InitialRate = rate*sp.Initial, 0
	} else {
		sp.Amount, sp.InitialRate = 0, rate
	}
	return sp
}

// GuardrailParams are Guyton and Klinger's rule parameters (defaults 0.20,
// 0.20, 0.10, 0.10 and 15).
type GuardrailParams struct {
	Upper, Lower, Cut, Raise float64
	PreservationYears        int
}

// FloorCeilingParams are Vanguard's dynamic spending limits (defaults
// 0.025 and 0.05).
type FloorCeilingParams struct{ Floor, Ceiling float64 }

// Waypoint is a glide path's sleeve weights from a year on: Weights[k] is
// sleeve k's target weight at the end of year Year (linear in between).
type Waypoint struct {
	Year    int
	Weights []float64
}

// State is a portfolio's path at a year's start: everything a yearly
// decision may depend on.
type State struct {
	Year       int     // y, from 1
	Value      float64 // P_y: the value at the end of year y−1 (the initial amount for year 1)
	LastReturn float64 // the time-weighted return over year y−1 (0 for year 1, or when UsesLastReturn is false)
	Index      float64 // I_y: the price index at the year's start (1 for year 1)
}

// YearPlan is what a portfolio's schedule decides at a year's start.
type YearPlan struct {
	Policy     Policy
	Targets    []float64 // each sleeve's target weight during the year
	PosTargets []float64 // each position's: sleeve target × holding weight
	Bands      Bands     // the tolerated drift per sleeve; nil for none
	Edges      []Edge    // band_edge rebalancing's edges per sleeve; nil otherwise
}

// Schedule is one portfolio's yearly decisions: at each year's start it
// gives that year's targets, bands and payments from the path's state
// then. The engine's step loop only compounds, pays what the schedule set,
// checks the bands and trades; every rule that depends on the path lives
// here, once.
type Schedule struct {
	Layout *Layout
	// plans[y−1] is year y's targets, bands and edges (the glide path's
	// year, or the layout's own targets every year); years with the same
	// targets share one plan's memory.
	plans   []YearPlan
	changes []bool // changes[y−1]: year y's sleeve targets differ from year y−1's
	// glideTrades[y−1] is the plan of the trade into year y where
	// changes[y−1] (see GlideTrade).
	glideTrades []YearPlan
	foreseen    bool // see Foreseen
	k           int
	// fixed and indexed are the scenario's flows per step, [(y−1)k + s]
	// for step s of year y: nominal, and in today's money to be grown by
	// the price index before the step.
	fixed, indexed []float64
	spending       *Spending // nil without a spending rule
	spendEvery     int       // steps between the spending rule's payments
	spendParts     int       // the spending rule's payments a year, k/spendEvery
	// factor[y−1] is vpw's and rmd's share of P_y spent in year y, computed
	// once (the same on every path).
	factor []float64
}

// mustStepsPer is how many of a year's k steps period p spans. Validation
// refuses a period that does not divide the year into whole steps; one
// that got past it would loop for ever (0 steps) or divide by zero, so it
// is a bug, and stops here, saying so.
func mustStepsPer(p Period, k int) int {
	per, ok := p.StepsPer(k)
	if !ok {
		panic(fmt.Sprintf("portfolio: a period of %d a year in %d steps a year: validation should have refused it", p.PerYear(), k))
	}
	return per
}

// NewSchedule returns the schedule of a portfolio laid out as l under the
// rebalancing policy pol, along the glide path glide (nil for fixed
// targets), paying flows and, when sp is not nil, spending by its rule,
// over years of k steps. Periods, waypoints and the rule's parameters are
// assumed valid (checked by validation, defaults filled).
func NewSchedule(l *Layout, pol Policy, glide []Waypoint, flows []Flow, sp *Spending, k, years int) *Schedule {
	s := &Schedule{Layout: l, k: k,
		fixed: make([]float64, years*k), indexed: make([]float64, years*k), spending: sp}
	s.plans, s.changes = glidePlans(l, pol, glide, years)
	s.glideTrades = make([]YearPlan, len(s.plans))
	for y, yr := range s.plans {
		if s.changes[y] {
			s.glideTrades[y] = yr
			s.glideTrades[y].Policy.To, s.glideTrades[y].Edges = ToTarget, nil
		}
	}
	s.foreseen = sp == nil
	for _, yr := range s.plans {
		s.foreseen = s.foreseen && slices.Equal(yr.Targets, s.plans[0].Targets)
	}
	for _, f := range flows {
		per := mustStepsPer(f.Every, k)
		for y := f.StartYear; y <= f.EndYear; y++ {
			for t := 0; t < k; t += per {
				if f.Indexed {
					s.indexed[(y-1)*k+t] += f.Amount
				} else {
					s.fixed[(y-1)*k+t] += f.Amount
				}
			}
		}
	}
	if sp != nil {
		s.spendEvery = mustStepsPer(sp.Every, k)
		s.spendParts = k / s.spendEvery
		s.factor = sp.factors(max(years, sp.EndYear))
	}
	return s
}

// Decide returns year st.Year's plan (Plan(st.Year), shared by every path:
// read only) and the spending rule's S_y (0 without one), and writes the
// year's payments, one per step,
// into pay (k of them): each step's flows, the indexed ones grown by the
// price index before the step (index[s] for step s of the year), then the
// spending rule's part when one is due. A withdrawal is negative. mem is
// what the rule remembers of the path's earlier years, kept by the engine
// per portfolio and path (its zero value for a new path); Decide updates
// it. It does not allocate.
func (s *Schedule) Decide(st State, mem *SpendMemory, index, pay []float64) (plan *YearPlan, withdrawal float64) {
	y := st.Year
	pay = pay[:s.k]
	s.flows(pay, index, (y-1)*s.k)
	if sp := s.spending; sp != nil && y >= sp.StartYear && y <= sp.EndYear {
		withdrawal = sp.withdrawal(st, mem, s.factor[y-1])
		for t := 0; t < s.k; t += s.spendEvery {
			pay[t] -= s.SpendingPart(t, withdrawal)
		}
	}
	return s.Plan(y), withdrawal
}

// flows writes the scenario's flows of len(pay) steps from the path's step
// from (counted from 0) into pay: the nominal ones, and the indexed ones
// grown by the price index before the step (index[t] for pay[t]).
func (s *Schedule) flows(pay, index []float64, from int) {
	fixed, indexed := s.fixed[from:][:len(pay)], s.indexed[from:][:len(pay)]
	index = index[:len(pay)]
	for t := range pay {
		pay[t] = fixed[t] + float64(indexed[t]*index[t])
	}
}

// ForeseenPayments writes every year's payments of a foreseen schedule at
// once, what Decide writes year by year: pay[t] for the path's steps t = 1
// to years·k, from the price index before each step (index[t−1]).
func (s *Schedule) ForeseenPayments(index, pay []float64) {
	n := len(s.fixed)
	s.flows(pay[1:n+1], index[:n], 0)
}

// PaysLike reports whether s pays what o pays on every path: both are
// foreseen (no spending rule) and their flows are the same at every step.
// The engine then writes a path's payments once for both.
func (s *Schedule) PaysLike(o *Schedule) bool {
	return s.foreseen && o.foreseen && slices.Equal(s.fixed, o.fixed) && slices.Equal(s.indexed, o.indexed)
}

// SpendingPart is the part of a year's withdrawal paid at step t of the
// year (from 0): an equal part at the first step of each period of the
// rule's Every, 0 at the other steps and without a rule.
func (s *Schedule) SpendingPart(t int, withdrawal float64) float64 {
	if s.spending == nil || t%s.spendEvery != 0 {
		return 0
	}
	return withdrawal / float64(s.spendParts)
}

// Plan is year y's targets, bands and edges, computed once: the glide
// path's targets for the year (the layout's own without one). Years before
// 1 give year 1's plan and years past the horizon the last year's. It does
// not allocate.
func (s *Schedule) Plan(y int) *YearPlan {
	return &s.plans[min(max(y, 1), len(s.plans))-1]
}

// Changes reports whether year y's sleeve targets differ from year y−1's
// by more than 1e-12 in any sleeve: the engine then rebalances to year y's
// targets at the last step of year y−1, whatever the bands. Year 1's
// targets are year 0's (the sleeves' own weights), so Changes(1) is false.
func (s *Schedule) Changes(y int) bool {
	return y >= 1 && y <= len(s.changes) && s.changes[y-1]
}

// Plan is a year's plan at the layout's own targets under pol: its bands
// and, for band_edge rebalancing, its edges, computed once.
func (l *Layout) Plan(pol Policy) YearPlan { return l.PlanFor(pol, l.SleeveTarget) }

// PlanFor is a year's plan at the given sleeve targets under pol: each
// position's target (sleeve target × holding weight), the bands around the
// targets and, for band_edge rebalancing, their edges.
func (l *Layout) PlanFor(pol Policy, targets []float64) YearPlan {
	pos := make([]float64, len(l.PosHolding))
	for p, h := range l.PosHolding {
		pos[p] = targets[l.PosSleeve[p]] * h
	}
	yp := YearPlan{Policy: pol, Targets: targets, PosTargets: pos, Bands: pol.BandsFor(targets)}
	if pol.To == ToBandEdge {
		yp.Edges = pol.EdgesFor(targets, nil)
	}
	return yp
}

// GlideTrade is the plan of a glide path's trade into year y, for a y at
// which Changes(y): year y's targets, traded to exactly whatever the
// policy's bands and its "to" (SCENARIO.md, glide paths: the portfolio
// trades to the new targets), at the policy's cost. A band_edge policy
// would otherwise stop at the edge of the new band, and the next dates
// would trade again.
func (s *Schedule) GlideTrade(y int) *YearPlan { return &s.glideTrades[y-1] }

// UsesLastReturn reports whether Decide needs State.LastReturn (the
// guardrails rule does).
func (s *Schedule) UsesLastReturn() bool { return s.spending != nil && s.spending.usesLastReturn() }

// CountsAsDepleted reports whether a path whose wealth reaches 0 in year
// year counts as depleted. Emptying the portfolio in its last year is a vpw
// rule's plan, so a vpw path counts only when its wealth reaches 0 before
// the rule's last year (year < EndYear); for every other rule, and without
// one, it always counts.
func (s *Schedule) CountsAsDepleted(year int) bool {
	if sp := s.spending; sp != nil && sp.Rule.Traits().EmptiesAsPlanned {
		return year < sp.EndYear
	}
	return true
}

// Foreseen reports whether every year's decisions are known at the path's
// start: without a spending rule the payments depend on the price index
// alone and Decide reads nothing else of the State than its Year and
// Index, and with the same targets every year every year's plan is the
// same. The engine then decides every year before the steps run, and runs
// them across years.
func (s *Schedule) Foreseen() bool { return s.foreseen }

// Banded reports whether the portfolio rebalances only when out of its
// bands; without bands every rebalancing date trades, so the engine knows
// where a rebalance is certain.
func (s *Schedule) Banded() bool { return s.plans[0].Bands != nil }
