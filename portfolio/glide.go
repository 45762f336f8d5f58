package portfolio

import (
	"math"
	"slices"
)

// changeTolerance is the largest change of a sleeve's target between two
// years that is not a change (SCENARIO.md, "Glide paths": more than 1e-12
// in any sleeve forces a rebalance).
const changeTolerance = 1e-12

// GlideTargets writes into dst year y's sleeve targets along the glide
// path: the linear interpolation, in years, of the waypoints at year y − 1,
// where year 0 is base (the sleeves' own weights) and after the last
// waypoint its weights hold. At a waypoint's year (and at year 0) the
// targets are its weights exactly. It returns dst.
func GlideTargets(dst, base []float64, glide []Waypoint, y int) []float64 {
	x := y - 1
	prevYear, a := 0, base
	for _, wp := range glide {
		if x >= wp.Year {
			prevYear, a = wp.Year, wp.Weights
			continue
		}
		if x <= prevYear { // year 0 or before the first waypoint's segment
			break
		}
		lambda := float64(x-prevYear) / float64(wp.Year-prevYear)
		for k := range dst {
			dst[k] = a[k] + float64((wp.Weights[k]-a[k])*lambda)
		}
		return dst
	}
	copy(dst, a)
	return dst
}

// glidePlans returns each year's plan (at [y−1]) along the glide path and
// whether each year's targets change from the year before's by more than
// changeTolerance. Years whose targets equal the year before's share its
// plan; without a glide path every year shares the layout's own.
func glidePlans(l *Layout, pol Policy, glide []Waypoint, years int) ([]YearPlan, []bool) {
	plans, changes := make([]YearPlan, years), make([]bool, years)
	prev := l.Plan(pol) // year 0
	for y := 1; y <= years; y++ {
		if len(glide) > 0 {
			targets := GlideTargets(make([]float64, len(l.SleeveTarget)), l.SleeveTarget, glide, y)
			if !slices.Equal(targets, prev.Targets) {
				for k, t := range targets {
					changes[y-1] = changes[y-1] || math.Abs(t-prev.Targets[k]) > changeTolerance
				}
				prev = l.PlanFor(pol, targets)
			}
		}
		plans[y-1] = prev
	}
	return plans, changes
}
