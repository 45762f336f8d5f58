package reports

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// manyAssets is a scenario of n assets (two groups: stocks correlated .7
// among themselves, bonds .5, .2 across) and one portfolio holding them all.
func manyAssets(n int) string {
	var b strings.Builder
	b.WriteString("format: 1\nscenario: {name: Many assets}\nsimulation: {horizon_years: 5, paths: 50, seed: 1}\nassets:\n")
	stock := func(i int) bool { return i < n/2 }
	for i := range n {
		fmt.Fprintf(&b, "  - {id: asset_%02d, name: Asset number %d, expected_return: 0.05, volatility: 0.1}\n", i, i)
	}
	b.WriteString("correlations:\n  base:\n")
	for i := range n {
		row := make([]string, n)
		for j := range n {
			switch {
			case i == j:
				row[j] = "1"
			case stock(i) && stock(j):
				row[j] = "0.7"
			case !stock(i) && !stock(j):
				row[j] = "0.5"
			default:
				row[j] = "0.2"
			}
		}
		fmt.Fprintf(&b, "    - [%s]\n", strings.Join(row, ", "))
	}
	b.WriteString("cashflows: {initial: 100000}\nportfolios:\n  - name: Everything\n    sleeves:\n")
	for i := range n {
		fmt.Fprintf(&b, "      - {name: Sleeve %d, weight: %g, holdings: {asset_%02d: 1}}\n", i, 1/float64(n), i)
	}
	return b.String()
}

// TestCorrelationsSheetForManyAssets: up to inlineAssets assets the
// matrices print on the Assumptions sheet; with more they move to a
// Correlations sheet of their own, right after it, which the Assumptions
// sheet and the disclosures point to, with every coefficient in place.
func TestCorrelationsSheetForManyAssets(t *testing.T) {
	for _, n := range []int{inlineAssets, inlineAssets + 2} {
		t.Run(fmt.Sprintf("%d assets", n), func(t *testing.T) {
			sc := resolve(t, "default", 50, func(string) string { return manyAssets(n) })
			path, _ := writeTestWorkbook(t, sc)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheets := f.GetSheetList()
			at := slices.Index(sheets, "Assumptions")
			apart := n > inlineAssets
			if got := slices.Contains(sheets, "Correlations"); got != apart {
				t.Fatalf("sheets %v: Correlations present %v, want %v", sheets, got, apart)
			}
			matrixSheet := "Assumptions"
			if apart {
				if sheets[at+1] != "Correlations" {
					t.Errorf("sheets %v: want Correlations right after Assumptions", sheets)
				}
				matrixSheet = "Correlations"
				if !sheetHas(t, f, "Assumptions", "on the Correlations sheet") {
					t.Error("Assumptions does not point to the Correlations sheet")
				}
				if !sheetHas(t, f, "Disclosures", "the Assumptions and Correlations sheets") {
					t.Error("Disclosures do not name the Correlations sheet")
				}
			}
			if got := sheetHas(t, f, "Assumptions", "Correlations: base"); got == apart {
				t.Errorf("Assumptions holds the matrix: %v, want %v", got, !apart)
			}
			// The matrix: names down, across them too on the Assumptions
			// sheet and ids (upright) on a Correlations sheet, the
			// coefficients in place.
			rows, err := f.GetRows(matrixSheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			top := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "Correlations: base" })
			if top < 0 {
				t.Fatalf("%s: no matrix titled Correlations: base", matrixSheet)
			}
			head := rows[top+1]
			for j, a := range sc.Assets {
				want := a.Name
				if matrixSheet == "Correlations" {
					want = a.ID
				}
				if head[1+j] != want {
					t.Fatalf("header column %d = %q, want %q", 1+j, head[1+j], want)
				}
			}
			for i, a := range sc.Assets {
				row := rows[top+2+i]
				if row[0] != a.Name {
					t.Fatalf("row %d names %q, want %q", i, row[0], a.Name)
				}
				for j := range n {
					if want := fmt.Sprint(sc.Correlations[0].Matrix.At(i, j)); row[1+j] != want {
						t.Fatalf("ρ(%s, %s) = %s, want %s", a.ID, sc.Assets[j].ID, row[1+j], want)
					}
				}
			}
		})
	}
}

// sheetHas reports whether some cell of sheet contains text.
func sheetHas(t *testing.T, f *excelize.File, sheet, text string) bool {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, c := range row {
			if strings.Contains(c, text) {
				return true
			}
		}
	}
	return false
}
