package reports

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/calibrate"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// withoutRegimes cuts a scenario file's regimes block (up to the next
// top-level key) and the correlation matrix only its states used.
func withoutRegimes(text string) string {
	start := strings.Index(text, "\nregimes:")
	end := strings.Index(text, "\ndefaults:")
	text = text[:start] + text[end:]
	start = strings.Index(text, "\n  stress:")
	end = strings.Index(text, "\ninflation:")
	return text[:start] + text[end:]
}

// sheetText is every cell of a sheet, a row a line.
func sheetText(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	return fmtRows(rows)
}

// wantAndNot reports each of want that has misses and each of not that it
// finds, in what.
func wantAndNot(t *testing.T, what string, has func(string) bool, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !has(w) {
			t.Errorf("lacks %q: %s", w, what)
		}
	}
	for _, n := range not {
		if has(n) {
			t.Errorf("has %q: %s", n, what)
		}
	}
}

// TestDisclosuresDescribeTheRun: each run's Disclosures state the method
// it used and no other: a bootstrap names its history, window and blocks
// and never log-normal returns; Markov chains only with regimes; Student
// t with its degrees of freedom.
func TestDisclosuresDescribeTheRun(t *testing.T) {
	for _, tc := range []struct {
		name    string
		example string
		edit    func(string) string
		want    func(sc *model.Scenario) []string
		not     []string
	}{
		{"bootstrap", "history", nil, func(sc *model.Scenario) []string {
			h := sc.History
			return []string{"history", h.Source.File, h.From, h.To, fmt.Sprintf("blocks of %d consecutive months", sc.Simulation.BlockMonths), "Markov"}
		}, []string{"log-normal", "lognormal", "Log-normal"}},
		{"log-normal with regimes", "default", nil, func(sc *model.Scenario) []string {
			return []string{"log-normal", "Markov chains", sc.Regimes.Chains[0].Name, sc.Regimes.Chains[1].Name}
		}, []string{"bootstrap", "history window"}},
		{"log-normal without regimes", "default", withoutRegimes, func(*model.Scenario) []string {
			return []string{"log-normal"}
		}, []string{"Markov", "regime", "Regime"}},
		{"Student t", "default", func(s string) string {
			return strings.Replace(s, "return_model: lognormal", "return_model: student_t\n  degrees_of_freedom: 5", 1)
		}, func(sc *model.Scenario) []string {
			return []string{fmt.Sprintf("Student t distribution with %g degrees of freedom", sc.Simulation.DegreesOfFreedom)}
		}, []string{"log-normal distributions"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := resolve(t, tc.example, 100, tc.edit)
			path, _ := writeTestWorkbook(t, sc)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			text := sheetText(t, f, sheetDisclosures)
			wantAndNot(t, "Disclosures:\n"+text, func(w string) bool { return strings.Contains(text, w) }, tc.want(sc), tc.not)
		})
	}
}

// TestEveryWorkbookCarriesTheLegend writes each kind of workbook divsim
// makes and reads its Disclosures back: the FINRA legend verbatim (its
// history counterpart in a calibration, which projects nothing), that
// results vary, and that investments not considered may be similar or
// superior.
func TestEveryWorkbookCarriesTheLegend(t *testing.T) {
	dir := t.TempDir()
	sc := resolve(t, "default", 100, nil)
	for _, tc := range []struct {
		kind  string
		write func(path string) error
	}{
		{"run", func(path string) error {
			res, err := sim.Run(context.Background(), sc, sim.Options{})
			if err != nil {
				return err
			}
			return WriteWorkbook(path, WorkbookInput{Scenario: sc, Results: res, Stamp: Stamp{Version: "test", RunDate: time.Now()}})
		}},
		{"sweep", func(path string) error {
			groups, err := batch.PlanSweep(sc, batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.1, Step: 0.1})
			if err != nil {
				return err
			}
			results, err := batch.RunSweep(context.Background(), groups, sim.Options{})
			if err != nil {
				return err
			}
			return WriteSweepWorkbook(path, sc, batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.1, Step: 0.1}, results, Stamp{Version: "test", Command: "divsim sweep"})
		}},
		{"compare", func(path string) error {
			c, err := batch.Compare(context.Background(), []*model.Scenario{sc, resolve(t, "default", 100, withoutRegimes)}, sim.Options{})
			if err != nil {
				return err
			}
			return WriteCompareWorkbook(path, c, Stamp{Version: "test", Command: "divsim compare"})
		}},
		{"index", func(path string) error {
			return WriteIndexWorkbook(path, []IndexRow{{File: "a.yaml", Status: "ok", Scenario: sc.Info.Name, Workbook: "a.xlsx", Resolved: sc},
				{File: "b.yaml", Status: "invalid", Problems: "b.yaml: paths: is 0"}})
		}},
		{"calibration", func(path string) error { return testCalibration(t).WriteWorkbook(path) }},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			path := filepath.Join(dir, tc.kind+".xlsx")
			if err := tc.write(path); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheets := f.GetSheetList()
			if sheets[len(sheets)-1] != sheetDisclosures {
				t.Errorf("sheets %v: Disclosures is not last", sheets)
			}
			want := FINRALegend
			if tc.kind == "calibration" { // history alone: no projection to call hypothetical
				want = CalibrationLegend
			}
			if got, _ := f.GetCellValue(sheetDisclosures, "A3"); got != want {
				t.Errorf("Disclosures!A3 = %q, want the legend verbatim", got)
			}
			text := sheetText(t, f, sheetDisclosures)
			for _, phrase := range []string{"Results may vary with each use and over time",
				"Investments not considered may have characteristics similar or superior to those analyzed", "Limitations"} {
				if !strings.Contains(text, phrase) {
					t.Errorf("Disclosures lack %q", phrase)
				}
			}
			for _, s := range []string{sheetDisclosures, sheetGlossary, sheetTechnical} {
				if idx, _ := f.GetSheetIndex(s); idx < 0 {
					continue
				}
				if layout, err := f.GetPageLayout(s); err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" {
					t.Errorf("sheet %s does not print landscape", s)
				}
			}
		})
	}
}

