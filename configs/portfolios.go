package configs

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/divsim/divsim/internal/digits"
	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// MaxAmount bounds money amounts: ten trillion keeps a century of the most
// extreme compounding far from floating-point overflow, and no household
// plan comes near it.
const MaxAmount = 1e13

// maxAmountText is MaxAmount as messages write it: 10,000,000,000,000.
func maxAmountText() string { return digits.Group(strconv.FormatFloat(MaxAmount, 'f', 0, 64)) }

// uniqueName checks that element i of a list has a display name no earlier
// element used, not even in other capitals or with spaces around it: a
// report would show two rows alike, and sweeps and comparisons, which
// match names without case, could not tell them apart. seen maps names so
// folded (nameFold) to the element that first used them.
func (r *resolver) uniqueName(key, name string, seen map[string]seenName, i int, list, want string) {
	first, dup := seen[nameFold(name)]
	switch {
	case strings.TrimSpace(name) == "":
		r.probs.add(key, "want a name to show in reports", "missing")
	case dup && first.name == name:
		r.probs.add(key, want, "%q repeats %s[%d]", name, list, first.index)
	case dup:
		r.probs.add(key, want+", different in more than capitals or spaces around it", "%q reads as %s[%d]'s %q", name, list, first.index, first.name)
	default:
		seen[nameFold(name)] = seenName{i, name}
	}
}

// seenName is the element of a list that first used a name, and the name
// as it wrote it.
type seenName struct {
	index int
	name  string
}

