package history

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/extrame/xls"
)

func readTable(t *testing.T) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(Dataset())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestBuildReproducesShippedTable: the build from the raw files gives the
// embedded table byte for byte (run `go generate ./history` after changing
// either).
func TestBuildReproducesShippedTable(t *testing.T) {
	got, err := Build(os.DirFS("raw"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, Dataset()) {
		t.Error("Build(raw) differs from us_monthly.csv: run go generate ./history")
	}
}

// TestTableShape: 833 consecutive months from 1954-07 to 2023-11 (the window
// in which every raw series exists, SOURCES.md), every cell well formed.
func TestTableShape(t *testing.T) {
	rows := readTable(t)
	header := []string{"date", "us_market", "us_small", "us_large", "tbill", "bonds_10y", "inflation", "recession", "rate_regime", "growth"}
	if got := rows[0]; len(got) != len(header) {
		t.Fatalf("header %v, want %v", got, header)
	}
	for i, h := range header {
		if rows[0][i] != h {
			t.Errorf("column %d is %q, want %q", i, rows[0][i], h)
		}
	}
	rows = rows[1:]
	if len(rows) != 833 {
		t.Errorf("%d months, want 833", len(rows))
	}
	want := NewMonth(1954, 7)
	for _, r := range rows {
		if r[0] != want.String() {
			t.Fatalf("month %s where %s was due", r[0], want)
		}
		want++
		for c := 1; c <= 6; c++ {
			v, err := strconv.ParseFloat(r[c], 64)
			if err != nil || math.Abs(v) > 0.5 { // no month moved any of these by half
				t.Errorf("%s %s: %q", r[0], header[c], r[c])
			}
		}
		if r[7] != "0" && r[7] != "1" {
			t.Errorf("%s recession %q", r[0], r[7])
		}
		if r[8] != "cutting" && r[8] != "steady" && r[8] != "hiking" {
			t.Errorf("%s rate_regime %q", r[0], r[8])
		}
		if want := map[string]string{"0": "expansion", "1": "recession"}[r[7]]; r[9] != want {
			t.Errorf("%s growth %q with recession %s", r[0], r[9], r[7])
		}
	}
	if last := rows[len(rows)-1][0]; last != "2023-11" {
		t.Errorf("last month %s, want 2023-11", last)
	}
}

// TestValuesAgainstRaw checks cells against the raw files' lines, worked by
// hand: F-F 195407 "5.00, 1.05, 4.14, 0.05"; size deciles 195407 Lo 10
// 11.81, Hi 10 4.21; GS10 1954-06 2.38 → 1954-07 2.30; FEDFUNDS 1954-07 0.8,
// 1954-08 1.22, 1954-10 0.85; NBER: recession until 1954-05 and from
// 1957-09; CPI 2023-10 307.619 → 2023-11 307.917.
func TestValuesAgainstRaw(t *testing.T) {
	byDate := map[string][]string{}
	for _, r := range readTable(t)[1:] {
		byDate[r[0]] = r
	}
	cell := func(date string, col int) string { return byDate[date][col] }
	for _, tc := range []struct {
		date string
		col  int
		want string
	}{
		{"1954-07", 1, "0.0505"}, // Mkt-RF + RF = 5.00 + 0.05 percent
		{"1954-07", 2, "0.1181"}, // Lo 10
		{"1954-07", 3, "0.0421"}, // Hi 10
		{"1954-07", 4, "0.0005"}, // RF
		{"2023-11", 1, "0.0932"}, // 8.88 + 0.44
		{"2023-11", 2, "0.0599"},
		{"2023-11", 3, "0.0920"},
		{"1954-07", 8, "steady"},   // no earlier month: change 0
		{"1954-08", 8, "hiking"},   // 1.22 − 0.80 = +0.42
		{"1954-10", 8, "steady"},   // 0.85 − 0.80 = +0.05
		{"1954-07", 7, "0"},        // the 1953-54 recession ended in May 1954
		{"1957-09", 7, "1"},        // the 1957-58 recession began in September 1957
		{"2020-04", 7, "1"},        // COVID
		{"2023-11", 6, "0.000969"}, // FRED CPI ratio, written to 6 places
	} {
		if got := cell(tc.date, tc.col); got != tc.want {
			t.Errorf("%s column %d = %q, want %q", tc.date, tc.col, got, tc.want)
		}
	}
	// The bond return of 1954-07: carry 2.38 %/12 plus the repricing of a
	// 2.38 % 10-year par bond at 2.30 %.
	y0, y1 := 0.0238, 0.0230
	price := 0.0
	for k := 1; k <= 20; k++ {
		price += y0 / 2 / math.Pow(1+y1/2, float64(k))
	}
	price += 1 / math.Pow(1+y1/2, 20)
	if got, want := cell("1954-07", 5), strconv.FormatFloat(y0/12+price-1, 'f', 6, 64); got != want {
		t.Errorf("1954-07 bond return %s, want %s", got, want)
	}
}

// TestBondReturn: an unchanged yield earns exactly the month's carry; a
// small change moves the price by minus the modified duration of a par bond
// (semiannual, 10 years: (1 − (1+y/2)^−20)/y) times the change, to first
// order.
func TestBondReturn(t *testing.T) {
	for _, y := range []float64{0.01, 0.05, 0.12} {
		if got := BondReturn(y, y); math.Abs(got-y/12) > 1e-15 {
			t.Errorf("unchanged %v: %v, want %v", y, got, y/12)
		}
		dy := 1e-6
		dur := (1 - math.Pow(1+y/2, -20)) / y
		got := (BondReturn(y, y+dy) - y/12) / dy
		if math.Abs(got+dur) > 1e-3*dur {
			t.Errorf("yield %v: price sensitivity %v, want −%v", y, got, dur)
		}
	}
	if got := BondReturn(0, 0); got != 0 {
		t.Errorf("zero yields: %v, want 0", got)
	}
}

// TestBondReturnsAgainstDamodaran compares the table's 10-year Treasury
// returns, compounded over each calendar year, with Damodaran's annual
// T-bond returns, recomputed from the year-end yields in his workbook
// (raw/histretSP.xls, sheet "T. Bond yield & return") by his stated method:
// a 10-year bond with annual coupons issued at par at the previous year-end
// yield, repriced at this year-end's yield, plus the coupon. (The library
// reading .xls files does not evaluate his return formulas, only the yields
// they use.) The methods differ in compounding (monthly repricing and carry
// here, one annual repricing there) and in the yields (monthly averages
// here, year-end there), so the years differ by up to a few points; over
// 1955-2022 they must agree closely on average.
func TestBondReturnsAgainstDamodaran(t *testing.T) {
	wb, err := xls.Open("raw/histretSP.xls", "utf-8")
	if err != nil {
		t.Fatal(err)
	}
	var sheet *xls.WorkSheet
	for i := range wb.NumSheets() {
		if s := wb.GetSheet(i); s.Name == "T. Bond yield & return" {
			sheet = s
		}
	}
	if sheet == nil {
		t.Fatal("no sheet \"T. Bond yield & return\"")
	}
	yield := map[int]float64{}
	for r := 0; r <= int(sheet.MaxRow); r++ {
		row := sheet.Row(r)
		if row == nil {
			continue
		}
		year, err1 := strconv.Atoi(row.Col(0))
		y, err2 := strconv.ParseFloat(row.Col(1), 64)
		if err1 == nil && err2 == nil {
			yield[year] = y
		}
	}
	damodaran := func(year int) float64 {
		c, y := yield[year-1], yield[year]
		price := 0.0
		for k := 1; k <= 10; k++ {
			price += c / math.Pow(1+y, float64(k))
		}
		price += 1 / math.Pow(1+y, 10)
		return c + price - 1
	}
	ours := map[int]float64{}
	for _, r := range readTable(t)[1:] {
		year, _ := strconv.Atoi(r[0][:4])
		v, _ := strconv.ParseFloat(r[5], 64)
		if _, ok := ours[year]; !ok {
			ours[year] = 1
		}
		ours[year] *= 1 + v
	}
	var sumAbs, sumDiff float64
	n := 0
	for year := 1955; year <= 2022; year++ {
		_, ok0 := yield[year-1]
		if _, ok1 := yield[year]; !ok0 || !ok1 {
			continue // the .xls reader returns no value for 2009 and 2010
		}
		d := ours[year] - 1 - damodaran(year)
		if math.Abs(d) > 0.04 {
			t.Errorf("%d: ours %.4f, Damodaran's method %.4f", year, ours[year]-1, damodaran(year))
		}
		sumAbs += math.Abs(d)
		sumDiff += d
		n++
	}
	if n < 60 {
		t.Fatalf("only %d years compared, want at least 60", n)
	}
	if mad := sumAbs / float64(n); mad > 0.01 {
		t.Errorf("mean absolute difference %.4f over %d years, want at most 0.01", mad, n)
	}
	if bias := sumDiff / float64(n); math.Abs(bias) > 0.005 {
		t.Errorf("mean difference %.4f over %d years, want within ±0.005", bias, n)
	}
	t.Logf("1955-2022: mean |difference| %.4f, mean difference %+.4f", sumAbs/float64(n), sumDiff/float64(n))
}
