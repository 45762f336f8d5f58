package batch

import (
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// twoStates is the generator of a two-state chain with mean stays d0, d1.
func twoStates(d0, d1 float64) *mat.Dense {
	return mat.NewDense(2, 2, []float64{-1 / d0, 1 / d0, 1 / d1, -1 / d1})
}

// handScenario is a small resolved scenario built by hand: two assets, a
// two-state growth chain whose recession cuts equities and switches to a
// stress matrix, one portfolio of two sleeves, a withdrawal and a goal.
func handScenario() *model.Scenario {
	none := model.Effect{VolScale: 1}
	return &model.Scenario{
		Info:       model.Info{Name: "Plan", Client: "Client", Currency: "USD"},
		Simulation: model.Simulation{Paths: 1000, HorizonYears: 30, StepsPerYear: 12, Seed: 1, ReturnModel: model.Lognormal},
		Assets: []model.Asset{
			{ID: "stocks", Name: "Stocks", ExpectedReturn: 0.07, Volatility: 0.16},
			{ID: "bonds", Name: "Bonds", ExpectedReturn: 0.04, Volatility: 0.05},
		},
		RiskFree:  -1,
		Inflation: &model.Inflation{Expected: 0.025, Volatility: 0.01},
		Correlations: []model.Correlation{
			{Name: "base", Matrix: mat.NewSymDense(2, []float64{1, 0.1, 0.1, 1})},
			{Name: "stress", Matrix: mat.NewSymDense(2, []float64{1, -0.2, -0.2, 1})},
		},
		Regimes: model.Regimes{
			Anchor: model.LongRun,
			Chains: []model.Chain{{
				Name: "growth", States: []string{"expansion", "recession"}, MeanYears: []float64{6, 1},
				Generator: twoStates(6, 1), Start: -1,
				Effects: [][]model.Effect{
					{none, none, none},
					{{Return: -0.15, VolScale: 1.6}, none, none},
				},
			}},
			States: []model.JointState{
				{Name: "growth=expansion", Chain: []int{0}},
				{Name: "growth=recession", Chain: []int{1}, Correlation: 1},
			},
		},
		Portfolios: []model.Portfolio{{
			Name: "Balanced", Fee: 0.0075, Rebalance: portfolio.DefaultPolicy(),
			Sleeves: []portfolio.Sleeve{
				{Name: "Equity", Weight: 0.6, Holdings: []portfolio.Holding{{Asset: 0, Weight: 1}}},
				{Name: "Bonds", Weight: 0.4, Holdings: []portfolio.Holding{{Asset: 1, Weight: 1}}},
			},
		}},
		Initial: 1e6,
		Flows:   []model.Flow{{Name: "Income", Amount: -40000, Every: portfolio.Year, StartYear: 1, EndYear: 30, Indexed: true}},
		Goal:    &model.Goal{TargetWealth: 1.5e6, Real: true},
	}
}

// TestDifferences compares hand-made scenarios: the differ lists exactly
// the inputs that differ, by key path, with each scenario's value (nil
// where a scenario lacks the input), regime settings included.
func TestDifferences(t *testing.T) {
	type diff struct {
		path   string
		values []any
	}
	for _, tc := range []struct {
		name  string
		edits []func(*model.Scenario) // one per scenario after the first, which is handScenario()
		want  []diff
	}{
		{"identical", []func(*model.Scenario){func(*model.Scenario) {}}, nil},
		// A name labels a scenario's column; it is not an input.
		{"only the names", []func(*model.Scenario){func(sc *model.Scenario) { sc.Info.Name = "Higher for longer" }}, nil},
		{"the client", []func(*model.Scenario){func(sc *model.Scenario) { sc.Info.Client = "Another" }},
			[]diff{{"scenario.client", []any{"Client", "Another"}}}},
		{"a longer recession", []func(*model.Scenario){func(sc *model.Scenario) {
			ch := &sc.Regimes.Chains[0]
			ch.MeanYears[1], ch.Generator = 2, twoStates(6, 2)
		}}, []diff{{"regimes.chains[growth].states[recession].mean_years", []any{1.0, 2.0}}}},
		{"a deeper recession and a new effect", []func(*model.Scenario){func(sc *model.Scenario) {
			sc.Regimes.Chains[0].Effects[1][0].Return = -0.25
			sc.Regimes.Chains[0].Effects[1][2] = model.Effect{Return: 0.01, VolScale: 1}
		}}, []diff{
			{"regimes.chains[growth].states[recession].effects[stocks].return", []any{-0.15, -0.25}},
			{"regimes.chains[growth].states[recession].effects[inflation].return", []any{nil, 0.01}},
		}},
		{"no regimes", []func(*model.Scenario){func(sc *model.Scenario) {
			sc.Regimes = model.Regimes{Anchor: model.LongRun, States: []model.JointState{{Name: "base", Chain: []int{}}}}
			sc.Correlations = sc.Correlations[:1]
		}}, []diff{
			{"correlations.stress[stocks][bonds]", []any{-0.2, nil}},
			{"regimes.anchor", []any{"long_run", nil}},
			{"regimes.chains[growth].start", []any{"stationary", nil}},
			{"regimes.chains[growth].states[expansion].mean_years", []any{6.0, nil}},
			{"regimes.chains[growth].states[expansion].next[recession]", []any{1.0, nil}},
			{"regimes.chains[growth].states[recession].mean_years", []any{1.0, nil}},
			{"regimes.chains[growth].states[recession].next[expansion]", []any{1.0, nil}},
			{"regimes.chains[growth].states[recession].effects[stocks].return", []any{-0.15, nil}},
			{"regimes.chains[growth].states[recession].effects[stocks].vol_scale", []any{1.6, nil}},
			{"regimes.chains[growth].states[recession].correlations", []any{"stress", nil}},
		}},
		{"one of three differs", []func(*model.Scenario){
			func(*model.Scenario) {},
			func(sc *model.Scenario) {
				sc.Assets[1].ExpectedReturn = 0.05
				sc.Correlations[0].Matrix = mat.NewSymDense(2, []float64{1, 0.3, 0.3, 1})
				sc.Inflation = nil
			},
		}, []diff{
			{"assets[bonds].expected_return", []any{0.04, 0.04, 0.05}},
			{"correlations.base[stocks][bonds]", []any{0.1, 0.1, 0.3}},
			{"inflation.expected", []any{0.025, 0.025, nil}},
			{"inflation.volatility", []any{0.01, 0.01, nil}},
		}},
		{"plan and portfolio", []func(*model.Scenario){func(sc *model.Scenario) {
			p := &sc.Portfolios[0]
			p.Fee = 0.01
			p.Sleeves = []portfolio.Sleeve{
				{Name: "Equity", Weight: 0.5, Holdings: p.Sleeves[0].Holdings},
				{Name: "Bonds", Weight: 0.5, Holdings: p.Sleeves[1].Holdings},
			}
			sc.Flows[0].Amount = -50000
			sc.Goal = nil
			sc.Spending = &portfolio.Spending{Rule: portfolio.Percent, Rate: 0.04, Every: portfolio.Year, StartYear: 1, EndYear: 30}
			sc.Simulation.Seed = 7
		}}, []diff{
			{"portfolios[Balanced].fee", []any{0.0075, 0.01}},
			{"portfolios[Balanced].sleeves[Equity].weight", []any{0.6, 0.5}},
			{"portfolios[Balanced].sleeves[Bonds].weight", []any{0.4, 0.5}},
			{"cashflows.flows[Income].amount", []any{-40000.0, -50000.0}},
			{"spending.rule", []any{nil, "percent"}},
			{"spending.rate", []any{nil, 0.04}},
			{"spending.every", []any{nil, "year"}},
			{"spending.start_year", []any{nil, 1.0}},
			{"spending.end_year", []any{nil, 30.0}},
			{"goal.target_wealth", []any{1.5e6, nil}},
			{"goal.real", []any{"yes", nil}},
			{"simulation.seed", []any{1.0, 7.0}},
		}},
		// A rule's own parameters are keyed as the file writes them, under
		// the rule's block.
		{"guardrails against a floor and ceiling", []func(*model.Scenario){func(sc *model.Scenario) {
			sc.Spending = &portfolio.Spending{Rule: portfolio.FloorCeiling, Rate: 0.04, Every: portfolio.Year, StartYear: 1, EndYear: 30,
				FloorCeiling: portfolio.FloorCeilingParams{Floor: 0.025, Ceiling: 0.05}}
		}}, []diff{
			{"spending.rule", []any{nil, "floor_ceiling"}},
			{"spending.rate", []any{nil, 0.04}},
			{"spending.every", []any{nil, "year"}},
			{"spending.start_year", []any{nil, 1.0}},
			{"spending.end_year", []any{nil, 30.0}},
			{"spending.floor_ceiling.floor", []any{nil, 0.025}},
			{"spending.floor_ceiling.ceiling", []any{nil, 0.05}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scs := []*model.Scenario{handScenario()}
			for _, edit := range tc.edits {
				sc := handScenario()
				edit(sc)
				scs = append(scs, sc)
			}
			var got []diff
			for _, d := range Differences(scs) {
				got = append(got, diff{d.Path, d.Values})
				if d.Label == "" || d.Section == "" {
					t.Errorf("%s: label %q, section %q", d.Path, d.Label, d.Section)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("differences:\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}

// TestSharedPolicyDifference: a fee changed alike for every portfolio (a
// changed defaults.fee) is one difference, not one per portfolio; changed
// for some only, or by different amounts, it stays per portfolio.
func TestSharedPolicyDifference(t *testing.T) {
	two := func(fees ...float64) *model.Scenario {
		sc := handScenario()
		second := sc.Portfolios[0]
		second.Name = "Growth"
		sc.Portfolios = append(sc.Portfolios, second)
		for i, f := range fees {
			sc.Portfolios[i].Fee = f
		}
		return sc
	}
	paths := func(ds []Difference) []string {
		var out []string
		for _, d := range ds {
			out = append(out, d.Path)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		b    *model.Scenario
		want []string
	}{
		{"alike", two(0.01, 0.01), []string{"defaults.fee (or each portfolio's)"}},
		{"one only", two(0.01, 0.0075), []string{"portfolios[Balanced].fee"}},
		{"different amounts", two(0.01, 0.02), []string{"portfolios[Balanced].fee", "portfolios[Growth].fee"}},
	} {
		got := Differences([]*model.Scenario{two(0.0075, 0.0075), tc.b})
		if !slices.Equal(paths(got), tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, paths(got), tc.want)
		}
		if tc.name == "alike" && (got[0].Label != "Every portfolio: advisory fee" || got[0].Values[1] != 0.01) {
			t.Errorf("alike: %+v", got[0])
		}
	}
}
