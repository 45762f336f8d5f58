package reports

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// TestCompareWorkbook reads the comparison workbook back: its sheets, that
// every chart reference names a range, and that each matrix cell equals the
// comparison JSON.
func TestCompareWorkbook(t *testing.T) {
	text := string(must(configs.Example("default")))
	var scs []*model.Scenario
	for name, edit := range map[string]func(string) string{
		"base.yaml":      func(s string) string { return s },
		"recession.yaml": func(s string) string { return strings.Replace(s, "mean_years: 6", "mean_years: 3", 1) },
	} {
		doc, err := configs.Decode(name, []byte(edit(text)))
		if err != nil {
			t.Fatal(err)
		}
		sc, err := configs.Resolve(doc, configs.Options{Overrides: configs.Overrides{Paths: &configs.Override[int]{Value: 200, From: "test"}}})
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, sc)
	}
	slices.SortFunc(scs, func(a, b *model.Scenario) int { return strings.Compare(a.Info.Source.File, b.Info.Source.File) })
	c, err := batch.Compare(context.Background(), scs, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "compare.xlsx")
	if err := WriteCompareWorkbook(path, c, "test", "divsim compare base.yaml recession.yaml"); err != nil {
		t.Fatal(err)
	}
	refs := chartRefs(t, path) // also fails on any reference that is not a range
	if len(refs) != len(compareMetrics()) {
		t.Errorf("%d charts, want one per metric (%d)", len(refs), len(compareMetrics()))
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Compare", "Assumptions 1", "Assumptions 2"}) {
		t.Errorf("sheets %v", got)
	}
	data, err := NewCompareDocument(c, Meta{Version: "test"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Metrics map[string][][]*float64 `json:"metrics"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Compare", excelize.Options{RawCellValue: true})
	// Find each metric's title row and check its matrix below the header.
	for _, m := range compareMetrics() {
		r := slices.IndexFunc(rows, func(row []string) bool { return len(row) > 0 && row[0] == m.Title })
		if r < 0 {
			t.Fatalf("no %q table", m.Title)
		}
		for p := range c.Portfolios {
			for s := range c.Scenarios {
				got := rows[r+2+p][1+s]
				want := doc.Metrics[m.Key][p][s]
				if want == nil {
					if got != "baseline" {
						t.Errorf("%s [%d][%d] = %q, want baseline", m.Key, p, s, got)
					}
					continue
				}
				var x float64
				if err := json.Unmarshal([]byte(got), &x); err != nil || math.Abs(x-*want) > 1e-9*math.Max(1, math.Abs(*want)) {
					t.Errorf("%s [%d][%d] = %q, JSON %v", m.Key, p, s, got, *want)
				}
			}
		}
	}
}

func must(data []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return data
}
