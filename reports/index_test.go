package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/model"
)

// readIndex parses IndexCSV's output and returns its data rows.
func readIndex(t *testing.T, rows []IndexRow) [][]string {
	t.Helper()
	data, err := IndexCSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

// TestIndexCSVEscapesFormulas checks that a text cell a spreadsheet would
// read as a formula (OWASP's list: =, +, -, @, tab, carriage return) gets
// a leading apostrophe, whatever column it is in.
func TestIndexCSVEscapesFormulas(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"equals", "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"plus", "+1+1", "'+1+1"},
		{"minus", "-2+3", "'-2+3"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\t=1+1", "'\t=1+1"},
		{"carriage return", "\r=1+1", "'\r=1+1"},
		{"plain", "Smith family", "Smith family"},
		{"inner equals", "a=b", "a=b"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok := IndexRow{File: tc.in, Status: "ok", Scenario: tc.in, Client: tc.in, Workbook: tc.in, Currency: tc.in,
				Headline: batch.Headline{Baseline: tc.in, Best: tc.in}}
			bad := IndexRow{File: tc.in, Status: "invalid", Scenario: tc.in, Client: tc.in, Problems: tc.in}
			text := map[string][]string{
				"ok":      {"File", "Scenario", "Client", "Workbook", "Baseline", "Portfolio with the highest median terminal wealth", "Currency"},
				"invalid": {"File", "Scenario", "Client", "Problems"},
			}
			for _, rec := range readIndex(t, []IndexRow{ok, bad}) {
				for j, h := range indexHeaders {
					for _, c := range text[rec[1]] {
						if c == h && rec[j] != tc.want {
							t.Errorf("%s row, %s: %q, want %q", rec[1], h, rec[j], tc.want)
						}
					}
				}
			}
		})
	}
}

// TestIndexCSVNumbersStayNumbers checks that figures, negative ones
// included, are written as plain numbers, never escaped as text.
func TestIndexCSVNumbersStayNumbers(t *testing.T) {
	goal := -0.05
	row := IndexRow{File: "a.yaml", Status: "ok", Scenario: "A", Workbook: "a.xlsx",
		Headline: batch.Headline{Baseline: "B", Best: "B", BaselineMedian: -0.05, BestMedian: -1234.5,
			BaselineSuccess: 0.9, BestSuccess: 1, BaselineGoal: &goal, BestGoal: &goal}}
	rec := readIndex(t, []IndexRow{row})[0]
	// Amounts in whole units (-0.05 rounds to 0, -1234.5 to the even
	// -1234), shares to 4 decimals.
	want := map[string]string{"Baseline median terminal wealth (nominal)": "0", "Highest median: median terminal wealth (nominal)": "-1234",
		"Baseline goal probability (share)": "-0.05", "Highest median: goal probability (share)": "-0.05", "Highest median: success rate (share)": "1"}
	for j, h := range indexHeaders {
		if w, ok := want[h]; ok && rec[j] != w {
			t.Errorf("%s: %q, want the number %s", h, rec[j], w)
		}
	}
}

