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
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/internal/pagecheck"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// TestSweepWorkbook reads the sweep workbook back: sheets, four valid
// charts per swept portfolio (return and risk, drawdown and success,
// Sharpe, the risk/return path), and table values equal to the sweep JSON.
func TestSweepWorkbook(t *testing.T) {
	sc := resolve(t, "default", 200, nil)
	spec := batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.2, Step: 0.1}
	results, path := writeSweep(t, sc, spec)
	if refs := chartRefs(t, path); len(refs) != 4*len(results) {
		t.Errorf("%d charts, want 4 per swept portfolio (%d)", len(refs), 4*len(results))
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Sweep", "Assumptions", "Glossary", "Disclosures"}) {
		t.Errorf("sheets %v", got)
	}
	doc := sweepDocument(t, sc, spec, results)
	rows, _ := f.GetRows("Sweep", excelize.Options{RawCellValue: true})
	for _, g := range doc.Groups {
		r := slices.IndexFunc(rows, func(row []string) bool { return len(row) > 0 && row[0] == weightTableTitle(g.Name, spec.Sleeve) })
		if r < 0 {
			t.Fatalf("no table for %s", g.Name)
		}
		for i, pt := range g.Points {
			row := rows[r+2+i]
			cols := map[int]float64{0: *pt.Weight, 1: pt.AnnualizedReturn.P50, 2: pt.Volatility.P50, 3: pt.MaxDrawdown.P95, 4: pt.CVaR95,
				5: pt.SharpeMean.Mean, 6: pt.SharpeMean.DiffLeader, 7: pt.SharpeMean.DiffLeaderSE, 8: pt.SuccessRate, 9: pt.TerminalWealth.P50}
			if pt.SharpeMean.DiffLeader == 0 && pt.SharpeMean.DiffLeaderSE == 0 { // the leader: no difference from itself
				delete(cols, 6)
				delete(cols, 7)
				if row[6] != "leader" || row[7] != "—" {
					t.Errorf("%s point %d, the leader: %q and %q, want leader and —", g.Name, i, row[6], row[7])
				}
			}
			checkCells(t, fmt.Sprintf("%s point %d", g.Name, i), row, cols, 1e-12)
		}
		// Ahead, tied and behind the weight 0, in a table of their own.
		vs := sweepTable(t, rows, g.Name+": against the same portfolio without the sleeve")
		for i, pt := range g.Points {
			if pt.ProbOutperform != nil {
				checkCells(t, fmt.Sprintf("%s point %d vs 0", g.Name, i), rows[vs+2+i],
					map[int]float64{0: *pt.Weight, 1: *pt.ProbOutperform, 2: *pt.ProbTie, 3: 1 - *pt.ProbOutperform - *pt.ProbTie}, 1e-12)
			}
		}
		// The allocation at each weight: the swept sleeve at the weight, the
		// others pro rata, and each asset's weight their sum over sleeves.
		p := sc.Portfolios[slices.IndexFunc(sc.Portfolios, func(p model.Portfolio) bool { return p.Name == g.Name })]
		k := slices.IndexFunc(p.Sleeves, func(s portfolio.Sleeve) bool { return s.Name == spec.Sleeve })
		// The cells by name, per point.
		alloc := sweepAllocationTables(t, rows, g.Name)
		if len(alloc.weights) != len(g.Points) {
			t.Fatalf("%s: allocation at weights %v, want %d", g.Name, alloc.weights, len(g.Points))
		}
		cells := alloc.cells
		for i, pt := range g.Points {
			w := *pt.Weight
			var head []string
			var got []string
			want := map[int]float64{}
			add := func(name string, x float64) {
				want[len(head)] = x
				head, got = append(head, name), append(got, cells[i][name])
			}
			if got, _ := strconv.ParseFloat(alloc.weights[i], 64); math.Abs(got-w) > 1e-12 {
				t.Errorf("%s: allocation column %d at weight %s, want %v", g.Name, i, alloc.weights[i], w)
			}
			assets := make([]float64, len(sc.Assets))
			for j, sl := range p.Sleeves {
				sw := sl.Weight * (1 - w) / (1 - p.Sleeves[k].Weight)
				if j == k {
					sw = w
				}
				add(sl.Name, sw)
				for _, h := range sl.Holdings {
					assets[h.Asset] += sw * h.Weight
				}
			}
			for a, x := range assets {
				if _, ok := cells[i][sc.Assets[a].Name]; ok || x > 0 {
					add(sc.Assets[a].Name, x)
				}
			}
			checkCells(t, fmt.Sprintf("%s allocation at %v (%q)", g.Name, w, head), got, want, 1e-9)
		}
		if g.Best == nil || g.Best.Criterion != "sharpe_mean" || g.Best.Lead == nil {
			t.Errorf("%s: best %+v, want the mean Sharpe ratio's leader and lead", g.Name, g.Best)
		}
	}
}

