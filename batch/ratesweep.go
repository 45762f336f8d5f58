package batch

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/divsim/divsim/internal/param"
	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// RateSweep is a sweep of the spending rule's rate: one scenario per rate,
// each the file's scenario with only the rule's rate changed, all on the
// scenario's seed and per-path streams (common random numbers), so a point
// equals a plain run of the file with that rate.
type RateSweep struct {
	Rates      []float64
	Scenarios  []*model.Scenario // Scenarios[i] runs Rates[i]
	Portfolios []int             // the portfolios reported, by index (all, or --portfolio)
}

// sweptRules names the rules with a rate to sweep, for messages.
func sweptRules() string {
	return "the initial_rate of " + words.Or(portfolio.RuleNamesWhere(portfolio.WrittenAsAmount)) + ", or the rate of " +
		words.Or(portfolio.RuleNamesWhere(portfolio.TakesRate))
}

// Rates returns RateFrom + i·RateStep for every i with the rate at most
// RateTo, never accumulating the step; every rate is in (0, 1].
func (s SweepSpec) Rates() ([]float64, error) {
	var errs []error
	if !(s.RateStep > 0 && s.RateStep <= 1) {
		errs = append(errs, param.Errorf("--rate-step", "is %v (want a rate step above 0 and at most 1%s)", s.RateStep, cmp.Or(fractionHint(s.RateStep), ", e.g. 0.005")))
	}
	if !(s.RateFrom > 0 && s.RateFrom <= 1) {
		errs = append(errs, param.Errorf("--rate-from", "is %v (want a yearly rate above 0 and at most 1, e.g. 0.03 for 3%%)", s.RateFrom))
	}
	if !(s.RateTo >= s.RateFrom && s.RateTo <= 1) {
		errs = append(errs, param.Errorf("--rate-to", "is %v (want a yearly rate above --rate-from (%v), at most 1)", s.RateTo, s.RateFrom))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := oneStepAtLeast(s.RateFrom, s.RateTo, s.RateStep, "--rate-step", "--rate-from", "--rate-to"); err != nil {
		return nil, err
	}
	return grid(s.RateFrom, s.RateTo, s.RateStep, "--rate-step")
}

// RateKey is the key of the scenario file that a rate sweep varies for
// the rule: spending.initial_rate for a rule whose first year is written
// as an amount, spending.rate for one that takes a rate, "" for neither
// (vpw).
func RateKey(r portfolio.SpendingRule) string {
	switch t := r.Traits(); {
	case t.FromAmount:
		return "spending.initial_rate"
	case t.Rate != portfolio.NoRate:
		return "spending.rate"
	}
	return ""
}

// withRate returns the rule with its swept rate set to rate. For a rule
// whose first year is written as an amount (constant, guardrails) that
// year then follows the rate (an amount the file gives gives way to it).
func withRate(sp portfolio.Spending, rate float64) portfolio.Spending {
	if sp.Rule.Traits().FromAmount {
		return sp.WithFirstYearRate(rate, false)
	}
	sp.Rate = rate
	return sp
}

// PlanRateSweep returns the scenarios of a sweep of the spending rule's
// rate. Errors name the flag and, for a rule without a rate, the rules
// that have one.
func PlanRateSweep(sc *model.Scenario, spec SweepSpec) (*RateSweep, error) {
	if sc.Spending == nil {
		return nil, param.Errorf("--rate-from", "the scenario has no spending rule to sweep (want a spending: rule whose rate can be swept, %s; or a sleeve's weight swept with --sleeve)", sweptRules())
	}
	if RateKey(sc.Spending.Rule) == "" {
		return nil, param.Errorf("--rate-from", "spending rule %s has no rate to sweep (want a rule whose rate can be swept: %s)", sc.Spending.Rule, sweptRules())
	}
	spec = spec.WithNamesOf(sc)
	rates, err := spec.Rates()
	if err != nil {
		return nil, err
	}
	plan := &RateSweep{Rates: rates}
	for i, p := range sc.Portfolios {
		if spec.Portfolio == "" || p.Name == spec.Portfolio {
			plan.Portfolios = append(plan.Portfolios, i)
		}
	}
	if len(plan.Portfolios) == 0 {
		return nil, param.Errorf("--portfolio", "no portfolio named %q (%s)", spec.Portfolio, unknownName(spec.Portfolio, portfolioNames(sc)))
	}
	for _, r := range rates {
		sp := withRate(*sc.Spending, r)
		one := *sc
		one.Spending = &sp
		plan.Scenarios = append(plan.Scenarios, &one)
	}
	return plan, nil
}

// RunRateSweep simulates every rate's scenario (all on the scenario's seed
// and per-path streams) and collects, per reported portfolio, its points
// in rate order. opts.Progress, if set, sees the paths done over all runs.
func RunRateSweep(ctx context.Context, plan *RateSweep, opts sim.Options) ([]SweepResult, error) {
	out := make([]SweepResult, len(plan.Portfolios))
	for i, sc := range plan.Scenarios {
		res, err := sim.Run(ctx, sc, opts.After(i*sc.Simulation.Paths))
		if err != nil {
			return nil, fmt.Errorf("run %d of %d rates: %w", i+1, len(plan.Scenarios), err)
		}
		for j, p := range plan.Portfolios {
			r := res.Portfolios[p]
			if i == 0 {
				out[j] = unmarked(r.Name)
			}
			out[j].Points = append(out[j].Points, SweepPoint{Rate: plan.Rates[i], Results: r})
		}
	}
	return out, nil
}
