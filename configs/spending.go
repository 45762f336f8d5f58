package configs

import (
	"fmt"

	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/portfolio"
)

// Household describes the client.
type Household struct {
	Age *int `key:"age"`
}

// Spending is a spending rule as written (SCENARIO.md, "Spending rules").
// Each rule's parameter block is a pointer so that a block written for
// another rule can be named as an error.
type Spending struct {
	Rule         *string       `key:"rule"`
	Amount       *float64      `key:"amount"`
	InitialRate  *float64      `key:"initial_rate"`
	Rate         *float64      `key:"rate"`
	Every        *string       `key:"every"`
	StartYear    *int          `key:"start_year"`
	EndYear      *int          `key:"end_year"`
	MinAmount    *float64      `key:"min_amount"`
	MaxAmount    *float64      `key:"max_amount"`
	Guardrails   *Guardrails   `key:"guardrails"`
	FloorCeiling *FloorCeiling `key:"floor_ceiling"`
	VPW          *VPW          `key:"vpw"`
	RMD          *RMD          `key:"rmd"`
}

// Guardrails are Guyton and Klinger's parameters as written.
type Guardrails struct {
	Upper             *float64 `key:"upper"`
	Lower             *float64 `key:"lower"`
	Cut               *float64 `key:"cut"`
	Raise             *float64 `key:"raise"`
	PreservationYears *int     `key:"preservation_years"`
}

// FloorCeiling are Vanguard's dynamic spending limits as written.
type FloorCeiling struct {
	Floor   *float64 `key:"floor"`
	Ceiling *float64 `key:"ceiling"`
}

// VPW is variable percentage withdrawal's parameter as written.
type VPW struct {
	RealReturn *float64 `key:"real_return"`
}

// RMD is the RMD rule's parameter as written.
type RMD struct {
	StartAge *int `key:"start_age"`
}

// Spending-rule limits and defaults of scenario format 1.
const (
	MaxAge             = 120                               // household.age
	DefaultRMDStartAge = 73                                // SECURE 2.0's age for those born 1951–1959
	MinRMDStartAge     = portfolio.UniformLifetimeFirstAge // the table's first age
	maxRealReturn      = 0.5                               // |vpw.real_return|: beyond it a decimal point is misplaced
)

// defaultGuardrails are Guyton and Klinger's published parameters.
func defaultGuardrails() portfolio.GuardrailParams {
	return portfolio.GuardrailParams{Upper: 0.20, Lower: 0.20, Cut: 0.10, Raise: 0.10, PreservationYears: 15}
}

// defaultFloorCeiling are Vanguard's published limits.
func defaultFloorCeiling() portfolio.FloorCeilingParams {
	return portfolio.FloorCeilingParams{Floor: 0.025, Ceiling: 0.05}
}

// ruleWant lists the spending rules, from the list the rules are named by.
func ruleWant() string { return "want " + words.Or(portfolio.SpendingRuleNames()) }

func (r *resolver) household() {
	if a := r.f.Household.Age; a != nil && (*a < 0 || *a > MaxAge) {
		r.probs.add("household.age", fmt.Sprintf("want the client's age during year 1, a whole number from 0 to %d", MaxAge), "is %d", *a)
	}
}

// spending checks the spending block and fills Scenario.Spending with every
// default applied.
func (r *resolver) spending() {
	in := r.f.Spending
	if in == nil {
		return
	}
	b := spendingBlock{r: r, in: in, sp: r.defaultSpending()}
	r.sc.Spending = b.sp
	b.rule()
	b.firstWithdrawal()
	b.amountAndRates()
	b.timing()
	b.amountLimits()
	b.guardrails()
	b.floorCeiling()
	b.vpw()
	b.rmd()
	b.householdAge()
}

// defaultSpending is the spending rule before the block is read: every
// parameter at its default, paid yearly over the whole horizon.
func (r *resolver) defaultSpending() *portfolio.Spending {
	sp := &portfolio.Spending{Initial: r.sc.Initial, Every: portfolio.Year, StartYear: 1, EndYear: r.sc.Simulation.HorizonYears,
		Guardrails: defaultGuardrails(), FloorCeiling: defaultFloorCeiling(), RMDStartAge: DefaultRMDStartAge}
	if a := r.f.Household.Age; a != nil {
		sp.Age = *a
	}
	return sp
}