// sweepAllocationRead is a portfolio's allocation tables read back: the
// weights heading their columns, the group headings of each table in
// order, the names under each heading (in the first table) and each
// weight's cells by name.
type sweepAllocationRead struct {
	weights  []string
	headings [][]string
	groups   map[string][]string
	cells    []map[string]string
}

// sweepAllocationTables reads the allocation tables of portfolio name (the
// first and any continued) from the Sweep sheet's raw rows.
func sweepAllocationTables(t *testing.T, rows [][]string, name string) sweepAllocationRead {
	t.Helper()
	out := sweepAllocationRead{groups: map[string][]string{}}
	for _, title := range []string{name + ": allocation at each weight", name + ": allocation at each weight (continued)"} {
		for r := range rows {
			if len(rows[r]) == 0 || rows[r][0] != title {
				continue
			}
			head := rows[r+1]
			if len(head) < 3 || head[1] != "" {
				t.Fatalf("%s: header %q, want a head spanning two columns, then the weights", title, head)
			}
			from := len(out.weights)
			for _, w := range head[2:] {
				out.weights = append(out.weights, w)
				out.cells = append(out.cells, map[string]string{})
			}
			group := ""
			out.headings = append(out.headings, nil)
			for _, row := range rows[r+2:] {
				if len(row) == 0 || row[0] == "" {
					break
				}
				if len(row) == 1 { // a group's heading
					group = row[0]
					out.headings[len(out.headings)-1] = append(out.headings[len(out.headings)-1], group)
					continue
				}
				if from == 0 {
					out.groups[group] = append(out.groups[group], row[0])
				}
				for k, v := range row[2:] {
					out.cells[from+k][row[0]] = v
				}
			}
		}
	}
	if len(out.weights) == 0 {
		t.Fatalf("no allocation table for %s", name)
	}
	return out
}

