package reports

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

func resolve(t testing.TB, name string, paths int, edit func(string) string) *model.Scenario {
	t.Helper()
	data, err := configs.Example(name)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if edit != nil {
		text = edit(text)
	}
	doc, err := configs.Decode(name+".yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	opts := configs.Options{Overrides: configs.Overrides{Paths: &configs.Override[int]{Value: paths, From: "test"}}}
	sc, err := configs.Resolve(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func encode(t *testing.T, sc *model.Scenario) map[string]any {
	t.Helper()
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := NewDocument(sc, res, Meta{Version: "test"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("results JSON does not parse: %v", err)
	}
	return out
}

func keys(m any) []string {
	var ks []string
	for k := range m.(map[string]any) {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func sorted(ks ...string) []string {
	slices.Sort(ks)
	return ks
}

// TestResultsJSONKeys checks every key of SCENARIO.md's Results JSON, and
// only those plus the documented additions (return_model, fan.real).
func TestResultsJSONKeys(t *testing.T) {
	doc := encode(t, resolve(t, "default", 200, nil))
	want := sorted("format", "scenario", "seed", "paths", "horizon_years", "steps_per_year", "version",
		"currency", "return_model", "input", "history", "windows", "regimes", "portfolios", "pairs")
	if got := keys(doc); !slices.Equal(got, want) {
		t.Errorf("top-level keys %v, want %v", got, want)
	}
	if doc["history"] != nil || doc["windows"] != nil {
		t.Errorf("history = %v, windows = %v, want null", doc["history"], doc["windows"])
	}
	if got := keys(doc["input"]); !slices.Equal(got, sorted("file", "sha256")) {
		t.Errorf("input keys %v", got)
	}
	if got := keys(doc["regimes"]); !slices.Equal(got, sorted("states", "stationary", "simulated_share")) {
		t.Errorf("regimes keys %v", got)
	}
	pfs := doc["portfolios"].([]any)
	p := pfs[0].(map[string]any)
	wantP := sorted("name", "terminal_wealth", "terminal_wealth_real", "annualized_return", "annualized_return_real",
		"volatility", "max_drawdown", "sharpe", "sortino", "var_95", "cvar_95", "prob_loss", "prob_loss_se",
		"success_rate", "success_rate_se", "prob_goal", "prob_goal_se", "goal_shortfall", "turnover",
		"rebalances_per_year", "diversification_ratio", "risk_contributions", "vs_baseline", "fan", "stress_tests",
		"underwater", "spending", "windows", "episodes")
	if got := keys(p); !slices.Equal(got, wantP) {
		t.Errorf("portfolio keys %v,\nwant %v", got, wantP)
	}
	if got := keys(p["underwater"]); !slices.Equal(got, sorted("longest_years", "prob_underwater_end", "prob_underwater_end_se")) {
		t.Errorf("underwater keys %v", got)
	}
	if got := keys(p["underwater"].(map[string]any)["longest_years"]); !slices.Equal(got, sorted("p50", "p95")) {
		t.Errorf("underwater.longest_years keys %v", got)
	}
	pcts := []string{"p5", "p10", "p25", "p50", "p75", "p90", "p95"}
	for k, extra := range map[string][]string{"terminal_wealth": {"mean", "mean_se", "p50_se"}, "terminal_wealth_real": {"mean", "mean_se"}} {
		if got := keys(p[k]); !slices.Equal(got, sorted(append(extra, pcts...)...)) {
			t.Errorf("%s keys %v", k, got)
		}
	}
	for _, k := range []string{"annualized_return", "annualized_return_real"} {
		if got := keys(p[k]); !slices.Equal(got, sorted(append([]string{"mean"}, pcts...)...)) {
			t.Errorf("%s keys %v", k, got)
		}
	}
	for k, want := range map[string][]string{"volatility": {"p50"}, "max_drawdown": {"p50", "p95"}, "sharpe": {"p50"}, "sortino": {"p50"}} {
		if got := keys(p[k]); !slices.Equal(got, sorted(want...)) {
			t.Errorf("%s keys %v, want %v", k, got, want)
		}
	}
	// The baseline (Balanced 60/40, third) has no comparison; the others do.
	for i, pf := range pfs {
		vs := pf.(map[string]any)["vs_baseline"]
		if (i == 2) != (vs == nil) {
			t.Errorf("portfolio %d: vs_baseline = %v", i, vs)
		}
		if vs != nil && !slices.Equal(keys(vs), sorted("terminal_diff_mean", "terminal_diff_se", "terminal_diff_p50", "prob_outperform", "prob_tie")) {
			t.Errorf("vs_baseline keys %v", keys(vs))
		}
	}
	fan := p["fan"].(map[string]any)
	if got := keys(fan); !slices.Equal(got, sorted("years", "p5", "p25", "p50", "p75", "p95", "real", "sketched")) {
		t.Errorf("fan keys %v", got)
	}
	if fan["sketched"] != false {
		t.Errorf("fan sketched = %v at 200 paths, want false", fan["sketched"])
	}
	if years := fan["years"].([]any); len(years) != 31 || years[0].(float64) != 0 || years[30].(float64) != 30 {
		t.Errorf("fan years %v, want 0..30", years)
	}
	rc := p["risk_contributions"].(map[string]any)
	if got := keys(rc); !slices.Equal(got, sorted("Core equity", "Fixed income", "Cash reserve")) {
		t.Errorf("risk_contributions keys %v", got)
	}
	if got := keys(p["stress_tests"]); len(got) != 3 {
		t.Errorf("stress_tests keys %v", got)
	}
}

// TestSketchedFanSaysSo: a fan from quantile sketches says so in the JSON,
// with the sketch's accuracy.
// TestPairsInJSON: the results JSON gives the paired figures the Summary's
// reading ranks portfolios by. On the default plan, whose withdrawals empty
// many paths: each median difference's error lies between the two
// medians' errors' difference and their sum (Bahadur's formula with p in
// [0, ½]), 0 where a portfolio meets itself; the paths on which only one
// of two portfolios ran out differ by the difference of their failures;
// and some pair differs. Rolling windows give counts but no errors.
func TestPairsInJSON(t *testing.T) {
	doc := encode(t, resolve(t, "default", 400, nil))
	pfs := doc["portfolios"].([]any)
	n, paths := len(pfs), doc["paths"].(float64)
	pairs := doc["pairs"].(map[string]any)
	ses, alone := pairs["median_diff_se"].([]any), pairs["ran_out_alone"].([]any)
	if len(ses) != n || len(alone) != n {
		t.Fatalf("pairs: %d rows of errors and %d of counts, want %d", len(ses), len(alone), n)
	}
	at := func(m []any, i, j int) float64 { return m[i].([]any)[j].(float64) }
	p50SE := func(i int) float64 {
		return pfs[i].(map[string]any)["terminal_wealth"].(map[string]any)["p50_se"].(float64)
	}
	failures := func(i int) float64 {
		return math.Round((1 - pfs[i].(map[string]any)["success_rate"].(float64)) * paths)
	}
	some := false
	for i := range n {
		for j := range n {
			se, lo, hi := at(ses, i, j), math.Abs(p50SE(i)-p50SE(j)), p50SE(i)+p50SE(j)
			if i == j {
				lo, hi = 0, 0
			}
			if se < lo*(1-1e-12) || se > hi*(1+1e-12) || se != at(ses, j, i) {
				t.Errorf("median_diff_se[%d][%d] = %g, want within [%g, %g] and symmetric", i, j, se, lo, hi)
			}
			if got, want := at(alone, i, j)-at(alone, j, i), failures(i)-failures(j); got != want || (i == j && at(alone, i, j) != 0) {
				t.Errorf("ran_out_alone[%d][%d] − [%d][%d] = %g, want %g, the difference of their failures", i, j, j, i, got, want)
			}
			some = some || at(alone, i, j) > 0
		}
	}
	if !some {
		t.Error("no path on which one portfolio ran out of money and another did not: the test tests nothing")
	}
	windows := encode(t, resolve(t, "windows", 1, nil))["pairs"].(map[string]any)
	if windows["median_diff_se"] != nil || windows["ran_out_alone"] == nil {
		t.Errorf("rolling windows' pairs %v, want counts and a null median_diff_se", windows)
	}
}

func TestSketchedFanSaysSo(t *testing.T) {
	sc := resolve(t, "default", 200, nil)
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Portfolios {
		res.Portfolios[i].Fan.Sketched = true
	}
	data, err := NewDocument(sc, res, Meta{Version: "test"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	fan := doc["portfolios"].([]any)[0].(map[string]any)["fan"].(map[string]any)
	if fan["sketched"] != true || fan["relative_accuracy"] != model.FanSketchAccuracy {
		t.Errorf("sketched fan: sketched %v, relative_accuracy %v", fan["sketched"], fan["relative_accuracy"])
	}
	if got := percentileMethod(res); !strings.Contains(got, "DDSketch") || !strings.Contains(got, "within 0.1%") {
		t.Errorf("Assumptions percentile method %q does not state the sketch and its accuracy", got)
	}
}

// TestOrderedKeysAndNulls checks that sleeve and stress-test keys keep the
// scenario's order, that goal fields are null without a goal, and that a
// fractional percentile is named p2.5.
func TestOrderedKeysAndNulls(t *testing.T) {
	sc := resolve(t, "default", 100, func(s string) string {
		s = strings.Replace(s, "goal: {target_wealth: 1500000, real: true}\n", "", 1)
		return strings.Replace(s, "percentiles: [5, 25, 50, 75, 95]", "percentiles: [2.5, 50, 97.5]", 1)
	})
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := NewDocument(sc, res, Meta{Version: "test"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	first := text[strings.Index(text, `"risk_contributions"`):]
	if !(strings.Index(first, `"Core equity"`) < strings.Index(first, `"Fixed income"`) &&
		strings.Index(first, `"Fixed income"`) < strings.Index(first, `"Cash reserve"`)) {
		t.Error("risk_contributions do not follow sleeve order")
	}
	var doc struct {
		Portfolios []struct {
			ProbGoal      *float64                   `json:"prob_goal"`
			GoalShortfall *float64                   `json:"goal_shortfall"`
			Fan           map[string]json.RawMessage `json:"fan"`
		} `json:"portfolios"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Portfolios[0]
	if p.ProbGoal != nil || p.GoalShortfall != nil {
		t.Errorf("without a goal prob_goal %v shortfall %v, want null", p.ProbGoal, p.GoalShortfall)
	}
	for _, k := range []string{"p2.5", "p50", "p97.5"} {
		if _, ok := p.Fan[k]; !ok {
			t.Errorf("fan lacks %s: %v", k, p.Fan)
		}
	}
}

// TestEncodeRefusesNaN: a NaN anywhere is an error, never written.
func TestEncodeRefusesNaN(t *testing.T) {
	sc := resolve(t, "default", 50, nil)
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, spoil := range map[string]func(){
		"plain field":  func() { res.Portfolios[0].VaR95 = math.NaN() },
		"fan":          func() { res.Portfolios[1].Fan.Nominal[0][3] = math.Inf(1) },
		"stress tests": func() { res.Portfolios[2].StressTests[0] = math.NaN() },
	} {
		spoil()
		if data, err := NewDocument(sc, res, Meta{}).Encode(); err == nil {
			t.Errorf("%s: encoded %d bytes with a NaN, want an error", name, len(data))
		}
		res, _ = sim.Run(context.Background(), sc, sim.Options{})
	}
}

// TestSpendingInJSONAndTable: with a spending rule the JSON carries each
// portfolio's spending figures under the contract's keys, and the table
// names the rule; without one the key is null (TestResultsJSONKeys).
func TestSpendingInJSONAndTable(t *testing.T) {
	sc := resolve(t, "default", 300, func(s string) string {
		return strings.Replace(s, "cashflows:", "spending: {rule: percent, rate: 0.04}\ncashflows:", 1)
	})
	doc := encode(t, sc)
	p := doc["portfolios"].([]any)[0].(map[string]any)
	sp, ok := p["spending"].(map[string]any)
	if !ok {
		t.Fatalf("spending = %v, want an object", p["spending"])
	}
	if got := keys(sp); !slices.Equal(got, sorted("first_year", "real_mean", "real_min", "cut_years", "total_real", "fan")) {
		t.Errorf("spending keys %v", got)
	}
	fan := sp["fan"].(map[string]any)
	if got := keys(fan); !slices.Equal(got, sorted("years", "p5", "p25", "p50", "p75", "p95")) {
		t.Errorf("spending fan keys %v", got)
	}
	if years := fan["years"].([]any); len(years) != sc.Simulation.HorizonYears || years[0].(float64) != 1 {
		t.Errorf("spending fan years %v, want 1..%d", years, sc.Simulation.HorizonYears)
	}
	if got := keys(sp["cut_years"]); !slices.Equal(got, sorted("mean", "prob_any", "prob_any_se")) {
		t.Errorf("cut_years keys %v", got)
	}
	if first := sp["first_year"].(float64); math.Abs(first-0.04*sc.Initial) > 1e-6 {
		t.Errorf("first_year %v, want 4%% of %v", first, sc.Initial)
	}
	if out := consoleTable(t, sc); !strings.Contains(out, "Spending: 4.0% of the portfolio's value each year") {
		t.Errorf("table does not name the rule:\n%s", out)
	}
}