// nameFold is a name as uniqueName compares it: trimmed, in lower case.
func nameFold(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// policy merges a rebalancing policy written at key over base, key by key,
// and checks the keys written there.
func (r *resolver) policy(key string, base portfolio.Policy, in Rebalance) portfolio.Policy {
	p := base
	if in.Every != nil {
		every, ok := portfolio.ParsePeriod(*in.Every)
		switch {
		case !ok:
			r.probs.add(join(key, "every"), words.ChoiceWant(*in.Every, "want month, quarter, year or never", "month", "quarter", "year", "never"), "is %q", *in.Every)
		case every != portfolio.Never && !r.periodFits(every):
			r.probs.add(join(key, "every"), fmt.Sprintf("want a period of at least one step; steps_per_year is %d", r.sc.Simulation.StepsPerYear), "is %s, shorter than a step", every)
		default:
			p.Every = every
		}
	}
	if in.Band != nil {
		if p.Band = *in.Band; p.Band < 0 || p.Band >= 1 {
			r.probs.add(join(key, "band"), "want an absolute drift from 0 to below 1, e.g. 0.05; 0 is off", "is %v", p.Band)
		}
	}
	if in.RelativeBand != nil {
		if p.RelativeBand = *in.RelativeBand; p.RelativeBand < 0 || p.RelativeBand > 10 {
			r.probs.add(join(key, "relative_band"), "want a drift relative to the target from 0 to 10, e.g. 0.25; 0 is off", "is %v", p.RelativeBand)
		}
	}
	if in.To != nil {
		to, ok := portfolio.ParseTarget(*in.To)
		if ok {
			p.To = to
		} else {
			r.probs.add(join(key, "to"), words.ChoiceWant(*in.To, "want target or band_edge", "target", "band_edge"), "is %q", *in.To)
		}
	}
	if in.CostBps != nil {
		if p.CostBps = *in.CostBps; p.CostBps < 0 || p.CostBps > 1000 {
			r.probs.add(join(key, "cost_bps"), "want basis points of value traded from 0 to 1000, e.g. 5", "is %v", p.CostBps)
		}
	}
	return p
}

// periodFits reports whether a period is a whole number of steps.
func (r *resolver) periodFits(p portfolio.Period) bool {
	_, ok := p.StepsPer(r.sc.Simulation.StepsPerYear)
	return ok
}

// absent says what is wrong with a list or map the file leaves empty:
// missing when the key is not there at all, empty when it is (sleeves: []).
func absent(missing bool) string {
	if missing {
		return "missing"
	}
	return "is empty"
}

// maxYearlyCharge is the largest advisory fee or expense ratio accepted,
// 10 % a year: far above any real charge, and a rate typed in percent
// (0.75 for 0.75 %) is refused instead of charging 75 % a year.
const maxYearlyCharge = 0.10

// percentHint says what a charge above 10 % would mean, in case it was
// typed in percent.
func percentHint(x float64) string {
	if x > maxYearlyCharge && x < 100 {
		return fmt.Sprintf("; %v is %.4g%% a year: for %.4g%% write %.6g", x, 100*x, x, x/100)
	}
	return ""
}

// fee checks an advisory fee rate.
func (r *resolver) fee(key string, fee float64) {
	if fee < 0 || fee > maxYearlyCharge {
		r.probs.add(key, "want a yearly fraction from 0 to 0.1, e.g. 0.0075 for 0.75%"+percentHint(fee), "is %v", fee)
	}
}

func (r *resolver) portfolios() {
	defaultFee := deref(r.f.Defaults.Fee, 0)
	r.fee("defaults.fee", defaultFee)
	defaultPolicy := r.policy("defaults.rebalance", portfolio.DefaultPolicy(), r.f.Defaults.Rebalance)
	if len(r.f.Portfolios) == 0 {
		r.probs.add("portfolios", "want a list of at least one portfolio with a name and sleeves", "%s", absent(r.f.Portfolios == nil))
		return
	}
	names := map[string]seenName{}
	for i, in := range r.f.Portfolios {
		key := index("portfolios", i)
		p := model.Portfolio{Name: in.Name, Fee: defaultFee}
		r.uniqueName(join(key, "name"), in.Name, names, i, "portfolios", "want each portfolio name once")
		if in.Fee != nil {
			p.Fee = *in.Fee
			r.fee(join(key, "fee"), p.Fee)
		}
		p.Rebalance = r.policy(join(key, "rebalance"), defaultPolicy, in.Rebalance)
		if p.Rebalance.To == portfolio.ToBandEdge && !p.Rebalance.Banded() {
			r.probs.add(join(key, "rebalance.to"), "want band or relative_band set for band_edge, or to: target", "is band_edge but no band is set")
		}
		p.Sleeves = r.sleeves(join(key, "sleeves"), in.Sleeves)
		p.GlidePath = r.glidePath(key, in, &p)
		p.Targets = make([]float64, len(r.sc.Assets))
		portfolio.TargetWeights(p.Targets, p.Sleeves)
		for a, w := range p.Targets {
			if w > 0 {
				r.heldAssets[a] = true
			}
		}
		r.sc.Portfolios = append(r.sc.Portfolios, p)
	}
}

func (r *resolver) sleeves(key string, in []Sleeve) []portfolio.Sleeve {
	if len(in) == 0 {
		r.probs.add(key, "want a list of sleeves with name, weight and holdings", "%s", absent(in == nil))
		return nil
	}
	out := make([]portfolio.Sleeve, 0, len(in))
	names := map[string]seenName{}
	sum, weightsOK := 0.0, true
	for i, s := range in {
		skey := index(key, i)
		sl := portfolio.Sleeve{Name: s.Name}
		r.uniqueName(join(skey, "name"), s.Name, names, i, "sleeves", "want each sleeve name once in a portfolio")
		if s.Weight == nil {
			r.probs.add(join(skey, "weight"), "want the sleeve's fraction of the portfolio, e.g. 0.1", "missing")
			weightsOK = false
		} else if sl.Weight = *s.Weight; sl.Weight < 0 || sl.Weight > 1 {
			r.probs.add(join(skey, "weight"), "want a fraction from 0 to 1"+weightPercentHint(sl.Weight), "is %v", sl.Weight)
			weightsOK = false
		}
		sum += sl.Weight
		sl.Holdings = r.holdings(join(skey, "holdings"), s.Holdings)
		out = append(out, sl)
	}
	if weightsOK && math.Abs(sum-1) > sumTolerance {
		r.probs.add(key, "want 1", "weights sum to %v", roundSum(sum))
	}
	return out
}

func (r *resolver) holdings(key string, in map[string]float64) []portfolio.Holding {
	if len(in) == 0 {
		r.probs.add(key, "want asset ids with their fractions of the sleeve, e.g. {us_small: 1}", "%s", absent(in == nil))
		return nil
	}
	var out []portfolio.Holding
	sum, ok := 0.0, true
	for _, id := range sortedKeys(in) {
		w := in[id]
		a, known := r.assetRef(join(key, id), id)
		switch {
		case !known:
			r.probs.addNeeding("assets", join(key, id), r.assetWant(id, false), "names no asset")
			ok = false
			continue
		case w < 0 || w > 1:
			r.probs.add(join(key, id), "want a fraction from 0 to 1"+weightPercentHint(w), "is %v", w)
			ok = false
		}
		sum += w
		out = append(out, portfolio.Holding{Asset: a, Weight: w})
	}
	if ok && math.Abs(sum-1) > sumTolerance {
		r.probs.add(key, "want 1", "weights sum to %v", roundSum(sum))
	}
	slices.SortFunc(out, func(a, b portfolio.Holding) int { return a.Asset - b.Asset })
	return out
}

func (r *resolver) cashflows() {
	in := r.f.Cashflows
	if in.Initial == nil {
		r.probs.add("cashflows.initial", "want the amount invested at the start, e.g. 1000000", "missing")
	} else if r.sc.Initial = *in.Initial; r.sc.Initial <= 0 || r.sc.Initial > MaxAmount {
		r.probs.add("cashflows.initial", "want an amount above 0 and at most "+maxAmountText(), "is %v", r.sc.Initial)
	}
	horizon := r.sc.Simulation.HorizonYears
	for i, fl := range in.Flows {
		key := index("cashflows.flows", i)
		f := model.Flow{Name: cmp.Or(fl.Name, fmt.Sprintf("Flow %d", i+1)), Indexed: fl.Indexed, Every: portfolio.Year}
		if fl.Amount == nil {
			r.probs.add(join(key, "amount"), "want an amount per payment: positive contributes, negative withdraws", "missing")
		} else if f.Amount = *fl.Amount; f.Amount == 0 {
			r.probs.add(join(key, "amount"), "want a contribution above 0 or a withdrawal below 0", "is 0")
		} else if math.Abs(f.Amount) > MaxAmount {
			r.probs.add(join(key, "amount"), "want at most "+maxAmountText()+" either way", "is %v", f.Amount)
		}
		if fl.Every != nil {
			every, ok := portfolio.ParsePeriod(*fl.Every)
			switch {
			case !ok || every == portfolio.Never:
				r.probs.add(join(key, "every"), words.ChoiceWant(*fl.Every, "want month, quarter or year", "month", "quarter", "year"), "is %q", *fl.Every)
			case !r.periodFits(every):
				r.probs.add(join(key, "every"), fmt.Sprintf("want a period of at least one step; steps_per_year is %d", r.sc.Simulation.StepsPerYear), "is %s, shorter than a step", every)
			default:
				f.Every = every
			}
		}
		f.StartYear = deref(fl.StartYear, 1)
		f.EndYear = deref(fl.EndYear, horizon)
		leftOut := r.flowPastHorizon(key, &f, fl.EndYear != nil)
		if horizon >= 1 && !leftOut {
			if f.StartYear < 1 || f.StartYear > horizon {
				r.probs.add(join(key, "start_year"), fmt.Sprintf("want a year from 1 to the horizon, %d", horizon), "is %d", f.StartYear)
			} else if f.EndYear < f.StartYear || f.EndYear > horizon {
				r.probs.add(join(key, "end_year"), fmt.Sprintf("want a year from start_year (%d) to the horizon (%d)", f.StartYear, horizon), "is %d", f.EndYear)
			}
		}
		if f.Indexed && r.f.Inflation == nil {
			r.probs.addNeeding("inflation", join(key, "indexed"), "want an inflation section, or indexed: false; without inflation indexing means nothing", "is true")
		}
		if !leftOut {
			r.sc.Flows = append(r.sc.Flows, f)
		}
	}
}

func (r *resolver) goal() {
	in := r.f.Goal
	if in == nil {
		return
	}
	g := &model.Goal{Real: in.Real}
	if in.TargetWealth == nil {
		r.probs.add("goal.target_wealth", "want the wealth to reach at the horizon, e.g. 1500000", "missing")
	} else if g.TargetWealth = *in.TargetWealth; g.TargetWealth <= 0 || g.TargetWealth > MaxAmount {
		r.probs.add("goal.target_wealth", "want an amount above 0 and at most "+maxAmountText(), "is %v", g.TargetWealth)
	}
	if g.Real && r.f.Inflation == nil {
		r.probs.addNeeding("inflation", "goal.real", "want an inflation section, or real: false; without inflation real equals nominal", "is true")
	}
	r.sc.Goal = g
}

func (r *resolver) stressTests() {
	names := map[string]seenName{}
	for i, in := range r.f.StressTests {
		key := index("stress_tests", i)
		st := model.StressTest{Name: in.Name, Returns: make([]float64, len(r.sc.Assets)), Note: strings.TrimSpace(in.Note)}
		r.uniqueName(join(key, "name"), in.Name, names, i, "stress_tests", "want each stress test name once")
		switch {
		case in.History != nil && in.Returns != nil:
			r.probs.add(key, "want either returns (a one-period shock) or history (an episode to replay), not both", "has both")
			continue
		case in.History != nil:
			r.sc.StressTests = append(r.sc.StressTests, model.StressTest{Name: in.Name, Episode: r.episode(key, *in.History), Note: strings.TrimSpace(in.Note)})
			continue
		case in.Returns == nil:
			r.probs.add(join(key, "returns"), "want a total return per asset, or history: {from: \"YYYY-MM\", to: \"YYYY-MM\"} to replay an episode", "missing")
			continue
		}
		given := make([]bool, len(r.sc.Assets))
		guessed := map[string]bool{} // assets a misspelt id probably meant: not reported missing too
		for _, id := range sortedKeys(in.Returns) {
			ret := in.Returns[id]
			a, known := r.assetRef(join(join(key, "returns"), id), id)
			switch {
			case !known:
				r.probs.addNeeding("assets", join(join(key, "returns"), id), r.assetWant(id, false), "names no asset")
				guessed[words.Closest(id, slices.Collect(maps.Keys(r.assets)))] = true
			case ret < -1 || ret > 10:
				r.probs.add(join(join(key, "returns"), id), "want a total return from -1 (all lost) to 10", "is %v", ret)
			default:
				st.Returns[a], given[a] = ret, true
			}
		}
		var missing []string
		for a, held := range r.heldAssets {
			if held && !given[a] && !hasKey(in.Returns, r.sc.Assets[a].ID) && !guessed[r.sc.Assets[a].ID] {
				missing = append(missing, r.sc.Assets[a].ID)
			}
		}
		if len(missing) > 0 {
			r.probs.add(join(key, "returns"), "want a return for every asset a portfolio holds", "lacks %v", strings.Join(missing, ", "))
		}
		r.sc.StressTests = append(r.sc.StressTests, st)
	}
}