// sweepTable is the index of the row titled name: a table's title, its
// header below it and its points from two rows below.
// writeSweep runs a sweep of sc and writes its workbook in a temporary
// folder.
func writeSweep(t *testing.T, sc *model.Scenario, spec batch.SweepSpec) ([]batch.SweepResult, string) {
	t.Helper()
	var results []batch.SweepResult
	if spec.Rate {
		plan, err := batch.PlanRateSweep(sc, spec)
		if err != nil {
			t.Fatal(err)
		}
		if results, err = batch.RunRateSweep(context.Background(), plan, sim.Options{}); err != nil {
			t.Fatal(err)
		}
	} else {
		groups, err := batch.PlanSweep(sc, spec)
		if err != nil {
			t.Fatal(err)
		}
		if results, err = batch.RunSweep(context.Background(), groups, sim.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "sweep.xlsx")
	if err := WriteSweepWorkbook(path, sc, spec, results, Stamp{Version: "test", Command: "divsim sweep x.yaml"}); err != nil {
		t.Fatal(err)
	}
	return results, path
}

func sweepTable(t *testing.T, rows [][]string, name string) int {
	t.Helper()
	r := slices.IndexFunc(rows, func(row []string) bool { return len(row) > 0 && row[0] == name })
	if r < 0 {
		t.Fatalf("no table %q", name)
	}
	return r
}

// checkCells compares a row's cells, read raw, with numbers by column.
func checkCells(t *testing.T, what string, row []string, want map[int]float64, tol float64) {
	t.Helper()
	for col, w := range want {
		var got float64
		if col < 0 || col >= len(row) {
			t.Errorf("%s: no column %d in %q", what, col, row)
			continue
		}
		if err := json.Unmarshal([]byte(row[col]), &got); err != nil || math.Abs(got-w) > tol*max(1, math.Abs(w)) {
			t.Errorf("%s column %d = %q, want %v", what, col, row[col], w)
		}
	}
}

// sweepDocument encodes the sweep JSON and reads it back.
func sweepDocument(t *testing.T, sc *model.Scenario, spec batch.SweepSpec, results []batch.SweepResult) SweepDocument {
	t.Helper()
	data, err := NewSweepDocument(sc, spec, results, Meta{Version: "test"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	var doc SweepDocument
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func withRule(block string) func(string) string {
	return func(s string) string { return strings.Replace(s, "cashflows:", "spending: "+block+"\ncashflows:", 1) }
}

// sweepOutputs runs a sweep and writes its workbook, JSON and table.
func sweepOutputs(t *testing.T, block string, spec batch.SweepSpec) (results []batch.SweepResult, f *excelize.File, doc map[string]any, table string, path string) {
	t.Helper()
	edit := withRule(block)
	if block == "" {
		edit = nil
	}
	sc := resolve(t, "default", 200, edit)
	var err error
	if spec.Rate {
		plan, perr := batch.PlanRateSweep(sc, spec)
		if perr != nil {
			t.Fatal(perr)
		}
		results, err = batch.RunRateSweep(context.Background(), plan, sim.Options{})
	} else {
		groups, perr := batch.PlanSweep(sc, spec)
		if perr != nil {
			t.Fatal(perr)
		}
		results, err = batch.RunSweep(context.Background(), groups, sim.Options{})
	}
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "sweep.xlsx")
	if err := WriteSweepWorkbook(path, sc, spec, results, Stamp{Version: "test", Command: "divsim sweep x.yaml"}); err != nil {
		t.Fatal(err)
	}
	f, err = excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	data, err := NewSweepDocument(sc, spec, results, Meta{Version: "test"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteSweepTable(&b, sc, spec, results); err != nil {
		t.Fatal(err)
	}
	return results, f, doc, b.String(), path
}

// TestSweepSpendingFigures: with a spending rule, a sleeve sweep's table,
// JSON and workbook carry each point's first-year spending, median and 5th
// percentile yearly real spending and share of paths with a cut; without
// one, the JSON's spending is null and the table has no spending columns.
func TestSweepSpendingFigures(t *testing.T) {
	spec := batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.2, Step: 0.1, Portfolio: "Balanced with 10% small caps"}
	for _, tc := range []struct {
		name, block string
		spending    bool
	}{
		{"guardrails", "{rule: guardrails, initial_rate: 0.05}", true},
		{"percent", "{rule: percent, rate: 0.04}", true},
		{"no rule", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			results, f, doc, table, path := sweepOutputs(t, tc.block, spec)
			if got := strings.Contains(table, medianSpending.figure().short); got != tc.spending {
				t.Errorf("table has spending columns: %v, want %v\n%s", got, tc.spending, table)
			}
			charts := 4
			if tc.spending {
				charts = 5
			}
			if refs := chartRefs(t, path); len(refs) != charts {
				t.Errorf("%d charts, want %d", len(refs), charts)
			}
			points := doc["portfolios"].([]any)[0].(map[string]any)["points"].([]any)
			rows, _ := f.GetRows("Sweep", excelize.Options{RawCellValue: true})
			r := slices.IndexFunc(rows, func(row []string) bool {
				return len(row) > 0 && row[0] == weightTableTitle(results[0].Source, spec.Sleeve)
			})
			if r < 0 {
				t.Fatal("no table")
			}
			vs := sweepTable(t, rows, results[0].Source+": against the same portfolio without the sleeve")
			if got := len(rows[vs+1]); tc.spending != (got == 8) {
				t.Errorf("header %v: %d columns", rows[vs+1], got)
			}
			for i, pt := range points {
				sp, _ := pt.(map[string]any)["spending"].(map[string]any)
				if !tc.spending {
					if sp != nil {
						t.Errorf("point %d: spending %v, want null", i, sp)
					}
					continue
				}
				want := results[0].Points[i].Results.Spending
				if sp["first_year"].(float64) != want.FirstYear || sp["real_mean"].(map[string]any)["p50"].(float64) != want.RealMean[2] ||
					sp["real_mean"].(map[string]any)["p5"].(float64) != want.RealMean[0] || sp["cut_years"].(map[string]any)["prob_any"].(float64) != want.CutProb {
					t.Errorf("point %d: JSON spending %v, results %+v", i, sp, *want)
				}
				checkCells(t, fmt.Sprintf("point %d", i), rows[vs+2+i],
					map[int]float64{4: want.FirstYear, 5: want.RealMean[2], 6: want.RealMean[0], 7: want.CutProb}, 1e-9)
				if !strings.Contains(table, money(want.RealMean[2])) {
					t.Errorf("table lacks median spending %s", money(want.RealMean[2]))
				}
			}
		})
	}
}

// TestRateSweepReports: a rate sweep's JSON names the key and rule and
// gives each point's rate (weight null); its workbook and table show
// success, median real wealth and the spending figures against the rate.
func TestRateSweepReports(t *testing.T) {
	spec := batch.SweepSpec{Rate: true, RateFrom: 0.03, RateTo: 0.05, RateStep: 0.01}
	results, f, doc, table, path := sweepOutputs(t, "{rule: guardrails, amount: 45000}", spec)
	sweep := doc["sweep"].(map[string]any)
	if sweep["key"] != "spending.initial_rate" || sweep["rule"] != "guardrails" || sweep["sleeve"] != nil || sweep["from"] != 0.03 {
		t.Errorf("sweep settings %v", sweep)
	}
	if refs := chartRefs(t, path); len(refs) != 3*len(results) {
		t.Errorf("%d charts, want 3 per portfolio (%d)", len(refs), 3*len(results))
	}
	if !strings.Contains(table, "sweep of the spending initial_rate (guardrails)") || !strings.Contains(table, "in place of the file's amount") {
		t.Errorf("table:\n%s", table)
	}
	rows, _ := f.GetRows("Sweep", excelize.Options{RawCellValue: true})
	groups := doc["portfolios"].([]any)
	if len(groups) != len(results) {
		t.Fatalf("%d JSON groups, want %d", len(groups), len(results))
	}
	for g, res := range results {
		r := slices.IndexFunc(rows, func(row []string) bool { return len(row) > 0 && row[0] == res.Source })
		if r < 0 {
			t.Fatalf("no table for %s", res.Source)
		}
		if want := []string{"Rate", successRate.figure().name, medianRealWealth.figure().name, firstYearSpending.figure().short}; !slices.Equal(rows[r+1][:4], want) {
			t.Errorf("header %v", rows[r+1])
		}
		points := groups[g].(map[string]any)["points"].([]any)
		for i, pt := range res.Points {
			jp := points[i].(map[string]any)
			if jp["rate"].(float64) != pt.Rate || jp["weight"] != nil {
				t.Errorf("%s point %d: rate %v weight %v, want %v and null", res.Source, i, jp["rate"], jp["weight"], pt.Rate)
			}
			p := pt.Results
			row := rows[r+2+i]
			for col, w := range map[int]float64{0: pt.Rate, 1: p.SuccessRate, 2: p.TerminalWealthReal.P50, 3: p.Spending.FirstYear,
				4: p.Spending.RealMean[2], 5: p.Spending.RealMean[0], 6: p.Spending.CutProb} {
				var got float64
				if err := json.Unmarshal([]byte(row[col]), &got); err != nil || math.Abs(got-w) > 1e-9*max(1, w) {
					t.Errorf("%s point %d column %d = %q, want %v", res.Source, i, col+1, row[col], w)
				}
			}
			if want := 1e6 * pt.Rate; math.Abs(p.Spending.FirstYear-want) > 1e-6 {
				t.Errorf("%s at %v: first year %v, want %v", res.Source, pt.Rate, p.Spending.FirstYear, want)
			}
		}
	}
}

// TestSweepShowsTheLead: the table, workbook and JSON mark the leader only
// when the sweep marked it best, and always give the leader's paired lead
// over the runner-up with its standard error, in digits enough to read it;
// unmarked, they say the leaders are indistinguishable.
func TestSweepShowsTheLead(t *testing.T) {
	sc := resolve(t, "default", 200, nil)
	spec := batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.2, Step: 0.1}
	for _, tc := range []struct {
		name         string
		best         int
		lead, leadSE float64
		want         []string // in the table and the workbook's verdict
		zeroSE       float64  // the 0% weight's paired error (0.001 when 0)
		runnerSE     float64  // the runner-up's (0.001 when 0)
	}{
		{"significant", 1, 0.01234, 0.002, []string{"marks 10%, the best weight by mean Sharpe ratio", "runner-up, 20%, by 0.0123 ± 0.0020",
			"as it leads every other weight"}, 0, 0},
		{"indistinguishable", -1, 0.000201, 0.000213,
			[]string{"the leaders are indistinguishable at this path count (difference 0.00020 ± 0.00021", "between 10% and the runner-up, 20%"}, 0, 0},
		// Clear of the runner-up (0.01 ± 0.001) but not of 0% (0.01 ±
		// 0.008, 1.25 errors): the verdict names 0%.
		{"clear of the runner-up only", -1, 0.01, 0.001,
			[]string{"10% has the highest mean Sharpe ratio, but its lead over 0% (0.0100 ± 0.0080) is within 2 standard errors"}, 0.008, 0},
		// Neither clear: both are named, the runner-up as such.
		{"clear of neither", -1, 0.01, 0.006,
			[]string{"but its lead over 0% (0.0100 ± 0.0080) and 20% (the runner-up, 0.0100 ± 0.0060) is within 2 standard errors"}, 0.008, 0.006},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := batch.SweepResult{Source: "P", Leader: 1, RunnerUp: 2, Best: tc.best, Lead: tc.lead, LeadSE: tc.leadSE}
			for i, w := range []float64{0, 0.1, 0.2} {
				sh := &batch.MeanSharpe{Mean: 0.13, Diff: -0.01, DiffSE: 0.001}
				if i == 0 && tc.zeroSE > 0 {
					sh.DiffSE = tc.zeroSE
				}
				if i == 2 && tc.runnerSE > 0 {
					sh.DiffSE = tc.runnerSE
				}
				if i == 1 {
					sh = &batch.MeanSharpe{Mean: 0.14}
				}
				r.Points = append(r.Points, batch.SweepPoint{Weight: w, Sharpe: sh, Results: sim.Portfolio{Name: "P"}})
			}
			results := []batch.SweepResult{r}
			var table bytes.Buffer
			if err := WriteSweepTable(&table, sc, spec, results); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "sweep.xlsx")
			if err := WriteSweepWorkbook(path, sc, spec, results, Stamp{Version: "test", Command: "divsim sweep x.yaml"}); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, _ := f.GetRows("Sweep")
			verdict := rows[4+1+len(r.Points)][0] // row 6 + len − 1 + 1, 1-based
			for _, w := range tc.want {
				if !strings.Contains(table.String(), w) || !strings.Contains(verdict, w) {
					t.Errorf("table or workbook lacks %q:\n%s\nworkbook: %s", w, table.String(), verdict)
				}
			}
			if marked := strings.Contains(table.String(), "*0.14"); marked != (tc.best >= 0) {
				t.Errorf("table marks the leader: %v, want %v\n%s", marked, tc.best >= 0, table.String())
			}
			style, _ := f.GetCellStyle("Sweep", cell(1, 4+2+1))
			fill, _ := f.GetStyle(style)
			if green := fill != nil && len(fill.Fill.Color) > 0 && fill.Fill.Color[0] == "C6EFCE"; green != (tc.best >= 0) {
				t.Errorf("workbook marks the leader green: %v, want %v", green, tc.best >= 0)
			}
			b := sweepDocument(t, sc, spec, results).Groups[0].Best
			if (b.Weight != nil) != (tc.best >= 0) || *b.LeaderWeight != 0.1 || *b.RunnerUpWeight != 0.2 || *b.Lead != tc.lead || *b.LeadSE != tc.leadSE {
				t.Errorf("JSON best %+v", b)
			}
		})
	}
}

