package batch

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// Unit says how a scenario input's value reads: a text, a rate (a decimal
// fraction shown in percent), an amount of money, a whole count, a
// duration in years, a plain number, or a whole number that names
// rather than counts (a seed), shown without thousands separators.
type Unit int

// Units of a Difference's values.
const (
	Text Unit = iota
	Rate
	Money
	Count
	Years
	Number
	Identifier
)

// Difference is one input whose value is not the same in every compared
// scenario.
type Difference struct {
	Section string // the part of the scenario file: "Assets", "Regimes", ...
	// Path is the input's key path in the scenario file's terms, list
	// items named by their id or name: assets[us_small].expected_return.
	Path  string
	Label string // the input in words
	Unit  Unit
	// Values holds the input's value in each scenario, in order: a
	// float64 (for every unit but Text) or a string, or nil where the
	// scenario has no such input (a portfolio, state or flow it lacks).
	Values []any
}

// Differences compares resolved scenarios input by input and returns every
// input whose value differs between them, in the order of the scenario
// file (assets, correlations, inflation, regimes, portfolios, cash flows,
// spending, goal, stress tests, simulation, scenario details). Lists are
// matched by id or name, not position. The scenario's source file, which
// always differs, is not an input.
func Differences(scs []*model.Scenario) []Difference {
	var order []string
	byPath := map[string]*Difference{}
	for s, sc := range scs {
		at := 0 // where an input the scenarios before lack goes: after the one before it in this scenario
		for _, in := range flatten(sc) {
			v := in.Values[0]
			d, ok := byPath[in.Path]
			if !ok {
				in.Values = make([]any, len(scs))
				d = &in
				byPath[in.Path] = d
				order = slices.Insert(order, at, in.Path)
			}
			at = slices.Index(order, in.Path) + 1
			d.Values[s] = v
		}
	}
	var out []Difference
	for _, path := range order {
		d := byPath[path]
		if slices.ContainsFunc(d.Values[1:], func(v any) bool { return !sameValue(v, d.Values[0]) }) {
			out = append(out, *d)
		}
	}
	return sharedPolicies(out, scs)
}

// sharedPolicies merges a policy difference that every portfolio shares,
// the same in each (a changed defaults.fee), into one row: listed per
// portfolio it took a row each for the one input changed.
func sharedPolicies(diffs []Difference, scs []*model.Scenario) []Difference {
	var names []string
	for _, sc := range scs {
		for _, p := range sc.Portfolios {
			if !slices.Contains(names, p.Name) {
				names = append(names, p.Name)
			}
		}
	}
	if len(names) < 2 {
		return diffs
	}
	policy := func(d Difference) (suffix string, ok bool) {
		for _, n := range names {
			if rest, found := strings.CutPrefix(d.Path, "portfolios["+n+"]"); found && (rest == ".fee" || strings.HasPrefix(rest, ".rebalance.")) {
				return rest, true
			}
		}
		return "", false
	}
	var out []Difference
	done := map[string]bool{}
	for _, d := range diffs {
		suffix, ok := policy(d)
		if !ok {
			out = append(out, d)
			continue
		}
		if done[suffix] {
			continue
		}
		var same []Difference
		for _, e := range diffs {
			if s, ok := policy(e); ok && s == suffix {
				same = append(same, e)
			}
		}
		shared := len(same) == len(names) && !slices.ContainsFunc(same, func(e Difference) bool {
			return slices.ContainsFunc(e.Values, func(v any) bool { return v == nil }) ||
				!slices.EqualFunc(e.Values, same[0].Values, sameValue)
		})
		if !shared {
			out = append(out, d)
			continue
		}
		done[suffix] = true
		_, what, _ := strings.Cut(d.Label, ": ")
		merged := d
		merged.Path = "defaults" + suffix + " (or each portfolio's)"
		merged.Label = "Every portfolio: " + what
		out = append(out, merged)
	}
	return out
}

// sameValue compares two input values; NaN equals NaN.
func sameValue(a, b any) bool {
	x, xok := a.(float64)
	y, yok := b.(float64)
	if xok && yok {
		return x == y || (math.IsNaN(x) && math.IsNaN(y))
	}
	return a == b
}

// inputList collects one scenario's inputs, each with a single value.
type inputList struct {
	section string
	items   []Difference
}

