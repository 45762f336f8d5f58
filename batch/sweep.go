package batch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/divsim/divsim/internal/param"
	"github.com/divsim/divsim/internal/stats"
	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// SweepSpec says which sleeve's weight to vary and how.
type SweepSpec struct {
	Sleeve         string  // the sleeve whose weight varies, by name
	From, To, Step float64 // weights from + i·step for i = 0, 1, ... up to To
	// FundFrom names the sleeve that gives up (or takes back) the weight;
	// empty means pro rata from all other sleeves of the portfolio.
	FundFrom string
	// Portfolio limits the sweep to one portfolio; empty means every
	// portfolio that holds the sleeve (or, sweeping the rate, every one).
	Portfolio string
	// Rate, when true, sweeps the spending rule's rate from RateFrom to
	// RateTo by RateStep instead of a sleeve's weight (Sleeve, From, To,
	// Step and FundFrom are then unused): initial_rate for the constant
	// and guardrails rules, rate for the others but vpw, which has none.
	Rate                       bool
	RateFrom, RateTo, RateStep float64
}

// SweepGroup is one portfolio's sweep: a scenario whose portfolios are the
// sweep's points, in weight order, plus the zero-weight reference the
// others are compared with (the scenario's baseline).
type SweepGroup struct {
	Source   string    // the portfolio being swept
	Weights  []float64 // the sleeve's weight at each point
	Scenario *model.Scenario
	// Reference is the index of the zero-weight portfolio in Scenario; it
	// is an extra, hidden portfolio when Weights does not include 0.
	Reference int
}

// roundWeight removes the floating-point residue of from + i·step (3·0.05
// is 0.15000000000000002) so a point's weights are the ones a person would
// type, and its results equal a plain run of that allocation.
func roundWeight(w float64) float64 { return math.Round(w*1e12) / 1e12 }

// fractionHint is ", e.g. 0.3 for 30%" for a weight written as a percent
// (above 1, at most 100), else "".
func fractionHint(w float64) string {
	if w > 1 && w <= 100 {
		return fmt.Sprintf(", e.g. %v for %v%%", w/100, w)
	}
	return ""
}