// TestSweepTablesPrintWhole: a sweep of eleven weights prints each
// portfolio's table on one page with its title (no page break inside it),
// where the writer's and the printer's counts of the page once broke it
// twice and printed one row alone on a page.
func TestSweepTablesPrintWhole(t *testing.T) {
	sc := resolve(t, "default", 100, nil)
	spec := batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 1, Step: 0.1}
	results, path := writeSweep(t, sc, spec)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Sweep")
	breaks := sheetBreaks(t, path, "xl/worksheets/sheet1.xml")
	for _, res := range results {
		first := sweepTable(t, rows, weightTableTitle(res.Source, spec.Sleeve)) + 1 // the title's row, 1-based
		last := first + 1 + len(res.Points)
		for _, b := range breaks {
			if b > first && b <= last {
				t.Errorf("%s: a page break before row %d, inside its table (rows %d to %d)", res.Source, b, first, last)
			}
		}
	}
}

// sheetBreaks returns the rows a worksheet's manual page breaks start.
func sheetBreaks(t *testing.T, path, part string) []int {
	t.Helper()
	parts := workbookParts(t, path, part)
	if len(parts) != 1 {
		t.Fatalf("%d parts %s in %s", len(parts), part, path)
	}
	var out []int
	for _, m := range regexp.MustCompile(`<brk id="(\d+)"`).FindAllStringSubmatch(parts[0].text, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, n+1) // a break after row id: the next row starts a page
	}
	return out
}

