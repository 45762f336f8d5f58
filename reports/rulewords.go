package reports

import (
	"fmt"

	"github.com/divsim/divsim/portfolio"
)

// ruleWords are a spending rule's words in every report, in one place, so
// that a new rule is one entry here (TestEveryRuleIsDescribed checks that
// each rule has all of them).
type ruleWords struct {
	// sentence states the rule with its parameters (SpendingRuleText, on
	// the console, the Summary, the Assumptions and the Disclosures):
	// start is its first year's amount in words, inflation whether the
	// scenario models it (without, nothing is raised with it).
	sentence func(sp *portfolio.Spending, start string, inflation bool) string
	// term and meaning are its Glossary entry.
	term, meaning string
	// formula is its definition in the Technical notes.
	formula string
}

var spendingRuleWords = map[portfolio.SpendingRule]ruleWords{
	portfolio.Constant: {
		sentence: func(_ *portfolio.Spending, start string, inflation bool) string {
			if inflation {
				return "constant spending of " + start + ", raised with inflation"
			}
			return "constant spending of " + start
		},
		term:    "Constant spending",
		meaning: "The first year's withdrawal, raised each year with inflation, whatever the markets do.",
		formula: "S_y = S_1 · I_y / I_1: indexed once a year, at the year's start.",
	},
	portfolio.Percent: {
		sentence: func(sp *portfolio.Spending, _ string, _ bool) string {
			return pctText(sp.Rate, 1) + " of the portfolio's value each year"
		},
		term: "Percent of portfolio",
		meaning: "Each year's withdrawal is a fixed share of the portfolio's value at the start of the year: it rises and " +
			"falls with the markets.",
		formula: "S_y = rate · P_y.",
	},
	portfolio.FloorCeiling: {
		sentence: func(sp *portfolio.Spending, _ string, inflation bool) string {
			after := " after inflation"
			if !inflation {
				after = ""
			}
			return fmt.Sprintf("%s of the portfolio's value, changing by at most +%s / −%s a year%s (floor and ceiling)",
				pctText(sp.Rate, 1), pctText(sp.FloorCeiling.Ceiling, 1), pctText(sp.FloorCeiling.Floor, 1), after)
		},
		term: "Floor and ceiling",
		meaning: "A fixed share of the portfolio's value, except that the withdrawal may not rise by more than the ceiling or " +
			"fall by more than the floor from one year to the next, after inflation.",
		formula: "T = rate · P_y; S_1 = T; later S_y = clamp(T, S_{y−1}·(I_y/I_{y−1})·(1 − floor), S_{y−1}·(I_y/I_{y−1})·(1 + ceiling)).",
	},
	portfolio.NinetyFive: {
		sentence: func(sp *portfolio.Spending, _ string, _ bool) string {
			return pctText(sp.Rate, 1) + " of the portfolio's value, never below 95% of last year's (the 95% rule)"
		},
		term:    "95% rule",
		meaning: "A fixed share of the portfolio's value, but never less than 95% of the previous year's withdrawal.",
		formula: "S_1 = rate · P_1; later S_y = max(rate · P_y, 0.95 · S_{y−1}).",
	},
	portfolio.VPW: {
		sentence: func(sp *portfolio.Spending, _ string, _ bool) string {
			return fmt.Sprintf("variable percentage withdrawal spending the portfolio by year %d (%s real return assumed)", sp.EndYear, pctText(sp.RealReturn, 1))
		},
		term: "Variable percentage withdrawal",
		meaning: "Each year withdraws the share of the portfolio that would spend it evenly by the plan's last year at an " +
			"assumed return; the share rises as the years left fall.",
		formula: "S_y = P_y · r / ((1+r)·(1 − (1+r)^(−n))), r the assumed real return and n = end_year − y + 1 the years left.",
	},
	portfolio.Guardrails: {
		sentence: func(sp *portfolio.Spending, start string, inflation bool) string {
			return "guardrails from " + start + ": " + guardrailsText(sp.Guardrails, inflation)
		},
		term: "Guardrails",
		meaning: "Spending starts at the initial amount and is raised with inflation, except after a losing year while the " +
			"withdrawal rate is above the initial one. When the " +
			"withdrawal grows too large for the portfolio (past the upper guardrail) it is cut; when it becomes small for the " +
			"portfolio (past the lower guardrail) it is raised. No cuts are made in the plan's last years.",
		formula: "IWR = S_1 / initial. For y > 1: B = S_{y−1}·I_y/I_{y−1}; after a year with a negative return, " +
			"B = S_{y−1} when B/P_y > IWR. With WR = B/P_y: if WR > IWR·(1 + upper) and more than preservation_years remain, " +
			"B = B·(1 − cut); else if WR < IWR·(1 − lower), B = B·(1 + raise). S_y = B.",
	},
	portfolio.RMD: {
		sentence: func(sp *portfolio.Spending, _ string, _ bool) string {
			return fmt.Sprintf("required minimum distributions from age %d (IRS Uniform Lifetime Table), at least %s of the value", sp.RMDStartAge, pctText(sp.Rate, 1))
		},
		term: "Required minimum distributions",
		meaning: "Each year withdraws at least the share of the portfolio that the IRS Uniform Lifetime Table requires at " +
			"the client's age, and at least the rule's rate.",
		formula: "S_y = P_y · max(rate, 1/D(age_y)), D the IRS Uniform Lifetime Table (Publication 590-B, Table III) from the start age.",
	},
}