// spendingBlock is the spending block as written and the rule it resolves
// to, shared by the checks of the block's parts.
type spendingBlock struct {
	r      *resolver
	in     *Spending
	sp     *portfolio.Spending
	ruleOK bool // the rule was read, so checks that depend on it can run
}

// rule reads spending.rule.
func (b *spendingBlock) rule() {
	in, sp := b.in, b.sp
	if in.Rule == nil {
		b.r.probs.add("spending.rule", ruleWant(), "missing")
	} else if sp.Rule, b.ruleOK = portfolio.ParseSpendingRule(*in.Rule); !b.ruleOK {
		b.r.probs.add("spending.rule", words.ChoiceWant(*in.Rule, ruleWant(), portfolio.SpendingRuleNames()...), "is %q", *in.Rule)
	}
}

// only reports a key written for another rule than the one chosen.
func (b *spendingBlock) only(key string, set bool, rules string) {
	if set && b.ruleOK {
		b.r.probs.add(key, "want it only with rule: "+rules, "is set but rule is %s", b.sp.Rule)
	}
}

// firstWithdrawal checks that a rule that starts from an amount is given
// year 1's withdrawal once: as amount or as initial_rate.
func (b *spendingBlock) firstWithdrawal() {
	in, r := b.in, b.r
	if !b.ruleOK || !b.sp.Rule.Traits().FromAmount {
		return
	}
	switch {
	case in.Amount != nil && in.InitialRate != nil:
		r.probs.add("spending.initial_rate", "want exactly one of amount and initial_rate", "is set together with amount")
	case in.Amount == nil && in.InitialRate == nil && !r.doc.claimed["spending.amount"] && !r.doc.claimed["spending.initial_rate"]:
		r.probs.add("spending.initial_rate", fmt.Sprintf("want initial_rate, year 1's withdrawal as a share of cashflows.initial (e.g. 0.04), or amount, in today's money, for rule: %s", b.sp.Rule), "missing")
	}
}

// amountAndRates checks amount, initial_rate and rate: that each is written
// for a rule that takes it, and its value.
func (b *spendingBlock) amountAndRates() {
	in, sp, r := b.in, b.sp, b.r
	traits := sp.Rule.Traits()
	amountRules := portfolio.RuleNamesWhere(portfolio.WrittenAsAmount)
	// rate is accepted by every rule not written as an amount (format 1:
	// SCENARIO.md gives it to "the others"), and noted where the rule
	// does not use it (vpw).
	notAmount := portfolio.RuleNamesWhere(func(t portfolio.RuleTraits) bool { return !t.FromAmount })
	b.only("spending.amount", in.Amount != nil && !traits.FromAmount, words.Or(amountRules))
	b.only("spending.initial_rate", in.InitialRate != nil && !traits.FromAmount, words.Or(amountRules)+"; the others take rate")
	b.only("spending.rate", in.Rate != nil && traits.FromAmount, words.Or(notAmount)+"; "+words.And(amountRules)+" take initial_rate or amount")
	if b.ruleOK && in.Rate != nil && !traits.FromAmount && traits.Rate == portfolio.NoRate {
		r.note("spending.rate", "is not used by rule %s, whose withdrawals do not depend on it (checked, then left aside)", sp.Rule)
	}
	if b.ruleOK && in.Rate == nil && traits.Rate == portfolio.RateRequired {
		r.probs.add("spending.rate", fmt.Sprintf("want the yearly share of the portfolio's value to spend, e.g. 0.04, for rule: %s", sp.Rule), "missing")
	}
	if in.Amount != nil {
		if sp.Amount = *in.Amount; sp.Amount <= 0 || sp.Amount > MaxAmount {
			r.probs.add("spending.amount", "want year 1's withdrawal in today's money, above 0 and at most "+maxAmountText(), "is %v", sp.Amount)
		}
	}
	if in.InitialRate != nil {
		sp.InitialRate = r.rate("spending.initial_rate", *in.InitialRate, "want a share of cashflows.initial above 0 and at most 1, e.g. 0.04 for 4%")
	}
	if in.Rate != nil {
		sp.Rate = r.rate("spending.rate", *in.Rate, "want a share of the portfolio's value above 0 and at most 1, e.g. 0.04 for 4%")
	}
}