// TestSweepVerdictStaysWithItsTable: each weight table's verdict note
// prints on the page of the table's last row, and of its title when the
// table fits on a page. With four weights the default example's tables
// fell at the feet of pages, and the notes printed alone atop the next:
// the writer had not counted the empty row under each portfolio's charts,
// so the sheet's pagination, counting every row, put a page break before
// the note in place of the writer's one below it. A table longer than a
// page (34 weights) could end at a page's foot and leave its note too.
func TestSweepVerdictStaysWithItsTable(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec batch.SweepSpec
		edit func(string) string
	}{
		{"four weights", batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.3, Step: 0.1}, nil},
		{"seven weights", batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.3, Step: 0.05}, nil},
		{"eleven weights", batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 1, Step: 0.1}, nil},
		{"tables longer than a page", batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.33, Step: 0.01}, nil},
		{"funded from bonds", batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.3, Step: 0.1, FundFrom: "Fixed income"}, nil},
		{"a spending rule", batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.3, Step: 0.1},
			withRule("{rule: constant, initial_rate: 0.04}")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			results, path := writeSweep(t, resolve(t, "default", 2000, tc.edit), tc.spec)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows("Sweep")
			if err != nil {
				t.Fatal(err)
			}
			layouts, err := pagecheck.Layout(path)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(layouts, func(l pagecheck.SheetLayout) bool { return l.Name == "Sweep" })
			if i < 0 {
				t.Fatal("no Sweep sheet in the layout")
			}
			page := func(r int) int { return pageOfRow(layouts[i], r) }
			for _, res := range results {
				title := sweepTable(t, rows, weightTableTitle(res.Source, tc.spec.Sleeve)) + 1 // 1-based
				note := title + 2 + len(res.Points)
				if got, want := rows[note-1][0], sweepVerdict(res, "Green"); got != want {
					t.Fatalf("%s: row %d holds %q, want the verdict %q", res.Source, note, got, want)
				}
				if page(note) != page(note-1) {
					t.Errorf("%s: the table's last row (row %d) prints on page %d, its verdict on page %d", res.Source, note-1, page(note-1), page(note))
				}
				if tableHeight(t, f, title, note) <= pageHeight && page(title) != page(note) {
					t.Errorf("%s: the table's title (row %d) prints on page %d, its verdict (row %d) on page %d", res.Source, title, page(title), note, page(note))
				}
			}
		})
	}
}

