package batch

import (
	"context"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

func load(t *testing.T, text string, paths int) *model.Scenario {
	t.Helper()
	doc, err := configs.Decode("default.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := configs.Resolve(doc, configs.Options{Overrides: configs.Overrides{Paths: &configs.Override[int]{Value: paths, From: "test"}}})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func defaultText(t *testing.T) string {
	t.Helper()
	data, err := configs.Example("default")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestWeights(t *testing.T) {
	ws, err := SweepSpec{From: 0, To: 0.30, Step: 0.05}.Weights()
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3}
	if !reflect.DeepEqual(ws, want) {
		t.Errorf("weights %v, want %v (exactly: from + i·step, rounded)", ws, want)
	}
	for _, bad := range []SweepSpec{{From: 0, To: 0.3, Step: 0}, {From: -0.1, To: 0.3, Step: 0.05}, {From: 0.2, To: 0.1, Step: 0.05}, {From: 0, To: 1.5, Step: 0.1}} {
		if _, err := bad.Weights(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

// TestSweepPointEqualsPlainRun: the 15 % point of a sweep funded from the
// core sleeve gives, to the last digit, the results of a plain run of a file
// that says core 45 %, small caps 15 %.
func TestSweepPointEqualsPlainRun(t *testing.T) {
	const paths = 800
	sc := load(t, defaultText(t), paths)
	spec := SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.2, Step: 0.05, FundFrom: "Core equity", Portfolio: "Balanced with 10% small caps"}
	groups, err := PlanSweep(sc, spec)
	if err != nil {
		t.Fatal(err)
	}
	results, err := RunSweep(context.Background(), groups, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	point := results[0].Points[3]
	if point.Weight != 0.15 {
		t.Fatalf("point 3 has weight %v, want 0.15", point.Weight)
	}
	text := strings.Replace(defaultText(t),
		"{name: Core equity, weight: 0.50, holdings: {us_large: 0.70, intl_dev: 0.30}}\n      - {name: Small-cap sleeve, weight: 0.10,",
		"{name: Core equity, weight: 0.45, holdings: {us_large: 0.70, intl_dev: 0.30}}\n      - {name: Small-cap sleeve, weight: 0.15,", 1)
	plain, err := sim.Run(context.Background(), load(t, text, paths), sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := plain.Portfolios[3]
	got := point.Results
	got.Name, want.Name = "", ""
	got.VsBaseline, want.VsBaseline = nil, nil // compared with different baselines
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sweep point differs from the plain run:\n got %+v\nwant %+v", got.TerminalWealth, want.TerminalWealth)
	}
}

// TestCommonRandomNumbersSmoothTheCurve measures the sweep curve's
// point-to-point noise (the mean squared second difference of mean terminal
// wealth across weights, which is near zero for a smooth curve) with common
// random numbers and with an independent seed per point, and requires the
// former to be far below the latter.
func TestCommonRandomNumbersSmoothTheCurve(t *testing.T) {
	const paths = 2000
	sc := load(t, defaultText(t), paths)
	spec := SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.30, Step: 0.05, Portfolio: "Balanced with 10% small caps"}
	groups, err := PlanSweep(sc, spec)
	if err != nil {
		t.Fatal(err)
	}
	crn, err := RunSweep(context.Background(), groups, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var common, independent []float64
	for i, pt := range crn[0].Points {
		common = append(common, pt.Results.AnnualizedReturn.Mean)
		one := *groups[0].Scenario
		one.Portfolios = one.Portfolios[i : i+1]
		one.Baseline = 0
		one.Simulation.Seed = sc.Simulation.Seed + uint64(i) + 1
		res, err := sim.Run(context.Background(), &one, sim.Options{})
		if err != nil {
			t.Fatal(err)
		}
		independent = append(independent, res.Portfolios[0].AnnualizedReturn.Mean)
	}
	nc, ni := roughness(common), roughness(independent)
	t.Logf("mean squared second difference of mean annualized return: common %.3g, independent %.3g (ratio %.3g)", nc, ni, nc/ni)
	if nc > ni/25 {
		t.Errorf("common random numbers: roughness %.3g, want far below the independent seeds' %.3g", nc, ni)
	}
}

func roughness(ys []float64) float64 {
	s := 0.0
	for i := 1; i+1 < len(ys); i++ {
		d := ys[i+1] - 2*ys[i] + ys[i-1]
		s += d * d
	}
	return s / float64(len(ys)-2)
}

func TestPlanSweepErrors(t *testing.T) {
	sc := load(t, defaultText(t), 10)
	tests := []struct {
		spec SweepSpec
		want string
	}{
		{SweepSpec{Sleeve: "Gold", From: 0, To: 0.1, Step: 0.05}, `--sleeve: no portfolio has a sleeve named "Gold"`},
		{SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.1, Step: 0.05, Portfolio: "Balanced 60/40"}, `--sleeve: portfolio "Balanced 60/40" has no sleeve "Small-cap sleeve"`},
		{SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.1, Step: 0.05, Portfolio: "Nope"}, `--portfolio: no portfolio named "Nope"`},
		{SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.5, Step: 0.1, FundFrom: "Cash reserve", Portfolio: "Conservative with 5% small caps"}, `--fund-from: at 20%, sleeve "Cash reserve"`},
		{SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.1, Step: 0.05, FundFrom: "Gold"}, `--fund-from: portfolio "Conservative with 5% small caps" has no other sleeve named "Gold"`},
	}
	for _, tc := range tests {
		_, err := PlanSweep(sc, tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.spec, err, tc.want)
		}
	}
}