func (l *inputList) add(path, label string, unit Unit, v any) {
	l.items = append(l.items, Difference{Section: l.section, Path: path, Label: label, Unit: unit, Values: []any{v}})
}

// yesNo writes a switch as a value a reader sees: "yes" or "no".
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// flatten lists every input of a scenario with its value.
func flatten(sc *model.Scenario) []Difference {
	l := &inputList{}
	names := make([]string, len(sc.Assets))
	for i, a := range sc.Assets {
		names[i] = a.ID
	}
	flattenAssets(l, sc)
	flattenRegimes(l, sc, names)
	flattenPortfolios(l, sc, names)
	flattenPlan(l, sc)
	l.section = "Stress tests"
	for _, t := range sc.StressTests {
		for i, r := range t.Returns {
			l.add(fmt.Sprintf("stress_tests[%s].returns[%s]", t.Name, names[i]), fmt.Sprintf("Stress test %s: %s", t.Name, sc.Assets[i].Name), Rate, r)
		}
	}
	flattenSimulation(l, sc)
	return l.items
}

func flattenAssets(l *inputList, sc *model.Scenario) {
	l.section = "Assets"
	boot := sc.Simulation.ReturnModel == model.Bootstrap
	for i, a := range sc.Assets {
		key := "assets[" + a.ID + "]"
		l.add(key+".name", a.ID+": name", Text, a.Name)
		if !boot { // under bootstrap they are the history's, not inputs
			l.add(key+".expected_return", a.Name+": expected return", Rate, a.ExpectedReturn)
			l.add(key+".volatility", a.Name+": volatility", Rate, a.Volatility)
		}
		l.add(key+".expense_ratio", a.Name+": expense ratio", Rate, a.ExpenseRatio)
		l.add(key+".risk_free", a.Name+": the risk-free asset", Text, yesNo(a.RiskFree))
		if h := sc.History; h != nil && i < len(h.Columns) {
			l.add(key+".history", a.Name+": history column", Text, h.Columns[i])
		}
	}
	if !boot { // under bootstrap the history's own correlations apply
		l.section = "Correlations"
		for _, c := range sc.Correlations {
			for i := range sc.Assets {
				for j := i + 1; j < len(sc.Assets); j++ {
					l.add(fmt.Sprintf("correlations.%s[%s][%s]", c.Name, sc.Assets[i].ID, sc.Assets[j].ID),
						fmt.Sprintf("Correlation (%s): %s and %s", c.Name, sc.Assets[i].Name, sc.Assets[j].Name), Number, c.Matrix.At(i, j))
				}
			}
		}
	}
	l.section = "Inflation"
	if inf := sc.Inflation; inf != nil {
		l.add("inflation.expected", "Inflation: expected", Rate, inf.Expected)
		l.add("inflation.volatility", "Inflation: volatility", Rate, inf.Volatility)
	}
}

// flattenRegimes lists the chains' settings: start, and per state its mean
// stay, where it goes next, its effects, its history label and the
// correlation matrix it switches to.
func flattenRegimes(l *inputList, sc *model.Scenario, series []string) {
	l.section = "Regimes"
	rg := sc.Regimes
	if len(rg.Chains) == 0 {
		return
	}
	series = append(slices.Clone(series), "inflation")
	l.add("regimes.anchor", "Regime effects anchored to", Text, rg.Anchor.String())
	for c, ch := range rg.Chains {
		key := "regimes.chains[" + ch.Name + "]"
		start := "stationary"
		if ch.Start >= 0 {
			start = ch.States[ch.Start]
		}
		l.add(key+".start", "Regime "+ch.Name+": first state", Text, start)
		for s, name := range ch.States {
			skey := key + ".states[" + name + "]"
			what := "Regime " + ch.Name + ", state " + name
			l.add(skey+".mean_years", what+": average stay", Years, ch.MeanYears[s])
			for t, to := range ch.States {
				if p := ch.Generator.At(s, t) * ch.MeanYears[s]; t != s && p != 0 {
					l.add(skey+".next["+to+"]", what+": chance of moving to "+to, Rate, p)
				}
			}
			if s < len(ch.Effects) {
				for k, e := range ch.Effects[s] {
					name := series[k]
					if k < len(sc.Assets) {
						name = sc.Assets[k].Name
					}
					if e.Return != 0 {
						l.add(skey+".effects["+series[k]+"].return", what+": return change, "+name, Rate, e.Return)
					}
					if e.VolScale != 1 {
						l.add(skey+".effects["+series[k]+"].vol_scale", what+": volatility multiplier, "+name, Number, e.VolScale)
					}
				}
			}
			if s < len(ch.Labels) && ch.Labels[s] != "" {
				l.add(skey+".label", what+": history label", Text, ch.Labels[s])
			}
			if m := stateMatrix(sc, c, s); m != "" {
				l.add(skey+".correlations", what+": correlation matrix", Text, m)
			}
		}
	}
}

