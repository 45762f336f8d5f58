package reports

import (
	"bytes"
	"encoding/csv"
	"testing"

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
