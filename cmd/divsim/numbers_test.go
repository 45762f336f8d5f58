package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// numberLike is text that reads as a number: 1234, 1,234.5, 12 %, $5,000.
var numberLike = regexp.MustCompile(`^[-−+]?[$€£]?\d[\d,]*(\.\d+)?\s*%?$`)

// textNumbers lists the cells of a workbook that hold a number as text
// (which Excel flags, and which a formula or a sort treats as text), as
// "Sheet!A1 = text". The seed is left out: it is an identifier of up to 64
// bits, more digits than a spreadsheet number keeps.
func textNumbers(t *testing.T, path string) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var found []string
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if !numberLike.MatchString(strings.TrimSpace(v)) || (c > 0 && row[c-1] == "Seed") {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if typ, _ := f.GetCellType(sheet, ref); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
					found = append(found, sheet+"!"+ref+" = "+v)
				}
			}
		}
	}
	return found
}

// TestWorkbooksStoreNumbersAsNumbers reproduces issue 18: "Simulated
// paths" on the Summary was stored as text. It is now a number with a
// thousands format, and no cell of any workbook divsim writes (run, sweep,
// compare, solve, a batch's index, calibrate) holds a number as text.
func TestWorkbooksStoreNumbersAsNumbers(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	os.WriteFile(plan, []byte(strings.Replace(string(mustDefault(t)), "paths: 10000", "paths: 1200", 1)), 0o644)
	clients := filepath.Join(dir, "clients")
	os.Mkdir(clients, 0o755)
	os.WriteFile(filepath.Join(clients, "a.yaml"), []byte(scenario), 0o644)
	books := map[string][]string{
		"run.xlsx":         {"run", plan, "--out", filepath.Join(dir, "run.xlsx")},
		"sweep.xlsx":       {"sweep", plan, "--sleeve", "Small-cap sleeve", "--paths", "200", "--out", filepath.Join(dir, "sweep.xlsx")},
		"compare.xlsx":     {"compare", plan, plan, "--paths", "200", "--out", filepath.Join(dir, "compare.xlsx")},
		"solve.xlsx":       {"solve", plan, "--paths", "200", "--out", filepath.Join(dir, "solve.xlsx")},
		"out/index.xlsx":   {"run", clients, "--out-dir", filepath.Join(dir, "out")},
		"calibration.xlsx": {"calibrate", "--columns", "us_large,bonds_10y", "--states", "1", "--starts", "1", "--out", filepath.Join(dir, "calibration.xlsx"), "--fragment", filepath.Join(dir, "regimes.yaml")},
	}
	for name, args := range books {
		if code, _, stderr := runDivsim(t, append(args, "-q")...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if found := textNumbers(t, filepath.Join(dir, name)); len(found) > 0 {
			t.Errorf("%s holds numbers as text: %v", name, found)
		}
	}

	f, err := excelize.OpenFile(filepath.Join(dir, "run.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	for r, row := range rows {
		c := slices.Index(row, "Simulated paths") // its value two columns on (the details are two to a row)
		if c < 0 || len(row) < c+3 {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(c+3, r+1)
		typ, _ := f.GetCellType("Summary", ref)
		n, err := strconv.Atoi(row[c+2])
		if (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) || err != nil || n != 1200 {
			t.Errorf("Summary!%s holds %q of type %v, want the number 1200", ref, row[c+2], typ)
		}
		id, _ := f.GetCellStyle("Summary", ref)
		if st, err := f.GetStyle(id); err != nil || st.NumFmt != 3 {
			t.Errorf("Summary!%s's number format: %+v (%v), want #,##0 (3)", ref, st, err)
		}
		if shown, _ := f.GetCellValue("Summary", ref); shown != "1,200" {
			t.Errorf("Summary!%s shows %q, want 1,200", ref, shown)
		}
		return
	}
	t.Error(`no "Simulated paths" on the Summary sheet`)
}