// testCalibration is a quick calibration of two series over a short window.
func testCalibration(t *testing.T) *Calibration {
	t.Helper()
	table := history.Default()
	in, err := calibrate.Prepare(table, "us_large,bonds_10y", table.Month(0).String(), table.Month(119).String())
	if err != nil {
		t.Fatal(err)
	}
	c := &Calibration{Source: table.Name, Columns: in.Columns, Version: "test"}
	for _, m := range in.Months {
		c.Months = append(c.Months, m.String())
	}
	c.Models, c.Fit, err = calibrate.SearchStates(context.Background(), in.Data, 2, calibrate.Options{Starts: 1, MaxIter: 20}, func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGlossaryFollowsTheWorkbook: a workbook's Glossary explains the terms
// its pages use, and only those: spending rules only with one, regimes
// only with some, the run's diversification terms only in a run workbook.
func TestGlossaryFollowsTheWorkbook(t *testing.T) {
	def := resolve(t, "default", 100, nil)
	plain := resolve(t, "default", 100, withoutRegimes)
	guard := resolve(t, "retirement", 100, nil)
	saving := resolve(t, "default", 100, func(s string) string { return strings.Replace(s, "amount: -40000", "amount: 40000", 1) })
	edge := resolve(t, "default", 100, func(s string) string { return strings.Replace(s, "to: target", "to: band_edge", 1) })
	run := func(sc *model.Scenario) *sim.Results {
		res, err := sim.Run(context.Background(), sc, sim.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	always := []string{"Percentile (pct)", "Success rate", "Maximum drawdown", "CVaR 95 (conditional value at risk)", "Today's money (real)"}
	// The terms of the retiree's inputs, which every book that shows its run states.
	stated := []string{"Volatility", "Regimes", "Markov chain", "Glide path", "Withdrawal rate", "Advisory fee and expense ratio"}
	for _, tc := range []struct {
		name      string
		c         contents
		want, not []string
	}{
		{"run with regimes", contents{kind: runBook, runs: []shownRun{{sc: def}}},
			append([]string{"Sharpe ratio", "Diversification ratio", "Share of risk (risk contribution)", "Regimes", "Standard error", "Stress test"}, always...),
			[]string{"Spending rule", "Guardrails", "Glide path", "Withdrawal rate", "Band edge"}},
		{"run without regimes", contents{kind: runBook, runs: []shownRun{{sc: plain}}}, always, []string{"Regimes"}},
		{"run with guardrails and a glide path", contents{kind: runBook, runs: []shownRun{{sc: guard}}},
			[]string{"Spending rule", "Guardrails", "Lean year", "Glide path", "Withdrawal rate", "Risk figures of paths that ran out of money"},
			[]string{"Constant spending", "Percent of portfolio", "Band edge"}},
		{"run saving only", contents{kind: runBook, runs: []shownRun{{sc: saving}}}, always,
			[]string{"Risk figures of paths that ran out of money", "Withdrawal rate", "Year by which paths ran out of money"}},
		{"run rebalancing to the band edge", contents{kind: runBook, runs: []shownRun{{sc: edge}}}, []string{"Band edge"}, nil},
		// The Summary's year by which paths ran out, defined only where the
		// Summary shows it: default's 5th percentiles of wealth are all 0,
		// the retiree's are not.
		{"run whose poorest paths ran out", contents{kind: runBook, runs: []shownRun{{sc: def, res: run(def)}}},
			[]string{"Year by which paths ran out of money"}, nil},
		{"run whose poorest paths kept money", contents{kind: runBook, runs: []shownRun{{sc: guard, res: run(guard)}}},
			nil, []string{"Year by which paths ran out of money"}},
		// A study's Assumptions and Disclosures state its runs' regimes,
		// fees, glide paths and rule as a run's do: the same terms.
		{"sweep", contents{kind: sweepBook, runs: []shownRun{{sc: def}}}, append([]string{"Sharpe ratio", "Volatility", "Regimes", "Markov chain"}, always...),
			[]string{"Diversification ratio"}},
		{"rate sweep", contents{kind: rateSweepBook, runs: []shownRun{{sc: guard}}}, append([]string{"Success rate", "Guardrails", "Today's money (real)"}, stated...),
			[]string{"Sharpe ratio", "CVaR 95 (conditional value at risk)", "Baseline; ahead, tied, behind"}},
		{"solve", contents{kind: solveBook, runs: []shownRun{{sc: guard}}}, append([]string{"Sustainable withdrawal", "Perpetual withdrawal"}, stated...),
			[]string{"Sharpe ratio", "Diversification ratio"}},
		{"solve without regimes", contents{kind: solveBook, runs: []shownRun{{sc: plain}}}, []string{"Volatility"}, []string{"Regimes", "Markov chain", "Glide path"}},
		{"index without its runs", contents{kind: indexBook}, []string{"Success rate"}, []string{"Regimes", "Volatility", "Glide path"}},
		{"compare", contents{kind: compareBook, runs: []shownRun{{label: "a", sc: def}, {label: "b", sc: guard}}}, append([]string{"Guardrails", "Baseline; ahead, tied, behind"}, always...),
			[]string{"Sharpe ratio", "Diversification ratio"}},
		{"calibration", contents{kind: calibrationBook}, []string{"AIC and BIC", "Log-likelihood"}, []string{"Success rate"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var names []string
			for _, term := range glossaryTerms(tc.c) {
				names = append(names, term.name)
			}
			wantAndNot(t, fmt.Sprint("glossary ", names), func(w string) bool { return slices.Contains(names, w) }, tc.want, tc.not)
		})
	}
}

// TestClientPagesSpeakPlainly: the client pages of a run workbook carry
// no notation (formulas, file spellings, machine-readable regime labels);
// the Technical notes carry it instead.
func TestClientPagesSpeakPlainly(t *testing.T) {
	for _, example := range []string{"default", "history", "retirement"} {
		t.Run(example, func(t *testing.T) {
			sc := resolve(t, example, 100, nil)
			path, _ := writeTestWorkbook(t, sc)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			notation := []string{"P[i][i]", "Σ", "ᵀ", "long_run", "band_edge", "lognormal", "student_t", "Anchoring"}
			for _, js := range sc.Regimes.States {
				if len(sc.Regimes.Chains) > 0 {
					notation = append(notation, js.Name)
				}
			}
			sheets := f.GetSheetList()
			client := sheets[:slices.Index(sheets, sheetGlossary)]
			for _, s := range client {
				text := sheetText(t, f, s)
				for _, n := range notation {
					if strings.Contains(text, n) {
						t.Errorf("client sheet %s carries %q", s, n)
					}
				}
			}
			if notes := sheetText(t, f, sheetTechnical); len(sc.Regimes.Chains) > 0 && !strings.Contains(notes, "1/(1 − P[i][i])") {
				t.Errorf("Technical notes lack the mean stay's formula")
			}
		})
	}
}

// TestCostsTextNamesOnlyCostsThere: the disclosures name an advisory fee
// or fund expenses only where a portfolio or asset has one, and say "no
// advisory fee" rather than "an advisory fee of 0.00 %".
func TestCostsTextNamesOnlyCostsThere(t *testing.T) {
	for _, tc := range []struct {
		name          string
		fee, expenses float64
		want          string
	}{
		{"both", 0.01, 0.0005, "pays an advisory fee of 1.00% a year on its value and a fund expense ratio of 0.05% a year on its holdings."},
		{"fee only", 0.01, 0, "pays an advisory fee of 1.00% a year on its value."},
		{"expenses only", 0, 0.0005, "pays no advisory fee, and a fund expense ratio of 0.05% a year on its holdings."},
		{"neither", 0, 0, "pays no advisory fee and no fund expenses."},
	} {
		sc := &model.Scenario{
			Assets:     []model.Asset{{ExpenseRatio: tc.expenses}},
			Portfolios: []model.Portfolio{{Name: "P", Fee: tc.fee}},
		}
		if got := costsText(sc, true); !strings.Contains(got, tc.want) || strings.Contains(got, "0.00%") {
			t.Errorf("%s: %q, want it to contain %q", tc.name, got, tc.want)
		}
	}
}

// TestInflationLimitationOnce: a batch whose runs model inflation two ways
// states the inflation limitation once, naming both, never two bullets
// that contradict each other; each way alone has its own statement.
func TestInflationLimitationOnce(t *testing.T) {
	linked := resolve(t, "default", 100, nil) // a hiking regime moves inflation
	independent := resolve(t, "default", 100, func(s string) string {
		return strings.Replace(s, "            inflation: {return: 0.01}\n", "", 1)
	})
	if !inflationEffects(linked) || !independentInflation(independent) {
		t.Fatal("the scenarios do not model inflation the two ways")
	}
	for _, tc := range []struct {
		name string
		runs []shownRun
		want string
	}{
		{"independent", []shownRun{{label: "a", sc: independent}}, "Inflation is drawn independently of asset returns, so"},
		{"linked", []shownRun{{label: "a", sc: linked}}, "Inflation is linked to asset returns only through the regimes"},
		{"both", []shownRun{{label: "a", sc: independent}, {label: "b", sc: linked}}, "or, in the runs whose regimes move it, linked"},
	} {
		var about []string
		for _, l := range limitations(tc.runs) {
			if strings.HasPrefix(l, "Inflation") {
				about = append(about, l)
			}
		}
		if len(about) != 1 || !strings.Contains(about[0], tc.want) {
			t.Errorf("%s: inflation limitations %q, want one with %q", tc.name, about, tc.want)
		}
	}
}

// TestAboutTextNamesOnlyACommonPreparer: a workbook says who prepared it
// only when every run names the same preparer; a batch whose scenarios
// name different ones (or some none) lists them instead.
func TestAboutTextNamesOnlyACommonPreparer(t *testing.T) {
	run := func(by, client string) shownRun {
		return shownRun{label: "x", sc: &model.Scenario{Info: model.Info{PreparedBy: by, Client: client}}}
	}
	for _, tc := range []struct {
		name      string
		runs      []shownRun
		want, not string
	}{
		{"one run", []shownRun{run("Firm A", "Ms B")}, "Prepared by Firm A for Ms B with divsim.", "name as"},
		{"the same firm", []shownRun{run("Firm A", ""), run("Firm A", "")}, "Prepared by Firm A with divsim.", "name as"},
		{"two firms", []shownRun{run("Firm A", ""), run("Firm C", "")}, "Prepared with divsim. The scenarios name as their preparers: Firm A; Firm C.", "Prepared by"},
		{"one names none", []shownRun{run("Firm A", ""), run("", "")}, "Prepared with divsim. The scenarios name as their preparers: Firm A.", "Prepared by"},
	} {
		got := aboutText(contents{kind: indexBook, runs: tc.runs}, WorkbookInput{})
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("%s: %q, want %q and not %q", tc.name, got, tc.want, tc.not)
		}
	}
	// A workbook of no run (the evidence's) names its scenario's preparer
	// and client (a review found "Prepared with divsim" alone).
	sc := &model.Scenario{Info: model.Info{PreparedBy: "Firm A", Client: "Ms B"}}
	if got := aboutText(contents{kind: evidenceBook}, WorkbookInput{Scenario: sc}); !strings.Contains(got, "Prepared by Firm A for Ms B with divsim.") {
		t.Errorf("evidence: %q, want the scenario's preparer and client", got)
	}
}

// TestMethodNamesOnlySheetsThere: the method text points to the Regimes and
// Allocations sheets only in a run's workbook, which has them; a sweep's,
// a solve's or a comparison's has neither.
func TestMethodNamesOnlySheetsThere(t *testing.T) {
	sc := resolve(t, "retirement", 100, nil) // regimes with effects, and a glide path
	for _, runSheets := range []bool{true, false} {
		kind := solveBook
		if runSheets {
			kind = runBook
		}
		text := strings.Join(methodText(sc, kind), " ")
		for _, sheet := range []string{"Regimes sheet", "Allocations sheet"} {
			if strings.Contains(text, sheet) != runSheets {
				t.Errorf("run sheets %v: the method text names the %s %v times", runSheets, sheet, strings.Count(text, sheet))
			}
		}
		// A solve's workbook says its figures do not use the file's rate.
		if varied := strings.Contains(text, "The rate stated with the rule is the scenario file's"); varied == runSheets {
			t.Errorf("run sheets %v: says the rate is varied: %v", runSheets, varied)
		}
	}
}

// TestMethodStatesSharedRegimeRulesOnce: two scenarios that differ only in
// a regime's average stay share how their regimes act, stated once for
// every scenario; each keeps its own stays.
func TestMethodStatesSharedRegimeRulesOnce(t *testing.T) {
	base := resolve(t, "default", 100, nil)
	longer := resolve(t, "default", 100, func(s string) string {
		return strings.Replace(s, "mean_years: 1.5", "mean_years: 3", 1)
	})
	passages := methodPassages([]shownRun{{sc: base, label: "Base"}, {sc: longer, label: "Longer cuts"}}, compareBook)
	count := map[string]int{}
	var stays []string
	for _, p := range passages {
		for _, para := range p.paras {
			if strings.HasPrefix(para, "How the regimes act") {
				count[p.heading]++
			}
			if strings.Contains(para, "average stays") {
				stays = append(stays, p.heading+": "+para)
			}
		}
	}
	if len(count) != 1 || count["Criteria and methodology (every scenario)"] != 1 {
		t.Errorf("how the regimes act, by heading: %v (want once, for every scenario)", count)
	}
	if len(stays) != 2 || !strings.Contains(stays[0], "cutting, 1.5 years") || !strings.Contains(stays[1], "cutting, 3 years") {
		t.Errorf("stays:\n%s", strings.Join(stays, "\n"))
	}
}

// TestMixedBatchLimitations: a batch of a simulated run and one drawing
// from history states the regimes' limitation once, naming both kinds,
// says its inflation statement is about the simulated runs only, and names
// the built-in history's months once.
func TestMixedBatchLimitations(t *testing.T) {
	simulated, history := resolve(t, "default", 100, nil), resolve(t, "history", 100, nil)
	if !assumedRegimes(simulated) || !historyRegimes(history) || history.Inflation == nil || history.Inflation.History == "" {
		t.Fatal("the examples do not model regimes and inflation the two ways")
	}
	var regimes, inflation []string
	for _, l := range limitations([]shownRun{{label: "a", sc: simulated}, {label: "h", sc: history}}) {
		switch {
		case strings.HasPrefix(l, "Regimes"):
			regimes = append(regimes, l)
		case strings.HasPrefix(l, "Inflation") || strings.HasPrefix(l, "Where inflation"):
			inflation = append(inflation, l)
		}
	}
	if len(regimes) != 1 || !strings.Contains(regimes[0], "in the runs that draw from history") {
		t.Errorf("regimes: %q, want one statement naming both kinds", regimes)
	}
	if len(inflation) != 1 || !strings.HasPrefix(inflation[0], "Where inflation is simulated rather than drawn from history") {
		t.Errorf("inflation: %q, want one statement about the simulated runs", inflation)
	}
	if got := historyWindow(history.History); strings.Count(got, "1954-07") != 1 || !strings.HasPrefix(got, "all ") {
		t.Errorf("history window %q, want the built-in table's months named once", got)
	}
}

// TestLongevityLimitation: a retiree's plan (a spending rule, a withdrawal
// among its flows, or the client's age) says that how long the client
// lives is not modeled (a review of the retirement workbook found no word
// of it, and one of a plan withdrawing through a flow neither); a plan of
// none of them does not.
func TestLongevityLimitation(t *testing.T) {
	says := func(sc *model.Scenario) bool {
		return slices.ContainsFunc(limitations([]shownRun{{label: "a", sc: sc}}), func(l string) bool {
			return strings.Contains(l, "how long the client lives is not modeled")
		})
	}
	if retire := resolve(t, "retirement", 100, nil); !says(retire) {
		t.Error("the retirement example's limitations do not say that longevity is not modeled")
	}
	def := resolve(t, "default", 100, nil) // its retirement income is a withdrawal flow
	if !says(def) {
		t.Error("the default example, which withdraws through a flow, does not say that longevity is not modeled")
	}
	def.Flows = slices.DeleteFunc(def.Flows, func(fl portfolio.Flow) bool { return fl.Amount < 0 })
	if def.Spending == nil && def.Info.Age == nil && says(def) {
		t.Error("a plan without withdrawals, spending or age says longevity is not modeled")
	}
}

// TestMethodNamesTheRightAssumptionsSheet: a comparison has an Assumptions
// sheet a scenario (Assumptions 1, 2 ...) and a batch's index none, so
// their methodology names each scenario's or each workbook's, never "the
// Assumptions sheet" a reader would not find (a review of a comparison
// found it twice).
func TestMethodNamesTheRightAssumptionsSheet(t *testing.T) {
	sc := resolve(t, "default", 100, nil) // long-run anchored regimes: both sentences
	for _, tc := range []struct {
		kind bookKind
		want string
	}{
		{runBook, "the Assumptions sheet"},
		{compareBook, "each scenario's Assumptions sheet"},
		{indexBook, "each workbook's Assumptions sheet"},
	} {
		text := strings.Join(methodText(sc, tc.kind), " ")
		if !strings.Contains(text, tc.want) || tc.kind != runBook && strings.Contains(text, "on the Assumptions sheet") {
			t.Errorf("kind %d: %q, want it to name %q only", tc.kind, text, tc.want)
		}
	}
}

// TestVolatilityBeforeRegimes: where a regime scales an asset's
// volatility, the Assumptions sheet calls the written volatility the one
// before regimes (a review found it read as the long-run volatility,
// which the regimes raise); without vol_scale it is the volatility.
func TestVolatilityBeforeRegimes(t *testing.T) {
	if !scalesVolatility(resolve(t, "default", 100, nil)) {
		t.Error("the default example's recession scales volatilities, but scalesVolatility says no")
	}
	flat := resolve(t, "default", 100, func(s string) string {
		return regexp.MustCompile(`,? ?vol_scale: [0-9.]+`).ReplaceAllString(s, "")
	})
	if scalesVolatility(flat) {
		t.Error("without vol_scale, scalesVolatility says yes")
	}
}

// TestStaleAssumptions: assumptions dated a year or more before the run
// are flagged in the Limitations, with their age; younger ones, undated
// ones and history replayed are not.
func TestStaleAssumptions(t *testing.T) {
	sc := resolve(t, "default", 100, nil) // as of 2024-11-29
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct {
		run  string
		want string // "" for no warning
	}{
		{"2026-11-30", "dated 2024-11-29, 2 years before this run (2026-11-30)"},
		{"2026-05-01", "dated 2024-11-29, over 1 year before this run"},
		{"2025-11-28", ""},
		{"2025-11-29", "dated 2024-11-29, 1 year before this run"},
	} {
		got := strings.Join(staleAssumptions([]shownRun{{label: "a", sc: sc}}, day(tc.run)), " ")
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("run on %s: %q, want %q", tc.run, got, tc.want)
		}
	}
	if got := staleAssumptions([]shownRun{{label: "a", sc: sc}}, time.Time{}); got != nil {
		t.Errorf("no run date: %q", got)
	}
}

// TestGlossaryDefinesWhatStudiesSay: a solve's and both sweeps'
// workbooks define every term their own sheets use (their Assumptions
// and Disclosures name regimes, Markov chains, stress correlations, glide
// paths, the withdrawal rate, fees and volatilities), read from the
// written books; each term is checked where the book uses it, and each
// book uses all of them.
func TestGlossaryDefinesWhatStudiesSay(t *testing.T) {
	sc := resolve(t, "retirement", 100, nil)
	dir := t.TempDir()
	solvePath := filepath.Join(dir, "solve.xlsx")
	if err := WriteSolveWorkbook(solvePath, sc, fakeSolve(sc, portfolio.Guardrails, false, 0.05), Stamp{Version: "test", Command: "divsim solve"}); err != nil {
		t.Fatal(err)
	}
	_, sleevePath := writeSweep(t, sc, batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.1, Step: 0.1, Portfolio: "Balanced with 5% small caps"})
	_, ratePath := writeSweep(t, sc, batch.SweepSpec{Rate: true, RateFrom: 0.04, RateTo: 0.05, RateStep: 0.01})
	// What a page says (lower case), and the entry that explains it.
	uses := []struct{ says, entry string }{
		{"regime", "Regimes"},
		{"markov chain", "Markov chain"},
		{"correlations: stress", "stress correlations"},
		{"glide path", "Glide path"},
		{"withdrawal rate", "Withdrawal rate"},
		{"advisory fee", "Advisory fee and expense ratio"},
		{"expense ratio", "Advisory fee and expense ratio"},
		{"volatilit", "Volatility"},
	}
	for name, path := range map[string]string{"solve": solvePath, "sleeve sweep": sleevePath, "rate sweep": ratePath} {
		t.Run(name, func(t *testing.T) {
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var pages strings.Builder
			for _, s := range f.GetSheetList() {
				if s != sheetGlossary {
					pages.WriteString(strings.ToLower(sheetText(t, f, s)))
				}
			}
			glossary := sheetText(t, f, sheetGlossary)
			for _, u := range uses {
				if !strings.Contains(pages.String(), u.says) {
					t.Errorf("the pages no longer say %q: check its entry", u.says)
				} else if !strings.Contains(glossary, u.entry) {
					t.Errorf("the pages say %q, the Glossary lacks %q", u.says, u.entry)
				}
			}
		})
	}
}

// TestShareErrorBoundIgnoresWindows: the limitations bound the standard
// error of a share by the fewest paths among the simulated runs; a run of
// rolling windows (as many paths as windows fit, a few hundred) has no
// standard error, and a batch holding one says so, naming it (an index's
// Disclosures gave 474 windows' bound, 2.3 points, beside runs of 2,000
// paths).
func TestShareErrorBoundIgnoresWindows(t *testing.T) {
	small, large := resolve(t, "default", 500, nil), resolve(t, "default", 2000, nil)
	windows := resolve(t, "windows", 100, nil)
	if windows.Simulation.ReturnModel != model.Historical || windows.Simulation.Paths >= large.Simulation.Paths {
		t.Fatalf("the windows example runs %d paths of %v, want fewer windows than %d simulated paths",
			windows.Simulation.Paths, windows.Simulation.ReturnModel, large.Simulation.Paths)
	}
	bound := func(n int) string {
		return fmt.Sprintf("with %s paths the standard error of such a share is at most %s", thousands(n), pointsText(sim.ShareSE(0.5, n)))
	}
	const none = "(w.yaml) have no standard error: their shares count what history did"
	for _, tc := range []struct {
		name      string
		runs      []shownRun
		want, not []string
	}{
		{"simulated", []shownRun{{"a.yaml", large, nil}}, []string{bound(2000)}, []string{none}},
		{"simulated and windows", []shownRun{{"a.yaml", large, nil}, {"w.yaml", windows, nil}},
			[]string{bound(2000), none}, []string{thousands(windows.Simulation.Paths) + " paths"}},
		{"fewest simulated", []shownRun{{"w.yaml", windows, nil}, {"b.yaml", small, nil}, {"a.yaml", large, nil}},
			[]string{bound(500), none}, []string{bound(2000)}},
		{"windows alone", []shownRun{{"w.yaml", windows, nil}}, nil, []string{"standard error"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Join(limitations(tc.runs), "\n")
			wantAndNot(t, tc.name, func(s string) bool { return strings.Contains(text, s) }, tc.want, tc.not)
		})
	}
}

// TestResultsVaryWithWindows: "Results vary" says figures come from
// randomly simulated futures only of runs that simulate: a batch of
// simulated runs and rolling windows said it of every figure, and one of
// windows alone says the figures replay history.
func TestResultsVaryWithWindows(t *testing.T) {
	simulated, windows := resolve(t, "default", 100, nil), resolve(t, "windows", 100, nil)
	const random, simRun, replay = "Each figure comes from randomly simulated futures", "Each figure of a simulated run comes from randomly",
		"replay the history as published"
	for _, tc := range []struct {
		name      string
		runs      []shownRun
		want, not []string
	}{
		{"simulated", []shownRun{{"a.yaml", simulated, nil}}, []string{random}, []string{simRun, replay}},
		{"both", []shownRun{{"a.yaml", simulated, nil}, {"w.yaml", windows, nil}}, []string{simRun, replay}, []string{random}},
		{"windows", []shownRun{{"w.yaml", windows, nil}}, []string{replay}, []string{random, simRun}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var vary string
			for _, p := range disclosurePassages(contents{kind: indexBook, runs: tc.runs}, WorkbookInput{}) {
				if p.heading == "Results vary" {
					vary = strings.Join(p.paras, "\n")
				}
			}
			wantAndNot(t, vary, func(s string) bool { return strings.Contains(vary, s) }, tc.want, tc.not)
		})
	}
}

