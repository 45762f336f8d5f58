package reports

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

func writeTestWorkbook(t *testing.T, sc *model.Scenario) (string, *sim.Results) {
	t.Helper()
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "study.xlsx")
	in := WorkbookInput{Scenario: sc, Results: res, Stamp: Stamp{Version: "test", Command: "divsim run x.yaml", RunDate: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)}}
	if err := WriteWorkbook(path, in); err != nil {
		t.Fatal(err)
	}
	return path, res
}

func cellFloat(t *testing.T, f *excelize.File, sheet, ref string) float64 {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var x float64
	if err := json.Unmarshal([]byte(v), &x); err != nil {
		t.Fatalf("%s!%s = %q, want a number", sheet, ref, v)
	}
	return x
}

// summaryFigures reads the Summary's figures tables: per portfolio, per
// figure (the row's label), the cell's raw value.
func summaryFigures(t *testing.T, f *excelize.File) map[string]map[string]string {
	t.Helper()
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	var names []string
	for _, row := range rows {
		switch {
		case len(row) == 0:
			names = nil
		case row[0] == "Portfolio":
			names = row[1:]
			for _, n := range names {
				out[n] = map[string]string{}
			}
		case names != nil:
			for j, n := range names {
				if 1+j < len(row) {
					out[n][row[0]] = row[1+j]
				}
			}
		}
	}
	return out
}

