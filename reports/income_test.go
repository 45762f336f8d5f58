package reports

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/solve"
)

// withSpending adds a spending rule to an example's text.
func withSpending(rule string) func(string) string {
	return func(s string) string { return s + "\nspending: " + rule + "\n" }
}

// TestWorkbookIncomeSheet: with a spending rule the Income sheet follows
// Projections, and its headline figures, yearly tables and charts are the
// run's spending results.
func TestWorkbookIncomeSheet(t *testing.T) {
	for _, tc := range []struct {
		name, rule string
		guard      bool
	}{
		{"guardrails", "{rule: guardrails, initial_rate: 0.05}", true},
		{"percent from year 3", "{rule: percent, rate: 0.04, start_year: 3, end_year: 25}", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := resolve(t, "default", 300, withSpending(tc.rule))
			path, res := writeTestWorkbook(t, sc)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			want := []string{"Summary", "Projections", "Income", "Compare", "Allocations", "Regimes", "Stress tests", "Assumptions", "Glossary", "Technical notes", "Disclosures"}
			if got := f.GetSheetList(); !slices.Equal(got, want) {
				t.Fatalf("sheets %v, want %v", got, want)
			}
			near := func(ref string, want float64) {
				t.Helper()
				if got := cellFloat(t, f, "Income", ref); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
					t.Errorf("Income!%s = %v, want %v", ref, got, want)
				}
			}
			text := func(ref string) string {
				v, err := f.GetCellValue("Income", ref)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			if got := text("A3"); !strings.Contains(got, SpendingRuleText(sc.Spending, sc.Inflation != nil)) || !strings.Contains(got, "today's money") ||
				!strings.Contains(got, "before taxes") {
				t.Errorf("the paragraph lacks the rule or what real spending means: %q", got)
			}
			heads := IncomeHeadlines()
			// The figures end where the yearly tables end.
			first := 1 + incomeNameColumns(incomeTableCols(len(res.Portfolios[0].Spending.Percentiles), sc.Spending.Rule.Traits().Acts), len(heads))
			for j, h := range heads {
				if got := text(cell(first+j, IncomeHeadlineRow-1)); got != h {
					t.Errorf("headline header %d = %q, want %q", j, got, h)
				}
			}
			n := len(res.Portfolios)
			sp := sc.Spending
			ruleYears := sp.EndYear - sp.StartYear + 1
			for b, p := range res.Portfolios {
				s := p.Spending
				r := IncomeHeadlineRow + b
				if got := text(cell(1, r)); got != p.Name {
					t.Errorf("headline row %d names %q, want %q", r, got, p.Name)
				}
				for j, want := range []float64{s.FirstYear, s.RealMean[2], s.RealMean[0], s.RealMin[0], s.CutProb, s.TotalRealP50} {
					near(cell(first+j, r), want)
				}
				first := IncomeRows(b, n, ruleYears)
				if got := text(cell(1, first-2)); got != p.Name {
					t.Errorf("yearly table %d titled %q, want %q", b, got, p.Name)
				}
				for i := range ruleYears {
					y, row := sp.StartYear+i, first+i
					near(cell(1, row), float64(y))
					for q := range s.Percentiles {
						near(cell(2+q, row), s.Fan[q][y-1])
					}
					c := 2 + len(s.Percentiles)
					near(cell(c, row), s.FullShare[y-1])
					if tc.guard {
						near(cell(c+1, row), s.CutShare[y-1])
						near(cell(c+2, row), s.RaiseShare[y-1])
						near(cell(c+3, row), s.FrozeShare[y-1])
					} else if got := text(cell(c+1, row)); got != "" {
						t.Errorf("guardrail column %q without guardrails", got)
					}
				}
				if got := text(cell(1, first+ruleYears)); got != "" {
					t.Errorf("a row after the rule's last year: %q", got)
				}
			}

			// Charts: the overview of medians and a fan per portfolio,
			// every series on the Income sheet's yearly tables.
			refs := chartRefs(t, path)
			nStress := 1
			if want := n + 2 + n + nStress + 1 + n; len(refs) != want { // fans, compare, allocations, stress, income
				t.Fatalf("%d charts, want %d", len(refs), want)
			}
			all := strings.Join(flatten(refs), "\n")
			col := func(c int) string { name, _ := excelize.ColumnNumberToName(c); return name }
			for b := range n {
				first := IncomeRows(b, n, ruleYears)
				last := first + ruleYears - 1
				for q := range sc.Report.Percentiles {
					want := "'Income'!$" + col(2+q) + "$" + itoa(first) + ":$" + col(2+q) + "$" + itoa(last)
					if !strings.Contains(all, want) {
						t.Errorf("no fan series %s for portfolio %d", want, b)
					}
				}
				for _, want := range []string{
					"'Income'!$A$" + itoa(first) + ":$A$" + itoa(last),      // the years
					"'Income'!$A$" + itoa(first-2) + ":$A$" + itoa(first-2), // the overview's line name
					"'Income'!$B$" + itoa(first-1) + ":$B$" + itoa(first-1), // a fan line's name
				} {
					if !strings.Contains(all, want) {
						t.Errorf("no chart reference %s", want)
					}
				}
			}
			incomeRefs := 0
			for _, r := range flatten(refs) {
				if strings.HasPrefix(r, "'Income'!") {
					incomeRefs++
				}
			}
			if want := 3*n + 3*n*len(sc.Report.Percentiles); incomeRefs != want {
				t.Errorf("%d references to the Income sheet, want %d", incomeRefs, want)
			}
		})
	}
}

