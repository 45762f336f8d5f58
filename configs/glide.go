package configs

import (
	"cmp"
	"fmt"
	"math"
	"strings"

	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// Waypoint is one point of a portfolio's glide path as written: every
// sleeve's weight, by sleeve name, at the end of a year.
type Waypoint struct {
	Year    *int               `key:"year"`
	Weights map[string]float64 `key:"weights"`
}

// glidePath checks portfolio in's glide path (SCENARIO.md, "Glide paths")
// and returns its waypoints with weights in sleeve order, or nil when it
// has none. p is the portfolio resolved so far (its rebalancing policy).
func (r *resolver) glidePath(key string, in Portfolio, p *model.Portfolio) []portfolio.Waypoint {
	if in.GlidePath == nil {
		return nil
	}
	key = join(key, "glide_path")
	if len(in.GlidePath) == 0 {
		r.probs.add(key, "want a list of waypoints {year, weights}, or no glide_path", "is empty")
		return nil
	}
	if p.Rebalance.Every == portfolio.Never {
		r.probs.add(key, "want rebalance.every month, quarter or year: a glide path trades at its dates", "is set but the portfolio's rebalancing is every: never")
	}
	horizon := r.sc.Simulation.HorizonYears
	limit, yearWant := r.glideYears(horizon)
	checkYears := limit >= 2 && limit <= MaxHorizonYears
	if limit == 1 {
		r.probs.add(key, "want a horizon of at least 2 years for a glide path: its years run from 1 to the horizon less one", "is set but horizon_years is 1")
	}
	// Viper lowercases keys, so sleeve names are matched without case.
	sleeveOf := map[string]int{}
	lowered := make([]string, len(in.Sleeves))
	for k, s := range in.Sleeves {
		lowered[k] = strings.ToLower(s.Name)
		if _, dup := sleeveOf[lowered[k]]; !dup {
			sleeveOf[lowered[k]] = k
		}
	}
	out := make([]portfolio.Waypoint, 0, len(in.GlidePath))
	last := 0
	for i, w := range in.GlidePath {
		wkey := index(key, i)
		wp := portfolio.Waypoint{Weights: make([]float64, len(in.Sleeves))}
		switch {
		case w.Year == nil:
			r.probs.add(join(wkey, "year"), yearWant, "missing")
		case !checkYears:
			wp.Year = *w.Year
		case *w.Year < 1 || *w.Year >= limit:
			wp.Year = *w.Year
			r.probs.add(join(wkey, "year"), yearWant, "is %d", wp.Year)
		case *w.Year <= last:
			wp.Year = *w.Year
			r.probs.add(join(wkey, "year"), fmt.Sprintf("want a year after the previous waypoint's, %d: years increase", last), "is %d", wp.Year)
		default:
			wp.Year, last = *w.Year, *w.Year
		}
		r.waypointWeights(join(wkey, "weights"), w.Weights, in.Sleeves, sleeveOf, lowered, wp.Weights)
		out = append(out, wp)
	}
	return r.cutGlidePath(key, out, p.Sleeves)
}

// waypointWeights checks a waypoint's weights and writes them in sleeve
// order into dst.
func (r *resolver) waypointWeights(key string, in map[string]float64, sleeves []Sleeve, sleeveOf map[string]int, lowered []string, dst []float64) {
	if len(in) == 0 {
		r.probs.add(key, "want every sleeve's weight at that year, by sleeve name, e.g. {Equity: 0.5, Bonds: 0.5}", "%s", absent(in == nil))
		return
	}
	given := make([]bool, len(sleeves))
	sum, ok := 0.0, true
	for _, name := range sortedKeys(in) {
		w := in[name]
		k, known := sleeveOf[name]
		wkey := join(key, cmp.Or(r.doc.written[join(key, name)], name)) // the sleeve's name as the file spells it, not lowercased
		switch {
		case !known:
			want := "want the name of one of the portfolio's sleeves"
			if guess := words.Closest(name, lowered); guess != "" {
				// One mistake, one message: the sleeve it meant is not
				// reported again as left out.
				want = "did you mean " + sleeves[sleeveOf[guess]].Name + "?"
				given[sleeveOf[guess]] = true
			}
			r.probs.add(wkey, want, "names no sleeve of this portfolio")
			ok = false
			continue
		case sameNameSleeves(sleeves, lowered, k): // refused where the second sleeve is named; its sum would say nothing
			ok = false
		case w < 0 || w > 1:
			r.probs.add(wkey, "want a fraction from 0 to 1", "is %v", w)
			ok = false
		}
		dst[k], given[k] = w, true
		sum += w
	}
	var missing []string
	for k, g := range given {
		if !g && !hasKey(in, lowered[k]) {
			missing = append(missing, sleeves[k].Name)
		}
	}
	if len(missing) > 0 {
		r.probs.add(key, "want a weight for every sleeve of the portfolio", "lacks %s", strings.Join(missing, ", "))
		return
	}
	if ok && math.Abs(sum-1) > sumTolerance {
		r.probs.add(key, "want 1", "weights sum to %v", roundSum(sum))
	}
}

// sameNameSleeves reports whether another sleeve's name equals sleeve k's
// but for case (names equal outright are reported as repeated already).
func sameNameSleeves(sleeves []Sleeve, lowered []string, k int) bool {
	for j, n := range lowered {
		if j != k && n == lowered[k] && sleeves[j].Name != sleeves[k].Name {
			return true
		}
	}
	return false
}
