package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/reports"
)

// TestBatchRun: 20 scenario files, two of them broken, give 18 workbooks,
// an index of 20 rows with the two errors, and exit status 1; nothing is
// written outside --out-dir.
func TestBatchRun(t *testing.T) {
	clearEnv(t)
	root := t.TempDir()
	in := filepath.Join(root, "clients")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	base := strings.Replace(string(mustDefault(t)), "paths: 10000", "paths: 200", 1)
	for i := range 20 {
		text := strings.Replace(base, "client: Sample Household", fmt.Sprintf("client: Household %d", i), 1)
		switch i {
		case 4:
			text = strings.Replace(text, "volatility: 0.16", "volatility: -0.16", 1)
		case 11:
			text = strings.Replace(text, "expected_return: 0.068", "expected_retrun: 0.068", 1)
		}
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("client%02d.yaml", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(root, "reviews")
	code, _, stderr := runDivsim(t, "run", in, "--out-dir", out, "-q")
	if code != 1 {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"client04.yaml: assets[0].volatility (us_large): is -0.16", "client11.yaml: assets[0].expected_retrun (us_large): unknown key", "2 of 20 scenarios failed"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var books []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".xlsx") && e.Name() != "index.xlsx" {
			books = append(books, e.Name())
		}
	}
	if len(books) != 18 || slices.Contains(books, "client04.xlsx") || slices.Contains(books, "client11.xlsx") {
		t.Errorf("%d workbooks %v, want 18 without client04 and client11", len(books), books)
	}
	f, err := os.Open(filepath.Join(out, "index.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 21 {
		t.Fatalf("index.csv has %d rows, want a header and 20", len(records))
	}
	invalid := 0
	for _, r := range records[1:] {
		if r[1] == "invalid" {
			invalid++
			if !strings.Contains(r[len(r)-1], ".yaml: assets[0]") {
				t.Errorf("invalid row without its message: %v", r)
			}
		}
	}
	if invalid != 2 {
		t.Errorf("%d invalid rows, want 2", invalid)
	}
	idx, err := excelize.OpenFile(filepath.Join(out, "index.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := idx.GetRows("Index")
	idx.Close()
	// Every scenario has its line in index.xlsx, named by its workbook in
	// the third column; one that did not run by its file in the second, in
	// place of its scenario's name, with no workbook.
	for _, r := range records[1:] {
		name, col, workbook := r[4], 2, r[4] // Workbook
		if r[1] != "ok" {
			name, col, workbook = r[0], 1, "none" // File
		}
		if !slices.ContainsFunc(rows[reports.IndexHeaderRow:], func(row []string) bool { return len(row) > 2 && row[col] == name && row[2] == workbook }) {
			t.Errorf("index.xlsx has no line for %s", name)
		}
	}
	// Nothing outside --out-dir: the root holds only the inputs and the output folder.
	top, _ := os.ReadDir(root)
	if len(top) != 2 {
		t.Errorf("root holds %d entries, want clients/ and reviews/ only", len(top))
	}
	inputs, _ := os.ReadDir(in)
	if len(inputs) != 20 {
		t.Errorf("input folder holds %d entries, want the 20 scenarios untouched", len(inputs))
	}
}

// TestBatchMarksAStaleWorkbook: when a file that ran before fails, its
// workbook from the earlier run stays (nothing is deleted) but is marked,
// on stderr and in the index, as not showing the file as it is now: an
// advisor sending the folder had sent the old review unawares. A later
// batch that does not include the file names the workbook it left.
func TestBatchMarksAStaleWorkbook(t *testing.T) {
	clearEnv(t)
	root := t.TempDir()
	in := filepath.Join(root, "clients")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	good := strings.Replace(string(mustDefault(t)), "paths: 10000", "paths: 100", 1)
	for _, name := range []string{"a.yaml", "b.yaml"} {
		if err := os.WriteFile(filepath.Join(in, name), []byte(good), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(root, "reviews")
	if code, _, stderr := runDivsim(t, "run", in, "--out-dir", out, "-q"); code != 0 {
		t.Fatalf("first batch: exit %d: %s", code, stderr)
	}
	broken := strings.Replace(good, "volatility: 0.16", "volatility: -0.16", 1)
	if err := os.WriteFile(filepath.Join(in, "b.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runDivsim(t, "run", in, "--out-dir", out, "-q")
	// The console names the workbook by its path, the index, beside it, by
	// its name; both name the file it does not show.
	stale := " is from an earlier run and was not replaced: it does not show " + filepath.Join(in, "b.yaml") + " as it is now"
	if want := filepath.Join(out, "b.xlsx") + stale; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("second batch: exit %d, stderr %q; want 1 and %q", code, stderr, want)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.csv"))
	if want := "\nb.xlsx" + stale; err != nil || !strings.Contains(string(index), want) {
		t.Errorf("index.csv %q (%v); want %q", index, err, want)
	}
	if _, err := os.Stat(filepath.Join(out, "b.xlsx")); err != nil {
		t.Errorf("the earlier workbook was removed: %v", err)
	}
	// A batch of part of the clients into the same folder writes a new
	// index without b: b's workbook, left in the folder, is named, but not
	// the lock file Excel keeps beside a workbook open in it.
	if err := os.WriteFile(filepath.Join(out, "~$a.xlsx"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, stderr = runDivsim(t, "run", filepath.Join(in, "a.yaml"), "--out-dir", out, "-q")
	if want := "also holds b.xlsx, which this batch did not write: the index does not list it"; !strings.Contains(stderr, want) {
		t.Errorf("a batch of a alone: stderr %q, want %q", stderr, want)
	}
	// A batch stopped before a file ran leaves its earlier workbook too,
	// marked as one that failed.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errOut bytes.Buffer
	a := &app{stdout: io.Discard, stderr: &errOut, memory: func() uint64 { return 0 }}
	a.execute(ctx, []string{"run", filepath.Join(in, "a.yaml"), "--out-dir", out, "-q"})
	stale = " is from an earlier run and was not replaced"
	index, err = os.ReadFile(filepath.Join(out, "index.csv"))
	if !strings.Contains(errOut.String(), filepath.Join(out, "a.xlsx")+stale) || err != nil || !strings.Contains(string(index), "\na.xlsx"+stale) {
		t.Errorf("a stopped batch: stderr %q, index.csv %q (%v); want a.xlsx marked in both", errOut.String(), index, err)
	}
}

// TestOtherWorkbooks: the workbooks a batch did not write are named, not
// its own, its index (either in any case), hidden files or Excel's lock
// files.
func TestOtherWorkbooks(t *testing.T) {
	dir := t.TempDir()
	// Index.xlsx and D.xlsx, on a disk that ignores case (macOS,
	// Windows), are the index and the d.xlsx written.
	for _, name := range []string{"a.xlsx", "B.XLSX", "c.xlsx", "D.xlsx", "index.xlsx", "Index.xlsx", "index.csv", ".divsim-1.tmp", ".x.xlsx", "~$a.xlsx", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := otherWorkbooks(dir, []string{"a.xlsx", "d.xlsx"}), []string{"B.XLSX", "c.xlsx"}; !slices.Equal(got, want) {
		t.Errorf("otherWorkbooks = %q, want %q", got, want)
	}
}

// TestBatchRefusesAMissingPath: a path mistyped on the command line is
// refused like a single scenario's (exit 2), naming it, and nothing runs or
// is written: no output folder, no index.
func TestBatchRefusesAMissingPath(t *testing.T) {
	clearEnv(t)
	root := t.TempDir()
	plan := filepath.Join(root, "plan.yaml")
	if err := os.WriteFile(plan, mustDefault(t), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "reviews")
	code, _, stderr := runDivsim(t, "run", plan, filepath.Join(root, "nothere.yaml"), "--out-dir", out, "-q")
	if want := "nothere.yaml: no such file or folder (want a scenario file, or a folder of them)"; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the output folder was made (%v)", err)
	}
}

// TestValidateAFolder: validate takes a folder as a batch does: its
// scenario files, each checked, the folder's other files skipped with a
// note.
func TestValidateAFolder(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	good := mustDefault(t)
	bad := strings.Replace(string(good), "volatility: 0.16", "volatility: -0.16", 1)
	for name, text := range map[string]string{"a.yaml": string(good), "b.yaml": bad, "notes.txt": "not a scenario"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runDivsim(t, "validate", dir)
	if code != 2 || !strings.Contains(stdout, "a.yaml: valid") || !strings.Contains(stderr, "b.yaml: assets[0].volatility (us_large): is -0.16") ||
		!strings.Contains(stderr, "1 of 2 files invalid") || !strings.Contains(stderr, "notes.txt: only .yaml, .yml, .toml and .json files are scenarios") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// TestBatchOfOnlyBadFilesIsBadInput: a batch whose every file is refused
// for a problem in it exits 2 and writes nothing, not even the folders it
// made for --out-dir (here two deep), as one such file run alone does, the
// problems on stderr; one good file among them makes it a batch with
// failures (1) and an index. A batch stopped before its files ran is
// interrupted (1), not bad input, whatever its files hold.
func TestBatchOfOnlyBadFilesIsBadInput(t *testing.T) {
	clearEnv(t)
	root := t.TempDir()
	base := strings.Replace(string(mustDefault(t)), "paths: 10000", "paths: 100", 1)
	bad := strings.Replace(base, "volatility: 0.16", "volatility: -0.16", 1)
	for _, tc := range []struct {
		name  string
		files []string
		want  int
	}{
		{"all bad", []string{bad, bad}, 2},
		{"one bad", []string{bad}, 2},
		{"one good", []string{bad, base}, 1},
	} {
		in := filepath.Join(root, strings.ReplaceAll(tc.name, " ", "-"))
		if err := os.Mkdir(in, 0o755); err != nil {
			t.Fatal(err)
		}
		for i, text := range tc.files {
			if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("c%d.yaml", i)), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		top := in + "-out"
		code, _, stderr := runDivsim(t, "run", in, "--out-dir", filepath.Join(top, "reviews"), "-q")
		if code != tc.want {
			t.Errorf("%s: exit %d, want %d; stderr:\n%s", tc.name, code, tc.want, stderr)
		}
		_, err := os.Stat(top)
		if written := err == nil; written != (tc.want == 1) {
			t.Errorf("%s: output folder written %v", tc.name, written)
		}
		if !strings.Contains(stderr, "c0.yaml: assets[0].volatility") {
			t.Errorf("%s: stderr lacks the file's problem:\n%s", tc.name, stderr)
		}
	}
	in := filepath.Join(root, "all-bad")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	a := &app{stdout: &out, stderr: &errOut, memory: func() uint64 { return 0 }}
	if code := a.execute(ctx, []string{"run", in, "--out-dir", filepath.Join(root, "stopped"), "-q"}); code != 1 || strings.Contains(errOut.String(), "problems above") {
		t.Errorf("a stopped batch: exit %d, stderr %q; want 1 and no word of problems", code, errOut.String())
	}
}