// TestSolveWithoutARuleSaysWhatItAdds: a solve of a scenario without a
// spending rule does not speak of "the rule" or "the rate stated with" it,
// which the plan's statement never gave; it says that it adds a constant
// withdrawal. With a rule, the rule's statement is followed by the rate's.
func TestSolveWithoutARuleSaysWhatItAdds(t *testing.T) {
	for _, tc := range []struct {
		name    string
		example string
		want    string
		not     string
	}{
		{"no rule", "default", "This workbook adds a withdrawal paid once a year for all 30 years, raised with inflation", "The rate stated with the rule"},
		{"no rule, no inflation", "default", "This workbook adds the same withdrawal paid once a year for all 30 years (the scenario models no inflation)", "30 years, raised with inflation"},
		{"a rule", "retirement", "The rate stated with the rule is the scenario file's", "This workbook adds"},
	} {
		sc := resolve(t, tc.example, 100, nil)
		if strings.Contains(tc.name, "no inflation") {
			sc.Inflation = nil
		}
		text := strings.Join(methodText(sc, solveBook), " ")
		if !strings.Contains(text, tc.want) || strings.Contains(text, tc.not) {
			t.Errorf("%s: method text lacks %q or has %q:\n%s", tc.name, tc.want, tc.not, text)
		}
	}
}

