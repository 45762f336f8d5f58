package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/sim"
)

// volatileLine matches the lines of a results JSON that name the program's
// version or the run's date, which differ between otherwise equal runs.
var volatileLine = regexp.MustCompile(`(?m)^.*"(version|generated)".*$`)

// TestShardedRunMergesToOneRun: a scenario run as N = 1, 3 or 7 shards,
// their partial files merged in any order, gives the same results JSON as
// one run; the merged workbook is written.
func TestShardedRunMergesToOneRun(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	plan := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	one := filepath.Join(dir, "one.json")
	if code, _, stderr := runDivsim(t, "run", plan, "--paths", "700", "--no-report", "-q", "--json", one); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	want, _ := os.ReadFile(one)
	for _, n := range []int{1, 3, 7} {
		var parts []string
		for i := range n {
			part := filepath.Join(dir, "part-"+strings.Repeat("x", i)+".divsim")
			shard := []string{"--shard", strings.Join([]string{itoa(i), itoa(n)}, "/")}
			if i == n-1 { // the last shard reads its index as a Kubernetes Indexed Job does
				t.Setenv("JOB_COMPLETION_INDEX", itoa(i))
				shard = []string{"--shard", "auto/" + itoa(n)}
			}
			args := append([]string{"run", plan, "--paths", "700", "-q", "--partial", part}, shard...)
			if code, _, stderr := runDivsim(t, args...); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
			parts = append([]string{part}, parts...) // reverse order
		}
		merged := filepath.Join(dir, "merged.json")
		book := filepath.Join(dir, "merged.xlsx")
		args := append([]string{"merge", "--json", merged, "--out", book, "-q"}, parts...)
		if code, _, stderr := runDivsim(t, args...); code != 0 {
			t.Fatalf("merge of %d: exit %d: %s", n, code, stderr)
		}
		got, _ := os.ReadFile(merged)
		if volatileLine.ReplaceAllString(string(got), "") != volatileLine.ReplaceAllString(string(want), "") {
			t.Errorf("%d shards merged: JSON differs from one run", n)
		}
		if fi, err := os.Stat(book); err != nil || fi.Size() == 0 {
			t.Errorf("%d shards merged: no workbook (%v)", n, err)
		}
		for _, p := range parts {
			os.Remove(p)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestShardMistakes: bad shard settings and bad sets of partial files are
// refused with exit 2 and a message saying what to do.
func TestShardMistakes(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	part := func(name, shard string, paths string) string {
		p := filepath.Join(dir, name)
		if code, _, stderr := runDivsim(t, "run", "--paths", paths, "-q", "--shard", shard, "--partial", p); code != 0 {
			t.Fatalf("shard %s: exit %d: %s", shard, code, stderr)
		}
		return p
	}
	a, b, c := part("a.divsim", "0/3", "300"), part("b.divsim", "1/3", "300"), part("c.divsim", "2/3", "300")
	other := part("other.divsim", "1/3", "400")
	garbage := filepath.Join(dir, "garbage.divsim")
	os.WriteFile(garbage, []byte("not gob at all"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"merge", a, c}, "shard 1/3 is missing"},
		{[]string{"merge", a}, "shards 1, 2 of 3 are missing"},
		{[]string{"merge", a, b, b, c}, "are both shard 1/3"},
		{[]string{"merge", a, other, c}, "are from different runs"},
		{[]string{"merge", garbage}, "not a divsim partial results file"},
		{[]string{"merge", filepath.Join(dir, "none.divsim")}, "cannot read: no such file or directory"},
		{[]string{"run", "--shard", "3/3", "--partial", "x.divsim"}, `shard index "3" is not a whole number from 0 to 2`},
		{[]string{"run", "--shard", "1", "--partial", "x.divsim"}, "want I/N"},
		{[]string{"run", "--shard", "0/0", "--partial", "x.divsim"}, `shard count "0" is not a whole number from 1 to 10000`},
		{[]string{"run", "--shard", "0/1000000000000", "--partial", "x.divsim"}, `shard count "1000000000000" is not a whole number from 1 to 10000`},
		{[]string{"run", "--shard", "1/3"}, "want --partial FILE"},
		{[]string{"run", "--shard", "auto/3", "--partial", "x.divsim"}, "auto needs JOB_COMPLETION_INDEX"},
		{[]string{"run", "--shard", "0/3", "--partial", "x.divsim", "--json", "r.json"}, "'divsim merge' writes the workbook and JSON"},
	} {
		code, _, stderr := runDivsim(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// shardPair runs the embedded default scenario's 300 paths as two shards
// and returns their partial files and the plain run's results JSON.
func shardPair(t *testing.T) (dir, a, b string, want []byte) {
	t.Helper()
	dir = t.TempDir()
	a, b = filepath.Join(dir, "a.divsim"), filepath.Join(dir, "b.divsim")
	for i, p := range []string{a, b} {
		if code, _, stderr := runDivsim(t, "run", "--paths", "300", "-q", "--shard", itoa(i)+"/2", "--partial", p); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
	}
	one := filepath.Join(dir, "one.json")
	if code, _, stderr := runDivsim(t, "run", "--paths", "300", "--no-report", "-q", "--json", one); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	want, _ = os.ReadFile(one)
	return dir, a, b, want
}

// TestMergeRefusesDamagedFiles (issue 19 item 2): single bits flipped at
// 40 places of a shard file are each refused with exit 2 and a message
// naming the file; none merges into other figures. Before partial files
// carried a checksum, 10 of 40 flips merged with exit 0 into different
// client figures.
func TestMergeRefusesDamagedFiles(t *testing.T) {
	clearEnv(t)
	dir, a, b, want := shardPair(t)
	good, _ := os.ReadFile(a)
	const flips = 40
	for k := range flips {
		pos := k * len(good) / flips
		bad := bytes.Clone(good)
		bad[pos] ^= 1 << (k % 8)
		damaged := filepath.Join(dir, "damaged.divsim")
		os.WriteFile(damaged, bad, 0o644)
		merged := filepath.Join(dir, "merged.json")
		os.Remove(merged)
		code, _, stderr := runDivsim(t, "merge", damaged, b, "--no-report", "-q", "--json", merged)
		if code == 0 {
			got, _ := os.ReadFile(merged)
			if volatileLine.ReplaceAllString(string(got), "") != volatileLine.ReplaceAllString(string(want), "") {
				t.Errorf("bit %d of byte %d flipped: merged with exit 0 into different results", k%8, pos)
			}
			continue
		}
		if code != 2 || !strings.Contains(stderr, damaged+": ") {
			t.Errorf("bit %d of byte %d flipped: exit %d, stderr %q; want 2 naming %s", k%8, pos, code, stderr, damaged)
		}
		if _, err := os.Stat(merged); err == nil {
			t.Errorf("bit %d of byte %d flipped: refused, but wrote %s", k%8, pos, merged)
		}
	}
	// Cut short, or with a byte more: refused before any body is read.
	for name, data := range map[string][]byte{"short.divsim": good[:len(good)-10], "long.divsim": append(bytes.Clone(good), '\n')} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		if code, _, stderr := runDivsim(t, "merge", p, b, "--no-report", "-q"); code != 2 || !strings.Contains(stderr, p+": damaged partial results file") {
			t.Errorf("%s: exit %d, stderr %q; want 2, damaged", name, code, stderr)
		}
	}
}

// rewritePartial reads a partial file, changes it and writes it back with
// a valid checksum, as someone crafting a file would.
func rewritePartial(t *testing.T, path, to string, change func(*sim.PartialFile)) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pf, err := sim.ReadPartialFile(bytes.NewReader(data), version())
	if err != nil {
		t.Fatal(err)
	}
	change(pf)
	var buf bytes.Buffer
	if _, err := pf.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return to
}

// TestMergeDistrustsMetadata (issue 19 item 6): a partial file's report
// path obeys report.file's rules (relative, inside the working folder, no
// ..), and crafted shard counts (1e12, 2^62) are refused with exit 2, no
// panic and no huge allocation. Before, ../../x.xlsx and /tmp/x.xlsx were
// written, and such counts panicked or ran out of memory.
func TestMergeDistrustsMetadata(t *testing.T) {
	clearEnv(t)
	dir, a, b, _ := shardPair(t)
	outside := filepath.Join(t.TempDir(), "x.xlsx")
	for _, tc := range []struct {
		name   string
		change func(*sim.PartialFile)
		want   string
		alone  bool // merge the crafted file alone, as a shard 0/1
	}{
		{"report up two folders", func(pf *sim.PartialFile) { pf.Report = "../../x.xlsx" }, `report.file: is "../../x.xlsx", outside the working folder`, false},
		{"report absolute", func(pf *sim.PartialFile) { pf.Report = outside }, "report.file: is \"" + outside + "\", outside the working folder", false},
		{"report not a workbook", func(pf *sim.PartialFile) { pf.Report = "x.csv" }, "report.file: is \"x.csv\" (want a name ending in .xlsx)", false},
		{"1e12 shards", func(pf *sim.PartialFile) { pf.Shard = sim.Shard{Index: 0, Count: 1e12} }, "shard count 1000000000000 (want 1 to 10000)", false},
		{"2^62 shards", func(pf *sim.PartialFile) { pf.Shard = sim.Shard{Index: 1 << 61, Count: 1 << 62} }, "shard count 4611686018427387904 (want 1 to 10000)", false},
		{"2^62 paths", func(pf *sim.PartialFile) { pf.Paths = 1 << 62 }, "header: paths 4611686018427387904", false},
		{"1e12 paths", func(pf *sim.PartialFile) { pf.Paths, pf.Part.Paths = 1e12, 1e12 }, "header: paths 0–127, but shard 0/2 of 1000000000000 paths is paths 0–499999999999", false},
		{"1e9 paths", func(pf *sim.PartialFile) {
			pf.Paths, pf.Part.Paths, pf.Shard, pf.Part.Hi = 1e9, 1e9, sim.Shard{Index: 0, Count: 1}, 1e9
		}, "simulation.paths (set by the partial results): is 1000000000", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			crafted := rewritePartial(t, a, filepath.Join(dir, "crafted.divsim"), tc.change)
			args := []string{"merge", crafted, b, "-q"}
			if tc.alone {
				args = []string{"merge", crafted, "-q"}
			}
			code, _, stderr := runDivsim(t, args...)
			if code != 2 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, crafted+": ") {
				t.Errorf("exit %d, stderr %q; want 2, %q and the file's name", code, stderr, tc.want)
			}
		})
	}
	if _, err := os.Stat(outside); err == nil {
		t.Errorf("%s written", outside)
	}
	if _, err := os.Stat(filepath.Join(dir, "..", "..", "x.xlsx")); err == nil {
		t.Errorf("../../x.xlsx written")
	}
}

// TestMergeMemoryLimit (issue 19 item 10, merge): a merge's memory is
// estimated from the files' headers and refused, like run's, when it
// exceeds --max-memory, before any body is read.
func TestMergeMemoryLimit(t *testing.T) {
	clearEnv(t)
	_, a, b, _ := shardPair(t)
	code, _, stderr := runDivsim(t, "merge", a, b, "--no-report", "-q", "--max-memory", "100MiB")
	if code != 2 || !strings.Contains(stderr, "--max-memory: merging these 2 partial files needs about") {
		t.Errorf("exit %d, stderr %q; want 2 and the estimate", code, stderr)
	}
	if code, _, stderr := runDivsim(t, "merge", a, b, "--no-report", "-q", "--max-memory", "1GiB"); code != 0 {
		t.Errorf("with 1GiB: exit %d, stderr %q", code, stderr)
	}
}

// TestMergeRefusesCollidingReport (issue 19 item 7): the workbook a partial
// file names (its scenario's report.file) is one of merge's outputs, so a
// --json onto it is refused before anything is written.
func TestMergeRefusesCollidingReport(t *testing.T) {
	clearEnv(t)
	_, a, b, _ := shardPair(t)
	json := filepath.Join(t.TempDir(), "small-cap-study.xlsx")
	code, _, stderr := runDivsim(t, "merge", a, b, "-q", "--json", json, "--out", json)
	if code != 2 || !strings.Contains(stderr, "--json") {
		t.Errorf("--out and --json the same: exit %d, stderr %q; want 2", code, stderr)
	}
	// A JSON name cannot be the workbook's, but a link can lead there.
	dir := t.TempDir()
	if err := os.Symlink("small-cap-study.xlsx", filepath.Join(dir, "study.json")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runDivsimIn(t, dir, "merge", a, b, "-q", "--json", "study.json")
	if code != 2 || !strings.Contains(stderr, "report.file") {
		t.Errorf("--json onto the partial's report.file: exit %d, stderr %q; want 2 naming report.file", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "small-cap-study.xlsx")); err == nil {
		t.Error("small-cap-study.xlsx was written")
	}
}

// TestMergeKeepsTheScenario: merge never writes over the scenario file
// its shards ran, here when it is at hand (it once wrote its JSON there).
func TestMergeKeepsTheScenario(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.json") // a name --json may take
	if code, _, stderr := runDivsim(t, "init", plan); code != 0 {
		t.Fatalf("init: %s", stderr)
	}
	before, _ := os.ReadFile(plan)
	var parts []string
	for i := range 2 {
		p := filepath.Join(dir, itoa(i)+".divsim")
		if code, _, stderr := runDivsim(t, "run", plan, "--paths", "200", "-q", "--shard", itoa(i)+"/2", "--partial", p); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
		parts = append(parts, p)
	}
	code, _, stderr := runDivsim(t, append([]string{"merge", "-q", "--no-report", "--json", plan}, parts...)...)
	after, _ := os.ReadFile(plan)
	if code != 2 || !strings.Contains(stderr, "is a scenario file") || string(after) != string(before) {
		t.Errorf("merge --json onto the scenario: exit %d, stderr %q, scenario kept %v; want 2 and kept", code, stderr, string(after) == string(before))
	}
}

// TestMergeStopsAtMaxTime (issue 19 item 4): merge stops on --max-time like
// every other command, exit 1, and writes nothing.
func TestMergeStopsAtMaxTime(t *testing.T) {
	clearEnv(t)
	dir, a, b, _ := shardPair(t)
	out, js := filepath.Join(dir, "m.xlsx"), filepath.Join(dir, "m.json")
	code, _, stderr := runDivsim(t, "merge", a, b, "-q", "--max-time", "1ns", "--out", out, "--json", js)
	if code != 1 || !strings.Contains(stderr, "stopped at --max-time: nothing was written") {
		t.Errorf("exit %d, stderr %q; want 1 and the stop named", code, stderr)
	}
	for _, p := range []string{out, js} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s written after the stop", p)
		}
	}
}

