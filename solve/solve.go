// Package solve finds the most a client can spend (SCENARIO.md,
// "Sustainable spending"): for each portfolio, the largest first-year
// withdrawal at which a target share of the simulated paths never runs out
// of money (swr), and the largest at which that share also ends with real
// wealth at or above the initial amount (pwr), on the scenario's own paths.
//
// A constant rule's answer is exact for the simulated paths: each path has
// a critical withdrawal (see sim.Critical), and the answer is an order
// statistic of them, from one run. A guardrails rule (or a constant rule
// with min_amount/max_amount, which break the affine wealth) is solved by
// bisection over runs on common random numbers.
package solve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/divsim/divsim/internal/param"
	"github.com/divsim/divsim/internal/stats"
	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// Method is how the withdrawal is found.
type Method int

// The methods: Auto picks Exact when the rule allows it, else Bisection.
const (
	Auto Method = iota
	Exact
	Bisection
)

func (m Method) String() string {
	switch m {
	case Exact:
		return "exact"
	case Bisection:
		return "bisection"
	}
	return "auto"
}

// ParseMethod reads a method's command-line spelling.
func ParseMethod(s string) (Method, bool) {
	for _, m := range []Method{Auto, Exact, Bisection} {
		if m.String() == s {
			return m, true
		}
	}
	return 0, false
}

// Tolerance is the bisection's precision: 0.01 % of the initial amount.
const Tolerance = 1e-4

// Figure is a sustainable withdrawal: a yearly rate of the initial amount
// and the same in today's money, each with its 95 % interval for the
// Monte Carlo error.
type Figure struct {
	Rate, RateLo, RateHi       float64
	Amount, AmountLo, AmountHi float64
	// Capped: the rule's max_amount binds. Every first year above it pays
	// it, so the success rate stays at or above the target beyond it and
	// the figure is max_amount itself, not the top of the search.
	Capped bool
}

// Point is the success rates at one first-year withdrawal rate: the share
// of paths never out of money, and the share also ending with real wealth
// at or above the initial amount.
type Point struct {
	Rate, Success, Perpetual float64
}

// Portfolio is one portfolio's answer; SWR or PWR is nil when even no
// withdrawal reaches the target.
type Portfolio struct {
	Name     string
	SWR, PWR *Figure
	// AtZero is the success rates without the withdrawal: the flows
	// alone, which say why a figure is out of reach.
	AtZero Point
	// Curve is the success rates by withdrawal rate, for the chart: on a
	// grid for the exact method, at the rates evaluated for bisection.
	Curve []Point
	// Paid is what a rule that acts (guardrails) paid at the SWR's rate, in today's
	// money, on the same paths (nil for a constant rule, whose payments
	// do not vary, or without an SWR): a rule that cuts spending after
	// losses keeps more paths going from a high first year, so the rate
	// alone overstates what the client can count on.
	Paid *sim.Spending
}

// Result is a solve's answer for every portfolio of a scenario.
type Result struct {
	Target  float64 // the success rate sought
	Paths   int
	Seed    uint64
	Initial float64
	Method  Method
	// Rule is the rule whose first year varies ("constant" or
	// "guardrails"); Added says the scenario had none, so a constant
	// rule paid yearly over the whole horizon was added on top of its
	// flows.
	Rule  portfolio.SpendingRule
	Added bool
	// Varies is the scenario key that varies: spending.initial_rate or
	// spending.amount.
	Varies string
	// AmountYear is the rule's first year when its rate's amounts had to
	// be brought to today's money: an initial_rate is a share of the
	// initial amount paid in the rule's first year, in that year's money,
	// so a rule starting after year 1 of a plan with inflation pays
	// rate × the initial amount then. Its amounts are that divided by the
	// price index of the typical path (Deflator is the median over the
	// paths of 1 / I at the year's start), as run's first-year spending
	// in today's money is the median of each path's. 0 (and Deflator 1)
	// when the rate's amount is in today's money already.
	AmountYear int
	Deflator   float64
	// Runs is how many engine runs the answer took; Converged is false
	// when bisection stopped at its run limit before its tolerance.
	Runs      int
	Converged bool
	// Evaluations is the portfolio-runs all runs held together (the
	// bisection runs several copies of each portfolio at once).
	Evaluations int
	Portfolios  []Portfolio
}