// TestIndexSpendingColumns: the index's spending columns hold the
// baseline's and the highest median's first-year spending and median
// yearly real spending when the scenario has a rule, and are empty
// without one (and on a row that did not run), in index.csv and
// index.xlsx alike; the workbook shows them only when some scenario has a
// rule.
func TestIndexSpendingColumns(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	cols := []string{"Baseline first-year spending (real)", "Baseline median yearly spending (real)", "Highest median: first-year spending (real)",
		"Highest median: median yearly spending (real)"}
	for _, tc := range []struct {
		name string
		row  IndexRow
		want []string // as index.xlsx holds them; index.csv's in whole units
		csv  []string
	}{
		{"a rule", IndexRow{File: "a.yaml", Status: "ok", Workbook: "a.xlsx", Headline: batch.Headline{Baseline: "A", Best: "B",
			BaselineFirstYear: f(50000), BaselineSpending: f(48123.4), BestFirstYear: f(50000), BestSpending: f(52000.75)}},
			[]string{"50000", "48123.4", "50000", "52000.75"}, []string{"50000", "48123", "50000", "52001"}},
		{"no rule", IndexRow{File: "b.yaml", Status: "ok", Workbook: "b.xlsx", Headline: batch.Headline{Baseline: "A", Best: "A"}},
			[]string{"", "", "", ""}, []string{"", "", "", ""}},
		{"invalid", IndexRow{File: "c.yaml", Status: "invalid", Problems: "c.yaml: spending.rate: is 2"}, []string{"", "", "", ""},
			[]string{"", "", "", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if n := len(tc.row.cells()); n != len(indexHeaders) {
				t.Fatalf("%d cells, want one per header (%d)", n, len(indexHeaders))
			}
			rec := readIndex(t, []IndexRow{tc.row})[0]
			for k, h := range cols {
				if j := slices.Index(indexHeaders, h); j < 0 || rec[j] != tc.csv[k] {
					t.Errorf("csv %s: %v, want %q", h, rec, tc.csv[k])
				}
			}
			if rec[len(rec)-1] != tc.row.Problems {
				t.Errorf("Problems %q, want %q (the last column)", rec[len(rec)-1], tc.row.Problems)
			}
			// In the workbook: the baseline's line, then the highest median's.
			rows := indexBookRows(t, []IndexRow{tc.row})
			head := rows[IndexHeaderRow-1]
			first, mean := slices.Index(head, indexSpendHeads[0]), slices.Index(head, indexSpendHeads[1])
			if (first >= 0) != (tc.want[0] != "") || (mean >= 0) != (tc.want[0] != "") {
				t.Fatalf("header %q: spending columns %d, %d, want them only with a rule", head, first, mean)
			}
			if first < 0 {
				return
			}
			for i, want := range [][]string{tc.want[:2], tc.want[2:]} {
				row := rows[IndexHeaderRow+i]
				if got := []string{row[first], row[mean]}; !slices.Equal(got, want) {
					t.Errorf("xlsx line %d: %q, want %q", i+1, got, want)
				}
			}
		})
	}
}

// openIndexBook writes index.xlsx and opens it; it is closed with the test.
func openIndexBook(t *testing.T, rows []IndexRow) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "index.xlsx")
	if err := WriteIndexWorkbook(path, rows); err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	return book
}

// indexBookRows writes index.xlsx and reads its Index sheet back raw.
func indexBookRows(t *testing.T, rows []IndexRow) [][]string {
	t.Helper()
	got, err := openIndexBook(t, rows).GetRows("Index", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestIndexWorkbookPrints checks index.xlsx's page: landscape, one page
// wide, its header row not repeated over the problems after a table that
// fits its page; money cells in each
// scenario's currency format and stored as numbers; "highest median",
// never "best".
func TestIndexWorkbookPrints(t *testing.T) {
	goal := 0.4
	rows := []IndexRow{
		{File: "a.yaml", Status: "ok", Scenario: "A plan", Client: "Adams", Workbook: "a.xlsx", Currency: "USD",
			Headline: batch.Headline{Baseline: "60/40", Best: "80/20", BaselineMedian: 1234567.5, BestMedian: 2345678,
				BaselineSuccess: 0.9, BestSuccess: 0.85, BaselineGoal: &goal, BestGoal: &goal}},
		{File: "b.yaml", Status: "ok", Scenario: "B plan", Client: "Baker", Workbook: "b.xlsx", Currency: "EUR",
			Headline: batch.Headline{Baseline: "60/40", Best: "60/40", BaselineMedian: 765432, BestMedian: 765432, BaselineSuccess: 0.7, BestSuccess: 0.7}},
		{File: "c.yaml", Status: "invalid", Problems: "c.yaml: assets: missing"},
		// Too many messages for one row (at most 409 points tall): a row each.
		{File: "d.yaml", Status: "invalid", Problems: strings.Repeat("d.yaml: portfolios[0].sleeves[0].holdings.us_large: names no asset\n", 60)},
	}
	f := openIndexBook(t, rows)
	layout, err := f.GetPageLayout("Index")
	// One page wide at a scale that keeps 11 pt text at 9 pt or more: the
	// sheets' print setup scales to the page's width (pages_test.go).
	if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.AdjustTo == nil || *layout.AdjustTo < minScale {
		t.Errorf("page layout %+v (%v), want landscape at %d %% or more", layout, err, minScale)
	}
	// The table fits its first page; the problems run on to the next,
	// where the table's header would head nothing of theirs.
	if indexPrintTitles(f) {
		t.Errorf("print titles repeat the header row %d over the problems of a table that fits a page", IndexHeaderRow)
	}
	got, _ := f.GetRows("Index")
	text := fmt.Sprint(got)
	if !strings.Contains(strings.ToLower(text), "highest median") || strings.Contains(strings.ToLower(text), "best") {
		t.Errorf("the index says %q, want \"highest median\" and never \"best\"", text)
	}
	head := got[IndexHeaderRow-1]
	median := slices.Index(head, medianWealth.figure().name)
	col, _ := excelize.ColumnNumberToName(median + 1)
	for _, tc := range []struct {
		row      int // 1-based
		want     float64
		currency string
	}{
		{IndexHeaderRow + 1, 1234567.5, "$"}, // Adams's baseline
		{IndexHeaderRow + 2, 2345678, "$"},   // Adams's highest median
		{IndexHeaderRow + 3, 765432, "€"},    // Baker's baseline, also the highest median
	} {
		c := fmt.Sprintf("%s%d", col, tc.row)
		if typ, _ := f.GetCellType("Index", c); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s: type %v, want a number", c, typ)
		}
		raw, _ := f.GetCellValue("Index", c, excelize.Options{RawCellValue: true})
		if raw != strconv.FormatFloat(tc.want, 'f', -1, 64) {
			t.Errorf("%s = %q, want %v", c, raw, tc.want)
		}
		id, _ := f.GetCellStyle("Index", c)
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, tc.currency) {
			t.Errorf("%s: number format %v, want one with %s", c, st.CustomNumFmt, tc.currency)
		}
	}
	if shown := got[IndexHeaderRow+2][slices.Index(head, "Shown")]; !strings.Contains(shown, "highest median") {
		t.Errorf("Baker's line says %q, want it named the baseline and the highest median", shown)
	}
	if !slices.ContainsFunc(got, func(row []string) bool {
		return len(row) > 1 && row[0] == "c.yaml" && row[1] == "c.yaml: assets: missing"
	}) {
		t.Error("no problem listed for c.yaml")
	}
}

