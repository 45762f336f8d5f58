package portfolio

import (
	"slices"
	"testing"
)

// TestTraitsMatchTheRules checks each rule's traits against what
// withdrawal and the schedule do with it, so that a traits row cannot
// drift from its rule: year 1 follows amount alone (FromAmount) or the
// portfolio's value; the rate changes year 1 (RateRequired) or only
// raises it (RateOptional), or changes nothing; the payment depends on
// last year's return (UsesLastReturn) and on the years left to end_year
// (CountsYearsLeft); the rule records actions (Acts); an emptied
// portfolio in the last year counts as run out of money unless
// EmptiesAsPlanned; and rmd needs an age.
func TestTraitsMatchTheRules(t *testing.T) {
	if got, want := len(ruleTraits)-1, len(spendingRuleNames); got != want {
		t.Fatalf("%d rules have traits, %d rules exist", got, want)
	}
	base := func(r SpendingRule) Spending {
		return Spending{Rule: r, Amount: 40000, Rate: 0.04, Initial: 1e6, Every: Year, StartYear: 1, EndYear: 10,
			Guardrails: GuardrailParams{Upper: 0.2, Lower: 0.2, Cut: 0.1, Raise: 0.1, PreservationYears: 15}, FloorCeiling: FloorCeilingParams{Floor: 0.025, Ceiling: 0.05},
			RealReturn: 0.03, RMDStartAge: 73, Age: 80}
	}
	// pays decides years 1..len(states) of sp on one path, one step a
	// year, and returns each year's withdrawal and action.
	pays := func(sp Spending, states []State) ([]float64, []GuardAction) {
		l := NewLayout([]Sleeve{{Name: "s", Weight: 1, Holdings: []Holding{{0, 1}}}}, 1)
		s := NewSchedule(&l, Policy{Every: Year}, nil, nil, &sp, 1, sp.EndYear)
		var mem SpendMemory
		var out []float64
		var acts []GuardAction
		for _, st := range states {
			_, w := s.Decide(st, &mem, []float64{st.Index}, make([]float64, 1))
			out, acts = append(out, w), append(acts, mem.Guard)
		}
		return out, acts
	}
	year1 := func(sp Spending, value float64) float64 {
		w, _ := pays(sp, []State{{Year: 1, Value: value, Index: 1}})
		return w[0]
	}
	for _, r := range SpendingRules() {
		tr := r.Traits()
		t.Run(r.String(), func(t *testing.T) {
			sp := base(r)
			if fromAmount := year1(sp, 1e6) == year1(sp, 2e6); fromAmount != tr.FromAmount {
				t.Errorf("year 1 the same at any value: %v, FromAmount %v", fromAmount, tr.FromAmount)
			}
			higher := sp
			higher.Rate = 0.5
			rate := NoRate
			switch a, b := year1(sp, 1e6), year1(higher, 1e6); {
			case b != a && closeTo(a, sp.Rate*1e6): // rate × P_1
				rate = RateRequired
			case b != a: // more than rate × P_1, raised by a higher rate: a floor
				rate = RateOptional
			}
			if rate != tr.Rate {
				t.Errorf("rate use %v, traits say %v", rate, tr.Rate)
			}
			// Year 2 after a loss and after a gain, from the same value.
			afterLoss, _ := pays(sp, []State{{Year: 1, Value: 1e6, Index: 1}, {Year: 2, Value: 7e5, Index: 1.03, LastReturn: -0.2}})
			afterGain, _ := pays(sp, []State{{Year: 1, Value: 1e6, Index: 1}, {Year: 2, Value: 7e5, Index: 1.03, LastReturn: 0.1}})
			if uses := afterLoss[1] != afterGain[1]; uses != tr.UsesLastReturn {
				t.Errorf("year 2 depends on last year's return: %v, UsesLastReturn %v", uses, tr.UsesLastReturn)
			}
			// The same states, the rule ending later.
			longer := sp
			longer.EndYear = 30
			states := []State{{Year: 1, Value: 1e6, Index: 1}, {Year: 2, Value: 6e5, Index: 1.03, LastReturn: 0.1}}
			short, _ := pays(sp, states)
			long, acts := pays(longer, states)
			if counts := !slices.Equal(short, long); counts != tr.CountsYearsLeft {
				t.Errorf("payments depend on end_year: %v (%v against %v), CountsYearsLeft %v", counts, short, long, tr.CountsYearsLeft)
			}
			if acts := slices.ContainsFunc(acts, func(a GuardAction) bool { return a != GuardNone }); acts != tr.Acts {
				t.Errorf("records actions: %v, Acts %v", acts, tr.Acts)
			}
			l := NewLayout([]Sleeve{{Name: "s", Weight: 1, Holdings: []Holding{{0, 1}}}}, 1)
			s := NewSchedule(&l, Policy{Every: Year}, nil, nil, &sp, 1, sp.EndYear)
			if planned := !s.CountsAsDepleted(sp.EndYear); planned != tr.EmptiesAsPlanned {
				t.Errorf("emptied in its last year counts as planned: %v, EmptiesAsPlanned %v", planned, tr.EmptiesAsPlanned)
			}
			// Two paths of other values and returns, and twice the amount.
			pathA := []State{{Year: 1, Value: 1e6, Index: 1}, {Year: 2, Value: 7e5, Index: 1.03, LastReturn: -0.2}, {Year: 3, Value: 9e5, Index: 1.05, LastReturn: 0.3}}
			pathB := []State{{Year: 1, Value: 1e6, Index: 1}, {Year: 2, Value: 1.3e6, Index: 1.03, LastReturn: 0.3}, {Year: 3, Value: 5e5, Index: 1.05, LastReturn: -0.6}}
			twice := sp
			twice.Amount *= 2
			a, _ := pays(sp, pathA)
			b, _ := pays(sp, pathB)
			a2, _ := pays(twice, pathA)
			scales := slices.Equal(a, b)
			for y := range a {
				scales = scales && closeTo(a2[y], 2*a[y])
			}
			if scales != tr.ScalesWithFirstYear {
				t.Errorf("every year the first's amount times the path's own factors: %v (%v, %v, %v), ScalesWithFirstYear %v", scales, a, b, a2, tr.ScalesWithFirstYear)
			}
			young := sp
			young.Age = 40
			if needs := year1(sp, 1e6) != year1(young, 1e6); needs != tr.NeedsAge {
				t.Errorf("year 1 depends on the age: %v, NeedsAge %v", needs, tr.NeedsAge)
			}
		})
	}
}
