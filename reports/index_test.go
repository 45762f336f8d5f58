package reports

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
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
				"ok":      {"File", "Scenario", "Client", "Workbook", "Baseline", "Best portfolio (median wealth)", "Currency"},
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
	want := map[string]string{"Baseline median wealth": "-0.05", "Best median wealth": "-1234.5",
		"Baseline goal probability": "-0.05", "Best goal probability": "-0.05", "Best success rate": "1"}
	for j, h := range indexHeaders {
		if w, ok := want[h]; ok && rec[j] != w {
			t.Errorf("%s: %q, want the number %s", h, rec[j], w)
		}
	}
}

// TestIndexSpendingColumns: the index's spending columns hold the
// baseline's and the best portfolio's first-year spending and median
// yearly real spending when the scenario has a rule, and are empty
// without one (and on a row that did not run), in index.csv and
// index.xlsx alike.
func TestIndexSpendingColumns(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	cols := []string{"Baseline first-year spending", "Baseline median yearly spending (real)", "Best first-year spending", "Best median yearly spending (real)"}
	for _, tc := range []struct {
		name string
		row  IndexRow
		want []string
	}{
		{"a rule", IndexRow{File: "a.yaml", Status: "ok", Workbook: "a.xlsx", Headline: batch.Headline{Baseline: "A", Best: "B",
			BaselineFirstYear: f(50000), BaselineSpending: f(48123.5), BestFirstYear: f(50000), BestSpending: f(52000.25)}},
			[]string{"50000", "48123.5", "50000", "52000.25"}},
		{"no rule", IndexRow{File: "b.yaml", Status: "ok", Workbook: "b.xlsx", Headline: batch.Headline{Baseline: "A", Best: "A"}},
			[]string{"", "", "", ""}},
		{"invalid", IndexRow{File: "c.yaml", Status: "invalid", Problems: "c.yaml: spending.rate: is 2"}, []string{"", "", "", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if n := len(tc.row.cells()); n != len(indexHeaders) {
				t.Fatalf("%d cells, want one per header (%d)", n, len(indexHeaders))
			}
			rec := readIndex(t, []IndexRow{tc.row})[0]
			path := filepath.Join(t.TempDir(), "index.xlsx")
			if err := WriteIndexWorkbook(path, []IndexRow{tc.row}); err != nil {
				t.Fatal(err)
			}
			book, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer book.Close()
			rows, _ := book.GetRows("Index", excelize.Options{RawCellValue: true})
			for k, h := range cols {
				j := slices.Index(indexHeaders, h)
				if j < 0 || rows[0][j] != h {
					t.Fatalf("no column %q", h)
				}
				if rec[j] != tc.want[k] {
					t.Errorf("csv %s: %q, want %q", h, rec[j], tc.want[k])
				}
				got := ""
				if j < len(rows[1]) {
					got = rows[1][j]
				}
				if got != tc.want[k] {
					t.Errorf("xlsx %s: %q, want %q", h, got, tc.want[k])
				}
			}
			if rec[len(rec)-1] != tc.row.Problems {
				t.Errorf("Problems %q, want %q (the last column)", rec[len(rec)-1], tc.row.Problems)
			}
		})
	}
}
