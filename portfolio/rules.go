package portfolio

// RateUse is how a spending rule takes spending.rate, the yearly share of
// the portfolio's value it spends.
type RateUse int

const (
	NoRate       RateUse = iota // the rule takes no rate
	RateRequired                // the rule spends rate × P_y: rate must be given
	RateOptional                // the rule spends at least rate × P_y (rmd)
)

// RuleTraits are what the code outside Spending.withdrawal needs to know of
// a spending rule: validation of the keys rules share, sweeps, solve's
// method, the engine's yearly decision and the reports' general sentences
// ask the rule's traits, not its name, so that a new rule is a row of
// ruleTraits, a case of withdrawal and its words in the reports and
// compare (TestEveryRuleIsDescribed in reports and TestEveryRuleIsCompared
// in batch check them). Only a rule's own parameters (guardrails' and
// rmd's settings, their notes and their clauses in words) name it.
type RuleTraits struct {
	// FromAmount: year 1's withdrawal is written as amount or
	// initial_rate, and later years follow it; the rules solve varies and
	// whose initial_rate a rate sweep varies. The other rules spend a
	// share of the portfolio's value each year.
	FromAmount bool
	// Rate is how the rule takes spending.rate.
	Rate RateUse
	// CountsYearsLeft: its withdrawals count the years left to end_year,
	// so a shorter --horizon may not cut end_year short.
	CountsYearsLeft bool
	// UsesLastReturn: its decision reads last year's return.
	UsesLastReturn bool
	// Acts: it cuts, raises or skips an inflation raise by its own tests
	// (GuardAction, recorded each year). A path then rarely runs out of
	// money even from a high first year, so what it paid is shown beside
	// its success rate.
	Acts bool
	// EmptiesAsPlanned: it spends the portfolio to nothing in its last year
	// by design, which is not running out of money.
	EmptiesAsPlanned bool
	// NeedsAge: its withdrawals depend on the client's age (household.age).
	NeedsAge bool
	// ScalesWithFirstYear: every year's withdrawal is year 1's amount
	// times factors that depend on neither the portfolio's value nor its
	// returns (the price index's rise, say), so that the most a path can
	// pay in year 1 follows from the path alone: solve's exact method
	// (sim's critical withdrawal) needs it, and a min_amount or max_amount
	// breaks it.
	ScalesWithFirstYear bool
}

// ruleTraits are the rules' traits, [rule] (index 0 is no rule).
var ruleTraits = []RuleTraits{
	Constant:     {FromAmount: true, ScalesWithFirstYear: true},
	Percent:      {Rate: RateRequired},
	FloorCeiling: {Rate: RateRequired},
	NinetyFive:   {Rate: RateRequired},
	VPW:          {CountsYearsLeft: true, EmptiesAsPlanned: true},
	Guardrails:   {FromAmount: true, CountsYearsLeft: true, UsesLastReturn: true, Acts: true},
	RMD:          {Rate: RateOptional, NeedsAge: true},
}

// Traits are the rule's traits; an unknown rule has none.
func (r SpendingRule) Traits() RuleTraits {
	if r >= Constant && int(r) < len(ruleTraits) {
		return ruleTraits[r]
	}
	return RuleTraits{}
}

// SpendingRules lists every rule in SCENARIO.md's order.
func SpendingRules() []SpendingRule {
	out := make([]SpendingRule, len(spendingRuleNames))
	for i := range out {
		out[i] = SpendingRule(i + 1)
	}
	return out
}

// RuleNamesWhere lists, in SCENARIO.md's order, the scenario-file spellings
// of the rules whose traits satisfy keep: for messages that name the rules
// a key or command applies to.
func RuleNamesWhere(keep func(RuleTraits) bool) []string {
	var out []string
	for _, r := range SpendingRules() {
		if keep(r.Traits()) {
			out = append(out, r.String())
		}
	}
	return out
}

// WrittenAsAmount and TakesRate sort the rules, for RuleNamesWhere, by how
// their first year is written: amount or initial_rate, or rate.
func WrittenAsAmount(t RuleTraits) bool { return t.FromAmount }
func TakesRate(t RuleTraits) bool       { return t.Rate != NoRate }