// timing checks when and how often the rule withdraws: every, start_year
// and end_year.
func (b *spendingBlock) timing() {
	in, sp, r := b.in, b.sp, b.r
	if in.Every != nil {
		every, ok := portfolio.ParsePeriod(*in.Every)
		switch {
		case !ok || every == portfolio.Never:
			r.probs.add("spending.every", words.ChoiceWant(*in.Every, "want month, quarter or year", "month", "quarter", "year"), "is %q", *in.Every)
		case !r.periodFits(every):
			r.probs.add("spending.every", fmt.Sprintf("want a period of at least one step; steps_per_year is %d", r.sc.Simulation.StepsPerYear), "is %s, shorter than a step", every)
		default:
			sp.Every = every
		}
	}
	horizon := r.sc.Simulation.HorizonYears
	sp.StartYear = deref(in.StartYear, 1)
	sp.EndYear = deref(in.EndYear, horizon)
	if horizon >= 1 && horizon <= MaxHorizonYears && r.spendingPastHorizon(sp, b.ruleOK, in.EndYear != nil) {
		if sp.StartYear < 1 || sp.StartYear > horizon {
			r.probs.add("spending.start_year", fmt.Sprintf("want a year from 1 to the horizon, %d", horizon), "is %d", sp.StartYear)
		} else if sp.EndYear < sp.StartYear || sp.EndYear > horizon {
			r.probs.add("spending.end_year", fmt.Sprintf("want a year from start_year (%d) to the horizon (%d)", sp.StartYear, horizon), "is %d", sp.EndYear)
		}
	}
}

// amountLimits checks min_amount and max_amount, in today's money, and
// that they do not cross.
func (b *spendingBlock) amountLimits() {
	in, sp, r := b.in, b.sp, b.r
	if in.MinAmount != nil {
		sp.MinAmount, sp.HasMin = *in.MinAmount, true
		r.amountLimit("spending.min_amount", sp.MinAmount)
	}
	if in.MaxAmount != nil {
		sp.MaxAmount, sp.HasMax = *in.MaxAmount, true
		r.amountLimit("spending.max_amount", sp.MaxAmount)
	}
	if sp.HasMin && sp.HasMax && sp.MinAmount > 0 && sp.MaxAmount > 0 && sp.MinAmount > sp.MaxAmount {
		r.probs.add("spending.max_amount", fmt.Sprintf("want at least min_amount, %v", sp.MinAmount), "is %v, below min_amount", sp.MaxAmount)
	}
}

// guardrails checks the guardrails rule's parameters.
func (b *spendingBlock) guardrails() {
	g, r := b.in.Guardrails, b.r
	if g == nil {
		return
	}
	b.only("spending.guardrails", b.sp.Rule != portfolio.Guardrails, "guardrails")
	p := &b.sp.Guardrails
	r.param("spending.guardrails.upper", g.Upper, &p.Upper, false, "want the rise of the withdrawal rate above the initial one that cuts, a fraction from 0 to 1, e.g. 0.20")
	r.param("spending.guardrails.lower", g.Lower, &p.Lower, false, "want the fall of the withdrawal rate below the initial one that raises, a fraction from 0 to 1, e.g. 0.20")
	r.param("spending.guardrails.cut", g.Cut, &p.Cut, true, "want the share of spending cut, a fraction from 0 to below 1, e.g. 0.10")
	r.param("spending.guardrails.raise", g.Raise, &p.Raise, false, "want the share of spending raised, a fraction from 0 to 1, e.g. 0.10")
	if g.PreservationYears != nil {
		if p.PreservationYears = *g.PreservationYears; p.PreservationYears < 0 || p.PreservationYears > MaxHorizonYears {
			r.probs.add("spending.guardrails.preservation_years", "want the years before the rule's end in which no cut is made, a whole number from 0 to 100, e.g. 15", "is %d", p.PreservationYears)
		}
	}
}

