package configs

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/divsim/divsim/portfolio"
)

// withSpending is minimal (horizon 10, 12 steps a year, initial 100000)
// with extra top-level keys.
func withSpending(extra string) string { return minimal + extra }

// resolvedSpending is what Resolve makes of a spending block with nothing
// but rule (and what it needs): every default applied.
func resolvedSpending(rule portfolio.SpendingRule) portfolio.Spending {
	return portfolio.Spending{Rule: rule, Initial: 100000, Every: portfolio.Year, StartYear: 1, EndYear: 10,
		Guardrails: defaultGuardrails(), FloorCeiling: defaultFloorCeiling(), RMDStartAge: 73}
}

func TestSpendingResolved(t *testing.T) {
	tests := []struct {
		name, extra string
		want        func(*portfolio.Spending)
	}{
		{"constant amount", "spending: {rule: constant, amount: 40000}",
			func(s *portfolio.Spending) { s.Rule, s.Amount = portfolio.Constant, 40000 }},
		{"constant initial_rate", "spending: {rule: constant, initial_rate: 0.04}",
			func(s *portfolio.Spending) { s.Rule, s.InitialRate = portfolio.Constant, 0.04 }},
		{"percent", "spending: {rule: percent, rate: 0.05}",
			func(s *portfolio.Spending) { s.Rule, s.Rate = portfolio.Percent, 0.05 }},
		{"floor_ceiling defaults", "spending: {rule: floor_ceiling, rate: 0.05}",
			func(s *portfolio.Spending) { s.Rule, s.Rate = portfolio.FloorCeiling, 0.05 }},
		{"floor_ceiling given", "spending: {rule: floor_ceiling, rate: 0.05, floor_ceiling: {floor: 0.015, ceiling: 0.1}}",
			func(s *portfolio.Spending) {
				s.Rule, s.Rate, s.FloorCeiling = portfolio.FloorCeiling, 0.05, portfolio.FloorCeilingParams{Floor: 0.015, Ceiling: 0.1}
			}},
		{"floor_ceiling one key", "spending: {rule: floor_ceiling, rate: 0.05, floor_ceiling: {ceiling: 0.1}}",
			func(s *portfolio.Spending) {
				s.Rule, s.Rate, s.FloorCeiling.Ceiling = portfolio.FloorCeiling, 0.05, 0.1
			}},
		{"ninety_five", "spending: {rule: ninety_five, rate: 0.04}",
			func(s *portfolio.Spending) { s.Rule, s.Rate = portfolio.NinetyFive, 0.04 }},
		{"vpw", "spending: {rule: vpw, vpw: {real_return: 0.035}}",
			func(s *portfolio.Spending) { s.Rule, s.RealReturn = portfolio.VPW, 0.035 }},
		{"vpw zero return", "spending: {rule: vpw, vpw: {real_return: 0}}",
			func(s *portfolio.Spending) { s.Rule = portfolio.VPW }},
		{"guardrails defaults", "spending: {rule: guardrails, initial_rate: 0.05}",
			func(s *portfolio.Spending) { s.Rule, s.InitialRate = portfolio.Guardrails, 0.05 }},
		{"guardrails given", "spending: {rule: guardrails, amount: 5000, guardrails: {upper: 0.3, lower: 0.1, cut: 0.05, raise: 0.15, preservation_years: 0}}",
			func(s *portfolio.Spending) {
				s.Rule, s.Amount = portfolio.Guardrails, 5000
				s.Guardrails = portfolio.GuardrailParams{Upper: 0.3, Lower: 0.1, Cut: 0.05, Raise: 0.15}
			}},
		{"rmd defaults", "household: {age: 70}\nspending: {rule: rmd}",
			func(s *portfolio.Spending) { s.Rule, s.Age = portfolio.RMD, 70 }},
		{"rmd given", "household: {age: 0}\nspending: {rule: rmd, rate: 0.03, rmd: {start_age: 75}}",
			func(s *portfolio.Spending) { s.Rule, s.Rate, s.RMDStartAge = portfolio.RMD, 0.03, 75 }},
		{"age with another rule", "household: {age: 65}\nspending: {rule: percent, rate: 0.04}",
			func(s *portfolio.Spending) { s.Rule, s.Rate, s.Age = portfolio.Percent, 0.04, 65 }},
		{"every, years, limits", "spending: {rule: percent, rate: 0.04, every: month, start_year: 3, end_year: 8, min_amount: 3000, max_amount: 9000}",
			func(s *portfolio.Spending) {
				s.Rule, s.Rate, s.Every, s.StartYear, s.EndYear = portfolio.Percent, 0.04, portfolio.Month, 3, 8
				s.MinAmount, s.HasMin, s.MaxAmount, s.HasMax = 3000, true, 9000, true
			}},
		{"min only, equal to what max would be", "spending: {rule: percent, rate: 1, every: quarter, min_amount: 9000}",
			func(s *portfolio.Spending) {
				s.Rule, s.Rate, s.Every, s.MinAmount, s.HasMin = portfolio.Percent, 1, portfolio.Quarter, 9000, true
			}},
		{"min equals max", "spending: {rule: constant, amount: 5000, min_amount: 4000, max_amount: 4000}",
			func(s *portfolio.Spending) {
				s.Rule, s.Amount, s.MinAmount, s.HasMin, s.MaxAmount, s.HasMax = portfolio.Constant, 5000, 4000, true, 4000, true
			}},
		{"null blocks are absent", "spending: {rule: percent, rate: 0.04, guardrails: null, vpw: null}",
			func(s *portfolio.Spending) { s.Rule, s.Rate = portfolio.Percent, 0.04 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := mustResolve(t, "s.yaml", withSpending(tt.extra))
			want := resolvedSpending(0)
			tt.want(&want)
			if sc.Spending == nil {
				t.Fatal("Spending is nil")
			}
			if *sc.Spending != want {
				t.Errorf("spending\n got %+v\nwant %+v", *sc.Spending, want)
			}
		})
	}
}

