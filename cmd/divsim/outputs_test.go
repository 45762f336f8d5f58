package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/divsim/divsim/atomicfile"
)

// files lists the names in dir (none when it does not exist).
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestCollidingOutputsRefused reproduces issue 19 item 7: `run plan.yaml
// --json same.xlsx --out same.xlsx` exited 0 and lost the JSON; the check
// skipped report.file and batch mode (`--history out/index.csv` replaced
// the history). Every pair of outputs and every output against every input
// is now compared by resolved path and file identity, and a collision is
// refused with exit 2 before anything runs or is written.
func TestCollidingOutputsRefused(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	os.WriteFile(plan, []byte(strings.Replace(scenario, "from-file.xlsx", "fromfile.xlsx", 1)), 0o644)
	boot := filepath.Join(dir, "boot.yaml")
	os.WriteFile(boot, []byte(bootstrapScenario), 0o644)
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	hist := filepath.Join(out, "index.csv")
	os.WriteFile(hist, []byte(myHistory()), 0o644)
	histLink := filepath.Join(dir, "hist-link.csv")
	os.Symlink(hist, histLink)
	real := filepath.Join(dir, "real")
	os.Mkdir(real, 0o755)
	alias := filepath.Join(dir, "alias")
	if err := os.Symlink(real, alias); err != nil {
		t.Skip(err)
	}
	// --json and --out cannot name one file by name (their kinds differ),
	// but they can through links: same.json leads to same.xlsx, which
	// does not exist yet; real/r.json to r.xlsx beside it.
	same, sameJSON := filepath.Join(dir, "same.xlsx"), filepath.Join(dir, "same.json")
	os.Symlink("same.xlsx", sameJSON)
	os.Symlink("r.xlsx", filepath.Join(real, "r.json"))
	os.WriteFile(filepath.Join(out, "boot.xlsx"), []byte(myHistory()), 0o644)
	def := filepath.Join(dir, "default.yaml")
	os.WriteFile(def, mustDefault(t), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"--json and --out the same file", []string{"run", plan, "--json", sameJSON, "--out", same}, "--out"},
		{"--json and --out the same after cleaning", []string{"run", plan, "--json", filepath.Join(dir, "x", "..", "same.json"), "--out", same}, "--out"},
		{"--json and --out through a symlinked folder", []string{"run", plan, "--json", filepath.Join(alias, "r.json"), "--out", filepath.Join(real, "r.xlsx")}, "--out"},
		{"--json names a workbook", []string{"run", plan, "--json", "fromfile.xlsx"}, `--json: is "fromfile.xlsx" (want a name ending in .json`},
		{"--json names the history through a symlink", []string{"run", boot, "--history", hist, "--json", histLink, "--no-report"}, "--json"},
		{"batch writes its index over --history", []string{"run", boot, "--out-dir", out, "--history", hist}, "index.csv"},
		{"batch workbook over --history", []string{"run", boot, "--out-dir", out, "--history", filepath.Join(out, "boot.xlsx")}, "boot.xlsx"},
		{"compare --json and --out the same", []string{"compare", plan, plan, "--json", sameJSON, "--out", same}, "--out"},
		{"sweep --json and --out the same", []string{"sweep", def, "--sleeve", "Small-cap sleeve", "--json", sameJSON, "--out", same}, "--out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := files(t, dir)
			beforeOut := files(t, out)
			histData, _ := os.ReadFile(hist)
			code, stdout, stderr := runDivsim(t, append(tc.args, "-q")...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 naming %s", code, stderr, tc.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing: the run should not start", stdout)
			}
			if after := files(t, dir); strings.Join(after, ",") != strings.Join(before, ",") {
				t.Errorf("files %v, want %v: nothing written", after, before)
			}
			if after := files(t, out); strings.Join(after, ",") != strings.Join(beforeOut, ",") {
				t.Errorf("out/ holds %v, want %v", after, beforeOut)
			}
			if data, _ := os.ReadFile(hist); string(data) != string(histData) {
				t.Error("the history file was changed")
			}
		})
	}
}

// unwritableFolder returns a folder in which no file can be created: a
// read-only temporary folder, or, for root (whom permissions do not stop),
// /sys, which refuses new files to everyone on Linux.
func unwritableFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "read-only")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	if atomicfile.CheckFolder(dir) != nil {
		return dir
	}
	if st, err := os.Stat("/sys"); err == nil && st.IsDir() && atomicfile.CheckFolder("/sys") != nil {
		return "/sys"
	}
	t.Skip("no folder here refuses new files (root, and no /sys)")
	return ""
}

