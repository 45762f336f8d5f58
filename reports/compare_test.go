package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// TestCompareWorkbook reads the comparison workbook back: its sheets, that
// every chart reference names a range, and that each matrix cell equals the
// comparison JSON; with a spending rule in any scenario the matrices
// include median yearly real spending and the share of paths with a cut
// ("no rule" where a scenario has none), in the table too.
func TestCompareWorkbook(t *testing.T) {
	for _, tc := range []struct {
		name            string
		base, recession string // spending blocks, "" for none
		spending        bool
	}{
		{"no rule", "", "", false},
		{"rules in both", "{rule: guardrails, initial_rate: 0.05}", "{rule: percent, rate: 0.04}", true},
		{"a rule in one", "", "{rule: constant, initial_rate: 0.04}", true},
	} {
		t.Run(tc.name, func(t *testing.T) { testCompareWorkbook(t, tc.base, tc.recession, tc.spending) })
	}
}

func testCompareWorkbook(t *testing.T, baseRule, recessionRule string, spending bool) {
	text := string(must(configs.Example("default")))
	rule := func(block string) func(string) string {
		if block == "" {
			return func(s string) string { return s }
		}
		return withRule(block)
	}
	var scs []*model.Scenario
	for name, edit := range map[string]func(string) string{
		"base.yaml": rule(baseRule),
		"recession.yaml": func(s string) string {
			return rule(recessionRule)(strings.Replace(s, "mean_years: 6", "mean_years: 3", 1))
		},
	} {
		doc, err := configs.Decode(name, []byte(edit(text)))
		if err != nil {
			t.Fatal(err)
		}
		sc, err := configs.Resolve(doc, configs.Options{Overrides: configs.Overrides{Paths: &configs.Override[int]{Value: 200, From: "test"}}})
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, sc)
	}
	slices.SortFunc(scs, func(a, b *model.Scenario) int { return strings.Compare(a.Info.Source.File, b.Info.Source.File) })
	c, err := batch.Compare(context.Background(), scs, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	metrics := compareMetrics(c)
	want := 9 // wealth nominal and real, return, drawdown, CVaR, success, ahead, tied, behind
	if scs[0].Goal != nil {
		want++ // the goal's probability
	}
	if spending {
		want += 2
	}
	if len(metrics) != want {
		t.Fatalf("%d metrics, want %d", len(metrics), want)
	}
	path := filepath.Join(t.TempDir(), "compare.xlsx")
	if err := WriteCompareWorkbook(path, c, Stamp{Version: "test", Command: "divsim compare base.yaml recession.yaml"}); err != nil {
		t.Fatal(err)
	}
	refs := chartRefs(t, path) // also fails on any reference that is not a range
	if len(refs) != len(metrics) {
		t.Errorf("%d charts, want one per metric (%d)", len(refs), len(metrics))
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Cover", "Differences", "Compare", "Assumptions 1", "Assumptions 2", "Glossary", "Disclosures"}) {
		t.Errorf("sheets %v", got)
	}
	// The regime change between the files is on the Differences sheet, with
	// each scenario's value, and nothing that is the same in both is.
	diffs, _ := f.GetRows("Differences", excelize.Options{RawCellValue: true})
	if got := diffs[DiffHeaderRow-1]; !slices.Equal(got, []string{"Input", "Key in the scenario file", "base", "recession"}) {
		t.Errorf("Differences header %q", got)
	}
	var keys []string
	for _, row := range diffs[DiffHeaderRow:] {
		if len(row) > 1 && strings.Contains(row[1], ".") {
			row[1] = strings.ReplaceAll(row[1], "\n", "") // wrapped before its dots
			keys = append(keys, row[1])
			if row[1] == "regimes.chains[growth].states[expansion].mean_years" && !slices.Equal(row[2:], []string{"6", "3"}) {
				t.Errorf("the expansion's mean stay: %q, want 6 and 3", row[2:])
			}
		}
	}
	if !slices.Contains(keys, "regimes.chains[growth].states[expansion].mean_years") || slices.Contains(keys, "cashflows.initial") {
		t.Errorf("Differences lists %q, want the expansion's mean stay and not the initial amount", keys)
	}
	cover, _ := f.GetRows("Cover")
	for _, want := range []string{"Client", "Prepared by", "Date", "Scenarios compared", "The plan", "What differs"} {
		// "The plan (base)" and the like when the scenarios' plans differ
		if !slices.ContainsFunc(cover, func(row []string) bool { return len(row) > 1 && strings.HasPrefix(row[0], want) && row[1] != "" }) {
			t.Errorf("the cover has no %q", want)
		}
	}
	data, err := NewCompareDocument(c, Meta{Version: "test"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Metrics     map[string][][]*float64 `json:"metrics"`
		Differences []CompareDifferenceJSON `json:"differences"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	// The JSON and the table list the same differences as the sheet.
	const stay = "regimes.chains[growth].states[expansion].mean_years"
	var jsonKeys []string
	for _, d := range doc.Differences {
		jsonKeys = append(jsonKeys, d.Key)
		if d.Key == stay && (d.Unit != "years" || !slices.Equal(d.Values, []any{6.0, 3.0})) {
			t.Errorf("JSON difference %+v, want years 6 and 3", d)
		}
	}
	if !slices.Equal(jsonKeys, keys) {
		t.Errorf("JSON differences %q, the sheet's %q", jsonKeys, keys)
	}
	if _, ok := doc.Metrics["median_real_spending"]; ok != spending {
		t.Errorf("JSON has median_real_spending: %v, want %v", ok, spending)
	}
	var table bytes.Buffer
	if err := WriteCompareTable(&table, c); err != nil {
		t.Fatal(err)
	}
	if got := strings.Contains(table.String(), leanYear.figure().name); got != spending {
		t.Errorf("table has the cut matrix: %v, want %v", got, spending)
	}
	if !regexp.MustCompile(`(?m)^What differs between the scenarios\n.*\n(.*\n)*` + regexp.QuoteMeta(stay) + ` +6 y +3 y$`).MatchString(table.String()) {
		t.Errorf("table's differences lack %s at 6 y and 3 y:\n%s", stay, table.String())
	}
	rows, _ := f.GetRows("Compare", excelize.Options{RawCellValue: true})
	// Find each metric's title row and check its matrix below the header.
	for _, m := range metrics {
		r := slices.IndexFunc(rows, func(row []string) bool { return len(row) > 0 && row[0] == m.name })
		if r < 0 {
			t.Fatalf("no %q table", m.name)
		}
		for p := range c.Portfolios {
			for s := range c.Scenarios {
				got := rows[r+2+p][1+s]
				want := doc.Metrics[m.key][p][s]
				if want == nil {
					if got != m.undefined || got == "" {
						t.Errorf("%s [%d][%d] = %q, want %q", m.key, p, s, got, m.undefined)
					}
					if m.key == "median_real_spending" && c.Scenarios[s].Spending != nil {
						t.Errorf("%s [%d][%d] undefined with a rule", m.key, p, s)
					}
					continue
				}
				var x float64
				if err := json.Unmarshal([]byte(got), &x); err != nil || math.Abs(x-*want) > 1e-9*math.Max(1, math.Abs(*want)) {
					t.Errorf("%s [%d][%d] = %q, JSON %v", m.key, p, s, got, *want)
				}
				if m.key == "median_real_spending" && *want != c.Get(s, p).Spending.RealMean[2] {
					t.Errorf("%s [%d][%d] = %v, results %v", m.key, p, s, *want, c.Get(s, p).Spending.RealMean[2])
				}
			}
		}
	}
	// Every path ends ahead of, tied with or behind the baseline.
	for p := range c.Portfolios {
		for s := range c.Scenarios {
			if ahead := doc.Metrics["prob_outperform"][p][s]; ahead != nil {
				sum := *ahead + *doc.Metrics["prob_tie"][p][s] + *doc.Metrics["prob_behind"][p][s]
				if math.Abs(sum-1) > 1e-12 {
					t.Errorf("[%d][%d]: ahead + tied + behind = %v, want 1", p, s, sum)
				}
			}
		}
	}
}

func must(data []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return data
}

// TestDifferencesSheetLayout: on the Differences sheet a seed prints as
// the number it is, without thousands separators, and a long text value
// (a client's name) wraps in its column, its row tall enough for the
// lines it takes; the value columns widen when few scenarios are compared.
func TestDifferencesSheetLayout(t *testing.T) {
	scs := []*model.Scenario{{}, {}}
	scs[0].Info.Source.File, scs[1].Info.Source.File = "a.yaml", "b.yaml"
	c := &batch.Comparison{Scenarios: scs}
	long := "The Example Household Trust, with a long name that wraps in its column"
	diffs := []batch.Difference{
		{Section: "Simulation", Path: "simulation.seed", Label: "Random seed", Unit: batch.Identifier, Values: []any{20241105.0, 7.0}},
		{Section: "Scenario", Path: "scenario.client", Label: "Client", Unit: batch.Text, Values: []any{long, "Short"}},
	}
	f, _, s := styledSheet(t)
	if err := differencesSheet(s, c, diffs); err != nil {
		t.Fatal(err)
	}
	if s.err != nil {
		t.Fatal(s.err)
	}
	rows, err := f.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	find := func(key string) int {
		for i, row := range rows {
			if len(row) > 1 && row[1] == key {
				return i + 1
			}
		}
		t.Fatalf("no row for %s", key)
		return 0
	}
	seedRow, nameRow := find("simulation.seed"), find("scenario.client")
	if got, _ := f.GetCellValue("Sheet1", cell(3, seedRow)); got != "20241105" {
		t.Errorf("seed shows as %q, want 20241105", got)
	}
	st, err := f.GetCellStyle("Sheet1", cell(3, nameRow))
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(st)
	if err != nil {
		t.Fatal(err)
	}
	if style.Alignment == nil || !style.Alignment.WrapText {
		t.Error("a client's name does not wrap in its column")
	}
	width, _ := f.GetColWidth("Sheet1", "C")
	if width != diffValueWidth(2) || diffValueWidth(2) <= diffValueWidth(5) {
		t.Errorf("value columns %v wide for two scenarios (%v for five)", width, diffValueWidth(5))
	}
	height, _ := f.GetRowHeight("Sheet1", nameRow)
	if lines := textLines(long, width); lines < 2 || height < paragraphHeight(long, width) {
		t.Errorf("the name's row is %v points tall, want %v for its %d lines", height, paragraphHeight(long, width), lines)
	}
}

// TestHeaderHeightWrapsAtHyphens: a head wraps at spaces and after
// hyphens, so a scenario file's hyphenated name gets at least the lines it
// prints on (the estimate errs long by a line at most), and the row is at
// least two lines tall.
func TestHeaderHeightWrapsAtHyphens(t *testing.T) {
	lines := func(h float64) int { return int((h - 4) / lineHeight) }
	for _, tc := range []struct {
		head    string
		width   float64
		printed int // lines in LibreOffice's print
	}{
		{"default", 13, 1},
		{"higher-for-longer-rates", 13, 3}, // "higher-for-" / "longer-" / "rates"
		{"recession-in-2026", 13, 2},       // "recession-" / "in-2026"
		{"a-b-c-d-e-f-g-h", 40, 1},
	} {
		got := lines(headerHeight([]any{tc.head}, []float64{tc.width}))
		if got < max(2, tc.printed) || got > max(2, tc.printed+1) {
			t.Errorf("headerHeight(%q, %v): %d lines, want %d or one more (at least 2)", tc.head, tc.width, got, tc.printed)
		}
	}
}

// TestCompareSaysWhatDiffers: scenarios over different horizons, whose
// portfolio of the same name has other weights, say so: on the cover (the
// same names, not the same portfolios), in the Compare sheet's heads (each
// scenario's years), in the page header (the comparison, not the first
// scenario's name); and a share's chart ends at 100 %.
func TestCompareSaysWhatDiffers(t *testing.T) {
	text := string(must(configs.Example("default")))
	var scs []*model.Scenario
	for _, f := range []struct{ name, text string }{
		{"base.yaml", text},
		{"shorter.yaml", strings.Replace(strings.Replace(strings.NewReplacer("horizon_years: 30", "horizon_years: 20", "end_year: 30", "end_year: 20").Replace(text),
			"{name: Core equity, weight: 0.60,", "{name: Core equity, weight: 0.50,", 1),
			"{name: Fixed income, weight: 0.40,", "{name: Fixed income, weight: 0.50,", 1)},
	} {
		doc, err := configs.Decode(f.name, []byte(f.text))
		if err != nil {
			t.Fatal(err)
		}
		sc, err := configs.Resolve(doc, configs.Options{Overrides: configs.Overrides{Paths: &configs.Override[int]{Value: 100, From: "test"}}})
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, sc)
	}
	if scs[1].Simulation.HorizonYears != 20 || scs[1].Portfolios[2].Sleeves[0].Weight != 0.5 {
		t.Fatal("the second scenario was not edited")
	}
	c, err := batch.Compare(context.Background(), scs, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "compare.xlsx")
	if err := WriteCompareWorkbook(path, c, Stamp{Version: "test", Command: "divsim compare base.yaml shorter.yaml"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cover, _ := f.GetRows("Cover")
	if got := fmtRows(cover); !strings.Contains(got, "The same names of") || !strings.Contains(got, "differ between the scenarios") {
		t.Errorf("the cover does not say the portfolios differ:\n%s", got)
	}
	compare, _ := f.GetRows("Compare")
	if got := fmtRows(compare); !strings.Contains(got, "base (30 years)") || !strings.Contains(got, "shorter (20 years)") {
		t.Errorf("the Compare sheet's heads do not give the horizons:\n%.600s", got)
	}
	hf, err := f.GetHeaderFooter("Compare")
	if err != nil || !strings.Contains(hf.OddHeader, "Comparison of two scenarios") {
		t.Errorf("page header %q (%v)", hf.OddHeader, err)
	}
	shares := 0
	for _, part := range chartXML(t, path) {
		if strings.Contains(part.text, "Success rate") {
			shares++
			if !strings.Contains(part.text, `<max val="1">`) {
				t.Errorf("%s: the success rate's axis does not end at 100%%", part.name)
			}
		}
	}
	if shares == 0 {
		t.Error("no success rate chart")
	}
}

// TestKeyText: a scenario file's key wraps before a dot, so that no name
// inside it breaks, and inside a part only when the part is longer than
// the column; keyLines counts the lines the cell then shows.
func TestKeyText(t *testing.T) {
	for _, tc := range []struct {
		key   string
		width float64
		want  string
		lines int
	}{
		{"simulation.horizon_years", 30, "simulation.horizon_years", 1},
		{"regimes.chains[growth].states[expansion].mean_years", 30, "regimes.chains[growth]\n.states[expansion].mean_years", 2},
		{"regimes.chains[growth].states[expansion].mean_years", 20, "regimes\n.chains[growth]\n.states[expansion]\n.mean_years", 4},
		{"portfolios[Balanced 60/40].sleeves[Core equity].weight", 70, "portfolios[Balanced 60/40].sleeves[Core equity].weight", 1},
		{"portfolios[Balanced with 10% small caps].sleeves[Core equity].weight", 30,
			"portfolios[Balanced with 10% small caps]\n.sleeves[Core equity].weight", 3}, // the first part, 40 characters, wraps in the cell
		{"a.b", 30, "a.b", 1},
	} {
		got := keyText(tc.key, tc.width)
		if got != tc.want {
			t.Errorf("keyText(%q, %v) = %q, want %q", tc.key, tc.width, got, tc.want)
		}
		if strings.ReplaceAll(got, "\n", "") != tc.key {
			t.Errorf("keyText(%q) lost characters: %q", tc.key, got)
		}
		if n := keyLines(tc.key, tc.width); n != tc.lines {
			t.Errorf("keyLines(%q, %v) = %d, want %d", tc.key, tc.width, n, tc.lines)
		}
	}
}

// TestScenarioLabels: a comparison workbook heads its columns with the
// scenarios' names, or with their files' names when two scenarios share a
// name (or one has none), so that no two columns read alike.
func TestScenarioLabels(t *testing.T) {
	scenario := func(name, file string) *model.Scenario {
		sc := &model.Scenario{}
		sc.Info.Name, sc.Info.Source.File = name, file
		return sc
	}
	for _, tc := range []struct {
		name string
		scs  []*model.Scenario
		want []string
	}{
		{"distinct names", []*model.Scenario{scenario("Base case", "dir/base.yaml"), scenario("Higher for longer", "hfl.toml")},
			[]string{"Base case", "Higher for longer"}},
		{"a shared name", []*model.Scenario{scenario("Plan", "a/base.yaml"), scenario("plan ", "hfl.json"), scenario("Other", "o.yaml")},
			[]string{"base", "hfl", "o"}},
		{"a missing name", []*model.Scenario{scenario("Plan", "base.yaml"), scenario("", "hfl.yaml")}, []string{"base", "hfl"}},
		// Two clients' files of one name: their paths, as given.
		{"names and stems alike", []*model.Scenario{scenario("Plan", "v1/plan.yaml"), scenario("Plan", "v2/plan.yaml")}, []string{"v1/plan.yaml", "v2/plan.yaml"}},
		{"stems alike", []*model.Scenario{scenario("", "plan.yaml"), scenario("", "plan.toml")}, []string{"plan.yaml", "plan.toml"}},
		// The fewest trailing folders, never the advisor's home folder.
		{"absolute paths", []*model.Scenario{scenario("Plan", "/Users/ann/clients/smith/plan.yaml"), scenario("Plan", "/Users/ann/clients/jones/plan.yaml")},
			[]string{"smith/plan.yaml", "jones/plan.yaml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := scenarioLabels(tc.scs); !slices.Equal(got, tc.want) {
				t.Errorf("labels %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCompareTableHeading: the console's comparison starts by naming each
// scenario, its file and its run (the columns below are headed by the
// files' names), and warns when the scenarios ran on different seeds.
func TestCompareTableHeading(t *testing.T) {
	scenario := func(name, file string, seed uint64) *model.Scenario {
		sc := &model.Scenario{Simulation: model.Simulation{Paths: 2000, HorizonYears: 30, Seed: seed, ReturnModel: model.Lognormal}}
		sc.Info.Name, sc.Info.Source.File, sc.Info.Currency = name, file, "USD"
		return sc
	}
	for _, tc := range []struct {
		name  string
		seeds [2]uint64
		warn  bool
	}{{"one seed", [2]uint64{7, 7}, false}, {"two seeds", [2]uint64{7, 8}, true}} {
		t.Run(tc.name, func(t *testing.T) {
			c := &batch.Comparison{Scenarios: []*model.Scenario{
				scenario("Base case", "in/base.yaml", tc.seeds[0]), scenario("Higher for longer", "hfl.yaml", tc.seeds[1])}}
			var b bytes.Buffer
			if err := WriteCompareTable(&b, c); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, want := range []string{"Comparison of 2 scenarios", "base  Base case (base.yaml)", "hfl   Higher for longer (hfl.yaml)",
				"2,000 paths, 30 years, seed 7, USD", "Wealth is nominal at the horizon"} {
				if !strings.Contains(out, want) {
					t.Errorf("no %q in:\n%s", want, out)
				}
			}
			if got := strings.Contains(out, "ran on different seeds"); got != tc.warn {
				t.Errorf("seeds warning %v, want %v:\n%s", got, tc.warn, out)
			}
		})
	}
}

// TestCompareExplainsAZeroMedian: a column of $0 medians is explained
// under the Compare sheet's title, only when some median is 0: at least
// half the paths ran out of money, or, with most paths never running out,
// a rule (vpw) that spends the portfolio by design.
func TestCompareExplainsAZeroMedian(t *testing.T) {
	for _, tc := range []struct {
		name            string
		median, success float64
		want            string
	}{
		{"ran out", 0, 0.45, "at least half of the paths ran out of money"},
		{"spent as planned (vpw)", 0, 1, "a spending rule that spends the portfolio by its last year, as planned"},
		{"none", 120_000, 0.45, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scs := []*model.Scenario{{}, {}}
			for i, sc := range scs {
				sc.Info.Name, sc.Info.Source.File, sc.Info.Currency = fmt.Sprint("S", i), fmt.Sprint("s", i, ".yaml"), "USD"
				sc.Simulation = model.Simulation{Paths: 100, HorizonYears: 30, Seed: 1, ReturnModel: model.Lognormal}
			}
			p := func(median, success float64) *sim.Results {
				return &sim.Results{Paths: 100, Portfolios: []sim.Portfolio{{Name: "P", TerminalWealth: sim.Dist{P50: median}, SuccessRate: success}}}
			}
			c := &batch.Comparison{Scenarios: scs, Portfolios: []string{"P"}, Results: []*sim.Results{p(250_000, 0.9), p(tc.median, tc.success)}, Index: [][]int{{0}, {0}}}
			f, _, s := styledSheet(t)
			compareResults(s, c)
			if s.err != nil {
				t.Fatal(s.err)
			}
			note, _ := f.GetCellValue("Sheet1", "A2")
			if got := strings.Contains(note, "A median terminal wealth of 0"); got != (tc.want != "") || !strings.Contains(note, tc.want) {
				t.Errorf("note %q, want %q", note, tc.want)
			}
		})
	}
}

// TestNoDifference: with no input differing, the comparison says what
// does differ: the names and files, or nothing when a file is compared
// with itself.
func TestNoDifference(t *testing.T) {
	a := resolve(t, "default", 100, nil)
	same := *a
	renamed := *a
	renamed.Info.Name = "Another name"
	if got := noDifference([]*model.Scenario{a, &same}); got != "No input differs: the scenarios are the same." {
		t.Errorf("itself: %q", got)
	}
	if got := noDifference([]*model.Scenario{a, &renamed}); !strings.Contains(got, "only in their names and files") {
		t.Errorf("renamed: %q", got)
	}
}

// TestCompareKeepsEachCurrency: scenarios in two currencies show each
// column's amounts in its own currency (a EUR column read "$99,924"), the
// chart's axis in plain numbers, and a note says they are not converted;
// in one currency no such note.
func TestCompareKeepsEachCurrency(t *testing.T) {
	for _, tc := range []struct {
		name       string
		currencies [2]string
		cells      [2]string
		note       bool
	}{
		{"USD and EUR", [2]string{"USD", "EUR"}, [2]string{"$250,000", "€120,000"}, true},
		{"USD only", [2]string{"USD", "USD"}, [2]string{"$250,000", "$120,000"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scs := []*model.Scenario{{}, {}}
			for i, sc := range scs {
				sc.Info.Name, sc.Info.Source.File, sc.Info.Currency = fmt.Sprint("S", i), fmt.Sprint("s", i, ".yaml"), tc.currencies[i]
				sc.Simulation = model.Simulation{Paths: 100, HorizonYears: 30, Seed: 1, ReturnModel: model.Lognormal}
			}
			p := func(median float64) *sim.Results {
				return &sim.Results{Paths: 100, Portfolios: []sim.Portfolio{{Name: "P", TerminalWealth: sim.Dist{P50: median}, SuccessRate: 0.9}}}
			}
			c := &batch.Comparison{Scenarios: scs, Portfolios: []string{"P"}, Results: []*sim.Results{p(250_000), p(120_000)}, Index: [][]int{{0}, {0}}}
			f, _, s := styledSheet(t)
			compareResults(s, c)
			if s.err != nil {
				t.Fatal(s.err)
			}
			rows, _ := f.GetRows("Sheet1")
			r := slices.IndexFunc(rows, func(row []string) bool { return len(row) > 0 && row[0] == medianWealth.figure().name })
			if r < 0 || len(rows) < r+3 || len(rows[r+2]) < 3 || rows[r+2][1] != tc.cells[0] || rows[r+2][2] != tc.cells[1] {
				t.Fatalf("median wealth table %v, want %v", rows[r:min(r+3, len(rows))], tc.cells)
			}
			note, _ := f.GetCellValue("Sheet1", "A2")
			var table bytes.Buffer
			if err := WriteCompareTable(&table, c); err != nil {
				t.Fatal(err)
			}
			for _, text := range []string{note, table.String()} {
				if got := strings.Contains(text, "own currency (USD and EUR), not converted"); got != tc.note {
					t.Errorf("says the currencies are not converted: %v, want %v:\n%s", got, tc.note, text)
				}
			}
		})
	}
}

// TestPortfoliosTextNamesWhatDiffers: the cover says in what the shared
// portfolios differ, as the Differences list has it: a fee alone is not
// said to be their sleeves or weights.
func TestPortfoliosTextNamesWhatDiffers(t *testing.T) {
	c := &batch.Comparison{Portfolios: []string{"A"}}
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{nil, "The same portfolio under every scenario: “A”."},
		{[]string{"defaults.fee (or each portfolio's)"}, "they differ in fees (the"},
		{[]string{"portfolios[A].sleeves[Equity].weight", "portfolios[A].rebalance.band"}, "they differ in sleeves' weights or holdings and rebalancing (the"},
		{[]string{"portfolios[A].glide_path[20].weights[Equity]", "baseline"}, "they differ in glide paths and which is the baseline (the"},
		// A portfolio named like a key is read by the key after its name.
		{[]string{"portfolios[glide_path fee].rebalance.band"}, "they differ in rebalancing (the"},
	} {
		var diffs []batch.Difference
		for _, p := range tc.paths {
			diffs = append(diffs, batch.Difference{Section: "Portfolios", Path: p})
		}
		diffs = append(diffs, batch.Difference{Section: "Inflation", Path: "inflation.expected"})
		if got := portfoliosText(c, diffs); !strings.Contains(got, tc.want) {
			t.Errorf("%v: %q, want it to contain %q", tc.paths, got, tc.want)
		}
	}
}

// TestAnchoredEffectsAreExplained: a deeper return effect or a longer stay
// compared under anchor: long_run is explained (the asset's long-run mean
// stays, so the other states balance it); under anchor: base, against a
// scenario anchored otherwise, or when only a volatility multiplier
// differs, it is not.
func TestAnchoredEffectsAreExplained(t *testing.T) {
	deeper := func(text string) string {
		return strings.Replace(text, "us_small: {return: -0.03, vol_scale: 1.2}", "us_small: {return: -0.06, vol_scale: 1.2}", 1)
	}
	wider := func(text string) string {
		return strings.Replace(text, "us_small: {return: -0.03, vol_scale: 1.2}", "us_small: {return: -0.03, vol_scale: 1.4}", 1)
	}
	base := func(edit func(string) string) func(string) string {
		return func(text string) string { return strings.Replace(edit(text), "anchor: long_run", "anchor: base", 1) }
	}
	keep := func(text string) string { return text }
	longer := func(text string) string {
		return strings.Replace(text, "- name: hiking\n          mean_years: 1.5", "- name: hiking\n          mean_years: 3", 1)
	}
	for _, tc := range []struct {
		name      string
		a, b      func(string) string
		explained bool
	}{
		{"long run, deeper", keep, deeper, true},
		{"long run, a longer stay", keep, longer, true},
		{"base, deeper", base(keep), base(deeper), false},
		{"long run against base", keep, base(deeper), false}, // the anchor is among the differences
		{"long run, wider only", keep, wider, false},
	} {
		scs := []*model.Scenario{resolve(t, "default", 100, tc.a), resolve(t, "default", 100, tc.b)}
		if len(batch.Differences(scs)) == 0 {
			t.Fatalf("%s: the edit changed nothing", tc.name)
		}
		c := &batch.Comparison{Scenarios: scs}
		if got := anchoredEffectsNote(c, batch.Differences(scs)) != ""; got != tc.explained {
			t.Errorf("%s: explained %v, want %v", tc.name, got, tc.explained)
		}
	}
}

// TestCompareWorkbookKeepsEachCurrency: in a whole comparison workbook of
// a USD and a EUR scenario, the Differences sheet and each Assumptions
// sheet show a scenario's amounts in its own currency, not the first's.
func TestCompareWorkbookKeepsEachCurrency(t *testing.T) {
	usd := resolve(t, "default", 100, nil)
	eur := resolve(t, "default", 100, func(s string) string {
		return strings.NewReplacer("currency: USD", "currency: EUR", "initial: 1000000", "initial: 900000").Replace(s)
	})
	eur.Info.Source.File = "eur.yaml"
	c, err := batch.Compare(context.Background(), []*model.Scenario{usd, eur}, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "c.xlsx")
	if err := WriteCompareWorkbook(path, c, Stamp{Version: "test", Command: "divsim compare"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Differences")
	r := slices.IndexFunc(rows, func(row []string) bool { return len(row) > 1 && strings.HasPrefix(row[1], "cashflows.initial") })
	if r < 0 || len(rows[r]) < 4 || rows[r][2] != "$1,000,000" || rows[r][3] != "€900,000" {
		t.Errorf("Differences: initial amounts %v, want $1,000,000 and €900,000", rows[max(r, 0)])
	}
	for sheet, want := range map[string]string{"Assumptions 1": "$1,000,000", "Assumptions 2": "€900,000"} {
		rows, _ := f.GetRows(sheet)
		if !strings.Contains(fmtRows(rows), want) {
			t.Errorf("%s lacks %s", sheet, want)
		}
	}
}
