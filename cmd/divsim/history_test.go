package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const bootstrapScenario = `format: 1
simulation: {horizon_years: 3, paths: 300, return_model: bootstrap, block_months: 2}
assets:
  - {id: stocks, history: equity}
  - {id: bonds, history: bonds}
cashflows: {initial: 1000}
portfolios:
  - {name: Mix, sleeves: [{name: S, weight: 0.6, holdings: {stocks: 1}}, {name: B, weight: 0.4, holdings: {bonds: 1}}]}
`

// myHistory is 36 months of two made-up return columns.
func myHistory() string {
	var b strings.Builder
	b.WriteString("date,equity,bonds\n")
	for i := range 36 {
		b.WriteString(strings.Join([]string{
			"20" + itoa(10+i/12) + "-" + twoDigits(i%12+1),
			[]string{"0.02", "-0.01", "0.015"}[i%3],
			[]string{"0.003", "0.004"}[i%2],
		}, ",") + "\n")
	}
	return b.String()
}

func twoDigits(m int) string {
	if m < 10 {
		return "0" + itoa(m)
	}
	return itoa(m)
}

// TestHistoryFlag: --history replaces the shipped table; the results JSON
// names it with its digest; a broken history file is refused with exit 2
// and each problem's line and column.
func TestHistoryFlag(t *testing.T) {
	clearEnv(t)
	plan := writeScenario(t, "plan.yaml", bootstrapScenario)
	dir := t.TempDir()
	good := filepath.Join(dir, "mine.csv")
	os.WriteFile(good, []byte(myHistory()), 0o644)
	out := filepath.Join(dir, "r.json")
	code, _, stderr := runDivsim(t, "run", plan, "--history", good, "--json", out, "--no-report", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		History *struct{ File, SHA256 string } `json:"history"`
	}
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &doc); err != nil || doc.History == nil || doc.History.File != good || len(doc.History.SHA256) != 64 {
		t.Errorf("history in JSON: %+v (%v)", doc.History, err)
	}

	// Without --history the shipped table has no column "equity".
	code, _, stderr = runDivsim(t, "validate", plan)
	if code != 2 || !strings.Contains(stderr, `assets[0].history (stocks): "equity" is not a numeric column of divsim US monthly`) {
		t.Errorf("shipped table: exit %d, stderr %q", code, stderr)
	}

	bad := filepath.Join(dir, "bad.csv")
	text := strings.Replace(myHistory(), "2010-03,0.015", "2010-03,n/a", 1)
	text = strings.Replace(text, "2011-05,", "2011-06,", 1)
	os.WriteFile(bad, []byte(text), 0o644)
	code, _, stderr = runDivsim(t, "run", plan, "--history", bad, "--no-report", "-q")
	for _, want := range []string{
		bad + `: line 4, column 2 (equity): "n/a" is not a number`,
		bad + ": line 18, column 1: 2011-06 follows 2011-04 (want consecutive months: 2011-05 is missing)",
		bad + ": line 19, column 1: 2011-06 follows 2011-06 (want consecutive months: the month appears twice)",
	} {
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("broken history: exit %d, stderr %q; want 2 and %q", code, stderr, want)
		}
	}
	code, _, stderr = runDivsim(t, "validate", plan, "--history", filepath.Join(dir, "none.csv"))
	if code != 2 || !strings.Contains(stderr, "cannot read: no such file or directory") {
		t.Errorf("missing history: exit %d, stderr %q", code, stderr)
	}
}

// TestHistoryInPercentRefused: a history written in percent (1.5 for
// 1.5 %) is refused, not simulated as 150 % months.
func TestHistoryInPercentRefused(t *testing.T) {
	clearEnv(t)
	plan := writeScenario(t, "plan.yaml", bootstrapScenario)
	pct := filepath.Join(t.TempDir(), "pct.csv")
	text := strings.NewReplacer(",0.02,", ",2,", ",-0.01,", ",-1,", ",0.015,", ",1.5,").Replace(myHistory())
	os.WriteFile(pct, []byte(text), 0o644)
	code, _, stderr := runDivsim(t, "validate", plan, "--history", pct)
	if code != 2 || !strings.Contains(stderr, "assets[0].history (stocks): column equity of "+pct+" has -1 in 2010-02 (want monthly returns as decimal fractions above -1") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	text = strings.NewReplacer(",0.02,", ",2,", ",-0.01,", ",0.5,", ",0.015,", ",1.5,").Replace(myHistory())
	os.WriteFile(pct, []byte(text), 0o644)
	code, _, stderr = runDivsim(t, "validate", plan, "--history", pct)
	if code != 2 || !strings.Contains(stderr, "has a median absolute value of 1.5 a month (want monthly returns as decimal fractions, e.g. 0.015 for 1.5%; the column looks like percent)") {
		t.Errorf("percent: exit %d, stderr %q", code, stderr)
	}
}

// TestHistoryFlagReachesTheWorkbook: a run on --history records the flag
// in the command that reproduces its workbook (without it, a rerun read
// the shipped table), and the merge of its shards writes the same
// workbook, History sheet and command included (merge dropped the sheet).
func TestHistoryFlagReachesTheWorkbook(t *testing.T) {
	clearEnv(t)
	plan := writeScenario(t, "plan.yaml", bootstrapScenario)
	dir := t.TempDir()
	mine := filepath.Join(dir, "mine.csv")
	os.WriteFile(mine, []byte(myHistory()), 0o644)
	one := filepath.Join(dir, "one.xlsx")
	if code, _, stderr := runDivsim(t, "run", plan, "--history", mine, "--out", one, "-q"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	var parts []string
	for i := range 2 {
		p := filepath.Join(dir, itoa(i)+".divsim")
		if code, _, stderr := runDivsim(t, "run", plan, "--history", mine, "-q", "--shard", itoa(i)+"/2", "--partial", p); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
		parts = append(parts, p)
	}
	merged := filepath.Join(dir, "merged.xlsx")
	if code, _, stderr := runDivsim(t, append([]string{"merge", "-q", "--out", merged}, parts...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	for _, book := range []string{one, merged} {
		f, err := excelize.OpenFile(book)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(f.GetSheetList(), "History") {
			t.Errorf("%s: sheets %v, want a History sheet", filepath.Base(book), f.GetSheetList())
		}
		rows, _ := f.GetRows("Assumptions")
		// The command's lines, a row each, the first labeled, each but
		// the last ending in " \".
		command := ""
		for i, r := range rows {
			if len(r) > 1 && r[0] == "Reproduce with" {
				for j := i; j < len(rows) && len(rows[j]) > 1 && (j == i || rows[j][0] == ""); j++ {
					command += strings.TrimSpace(strings.TrimSuffix(rows[j][1], "\\")) + " "
				}
			}
		}
		if !strings.Contains(command, "--history "+mine) {
			t.Errorf("%s: reproduce with %q, want --history %s", filepath.Base(book), command, mine)
		}
		f.Close()
	}
}