// tableHeight is the height in points of rows first to last of the Sweep
// sheet.
func tableHeight(t *testing.T, f *excelize.File, first, last int) float64 {
	t.Helper()
	h := 0.0
	for r := first; r <= last; r++ {
		rh, err := f.GetRowHeight("Sweep", r)
		if err != nil {
			t.Fatal(err)
		}
		h += rh
	}
	return h
}

// pageOfRow is the index of the printed page holding row r (-1: none).
func pageOfRow(l pagecheck.SheetLayout, r int) int {
	return slices.IndexFunc(l.Pages, func(p pagecheck.Page) bool { return p.FirstRow <= r && r <= p.LastRow && p.FirstCol == 1 })
}

// TestRateSweepSpeaksPlainly: a rate sweep's workbook names the swept
// rate in words, in its title, intro and charts' axes, never by the
// file's key (initial_rate, rate) nor the rule's (floor_ceiling), and its
// chart of success and lean years is titled by what it counts (a lean
// year is also a skipped raise, not only a cut).
func TestRateSweepSpeaksPlainly(t *testing.T) {
	for _, tc := range []struct {
		name, example string
		edit          func(string) string
		title, axis   string
	}{
		{"guardrails", "retirement", nil, "Guardrails: first-year withdrawal rate from 4.00% to 5.00%", "First-year withdrawal rate"},
		{"floor and ceiling", "default", withRule("{rule: floor_ceiling, rate: 0.04}"), "Floor and ceiling: withdrawal rate from 4.00% to 5.00%", "Withdrawal rate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := resolve(t, tc.example, 100, tc.edit)
			spec := batch.SweepSpec{Rate: true, RateFrom: 0.04, RateTo: 0.05, RateStep: 0.01}
			_, path := writeSweep(t, sc, spec)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got, _ := f.GetCellValue("Sweep", "A1"); got != tc.title {
				t.Errorf("title %q, want %q", got, tc.title)
			}
			var pages strings.Builder
			for _, s := range f.GetSheetList() {
				pages.WriteString(sheetText(t, f, s))
			}
			for _, c := range chartXML(t, path) {
				pages.WriteString(c.text)
			}
			text := pages.String()
			wantAndNot(t, "rate sweep", func(s string) bool { return strings.Contains(text, s) },
				[]string{">" + tc.axis + "<", "success and lean years by rate"},
				[]string{"initial_rate", "initial rate", "floor_ceiling", "success and cuts"})
		})
	}
}

// TestSweepChartsReadAlike: a sleeve sweep's charts against the weight
// all title their x-axis "Weight of" the sleeve (the Sharpe ratio's read
// "Weight" alone); the risk/return path has no y-axis title (it printed
// across, beside the chart, where the others have none) and labels its
// points with their weights, which a reader could not tell apart: series
// over the path, each named by a cell of the table's Weight column and
// shown by its name, the first and last points among them.
func TestSweepChartsReadAlike(t *testing.T) {
	sc := resolve(t, "default", 200, nil)
	spec := batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.3, Step: 0.1}
	results, path := writeSweep(t, sc, spec)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Sweep")
	text := regexp.MustCompile(`<a:t>([^<]*)</a:t>`)
	axisTitle := func(ax string) string { // "" when the axis has none
		if m := regexp.MustCompile(`<(?:c:)?title>.*?<a:t>([^<]*)</a:t>`).FindStringSubmatch(ax); m != nil {
			return m[1]
		}
		return ""
	}
	axes := regexp.MustCompile(`<(?:c:)?(?:valAx|catAx)>.*?</(?:c:)?(?:valAx|catAx)>`)
	scatters := 0
	for _, c := range chartXML(t, path) {
		name := text.FindStringSubmatch(c.text)[1]
		res := results[slices.IndexFunc(results, func(r batch.SweepResult) bool { return strings.HasPrefix(name, r.Source+":") })]
		ax := axes.FindAllString(c.text, -1)
		if len(ax) != 2 {
			t.Fatalf("%s: %d axes", name, len(ax))
		}
		if !strings.Contains(c.text, "<scatterChart>") {
			if got, want := axisTitle(ax[0]), "Weight of "+spec.Sleeve; got != want {
				t.Errorf("%s: x-axis %q, want %q", name, got, want)
			}
			continue
		}
		scatters++
		if got := axisTitle(ax[1]); got != "" {
			t.Errorf("%s: y-axis titled %q, want none (the chart's title names it)", name, got)
		}
		parts := strings.Split(c.text, "<scatterChart>")
		if len(parts) != 3 || !strings.Contains(parts[1], `<showSerName val="0">`) || !strings.Contains(parts[2], `<showSerName val="1">`) {
			t.Fatalf("%s: want the path unlabelled and a scatter of labels over it showing their series' names", name)
		}
		first := sweepTable(t, rows, weightTableTitle(res.Source, spec.Sleeve)) + 3 // the first point's row, 1-based
		var labelled []int
		for _, m := range regexp.MustCompile(`<tx><strRef><f>[^<]*!\$A\$(\d+):\$A\$(\d+)</f>`).FindAllStringSubmatch(parts[2], -1) {
			r, _ := strconv.Atoi(m[1])
			if m[1] != m[2] || r < first || r >= first+len(res.Points) {
				t.Errorf("%s: a label named by %s, not by a weight of the table (rows %d to %d)", name, m[0], first, first+len(res.Points)-1)
			}
			labelled = append(labelled, r-first)
		}
		if len(labelled) < 2 || labelled[0] != 0 || labelled[len(labelled)-1] != len(res.Points)-1 {
			t.Errorf("%s: labels the points %v, want the first and last among them", name, labelled)
		}
	}
	if scatters != len(results) {
		t.Errorf("%d risk/return charts, want one per portfolio (%d)", scatters, len(results))
	}
}