// TestWorkbookSheetsAndSummary reads the workbook back: every sheet in
// order, and the Summary's figures equal the results JSON of the same run.
func TestWorkbookSheetsAndSummary(t *testing.T) {
	sc := resolve(t, "default", 400, nil)
	path, res := writeTestWorkbook(t, sc)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Summary", "Projections", "Compare", "Allocations", "Regimes", "Stress tests", "Assumptions", "Glossary", "Technical notes", "Disclosures"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	data, err := NewDocument(sc, res, Meta{Version: "test"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	var doc Document
	var raw struct {
		Portfolios []struct {
			Name           string                         `json:"name"`
			TerminalWealth struct{ P5, P50, P95 float64 } `json:"terminal_wealth"`
			Real           struct{ P50 float64 }          `json:"terminal_wealth_real"`
			Annualized     struct{ P50 float64 }          `json:"annualized_return"`
			Volatility     struct{ P50 float64 }          `json:"volatility"`
			MaxDrawdown    struct{ P50, P95 float64 }     `json:"max_drawdown"`
			SuccessRate    float64                        `json:"success_rate"`
			ProbGoal       float64                        `json:"prob_goal"`
			Underwater     struct {
				Longest struct{ P95 float64 } `json:"longest_years"`
				End     float64               `json:"prob_underwater_end"`
			} `json:"underwater"`
			VsBaseline *struct {
				Ahead float64 `json:"prob_outperform"`
				Tied  float64 `json:"prob_tie"`
			} `json:"vs_baseline"`
		} `json:"portfolios"`
	}
	_ = doc
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	figures := summaryFigures(t, f)
	for _, p := range raw.Portfolios {
		got, ok := figures[p.Name]
		if !ok {
			t.Errorf("no Summary column for %q", p.Name)
			continue
		}
		name := func(k figureKey) string { return k.figure().name }
		checks := map[string]float64{
			name(medianWealth):     p.TerminalWealth.P50,
			name(medianRealWealth): p.Real.P50,
			name(wealthP95):        p.TerminalWealth.P95,
			name(medianReturn):     p.Annualized.P50,
			name(medianVolatility): p.Volatility.P50,
			name(medianDrawdown):   p.MaxDrawdown.P50,
			name(drawdownP95):      p.MaxDrawdown.P95,
			name(successRate):      p.SuccessRate,
			name(goalProbability):  p.ProbGoal,
			name(underwaterP95):    p.Underwater.Longest.P95,
			name(underwaterAtEnd):  p.Underwater.End,
		}
		if _, ok := got[name(wealthP5)]; ok {
			checks[name(wealthP5)] = p.TerminalWealth.P5
		}
		vs := []string{name(aheadOfBaseline), name(tiedWithBaseline), name(behindBaseline)}
		if v := p.VsBaseline; v != nil {
			checks[vs[0]], checks[vs[1]], checks[vs[2]] = v.Ahead, v.Tied, 1-v.Ahead-v.Tied
		} else {
			for _, h := range vs {
				if got[h] != "baseline" {
					t.Errorf("%s, %s: %q, want \"baseline\"", p.Name, h, got[h])
				}
			}
		}
		for h, want := range checks {
			var v float64
			if err := json.Unmarshal([]byte(got[h]), &v); err != nil || math.Abs(v-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Errorf("%s, %s: workbook %q, JSON %v", p.Name, h, got[h], want)
			}
		}
	}
	// The reading names a highest median only where the simulation tells
	// the leader from the runner-up.
	reading := "too close to"
	if _, _, clear := res.MedianLeader(); clear {
		reading = "had the highest median outcome"
	}
	if rows, _ := f.GetRows("Summary"); !strings.Contains(fmtRows(rows), reading) {
		t.Errorf("no plain-language reading with %q under the table", reading)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Title != sc.Info.Name || props.Creator != sc.Info.PreparedBy {
		t.Errorf("properties %+v (%v)", props, err)
	}
}

// TestWorkbookCharts checks that every chart exists and that its series
// point at the right ranges.
func TestWorkbookCharts(t *testing.T) {
	sc := resolve(t, "default", 200, nil)
	path, _ := writeTestWorkbook(t, sc)
	refs := chartRefs(t, path)
	n := len(sc.Portfolios)
	if want := n + 2 + n + 1; len(refs) != want {
		t.Fatalf("%d charts, want %d (a fan chart and an allocation chart per portfolio, scatter, bars, stress)", len(refs), want)
	}
	all := strings.Join(flatten(refs), "\n")
	years := sc.Simulation.HorizonYears
	// The fans in today's money (the table's real columns, after the
	// nominal ones), with the goal, stated in today's money, a line from
	// the column after them.
	pcts := len(sc.Report.Percentiles)
	for b := range n {
		first := ProjectionsRows(b, years)
		for q := range pcts + 1 {
			c, _ := excelize.ColumnNumberToName(2 + pcts + q)
			want := "'Projections'!$" + c + "$" + itoa(first) + ":$" + c + "$" + itoa(first+years)
			if !strings.Contains(all, want) {
				t.Errorf("no fan series %s for portfolio %d", want, b)
			}
		}
	}
	// Each portfolio's allocation chart: a series per sleeve, its weight
	// and share of risk (columns B and C of its row).
	blocks := (&book{sc: sc}).allocationBlocks()
	for b, p := range sc.Portfolios {
		for k := range p.Sleeves {
			row := itoa(blocks[b] + 2 + k)
			if want := "'Allocations'!$B$" + row + ":$C$" + row; !strings.Contains(all, want) {
				t.Errorf("no allocation series %s for %s", want, p.Name)
			}
		}
	}
	for _, want := range []string{
		"'Compare'!$B$4:$B$4", "'Compare'!$C$4:$C$4", // scatter: first portfolio's volatility and return
		"'Compare'!$E$4:$E$" + itoa(3+n), // bars: medians
		"'Stress tests'!$B$5:$B$" + itoa(4+len(sc.StressTests)),
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no chart series %s among\n%s", want, all)
		}
	}
}

// chartRefs returns each chart's formula references, read from the file.
// Every reference must name a range: a series name written as plain text
// would be an invalid formula that Excel repairs away.
func chartRefs(t *testing.T, path string) [][]string {
	t.Helper()
	formula := regexp.MustCompile(`<(?:c:)?f>([^<]*)</(?:c:)?f>`)
	var out [][]string
	for _, c := range chartXML(t, path) {
		var refs []string
		for _, m := range formula.FindAllStringSubmatch(c.text, -1) {
			if !strings.Contains(m[1], "!$") {
				t.Errorf("%s: reference %q is not a range", c.name, m[1])
			}
			refs = append(refs, strings.NewReplacer("&apos;", "'", "&#39;", "'").Replace(m[1]))
		}
		out = append(out, refs)
	}
	return out
}

// chartPart is one chart's part name and XML in a workbook.
type chartPart struct{ name, text string }

// chartXML returns every chart's XML, in the workbook's order.
func chartXML(t *testing.T, path string) []chartPart {
	t.Helper()
	return workbookParts(t, path, "xl/charts/chart")
}

