package history

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestDefaultTableParses(t *testing.T) {
	tab := Default()
	if tab.Months != 833 || tab.First.String() != "1954-07" {
		t.Errorf("%d months from %s, want 833 from 1954-07", tab.Months, tab.First)
	}
	want := []string{"us_market", "us_small", "us_large", "tbill", "bonds_10y", "inflation", "recession"}
	if got := tab.Columns(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("numeric columns %v, want %v", got, want)
	}
	if got := tab.Labels["rate_regime"][1]; got != "hiking" {
		t.Errorf("rate_regime of 1954-08 %q, want hiking", got)
	}
	if i := tab.Index(NewMonth(2023, 11)); i != 832 || tab.Index(NewMonth(2023, 12)) != -1 {
		t.Errorf("Index(2023-11) = %d", i)
	}
}

// TestParseProblems: bad history files are refused with every problem's
// line and column, and nothing is guessed.
func TestParseProblems(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"gap", "date,a\n2000-01,0.01\n2000-03,0.02\n", []string{"h.csv: line 3, column 1: 2000-03 follows 2000-01 (want consecutive months: 2000-02 is missing)"}},
		// One message a gap: the months after it follow each other.
		{"one message a gap", "date,a\n2000-01,0.01\n2000-04,0.02\n2000-05,0.02\n2000-06,0.02\n", []string{
			"h.csv: line 3, column 1: 2000-04 follows 2000-01 (want consecutive months: 2000-02 to 2000-03 are missing)"}},
		// A short row or a mistyped date is that line's problem, not a gap.
		{"short row, no gap", "date,a,b\n2000-01,0.01,0.02\n2000-02,0.01\n2000-03,0.01,0.02\n", []string{"h.csv: line 3: 2 cells, want 3 as in the header"}},
		{"bad date, no gap", "date,a\n2000-01,0.01\n2000-2,0.01\n2000-03,0.01\n", []string{`h.csv: line 3, column 1: "2000-2" is not a month`}},
		// A typo in the first row is a typo, not a column of labels.
		{"typo in the first row", "date,a\n2000-01,abc\n2000-02,0.01\n", []string{`h.csv: line 2, column 2 (a): "abc" is not a number`}},
		{"not a number", "date,a,b\n2000-01,0.01,0.02\n2000-02,x,0.01\n", []string{`h.csv: line 3, column 2 (a): "x" is not a number`}},
		{"empty cell", "date,a\n2000-01,0.01\n2000-02,\n", []string{"h.csv: line 3, column 2 (a): empty (want a number; gaps are not filled in)"}},
		{"bad date", "date,a\n2000-13,0.01\n", []string{`h.csv: line 2, column 1: "2000-13" is not a month (want YYYY-MM)`}},
		{"short row", "date,a,b\n2000-01,0.01\n", []string{"h.csv: line 2: 2 cells, want 3 as in the header"}},
		{"two problems", "date,a\n2000-01,0.01\n2000-02,NaN\n2000-04,0.1\n", []string{
			`h.csv: line 3, column 2 (a): "NaN" is not a number`,
			"h.csv: line 4, column 1: 2000-04 follows 2000-02"}},
		{"header only", "date,a\n", []string{"h.csv: want a header row and at least one month"}},
		{"quote", "date,a\n2000-01,\"0.01\n", []string{"h.csv: line 2, column"}},
		// Twenty problems listed, the rest counted: 30 bad cells.
		{"many problems", manyBadCells(30), []string{`h.csv: line 21, column 2 (a): "NaN" is not a number`, "h.csv: and 10 more problems (the first 20 are listed)"}},
	} {
		_, err := Parse("h.csv", []byte(tc.text))
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q, want it to contain %q", tc.name, err, w)
			}
		}
		if n := strings.Count(err.Error(), "\n") + 1; strings.Contains(tc.name, "gap") && n != 1 {
			t.Errorf("%s: %d messages, want 1: %q", tc.name, n, err)
		}
	}
}

// manyBadCells is a history of n months whose every return is NaN after
// a first good month.
func manyBadCells(n int) string {
	var b strings.Builder
	b.WriteString("date,a\n2000-01,0.01\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d-%02d,NaN\n", 2000+i/12, i%12+1)
	}
	return b.String()
}

// TestReturnColumns: the shipped table's NBER recession indicator (0 and
// 1) is a numeric column but no series of returns; every other numeric
// column is one.
func TestReturnColumns(t *testing.T) {
	tab := Default()
	if !tab.Indicator("recession") || tab.Indicator("us_large") || tab.Indicator("no such column") {
		t.Errorf("Indicator: recession %v, us_large %v, a missing column %v; want true, false, false",
			tab.Indicator("recession"), tab.Indicator("us_large"), tab.Indicator("no such column"))
	}
	got := tab.ReturnColumns()
	if want := len(tab.Columns()) - 1; len(got) != want || slices.Contains(got, "recession") {
		t.Errorf("ReturnColumns = %v, want the %d numeric columns but recession", got, want)
	}
}

// TestAnnualized: 1 % a month compounds to 12.68 % a year, and a monthly
// variance of 0.0004 (a 2 % standard deviation) is √(12·0.0004) ≈ 6.93 %.
func TestAnnualized(t *testing.T) {
	mean, vol := Annualized(0.01, 0.0004)
	if math.Abs(mean-(math.Pow(1.01, 12)-1)) > 1e-15 || math.Abs(mean-0.126825030) > 1e-9 || math.Abs(vol-0.069282032) > 1e-9 {
		t.Errorf("Annualized(0.01, 0.0004) = %v, %v", mean, vol)
	}
}

// TestColumnTitles: every numeric column of the shipped table has a title
// for reports (a calibration workbook headed its columns "us_large: mean"),
// and a column it does not know keeps its own name.
func TestColumnTitles(t *testing.T) {
	for name := range Default().Numeric {
		if name == "recession" {
			continue // a 0/1 label, never fitted
		}
		if ColumnTitle(name) == name {
			t.Errorf("column %s has no title", name)
		}
	}
	if got := ColumnTitle("my_fund"); got != "my_fund" {
		t.Errorf("an unknown column: %q, want its name", got)
	}
}