// TestProRataFunding: a sweep without --fund-from scales the other sleeves
// in proportion, keeping weights summing to one.
func TestProRataFunding(t *testing.T) {
	sc := load(t, defaultText(t), 10)
	groups, err := PlanSweep(sc, SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.3, Step: 0.15, Portfolio: "Balanced with 10% small caps"})
	if err != nil {
		t.Fatal(err)
	}
	p := groups[0].Scenario.Portfolios[2] // 30 %
	// Core 0.5 and fixed 0.4 share the remaining 0.7 as 5:4.
	want := []float64{0.7 * 5 / 9, 0.3, 0.7 * 4 / 9}
	sum := 0.0
	for i, s := range p.Sleeves {
		if math.Abs(s.Weight-want[i]) > 1e-12 {
			t.Errorf("%s: weight %v, want %v", s.Name, s.Weight, want[i])
		}
		sum += s.Weight
	}
	if math.Abs(sum-1) > 1e-11 {
		t.Errorf("weights sum to %v", sum)
	}
}

// twoAssets is a portfolio of sleeve A (asset a) and sleeve B (asset b);
// the tests below sweep B's weight, funded from A.
const twoAssets = `
format: 1
simulation: {horizon_years: 10, paths: 2000, seed: 18}
assets:
  - {id: a, expected_return: A_RETURN, volatility: A_VOL}
  - {id: b, expected_return: B_RETURN, volatility: B_VOL}
correlations: {base: [[1, RHO], [RHO, 1]]}
cashflows: {initial: 1000000}
portfolios:
  - name: P
    sleeves:
      - {name: A, weight: 0.5, holdings: {a: 1}}
      - {name: B, weight: 0.5, holdings: {b: 1}}
`

// TestSweepMarksOnlySignificantLeads: a sweep marks the weight with the
// highest mean Sharpe ratio only when its lead over the runner-up, the mean
// of their per-path differences on the same paths, exceeds 2 standard
// errors of it.
//   - B's asset alike in every parameter to A's and moving with it
//     (correlation 1): every weight is the same portfolio, and nothing is
//     marked.
//   - Alike but independent, all in A against all in B: the two weights are
//     statistically identical, and nothing is marked at this seed (a lead
//     beyond 2 standard errors happens by chance on about 4.6 % of seeds).
//   - B earns more with less risk: all in B leads by far more than 2
//     standard errors and is marked.
func TestSweepMarksOnlySignificantLeads(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		params                 []string // replacements in twoAssets
		from, to, step         float64
		best                   float64 // the marked weight, or -1 for none
		minLeadSEs, maxLeadSEs float64 // bounds on the lead in standard errors
	}{
		{"identical assets moving together", []string{"A_RETURN", "0.06", "A_VOL", "0.15", "B_RETURN", "0.06", "B_VOL", "0.15", "RHO", "1"},
			0, 1, 0.25, -1, 0, 2},
		{"identical independent assets", []string{"A_RETURN", "0.06", "A_VOL", "0.15", "B_RETURN", "0.06", "B_VOL", "0.15", "RHO", "0"},
			0, 1, 1, -1, 0, 2},
		{"a clearly better asset", []string{"A_RETURN", "0.02", "A_VOL", "0.20", "B_RETURN", "0.08", "B_VOL", "0.10", "RHO", "0"},
			0, 1, 0.5, 1, 10, math.Inf(1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := load(t, strings.NewReplacer(tc.params...).Replace(twoAssets), 2000)
			groups, err := PlanSweep(sc, SweepSpec{Sleeve: "B", From: tc.from, To: tc.to, Step: tc.step, FundFrom: "A"})
			if err != nil {
				t.Fatal(err)
			}
			results, err := RunSweep(context.Background(), groups, sim.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := results[0]
			t.Logf("leader %v%%, runner-up %v%%: lead %.3g ± %.3g", 100*r.Points[r.Leader].Weight, 100*r.Points[r.RunnerUp].Weight, r.Lead, r.LeadSE)
			// The lead is the mean of the per-path differences, recomputed here.
			lead, up := r.Points[r.Leader].Results.PathSharpe, r.Points[r.RunnerUp].Results.PathSharpe
			diffs := make([]float64, len(lead))
			for k := range lead {
				diffs[k] = lead[k] - up[k]
			}
			m, sd := stat.MeanStdDev(diffs, nil)
			se := sd / math.Sqrt(float64(len(diffs)))
			if math.Abs(r.Lead-m) > 1e-12 || math.Abs(r.LeadSE-se) > 1e-12 {
				t.Errorf("lead %v ± %v, want the per-path differences' %v ± %v", r.Lead, r.LeadSE, m, se)
			}
			if r.Lead < 0 {
				t.Errorf("the leader trails the runner-up by %v", -r.Lead)
			}
			if ses := r.Lead / r.LeadSE; r.LeadSE > 0 && (ses < tc.minLeadSEs || ses > tc.maxLeadSEs) {
				t.Errorf("lead of %.2f standard errors, want %v to %v", ses, tc.minLeadSEs, tc.maxLeadSEs)
			}
			switch {
			case tc.best < 0 && r.Best >= 0:
				t.Errorf("weight %v%% marked best, want none", 100*r.Points[r.Best].Weight)
			case tc.best >= 0 && (r.Best < 0 || r.Points[r.Best].Weight != tc.best):
				t.Errorf("best point %d, want weight %v marked", r.Best, tc.best)
			}
		})
	}
}

