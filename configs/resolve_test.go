package configs

import (
	"encoding/json"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/viper"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
)

// minimal is a small valid scenario that tests extend.
const minimal = `
format: 1
simulation: {horizon_years: 10, paths: 100}
assets:
  - {id: stocks, expected_return: 0.07, volatility: 0.16}
  - {id: bonds, expected_return: 0.04, volatility: 0.05}
correlations:
  base: [[1, 0.1], [0.1, 1]]
cashflows: {initial: 100000}
portfolios:
  - name: Balanced
    sleeves:
      - {name: Equity, weight: 0.6, holdings: {stocks: 1}}
      - {name: Bonds, weight: 0.4, holdings: {bonds: 1}}
`

func resolveText(t *testing.T, name, text string, opts Options) (*model.Scenario, error) {
	t.Helper()
	doc, err := Decode(name, []byte(text))
	if err != nil {
		return nil, err
	}
	return Resolve(doc, opts)
}

func mustResolve(t *testing.T, name, text string) *model.Scenario {
	t.Helper()
	sc, err := resolveText(t, name, text, Options{})
	if err != nil {
		t.Fatalf("resolve %s: %v", name, err)
	}
	return sc
}

func mustExampleScenario(t *testing.T, name string) *model.Scenario {
	t.Helper()
	return mustResolve(t, name+".yaml", string(mustExample(name)))
}

// convert rewrites a YAML scenario as TOML or JSON the way a person would:
// the same keys and values, dates as the format writes dates.
func convert(t *testing.T, yamlText []byte, format string) []byte {
	t.Helper()
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(strings.NewReader(string(yamlText))); err != nil {
		t.Fatal(err)
	}
	settings := v.AllSettings()
	var out []byte
	var err error
	switch format {
	case "json":
		datesToText(settings)
		out, err = json.MarshalIndent(settings, "", "  ")
	case "toml":
		out, err = toml.Marshal(settings)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func datesToText(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if d, ok := e.(time.Time); ok {
				x[k] = d.Format(time.DateOnly)
			} else {
				datesToText(e)
			}
		}
	case []any:
		for _, e := range x {
			datesToText(e)
		}
	}
}