func TestNoSpendingIsNil(t *testing.T) {
	sc := mustResolve(t, "s.yaml", withSpending("household: {age: 65}\n"))
	if sc.Spending != nil {
		t.Errorf("Spending = %+v, want nil without a spending block", sc.Spending)
	}
	if sc.Portfolios[0].GlidePath != nil {
		t.Errorf("GlidePath = %v, want nil without glide_path", sc.Portfolios[0].GlidePath)
	}
}

// problemsOf resolves text and returns its messages (nil when valid).
func problemsOf(t *testing.T, text string) []string {
	t.Helper()
	_, err := resolveText(t, "s.yaml", text, Options{})
	if err == nil {
		return nil
	}
	var probs *Problems
	if !errors.As(err, &probs) {
		t.Fatalf("err = %v, want *Problems", err)
	}
	return probs.Lines()
}

func TestSpendingInvalid(t *testing.T) {
	tests := []struct {
		name, extra string
		want        []string
	}{
		{"rule missing", "spending: {rate: 0.04}", []string{
			"s.yaml: spending.rule: missing (want constant, percent, floor_ceiling, ninety_five, vpw, guardrails or rmd)"}},
		{"rule unknown", "spending: {rule: fixed, rate: 0.04}", []string{
			`s.yaml: spending.rule: is "fixed" (want constant, percent, floor_ceiling, ninety_five, vpw, guardrails or rmd)`}},
		{"rule misspelt", "spending: {rule: guardrail, initial_rate: 0.05}", []string{
			`s.yaml: spending.rule: is "guardrail" (did you mean guardrails? want constant, percent, floor_ceiling, ninety_five, vpw, guardrails or rmd)`}},
		{"rule misspelt key", "spending: {rulle: constant, amount: 40000}", []string{
			"s.yaml: spending.rulle: unknown key (did you mean rule?)"}},
		{"neither amount nor initial_rate", "spending: {rule: constant}", []string{
			"s.yaml: spending.initial_rate: missing (want initial_rate, year 1's withdrawal as a share of cashflows.initial (e.g. 0.04), or amount, in today's money, for rule: constant)"}},
		{"both amount and initial_rate", "spending: {rule: guardrails, amount: 4000, initial_rate: 0.04}", []string{
			"s.yaml: spending.initial_rate: is set together with amount (want exactly one of amount and initial_rate)"}},
		{"misspelt amount is not also missing", "spending: {rule: constant, amout: 4000}", []string{
			"s.yaml: spending.amout: unknown key (did you mean amount?)"}},
		{"amount of the wrong type is not also missing", `spending: {rule: constant, initial_rate: "4%"}`, []string{
			`s.yaml: spending.initial_rate: is the text "4%" (want a number: a fraction, 0.04 for 4%)`}},
		{"a percentage with decimals, as text", `spending: {rule: constant, initial_rate: "4.2%"}`, []string{
			`s.yaml: spending.initial_rate: is the text "4.2%" (want a number: a fraction, 0.042 for 4.2%)`}},
		{"rate with constant", "spending: {rule: constant, amount: 4000, rate: 0.04}", []string{
			"s.yaml: spending.rate: is set but rule is constant (want it only with rule: percent, floor_ceiling, ninety_five, vpw or rmd; constant and guardrails take initial_rate or amount)"}},
		{"initial_rate with percent", "spending: {rule: percent, rate: 0.04, initial_rate: 0.04}", []string{
			"s.yaml: spending.initial_rate: is set but rule is percent (want it only with rule: constant or guardrails; the others take rate)"}},
		{"amount with rmd", "household: {age: 70}\nspending: {rule: rmd, amount: 4000}", []string{
			"s.yaml: spending.amount: is set but rule is rmd (want it only with rule: constant or guardrails)"}},
		{"rate missing", "spending: {rule: ninety_five}", []string{
			"s.yaml: spending.rate: missing (want the yearly share of the portfolio's value to spend, e.g. 0.04, for rule: ninety_five)"}},
		{"rate zero", "spending: {rule: percent, rate: 0}", []string{
			"s.yaml: spending.rate: is 0 (want a share of the portfolio's value above 0 and at most 1, e.g. 0.04 for 4%)"}},
		{"rate above 1", "spending: {rule: floor_ceiling, rate: 4}", []string{
			"s.yaml: spending.rate: is 4 (want a share of the portfolio's value above 0 and at most 1, e.g. 0.04 for 4%)"}},
		{"initial_rate negative", "spending: {rule: constant, initial_rate: -0.04}", []string{
			"s.yaml: spending.initial_rate: is -0.04 (want a share of cashflows.initial above 0 and at most 1, e.g. 0.04 for 4%)"}},
		{"amount zero", "spending: {rule: constant, amount: 0}", []string{
			"s.yaml: spending.amount: is 0 (want year 1's withdrawal in today's money, above 0 and at most 10,000,000,000,000)"}},
		{"min above max", "spending: {rule: percent, rate: 0.04, min_amount: 9000, max_amount: 3000}", []string{
			"s.yaml: spending.max_amount: is 3000, below min_amount (want at least min_amount, 9000)"}},
		{"min not positive", "spending: {rule: percent, rate: 0.04, min_amount: 0, max_amount: -1}", []string{
			"s.yaml: spending.max_amount: is -1 (want an amount in today's money above 0 and at most 10,000,000,000,000)",
			"s.yaml: spending.min_amount: is 0 (want an amount in today's money above 0 and at most 10,000,000,000,000)"}},
		{"every never", "spending: {rule: percent, rate: 0.04, every: never}", []string{
			`s.yaml: spending.every: is "never" (want month, quarter or year)`}},
		{"every weekly", "spending: {rule: percent, rate: 0.04, every: week}", []string{
			`s.yaml: spending.every: is "week" (want month, quarter or year)`}},
		{"every shorter than a step", "spending: {rule: percent, rate: 0.04, every: month}\nsimulation: {horizon_years: 10, paths: 100, steps_per_year: 4}", []string{
			"s.yaml: spending.every: is month, shorter than a step (want a period of at least one step; steps_per_year is 4)"}},
		{"start_year beyond horizon", "spending: {rule: percent, rate: 0.04, start_year: 11}", []string{
			"s.yaml: spending.start_year: is 11 (want a year from 1 to the horizon, 10)"}},
		{"start_year 0", "spending: {rule: percent, rate: 0.04, start_year: 0}", []string{
			"s.yaml: spending.start_year: is 0 (want a year from 1 to the horizon, 10)"}},
		{"end_year before start_year", "spending: {rule: percent, rate: 0.04, start_year: 5, end_year: 4}", []string{
			"s.yaml: spending.end_year: is 4 (want a year from start_year (5) to the horizon (10))"}},
		{"end_year beyond horizon", "spending: {rule: percent, rate: 0.04, end_year: 11}", []string{
			"s.yaml: spending.end_year: is 11 (want a year from start_year (1) to the horizon (10))"}},
		{"guardrails with percent", "spending: {rule: percent, rate: 0.04, guardrails: {cut: 0.1}}", []string{
			"s.yaml: spending.guardrails: is set but rule is percent (want it only with rule: guardrails)"}},
		{"floor_ceiling with guardrails", "spending: {rule: guardrails, initial_rate: 0.04, floor_ceiling: {floor: 0.02}}", []string{
			"s.yaml: spending.floor_ceiling: is set but rule is guardrails (want it only with rule: floor_ceiling)"}},
		{"vpw with ninety_five", "spending: {rule: ninety_five, rate: 0.04, vpw: {real_return: 0.03}}", []string{
			"s.yaml: spending.vpw: is set but rule is ninety_five (want it only with rule: vpw)"}},
		{"rmd with constant", "spending: {rule: constant, amount: 4000, rmd: {start_age: 75}}", []string{
			"s.yaml: spending.rmd: is set but rule is constant (want it only with rule: rmd)"}},
		{"guardrail parameters out of range", "spending: {rule: guardrails, initial_rate: 0.05, guardrails: {upper: -0.2, lower: 1.2, cut: 1, raise: 2, preservation_years: -1}}", []string{
			"s.yaml: spending.guardrails.cut: is 1 (want the share of spending cut, a fraction from 0 to below 1, e.g. 0.10)",
			"s.yaml: spending.guardrails.lower: is 1.2 (want the fall of the withdrawal rate below the initial one that raises, a fraction from 0 to 1, e.g. 0.20)",
			"s.yaml: spending.guardrails.preservation_years: is -1 (want the years before the rule's end in which no cut is made, a whole number from 0 to 100, e.g. 15)",
			"s.yaml: spending.guardrails.raise: is 2 (want the share of spending raised, a fraction from 0 to 1, e.g. 0.10)",
			"s.yaml: spending.guardrails.upper: is -0.2 (want the rise of the withdrawal rate above the initial one that cuts, a fraction from 0 to 1, e.g. 0.20)"}},
		{"guardrails misspelt key", "spending: {rule: guardrails, initial_rate: 0.05, guardrails: {preservation: 10}}", []string{
			"s.yaml: spending.guardrails.preservation: unknown key (did you mean preservation_years?)"}},
		{"floor_ceiling out of range", "spending: {rule: floor_ceiling, rate: 0.05, floor_ceiling: {floor: -0.1, ceiling: 5}}", []string{
			"s.yaml: spending.floor_ceiling.ceiling: is 5 (want the largest real rise from one year's spending to the next, a fraction from 0 to 1, e.g. 0.05)",
			"s.yaml: spending.floor_ceiling.floor: is -0.1 (want the largest real fall from one year's spending to the next, a fraction from 0 to 1, e.g. 0.025)"}},
		{"vpw without real_return", "spending: {rule: vpw}", []string{
			"s.yaml: spending.vpw.real_return: missing (want the real yearly return the rule assumes, from -0.5 to 0.5, e.g. 0.035, for rule: vpw)"}},
		{"vpw with empty block", "spending: {rule: vpw, vpw: {}}", []string{
			"s.yaml: spending.vpw.real_return: missing (want the real yearly return the rule assumes, from -0.5 to 0.5, e.g. 0.035, for rule: vpw)"}},
		{"vpw real_return as a percentage", "spending: {rule: vpw, vpw: {real_return: 3.5}}", []string{
			"s.yaml: spending.vpw.real_return: is 3.5 (want the real yearly return the rule assumes, from -0.5 to 0.5, e.g. 0.035)"}},
		{"rmd without age", "spending: {rule: rmd}", []string{
			"s.yaml: household.age: missing (want the client's age during year 1, from 0 to 120; rule rmd needs it)"}},
		{"rmd start_age too early", "household: {age: 65}\nspending: {rule: rmd, rmd: {start_age: 70}}", []string{
			"s.yaml: spending.rmd.start_age: is 70 (want the first age with a required distribution, a whole number from 72 to 120, e.g. 73)"}},
		{"rmd rate above 1", "household: {age: 65}\nspending: {rule: rmd, rate: 1.5}", []string{
			"s.yaml: spending.rate: is 1.5 (want a share of the portfolio's value above 0 and at most 1, e.g. 0.04 for 4%)"}},
		{"age out of range", "household: {age: 121}", []string{
			"s.yaml: household.age: is 121 (want the client's age during year 1, a whole number from 0 to 120)"}},
		{"age negative", "household: {age: -1}\nspending: {rule: rmd}", []string{
			"s.yaml: household.age: is -1 (want the client's age during year 1, a whole number from 0 to 120)"}},
		{"age fraction", "household: {age: 65.5}\nspending: {rule: rmd}", []string{
			"s.yaml: household.age: is 65.5 (want a whole number)"}},
		{"household misspelt key", "household: {agee: 65}", []string{
			"s.yaml: household.agee: unknown key (did you mean age?)"}},
		{"spending not a mapping", "spending: percent", []string{
			`s.yaml: spending: is the text "percent" (want a mapping of keys to values)`}},
		{"every mistake at once", "household: {age: 130}\nspending: {rule: percent, rate: 2, every: day, start_year: 0, min_amount: 5, max_amount: 4, guardrails: {cut: 0.1}}", []string{
			"s.yaml: household.age: is 130 (want the client's age during year 1, a whole number from 0 to 120)",
			`s.yaml: spending.every: is "day" (want month, quarter or year)`,
			"s.yaml: spending.guardrails: is set but rule is percent (want it only with rule: guardrails)",
			"s.yaml: spending.max_amount: is 4, below min_amount (want at least min_amount, 5)",
			"s.yaml: spending.rate: is 2 (want a share of the portfolio's value above 0 and at most 1, e.g. 0.04 for 4%)",
			"s.yaml: spending.start_year: is 0 (want a year from 1 to the horizon, 10)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := withSpending(tt.extra)
			if strings.Contains(tt.extra, "simulation:") { // replaces minimal's
				text = strings.Replace(text, "simulation: {horizon_years: 10, paths: 100}\n", "", 1)
			}
			got := problemsOf(t, text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// glideScenario is minimal with a third sleeve and the given portfolio
// keys (indented four spaces) after its sleeves.
func glideScenario(keys string) string {
	text := strings.Replace(minimal, "      - {name: Bonds, weight: 0.4, holdings: {bonds: 1}}\n",
		"      - {name: Bonds, weight: 0.3, holdings: {bonds: 1}}\n      - {name: Small-cap sleeve, weight: 0.1, holdings: {stocks: 1}}\n", 1)
	return text + keys
}

func TestGlidePathResolved(t *testing.T) {
	sc := mustResolve(t, "g.yaml", glideScenario(`    glide_path:
      - {year: 3, weights: {Equity: 0.5, Bonds: 0.45, Small-cap sleeve: 0.05}}
      - {year: 9, weights: {small-cap SLEEVE: 0, bonds: 0.7, EQUITY: 0.3}}
`))
	want := []portfolio.Waypoint{{Year: 3, Weights: []float64{0.5, 0.45, 0.05}}, {Year: 9, Weights: []float64{0.3, 0.7, 0}}}
	if got := sc.Portfolios[0].GlidePath; !reflect.DeepEqual(got, want) {
		t.Errorf("glide path %+v, want %+v", got, want)
	}
}

func TestGlidePathInvalid(t *testing.T) {
	tests := []struct {
		name, keys string
		want       []string
	}{
		{"empty", "    glide_path: []\n", []string{
			"s.yaml: portfolios[0].glide_path (Balanced): is empty (want a list of waypoints {year, weights}, or no glide_path)"}},
		{"never rebalanced", "    rebalance: {every: never}\n    glide_path:\n      - {year: 5, weights: {Equity: 0.5, Bonds: 0.5, Small-cap sleeve: 0}}\n", []string{
			"s.yaml: portfolios[0].glide_path (Balanced): is set but the portfolio's rebalancing is every: never (want rebalance.every month, quarter or year: a glide path trades at its dates)"}},
		{"never rebalanced by default", "    glide_path:\n      - {year: 5, weights: {Equity: 0.5, Bonds: 0.5, Small-cap sleeve: 0}}\ndefaults: {rebalance: {every: never}}\n", []string{
			"s.yaml: portfolios[0].glide_path (Balanced): is set but the portfolio's rebalancing is every: never (want rebalance.every month, quarter or year: a glide path trades at its dates)"}},
		{"year missing", "    glide_path:\n      - {weights: {Equity: 0.5, Bonds: 0.5, Small-cap sleeve: 0}}\n", []string{
			"s.yaml: portfolios[0].glide_path[0].year (Balanced): missing (want a year from 1 to 9, the horizon less one)"}},
		{"year 0", "    glide_path:\n      - {year: 0, weights: {Equity: 0.5, Bonds: 0.5, Small-cap sleeve: 0}}\n", []string{
			"s.yaml: portfolios[0].glide_path[0].year (Balanced): is 0 (want a year from 1 to 9, the horizon less one)"}},
		{"year at the horizon", "    glide_path:\n      - {year: 10, weights: {Equity: 0.5, Bonds: 0.5, Small-cap sleeve: 0}}\n", []string{
			"s.yaml: portfolios[0].glide_path[0].year (Balanced): is 10 (want a year from 1 to 9, the horizon less one)"}},
		{"years not increasing", `    glide_path:
      - {year: 5, weights: {Equity: 0.5, Bonds: 0.5, Small-cap sleeve: 0}}
      - {year: 5, weights: {Equity: 0.4, Bonds: 0.6, Small-cap sleeve: 0}}
      - {year: 3, weights: {Equity: 0.4, Bonds: 0.6, Small-cap sleeve: 0}}
`, []string{
			"s.yaml: portfolios[0].glide_path[1].year (Balanced): is 5 (want a year after the previous waypoint's, 5: years increase)",
			"s.yaml: portfolios[0].glide_path[2].year (Balanced): is 3 (want a year after the previous waypoint's, 5: years increase)"}},
		{"weights missing", "    glide_path:\n      - {year: 5}\n", []string{
			"s.yaml: portfolios[0].glide_path[0].weights (Balanced): missing (want every sleeve's weight at that year, by sleeve name, e.g. {Equity: 0.5, Bonds: 0.5})"}},
		{"a sleeve left out", "    glide_path:\n      - {year: 5, weights: {Equity: 0.5, Bonds: 0.5}}\n", []string{
			"s.yaml: portfolios[0].glide_path[0].weights (Balanced): lacks Small-cap sleeve (want a weight for every sleeve of the portfolio)"}},
		{"a misspelt sleeve", "    glide_path:\n      - {year: 5, weights: {Equity: 0.5, Bonds: 0.5, Small-cap sleve: 0}}\n", []string{
			"s.yaml: portfolios[0].glide_path[0].weights.Small-cap sleve (Balanced): names no sleeve of this portfolio (did you mean Small-cap sleeve?)"}},
		{"an unknown sleeve", "    glide_path:\n      - {year: 5, weights: {Equity: 0.5, Bonds: 0.5, Small-cap sleeve: 0, Gold: 0}}\n", []string{
			"s.yaml: portfolios[0].glide_path[0].weights.Gold (Balanced): names no sleeve of this portfolio (want the name of one of the portfolio's sleeves)"}},
		{"weights out of range", "    glide_path:\n      - {year: 5, weights: {Equity: 1.5, Bonds: -0.5, Small-cap sleeve: 0}}\n", []string{
			"s.yaml: portfolios[0].glide_path[0].weights.Bonds (Balanced): is -0.5 (want a fraction from 0 to 1)",
			"s.yaml: portfolios[0].glide_path[0].weights.Equity (Balanced): is 1.5 (want a fraction from 0 to 1)"}},
		{"weights sum", "    glide_path:\n      - {year: 5, weights: {Equity: 0.5, Bonds: 0.4, Small-cap sleeve: 0.05}}\n", []string{
			"s.yaml: portfolios[0].glide_path[0].weights (Balanced): weights sum to 0.95 (want 1)"}},
		{"waypoint misspelt key", "    glide_path:\n      - {year: 5, weight: {Equity: 0.5, Bonds: 0.5, Small-cap sleeve: 0}}\n", []string{
			"s.yaml: portfolios[0].glide_path[0].weight (Balanced): unknown key (did you mean weights?)"}},
		{"glide_path misspelt", "    glidepath:\n      - {year: 5, weights: {Equity: 0.5, Bonds: 0.5, Small-cap sleeve: 0}}\n", []string{
			"s.yaml: portfolios[0].glidepath (Balanced): unknown key (did you mean glide_path?)"}},
		{"horizon 1", "    glide_path:\n      - {year: 1, weights: {Equity: 0.5, Bonds: 0.5, Small-cap sleeve: 0}}\nsimulation: {horizon_years: 1, paths: 100}\n", []string{
			"s.yaml: portfolios[0].glide_path (Balanced): is set but horizon_years is 1 (want a horizon of at least 2 years for a glide path: its years run from 1 to the horizon less one)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := glideScenario(tt.keys)
			if strings.Contains(tt.keys, "simulation:") {
				text = strings.Replace(text, "simulation: {horizon_years: 10, paths: 100}\n", "", 1)
			}
			got := problemsOf(t, text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestSleevesDifferingInCase: two sleeves whose names differ only in case
// are refused where the second is declared (viper lowercases keys, so a
// glide path could not tell them apart, nor a sweep's --sleeve); the glide
// path naming them adds no message of its own.
func TestSleevesDifferingInCase(t *testing.T) {
	text := strings.Replace(minimal, "{name: Bonds,", "{name: EQUITY,", 1) +
		"    glide_path:\n      - {year: 5, weights: {equity: 0.5}}\n"
	want := []string{`s.yaml: portfolios[0].sleeves[1].name: "EQUITY" reads as sleeves[0]'s "Equity" (want each sleeve name once in a portfolio, different in more than capitals or spaces around it)`}
	if got := problemsOf(t, text); !slices.Equal(got, want) {
		t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// retirementText exercises every new key at once, for the format
// equivalence test.
const retirementText = `
format: 1
simulation: {horizon_years: 30, paths: 100, steps_per_year: 12}
assets:
  - {id: stocks, expected_return: 0.07, volatility: 0.16}
  - {id: small, expected_return: 0.08, volatility: 0.21}
  - {id: bonds, expected_return: 0.04, volatility: 0.05}
correlations:
  base: [[1, 0.8, 0.1], [0.8, 1, 0.05], [0.1, 0.05, 1]]
inflation: {expected: 0.025, volatility: 0.01}
cashflows:
  initial: 1500000
  flows:
    - {name: Social Security, amount: 30000, start_year: 3, indexed: true}
household: {age: 65}
spending:
  rule: guardrails
  initial_rate: 0.05
  every: month
  end_year: 28
  min_amount: 40000
  max_amount: 120000
  guardrails: {upper: 0.25, preservation_years: 10}
portfolios:
  - name: Glide
    sleeves:
      - {name: Core equity, weight: 0.55, holdings: {stocks: 1}}
      - {name: Small-cap sleeve, weight: 0.05, holdings: {small: 1}}
      - {name: Fixed income, weight: 0.40, holdings: {bonds: 1}}
    glide_path:
      - {year: 10, weights: {Core equity: 0.45, Small-cap sleeve: 0.05, Fixed income: 0.50}}
      - {year: 20, weights: {Core equity: 0.30, Small-cap sleeve: 0.00, Fixed income: 0.70}}
`

func TestSpendingFormatsLoadIdentically(t *testing.T) {
	want := mustResolve(t, "r.yaml", retirementText)
	sp := resolvedSpending(portfolio.Guardrails)
	sp.Initial, sp.InitialRate, sp.Every, sp.EndYear, sp.Age = 1500000, 0.05, portfolio.Month, 28, 65
	sp.MinAmount, sp.HasMin, sp.MaxAmount, sp.HasMax = 40000, true, 120000, true
	sp.Guardrails.Upper, sp.Guardrails.PreservationYears = 0.25, 10
	if *want.Spending != sp {
		t.Errorf("spending\n got %+v\nwant %+v", *want.Spending, sp)
	}
	if n := len(want.Portfolios[0].GlidePath); n != 2 {
		t.Fatalf("%d waypoints, want 2", n)
	}
	for _, format := range []string{"toml", "json"} {
		t.Run(format, func(t *testing.T) {
			got := mustResolve(t, "r."+format, string(convert(t, []byte(retirementText), format)))
			got.Info.Source, got.Report.File, got.Info.Name = want.Info.Source, want.Report.File, want.Info.Name
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s resolves differently from YAML:\n got %+v %+v\nwant %+v %+v", format,
					*got.Spending, got.Portfolios[0].GlidePath, *want.Spending, want.Portfolios[0].GlidePath)
			}
		})
	}
}
