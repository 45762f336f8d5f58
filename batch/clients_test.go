package batch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// TestScenarioFiles: files are kept as given (missing ones are an error,
// every one named), folders give their scenario files in name
// order (what else they hold is returned, skipped: subfolders, even one
// named like a scenario, and other files), and a folder without any is an
// error.
func TestScenarioFiles(t *testing.T) {
	dir := t.TempDir()
	clients := filepath.Join(dir, "clients")
	empty := filepath.Join(dir, "empty")
	for _, d := range []string{clients, filepath.Join(clients, "sub.yaml"), empty} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"b.yaml", "a.TOML", "c.json", "d.yml", "notes.txt", "README"} {
		if err := os.WriteFile(filepath.Join(clients, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in := func(names ...string) []string {
		for i, n := range names {
			names[i] = filepath.Join(clients, n)
		}
		return names
	}
	for _, tc := range []struct {
		name          string
		args          []string
		want, skipped []string
		err           string
	}{
		{"files as given", []string{filepath.Join(clients, "b.yaml"), filepath.Join(clients, "c.json")}, in("b.yaml", "c.json"), nil, ""},
		{"missing files", []string{"x.yaml", clients, "missing.toml"}, nil, nil,
			"x.yaml: no such file or folder (want a scenario file, or a folder of them)\nmissing.toml: no such file or folder (want a scenario file, or a folder of them)"},
		{"a folder's scenarios in name order", []string{clients}, in("a.TOML", "b.yaml", "c.json", "d.yml"), append(in("README", "notes.txt"), filepath.Join(clients, "sub.yaml")+string(filepath.Separator)), ""},
		{"files and folders in order", []string{filepath.Join(clients, "c.json"), clients}, append(in("c.json"), in("a.TOML", "b.yaml", "c.json", "d.yml")...), append(in("README", "notes.txt"), filepath.Join(clients, "sub.yaml")+string(filepath.Separator)), ""},
		{"a folder without scenarios", []string{empty}, nil, nil, empty + ": no scenario files (.yaml, .yml, .toml, .json) in the folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, skipped, err := ScenarioFiles(tc.args)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Errorf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) || !slices.Equal(skipped, tc.skipped) {
				t.Errorf("%v, skipped %v, %v; want %v, skipped %v", got, skipped, err, tc.want, tc.skipped)
			}
		})
	}
}

