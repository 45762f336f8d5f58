package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
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
		{[]string{"merge", a, c}, "shard 1 is missing of 3"},
		{[]string{"merge", a}, "shards 1, 2 are missing of 3"},
		{[]string{"merge", a, b, b, c}, "are both shard 1/3"},
		{[]string{"merge", a, other, c}, "are from different runs"},
		{[]string{"merge", garbage}, "not a divsim partial results file"},
		{[]string{"merge", filepath.Join(dir, "none.divsim")}, "cannot read: no such file or directory"},
		{[]string{"run", "--shard", "3/3", "--partial", "x.divsim"}, `shard index "3" is not a whole number from 0 to 2`},
		{[]string{"run", "--shard", "1", "--partial", "x.divsim"}, "want I/N"},
		{[]string{"run", "--shard", "0/0", "--partial", "x.divsim"}, "is not a positive whole number"},
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