// TestWeightMessages: a weight written as a percent is told the fraction,
// and --to is not held to a --from that is wrong itself.
func TestWeightMessages(t *testing.T) {
	for _, tc := range []struct {
		spec SweepSpec
		want string
	}{
		{SweepSpec{From: 5, To: 30, Step: 0.05}, "--from: is 5 (want a weight from 0 to 1, e.g. 0.05 for 5%)\n--to: is 30 (want a weight from 0 to 1, e.g. 0.3 for 30%)"},
		{SweepSpec{From: 0.2, To: 0.1, Step: 0.05}, "--to: is 0.1 (want a weight above --from (0.2), at most 1)"},
		{SweepSpec{From: -0.1, To: 0.3, Step: 0.05}, "--from: is -0.1 (want a weight from 0 to 1)"},
		{SweepSpec{From: 0.05, To: 0.3, Step: 5}, "--step: is 5 (want a weight step above 0 and at most 1, e.g. 0.05 for 5%)"},
		{SweepSpec{From: 0.05, To: 0.3, Step: 0.5}, "--step: is 0.5, more than --to − --from (0.25): the sweep would have one point (want a step at most 0.25, e.g. 0.05)"},
		// One point compares nothing: its only weight was marked "leader".
		{SweepSpec{From: 0.1, To: 0.1, Step: 0.05}, "--to: is 0.1, the same as --from (given or by default): the sweep would have one point (want --to above --from)"},
	} {
		if _, err := tc.spec.Weights(); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: %v, want %q", tc.spec, err, tc.want)
		}
	}
}

// TestSweepNamesWithoutCapitals: a sleeve, funding sleeve or portfolio
// named with other capitals is the file's own name (as glide paths compare
// sleeve names), unless two names differ only in capitals.
func TestSweepNamesWithoutCapitals(t *testing.T) {
	sc := load(t, defaultText(t), 100)
	got := SweepSpec{Sleeve: "small-cap SLEEVE", FundFrom: "core equity", Portfolio: "balanced with 10% small caps"}.WithNamesOf(sc)
	if got.Sleeve != "Small-cap sleeve" || got.FundFrom != "Core equity" || got.Portfolio != "Balanced with 10% small caps" {
		t.Errorf("names %q, %q, %q", got.Sleeve, got.FundFrom, got.Portfolio)
	}
	if got := canonicalName("core", []string{"Core", "CORE"}); got != "core" {
		t.Errorf("two names alike but for capitals: %q, want the name as given", got)
	}
}