// workbookParts returns the XML of a workbook's parts whose names start
// with prefix, in the workbook's order.
func workbookParts(t *testing.T, path, prefix string) []chartPart {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var out []chartPart
	for _, file := range z.File {
		if !strings.HasPrefix(file.Name, prefix) {
			continue
		}
		rc, err := file.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, chartPart{file.Name, string(data)})
	}
	return out
}

func flatten(xss [][]string) []string {
	var out []string
	for _, xs := range xss {
		out = append(out, xs...)
	}
	return out
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestWorkbookTextIsNeverAFormula: names that look like formulas are
// written as text.
func TestWorkbookTextIsNeverAFormula(t *testing.T) {
	sc := resolve(t, "default", 50, func(s string) string {
		s = strings.Replace(s, "name: Conservative 30/70", `name: "=HYPERLINK(\"http://x\",\"click\")"`, 1)
		return strings.Replace(s, "client: Sample Household", `client: "+1-2 & Co"`, 1)
	})
	path, _ := writeTestWorkbook(t, sc)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref := cell(2, summaryFirstRow)
	if formula, _ := f.GetCellFormula("Summary", ref); formula != "" {
		t.Errorf("portfolio name written as formula %q", formula)
	}
	if v, _ := f.GetCellValue("Summary", ref); v != `=HYPERLINK("http://x","click")` {
		t.Errorf("portfolio name cell %q", v)
	}
	if v, _ := f.GetCellValue("Summary", "B4"); v != "+1-2 & Co" {
		t.Errorf("client cell %q", v)
	}
}

// TestWorkbookWithoutStressTests omits the Stress tests sheet.
func TestWorkbookWithoutStressTests(t *testing.T) {
	sc := resolve(t, "default", 50, func(s string) string {
		i := strings.Index(s, "stress_tests:")
		j := strings.Index(s, "report:")
		return s[:i] + s[j:]
	})
	path, _ := writeTestWorkbook(t, sc)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if slices.Contains(f.GetSheetList(), "Stress tests") {
		t.Error("Stress tests sheet present without stress tests")
	}
}

// TestWriteWorkbookFailures: a missing folder is a clear error and an
// existing workbook is left as it was; no temporary file stays behind.
func TestWriteWorkbookFailures(t *testing.T) {
	sc := resolve(t, "default", 50, nil)
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := WorkbookInput{Scenario: sc, Results: res, Stamp: Stamp{Version: "test"}}
	missing := filepath.Join(t.TempDir(), "no", "such", "folder", "x.xlsx")
	if err := WriteWorkbook(missing, in); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("err = %v, want a missing-folder error", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "x.xlsx")
	if err := WriteWorkbook(path, in); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	bad := in
	bad.Results = &sim.Results{} // no portfolios: building fails
	if err := func() (err error) {
		defer func() {
			if recover() != nil {
				err = os.ErrInvalid
			}
		}()
		return WriteWorkbook(path, bad)
	}(); err == nil {
		t.Error("a workbook without results was written")
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("the previous workbook changed after a failed write")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d entries in the folder, want only the workbook", len(entries))
	}
}

// BenchmarkWorkbook builds and writes the workbook of a ten-portfolio
// scenario (the default's six plus four copies), 30 years.
func BenchmarkWorkbook(b *testing.B) {
	sc := resolve(b, "default", 500, nil)
	for i := range 4 {
		p := sc.Portfolios[i]
		p.Name += " (copy)"
		sc.Portfolios = append(sc.Portfolios, p)
	}
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	in := WorkbookInput{Scenario: sc, Results: res, Stamp: Stamp{Version: "bench"}}
	for b.Loop() {
		if err := WriteWorkbook(path, in); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWorkbookEverySheet checks each sheet's title and a figure on it
// against the run it came from.
func TestWorkbookEverySheet(t *testing.T) {
	sc := resolve(t, "default", 300, nil)
	path, res := writeTestWorkbook(t, sc)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	text := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	titles := map[string]string{
		"Summary": sc.Info.Name, "Projections": sc.Portfolios[0].Name, "Compare": "Portfolios side by side",
		"Allocations": "Allocations and where the risk comes from", "Regimes": "Market regimes",
		"Stress tests": "Stress tests", "Assumptions": "Assumptions", "Disclosures": "Important information",
	}
	for sheet, want := range titles {
		if got := text(sheet, "A1"); got != want {
			t.Errorf("%s!A1 = %q, want %q", sheet, got, want)
		}
	}
	p0 := res.Portfolios[0]
	figures := []struct {
		sheet, ref string
		want       float64
	}{
		{"Projections", cell(2, ProjectionsRows(0, 30)), sc.Initial},               // year 0, lowest percentile
		{"Projections", cell(4, ProjectionsRows(0, 30)+30), p0.Fan.Nominal[2][30]}, // year 30, median
		{"Compare", "B4", p0.VolatilityP50},                                        // first portfolio's volatility
		{"Compare", "I4", p0.DiversificationRatio},                                 // and diversification ratio
		{"Allocations", "B6", sc.Portfolios[0].Sleeves[0].Weight},                  // first sleeve's weight
		{"Allocations", "C6", p0.RiskContributions[0]},                             // and share of risk
		{"Stress tests", "B5", p0.StressTests[0]},                                  // first portfolio, first test
		{"Assumptions", "C5", sc.Assets[0].ExpectedReturn},                         // first asset's expected return
	}
	for _, fg := range figures {
		if got := cellFloat(t, f, fg.sheet, fg.ref); math.Abs(got-fg.want) > 1e-9*math.Max(1, math.Abs(fg.want)) {
			t.Errorf("%s!%s = %v, want %v", fg.sheet, fg.ref, got, fg.want)
		}
	}
	rows, _ := f.GetRows("Assumptions")
	if !strings.Contains(fmtRows(rows), sc.Info.Source.SHA256) || !strings.Contains(fmtRows(rows), "divsim run x.yaml") {
		t.Error("Assumptions lacks the file's SHA-256 or the command to reproduce")
	}
	regimes, _ := f.GetRows("Regimes")
	notes, _ := f.GetRows("Technical notes")
	for _, st := range sc.Regimes.States {
		if label := stateLabel(sc.Regimes, st); !strings.Contains(fmtRows(regimes), label) || !strings.Contains(fmtRows(notes), label) {
			t.Errorf("Regimes or Technical notes lack state %s", label)
		}
		if strings.Contains(fmtRows(regimes), st.Name) || !strings.Contains(fmtRows(notes), st.Name) {
			t.Errorf("state %s: its machine-readable name belongs in the Technical notes, not on Regimes", st.Name)
		}
	}
	rows, _ = f.GetRows("Disclosures")
	for _, phrase := range []string{"hypothetical", "not guarantees of future results", "Taxes are not modeled", "standard error"} {
		if !strings.Contains(fmtRows(rows), phrase) {
			t.Errorf("Disclosures lacks %q", phrase)
		}
	}
}

func fmtRows(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteString("\n")
	}
	return b.String()
}

// TestAllocationsDrawGlidePaths: the retirement example's gliding
// portfolio gets a table of its targets during each year on the
// Allocations sheet: year 1 at its sleeves' own weights, year 21 on (after
// the waypoint of year 20) at the waypoint's.
func TestAllocationsDrawGlidePaths(t *testing.T) {
	sc := resolve(t, "retirement", 200, nil)
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := BuildWorkbook(context.Background(), WorkbookInput{Scenario: sc, Results: res, Stamp: Stamp{Version: "test", RunDate: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Allocations")
	if err != nil {
		t.Fatal(err)
	}
	head := -1
	for i, row := range rows {
		if len(row) > 0 && strings.HasSuffix(row[0], ": glide path") {
			head = i + 1 // the table's header, 0-based
		}
	}
	if head < 0 {
		t.Fatal("no glide path on the Allocations sheet")
	}
	gp := sc.Portfolios[2]
	for _, c := range []struct {
		year int
		want []float64
	}{{1, []float64{0.50, 0.10, 0.40}}, {21, gp.GlidePath[0].Weights}, {30, gp.GlidePath[0].Weights}} {
		r := head + 1 + c.year // 1-based row of year c.year
		for k, w := range c.want {
			if got := cellFloat(t, f, "Allocations", cell(2+k, r)); math.Abs(got-w) > 1e-12 {
				t.Errorf("year %d, sleeve %d: %v, want %v", c.year, k, got, w)
			}
		}
	}
}

// TestSummaryOfOnePortfolio: a scenario of one portfolio, without
// inflation, goal or client, gets a Summary without the rows and words
// that would say nothing: no real wealth (the nominal again), no goal, no
// ahead / tied / behind, no empty details, no "highest" of one and no
// "baseline the others are compared with"; and since every share is 0 or
// 1 (a riskless asset), their standard error is given as the largest a
// share of 200 paths can have, not as ±0.0 %.
func TestSummaryOfOnePortfolio(t *testing.T) {
	sc := resolve(t, "default", 200, func(string) string {
		return `
format: 1
scenario: {name: One fund}
simulation: {paths: 200, horizon_years: 10, seed: 1}
assets: [{id: bonds, expected_return: 0.04, volatility: 0}]
cashflows: {initial: 100000}
portfolios: [{name: Bonds only, sleeves: [{name: Bonds, weight: 1, holdings: {bonds: 1}}]}]
`
	})
	path, _ := writeTestWorkbook(t, sc)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Summary")
	text := fmtRows(rows)
	for _, want := range []string{"in one portfolio", "The median outcome of Bonds only was", "at most ±3.6 percentage points"} { // √(¼/200) = 3.54 points, a bound rounded up
		if !strings.Contains(text, want) {
			t.Errorf("Summary lacks %q:\n%s", want, text)
		}
	}
	name := func(k figureKey) string { return k.figure().name }
	for _, not := range []string{name(medianRealWealth), name(goalProbability), name(aheadOfBaseline), name(tiedWithBaseline), "Client", "Prepared by",
		"highest", "today's money", "the others", "±0.0"} {
		if strings.Contains(text, not) {
			t.Errorf("Summary has %q:\n%s", not, text)
		}
	}
}

// TestStressTablesTurnForManyPortfolios: with twelve portfolios and three
// stress tests the Stress tests sheet lists the portfolios down and the
// tests across (across, it printed at 52 %, 5.7 pt text), its chart still
// has a series per portfolio, and it prints at 85 % or more; six
// portfolios stay across.
func TestStressTablesTurnForManyPortfolios(t *testing.T) {
	for _, tc := range []struct {
		portfolios int
		corner     string
	}{{6, "Stress test"}, {12, "Portfolio"}} {
		sc := resolve(t, "default", 100, func(s string) string {
			var b strings.Builder
			b.WriteString(s[:strings.Index(s, "portfolios:")] + "portfolios:\n")
			for i := range tc.portfolios {
				eq := 0.05 + 0.075*float64(i)
				fmt.Fprintf(&b, "  - {name: Model %d, sleeves: [{name: Core equity, weight: %.3f, holdings: {us_large: 1}}, "+
					"{name: Fixed income, weight: %.3f, holdings: {us_bonds: 1}}]}\n", i+1, eq, 1-eq)
			}
			return b.String() + "baseline: Model 1\n" + s[strings.Index(s, "stress_tests:"):]
		})
		path, _ := writeTestWorkbook(t, sc)
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := f.GetCellValue("Stress tests", "A4"); got != tc.corner {
			t.Errorf("%d portfolios: the table's corner %q, want %q", tc.portfolios, got, tc.corner)
		}
		if layout, err := f.GetPageLayout("Stress tests"); err != nil || layout.AdjustTo == nil || *layout.AdjustTo < 85 {
			t.Errorf("%d portfolios: the Stress tests sheet's scale %+v (%v), want 85%% or more", tc.portfolios, layout.AdjustTo, err)
		}
		f.Close()
		for _, part := range workbookParts(t, path, "xl/charts/chart") {
			if strings.Contains(part.text, "Return under each stress test") {
				if n := strings.Count(part.text, "<ser>"); n != tc.portfolios {
					t.Errorf("%d portfolios: the stress chart has %d series", tc.portfolios, n)
				}
			}
		}
	}
}

// TestOneStepVolatilityIsNA: with one step a path (a one-year horizon of
// yearly steps) one return has no spread: the Summary, the Compare sheet
// and the console say n/a where the results JSON's defined value is 0.
func TestOneStepVolatilityIsNA(t *testing.T) {
	sc := resolve(t, "default", 100, func(string) string {
		return `
format: 1
scenario: {name: One step}
simulation: {paths: 100, horizon_years: 1, steps_per_year: 1, seed: 1}
assets: [{id: eq, expected_return: 0.07, volatility: 0.16}]
cashflows: {initial: 100000}
portfolios: [{name: All equity, sleeves: [{name: Equity, weight: 1, holdings: {eq: 1}}]}]
`
	})
	path, res := writeTestWorkbook(t, sc)
	if res.Portfolios[0].VolatilityP50 != 0 {
		t.Fatalf("volatility %v, want SCENARIO.md's 0", res.Portfolios[0].VolatilityP50)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := summaryFigures(t, f)["All equity"]["Volatility (median)"]; got != "n/a" {
		t.Errorf("Summary: volatility %q, want n/a", got)
	}
	if got, _ := f.GetCellValue("Compare", "B4"); got != "n/a" {
		t.Errorf("Compare: volatility %q, want n/a", got)
	}
	var out strings.Builder
	if err := WriteTable(&out, sc, res); err != nil || !strings.Contains(out.String(), "n/a") {
		t.Errorf("console table (%v):\n%s", err, out.String())
	}
	// A sweep of the plan says the same, on the console and in its
	// workbook (it had printed 0.0%).
	points := []batch.SweepPoint{{Weight: 0, Results: res.Portfolios[0]}, {Weight: 0.5, Results: res.Portfolios[0]}}
	sweep := []batch.SweepResult{{Source: "All equity", Points: points, Leader: -1, RunnerUp: -1, Best: -1}}
	spec := batch.SweepSpec{Sleeve: "Equity", From: 0, To: 0.5, Step: 0.5}
	out.Reset()
	if err := WriteSweepTable(&out, sc, spec, sweep); err != nil || !regexp.MustCompile(`(?m)^\s+0%\s+\S+%\s+n/a\s`).MatchString(out.String()) {
		t.Errorf("sweep table (%v): volatility not n/a:\n%s", err, out.String())
	}
	book := filepath.Join(t.TempDir(), "sweep.xlsx")
	if err := WriteSweepWorkbook(book, sc, spec, sweep, Stamp{Version: "test", Command: "divsim sweep"}); err != nil {
		t.Fatal(err)
	}
	sf, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	rows, _ := sf.GetRows("Sweep")
	if !slices.ContainsFunc(rows, func(r []string) bool { return len(r) > 2 && r[0] == "0.0%" && r[2] == "n/a" }) {
		t.Errorf("sweep workbook: no row of weight 0%% with volatility n/a:\n%s", fmtRows(rows))
	}
	// Its one sleeve is all the weight and all the risk: no chart of them
	// (a stacked bar of one series printed a legend of its categories).
	for _, part := range chartXML(t, path) {
		if strings.Contains(part.text, "weight and share of risk") {
			t.Errorf("%s: a weight and risk chart of one sleeve", part.name)
		}
	}
}

// styledSheet returns a new workbook's first sheet, with a book's styles,
// for tests of what a sheet's writer does; the workbook closes with t.
func styledSheet(t *testing.T) (*excelize.File, *book, *sheet) {
	t.Helper()
	f := excelize.NewFile()
	t.Cleanup(func() { f.Close() })
	b := &book{f: f, sc: &model.Scenario{}}
	if err := b.makeStyles(); err != nil {
		t.Fatal(err)
	}
	return f, b, &sheet{b: b, name: "Sheet1"}
}

// TestNameCellWraps: a name longer than its column wraps, in a row made
// tall enough for its lines; a short one keeps the plain style and height.
func TestNameCellWraps(t *testing.T) {
	f, b, s := styledSheet(t)
	long := "Portefeuille équilibré à long terme – préservation du capital réel" // 66 characters
	s.nameCell(1, 1, "Balanced 60/40", 28)
	s.nameCell(1, 2, long, 28)
	if s.err != nil {
		t.Fatal(s.err)
	}
	for _, tc := range []struct {
		row       int
		style     int
		minHeight float64
	}{{1, b.st.text, 0}, {2, b.st.textWrap, 3 * lineHeight}} {
		ref := cell(1, tc.row)
		if got, _ := f.GetCellStyle("Sheet1", ref); got != tc.style {
			t.Errorf("%s: style %d, want %d", ref, got, tc.style)
		}
		h, _ := f.GetRowHeight("Sheet1", tc.row)
		if tc.minHeight == 0 && h > 15 || h < tc.minHeight {
			t.Errorf("row %d: height %v, want at least %v (15 for one line)", tc.row, h, tc.minHeight)
		}
	}
}

// TestFanChartYearsOnANumberAxis: the fan chart puts the years on a number
// axis from 0 to the horizon (as categories LibreOffice printed all 61
// labels of 60 years, their digits stacked).
func TestFanChartYearsOnANumberAxis(t *testing.T) {
	for _, tc := range []struct{ years int }{{30}, {60}} {
		sc := resolve(t, "default", 100, func(s string) string {
			return strings.Replace(s, "horizon_years: 30", fmt.Sprintf("horizon_years: %d", tc.years), 1)
		})
		path, res := writeTestWorkbook(t, sc)
		// And every fan on one wealth scale, in today's money, from 0 to
		// above the highest percentile of any portfolio and the goal.
		top := sc.Goal.TargetWealth
		for _, p := range res.Portfolios {
			top = max(top, slices.Max(p.Fan.Real[len(p.Fan.Real)-1]))
		}
		fans := 0
		for _, part := range chartXML(t, path) {
			if !strings.Contains(part.text, "wealth by year (today&#39;s money") {
				continue
			}
			fans++
			for _, want := range []string{"<scatterChart>", fmt.Sprintf(`<max val="%d"`, tc.years), fmt.Sprintf(`<max val="%v"`, niceCeil(top))} {
				if !strings.Contains(part.text, want) {
					t.Errorf("%d years, %s: no %s", tc.years, part.name, want)
				}
			}
		}
		if fans != len(sc.Portfolios) {
			t.Errorf("%d years: %d fan charts, want %d", tc.years, fans, len(sc.Portfolios))
		}
	}
}

// TestFooterSaysWhatTheFiguresAre: simulated futures are hypothetical;
// history (evidence, calibration, a run's History sheet) is the past, no
// forecast either.
func TestFooterSaysWhatTheFiguresAre(t *testing.T) {
	const hypothetical, past = "Hypothetical results, not a guarantee", "Past results, not a forecast"
	for _, tc := range []struct {
		kind  bookKind
		sheet string
		want  string
	}{
		{runBook, sheetSummary, hypothetical},
		{runBook, sheetHistory, past},
		{sweepBook, "Sweep", hypothetical},
		{evidenceBook, sheetHistory, past},
		{calibrationBook, "Probabilities", past},
	} {
		if got := footerNote(tc.kind, tc.sheet); got != tc.want {
			t.Errorf("kind %d, sheet %s: %q, want %q", tc.kind, tc.sheet, got, tc.want)
		}
	}
}

// TestSleeveColorsByKind: a sleeve's colour follows what its name says it
// holds, so that small caps are orange in every workbook whatever the
// order of the sleeves; two sleeves of one kind, and sleeves of no kind,
// still get colours of their own.
func TestSleeveColorsByKind(t *testing.T) {
	withSleeves := func(names ...string) *book {
		var sleeves []portfolio.Sleeve
		for _, n := range names {
			sleeves = append(sleeves, portfolio.Sleeve{Name: n})
		}
		return &book{sc: &model.Scenario{Portfolios: []model.Portfolio{{Name: "P", Sleeves: sleeves}}}}
	}
	a := withSleeves("Core equity", "Small-cap sleeve", "Fixed income", "Cash reserve")
	b := withSleeves("Small caps", "Bonds", "US equity", "Gold", "Global equity", "Stocks")
	for _, tc := range []struct {
		b          *book
		name, want string
	}{
		{a, "Small-cap sleeve", "C55A11"}, {b, "Small caps", "C55A11"},
		{a, "Fixed income", "548235"}, {b, "Bonds", "548235"},
		{a, "Cash reserve", "7F7F7F"}, {a, "Core equity", "1F3864"}, {b, "US equity", "1F3864"},
		{b, "Global equity", "BF8F00"},
	} {
		if got := tc.b.sleeveColor(tc.name); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	seen := map[string]string{}
	for _, n := range []string{"Small caps", "Bonds", "US equity", "Gold", "Global equity", "Stocks"} {
		c := b.sleeveColor(n)
		if other, ok := seen[c]; ok {
			t.Errorf("%s and %s share colour %s", n, other, c)
		}
		seen[c] = n
	}
}

// TestNiceCeil: an axis's top is the value rounded up to 1, 2, 2.5 or 5
// times a power of ten.
func TestNiceCeil(t *testing.T) {
	for _, tc := range []struct{ x, want float64 }{
		{0, 1}, {-3, 1}, {1, 1}, {1.2, 2}, {2.2, 2.5}, {3, 5}, {5, 5}, {7.5, 10}, {8_240_000, 10_000_000}, {1_600_000, 2_000_000}, {0.04, 0.05},
	} {
		if got := niceCeil(tc.x); math.Abs(got-tc.want) > 1e-12*tc.want {
			t.Errorf("niceCeil(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
}

// TestSummaryNamesTheClientsAge: with household.age the Summary's details
// give the client's age over the plan (a retiree's plan runs over ages);
// without it they do not.
func TestSummaryNamesTheClientsAge(t *testing.T) {
	for _, tc := range []struct {
		example, want string
	}{{"retirement", "65 in year 1, 94 in year 30"}, {"default", ""}} {
		sc := resolve(t, tc.example, 100, nil)
		path, _ := writeTestWorkbook(t, sc)
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cells, err := f.SearchSheet(sheetSummary, "Client's age")
		got := ""
		if err == nil && len(cells) == 1 { // the value: the next cell to the right with one
			c, r, _ := excelize.CellNameToCoordinates(cells[0])
			for next := c + 1; got == "" && next <= c+2; next++ {
				got, _ = f.GetCellValue(sheetSummary, cell(next, r))
			}
		}
		f.Close()
		if got != tc.want {
			t.Errorf("%s: client's age %q (at %v), want %q", tc.example, got, cells, tc.want)
		}
	}
}

// TestBuiltInScenarioNamedAsSuch: a run of the embedded default names no
// scenario file the reader could look for: it says the scenario is
// divsim's built-in example.
func TestBuiltInScenarioNamedAsSuch(t *testing.T) {
	sc := resolve(t, "default", 100, nil)
	for _, builtIn := range []bool{false, true} {
		sc.Info.Source.BuiltIn = builtIn
		path, _ := writeTestWorkbook(t, sc)
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cells, _ := f.SearchSheet(sheetAssumptions, "^Scenario file$", true)
		if len(cells) != 1 {
			t.Fatalf("Scenario file cells %v", cells)
		}
		col, row, _ := excelize.CellNameToCoordinates(cells[0])
		var value string
		for c := col + 1; c <= col+4 && value == ""; c++ {
			value, _ = f.GetCellValue(sheetAssumptions, cell(c, row))
		}
		f.Close()
		if said := strings.Contains(value, "built-in example"); said != builtIn {
			t.Errorf("built in %v: scenario file %q", builtIn, value)
		}
	}
}

// TestPageHeaderNamesWhomAndWhat: a run workbook's pages are headed with
// the client on the left and the scenario's name on the right; without a
// client, the preparer; without either, nothing on the left, never the
// name twice.
func TestPageHeaderNamesWhomAndWhat(t *testing.T) {
	for _, tc := range []struct {
		name, edit string // the line of default.yaml's scenario block edited away
		left       string
	}{
		{"with a client", "", "&LSample Household&R"},
		{"without a client", "  client: Sample Household\n", "&LExample Advisors&R"},
		{"without a client or preparer", "  client: Sample Household\n  prepared_by: Example Advisors\n", "&L&R"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := resolve(t, "default", 100, func(s string) string { return strings.Replace(s, tc.edit, "", 1) })
			path, _ := writeTestWorkbook(t, sc)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			hf, err := f.GetHeaderFooter(sheetSummary)
			if err != nil || hf == nil || !strings.HasPrefix(hf.OddHeader, tc.left) || !strings.HasSuffix(hf.OddHeader, "&R"+sc.Info.Name) {
				t.Errorf("page header %+v (%v), want it to start %q and end with the scenario's name", hf, err, tc.left)
			}
		})
	}
}
