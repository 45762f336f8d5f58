package configs

import (
	"slices"
	"strings"
	"testing"
)

// TestUnusualValuesAreNoted: values the contract accepts but no real asset
// or adviser has (a slipped decimal: 0.80 for 0.08) run, with a note naming
// the key and what was likely meant; ordinary values, and the shipped
// examples, get none.
func TestUnusualValuesAreNoted(t *testing.T) {
	for _, tc := range []struct {
		name, from, to string
		want           []string
	}{
		{"ordinary", "", "", nil},
		{"expected return", "expected_return: 0.07", "expected_return: 0.70",
			[]string{"plan.yaml: assets[0].expected_return (stocks): 0.7 is 70% a year, far above any asset class's long-run return; for 7% write 0.07"}},
		{"volatility", "volatility: 0.16", "volatility: 1.6",
			[]string{"plan.yaml: assets[0].volatility (stocks): 1.6 is 160% a year, far above any asset class's; for 16% write 0.16, for 1.6% write 0.016"}},
		{"inflation slipped", "portfolios:", "inflation: {expected: 0.25, volatility: 0.012}\nportfolios:",
			[]string{"plan.yaml: inflation.expected: 0.25 is 25% a year, far above any developed economy's long-run inflation; for 2.5% write 0.025"}},
		{"inflation's volatility in percent", "portfolios:", "inflation: {expected: 0.025, volatility: 1.2}\nportfolios:",
			[]string{"plan.yaml: inflation.volatility: 1.2 is 120% a year, far above inflation's usual (1 to 2%); for 12% write 0.12, for 1.2% write 0.012"}},
		{"inflation's volatility slipped", "portfolios:", "inflation: {expected: 0.025, volatility: 0.12}\nportfolios:",
			[]string{"plan.yaml: inflation.volatility: 0.12 is 12% a year, far above inflation's usual (1 to 2%); for 1.2% write 0.012"}},
		{"a withdrawal rate slipped", "portfolios:", "spending: {rule: percent, rate: 0.4}\nportfolios:",
			[]string{"plan.yaml: spending.rate: 0.4 is 40% a year, far above any sustainable withdrawal rate; for 4% write 0.04"}},
		{"a rate vpw does not use, however high", "portfolios:", "spending: {rule: vpw, rate: 0.4, vpw: {real_return: 0.03}}\nportfolios:",
			[]string{"plan.yaml: spending.rate: is not used by rule vpw, whose withdrawals do not depend on it (checked, then left aside)"}},
		{"fee", "  - name: Balanced\n", "  - name: Balanced\n    fee: 0.05\n",
			[]string{"plan.yaml: portfolios[0].fee (Balanced): 0.05 is 5% a year, far above an advisory fee's usual; for 0.5% write 0.005"}},
		{"percentiles as fractions", "portfolios:", "report: {percentiles: [0.01, 0.5, 0.99]}\nportfolios:",
			[]string{"plan.yaml: report.percentiles: [0.01, 0.5, 0.99] are the 0.01th, 0.5th and 0.99th percentiles, all at the very bottom; " +
				"for the 1st, 50th and 99th write [1, 50, 99]"}},
		{"percentiles as such", "portfolios:", "report: {percentiles: [0.5, 50, 99.5]}\nportfolios:", nil},
		// Settings that can never act, over the plan's 10 years.
		{"rmd before its first age", "portfolios:", "household: {age: 30}\nspending: {rule: rmd}\nportfolios:",
			[]string{"plan.yaml: spending.rule: rmd pays nothing in this plan: the client is 30 in year 1 and 39 in its last, year 10, " +
				"below the first required age, 73, and the rule has no rate to pay before it"}},
		{"rmd reaching its age", "portfolios:", "household: {age: 70}\nspending: {rule: rmd}\nportfolios:", nil},
		{"rmd with a minimum", "portfolios:", "household: {age: 30}\nspending: {rule: rmd, min_amount: 3000}\nportfolios:", nil}, // pays the minimum
		{"guardrails by default", "portfolios:", "spending: {rule: guardrails, initial_rate: 0.04}\nportfolios:",
			[]string{"plan.yaml: spending.guardrails.preservation_years: 15 (the default) leaves no year in which guardrails may cut: " +
				"the rule cuts only while more than that many of its 10 years remain, from its second year on"}},
		{"guardrails that never cut", "portfolios:", "spending: {rule: guardrails, initial_rate: 0.04, guardrails: {preservation_years: 9}}\nportfolios:",
			[]string{"plan.yaml: spending.guardrails.preservation_years: 9 leaves no year in which guardrails may cut: the rule cuts only " +
				"while more than that many of its 10 years remain, from its second year on"}},
		{"guardrails that may cut once", "portfolios:", "spending: {rule: guardrails, initial_rate: 0.04, guardrails: {preservation_years: 8}}\nportfolios:", nil},
		{"a rate vpw does not use", "portfolios:", "spending: {rule: vpw, rate: 0.04, vpw: {real_return: 0.03}}\nportfolios:",
			[]string{"plan.yaml: spending.rate: is not used by rule vpw, whose withdrawals do not depend on it (checked, then left aside)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(minimal, tc.from, tc.to, 1)
			var notes []string
			if _, err := resolveText(t, "plan.yaml", text, Options{Note: func(s string) { notes = append(notes, s) }}); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(notes, tc.want) {
				t.Errorf("notes %q, want %q", notes, tc.want)
			}
		})
	}
	for _, name := range Examples() {
		var notes []string
		if _, err := resolveText(t, name+".yaml", string(mustExample(name)), Options{Note: func(s string) { notes = append(notes, s) }}); err != nil {
			t.Fatal(err)
		}
		if len(notes) > 0 {
			t.Errorf("example %s: notes %q, want none", name, notes)
		}
	}
}