// TestSweepScalesTheGlidePath: sweeping a sleeve of a glide-path portfolio
// scales the sleeve's weight at every waypoint by the new weight over its
// first, the others funded pro rata there too, so that the 0 % reference
// holds none of the sleeve in any year (keeping the waypoints made it glide
// into the sleeve) and the file's own weight gives the file's portfolio.
// The retirement example's glider: Core 0.5, Small 0.1, Fixed 0.4, then in
// year 20 Core 0.33, Small 0.07, Fixed 0.60.
func TestSweepScalesTheGlidePath(t *testing.T) {
	data, err := configs.Example("retirement")
	if err != nil {
		t.Fatal(err)
	}
	sc := load(t, string(data), 10)
	groups, err := PlanSweep(sc, SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.2, Step: 0.1, Portfolio: "10% small caps, gliding to 40% equity"})
	if err != nil {
		t.Fatal(err)
	}
	ps := groups[0].Scenario.Portfolios
	for _, tc := range []struct {
		point  int
		year1  []float64
		year20 []float64
	}{
		{0, []float64{0.5 / 0.9, 0, 0.4 / 0.9}, []float64{0.33 / 0.93, 0, 0.60 / 0.93}},
		{1, []float64{0.5, 0.1, 0.4}, []float64{0.33, 0.07, 0.60}},
		{2, []float64{0.5 * 0.8 / 0.9, 0.2, 0.4 * 0.8 / 0.9}, []float64{0.33 * 0.86 / 0.93, 0.14, 0.60 * 0.86 / 0.93}},
	} {
		p := ps[tc.point]
		if len(p.GlidePath) != 1 || p.GlidePath[0].Year != 20 {
			t.Fatalf("%s: glide path %+v, want one waypoint in year 20", p.Name, p.GlidePath)
		}
		for j, s := range p.Sleeves {
			if math.Abs(s.Weight-tc.year1[j]) > 1e-12 {
				t.Errorf("%s, year 1: %s %v, want %v", p.Name, s.Name, s.Weight, tc.year1[j])
			}
			if got := p.GlidePath[0].Weights[j]; math.Abs(got-tc.year20[j]) > 1e-12 {
				t.Errorf("%s, year 20: %s %v, want %v", p.Name, s.Name, got, tc.year20[j])
			}
		}
	}
}

// TestSweepHoldsAnAbsentSleeveAlongTheGlidePath: a sleeve at 0 in every
// year of a glide path is swept at the same weight in every year, the
// other sleeves funding it pro rata at each waypoint (scaling by w over 0
// had made it glide out to 0 again by year 20).
func TestSweepHoldsAnAbsentSleeveAlongTheGlidePath(t *testing.T) {
	data, err := configs.Example("retirement")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer(
		"{name: Core equity, weight: 0.50,", "{name: Core equity, weight: 0.60,",
		"{name: Small-cap sleeve, weight: 0.10,", "{name: Small-cap sleeve, weight: 0.0,",
		"Core equity: 0.33, Small-cap sleeve: 0.07", "Core equity: 0.40, Small-cap sleeve: 0.0").Replace(string(data))
	sc := load(t, text, 10)
	groups, err := PlanSweep(sc, SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.2, Step: 0.2, Portfolio: "10% small caps, gliding to 40% equity"})
	if err != nil {
		t.Fatal(err)
	}
	p := groups[0].Scenario.Portfolios[1] // 20 %
	for j, want := range []float64{0.4 * 0.8, 0.2, 0.6 * 0.8} {
		if got := p.GlidePath[0].Weights[j]; math.Abs(got-want) > 1e-12 {
			t.Errorf("year 20, sleeve %d: %v, want %v", j, got, want)
		}
	}
}

// TestMarkBestNeedsEveryWeightClear: the leader is marked best only when
// its paired lead over every other weight exceeds 2 standard errors. Here
// it leads the runner-up by 0.06 ± 0.02 (3 errors) but a third weight by
// 0.10 ± 0.06 (1.7 errors): no mark, and Unclear names the third; with
// the runner-up 1.5 errors behind too, both, in weight order.
func TestMarkBestNeedsEveryWeightClear(t *testing.T) {
	r := SweepResult{Leader: 0, RunnerUp: 1, Best: -1, Points: []SweepPoint{
		{Sharpe: &MeanSharpe{Mean: 0.50}},
		{Sharpe: &MeanSharpe{Mean: 0.44, Diff: -0.06, DiffSE: 0.02}},
		{Sharpe: &MeanSharpe{Mean: 0.40, Diff: -0.10, DiffSE: 0.06}},
	}}
	for _, step := range []struct {
		name string
		edit func()
		want []int
	}{
		{"a third weight within 1.7 errors", func() {}, []int{2}},
		{"every weight clear", func() { r.Points[2].Sharpe.DiffSE = 0.04 }, nil}, // 2.5 errors
		{"the runner-up within 1.5 errors", func() { r.Points[1].Sharpe.DiffSE = 0.04 }, []int{1}},
		{"both within", func() { r.Points[2].Sharpe.DiffSE = 0.06 }, []int{1, 2}},
	} {
		step.edit()
		if got := r.Unclear(); !slices.Equal(got, step.want) {
			t.Errorf("%s: Unclear() = %v, want %v", step.name, got, step.want)
		}
	}
}