// TestLabeledPoints: points far apart are all labelled; crowded ones only
// at their ends; on a path that doubles back no two labels overlap.
func TestLabeledPoints(t *testing.T) {
	for _, tc := range []struct {
		name string
		x, y []float64
		want []int // nil: check only that labels clear each other
	}{
		{"far apart", []float64{0.02, 0.05, 0.08, 0.11}, []float64{0.01, 0.02, 0.03, 0.04}, []int{0, 1, 2, 3}},
		{"crowded", []float64{0.122, 0.125, 0.129, 0.133, 0.137}, []float64{0.0423, 0.0424, 0.0422, 0.0424, 0.0422}, []int{0, 4}},
		{"every other", []float64{0.05, 0.055, 0.06, 0.065, 0.07}, []float64{0.04, 0.04, 0.04, 0.04, 0.04}, []int{0, 2, 4}},
		{"doubling back", []float64{0.10, 0.08, 0.07, 0.08, 0.10, 0.12}, []float64{0.03, 0.031, 0.032, 0.033, 0.034, 0.035}, nil},
		{"one", []float64{0.1}, []float64{0.04}, []int{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := labeledPoints(tc.x, tc.y)
			if tc.want != nil && !slices.Equal(got, tc.want) {
				t.Errorf("labels %v, want %v", got, tc.want)
			}
			if got[0] != 0 || got[len(got)-1] != len(tc.x)-1 {
				t.Errorf("labels %v, want both ends", got)
			}
			xs, ys := float64(labelPlotW)/(1.2*slices.Max(tc.x)), float64(labelPlotH)/(1.2*slices.Max(tc.y))
			for a, i := range got {
				for _, j := range got[a+1:] {
					if (i != 0 || j != len(tc.x)-1) && math.Abs(xs*(tc.x[i]-tc.x[j])) < labelW && math.Abs(ys*(tc.y[i]-tc.y[j])) < labelH {
						t.Errorf("labels of points %d and %d overlap", i, j)
					}
				}
			}
		})
	}
}

// TestSweepAllocationReadsAlike: every portfolio's allocation is one
// table of weights across, the sleeves under a "Sleeves" heading and the
// assets under an "Assets" one, each name indented beneath its heading;
// more weights than fit across continue in a table below, headed alike.
// Conservative's four sleeves and five assets had been split into two
// tables, and the others' one table ran sleeves into assets unmarked.
func TestSweepAllocationReadsAlike(t *testing.T) {
	sc := resolve(t, "default", 100, nil)
	for _, tc := range []struct {
		name   string
		spec   batch.SweepSpec
		tables int
	}{
		{"four weights", batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.3, Step: 0.1}, 1},
		{"eleven weights", batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 1, Step: 0.1}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			results, path := writeSweep(t, sc, tc.spec)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, _ := f.GetRows("Sweep")
			for _, res := range results {
				p := sc.Portfolios[slices.IndexFunc(sc.Portfolios, func(p model.Portfolio) bool { return p.Name == res.Source })]
				var sleeves, assets []string
				held := map[int]bool{}
				for _, sl := range p.Sleeves {
					sleeves = append(sleeves, sl.Name)
					for _, h := range sl.Holdings {
						held[h.Asset] = true
					}
				}
				for a, asset := range sc.Assets {
					if held[a] {
						assets = append(assets, asset.Name)
					}
				}
				alloc := sweepAllocationTables(t, rows, res.Source)
				if len(alloc.headings) != tc.tables {
					t.Errorf("%s: %d allocation tables, want %d", res.Source, len(alloc.headings), tc.tables)
				}
				for i, h := range alloc.headings {
					if !slices.Equal(h, []string{"Sleeves", "Assets (all sleeves together)"}) {
						t.Errorf("%s: table %d's headings %q, want the sleeves' then the assets'", res.Source, i+1, h)
					}
				}
				if got := alloc.groups["Sleeves"]; !slices.Equal(got, sleeves) {
					t.Errorf("%s: sleeves %q, want %q", res.Source, got, sleeves)
				}
				if got := alloc.groups["Assets (all sleeves together)"]; !slices.Equal(got, assets) {
					t.Errorf("%s: assets %q, want %q", res.Source, got, assets)
				}
				// Names indented under their headings, which are shaded.
				for _, name := range append(sleeves, assets...) {
					found, _ := f.SearchSheet("Sweep", "^"+regexp.QuoteMeta(name)+"$", true)
					for _, at := range found {
						if col, _, _ := excelize.CellNameToCoordinates(at); col != 1 {
							continue
						}
						id, _ := f.GetCellStyle("Sweep", at)
						st, _ := f.GetStyle(id)
						if st == nil || st.Alignment == nil || st.Alignment.Indent < 1 || st.Alignment.Horizontal != "left" {
							t.Errorf("%s: %q at %s is not indented", res.Source, name, at)
						}
					}
				}
				found, _ := f.SearchSheet("Sweep", "^Sleeves$", true)
				for _, at := range found {
					id, _ := f.GetCellStyle("Sweep", at)
					if st, _ := f.GetStyle(id); st == nil || len(st.Fill.Color) == 0 || !st.Font.Bold {
						t.Errorf("the heading at %s is neither shaded nor bold", at)
					}
				}
			}
		})
	}
}

