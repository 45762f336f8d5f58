package configs

import (
	"fmt"
	"strings"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// A horizon set on the command line (--horizon, DIVSIM_HORIZON) shorter
// than the years a file names simulates the first years of the file's plan:
// the years after it are not simulated, so what happens in them cannot
// change the results. Where cutting a year at the horizon leaves every
// simulated year as the plan has it, Resolve cuts it and notes it (Options.
// Note); where it would not, the year is a problem that says what to do.
// A horizon the file sets itself gets no such leeway: a year past it is a
// mistake in the file.

// horizonOverride returns the horizon and where it was set when an
// override (--horizon) set it to a valid number of years shorter than the
// file's own: one as long or longer cuts none of the file's years, and a
// year past it is past the file's horizon too, a mistake in the file
// (--horizon 6 on a 6-year file had let a flow ending in year 9 through
// with a note, where a plain run refuses it).
func (r *resolver) horizonOverride() (years int, from string, ok bool) {
	o := r.opts.Overrides.Horizon
	fh := r.doc.File.Simulation.HorizonYears
	if o == nil || o.Value < 1 || o.Value > MaxHorizonYears || fh == nil || o.Value >= *fh {
		return 0, "", false
	}
	return o.Value, o.From, true
}

// note records an adjustment Resolve made to the file's values, reported
// through Options.Note once the file is valid.
func (r *resolver) note(key, format string, args ...any) {
	r.notes = append(r.notes, r.doc.Name+": "+key+": "+fmt.Sprintf(format, args...))
}

// flowPastHorizon cuts a flow's years at a horizon set on the command line
// (see horizonOverride): a flow ending after it is paid through its last year,
// and one starting after it is left out (it reports true then). Years that
// are wrong in themselves are left for the usual checks.
func (r *resolver) flowPastHorizon(key string, f *model.Flow, endGiven bool) (leftOut bool) {
	h, from, ok := r.horizonOverride()
	if !ok {
		return false
	}
	if fh := *r.doc.File.Simulation.HorizonYears; f.StartYear < 1 || (endGiven && f.EndYear < f.StartYear) || f.StartYear > fh || f.EndYear > fh {
		return false // a year past the file's own horizon is the file's mistake: the usual checks report it
	}
	switch {
	case f.StartYear > h:
		r.note(join(key, "start_year"), "%d is after the %d-year horizon set by %s: the flow %q pays nothing within it and is left out",
			f.StartYear, h, from, f.Name)
		return true
	case f.EndYear > h:
		r.note(join(key, "end_year"), "%d is past the %d-year horizon set by %s: the flow %q is paid through year %d, the last one simulated",
			f.EndYear, h, from, f.Name, h)
		f.EndYear = h
	}
	return false
}

// spendingPastHorizon cuts the spending rule's last year at a horizon set
// on the command line when that changes no withdrawal within it, and
// reports a problem saying what to do when it would (a vpw or guardrails
// rule counts the years left to end_year) or when the rule starts after the
// horizon. It reports whether the usual year checks should still run.
func (r *resolver) spendingPastHorizon(sp *portfolio.Spending, ruleOK, endGiven bool) bool {
	h, from, ok := r.horizonOverride()
	if !ok || sp.StartYear < 1 || (endGiven && sp.EndYear < sp.StartYear) {
		return true
	}
	fh := *r.doc.File.Simulation.HorizonYears // longer than h (horizonOverride)
	if sp.StartYear > fh || sp.EndYear > fh {
		return true // past the file's own horizon: the file's mistake, which the usual checks report
	}
	if !endGiven && ruleOK && r.opts.WholeSpending {
		r.probs.add("spending.end_year", fmt.Sprintf("want %s or more: solve finds what the client can spend through the plan's last year, "+
			"and cut at year %d it would find what lasts %d years; to ask that, set simulation.horizon_years: %d in a copy of the file", horizonAt(from, fh), h, h, h),
			"is not in the file, so it follows the horizon, which %s sets to %d years, shorter than the file's %d", from, h, fh)
		return false
	}
	if !endGiven && ruleOK && sp.Rule.Traits().CountsYearsLeft {
		// end_year left at its default follows the horizon: the rule's
		// years left, and so its withdrawals, differ from the file's plan.
		r.note("spending.end_year", "not in the file, so it follows the %d-year horizon set by %s: the %s rule counts the years left to year %d, "+
			"not %d, so these %d years are not the first %d of the %d-year plan", h, from, sp.Rule, h, fh, h, h, fh)
	}
	switch {
	case sp.StartYear > h:
		r.probs.add("spending.start_year", fmt.Sprintf("want %s or more, or a start_year within the horizon: the rule would pay nothing in the years simulated", horizonAt(from, sp.StartYear)),
			"is %d, after the %d-year horizon set by %s", sp.StartYear, h, from)
		return false
	case sp.EndYear <= h:
		return true
	case !ruleOK:
		return false // the rule is reported already
	case r.opts.WholeSpending:
		r.probs.add("spending.end_year", fmt.Sprintf("want %s or more: solve finds what the client can spend through year %d, "+
			"and cut at year %d it would find what lasts %d years; to ask that, set end_year: %d in a copy of the file", horizonAt(from, sp.EndYear), sp.EndYear, h, h, h),
			"is %d, past the %d-year horizon set by %s", sp.EndYear, h, from)
		return false
	case sp.Rule.Traits().CountsYearsLeft:
		// vpw's payment and guardrails' preservation test count the years
		// left to end_year (SCENARIO.md, "Spending rules").
		r.probs.add("spending.end_year", fmt.Sprintf("want %s or more, or end_year at most %d in the file: the %s rule counts the years left to end_year, so ending it at year %d would change its withdrawals within the horizon",
			horizonAt(from, sp.EndYear), h, sp.Rule, h), "is %d, past the %d-year horizon set by %s", sp.EndYear, h, from)
		return false
	}
	r.note("spending.end_year", "%d is past the %d-year horizon set by %s: the %s rule pays through year %d, the last one simulated",
		sp.EndYear, h, from, sp.Rule, h)
	sp.EndYear = h
	return true
}

// horizonAt writes a horizon of years as the override that set it
// (from, see horizonOverride) takes one: "--horizon 30", or
// "DIVSIM_HORIZON=30" for the environment variable.
func horizonAt(from string, years int) string {
	if strings.HasPrefix(from, "DIVSIM_") {
		return fmt.Sprintf("%s=%d", from, years)
	}
	return fmt.Sprintf("--horizon %d", years)
}

// glideYears returns the years a glide path's waypoints may take, and the
// message that says so: 1 to the horizon less one, or, when the horizon
// was set on the command line, up to the longest horizon (waypoints at or
// after it are then cut by cutGlidePath).
func (r *resolver) glideYears(horizon int) (limit int, want string) {
	if h, from, ok := r.horizonOverride(); ok { // up to the file's own horizon: past it, a waypoint is the file's mistake
		fh := *r.doc.File.Simulation.HorizonYears
		return fh, fmt.Sprintf("want a year from 1 to %d, the file's horizon less one; waypoints at or after the %d-year horizon set by %s are cut at it", fh-1, h, from)
	}
	return horizon, fmt.Sprintf("want a year from 1 to %d, the horizon less one", horizon-1)
}

// cutGlidePath cuts a glide path at a horizon set on the command line: the
// waypoints at or after the horizon's last year are replaced by one at the
// year before the horizon (when none is there) with the weights the path
// reaches there, so every simulated year keeps its targets. A path whose
// years or weights are wrong is left as it is (its problems are reported).
func (r *resolver) cutGlidePath(key string, glide []portfolio.Waypoint, sleeves []portfolio.Sleeve) []portfolio.Waypoint {
	h, from, ok := r.horizonOverride()
	if !ok || len(glide) == 0 || glide[len(glide)-1].Year < h {
		return glide
	}
	base := make([]float64, len(sleeves))
	for k, s := range sleeves {
		base[k] = s.Weight
	}
	cut, last := 0, 0
	for i, wp := range glide {
		if wp.Year <= last || len(wp.Weights) != len(base) {
			return glide
		}
		if wp.Year < h {
			cut = i + 1
		}
		last = wp.Year
	}
	// Year h's targets are the path's weights at year h − 1.
	edge := portfolio.GlideTargets(make([]float64, len(base)), base, glide, h)
	out := glide[:cut:cut]
	if h > 1 && (cut == 0 || out[cut-1].Year < h-1) {
		out = append(out, portfolio.Waypoint{Year: h - 1, Weights: edge})
	}
	wkey := join(index(key, cut), "year")
	if len(out) == 0 {
		r.note(wkey, "%d is past the 1-year horizon set by %s: the glide path is left out, as its first year holds the sleeves' own weights", glide[cut].Year, from)
		return nil
	}
	weights := make([]string, len(sleeves))
	for k, s := range sleeves {
		weights[k] = fmt.Sprintf("%s %.4g%%", s.Name, 100*edge[k])
	}
	r.note(wkey, "%d is at or past the %d-year horizon set by %s: the glide path is cut at year %d, at the weights it reaches there (%s)",
		glide[cut].Year, h, from, h-1, strings.Join(weights, ", "))
	return out
}