// TestOutputsCheckedBeforeRun reproduces issue 18: a missing or unwritable
// output folder was found only once the whole simulation was done (exit 1)
// and named a temporary file (issue 19 item 12's test saw it so). Every
// output of run, sweep, compare, merge and a batch is now checked before
// anything runs: exit 2, naming the flag or key and the path, nothing run
// (no table on stdout, no progress) and nothing written.
func TestOutputsCheckedBeforeRun(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	os.WriteFile(plan, []byte(scenario), 0o644)
	def := filepath.Join(dir, "default.yaml")
	os.WriteFile(def, []byte(strings.Replace(string(mustDefault(t)), "paths: 10000", "paths: 200", 1)), 0o644)
	inSub := filepath.Join(dir, "sub.yaml")
	os.WriteFile(inSub, []byte(strings.Replace(scenario, "from-file.xlsx", "sub/x.xlsx", 1)), 0o644)
	part := filepath.Join(dir, "part.divsim")
	if code, _, stderr := runDivsim(t, "run", plan, "--shard", "0/1", "--partial", part, "-q"); code != 0 {
		t.Fatalf("shard: exit %d: %s", code, stderr)
	}
	clients := filepath.Join(dir, "clients")
	os.Mkdir(clients, 0o755)
	os.WriteFile(filepath.Join(clients, "a.yaml"), []byte(scenario), 0o644)
	reviews := filepath.Join(dir, "reviews")
	os.MkdirAll(filepath.Join(reviews, "a.xlsx"), 0o755) // a folder where a's workbook goes
	missing := filepath.Join(dir, "missing")
	ro := unwritableFolder(t)
	book := filepath.Join(missing, "r.xlsx")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"run --json in a missing folder", []string{"run", plan, "--json", filepath.Join(missing, "r.json")},
			"--json: cannot write " + filepath.Join(missing, "r.json") + ": folder " + missing + " does not exist"},
		{"run --out in an unwritable folder", []string{"run", plan, "--out", filepath.Join(ro, "r.xlsx")},
			"--out: cannot write " + filepath.Join(ro, "r.xlsx") + ": cannot create a file in folder " + ro + ": "},
		{"run --json a folder", []string{"run", plan, "--json", reviews}, "--json: cannot write " + reviews + ": it is a folder"},
		{"run --json under a file", []string{"run", plan, "--json", filepath.Join(plan, "r.json")}, plan + " is not a folder"},
		{"run report.file in a missing folder", []string{"run", inSub}, "report.file: cannot write sub/x.xlsx: folder sub does not exist"},
		{"run --partial in a missing folder", []string{"run", plan, "--shard", "0/2", "--partial", filepath.Join(missing, "p.divsim")}, "--partial: cannot write"},
		{"sweep --out in a missing folder", []string{"sweep", def, "--sleeve", "Small-cap sleeve", "--out", book}, "--out: cannot write " + book},
		{"compare --json in an unwritable folder", []string{"compare", plan, plan, "--json", filepath.Join(ro, "c.json")}, "--json: cannot write " + filepath.Join(ro, "c.json")},
		{"merge --out in a missing folder", []string{"merge", part, "--out", book}, "--out: cannot write " + book},
		{"batch --out-dir under an unwritable folder", []string{"run", clients, "--out-dir", filepath.Join(ro, "reviews")},
			"--out-dir: cannot create folder " + filepath.Join(ro, "reviews") + ": cannot create a file in folder " + ro},
		{"batch --out-dir a file", []string{"run", clients, "--out-dir", filepath.Join(plan, "reviews")}, "--out-dir: " + plan + " is a file"},
		{"batch workbook a folder", []string{"run", clients, "--out-dir", reviews}, "--out-dir: cannot write " + filepath.Join(reviews, "a.xlsx") + ": it is a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := files(t, dir)
			code, stdout, stderr := runDivsim(t, append(tc.args, "-q")...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
			if strings.Contains(stderr, ".divsim-") {
				t.Errorf("stderr %q names a temporary file", stderr)
			}
			if stdout != "" || strings.Contains(stderr, "[1/") {
				t.Errorf("stdout %q, stderr %q: the run started", stdout, stderr)
			}
			if after := files(t, dir); strings.Join(after, ",") != strings.Join(before, ",") {
				t.Errorf("folder holds %v, want %v: nothing written", after, before)
			}
			if names := files(t, reviews); strings.Join(names, ",") != "a.xlsx" {
				t.Errorf("reviews/ holds %v, want only the folder a.xlsx", names)
			}
		})
	}
}