// TestSweepChartsFillTheirPages: a sleeve sweep prints each portfolio's
// four charts on one page, two by two (they printed two to a page, each
// page half empty), and a rate sweep each portfolio's three on one page,
// after the tables (the third printed alone on a page). With a spending
// rule, a sleeve sweep's spending chart prints under its table, on its
// page (after the four charts it printed alone on one); no other chart is
// alone on a page.
func TestSweepChartsFillTheirPages(t *testing.T) {
	sleeve := batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.3, Step: 0.05}
	sleeveResults, sleevePath := writeSweep(t, resolve(t, "default", 200, nil), sleeve)
	spendResults, spendPath := writeSweep(t, resolve(t, "retirement", 200, nil), batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.2, Step: 0.05})

	rateResults, ratePath := writeSweep(t, resolve(t, "retirement", 200, nil), batch.SweepSpec{Rate: true, RateFrom: 0.03, RateTo: 0.06, RateStep: 0.005})
	const spendingChart = ": spending by weight (today's money)"
	for _, tc := range []struct {
		name    string
		path    string
		results []batch.SweepResult
		charts  int // each portfolio's on one page (a sleeve sweep's spending chart apart)
		spend   int // each portfolio's spending charts under its table
	}{
		{"sleeve", sleevePath, sleeveResults, 4, 0},
		{"sleeve, spending", spendPath, spendResults, 4, 1},
		{"rate", ratePath, rateResults, 3, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			layouts, err := pagecheck.Layout(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			l := layouts[slices.IndexFunc(layouts, func(l pagecheck.SheetLayout) bool { return l.Name == "Sweep" })]
			f, err := excelize.OpenFile(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, _ := f.GetRows("Sweep")
			perPage := map[int]int{}
			for _, c := range l.Charts {
				perPage[c.PageRows[0]]++
			}
			for _, res := range tc.results {
				pages := map[int]bool{}
				n, spend := 0, 0
				for _, c := range l.Charts {
					switch {
					case c.Title == res.Source+spendingChart:
						spend++
						table := sweepTable(t, rows, res.Source+": against the same portfolio without the sleeve") + 1 // 1-based
						if page := pageOfRow(l, table); page != c.PageRows[0] {
							t.Errorf("%s: the spending chart prints on page %d, its table on page %d", res.Source, c.PageRows[0]+1, page+1)
						}
						perPage[c.PageRows[0]]++ // not alone: its table is there
					case strings.HasPrefix(c.Title, res.Source+":"):
						pages[c.PageRows[0]] = true
						n++
					}
				}
				if n != tc.charts || len(pages) != 1 || spend != tc.spend {
					t.Errorf("%s: %d charts on %d pages and %d of spending, want %d on one and %d", res.Source, n, len(pages), spend, tc.charts, tc.spend)
				}
			}
			for page, n := range perPage {
				if n < 2 {
					t.Errorf("page %d holds a chart alone", page+1)
				}
			}
		})
	}
}

// TestChartPages: rows of charts that fit a page together keep with the
// first of them; a row that would overflow starts the next page's group.
func TestChartPages(t *testing.T) {
	for _, tc := range []struct {
		heights, want []float64
	}{
		{[]float64{220, 220}, []float64{220, 0}},
		{[]float64{255, 192}, []float64{192, 0}},
		{[]float64{220, 220, 220}, []float64{220, 0, 0}},
		{[]float64{300, 300}, []float64{0, 0}},
		{[]float64{100}, []float64{0}},
	} {
		if got := chartPages(tc.heights); !slices.Equal(got, tc.want) {
			t.Errorf("chartPages(%v) = %v, want %v", tc.heights, got, tc.want)
		}
	}
}