// TestWorkbookWithoutSpendingHasNoIncome: no spending rule, no Income
// sheet.
func TestWorkbookWithoutSpendingHasNoIncome(t *testing.T) {
	sc := resolve(t, "default", 50, nil)
	if sc.Spending != nil {
		t.Fatal("the default example has a spending rule")
	}
	path, _ := writeTestWorkbook(t, sc)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if slices.Contains(f.GetSheetList(), "Income") {
		t.Error("Income sheet without a spending rule")
	}
}

// TestIncomeSaysWhereOtherIncomeGoes: with a flow paid in (the retirement
// example's Social Security), the Income sheet's note says that it goes
// into the portfolio, so the spending shown is all the client draws (the
// model's W_t = max(0, W_{t−1} + F_t)…: an advisor must not add it twice);
// without one (the default example's flow is a withdrawal) it says
// nothing of it.
func TestIncomeSaysWhereOtherIncomeGoes(t *testing.T) {
	for _, tc := range []struct {
		example string
		rule    func(string) string
		want    bool
	}{
		{"retirement", nil, true},
		{"default", withSpending("{rule: percent, rate: 0.04}"), false},
		{"default with a pension", func(s string) string {
			return withSpending("{rule: percent, rate: 0.04}")(strings.Replace(s, "  flows:\n", "  flows:\n    - {name: Pension, amount: 10000, every: year}\n", 1))
		}, true},
	} {
		sc := resolve(t, strings.TrimSuffix(tc.example, " with a pension"), 200, tc.rule)
		path, _ := writeTestWorkbook(t, sc)
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		note, err := f.GetCellValue("Income", cell(1, IncomeHeadlineRow+len(sc.Portfolios)+1))
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		said := strings.Contains(note, "goes into it and the rule's withdrawals come out of it, so the spending shown is all the client receives")
		// And a withdrawal flow is said to be drawn besides.
		besides := strings.Contains(note, "The plan's withdrawals (Retirement income) are drawn from the portfolio in addition.")
		if said != tc.want || besides != (tc.example == "default with a pension") || !strings.Contains(note, medianSpending.figure().short) {
			t.Errorf("%s: the note says where Social Security goes: %v, want %v:\n%s", tc.example, said, tc.want, note)
		}
	}
}

// TestIncomeFansShareOneScale: every portfolio's spending fan runs from 0
// to one top, above the highest percentile of any, as the wealth fans do.
func TestIncomeFansShareOneScale(t *testing.T) {
	sc := resolve(t, "retirement", 200, nil)
	path, res := writeTestWorkbook(t, sc)
	top := 0.0
	for _, p := range res.Portfolios {
		top = max(top, slices.Max(p.Spending.Fan[len(p.Spending.Fan)-1]))
	}
	want := fmt.Sprintf(`<max val="%v"`, niceCeil(top))
	fans := 0
	for _, part := range chartXML(t, path) {
		if strings.Contains(part.text, "real spending by year") && strings.Contains(part.text, "one scale for every portfolio") {
			fans++
			if !strings.Contains(part.text, want) || !strings.Contains(part.text, `<min val="0"`) {
				t.Errorf("%s: no %s from 0", part.name, want)
			}
		}
	}
	if fans != len(sc.Portfolios) {
		t.Errorf("%d spending fans, want %d", fans, len(sc.Portfolios))
	}
}

