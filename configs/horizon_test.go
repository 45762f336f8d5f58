package configs

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/divsim/divsim/portfolio"
)

// planWith is minimal (horizon 10) with its cash flows replaced and extra
// top-level keys.
func planWith(cashflows, extra string) string {
	return strings.Replace(minimal, "cashflows: {initial: 100000}\n", "cashflows: {initial: 100000, flows: ["+cashflows+"]}\n", 1) + extra
}

// gliding is minimal with 50/50 sleeves and a glide path.
func gliding(waypoints string) string {
	return strings.NewReplacer("weight: 0.6", "weight: 0.5", "weight: 0.4", "weight: 0.5").Replace(minimal) +
		"    glide_path: [" + waypoints + "]\n"
}

// sixYears is --horizon 6 on files whose own horizon is 10.
func sixYears(note func(string)) Options {
	return Options{Overrides: Overrides{Horizon: &Override[int]{Value: 6, From: "--horizon"}}, Note: note}
}

// TestHorizonOverrideCutsYears reproduces issue 18: the README's `run
// plan.yaml --horizon 25` failed on init's own file, whose flow ends in
// year 30. A horizon set on the command line shorter than the file's years
// now simulates the first years of the same plan: each case resolves
// exactly as the file with the years cut by hand (same), with a note per
// cut; where a cut would change the plan within the horizon the file is
// refused, saying what to do.
func TestHorizonOverrideCutsYears(t *testing.T) {
	tests := []struct {
		name, text, same string
		notes            []string // each note's start, in order
		problems         []string // or the problems instead
	}{
		{name: "flow ending after the horizon",
			text:  planWith("{name: Income, amount: -1000, end_year: 10}", ""),
			same:  planWith("{name: Income, amount: -1000, end_year: 6}", ""),
			notes: []string{`plan.yaml: cashflows.flows[0].end_year: 10 is past the 6-year horizon set by --horizon: the flow "Income" is paid through year 6`}},
		{name: "flow starting after the horizon",
			text:  planWith("{name: Income, amount: -1000}, {name: Late, amount: 500, start_year: 8, end_year: 10}", ""),
			same:  planWith("{name: Income, amount: -1000}", ""),
			notes: []string{`plan.yaml: cashflows.flows[1].start_year: 8 is after the 6-year horizon set by --horizon: the flow "Late" pays nothing within it and is left out`}},
		{name: "percent rule ending after the horizon",
			text:  planWith("{name: Income, amount: 1000}", "spending: {rule: percent, rate: 0.04, end_year: 10}\n"),
			same:  planWith("{name: Income, amount: 1000}", "spending: {rule: percent, rate: 0.04, end_year: 6}\n"),
			notes: []string{"plan.yaml: spending.end_year: 10 is past the 6-year horizon set by --horizon: the percent rule pays through year 6"}},
		// A rule that counts the years left, its end_year left at the
		// default: it follows the horizon, said in a note, as it would
		// in a file of that horizon.
		{name: "guardrails ending at the default",
			text:  planWith("{name: Income, amount: 1000}", "spending: {rule: guardrails, initial_rate: 0.04, guardrails: {preservation_years: 2}}\n"),
			same:  planWith("{name: Income, amount: 1000}", "spending: {rule: guardrails, initial_rate: 0.04, guardrails: {preservation_years: 2}, end_year: 6}\n"),
			notes: []string{"plan.yaml: spending.end_year: not in the file, so it follows the 6-year horizon set by --horizon: the guardrails rule counts the years left to year 6, not 10, so these 6 years are not the first 6 of the 10-year plan"}},
		{name: "glide waypoint after the horizon",
			text:  gliding("{year: 8, weights: {Equity: 0.25, Bonds: 0.75}}"),
			same:  gliding("{year: 5, weights: {Equity: 0.34375, Bonds: 0.65625}}"),
			notes: []string{"plan.yaml: portfolios[0].glide_path[0].year: 8 is at or past the 6-year horizon set by --horizon: the glide path is cut at year 5, at the weights it reaches there (Equity 34.38%, Bonds 65.62%)"}},
		{name: "glide waypoint at the year before the horizon kept",
			text:  gliding("{year: 3, weights: {Equity: 0.4, Bonds: 0.6}}, {year: 5, weights: {Equity: 0.3, Bonds: 0.7}}, {year: 9, weights: {Equity: 0.2, Bonds: 0.8}}"),
			same:  gliding("{year: 3, weights: {Equity: 0.4, Bonds: 0.6}}, {year: 5, weights: {Equity: 0.3, Bonds: 0.7}}"),
			notes: []string{"plan.yaml: portfolios[0].glide_path[2].year: 9 is at or past the 6-year horizon"}},
		{name: "vpw ending after the horizon refused",
			text:     planWith("{name: Income, amount: 1000}", "spending: {rule: vpw, vpw: {real_return: 0.03}, end_year: 10}\n"),
			problems: []string{"plan.yaml: spending.end_year: is 10, past the 6-year horizon set by --horizon (want --horizon 10 or more, or end_year at most 6 in the file: the vpw rule counts the years left to end_year"}},
		{name: "guardrails ending after the horizon refused",
			text:     planWith("{name: Income, amount: 1000}", "spending: {rule: guardrails, initial_rate: 0.04, end_year: 8}\n"),
			problems: []string{"plan.yaml: spending.end_year: is 8, past the 6-year horizon set by --horizon (want --horizon 8 or more"}},
		{name: "spending starting after the horizon refused",
			text:     planWith("{name: Income, amount: 1000}", "spending: {rule: percent, rate: 0.04, start_year: 7}\n"),
			problems: []string{"plan.yaml: spending.start_year: is 7, after the 6-year horizon set by --horizon (want --horizon 7 or more"}},
		{name: "no note for a file with problems",
			text:     strings.Replace(planWith("{name: Income, amount: -1000, end_year: 10}", ""), "volatility: 0.16", "volatility: -1", 1),
			problems: []string{"plan.yaml: assets[0].volatility (stocks): is -1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var notes []string
			got, err := resolveText(t, "plan.yaml", tc.text, sixYears(func(s string) { notes = append(notes, s) }))
			if tc.problems != nil {
				for _, p := range tc.problems {
					if err == nil || !strings.Contains(err.Error(), p) {
						t.Errorf("problems %v, want %q", err, p)
					}
				}
				if len(notes) > 0 {
					t.Errorf("notes %q for a file that is refused, want none", notes)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var sameNotes []string
			want, err := resolveText(t, "plan.yaml", tc.same, sixYears(func(s string) { sameNotes = append(sameNotes, s) }))
			if err != nil || len(sameNotes) > 0 {
				t.Fatalf("the file cut by hand: %v, notes %q", err, sameNotes)
			}
			got.Info.Source = want.Info.Source
			if !reflect.DeepEqual(got, want) {
				t.Errorf("resolves to\n%+v\n%+v\nwant the file cut by hand:\n%+v\n%+v", got.Flows, got.Portfolios[0].GlidePath, want.Flows, want.Portfolios[0].GlidePath)
			}
			if len(notes) != len(tc.notes) {
				t.Fatalf("notes %q, want %d", notes, len(tc.notes))
			}
			for i, n := range tc.notes {
				if !strings.HasPrefix(notes[i], n) {
					t.Errorf("note %q, want it to start %q", notes[i], n)
				}
			}
		})
	}
}

// TestHorizonInFileNotCut: a horizon the file sets itself gets no leeway;
// a flow past it is a mistake in the file, as before, also when --horizon
// gives the file's own horizon or a shorter one (--horizon 6 on this file
// had let the flow through with a note).
func TestHorizonInFileNotCut(t *testing.T) {
	text := strings.Replace(planWith("{name: Income, amount: -1000, end_year: 10}", ""), "horizon_years: 10", "horizon_years: 6", 1)
	noNote := func(s string) { t.Errorf("note %q", s) }
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Note: noNote}, "cashflows.flows[0].end_year (Income): is 10 (want a year from start_year (1) to the horizon (6))"},
		{sixYears(noNote), "cashflows.flows[0].end_year (Income): is 10 (want a year from start_year (1) to the horizon (6))"},
		{Options{Overrides: Overrides{Horizon: &Override[int]{Value: 4, From: "--horizon"}}, Note: noNote}, "cashflows.flows[0].end_year (Income): is 10"},
	} {
		_, err := resolveText(t, "plan.yaml", text, tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("horizon %+v: problems %v, want the flow's end_year refused", tc.opts.Overrides.Horizon, err)
		}
	}
	// The same for every year past the file's 10-year horizon under
	// --horizon 6: a flow starting after it, a spending rule ending after
	// it, a glide path's waypoint after it (each had been cut with a note).
	for _, tc := range []struct{ name, text, key string }{
		{"flow starting past the file's horizon", planWith("{name: Late, amount: -1000, start_year: 12}", ""), "cashflows.flows[0].start_year"},
		{"rule ending past the file's horizon", planWith("", "spending: {rule: percent, rate: 0.04, end_year: 12}\n"), "spending.end_year"},
		{"waypoint past the file's horizon", gliding("{year: 12, weights: {Equity: 0.3, Bonds: 0.7}}"), "glide_path[0].year"},
	} {
		_, err := resolveText(t, "plan.yaml", tc.text, sixYears(noNote))
		if err == nil || !strings.Contains(err.Error(), tc.key) {
			t.Errorf("%s: problems %v, want %s refused", tc.name, err, tc.key)
		}
	}
}

