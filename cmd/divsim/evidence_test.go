package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/reports"
)

// TestEvidenceCommand: `divsim evidence` on the history example prints the
// study in plain words, writes its JSON (every event, each span's figures,
// the benchmark's differences from itself null) and a workbook whose
// History sheet is followed by the Disclosures with the FINRA legend.
func TestEvidenceCommand(t *testing.T) {
	clearEnv(t)
	data, err := configs.Example("history")
	if err != nil {
		t.Fatal(err)
	}
	path := writeScenario(t, "hist.yaml", string(data))
	out := filepath.Join(filepath.Dir(path), "ev.xlsx")
	code, stdout, stderr := runDivsim(t, "evidence", path, "--benchmark", "us_large", "--json", "-", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Benchmark string `json:"benchmark"`
		Labels    []struct {
			Column, Label string
			Months        int
		} `json:"labels"`
		FirstCut struct {
			Events []struct {
				Month   string                `json:"month"`
				Returns map[string][]*float64 `json:"returns"`
			} `json:"events"`
			Spans []struct {
				Months int `json:"months"`
				Assets []struct {
					ID         string   `json:"id"`
					Count      int      `json:"count"`
					ExcessMean *float64 `json:"excess_mean"`
				} `json:"assets"`
			} `json:"spans"`
		} `json:"first_cut"`
		Findings []string `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("evidence JSON: %v", err)
	}
	if doc.Benchmark != "us_large" || len(doc.FirstCut.Events) == 0 || len(doc.FirstCut.Spans) != 3 || len(doc.Labels) == 0 {
		t.Fatalf("evidence JSON %+v", doc)
	}
	for _, sp := range doc.FirstCut.Spans {
		for _, a := range sp.Assets {
			if (a.ID == "us_large") != (a.ExcessMean == nil) {
				t.Errorf("%d months, %s: excess mean %v; want null exactly for the benchmark", sp.Months, a.ID, a.ExcessMean)
			}
			if a.Count == 0 || a.Count > len(doc.FirstCut.Events) {
				t.Errorf("%d months, %s: %d events of %d", sp.Months, a.ID, a.Count, len(doc.FirstCut.Events))
			}
		}
	}
	if len(doc.Findings) == 0 || !strings.Contains(doc.Findings[0], "easing cycles since") || !strings.Contains(stderr, "not a forecast") {
		t.Errorf("findings %q; stderr:\n%s", doc.Findings, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if sheets[0] != "History" || sheets[len(sheets)-1] != "Disclosures" {
		t.Errorf("sheets %v", sheets)
	}
	// History projects nothing: its legend warns without calling its
	// figures hypothetical.
	if legend, _ := f.GetCellValue("Disclosures", "A3"); legend != reports.HistoryLegend {
		t.Errorf("Disclosures!A3 = %q, want the history legend", legend)
	}
	// No Assumptions sheet lists the command that reproduces the workbook,
	// so its Disclosures give it.
	if found, _ := f.SearchSheet("Disclosures", "The command that reproduces it: divsim evidence .*hist.yaml", true); len(found) != 1 {
		t.Error("the Disclosures do not give the command that reproduces the workbook")
	}
	// Each span's table names the benchmark its differences are from, and
	// its median row says it is the median of the differences (beside two
	// equal medians, a "median difference" of −4 points read as an error).
	for pattern, want := range map[string]int{`^The \d+ months after each easing cycle's first rate cut \(differences from US Large`: 3,
		"^Median of the differences$": 3, "^Median difference$": 0} {
		if found, err := f.SearchSheet("History", pattern, true); err != nil || len(found) != want {
			t.Errorf("History has %d cells matching %q (%v), want %d", len(found), pattern, err, want)
		}
	}
}

// TestEvidenceRefuses: no asset with a history column, or an unknown
// benchmark, exit 2 naming the key or flag.
func TestEvidenceRefuses(t *testing.T) {
	clearEnv(t)
	plain := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	data, _ := configs.Example("history")
	hist := writeScenario(t, "hist.yaml", string(data))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"evidence", plain}, "assets[].history: no asset names a history column"},
		{[]string{"evidence", hist, "--benchmark", "us_larg"}, `--benchmark: is "us_larg" (did you mean us_large?`},
	} {
		code, _, stderr := runDivsim(t, tc.args...)
		if code != exitInvalid || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}