// floorCeiling checks the floor_ceiling rule's parameters.
func (b *spendingBlock) floorCeiling() {
	fc := b.in.FloorCeiling
	if fc == nil {
		return
	}
	b.only("spending.floor_ceiling", b.sp.Rule != portfolio.FloorCeiling, "floor_ceiling")
	p := &b.sp.FloorCeiling
	b.r.param("spending.floor_ceiling.floor", fc.Floor, &p.Floor, false, "want the largest real fall from one year's spending to the next, a fraction from 0 to 1, e.g. 0.025")
	b.r.param("spending.floor_ceiling.ceiling", fc.Ceiling, &p.Ceiling, false, "want the largest real rise from one year's spending to the next, a fraction from 0 to 1, e.g. 0.05")
}

// vpw checks the vpw rule's real return, which the rule needs.
func (b *spendingBlock) vpw() {
	const realReturnWant = "want the real yearly return the rule assumes, from -0.5 to 0.5, e.g. 0.035"
	v, sp := b.in.VPW, b.sp
	if v != nil {
		b.only("spending.vpw", sp.Rule != portfolio.VPW, "vpw")
		if v.RealReturn != nil {
			if sp.RealReturn = *v.RealReturn; sp.RealReturn < -maxRealReturn || sp.RealReturn > maxRealReturn {
				b.r.probs.add("spending.vpw.real_return", realReturnWant, "is %v", sp.RealReturn)
			}
		}
	}
	if b.ruleOK && sp.Rule == portfolio.VPW && (v == nil || v.RealReturn == nil) {
		b.r.probs.add("spending.vpw.real_return", realReturnWant+", for rule: vpw", "missing")
	}
}

// rmd checks the rmd rule's start age.
func (b *spendingBlock) rmd() {
	m, sp := b.in.RMD, b.sp
	if m == nil {
		return
	}
	b.only("spending.rmd", sp.Rule != portfolio.RMD, "rmd")
	if m.StartAge != nil {
		if sp.RMDStartAge = *m.StartAge; sp.RMDStartAge < MinRMDStartAge || sp.RMDStartAge > MaxAge {
			b.r.probs.add("spending.rmd.start_age", fmt.Sprintf("want the first age with a required distribution, a whole number from %d to %d, e.g. %d", MinRMDStartAge, MaxAge, DefaultRMDStartAge), "is %d", sp.RMDStartAge)
		}
	}
}

// householdAge reports a missing household.age when the rule needs it.
func (b *spendingBlock) householdAge() {
	if b.ruleOK && b.sp.Rule.Traits().NeedsAge && b.r.f.Household.Age == nil {
		b.r.probs.add("household.age", fmt.Sprintf("want the client's age during year 1, from 0 to %d; rule %s needs it", MaxAge, b.sp.Rule), "missing")
	}
}

// rate checks a spending rate, which must lie in (0, 1].
func (r *resolver) rate(key string, v float64, want string) float64 {
	if v <= 0 || v > 1 {
		r.probs.add(key, want, "is %v", v)
	}
	return v
}

// amountLimit checks min_amount or max_amount.
func (r *resolver) amountLimit(key string, v float64) {
	if v <= 0 || v > MaxAmount {
		r.probs.add(key, "want an amount in today's money above 0 and at most "+maxAmountText(), "is %v", v)
	}
}

// param sets *dst from a rule parameter when it is written, and checks that
// it is a fraction from 0 to 1 (below 1 when belowOne).
func (r *resolver) param(key string, v *float64, dst *float64, belowOne bool, want string) {
	if v == nil {
		return
	}
	*dst = *v
	if *v < 0 || *v > 1 || (belowOne && *v == 1) {
		r.probs.add(key, want, "is %v", *v)
	}
}