// stateMatrix is the correlation matrix that chain c's state s switches
// to: the one every joint state holding it uses, when that is not the
// first (base) matrix; "" otherwise.
func stateMatrix(sc *model.Scenario, c, s int) string {
	m := -1
	for _, js := range sc.Regimes.States {
		if js.Chain[c] != s {
			continue
		}
		if m >= 0 && js.Correlation != m {
			return ""
		}
		m = js.Correlation
	}
	if m <= 0 || m >= len(sc.Correlations) {
		return ""
	}
	return sc.Correlations[m].Name
}

func flattenPortfolios(l *inputList, sc *model.Scenario, assets []string) {
	l.section = "Portfolios"
	for i, p := range sc.Portfolios {
		key := "portfolios[" + p.Name + "]"
		what := p.Name + ": "
		l.add(key+".fee", what+"advisory fee", Rate, p.Fee)
		rb := p.Rebalance
		l.add(key+".rebalance.every", what+"rebalancing checked every", Text, rb.Every.String())
		l.add(key+".rebalance.band", what+"rebalancing band (percentage points)", Rate, rb.Band)
		l.add(key+".rebalance.relative_band", what+"rebalancing band (share of target)", Rate, rb.RelativeBand)
		l.add(key+".rebalance.to", what+"rebalancing trades to", Text, rb.To.String())
		l.add(key+".rebalance.cost_bps", what+"trading cost (basis points)", Number, rb.CostBps)
		for _, sl := range p.Sleeves {
			skey := key + ".sleeves[" + sl.Name + "]"
			l.add(skey+".weight", what+sl.Name+" weight", Rate, sl.Weight)
			for _, h := range sl.Holdings {
				l.add(skey+".holdings["+assets[h.Asset]+"]", what+sl.Name+": share in "+sc.Assets[h.Asset].Name, Rate, h.Weight)
			}
		}
		for _, wp := range p.GlidePath {
			for k, w := range wp.Weights {
				name := p.Sleeves[k].Name
				l.add(fmt.Sprintf("%s.glide_path[%d].weights[%s]", key, wp.Year, name), fmt.Sprintf("%sglide path, year %d: %s", what, wp.Year, name), Rate, w)
			}
		}
		if i == sc.Baseline {
			l.add("baseline", "Baseline portfolio", Text, p.Name)
		}
	}
}

// flattenPlan lists the cash flows, the spending rule and the goal.
func flattenPlan(l *inputList, sc *model.Scenario) {
	l.section = "Cash flows"
	l.add("cashflows.initial", "Initial amount", Money, sc.Initial)
	for _, fl := range sc.Flows {
		key := "cashflows.flows[" + fl.Name + "]"
		l.add(key+".amount", fl.Name+": amount", Money, fl.Amount)
		l.add(key+".every", fl.Name+": paid every", Text, fl.Every.String())
		l.add(key+".start_year", fl.Name+": first year", Count, float64(fl.StartYear))
		l.add(key+".end_year", fl.Name+": last year", Count, float64(fl.EndYear))
		l.add(key+".indexed", fl.Name+": raised with inflation", Text, yesNo(fl.Indexed))
	}
	l.section = "Spending"
	if sp := sc.Spending; sp != nil {
		flattenSpending(l, sp)
	}
	l.section = "Goal"
	if g := sc.Goal; g != nil {
		l.add("goal.target_wealth", "Goal: target wealth", Money, g.TargetWealth)
		l.add("goal.real", "Goal: in today's money", Text, yesNo(g.Real))
	}
}