// Problem is a scenario ready to solve: its rule with the first year's
// withdrawal to vary, and the method.
type Problem struct {
	sc     *model.Scenario
	rule   portfolio.Spending // Amount or InitialRate to be set
	amount bool               // vary Amount (today's money) rather than InitialRate
	// deflator brings a rate's amount to today's money (Result.Deflator);
	// 0 when it is there already.
	deflator float64
	added    bool
	method   Method
	target   float64
}

// solvable names the rules solve can vary, those whose first year is
// written as an amount, for messages.
func solvable() string {
	return words.And(portfolio.RuleNamesWhere(portfolio.WrittenAsAmount))
}

// New checks that the scenario's spending can be solved for target (a
// success rate strictly between 0 and 1) by method and returns the
// problem. Errors name the key or flag at fault.
func New(sc *model.Scenario, target float64, method Method) (*Problem, error) {
	if !(target > 0 && target < 1) {
		return nil, param.Errorf("--success", "is %v (want a success rate above 0 and below 1, e.g. 0.9 for 90%%)", target)
	}
	if sc.Initial <= 0 {
		return nil, errors.New("cashflows.initial: is 0; a sustainable withdrawal is a share of the initial amount (want a positive initial amount)")
	}
	p := &Problem{sc: sc, target: target}
	if sp := sc.Spending; sp != nil {
		if !sp.Rule.Traits().FromAmount {
			return nil, fmt.Errorf("spending.rule: is %s; divsim solve varies the first year's withdrawal of the %s rules (want one of them, or no spending: to solve for a constant withdrawal on top of the flows)", sp.Rule, solvable())
		}
		p.rule, p.amount = *sp, sp.Amount > 0
	} else {
		p.rule = portfolio.Spending{Rule: portfolio.Constant, Initial: sc.Initial, Every: portfolio.Year,
			StartYear: 1, EndYear: sc.Simulation.HorizonYears}
		p.added = true
	}
	exact := p.rule.Rule.Traits().ScalesWithFirstYear && !p.rule.HasMin && !p.rule.HasMax
	switch method {
	case Auto:
		p.method = Bisection
		if exact {
			p.method = Exact
		}
	case Exact:
		if !exact {
			return nil, param.Errorf("--method", "exact needs a rule whose every year scales with its first, such as constant, without min_amount or max_amount (the scenario's is %s%s); use bisection", p.rule.Rule, clampNote(p.rule))
		}
		p.method = Exact
	default:
		p.method = Bisection
	}
	return p, nil
}

func clampNote(sp portfolio.Spending) string {
	if sp.HasMin || sp.HasMax {
		return " with min_amount or max_amount"
	}
	return ""
}

// Method is the method the problem will use.
func (p *Problem) Method() Method { return p.method }

// Workload is the runs a solve typically makes, for time estimates: one
// run of the scenario for the exact method; for bisection, typicalRuns
// runs with typicalCopies copies of every portfolio (the most is
// maxBisectionRuns), and for a rule that acts (guardrails) one more of the scenario's
// portfolios at the rates found (paidAtSWR).
func (p *Problem) Workload() []*model.Scenario {
	if p.method == Exact {
		return []*model.Scenario{p.sc}
	}
	runs := make([]*model.Scenario, typicalRuns)
	for i := range runs {
		runs[i] = p.copies(typicalCopies)
	}
	if p.rule.Rule.Traits().Acts {
		runs = append(runs, p.sc) // what the rule paid at the rates found
	}
	return runs
}

// Largest is the largest run a solve makes, for memory estimates: the
// scenario, or for bisection maxCopies copies of every portfolio.
func (p *Problem) Largest() *model.Scenario {
	if p.method == Exact {
		return p.sc
	}
	return p.copies(maxCopies)
}

// copies is the scenario with n copies of every portfolio.
func (p *Problem) copies(n int) *model.Scenario {
	one := *p.sc
	one.Portfolios = nil
	for range n {
		one.Portfolios = append(one.Portfolios, p.sc.Portfolios...)
	}
	return &one
}

// A bisection's usual runs and copies of each portfolio per run, as
// measured on the examples (see docs/PERFORMANCE.md).
const (
	typicalRuns   = 5
	typicalCopies = 7
)

// Scenario is the scenario of every run (paths, portfolios).
func (p *Problem) Scenario() *model.Scenario { return p.sc }

// withFirstYear returns the rule with its first year's withdrawal at rate
// of the initial amount: as InitialRate, or as Amount in today's money
// when the file gave an amount.
func (p *Problem) withFirstYear(rate float64) *portfolio.Spending {
	sp := p.rule.WithFirstYearRate(rate, p.amount)
	return &sp
}