// TestIndexPreparer: the index's header names the firm when every scenario
// that ran names the same one, and divsim otherwise.
func TestIndexPreparer(t *testing.T) {
	row := func(by string) IndexRow {
		sc := &model.Scenario{}
		sc.Info.PreparedBy = by
		return IndexRow{Resolved: sc}
	}
	for _, tc := range []struct {
		rows []IndexRow
		want string
	}{
		{[]IndexRow{row("Example Advisors"), row("Example Advisors"), {}}, "Example Advisors"},
		{[]IndexRow{row("Example Advisors"), row("Other")}, "Prepared with divsim"},
		{[]IndexRow{row(""), row("Example Advisors")}, "Prepared with divsim"},
		{nil, "Prepared with divsim"},
	} {
		if got := indexPreparer(tc.rows); got != tc.want {
			t.Errorf("%d rows: %q, want %q", len(tc.rows), got, tc.want)
		}
	}
}

// TestIndexHeaderOnEverySheet: every sheet of the index, back matter
// included, names the firm and says that the index is internal (it lists
// several clients side by side); the Glossary and Disclosures had said
// "Prepared with divsim" under an index headed by the firm.
func TestIndexHeaderOnEverySheet(t *testing.T) {
	sc := resolve(t, "default", 100, nil) // prepared by Example Advisors
	rows := []IndexRow{{File: "a.yaml", Status: "ok", Scenario: "A plan", Client: "Adams", Workbook: "a.xlsx", Currency: "USD", Resolved: sc,
		Headline: batch.Headline{Baseline: "60/40", Best: "80/20", BaselineMedian: 1, BestMedian: 2, BaselineSuccess: 0.9, BestSuccess: 0.85}}}
	f := openIndexBook(t, rows)
	for _, name := range f.GetSheetList() {
		if v, _ := f.GetSheetVisible(name); !v {
			continue
		}
		hf, err := f.GetHeaderFooter(name)
		if err != nil || hf == nil || !strings.Contains(hf.OddHeader, "&LExample Advisors") || !strings.Contains(hf.OddHeader, "internal, not for clients") {
			t.Errorf("sheet %s: header %+v (%v), want the firm and 'internal, not for clients'", name, hf, err)
		}
	}
}