// TestStampDatesTheWorkbook: a study's workbook is dated by the stamp the
// command gives it, not by the clock (time enters as a value), and names
// the version it was given.
func TestStampDatesTheWorkbook(t *testing.T) {
	sc := resolve(t, "retirement", 100, nil)
	path := filepath.Join(t.TempDir(), "solve.xlsx")
	stamp := Stamp{Version: "9.9.9", Command: "divsim solve r.yaml", RunDate: time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC)}
	if err := WriteSolveWorkbook(path, sc, fakeSolve(sc, portfolio.Guardrails, false, 0.05), stamp); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if found, _ := f.SearchSheet("Disclosures", "with divsim 9.9.9 on 2024-03-05", true); len(found) != 1 {
		t.Errorf("the Disclosures do not date the workbook by its stamp (found %v)", found)
	}
}

// TestGlossaryOfMixedIndex: an index of simulated runs and rolling windows
// defines a rolling window and takes its success rate across either, not
// across "simulated paths" alone; an index of simulated runs only speaks of
// simulated paths.
func TestGlossaryOfMixedIndex(t *testing.T) {
	simulated, windows := resolve(t, "default", 100, nil), resolve(t, "windows", 100, nil)
	for _, tc := range []struct {
		name    string
		runs    []shownRun
		success string
		rolling bool
	}{
		{"simulated", []shownRun{{"a.yaml", simulated, nil}}, "The share of simulated paths on which", false},
		{"mixed", []shownRun{{"a.yaml", simulated, nil}, {"w.yaml", windows, nil}}, "The share of simulated paths (or windows of history) on which", true},
	} {
		meanings := map[string]string{}
		for _, tm := range glossaryTerms(contents{kind: indexBook, runs: tc.runs}) {
			meanings[tm.name] = tm.meaning
		}
		if _, ok := meanings["Rolling window"]; ok != tc.rolling || !strings.HasPrefix(meanings["Success rate"], tc.success) {
			t.Errorf("%s: Rolling window defined %v (want %v), Success rate %q (want it to start %q)", tc.name, ok, tc.rolling, meanings["Success rate"], tc.success)
		}
	}
}