// TestCutGlidePathKeepsYearTargets: every simulated year's targets are
// the same along the cut glide path as along the whole one, to within the
// 1e-12 below which the engine does not count a change of target (the
// cut path interpolates from its new last waypoint, a rounding apart).
func TestCutGlidePathKeepsYearTargets(t *testing.T) {
	text := gliding("{year: 2, weights: {Equity: 0.7, Bonds: 0.3}}, {year: 9, weights: {Equity: 0.15, Bonds: 0.85}}")
	whole := mustResolve(t, "plan.yaml", text).Portfolios[0]
	for _, h := range []int{1, 2, 3, 6, 9} {
		opts := Options{Overrides: Overrides{Horizon: &Override[int]{Value: h, From: "--horizon"}}}
		sc, err := resolveText(t, "plan.yaml", text, opts)
		if err != nil {
			t.Fatalf("horizon %d: %v", h, err)
		}
		cut := sc.Portfolios[0]
		if n := len(cut.GlidePath); n > 0 && cut.GlidePath[n-1].Year >= h {
			t.Errorf("horizon %d: last waypoint at year %d, want before the horizon", h, cut.GlidePath[n-1].Year)
		}
		base := []float64{0.5, 0.5}
		for y := 1; y <= h; y++ {
			want := portfolio.GlideTargets(make([]float64, 2), base, whole.GlidePath, y)
			got := portfolio.GlideTargets(make([]float64, 2), base, cut.GlidePath, y)
			for k := range got {
				if math.Abs(got[k]-want[k]) > 1e-12 {
					t.Errorf("horizon %d, year %d: targets %v, want %v as on the whole path", h, y, got, want)
				}
			}
		}
	}
}

