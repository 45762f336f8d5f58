package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/configs"
)

// peakHeap runs f and returns the largest heap (live and not yet collected
// objects) seen while it ran, sampled every millisecond.
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				read()
			}
		}
	}()
	f()
	close(done)
	<-stopped
	read()
	return peak.Load()
}

// refusedBudget is the memory a refused input may use: reading and
// checking a file, however hostile (an alias bomb, 20,000-deep nesting), must
// stay far below any run's estimate.
const refusedBudget = 64 << 20

// TestCatalogueStaysWithinLimits runs every catalogued input through the
// command line: each broken one in configs/testdata/invalid is refused
// (exit 2, its problems on stderr) using less than refusedBudget; each
// valid but extreme one in testdata/hostile, and a scenario of 200 assets,
// runs (exit 0) within its memory estimate and its --max-time, and writes a
// workbook that opens and a results JSON.
func TestCatalogueStaysWithinLimits(t *testing.T) {
	clearEnv(t)
	// Both catalogues listed first, as absolute paths: a run below works
	// in a folder of its own, and the hostile ones, read after the broken
	// ones from a relative path, were once not found at all.
	valid, _ := filepath.Glob("testdata/hostile/*.yaml")
	for i, path := range valid {
		valid[i], _ = filepath.Abs(path)
	}
	broken, _ := filepath.Glob("../../configs/testdata/invalid/*")
	n := 0
	for _, path := range broken {
		if strings.HasSuffix(path, ".want") {
			continue
		}
		abs, _ := filepath.Abs(path)
		var code int
		var stderr string
		peak := peakHeap(func() { code, _, stderr = runDivsim(t, "run", abs, "--no-report", "-q") })
		if code != 2 || stderr == "" {
			t.Errorf("%s: exit %d, stderr %q; want 2 with its problems", filepath.Base(path), code, stderr)
		}
		if peak > refusedBudget {
			t.Errorf("%s: refusing it took %d MiB, want under %d", filepath.Base(path), peak>>20, refusedBudget>>20)
		}
		n++
	}
	if n < 60 {
		t.Errorf("%d catalogued broken inputs, want at least 60", n)
	}

	if len(valid) < 8 { // the folder's catalogue, lest this loop check nothing but the 200 assets
		t.Fatalf("%d hostile but valid scenarios in testdata/hostile, want at least 8", len(valid))
	}
	valid = append(valid, manyAssets(t, 200))
	t.Logf("%d broken inputs refused; running %d hostile but valid ones", n, len(valid))
	for _, path := range valid {
		abs, _ := filepath.Abs(path)
		name := filepath.Base(path)
		sc, err := configs.Load(abs, configs.Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		dir := t.TempDir()
		book, js := filepath.Join(dir, "r.xlsx"), filepath.Join(dir, "r.json")
		var code int
		var stderr string
		peak := peakHeap(func() {
			code, _, stderr = runDivsim(t, "run", abs, "--out", book, "--json", js, "--max-time", "2m", "-q")
		})
		if code != 0 {
			t.Errorf("%s: exit %d: %s", name, code, stderr)
			continue
		}
		if est := sc.MemoryEstimate(0); peak > est {
			t.Errorf("%s: peak heap %d MiB, above its estimate of %d MiB", name, peak>>20, est>>20)
		}
		f, err := excelize.OpenFile(book)
		if err != nil {
			t.Errorf("%s: workbook does not open: %v", name, err)
		} else {
			f.Close()
		}
		if data, err := os.ReadFile(js); err != nil || !strings.Contains(string(data), `"portfolios"`) {
			t.Errorf("%s: results JSON: %v", name, err)
		}
	}
}

// manyAssets writes a scenario of n assets (identity correlations, one
// portfolio holding them all equally) and returns its path.
func manyAssets(t *testing.T, n int) string {
	var b strings.Builder
	b.WriteString("format: 1\nsimulation: {horizon_years: 3, paths: 100}\nassets:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {id: a%d, expected_return: %.3f, volatility: %.3f}\n", i, 0.02+0.0003*float64(i), 0.05+0.001*float64(i))
	}
	b.WriteString("correlations:\n  base:\n")
	for i := range n {
		row := make([]string, n)
		for j := range row {
			row[j] = "0"
		}
		row[i] = "1"
		fmt.Fprintf(&b, "    - [%s]\n", strings.Join(row, ","))
	}
	b.WriteString("cashflows: {initial: 1000000}\nportfolios:\n  - name: Everything\n    sleeves:\n")
	for i := range n {
		fmt.Fprintf(&b, "      - {name: S%d, weight: %v, holdings: {a%d: 1}}\n", i, 1/float64(n), i)
	}
	return writeScenario(t, "many_assets.yaml", b.String())
}

// TestBatchIndexFormulaNames reproduces issue 19 item 3 end to end: a batch
// of testdata/hostile/formula_names.yaml wrote its names raw into
// index.csv, where a spreadsheet would run them. They now start with ',
// and the figures stay numbers.
func TestBatchIndexFormulaNames(t *testing.T) {
	clearEnv(t)
	in, _ := filepath.Abs("testdata/hostile/formula_names.yaml")
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runDivsim(t, "run", in, "--out-dir", out, "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := os.Open(filepath.Join(out, "index.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("index.csv: %d records, %v", len(recs), err)
	}
	checked := 0
	for j, h := range recs[0] {
		cell := recs[1][j]
		switch h {
		case "Scenario", "Client", "Baseline", "Portfolio with the highest median terminal wealth":
			checked++
			if !strings.HasPrefix(cell, "'") {
				t.Errorf("%s: %q, want it escaped with '", h, cell)
			}
		case "Baseline median terminal wealth (nominal)", "Highest median: median terminal wealth (nominal)",
			"Baseline success rate (share)", "Highest median: success rate (share)":
			checked++
			if _, err := strconv.ParseFloat(cell, 64); err != nil {
				t.Errorf("%s: %q, want a number", h, cell)
			}
		}
	}
	if checked != 8 { // a renamed column is checked no more
		t.Errorf("%d of the 8 columns checked found in %q", checked, recs[0])
	}
}