// TestGlossaryOfIndexDefinesItsWords: an index defines the words its
// header note and lines use (baseline, highest median, within error,
// tied) and, for a scenario with a spending rule, its spending figures,
// saying that income paid into the portfolio is within them when a
// scenario has such income (the retirement example's Social Security).
func TestGlossaryOfIndexDefinesItsWords(t *testing.T) {
	simulated, retirement := resolve(t, "default", 100, nil), resolve(t, "retirement", 100, nil)
	for _, tc := range []struct {
		name   string
		runs   []shownRun
		spends bool
	}{
		{"no spending rule", []shownRun{{"a.yaml", simulated, nil}}, false},
		{"a spending rule with income paid in", []shownRun{{"a.yaml", simulated, nil}, {"r.yaml", retirement, nil}}, true},
	} {
		meanings := map[string]string{}
		for _, tm := range glossaryTerms(contents{kind: indexBook, runs: tc.runs}) {
			meanings[tm.name] = tm.meaning
		}
		for _, name := range []string{"Baseline; highest median", "Within error; tied"} {
			if meanings[name] == "" {
				t.Errorf("%s: no %q", tc.name, name)
			}
		}
		spending := meanings["First-year spending; median yearly spending"]
		if (spending != "") != tc.spends || tc.spends && !strings.Contains(spending, "Social Security") {
			t.Errorf("%s: spending term %q", tc.name, spending)
		}
	}
}