// TestSolveWithNothingPaid: under guardrails with every rate out of reach
// there is nothing the rule paid at a sustainable rate: no such table,
// no caveat pointing at it, on the console or in the workbook.
func TestSolveWithNothingPaid(t *testing.T) {
	sc := resolve(t, "retirement", 100, nil)
	res := &solve.Result{Target: 0.9, Paths: 100, Seed: 1, Initial: sc.Initial, Method: solve.Bisection, Rule: portfolio.Guardrails,
		Varies: "spending.initial_rate", Runs: 1, Converged: true}
	for _, p := range sc.Portfolios {
		res.Portfolios = append(res.Portfolios, solve.Portfolio{Name: p.Name, AtZero: solve.Point{Success: 0.5, Perpetual: 0.4},
			Curve: []solve.Point{{Rate: 0, Success: 0.5, Perpetual: 0.4}}})
	}
	var b strings.Builder
	if err := WriteSolveTable(&b, sc, res); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "What the rule paid") || !strings.Contains(b.String(), "out of reach") {
		t.Errorf("console:\n%s", b.String())
	}
	f := solveWorkbook(t, sc, res)
	defer f.Close()
	if cells, _ := f.SearchSheet(sheetSolve, "What the rule paid"); len(cells) > 0 {
		t.Errorf("workbook: a table of what the rule paid at %v", cells)
	}
	if note, _ := f.GetCellValue(sheetSolve, "A2"); strings.Contains(note, "second table") {
		t.Errorf("note points at a table that is not there: %q", note)
	}
}

// TestSolveAmountsRoundDown: the most a portfolio can spend is shown
// rounded down, on the console and in the workbook (12,333.70 is 12,333:
// 12,334 would be more than 90% of the paths can pay), and the names stand
// flush left.
func TestSolveAmountsRoundDown(t *testing.T) {
	sc := resolve(t, "default", 100, nil)
	res := &solve.Result{Target: 0.9, Paths: 100, Seed: 1, Initial: sc.Initial, Method: solve.Exact, Rule: portfolio.Constant,
		Added: true, Varies: "spending.initial_rate", Runs: 1, Converged: true}
	fig := &solve.Figure{Rate: 0.0123337, RateLo: 0.012, RateHi: 0.0125, Amount: 12333.7, AmountLo: 11999.9, AmountHi: 12500.99}
	for _, p := range sc.Portfolios {
		res.Portfolios = append(res.Portfolios, solve.Portfolio{Name: p.Name, SWR: fig, PWR: fig,
			Curve: []solve.Point{{Rate: 0, Success: 1, Perpetual: 1}}})
	}
	var b strings.Builder
	if err := WriteSolveTable(&b, sc, res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "1.23%      12,333  11,999 – 12,500") || strings.Contains(out, "12,334") || !strings.Contains(out, "rounded down") {
		t.Errorf("console:\n%s", out)
	}
	if !strings.Contains(out, "\n  "+sc.Portfolios[0].Name+"  ") {
		t.Errorf("portfolio names not flush left:\n%s", out)
	}
	f := solveWorkbook(t, sc, res)
	defer f.Close()
	if v, _ := f.GetCellValue(sheetSolve, "C6", excelize.Options{RawCellValue: true}); v != "12333" {
		t.Errorf("workbook's first-year amount %q, want 12333", v)
	}
}

// TestFloorTo: rounding down to a place goes by the value as written to
// 15 significant digits, so a product a rounding below a whole is that
// whole.
func TestFloorTo(t *testing.T) {
	for _, tc := range []struct {
		x        float64
		decimals int
		want     float64
	}{
		{12333.7, 0, 12333},
		{131399.99999999999, 0, 131400},
		{0.0876 * 1.5e6, 0, 131400},
		{0.08769, 4, 0.0876},
		{876 * 1e-4, 4, 0.0876},
		{0, 2, 0},
	} {
		if got := floorTo(tc.x, tc.decimals); got != tc.want {
			t.Errorf("floorTo(%v, %d) = %v, want %v", tc.x, tc.decimals, got, tc.want)
		}
	}
}

// solveWorkbook writes a solve's workbook of res and opens it.
func solveWorkbook(t *testing.T, sc *model.Scenario, res *solve.Result) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.xlsx")
	if err := WriteSolveWorkbook(path, sc, res, Stamp{Version: "test", Command: "divsim solve"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