// TestWholeSpendingRefusesACutPlan: for divsim solve (Options.
// WholeSpending) a --horizon that would end the spending rule before the
// file does is refused, naming the key and what to do, since the plan cut
// short asks what lasts fewer years; a rule ending within the horizon, or
// a file without spending, resolves as for run.
func TestWholeSpendingRefusesACutPlan(t *testing.T) {
	for _, tc := range []struct {
		name, text, problem string // problem "" for none
	}{
		{"end_year past the horizon",
			planWith("{name: Income, amount: 1000}", "spending: {rule: constant, amount: 4000, end_year: 10}\n"),
			"plan.yaml: spending.end_year: is 10, past the 6-year horizon set by --horizon (want --horizon 10 or more: solve finds what the client can spend through year 10, and cut at year 6 it would find what lasts 6 years; to ask that, set end_year: 6 in a copy of the file)"},
		{"end_year following the file's horizon",
			planWith("{name: Income, amount: 1000}", "spending: {rule: constant, amount: 4000}\n"),
			"plan.yaml: spending.end_year: is not in the file, so it follows the horizon, which --horizon sets to 6 years, shorter than the file's 10 (want --horizon 10 or more"},
		{"end_year within the horizon", planWith("{name: Income, amount: 1000}", "spending: {rule: constant, amount: 4000, end_year: 5}\n"), ""},
		{"no spending", planWith("{name: Income, amount: 1000}", ""), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := sixYears(nil)
			opts.WholeSpending = true
			_, err := resolveText(t, "plan.yaml", tc.text, opts)
			switch {
			case tc.problem == "" && err != nil:
				t.Errorf("problems %v, want none", err)
			case tc.problem != "" && (err == nil || !strings.Contains(err.Error(), tc.problem)):
				t.Errorf("problems %v, want %q", err, tc.problem)
			}
		})
	}
	// Set by the environment, the want says how to set it there.
	opts := Options{Overrides: Overrides{Horizon: &Override[int]{Value: 6, From: "DIVSIM_HORIZON"}}, WholeSpending: true}
	_, err := resolveText(t, "plan.yaml", planWith("{name: Income, amount: 1000}", "spending: {rule: constant, amount: 4000, end_year: 10}\n"), opts)
	if want := "(want DIVSIM_HORIZON=10 or more:"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("problems %v, want %q", err, want)
	}
}
