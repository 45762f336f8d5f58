package reports

import (
	"strings"
	"testing"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/solve"
)

// TestEveryRuleIsDescribed: every spending rule has its words wherever a
// report states a rule: the plan's sentence (SpendingRuleText: console,
// Summary, Assumptions, Disclosures), the Glossary's term and the
// Technical notes' formula. A rule missing from one printed "Spending: ,"
// or left the Glossary without it.
func TestEveryRuleIsDescribed(t *testing.T) {
	for _, r := range portfolio.SpendingRules() {
		w, ok := spendingRuleWords[r]
		if !ok || w.sentence == nil || w.term == "" || w.meaning == "" || w.formula == "" {
			t.Errorf("%s: words %+v, want a sentence, a Glossary term and meaning, and a formula", r, w)
			continue
		}
		sp := &portfolio.Spending{Rule: r, Amount: 40000, Rate: 0.04, Every: portfolio.Year, StartYear: 1, EndYear: 30, RMDStartAge: 73}
		if text := SpendingRuleText(sp, true); len(text) < 10 || strings.HasPrefix(text, ",") {
			t.Errorf("%s: stated as %q", r, text)
		}
		// Without inflation nothing is raised with it (a quant review
		// found "raised with inflation" in a scenario without any).
		if text := SpendingRuleText(sp, false); strings.Contains(text, "inflation") || len(text) < 10 {
			t.Errorf("%s without inflation: stated as %q", r, text)
		}
		// solve states a rule it varies (written as an amount) by the
		// same sentence, from the amount it finds.
		if r.Traits().FromAmount {
			sc := &model.Scenario{Spending: sp}
			want := "the scenario's rule with its first year's amount varied: " + w.sentence(sp, "the amount found", false)
			if got := solveWithdrawalText(sc, &solve.Result{}); !strings.HasPrefix(got, want) || !strings.HasSuffix(got, "(the scenario models no inflation)") {
				t.Errorf("%s: solve says %q, want it to start %q and say there is no inflation", r, got, want)
			}
		}
		formula := ""
		for _, f := range spendingFormulas(sp) {
			if f.name == r.String() {
				formula = f.meaning
			}
		}
		if formula == "" {
			t.Errorf("%s: no formula in the Technical notes", r)
		}
	}
}
