package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/divsim/divsim/model"
)

// TestCompareSpending: comparing files with spending rules adds the median
// yearly real spending and the share of paths with a cut to the matrices,
// in the JSON and the table; without rules they are absent.
func TestCompareSpending(t *testing.T) {
	clearEnv(t)
	for _, tc := range []struct {
		name     string
		a, b     string
		spending bool
	}{
		{"rules", withSpendingRule(t, "{rule: guardrails, initial_rate: 0.05}"), withSpendingRule(t, "{rule: percent, rate: 0.04}"), true},
		{"no rules", string(mustDefault(t)), string(mustDefault(t)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := writeScenario(t, "a.yaml", tc.a), writeScenario(t, "b.yaml", tc.b)
			code, stdout, stderr := runDivsim(t, "compare", a, b, "--paths", "200", "--json", "-", "--no-report")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var doc struct {
				Portfolios []string                `json:"portfolios"`
				Metrics    map[string][][]*float64 `json:"metrics"`
			}
			if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
				t.Fatal(err)
			}
			for _, key := range []string{"median_real_spending", "prob_spending_cut"} {
				m, ok := doc.Metrics[key]
				if ok != tc.spending {
					t.Fatalf("metric %s present: %v, want %v", key, ok, tc.spending)
				}
				if ok && (len(m) != len(doc.Portfolios) || len(m[0]) != 2 || m[0][0] == nil || m[0][1] == nil) {
					t.Errorf("%s: %v, want a value per portfolio and file", key, m)
				}
			}
			if got := strings.Contains(stderr, "Yearly average spending, median (today's money)"); got != tc.spending {
				t.Errorf("table has the spending matrix: %v, want %v", got, tc.spending)
			}
		})
	}
}

// TestCompareCommandReproduces: the command on a comparison's Assumptions
// sheets names the paths, seed and horizon the runs shared (a --paths 1000
// run was once reproduced at the files' 10,000), and leaves to the files a
// setting they do not share.
func TestCompareCommandReproduces(t *testing.T) {
	sim := func(paths int, seed uint64) *model.Scenario {
		return &model.Scenario{Simulation: model.Simulation{Paths: paths, Seed: seed, HorizonYears: 30, ReturnModel: model.Lognormal}}
	}
	windows := func(paths int) *model.Scenario {
		return &model.Scenario{Simulation: model.Simulation{Paths: paths, Seed: 1, HorizonYears: 30, ReturnModel: model.Historical}}
	}
	for _, tc := range []struct {
		name string
		scs  []*model.Scenario
		want string
	}{
		{"shared", []*model.Scenario{sim(1000, 7), sim(1000, 7)}, "divsim compare a.yaml 'b c.yaml' --paths 1000 --seed 7 --horizon 30 --out x.xlsx"},
		{"seeds differ", []*model.Scenario{sim(1000, 7), sim(1000, 8)}, "divsim compare a.yaml 'b c.yaml' --paths 1000 --horizon 30 --out x.xlsx"},
		// Rolling windows take no paths or seed; the simulated file's still count.
		{"with windows", []*model.Scenario{sim(1000, 7), windows(474)}, "divsim compare a.yaml 'b c.yaml' --paths 1000 --seed 7 --horizon 30 --out x.xlsx"},
	} {
		if got := compareCommand([]string{"a.yaml", "b c.yaml"}, tc.scs, "", "x.xlsx"); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestCompareReportsEveryBrokenFile: every broken file's problems are
// printed, each line naming its file, not only the first file's; and no
// line is a bare "divsim:" (cobra's suggestions carry blank lines).
func TestCompareReportsEveryBrokenFile(t *testing.T) {
	clearEnv(t)
	good := writeScenario(t, "good.yaml", string(mustDefault(t)))
	empty := writeScenario(t, "empty.yaml", "")
	typo := writeScenario(t, "typo.yaml", strings.Replace(string(mustDefault(t)), "expected_return:", "expected_retrn:", 1))
	code, _, stderr := runDivsim(t, "compare", good, empty, typo, "--paths", "100", "--no-report")
	if code != 2 || !strings.Contains(stderr, "empty.yaml: the file is empty") || !strings.Contains(stderr, "typo.yaml: assets[0].expected_retrn (us_large): unknown key") {
		t.Errorf("exit %d, stderr:\n%s\nwant 2 with both files' problems", code, stderr)
	}
	code, _, stderr = runDivsim(t, "rnu")
	for _, line := range strings.Split(strings.TrimRight(stderr, "\n"), "\n") {
		if strings.TrimSpace(line) == "divsim:" {
			t.Errorf("a bare line in:\n%s", stderr)
		}
	}
	if code != 2 || !strings.Contains(stderr, "run") {
		t.Errorf("divsim rnu: exit %d, %s", code, stderr)
	}
}
