package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/configs"
)

// solveJSON is divsim solve's JSON (SCENARIO.md, "Sustainable spending").
type solveJSON struct {
	Format     int     `json:"format"`
	Scenario   string  `json:"scenario"`
	Seed       uint64  `json:"seed"`
	Paths      int     `json:"paths"`
	Success    float64 `json:"success"`
	Portfolios []struct {
		Name string          `json:"name"`
		SWR  map[string]any  `json:"swr"`
		PWR  json.RawMessage `json:"pwr"`
	} `json:"portfolios"`
}

// TestSolveCommand: `divsim solve` prints the table, writes the contract's
// JSON (with null for a figure out of reach) and a workbook whose first
// sheet charts the success rate against the withdrawal rate, one line per
// portfolio.
func TestSolveCommand(t *testing.T) {
	clearEnv(t)
	light := strings.Replace(string(mustDefault(t)), "amount: -40000", "amount: -5000", 1)
	path := writeScenario(t, "plan.yaml", light)
	out := filepath.Join(filepath.Dir(path), "solve.xlsx")
	code, stdout, stderr := runDivsim(t, "solve", path, "--paths", "400", "--success", "0.8", "--json", "-", "--out", out, "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc solveJSON
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("solve JSON: %v\n%s", err, stdout)
	}
	if doc.Format != 1 || doc.Paths != 400 || doc.Success != 0.8 || len(doc.Portfolios) != 6 {
		t.Fatalf("solve JSON header %+v", doc)
	}
	for _, p := range doc.Portfolios {
		for _, key := range []string{"rate", "amount", "rate_lo", "rate_hi", "amount_lo", "amount_hi"} {
			if _, ok := p.SWR[key]; !ok {
				t.Errorf("%s: swr has no %q: %v", p.Name, key, p.SWR)
			}
		}
		if p.SWR["amount"].(float64) != p.SWR["rate"].(float64)*1e6 {
			t.Errorf("%s: swr amount %v is not rate × 1,000,000 (%v)", p.Name, p.SWR["amount"], p.SWR["rate"])
		}
	}
	if !strings.Contains(stderr, "the most each portfolio can spend with 80% success") {
		t.Errorf("no table on stderr with --json -:\n%s", stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) < 2 || sheets[0] != "Sustainable spending" {
		t.Fatalf("sheets %v", sheets)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	charts := 0
	for _, file := range zr.File {
		if strings.HasPrefix(file.Name, "xl/charts/chart") {
			charts++
			// Each chart draws the target as a line (its name is in a cell
			// of the data sheet, which the series refers to).
			rc, err := file.Open()
			if err != nil {
				t.Fatal(err)
			}
			xml, _ := io.ReadAll(rc)
			rc.Close()
			if n := strings.Count(string(xml), "<ser>"); n != 7 {
				t.Errorf("%s: %d series, want the 6 portfolios and the target", file.Name, n)
			}
		}
	}
	if charts != 2 {
		t.Errorf("%d charts in the workbook, want 2 (never out of money, ends with the initial amount)", charts)
	}
}

// TestSolveGuardrailsShowsWhatWasPaid: a guardrails rule's swr comes with
// what the rule paid there (cuts keep paths alive, so the rate alone
// overstates what a client can count on): in the table, in the JSON as
// swr_spending (its first year the swr's amount) and in the workbook,
// whose sheet of the rates tried is hidden from print.
func TestSolveGuardrailsShowsWhatWasPaid(t *testing.T) {
	clearEnv(t)
	data, err := configs.Example("retirement")
	if err != nil {
		t.Fatal(err)
	}
	path := writeScenario(t, "r.yaml", string(data))
	out := filepath.Join(filepath.Dir(path), "r-solve.xlsx")
	code, stdout, stderr := runDivsim(t, "solve", path, "--paths", "300", "--json", "-", "--out", out, "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Portfolios []struct {
			Name        string             `json:"name"`
			SWR         map[string]float64 `json:"swr"`
			SWRSpending *struct {
				FirstYear float64 `json:"first_year"`
				CutYears  struct {
					ProbAny float64 `json:"prob_any"`
				} `json:"cut_years"`
			} `json:"swr_spending"`
		} `json:"portfolios"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("solve JSON: %v\n%s", err, stdout)
	}
	for _, p := range doc.Portfolios {
		if p.SWRSpending == nil {
			t.Fatalf("%s: no swr_spending under guardrails:\n%s", p.Name, stdout)
		}
		if p.SWRSpending.FirstYear != p.SWR["amount"] {
			t.Errorf("%s: swr_spending.first_year %v, want the swr's amount %v", p.Name, p.SWRSpending.FirstYear, p.SWR["amount"])
		}
	}
	if !strings.Contains(stderr, "What the rule paid at the sustainable rate") {
		t.Errorf("no table of what the rule paid:\n%s", stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if visible, err := f.GetSheetVisible("Success by rate"); err != nil || visible {
		t.Errorf("sheet Success by rate visible %v (%v), want hidden", visible, err)
	}
	if cells, err := f.SearchSheet("Sustainable spending", "What the rule paid at the sustainable rate, on the same paths"); err != nil || len(cells) != 1 {
		t.Errorf("workbook: what the rule paid found at %v (%v), want once", cells, err)
	}
}

// TestSolveRefuses: bad input exits 2 with the key or flag named, and
// writes nothing.
func TestSolveRefuses(t *testing.T) {
	clearEnv(t)
	for _, tc := range []struct {
		name, block string
		args        []string
		want        string
	}{
		{"percent rule", "{rule: percent, rate: 0.04}", nil, "plan.yaml: spending.rule: is percent"}, // the file's key, named with the file
		{"success of 1", "", []string{"--success", "1"}, "divsim: --success: is 1"},                  // a flag's
		{"unknown method", "", []string{"--method", "newton"}, `--method: is "newton"`},
		{"exact for guardrails", "{rule: guardrails, initial_rate: 0.05}", []string{"--method", "exact"}, "divsim: --method: exact needs a rule whose every year scales with its first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := string(mustDefault(t))
			if tc.block != "" {
				text = withSpendingRule(t, tc.block)
			}
			path := writeScenario(t, "plan.yaml", text)
			out := filepath.Join(filepath.Dir(path), "out.xlsx")
			args := append([]string{"solve", path, "--paths", "100", "--out", out, "--json", filepath.Join(filepath.Dir(path), "out.json")}, tc.args...)
			code, _, stderr := runDivsim(t, args...)
			if code != exitInvalid || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, tc.want)
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 1 {
				t.Errorf("files left: %v", entries)
			}
		})
	}
}