func TestWorkbookNamesStayInside(t *testing.T) {
	got := WorkbookNames([]string{"a/plan.yaml", "b/plan.toml", "../../etc/passwd.json", "x/index.yaml", "y/..yaml", "z/Ünïcode name.yaml", "c/Müller – retraite.yaml", `d/a:b*c?"<>|.json`})
	want := []string{"plan.xlsx", "plan-2.xlsx", "passwd.xlsx", "index-2.xlsx", "scenario.xlsx", "Ünïcode_name.xlsx", "Müller_retraite.xlsx", "a_b_c_.xlsx"}
	if !slices.Equal(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
	for _, n := range got {
		if filepath.Base(n) != n || strings.HasPrefix(n, ".") {
			t.Errorf("%q could leave the output folder or hide", n)
		}
	}
}

// TestNewHeadline: the baseline's figures, and the best by median terminal
// wealth (on a tie the one that ran out of money less often, then the
// first), with the goal probability where there is one
// and whether its lead is beyond Monte Carlo error.
func TestNewHeadline(t *testing.T) {
	goal := func(x float64) *float64 { return &x }
	portfolio := func(name string, median, success float64, prob *float64) sim.Portfolio {
		return sim.Portfolio{Name: name, TerminalWealth: sim.Dist{P50: median}, SuccessRate: success, ProbGoal: prob}
	}
	withSE := func(p sim.Portfolio, se float64) sim.Portfolio {
		p.TerminalMedianSE = se
		return p
	}
	for _, tc := range []struct {
		name       string
		baseline   int
		portfolios []sim.Portfolio
		want       Headline
	}{
		{"the baseline is best", 0, []sim.Portfolio{portfolio("A", 300, 0.9, nil), portfolio("B", 200, 0.8, nil)},
			Headline{Baseline: "A", BaselineMedian: 300, BaselineSuccess: 0.9, Best: "A", BestClear: true, BestMedian: 300, BestSuccess: 0.9}},
		{"another is best", 1, []sim.Portfolio{portfolio("A", 300, 0.7, goal(0.4)), portfolio("B", 200, 0.8, goal(0.3)), portfolio("C", 250, 0.9, goal(0.2))},
			Headline{Baseline: "B", BaselineMedian: 200, BaselineSuccess: 0.8, BaselineGoal: goal(0.3),
				Best: "A", BestClear: true, BestMedian: 300, BestSuccess: 0.7, BestGoal: goal(0.4)}},
		// Standard errors of 30 and 40: the lead of 50 is 1 standard error
		// of the difference.
		{"the best within error", 0, []sim.Portfolio{withSE(portfolio("A", 300, 0.9, nil), 30), withSE(portfolio("B", 350, 0.8, nil), 40)},
			Headline{Baseline: "A", BaselineMedian: 300, BaselineSuccess: 0.9, Best: "B", BestMedian: 350, BestSuccess: 0.8}},
		{"one portfolio", 0, []sim.Portfolio{portfolio("A", 300, 0.9, nil)},
			Headline{Baseline: "A", BaselineMedian: 300, BaselineSuccess: 0.9, Best: "A", Alone: true, BestMedian: 300, BestSuccess: 0.9}},
		{"a tie with the baseline goes to it", 2, []sim.Portfolio{portfolio("A", 100, 0.5, nil), portfolio("B", 400, 0.6, nil), portfolio("C", 400, 0.7, nil)},
			Headline{Baseline: "C", BaselineMedian: 400, BaselineSuccess: 0.7, Best: "C", Tied: true, BestMedian: 400, BestSuccess: 0.7}},
		{"a tie without the baseline goes to the one that ran out less often", 0, []sim.Portfolio{portfolio("A", 100, 0.5, nil), portfolio("B", 400, 0.6, nil), portfolio("C", 400, 0.7, nil)},
			Headline{Baseline: "A", BaselineMedian: 100, BaselineSuccess: 0.5, Best: "C", Tied: true, BestMedian: 400, BestSuccess: 0.7}},
		{"a full tie goes to the first", 0, []sim.Portfolio{portfolio("A", 100, 0.5, nil), portfolio("B", 400, 0.6, nil), portfolio("C", 400, 0.6, nil)},
			Headline{Baseline: "A", BaselineMedian: 100, BaselineSuccess: 0.5, Best: "B", Tied: true, BestMedian: 400, BestSuccess: 0.6}},
		// Every median 0 (most paths out of money): the portfolio that ran
		// out less often is shown beside the baseline, not the baseline
		// alone as if none did better.
		{"all at zero", 1, []sim.Portfolio{portfolio("A", 0, 0.4, nil), portfolio("B", 0, 0.3, nil)},
			Headline{Baseline: "B", BaselineMedian: 0, BaselineSuccess: 0.3, Best: "A", Tied: true, BestMedian: 0, BestSuccess: 0.4}},
		{"all at zero, the baseline ran out least", 1, []sim.Portfolio{portfolio("A", 0, 0.3, nil), portfolio("B", 0, 0.4, nil)},
			Headline{Baseline: "B", BaselineMedian: 0, BaselineSuccess: 0.4, Best: "B", Tied: true, BestMedian: 0, BestSuccess: 0.4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := NewHeadline(&model.Scenario{Baseline: tc.baseline}, &sim.Results{Portfolios: tc.portfolios})
			deref := func(p *float64) any {
				if p == nil {
					return nil
				}
				return *p
			}
			gotGoals := [2]any{deref(got.BaselineGoal), deref(got.BestGoal)}
			wantGoals := [2]any{deref(tc.want.BaselineGoal), deref(tc.want.BestGoal)}
			got.BaselineGoal, got.BestGoal, tc.want.BaselineGoal, tc.want.BestGoal = nil, nil, nil, nil
			if got != tc.want || gotGoals != wantGoals {
				t.Errorf("%+v (goals %v), want %+v (goals %v)", got, gotGoals, tc.want, wantGoals)
			}
		})
	}
}

// TestNewHeadlineHistory: a scenario of rolling windows of history is
// marked as such, so that the index does not present its lead (any gap
// between medians, as counts of history) as beyond Monte Carlo error; a
// simulated one is not.
func TestNewHeadlineHistory(t *testing.T) {
	for _, tc := range []struct {
		name  string
		model model.ReturnModel
		want  bool
	}{
		{"simulated", model.Lognormal, false},
		{"rolling windows", model.Historical, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &model.Scenario{}
			sc.Simulation.ReturnModel = tc.model
			var windows *sim.Windows
			if tc.want {
				windows = &sim.Windows{}
			}
			res := &sim.Results{Portfolios: []sim.Portfolio{{Name: "A", TerminalWealth: sim.Dist{P50: 300}, Windows: windows},
				{Name: "B", TerminalWealth: sim.Dist{P50: 200}, Windows: windows}}}
			if h := NewHeadline(sc, res); h.History != tc.want || !h.BestClear {
				t.Errorf("History %v, BestClear %v, want %v and true", h.History, h.BestClear, tc.want)
			}
		})
	}
}

// TestNewHeadlineGoal: the headline carries the scenario's goal, whose
// amount the index shows beside its probability, and none without one.
func TestNewHeadlineGoal(t *testing.T) {
	res := &sim.Results{Portfolios: []sim.Portfolio{{Name: "A"}}}
	for _, goal := range []*model.Goal{nil, {TargetWealth: 1500000, Real: true}} {
		if h := NewHeadline(&model.Scenario{Goal: goal}, res); h.Goal != goal {
			t.Errorf("goal %v, want %v", h.Goal, goal)
		}
	}
}

// TestNewHeadlineSpending: with a spending rule the headline carries the
// baseline's and the best portfolio's first-year spending and median mean
// yearly real spending; without one they are nil.
func TestNewHeadlineSpending(t *testing.T) {
	sp := func(first, median float64) *sim.Spending {
		return &sim.Spending{FirstYear: first, RealMean: [5]float64{1, 2, median, 4, 5}}
	}
	deref := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	for _, tc := range []struct {
		name       string
		portfolios []sim.Portfolio
		want       [4]any // baseline first year, baseline spending, best first year, best spending
	}{
		{"no rule", []sim.Portfolio{{Name: "A"}, {Name: "B", TerminalWealth: sim.Dist{P50: 9}}}, [4]any{nil, nil, nil, nil}},
		{"a rule", []sim.Portfolio{{Name: "A", Spending: sp(40000, 41000)}, {Name: "B", TerminalWealth: sim.Dist{P50: 9}, Spending: sp(40000, 45000)}},
			[4]any{40000.0, 41000.0, 40000.0, 45000.0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHeadline(&model.Scenario{Baseline: 0}, &sim.Results{Portfolios: tc.portfolios})
			got := [4]any{deref(h.BaselineFirstYear), deref(h.BaselineSpending), deref(h.BestFirstYear), deref(h.BestSpending)}
			if got != tc.want || h.Best != "B" {
				t.Errorf("spending %v (best %s), want %v (best B)", got, h.Best, tc.want)
			}
		})
	}
}