// TestIndexCarriesNotes: a file that ran with notes (an unusual value)
// keeps them in index.csv's last column, each line marked as a note, and
// in a section of index.xlsx, where a long batch's stderr would lose them.
func TestIndexCarriesNotes(t *testing.T) {
	rows := []IndexRow{{File: "a.yaml", Status: "ok", Scenario: "A", Workbook: "a.xlsx", Currency: "USD",
		Notes: "a.yaml: defaults.fee: 0.075 is 7.5% a year\na.yaml: report.percentiles: [0.05] ..."}}
	got := readIndex(t, rows)
	if last := got[0][len(got[0])-1]; last != "note: a.yaml: defaults.fee: 0.075 is 7.5% a year\nnote: a.yaml: report.percentiles: [0.05] ..." {
		t.Errorf("index.csv's last column %q", last)
	}
	path := filepath.Join(t.TempDir(), "index.xlsx")
	if err := WriteIndexWorkbook(path, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, want := range []string{"Notes on files that ran (values to check)", "a.yaml: defaults.fee: 0.075 is 7.5% a year"} {
		if cells, _ := f.SearchSheet("Index", want); len(cells) != 1 {
			t.Errorf("index.xlsx: %q at %v, want once", want, cells)
		}
	}
}

// TestIndexHistoryLead: index.csv's "beyond Monte Carlo error" reads
// n/a (history) for rolling windows of history, which have no such error
// (it read "yes", a test never made), and index.xlsx's note and "What
// this workbook shows" say how their highest median is ranked, naming
// their workbooks, only when the batch has some.
func TestIndexHistoryLead(t *testing.T) {
	row := func(name string, h batch.Headline) IndexRow {
		h.Baseline, h.Best = "A", "B"
		return IndexRow{File: name + ".yaml", Status: "ok", Scenario: name, Workbook: name + ".xlsx", Currency: "USD", Headline: h}
	}
	for _, tc := range []struct {
		name    string
		row     IndexRow
		want    string
		history bool
	}{
		{"simulated, clear", row("a", batch.Headline{BestClear: true}), "yes", false},
		{"simulated, within error", row("b", batch.Headline{}), "no", false},
		{"windows", row("w", batch.Headline{BestClear: true, History: true}), "n/a (history)", true},
		{"windows, tied", row("w", batch.Headline{Tied: true, History: true}), "tied", true},
		{"windows, one portfolio", row("w", batch.Headline{Alone: true, History: true}), "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := readIndex(t, []IndexRow{tc.row})[0]
			if got := rec[slices.Index(indexHeaders, "Highest median: beyond Monte Carlo error")]; got != tc.want {
				t.Errorf("beyond Monte Carlo error: %q, want %q", got, tc.want)
			}
			f := openIndexBook(t, []IndexRow{tc.row})
			lead := historyLead([]string{"w.xlsx"})
			for _, sheet := range []string{"Index", "Disclosures"} {
				if says := strings.Contains(sheetText(t, f, sheet), lead); says != tc.history {
					t.Errorf("%s says %q: %v, want %v", sheet, lead, says, tc.history)
				}
			}
		})
	}
}

// TestIndexCSVRoundsAndLabelsUnits: index.csv writes amounts in whole
// units, as index.xlsx shows them, and shares to 4 decimals (it wrote
// 236455.31039837835 and 0.15666666666666668), as plain numbers; every
// amount's header says nominal or real, every share's that it is a share.
func TestIndexCSVRoundsAndLabelsUnits(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	row := IndexRow{File: "a.yaml", Status: "ok", Workbook: "a.xlsx", Currency: "USD", Headline: batch.Headline{Baseline: "A", Best: "B",
		BaselineMedian: 236455.31039837835, BestMedian: 1234567.5, BaselineSuccess: 0.15666666666666668, BestSuccess: 1,
		BaselineGoal: f(0.00004), BestGoal: f(0.99995), BaselineFirstYear: f(74999.5), BaselineSpending: f(67948.16427445659),
		BestFirstYear: f(75000), BestSpending: f(0.4)}}
	rec := readIndex(t, []IndexRow{row})[0]
	for _, tc := range []struct{ head, want string }{
		{"Baseline median terminal wealth (nominal)", "236455"},
		{"Highest median: median terminal wealth (nominal)", "1234568"}, // a half rounds to even
		{"Baseline success rate (share)", "0.1567"},
		{"Highest median: success rate (share)", "1"},
		{"Baseline goal probability (share)", "0"},        // below half of 0.0001
		{"Highest median: goal probability (share)", "1"}, // 0.99995 is stored a hair above the half
		{"Baseline first-year spending (real)", "75000"},  // a half rounds to even
		{"Baseline median yearly spending (real)", "67948"},
		{"Highest median: first-year spending (real)", "75000"},
		{"Highest median: median yearly spending (real)", "0"},
	} {
		j := slices.Index(indexHeaders, tc.head)
		if j < 0 {
			t.Errorf("no column %q", tc.head)
			continue
		}
		if rec[j] != tc.want {
			t.Errorf("%s: %q, want %q", tc.head, rec[j], tc.want)
		}
	}
	for j, c := range row.cells() {
		h := indexHeaders[j]
		switch c.(type) {
		case csvMoney:
			if !strings.HasSuffix(h, "(nominal)") && !strings.HasSuffix(h, "(real)") {
				t.Errorf("amount column %q says neither nominal nor real", h)
			}
		case csvShare:
			if !strings.HasSuffix(h, "(share)") {
				t.Errorf("share column %q does not say it is a share", h)
			}
		case string:
		default:
			t.Errorf("column %q holds a %T, want an amount, a share or text", h, c)
		}
	}
}