// TestRunFolderNeedsOutDir reproduces issue 18: `divsim run clients/`
// without --out-dir said only "is a directory"; it now says to add
// --out-dir (exit 2, nothing run).
func TestRunFolderNeedsOutDir(t *testing.T) {
	clearEnv(t)
	clients := t.TempDir()
	os.WriteFile(filepath.Join(clients, "a.yaml"), []byte(scenario), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", clients}, clients + ": is a folder (want --out-dir DIR to run every scenario file in it, a workbook each and an index in DIR, e.g. divsim run " + clients + " --out-dir reviews/)"},
		{[]string{"run", clients, "--shard", "0/2", "--partial", "p.divsim"}, clients + ": is a folder (want one scenario file: a shard runs one file)"},
	} {
		code, stdout, stderr := runDivsim(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
	if names := files(t, clients); strings.Join(names, ",") != "a.yaml" {
		t.Errorf("clients/ holds %v, want only a.yaml", names)
	}
}

// TestOutIsAWorkbookEverywhere: every command's --out must name an .xlsx
// file, refused before anything runs with the flag named (merge, compare
// and calibrate once wrote a workbook under any name; the others blamed
// the scenario's report.file).
func TestOutIsAWorkbookEverywhere(t *testing.T) {
	clearEnv(t)
	plan := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	for _, args := range [][]string{
		{"run", plan}, {"compare", plan, plan}, {"sweep", plan, "--sleeve", "Small-cap sleeve"},
		{"solve", plan}, {"evidence", plan}, {"calibrate", "--columns", "us_large"}, {"merge", "part.divsim"},
	} {
		out := filepath.Join(t.TempDir(), "c.pdf")
		code, _, stderr := runDivsim(t, append(args, "--out", out, "-q")...)
		if code != 2 || !strings.Contains(stderr, `--out: is "`+out+`" (want a name ending in .xlsx`) {
			t.Errorf("%s --out c.pdf: exit %d, stderr %q; want 2 naming --out", args[0], code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s wrote %s", args[0], out)
		}
	}
}

// TestSaysWhatItReplaced: a second run writing the same files says that
// it replaced them (runs of plan.yaml and plan.toml both write plan.xlsx),
// and a first run does not.
func TestSaysWhatItReplaced(t *testing.T) {
	clearEnv(t)
	path := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	dir := filepath.Dir(path)
	out, js := filepath.Join(dir, "plan.xlsx"), filepath.Join(dir, "plan.json")
	for i, want := range []bool{false, true} {
		code, _, stderr := runDivsim(t, "run", path, "--paths", "100", "--out", out, "--json", js)
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", i+1, code, stderr)
		}
		for _, line := range []string{"divsim: wrote workbook " + out, "divsim: wrote JSON " + js} {
			if got := strings.Contains(stderr, line+" (replacing the file there)"); got != want || !strings.Contains(stderr, line) {
				t.Errorf("run %d: %q says it replaced: %v, want %v:\n%s", i+1, line, got, want, stderr)
			}
		}
	}
}

// TestIsStdout: a path that is the file standard output writes to (as
// /dev/stdout is) is told apart from another file and from a writer that
// is no file.
func TestIsStdout(t *testing.T) {
	dir := t.TempDir()
	out, err := os.Create(filepath.Join(dir, "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	link := filepath.Join(dir, "stdout")
	os.Symlink(out.Name(), link)
	for _, tc := range []struct {
		path   string
		stdout io.Writer
		want   bool
	}{
		{out.Name(), out, true},
		{link, out, true},
		{filepath.Join(dir, "other.json"), out, false},
		{out.Name(), &bytes.Buffer{}, false},
	} {
		if got := isStdout(tc.path, tc.stdout); got != tc.want {
			t.Errorf("isStdout(%s) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

// TestInterruptedCommitWritesNothing: app.commit, through which every
// command but the batch index commits its outputs, renames none of them
// into place once the command's context is done (interrupted, or stopped
// at --max-time while it wrote them) and says so.
func TestInterruptedCommitWritesNothing(t *testing.T) {
	for _, stop := range []struct {
		name string
		err  func(context.Context) context.Context
		want string
	}{
		{"interrupted", func(ctx context.Context) context.Context {
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			return ctx
		}, "interrupted: nothing was written"},
		{"--max-time", func(ctx context.Context) context.Context {
			ctx, cancel := context.WithTimeout(ctx, 0)
			t.Cleanup(cancel)
			return ctx
		}, "stopped at --max-time: nothing was written"},
	} {
		t.Run(stop.name, func(t *testing.T) {
			dir := t.TempDir()
			var out, errOut bytes.Buffer
			a := &app{stdout: &out, stderr: &errOut, memory: func() uint64 { return 0 }}
			var g atomicfile.Group
			defer g.Discard()
			if err := g.WriteBytes(filepath.Join(dir, "results.json"), []byte("{}\n")); err != nil {
				t.Fatal(err)
			}
			err := a.commit(stop.err(context.Background()), &g, filepath.Join(dir, "results.json"), false)
			var f failure
			if !errors.As(err, &f) || err.Error() != stop.want {
				t.Errorf("commit: %v, want a failure (exit 1): %s", err, stop.want)
			}
			g.Discard()
			if names := files(t, dir); len(names) != 0 || out.Len() != 0 {
				t.Errorf("left %v in the folder and printed %q, want nothing", names, out.String())
			}
		})
	}
}