// Solve finds every portfolio's swr and pwr. opts.Progress, if set, sees
// the paths done over all runs.
func (p *Problem) Solve(ctx context.Context, opts sim.Options) (*Result, error) {
	res := &Result{Target: p.target, Paths: p.sc.Simulation.Paths, Seed: p.sc.Simulation.Seed, Initial: p.sc.Initial,
		Method: p.method, Rule: p.rule.Rule, Added: p.added, Varies: "spending.initial_rate", Converged: true}
	if p.amount {
		res.Varies = "spending.amount"
	} else if p.rule.StartYear > 1 && p.sc.Inflation != nil {
		res.AmountYear = p.rule.StartYear
		var err error
		if p.deflator, err = p.medianDeflator(ctx, opts); err != nil {
			return nil, err
		}
	}
	res.Deflator = cmp.Or(p.deflator, 1)
	var err error
	if p.method == Exact {
		err = p.exact(ctx, opts, res)
	} else {
		err = p.bisect(ctx, opts, res)
	}
	if err != nil {
		return nil, err
	}
	for i := range res.Portfolios {
		pr := &res.Portfolios[i]
		p.capAt(pr.SWR, res)
		p.capAt(pr.PWR, res)
	}
	if p.rule.Rule.Traits().Acts {
		if err := p.paidAtSWR(ctx, opts.After(res.Runs*p.sc.Simulation.Paths), res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// paidAtSWR runs, on the same paths, every portfolio that has an SWR with
// its rule's first year at that rate, and keeps what the rule paid.
func (p *Problem) paidAtSWR(ctx context.Context, opts sim.Options, res *Result) error {
	sc := *p.sc
	sc.Portfolios = nil
	var of []int
	for i, pr := range res.Portfolios {
		if pr.SWR != nil {
			pf := p.sc.Portfolios[i]
			pf.Spending = p.withFirstYear(pr.SWR.Rate)
			sc.Portfolios = append(sc.Portfolios, pf)
			of = append(of, i)
		}
	}
	if len(of) == 0 {
		return nil
	}
	// The spending metric takes its years and rule from the scenario's
	// rule; each portfolio pays at its own rate.
	sc.Spending, sc.Baseline = sc.Portfolios[0].Spending, 0
	r, err := sim.Run(ctx, &sc, opts)
	if err != nil {
		return err
	}
	for j, i := range of { // not counted in Runs, which found the figures
		res.Portfolios[i].Paid = r.Portfolios[j].Spending
	}
	return nil
}

// medianDeflator is the median over the paths of 1 / the price index at
// the start of the rule's first year (Result.Deflator).
func (p *Problem) medianDeflator(ctx context.Context, opts sim.Options) (float64, error) {
	k := p.sc.Simulation.StepsPerYear
	index, err := sim.PriceIndexAt(ctx, p.sc, (p.rule.StartYear-1)*k, sim.Options{Workers: opts.Workers})
	if err != nil {
		return 0, err
	}
	for i, x := range index {
		index[i] = 1 / x
	}
	return stats.Median(index), nil
}

// capAt replaces a figure at or above the rule's max_amount (in today's
// money, as the figure's amount is) by max_amount: the rule pays no more
// than it in its first year, so every rate above it is the same plan, and
// the search had climbed to the top of its grid. An interval's upper end
// above the cap is the cap, for the same reason.
func (p *Problem) capAt(f *Figure, res *Result) {
	if f == nil || !p.rule.HasMax {
		return
	}
	top := p.rule.MaxAmount / (p.sc.Initial * res.Deflator) // the rate whose amount is max_amount
	if f.Rate < top {
		if f.RateHi > top {
			f.RateHi, f.AmountHi = top, p.rule.MaxAmount
		}
		return
	}
	*f = *p.figure(top, min(f.RateLo, top), top)
	f.Amount, f.AmountHi = p.rule.MaxAmount, p.rule.MaxAmount // exactly, not a rounding of rate × initial
	f.Capped = true
}

// figure is a rate and its interval as a Figure, with the amounts.
func (p *Problem) figure(rate, lo, hi float64) *Figure {
	in := p.sc.Initial * cmp.Or(p.deflator, 1) // a rate's amount, in today's money
	return &Figure{Rate: rate, RateLo: lo, RateHi: hi, Amount: rate * in, AmountLo: lo * in, AmountHi: hi * in}
}

// halfWidth is 1.96 standard errors of a success rate t over n paths.
func halfWidth(t float64, n int) float64 { return float64(1.96 * math.Sqrt(t*(1-t)/float64(n))) } // float64(): never fused
