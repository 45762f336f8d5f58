package calibrate

import (
	"strings"
	"testing"

	"github.com/divsim/divsim/history"
)

// TestPrepare: the columns, trimmed, over the window asked for, as one
// data row a month with each column's returns in order; the months and
// the recession indicator cover the same window. (The refusals, with the
// flags they name, are tested through the command: cmd/divsim
// TestCalibrateMistakes.)
func TestPrepare(t *testing.T) {
	tab := history.Default()
	in, err := Prepare(tab, "us_large, bonds_10y", "2000-01", "2009-12")
	if err != nil {
		t.Fatal(err)
	}
	lo := tab.Index(must(history.ParseMonth("2000-01")))
	if strings.Join(in.Columns, ",") != "us_large,bonds_10y" || len(in.Data) != 120 || len(in.Months) != 120 || len(in.Recession) != 120 {
		t.Fatalf("columns %v, %d rows, %d months, %d recession flags; want 2 columns over 120 months", in.Columns, len(in.Data), len(in.Months), len(in.Recession))
	}
	for i, row := range in.Data {
		if row[0] != tab.Numeric["us_large"][lo+i] || row[1] != tab.Numeric["bonds_10y"][lo+i] || in.Months[i] != tab.Month(lo+i) {
			t.Fatalf("month %d: row %v for %s, want the table's %s", i, row, in.Months[i], tab.Month(lo+i))
		}
	}
	if got := in.Source(tab); !strings.HasSuffix(got, ", 2000-01 to 2009-12") {
		t.Errorf("source %q", got)
	}
	if _, err := Prepare(tab, "us_large", "2010-01", "2000-01"); err == nil || !strings.HasPrefix(err.Error(), "--to:") {
		t.Errorf("a window backwards: %v, want --to's error", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