// TestMoreShardsThanPaths: shards that would leave some with no paths are
// refused (exit 2) and no partial file is written; they once reported
// "paths 0–-1 of 3". Shards split the paths in chunks of 64, so 100 paths
// make at most 2.
func TestMoreShardsThanPaths(t *testing.T) {
	clearEnv(t)
	path := writeScenario(t, "plan.yaml", scenario)
	for _, tc := range []struct{ paths, shards, most string }{{"3", "4", "1 shard"}, {"100", "3", "2 shards"}} {
		dir := t.TempDir()
		code, _, stderr := runDivsimIn(t, dir, "run", path, "--paths", tc.paths, "--shard", "0/"+tc.shards, "--partial", "s0.divsim")
		want := "--shard: " + tc.shards + " shards of a run of " + tc.paths + " paths leave some with none: shards split the paths in chunks of 64 (want at most " + tc.most + ")"
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
		}
		if _, err := os.Stat(filepath.Join(dir, "s0.divsim")); err == nil {
			t.Error("a partial file was written")
		}
	}
}

// TestMergeOfTheBuiltInScenario: shards of a run of no file (the built-in
// example) merge into a workbook that names the scenario as built in, as
// the run's own does, not as a file default.yaml the user never had.
func TestMergeOfTheBuiltInScenario(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	t.Chdir(dir)
	var parts []string
	for i := range 2 {
		p := filepath.Join(dir, itoa(i)+".divsim")
		if code, _, stderr := runDivsim(t, "run", "--paths", "100", "-q", "--shard", itoa(i)+"/2", "--partial", p); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
		parts = append(parts, p)
	}
	book := filepath.Join(dir, "merged.xlsx")
	if code, _, stderr := runDivsim(t, append([]string{"merge", "-q", "--out", book}, parts...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if found, _ := f.SearchSheet("Assumptions", "^none: divsim's built-in example", true); len(found) != 1 {
		t.Errorf("the merged workbook's Assumptions name the scenario file as %v, want the built-in example", found)
	}
}
