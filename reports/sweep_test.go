package reports

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/sim"
)

// TestSweepWorkbook reads the sweep workbook back: sheets, three valid
// charts per swept portfolio, and table values equal to the sweep JSON.
func TestSweepWorkbook(t *testing.T) {
	sc := resolve(t, "default", 200, nil)
	spec := batch.SweepSpec{Sleeve: "Small-cap sleeve", From: 0, To: 0.2, Step: 0.1}
	groups, err := batch.PlanSweep(sc, spec)
	if err != nil {
		t.Fatal(err)
	}
	results, err := batch.RunSweep(context.Background(), groups, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sweep.xlsx")
	if err := WriteSweepWorkbook(path, sc, spec, results, "test", "divsim sweep x.yaml"); err != nil {
		t.Fatal(err)
	}
	if refs := chartRefs(t, path); len(refs) != 3*len(results) {
		t.Errorf("%d charts, want 3 per swept portfolio (%d)", len(refs), 3*len(results))
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Sweep", "Assumptions"}) {
		t.Errorf("sheets %v", got)
	}
	data, err := NewSweepDocument(sc, spec, results, Meta{Version: "test"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	var doc SweepDocument
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Sweep", excelize.Options{RawCellValue: true})
	for _, g := range doc.Groups {
		r := slices.IndexFunc(rows, func(row []string) bool { return len(row) > 0 && row[0] == g.Name })
		if r < 0 {
			t.Fatalf("no table for %s", g.Name)
		}
		for i, pt := range g.Points {
			row := rows[r+2+i]
			for col, want := range map[int]float64{0: pt.Weight, 1: pt.AnnualizedReturn.P50, 2: pt.Volatility.P50, 3: pt.MaxDrawdown.P95, 4: pt.CVaR95, 6: pt.SuccessRate} {
				var got float64
				if err := json.Unmarshal([]byte(row[col]), &got); err != nil || math.Abs(got-want) > 1e-12 {
					t.Errorf("%s point %d column %d = %q, JSON %v", g.Name, i, col, row[col], want)
				}
			}
		}
	}
}