// TestIndexShownFitsTwoLines: every text of index.xlsx's "Shown" column
// takes two lines at most in its width (the longest took four, in a row
// whose other cells took two), whatever the highest median's lead.
func TestIndexShownFitsTwoLines(t *testing.T) {
	width := indexBookWidths[slices.Index(indexBookHeads, "Shown")]
	for _, h := range []batch.Headline{{BestClear: true}, {}, {Tied: true}, {Alone: true}, {History: true, BestClear: true}} {
		for _, best := range []string{"A", "B"} { // the baseline's median the highest, or another's
			h.Baseline, h.Best = "A", best
			for _, l := range (IndexRow{Status: "ok", Headline: h}).lines() {
				if n := textLines(l.shown, width); n > 2 {
					t.Errorf("%+v: %q takes %d lines in %v characters", h, l.shown, n, width)
				}
			}
		}
	}
}

// TestIndexGoals: index.xlsx shows each scenario's goal beside the goal
// probability, on its first line, as a number in its currency, "no goal"
// where it has none (the probability was blank without a word, and the
// probabilities of goals of 1.5 and 1.0 million sat side by side without
// their amounts); the heading says whether goals are in today's money or
// nominal, and the note names the nominal ones among real ones. index.csv
// has the amount in a column of real or of nominal goals. The widest page
// (goals and spending) still prints at 9 pt or more.
func TestIndexGoals(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	row := func(name string, goal *model.Goal) IndexRow {
		h := batch.Headline{Baseline: "A", Best: "B", BaselineMedian: 2, BestMedian: 3, BaselineSuccess: 0.9, BestSuccess: 0.8,
			BaselineFirstYear: f(1), BaselineSpending: f(1), BestFirstYear: f(1), BestSpending: f(1), Goal: goal}
		if goal != nil {
			h.BaselineGoal, h.BestGoal = f(0.25), f(0.5)
		}
		return IndexRow{File: name + ".yaml", Status: "ok", Scenario: name, Workbook: name + ".xlsx", Currency: "USD", Headline: h}
	}
	real1, real2, nominal := &model.Goal{TargetWealth: 1500000, Real: true}, &model.Goal{TargetWealth: 1000000, Real: true}, &model.Goal{TargetWealth: 2000000}
	for _, tc := range []struct {
		name string
		rows []IndexRow
		head string
		note string // in the page's note; "" for none about goals
	}{
		{"real goals and none", []IndexRow{row("a", real1), row("b", nil), row("c", real2)}, "Goal (today's money)", ""},
		{"nominal goals", []IndexRow{row("a", nominal), row("b", nil)}, "Goal (nominal)", ""},
		{"both", []IndexRow{row("a", real1), row("n", nominal)}, "Goal", "Goals are in today's money, except the nominal ones of n.xlsx."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			book := openIndexBook(t, tc.rows)
			layout, err := book.GetPageLayout("Index")
			if err != nil || layout.AdjustTo == nil || *layout.AdjustTo < minScale {
				t.Errorf("page layout %+v (%v), want %d %% or more", layout, err, minScale)
			}
			got, err := book.GetRows("Index", excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			head := got[IndexHeaderRow-1]
			g, p := slices.Index(head, tc.head), slices.Index(head, indexGoalProb)
			if g < 0 || p != g+1 {
				t.Fatalf("header %q: want %q just before %q", head, tc.head, indexGoalProb)
			}
			if note := got[1][0]; strings.Contains(note, "Goals are") != (tc.note != "") || !strings.Contains(note, tc.note) {
				t.Errorf("note %q, want %q", note, tc.note)
			}
			cell := func(r, c int) string {
				if c < len(got[r]) {
					return got[r][c]
				}
				return ""
			}
			r := IndexHeaderRow
			for _, ir := range tc.rows {
				want := [2][2]string{{"no goal", ""}, {"", ""}} // the first line's goal and probability, then the second's
				if ir.Goal != nil {
					want = [2][2]string{{strconv.FormatFloat(ir.Goal.TargetWealth, 'f', -1, 64), "0.25"}, {"", "0.5"}}
					ref, _ := excelize.CoordinatesToCellName(g+1, r+1)
					if typ, _ := book.GetCellType("Index", ref); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
						t.Errorf("%s's goal at %s: type %v, want a number", ir.File, ref, typ)
					}
				}
				for i := range 2 {
					if got := [2]string{cell(r+i, g), cell(r+i, p)}; got != want[i] {
						t.Errorf("%s, line %d: goal and probability %q, want %q", ir.File, i+1, got, want[i])
					}
				}
				r += 2
			}
			for _, rec := range readIndex(t, tc.rows) {
				ir := tc.rows[slices.IndexFunc(tc.rows, func(r IndexRow) bool { return r.File == rec[0] })]
				want := map[string]string{"Goal target wealth (real)": "", "Goal target wealth (nominal)": ""}
				if ir.Goal != nil {
					k := map[bool]string{true: "Goal target wealth (real)", false: "Goal target wealth (nominal)"}[ir.Goal.Real]
					want[k] = strconv.FormatFloat(ir.Goal.TargetWealth, 'f', -1, 64)
				}
				for h, w := range want {
					if got := rec[slices.Index(indexHeaders, h)]; got != w {
						t.Errorf("csv %s, %s: %q, want %q", ir.File, h, got, w)
					}
				}
			}
		})
	}
}