func flattenSpending(l *inputList, sp *portfolio.Spending) {
	l.add("spending.rule", "Spending rule", Text, sp.Rule.String())
	nonzero := func(key, label string, unit Unit, v float64) {
		if v != 0 {
			l.add("spending."+key, "Spending: "+label, unit, v)
		}
	}
	nonzero("amount", "first-year amount (today's money)", Money, sp.Amount)
	nonzero("initial_rate", "first-year rate", Rate, sp.InitialRate)
	nonzero("rate", "rate", Rate, sp.Rate)
	l.add("spending.every", "Spending: paid every", Text, sp.Every.String())
	l.add("spending.start_year", "Spending: first year", Count, float64(sp.StartYear))
	l.add("spending.end_year", "Spending: last year", Count, float64(sp.EndYear))
	if sp.HasMin {
		l.add("spending.min_amount", "Spending: minimum (today's money)", Money, sp.MinAmount)
	}
	if sp.HasMax {
		l.add("spending.max_amount", "Spending: maximum (today's money)", Money, sp.MaxAmount)
	}
	switch sp.Rule {
	case portfolio.Guardrails:
		g := sp.Guardrails
		l.add("spending.guardrails.upper", "Guardrails: upper guardrail", Rate, g.Upper)
		l.add("spending.guardrails.lower", "Guardrails: lower guardrail", Rate, g.Lower)
		l.add("spending.guardrails.cut", "Guardrails: cut", Rate, g.Cut)
		l.add("spending.guardrails.raise", "Guardrails: raise", Rate, g.Raise)
		l.add("spending.guardrails.preservation_years", "Guardrails: no cuts in the last years", Count, float64(g.PreservationYears))
	case portfolio.FloorCeiling:
		l.add("spending.floor_ceiling.floor", "Spending: largest yearly cut", Rate, sp.FloorCeiling.Floor)
		l.add("spending.floor_ceiling.ceiling", "Spending: largest yearly raise", Rate, sp.FloorCeiling.Ceiling)
	case portfolio.VPW:
		l.add("spending.vpw.real_return", "Spending: real return assumed", Rate, sp.RealReturn)
	case portfolio.RMD:
		l.add("spending.rmd.start_age", "Spending: first age with a required distribution", Count, float64(sp.RMDStartAge))
	}
	if sp.Age > 0 {
		l.add("household.age", "Client's age in year 1", Count, float64(sp.Age))
	}
}

func flattenSimulation(l *inputList, sc *model.Scenario) {
	l.section = "Simulation"
	sim := sc.Simulation
	l.add("simulation.paths", "Simulated paths", Count, float64(sim.Paths))
	l.add("simulation.horizon_years", "Horizon", Years, float64(sim.HorizonYears))
	l.add("simulation.steps_per_year", "Steps per year", Count, float64(sim.StepsPerYear))
	var seed any = strconv.FormatUint(sim.Seed, 10)
	if sim.Seed < 1<<53 {
		seed = float64(sim.Seed)
	}
	l.add("simulation.seed", "Random seed", Identifier, seed)
	l.add("simulation.return_model", "Return model", Text, sim.ReturnModel.String())
	switch sim.ReturnModel {
	case model.StudentT:
		l.add("simulation.degrees_of_freedom", "Degrees of freedom (Student t)", Number, sim.DegreesOfFreedom)
	case model.Bootstrap:
		l.add("simulation.block_months", "Months per block drawn", Count, float64(sim.BlockMonths))
		l.add("simulation.stationary_blocks", "Blocks of random length", Text, yesNo(sim.StationaryBlocks))
		if h := sc.History; h != nil {
			l.add("history.file", "History file", Text, h.Source.File)
			l.add("history.from", "History from", Text, h.From)
			l.add("history.to", "History to", Text, h.To)
		}
	}
	if len(sc.Report.Percentiles) > 0 {
		ps := make([]string, len(sc.Report.Percentiles))
		for i, p := range sc.Report.Percentiles {
			ps[i] = strconv.FormatFloat(p, 'f', -1, 64)
		}
		l.add("report.percentiles", "Percentiles shown", Text, strings.Join(ps, ", "))
	}
	// A scenario's name is not an input: it labels the scenario's column.
	l.section = "Scenario"
	info := sc.Info
	l.add("scenario.client", "Client", Text, info.Client)
	l.add("scenario.prepared_by", "Prepared by", Text, info.PreparedBy)
	l.add("scenario.as_of", "Assumptions as of", Text, info.AsOf)
	l.add("scenario.currency", "Currency", Text, info.Currency)
}