// Weights returns from + i·step for every i with the weight at most To,
// never accumulating step.
func (s SweepSpec) Weights() ([]float64, error) {
	var errs []error
	if s.Step <= 0 || s.Step > 1 {
		errs = append(errs, param.Errorf("--step", "is %v (want a weight step above 0 and at most 1%s)", s.Step, cmp.Or(fractionHint(s.Step), ", e.g. 0.05")))
	}
	fromOK := s.From >= 0 && s.From <= 1
	if !fromOK {
		errs = append(errs, param.Errorf("--from", "is %v (want a weight from 0 to 1%s)", s.From, fractionHint(s.From)))
	}
	switch {
	case fromOK && (s.To < s.From || s.To > 1):
		errs = append(errs, param.Errorf("--to", "is %v (want a weight above --from (%v), at most 1%s)", s.To, s.From, fractionHint(s.To)))
	case !fromOK && (s.To < 0 || s.To > 1): // not bounded by a --from that is wrong itself
		errs = append(errs, param.Errorf("--to", "is %v (want a weight from 0 to 1%s)", s.To, fractionHint(s.To)))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := oneStepAtLeast(s.From, s.To, s.Step, "--step", "--from", "--to"); err != nil {
		return nil, err
	}
	return grid(s.From, s.To, s.Step, "--step")
}

// oneStepAtLeast refuses a range from..to of one point: an empty one, or
// one shorter than the step. A sweep of one point compares nothing (its
// only weight was marked "leader").
func oneStepAtLeast(from, to, step float64, stepFlag, fromFlag, toFlag string) error {
	switch span := roundWeight(to - from); {
	case span == 0:
		return param.Errorf(toFlag, "is %v, the same as %s (given or by default): the sweep would have one point (want %s above %s)", to, fromFlag, toFlag, fromFlag)
	case span > 0 && step > span:
		return param.Errorf(stepFlag, "is %v, more than %s − %s (%v): the sweep would have one point (want a step at most %v, e.g. %v)",
			step, toFlag, fromFlag, span, span, roundWeight(span/5))
	}
	return nil
}

// grid returns from + i·step, rounded, for every i with the value at most
// to (validated: from ≤ to, step > 0), at most 1001 points; flag names the
// step in the error.
func grid(from, to, step float64, flag string) ([]float64, error) {
	n := int(math.Floor((to-from)/step + 1e-9))
	if n > 1000 {
		return nil, param.Errorf(flag, "%v gives %d points (want at most 1001)", step, n+1)
	}
	xs := make([]float64, n+1)
	for i := range xs {
		xs[i] = roundWeight(from + float64(float64(i)*step))
	}
	return xs, nil
}

// PlanSweep returns one group per swept portfolio. Errors name the flag or
// the portfolio and sleeve that make a point impossible.
func PlanSweep(sc *model.Scenario, spec SweepSpec) ([]SweepGroup, error) {
	spec = spec.WithNamesOf(sc)
	weights, err := spec.Weights()
	if err != nil {
		return nil, err
	}
	var groups []SweepGroup
	var errs []error
	for _, p := range sc.Portfolios {
		if spec.Portfolio != "" && p.Name != spec.Portfolio {
			continue
		}
		k := slices.IndexFunc(p.Sleeves, func(s portfolio.Sleeve) bool { return s.Name == spec.Sleeve })
		if k < 0 {
			if spec.Portfolio != "" {
				errs = append(errs, param.Errorf("--sleeve", "portfolio %q has no sleeve %q (%s)", p.Name, spec.Sleeve, unknownName(spec.Sleeve, sleeveNames(p, -1))))
			}
			continue
		}
		g, err := sweepGroup(sc, p, k, weights, spec)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		groups = append(groups, g)
	}
	if spec.Portfolio != "" && !slices.ContainsFunc(sc.Portfolios, func(p model.Portfolio) bool { return p.Name == spec.Portfolio }) {
		errs = append(errs, param.Errorf("--portfolio", "no portfolio named %q (%s)", spec.Portfolio, unknownName(spec.Portfolio, portfolioNames(sc))))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(groups) == 0 {
		var all []string
		for _, p := range sc.Portfolios {
			for _, name := range sleeveNames(p, -1) {
				if !slices.Contains(all, name) {
					all = append(all, name)
				}
			}
		}
		return nil, param.Errorf("--sleeve", "no portfolio has a sleeve named %q (%s)", spec.Sleeve, unknownName(spec.Sleeve, all))
	}
	return groups, nil
}

// sweepGroup is portfolio p's sweep of its sleeve k: a variant of p at
// each weight, and the zero-weight reference.
func sweepGroup(sc *model.Scenario, p model.Portfolio, k int, weights []float64, spec SweepSpec) (SweepGroup, error) {
	g := SweepGroup{Source: p.Name, Weights: weights}
	sw, err := newSleeveSweep(p, k, spec)
	if err != nil {
		return g, err
	}
	out := *sc
	out.Portfolios = nil
	for _, w := range weights {
		v, err := sw.variant(w, len(sc.Assets))
		if err != nil {
			return g, err
		}
		out.Portfolios = append(out.Portfolios, v)
	}
	g.Reference = slices.Index(weights, 0)
	if g.Reference < 0 {
		ref, err := sw.variant(0, len(sc.Assets))
		if err != nil {
			return g, err
		}
		out.Portfolios = append(out.Portfolios, ref)
		g.Reference = len(out.Portfolios) - 1
	}
	out.Baseline = g.Reference
	out.StressTests = sc.StressTests
	g.Scenario = &out
	return g, nil
}

// sleeveSweep varies sleeve k of portfolio p, funded from sleeve fund or,
// when fund is −1, pro rata from the others.
type sleeveSweep struct {
	p       model.Portfolio
	k, fund int
	base    []float64 // the sleeves' weights in year 1
	spec    SweepSpec
}

// newSleeveSweep checks that sleeve k of p can be swept as spec says:
// that spec's FundFrom names another of p's sleeves, and that the sleeve
// is held in year 1 if its glide path holds it later.
func newSleeveSweep(p model.Portfolio, k int, spec SweepSpec) (sleeveSweep, error) {
	sw := sleeveSweep{p: p, k: k, fund: -1, base: make([]float64, len(p.Sleeves)), spec: spec}
	if spec.FundFrom != "" {
		sw.fund = slices.IndexFunc(p.Sleeves, func(s portfolio.Sleeve) bool { return s.Name == spec.FundFrom })
		if sw.fund < 0 || sw.fund == k {
			return sw, param.Errorf("--fund-from", "portfolio %q has no other sleeve named %q (%s)", p.Name, spec.FundFrom, unknownName(spec.FundFrom, sleeveNames(p, k)))
		}
	}
	for j, sl := range p.Sleeves {
		sw.base[j] = sl.Weight
	}
	if sw.base[k] == 0 && slices.ContainsFunc(p.GlidePath, func(wp portfolio.Waypoint) bool { return wp.Weights[k] != 0 }) {
		return sw, param.Errorf("--sleeve", "sleeve %q of %q starts at 0%% and enters through its glide path: a sweep scales the sleeve's weights along the path by the new weight over the first, and from 0%% there is nothing to scale (sweep a portfolio that holds the sleeve from year 1)", spec.Sleeve, p.Name)
	}
	return sw, nil
}

// variant is the portfolio at the sweep's weight w: the sleeve at w in
// year 1 and along the glide path, with targets for nAssets assets.
func (sw sleeveSweep) variant(w float64, nAssets int) (model.Portfolio, error) {
	v := sw.p
	v.Name = fmt.Sprintf("%s @ %s", sw.p.Name, weightLabel(w))
	weights, err := sw.reweigh(sw.base, w, w, 0)
	if err != nil {
		return v, err
	}
	v.Sleeves = slices.Clone(sw.p.Sleeves)
	for j := range v.Sleeves {
		v.Sleeves[j].Weight = weights[j]
	}
	if len(sw.p.GlidePath) > 0 {
		if v.GlidePath, err = sw.glidePath(w); err != nil {
			return v, err
		}
	}
	v.Targets = make([]float64, nAssets)
	portfolio.TargetWeights(v.Targets, v.Sleeves)
	return v, nil
}

// glidePath is the portfolio's glide path at the sweep's weight w. Its
// waypoints move the sleeve alike: its weight at each is scaled by w over
// its weight in year 1, so that 0 % holds none of it in any year (keeping
// the waypoints made the 0 % reference glide into the sleeve) and the path
// keeps its shape; a sleeve at 0 in every year is held at w in every year
// (scaled, it would glide out again).
func (sw sleeveSweep) glidePath(w float64) ([]portfolio.Waypoint, error) {
	k, w0 := sw.k, sw.base[sw.k]
	path := make([]portfolio.Waypoint, len(sw.p.GlidePath))
	for i, wp := range sw.p.GlidePath {
		to := w // a sleeve at 0 in every year: held at w in every year
		if w0 > 0 {
			to = roundWeight(wp.Weights[k] * w / w0)
		}
		if to > 1 {
			return nil, param.Errorf("--sleeve", "at %s, sleeve %q of %q would be %s in year %d of its glide path (%s there, scaled by %s over its first %s; want at most 100%%)",
				weightLabel(w), sw.spec.Sleeve, sw.p.Name, weightLabel(to), wp.Year, weightLabel(wp.Weights[k]), weightLabel(w), weightLabel(w0))
		}
		ws, err := sw.reweigh(wp.Weights, to, w, wp.Year)
		if err != nil {
			return nil, err
		}
		path[i] = portfolio.Waypoint{Year: wp.Year, Weights: ws}
	}
	return path, nil
}

// reweigh moves the sleeve in weights (the sleeve weights of year 1, or of
// a waypoint's year) from its weight there to to, for the sweep's weight
// w, funding the difference from the fund sleeve or pro rata from the
// others.
func (sw sleeveSweep) reweigh(weights []float64, to, w float64, year int) ([]float64, error) {
	k, fund, p := sw.k, sw.fund, sw.p
	where := ""
	if year > 0 {
		where = fmt.Sprintf(" in year %d of its glide path", year)
	}
	out := slices.Clone(weights)
	out[k] = to
	if fund >= 0 {
		delta := to - weights[k]
		out[fund] = roundWeight(weights[fund] - delta)
		if out[fund] < 0 {
			return nil, param.Errorf("--fund-from", "at %s, sleeve %q of %q would need %s but has %s%s",
				weightLabel(w), sw.spec.FundFrom, p.Name, weightLabel(delta), weightLabel(weights[fund]), where)
		}
		return out, nil
	}
	rest := 1 - weights[k]
	if rest <= 0 {
		return nil, param.Errorf("--sleeve", "sleeve %q is all of %q%s: there is nothing to fund it from pro rata", sw.spec.Sleeve, p.Name, where)
	}
	for j := range out {
		if j != k {
			out[j] = roundWeight(weights[j] * (1 - to) / rest)
		}
	}
	return out, nil
}

// weightLabel writes a weight as a percentage: 0.15 → "15%".
func weightLabel(w float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", 100*w), "0"), ".") + "%"
}

// sleeveNames lists a portfolio's sleeves but the one at except (-1 for
// none).
func sleeveNames(p model.Portfolio, except int) []string {
	var names []string
	for k, s := range p.Sleeves {
		if k != except {
			names = append(names, s.Name)
		}
	}
	return names
}

func portfolioNames(sc *model.Scenario) []string {
	var names []string
	for _, p := range sc.Portfolios {
		names = append(names, p.Name)
	}
	return names
}

// WithNamesOf returns the spec with its sleeve, funding sleeve and
// portfolio named as the scenario names them, where they differ from it
// only in capitals (see canonicalName), so that the sweep's titles and
// results carry the file's names.
func (s SweepSpec) WithNamesOf(sc *model.Scenario) SweepSpec {
	var sleeves []string
	for _, p := range sc.Portfolios {
		for _, sl := range p.Sleeves {
			sleeves = append(sleeves, sl.Name)
		}
	}
	s.Sleeve = canonicalName(s.Sleeve, sleeves)
	s.FundFrom = canonicalName(s.FundFrom, sleeves)
	s.Portfolio = canonicalName(s.Portfolio, portfolioNames(sc))
	return s
}

// canonicalName is the name of known that name gives with other
// capitals ("core equity" for "Core equity"), as scenario files compare
// sleeve names in glide paths: name itself when it is one of them, or
// when it matches none or several without case.
func canonicalName(name string, known []string) string {
	if name == "" || slices.Contains(known, name) {
		return name
	}
	match := ""
	for _, k := range known {
		if strings.EqualFold(k, name) && k != match {
			if match != "" {
				return name // two names differing only in case: which is meant is unclear
			}
			match = k
		}
	}
	return cmp.Or(match, name)
}

// unknownName says what to give instead of a name that names none of
// known: the one it most likely meant, compared without case (as scenario
// files compare sleeve names in glide paths) or, failing that, the only
// one that contains it once case, hyphens and underscores are set aside
// ("small cap" in "Small-cap sleeve"), and all of them.
func unknownName(name string, known []string) string {
	plain := func(s string) string { return strings.NewReplacer("-", " ", "_", " ").Replace(strings.ToLower(s)) }
	lowered := make([]string, len(known))
	quoted := make([]string, len(known))
	var containing []int
	for i, k := range known {
		lowered[i], quoted[i] = strings.ToLower(k), strconv.Quote(k)
		if strings.Contains(plain(k), plain(name)) {
			containing = append(containing, i)
		}
	}
	want := "want one of " + strings.Join(quoted, ", ")
	if guess := words.Closest(strings.ToLower(name), lowered); guess != "" {
		return fmt.Sprintf("did you mean %s? %s", quoted[slices.Index(lowered, guess)], want)
	}
	if len(containing) == 1 && strings.TrimSpace(name) != "" {
		return fmt.Sprintf("did you mean %s? %s", quoted[containing[0]], want)
	}
	return want
}

// SweepPoint is one weight's (or, sweeping the rate, one rate's) results.
type SweepPoint struct {
	Weight  float64 // the sleeve's weight (0 in a rate sweep)
	Rate    float64 // the spending rule's rate (0 in a sleeve sweep)
	Results sim.Portfolio
	// Sleeves are the portfolio's sleeves at this point, with their
	// weights as run (a rate sweep's leaves them nil: its allocation is the
	// file's at every rate).
	Sleeves []portfolio.Sleeve
	// Targets are the portfolio's asset weights at this point, in asset
	// order (nil in a rate sweep).
	Targets []float64
	// Sharpe is the point's mean Sharpe ratio and its paired difference
	// from the leader's; nil in a rate sweep or when no path has a Sharpe
	// ratio.
	Sharpe *MeanSharpe
}

// MeanSharpe is the criterion a sweep marks a best weight by: the mean over
// paths of each path's Sharpe ratio. Every weight runs on the same paths,
// so two weights' difference is the mean of their per-path differences,
// whose standard error follows from those differences' spread (paths are
// independent).
type MeanSharpe struct {
	Mean float64 // over the paths whose Sharpe ratio is defined
	// Diff is the mean over paths of this point's Sharpe ratio minus the
	// leader's on the same path (paths where both are defined), DiffSE its
	// standard error; both 0 at the leader.
	Diff, DiffSE float64
}

// SweepResult is one portfolio's swept points, in weight order.
type SweepResult struct {
	Source string
	Points []SweepPoint
	// Leader and RunnerUp are the points with the highest and the second
	// highest mean Sharpe ratio (-1 when there is none), Lead and LeadSE
	// the leader's paired lead over the runner-up and its standard error.
	Leader, RunnerUp int
	Lead, LeadSE     float64
	// Best is the Leader when its lead over every other point exceeds 2
	// standard errors of their paired difference (and MinLead), the mark
	// of a best weight; otherwise -1: the leaders are indistinguishable at
	// this path count (Unclear names the points the leader is not clear of).
	Best int
}

// MinLead is the smallest lead in mean Sharpe ratio a sweep marks: below
// it a difference is floating-point rounding (weights of assets that
// move alike differ by a few units in the 16th digit), not a lead.
const MinLead = 1e-9

// RunSweep simulates every group (all on the scenario's seed and per-path
// streams) and collects the points. opts.Progress, if set, sees the paths
// done over all groups.
func RunSweep(ctx context.Context, groups []SweepGroup, opts sim.Options) ([]SweepResult, error) {
	var out []SweepResult
	for i, g := range groups {
		res, err := sim.Run(ctx, g.Scenario, opts.After(i*g.Scenario.Simulation.Paths))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", g.Source, err)
		}
		r := SweepResult{Source: g.Source}
		for i, w := range g.Weights {
			p := g.Scenario.Portfolios[i]
			r.Points = append(r.Points, SweepPoint{Weight: w, Results: res.Portfolios[i], Sleeves: p.Sleeves, Targets: p.Targets})
		}
		r.markBest()
		out = append(out, r)
	}
	return out, nil
}

// unmarked is a result that marks no best point (a rate sweep's).
func unmarked(source string) SweepResult {
	return SweepResult{Source: source, Leader: -1, RunnerUp: -1, Best: -1}
}

// markBest finds the leader and runner-up by mean Sharpe ratio, every
// point's paired difference from the leader, and marks the leader best
// when its lead over every other point exceeds 2 standard errors.
func (r *SweepResult) markBest() {
	r.Leader, r.RunnerUp, r.Best = -1, -1, -1
	means := make([]float64, len(r.Points))
	for i, pt := range r.Points {
		xs := pt.Results.PathSharpe
		means[i], _ = definedMeanSE(len(xs), func(k int) float64 { return xs[k] })
		if math.IsNaN(means[i]) {
			continue
		}
		switch {
		case r.Leader < 0 || means[i] > means[r.Leader]:
			r.Leader, r.RunnerUp = i, r.Leader
		case r.RunnerUp < 0 || means[i] > means[r.RunnerUp]:
			r.RunnerUp = i
		}
	}
	if r.Leader < 0 {
		return
	}
	lead := r.Points[r.Leader].Results.PathSharpe
	for i := range r.Points {
		if math.IsNaN(means[i]) {
			continue
		}
		xs := r.Points[i].Results.PathSharpe
		d, se := definedMeanSE(len(xs), func(k int) float64 { return xs[k] - lead[k] })
		if i == r.Leader {
			d, se = 0, 0
		}
		r.Points[i].Sharpe = &MeanSharpe{Mean: means[i], Diff: d, DiffSE: se}
	}
	if r.RunnerUp < 0 {
		return
	}
	up := r.Points[r.RunnerUp].Sharpe
	r.Lead, r.LeadSE = -up.Diff, up.DiffSE
	if len(r.Unclear()) == 0 {
		r.Best = r.Leader
	}
}

// Unclear returns the points, other than the leader, in weight order, whose
// mean Sharpe ratio the leader's does not exceed by more than 2 standard
// errors of their paired difference (and MinLead); none when the leader is
// clear of every other point. A point below the runner-up's mean with a
// wider error can be as close, and so can several.
func (r *SweepResult) Unclear() []int {
	if r.Leader < 0 || r.RunnerUp < 0 {
		return nil
	}
	var out []int
	for i, pt := range r.Points {
		if s := pt.Sharpe; i != r.Leader && s != nil && !(-s.Diff > 2*s.DiffSE && -s.Diff > MinLead) {
			out = append(out, i)
		}
	}
	return out
}

// definedMeanSE is stats.MeanSE over the n values f(k) that are not NaN
// (a path's Sharpe ratio is undefined where its volatility is 0); NaN
// when none is.
func definedMeanSE(n int, f func(k int) float64) (m, se float64) {
	xs := make([]float64, 0, n)
	for k := range n {
		if x := f(k); !math.IsNaN(x) {
			xs = append(xs, x)
		}
	}
	return stats.MeanSE(xs)
}