// TestFilesRun: a batch's title and Disclosures count its files, and say
// how many ran when some did not (a failed file had counted as run).
func TestFilesRun(t *testing.T) {
	ok, bad := IndexRow{Status: StatusOK}, IndexRow{Status: StatusInvalid}
	for _, tc := range []struct {
		rows          []IndexRow
		title, border string
	}{
		{[]IndexRow{ok}, "1 scenario", "the scenario file of one batch, run into its own workbook"},
		{[]IndexRow{ok, ok}, "2 scenarios", "the 2 scenario files of one batch, each run separately into its own workbook"},
		{[]IndexRow{bad}, "1 scenario file, 0 run", "the scenario file of one batch, which could not be run"},
		{[]IndexRow{ok, bad, ok}, "3 scenario files, 2 run", "the 3 scenario files of one batch, the 2 that could be run each separately into its own workbook"},
	} {
		if got := filesRun(tc.rows); got != tc.title {
			t.Errorf("title %q, want %q", got, tc.title)
		}
		if got := indexFilesText(tc.rows); got != tc.border {
			t.Errorf("Disclosures %q, want %q", got, tc.border)
		}
	}
}

// indexPrintTitles reports whether the Index sheet repeats its header row
// atop every printed page.
func indexPrintTitles(f *excelize.File) bool {
	return slices.ContainsFunc(f.GetDefinedName(), func(d excelize.DefinedName) bool {
		return d.Name == "_xlnm.Print_Titles" && d.Scope == "Index" && strings.Contains(d.RefersTo, fmt.Sprintf("$%d:$%d", IndexHeaderRow, IndexHeaderRow))
	})
}

// TestIndexPrintTitlesOnLongTable checks that a table longer than a page
// prints its header row atop every page it reaches.
func TestIndexPrintTitlesOnLongTable(t *testing.T) {
	var rows []IndexRow
	for i := range 60 {
		name := fmt.Sprintf("client%02d.yaml", i)
		rows = append(rows, IndexRow{File: name, Status: "ok", Scenario: "A plan", Client: name, Workbook: name + ".xlsx", Currency: "USD",
			Headline: batch.Headline{Baseline: "60/40", Best: "80/20", BaselineMedian: 1e6, BestMedian: 2e6, BaselineSuccess: 0.9, BestSuccess: 0.85}})
	}
	if !indexPrintTitles(openIndexBook(t, rows)) {
		t.Errorf("a table of %d files prints its header row %d only on its first page", len(rows), IndexHeaderRow)
	}
}