func TestExamplesValid(t *testing.T) {
	names := Examples()
	if !slices.Contains(names, "default") || !slices.Contains(names, "bench") {
		t.Fatalf("examples %v, want default and bench", names)
	}
	for _, name := range names {
		path := filepath.Join("examples", name+".yaml")
		doc, err := ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if _, err := Resolve(doc, Options{MemoryLimit: 4 << 30}); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

// TestFormatsLoadIdentically converts every example to TOML and JSON and
// checks that all three resolve to identical scenarios, with a byte-order
// mark first or without.
func TestFormatsLoadIdentically(t *testing.T) {
	for _, name := range Examples() {
		yamlText := mustExample(name)
		want := mustResolve(t, name+".yaml", string(yamlText))
		for _, format := range []string{"toml", "json"} {
			t.Run(name+"."+format, func(t *testing.T) {
				text := string(convert(t, yamlText, format))
				// Saved with a byte-order mark, as some Windows editors
				// do, it reads the same.
				for _, text := range []string{text, "\uFEFF" + text} {
					got := mustResolve(t, name+"."+format, text)
					// Only the source file differs.
					got.Info.Source, got.Report.File, got.Report.Named = want.Info.Source, want.Report.File, want.Report.Named
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s resolves differently from YAML:\n got %+v\nwant %+v", format, got.Info, want.Info)
					}
				}
			})
		}
	}
}

func TestTyposSuggestKey(t *testing.T) {
	tests := []struct {
		name, from, to, want string
	}{
		{"expected_retrun", "expected_return: 0.07", "expected_retrun: 0.07",
			"t.yaml: assets[0].expected_retrun (stocks): unknown key (did you mean expected_return?)"},
		{"volatilty", "volatility: 0.05}", "volatilty: 0.05}",
			"t.yaml: assets[1].volatilty (bonds): unknown key (did you mean volatility?)"},
		{"portfolio", "portfolios:", "portfolio:",
			"t.yaml: portfolio: unknown key (did you mean portfolios?)"},
		{"holding", "holdings: {bonds: 1}", "holding: {bonds: 1}",
			"t.yaml: portfolios[0].sleeves[1].holding (Balanced › Bonds): unknown key (did you mean holdings?)"},
		{"no close key", "simulation: {", "simulation: {colour: red, ",
			"t.yaml: simulation.colour: unknown key (want one of paths, horizon_years, steps_per_year, seed, return_model, degrees_of_freedom, block_months, block_type, history_window)"},
		// A key with a line break in it (found by FuzzLoad) is quoted, so
		// that its message stays on one line.
		{"line break in a key", "paths: 100", "\"pa\\nths\": 100",
			`t.yaml: simulation."pa\nths": unknown key (did you mean paths?)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(minimal, tc.from, tc.to, 1)
			_, err := resolveText(t, "t.yaml", text, Options{})
			probs, ok := err.(*Problems)
			if !ok {
				t.Fatalf("err = %v, want *Problems", err)
			}
			if !slices.Contains(probs.Lines(), tc.want) {
				t.Errorf("problems:\n%s\nwant a line\n%s", probs.Error(), tc.want)
			}
		})
	}
}

// TestLongRunAnchoring checks that under anchor: long_run the stationary
// average of every asset's (and inflation's) adjusted expected return equals
// its expected_return, and that under anchor: base the state with no effects
// keeps expected_return exactly.
func TestLongRunAnchoring(t *testing.T) {
	sc := mustExampleScenario(t, "default")
	if sc.Regimes.Anchor != model.LongRun || len(sc.Regimes.States) != 6 {
		t.Fatalf("anchor %v with %d states, want long_run with 6", sc.Regimes.Anchor, len(sc.Regimes.States))
	}
	for i, a := range sc.Assets {
		avg := 0.0
		for _, st := range sc.Regimes.States {
			avg += st.Stationary * st.Assets[i].M
		}
		if math.Abs(avg-a.ExpectedReturn) > 1e-14 {
			t.Errorf("%s: stationary average %.16f, want expected_return %v", a.ID, avg, a.ExpectedReturn)
		}
	}
	avg := 0.0
	for _, st := range sc.Regimes.States {
		avg += st.Stationary * st.Inflation.M
	}
	if math.Abs(avg-sc.Inflation.Expected) > 1e-14 {
		t.Errorf("inflation: stationary average %v, want %v", avg, sc.Inflation.Expected)
	}
	// Regimes must actually move returns, or the test above proves nothing.
	small := slices.IndexFunc(sc.Assets, func(a model.Asset) bool { return a.ID == "us_small" })
	if first, last := sc.Regimes.States[0].Assets[small].M, sc.Regimes.States[5].Assets[small].M; math.Abs(first-last) < 0.1 {
		t.Errorf("us_small m in %s = %v and %s = %v, want the recession far lower", sc.Regimes.States[0].Name, first, sc.Regimes.States[5].Name, last)
	}

	text := strings.Replace(string(mustExample("default")), "anchor: long_run", "anchor: base", 1)
	base := mustResolve(t, "base.yaml", text)
	steady := slices.IndexFunc(base.Regimes.States, func(s model.JointState) bool { return s.Name == "rates=steady,growth=expansion" })
	for i, a := range base.Assets {
		if got := base.Regimes.States[steady].Assets[i].M; got != a.ExpectedReturn {
			t.Errorf("anchor base: %s in the no-effect state has m = %v, want %v", a.ID, got, a.ExpectedReturn)
		}
	}
}

// TestJointStates checks the joint state order (last chain fastest), names,
// stationary products and the correlation matrix chosen by the recession.
func TestJointStates(t *testing.T) {
	sc := mustExampleScenario(t, "default")
	names := []string{
		"rates=cutting,growth=expansion", "rates=cutting,growth=recession",
		"rates=steady,growth=expansion", "rates=steady,growth=recession",
		"rates=hiking,growth=expansion", "rates=hiking,growth=recession",
	}
	// Rates: flux balance gives (1/6, 2/3, 1/6); growth: (6/7, 1/7).
	rates, growth := []float64{1.0 / 6, 2.0 / 3, 1.0 / 6}, []float64{6.0 / 7, 1.0 / 7}
	for j, st := range sc.Regimes.States {
		r, g := j/2, j%2
		if st.Name != names[j] || sc.Regimes.JointIndex(st.Chain) != j {
			t.Errorf("state %d: %q chain %v, want %q", j, st.Name, st.Chain, names[j])
		}
		if want := rates[r] * growth[g]; math.Abs(st.Stationary-want) > 1e-14 {
			t.Errorf("%s: π = %v, want %v", st.Name, st.Stationary, want)
		}
		wantCorr := "base"
		if g == 1 {
			wantCorr = "stress"
		}
		if got := sc.Correlations[st.Correlation].Name; got != wantCorr {
			t.Errorf("%s uses %s, want %s", st.Name, got, wantCorr)
		}
	}
	for _, ch := range sc.Regimes.Chains {
		var p = ch.Transition
		want := model.TransitionMatrix(ch.Generator, 12)
		if !reflect.DeepEqual(p, want) {
			t.Errorf("chain %s: transition is not expm(Q/12)", ch.Name)
		}
	}
}

// TestLogParameters checks the per-step parameters of a joint state against
// SCENARIO.md's formulas computed here independently.
func TestLogParameters(t *testing.T) {
	sc := mustExampleScenario(t, "default")
	st := sc.Regimes.States[5] // hiking, recession
	for i := range sc.Assets {
		p := st.Assets[i]
		sl2 := math.Log(1 + p.S*p.S/((1+p.M)*(1+p.M)))
		ml := math.Log(1+p.M) - sl2/2
		// Relative 1e-12: the two computations differ only in rounding
		// (the code uses Log1p, which is the more accurate of the two).
		if !near(p.Mu, ml/12, 1e-12) || !near(p.Sigma, math.Sqrt(sl2/12), 1e-12) {
			t.Errorf("%s: step (%v, %v), want (%v, %v)", sc.Assets[i].ID, p.Mu, p.Sigma, ml/12, math.Sqrt(sl2/12))
		}
	}
	// us_small in hiking+recession: volatility 0.21 × 1.2 × 1.8.
	if got := st.Assets[1].S; math.Abs(got-0.21*1.2*1.8) > 1e-15 {
		t.Errorf("us_small vol %v, want %v", got, 0.21*1.2*1.8)
	}
}

func TestRebalanceMergedKeyByKey(t *testing.T) {
	text := strings.Replace(minimal, "  - name: Balanced\n", "  - name: Balanced\n    rebalance: {every: year, relative_band: 0.2}\n    fee: 0.002\n", 1)
	text += `  - name: Plain
    sleeves: [{name: All, weight: 1, holdings: {stocks: 0.5, bonds: 0.5}}]
defaults:
  fee: 0.01
  rebalance: {every: quarter, band: 0.05, cost_bps: 5}
`
	sc := mustResolve(t, "merge.yaml", text)
	want := []struct {
		policy portfolio.Policy
		fee    float64
	}{
		{portfolio.Policy{Every: portfolio.Year, Band: 0.05, RelativeBand: 0.2, To: portfolio.ToTarget, CostBps: 5}, 0.002},
		{portfolio.Policy{Every: portfolio.Quarter, Band: 0.05, To: portfolio.ToTarget, CostBps: 5}, 0.01},
	}
	for i, p := range sc.Portfolios {
		if p.Rebalance != want[i].policy || p.Fee != want[i].fee {
			t.Errorf("%s: policy %+v fee %v, want %+v fee %v", p.Name, p.Rebalance, p.Fee, want[i].policy, want[i].fee)
		}
	}
	if got := sc.Portfolios[1].Targets; got[0] != 0.5 || got[1] != 0.5 {
		t.Errorf("targets %v, want [0.5 0.5]", got)
	}
}

func TestDefaultsApplied(t *testing.T) {
	sc := mustResolve(t, "plan.yaml", minimal)
	s := sc.Simulation
	if s.StepsPerYear != 12 || s.Seed != 1 || s.ReturnModel != model.Lognormal {
		t.Errorf("simulation %+v, want 12 steps, seed 1, lognormal", s)
	}
	if sc.Info.Name != "plan" || sc.Info.Currency != "USD" || sc.Report.File != "plan.xlsx" {
		t.Errorf("info %+v report %+v", sc.Info, sc.Report)
	}
	if !slices.Equal(sc.Report.Percentiles, []float64{5, 25, 50, 75, 95}) {
		t.Errorf("percentiles %v", sc.Report.Percentiles)
	}
	if sc.RiskFree != -1 || sc.Inflation != nil || sc.Goal != nil || sc.Baseline != 0 {
		t.Errorf("risk free %d inflation %v goal %v baseline %d", sc.RiskFree, sc.Inflation, sc.Goal, sc.Baseline)
	}
	if len(sc.Regimes.States) != 1 || sc.Regimes.States[0].Name != "base" || sc.Regimes.States[0].Stationary != 1 {
		t.Errorf("states %+v, want one named base", sc.Regimes.States)
	}
	if p := sc.Portfolios[0].Rebalance; p != portfolio.DefaultPolicy() {
		t.Errorf("policy %+v, want built-in %+v", p, portfolio.DefaultPolicy())
	}
	// No regimes: Σ is the plain covariance s_i s_j ρ_ij... in simple-return
	// terms; its diagonal is exactly s².
	if v := sc.Sigma.At(0, 0); math.Abs(v-0.16*0.16) > 1e-15 {
		t.Errorf("Σ[0][0] = %v, want 0.0256", v)
	}
}

func TestOverrides(t *testing.T) {
	opts := Options{Overrides: Overrides{
		Paths:   &Override[int]{Value: 2500, From: "--paths"},
		Seed:    &Override[uint64]{Value: 9, From: "DIVSIM_SEED"},
		Horizon: &Override[int]{Value: 20, From: "--horizon"},
		Report:  &Override[string]{Value: "client.xlsx", From: "--out"},
	}}
	sc, err := resolveText(t, "o.yaml", minimal, opts)
	if err != nil {
		t.Fatal(err)
	}
	s := sc.Simulation
	if s.Paths != 2500 || s.Seed != 9 || s.HorizonYears != 20 || sc.Report.File != "client.xlsx" {
		t.Errorf("got %+v report %q", s, sc.Report.File)
	}
	// An override is validated like the file, and the message names it.
	opts.Overrides.Paths.Value = 0
	_, err = resolveText(t, "o.yaml", minimal, opts)
	want := "o.yaml: simulation.paths (set by --paths): is 0 (want 1 to 10,000,000)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	// The file's own mistake under an override is the file's, not the flag's.
	opts.Overrides.Paths.Value = 200
	_, err = resolveText(t, "o.yaml", strings.Replace(minimal, "paths: 100", "paths: ten thousand", 1), opts)
	want = `o.yaml: simulation.paths: is the text "ten thousand" (want a whole number)`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestMemoryLimit(t *testing.T) {
	text := strings.Replace(minimal, "paths: 100", "paths: 10000000", 1)
	_, err := resolveText(t, "big.yaml", text, Options{MemoryLimit: 1 << 30})
	if err == nil || !strings.Contains(err.Error(), "big.yaml: simulation.paths: 10000000 paths need about") {
		t.Errorf("err = %v, want a memory refusal", err)
	}
	if _, err := resolveText(t, "big.yaml", text, Options{MemoryLimit: 64 << 30}); err != nil {
		t.Errorf("with 64 GiB: %v", err)
	}
}

func near(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b)) }
