package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	same := filepath.Join(dir, "same.xlsx")
	os.WriteFile(filepath.Join(out, "boot.xlsx"), []byte(myHistory()), 0o644)
	def := filepath.Join(dir, "default.yaml")
	os.WriteFile(def, mustDefault(t), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"--json and --out the same file", []string{"run", plan, "--json", same, "--out", same}, "--out"},
		{"--json and --out the same after cleaning", []string{"run", plan, "--json", filepath.Join(dir, "x", "..", "same.xlsx"), "--out", same}, "--out"},
		{"--json and --out through a symlinked folder", []string{"run", plan, "--json", filepath.Join(alias, "r.xlsx"), "--out", filepath.Join(real, "r.xlsx")}, "--out"},
		{"--json names report.file", []string{"run", plan, "--json", "fromfile.xlsx"}, "report.file"},
		{"--json names the history through a symlink", []string{"run", boot, "--history", hist, "--json", histLink, "--no-report"}, "--json"},
		{"batch writes its index over --history", []string{"run", boot, "--out-dir", out, "--history", hist}, "index.csv"},
		{"batch workbook over --history", []string{"run", boot, "--out-dir", out, "--history", filepath.Join(out, "boot.xlsx")}, "boot.xlsx"},
		{"compare --json and --out the same", []string{"compare", plan, plan, "--json", same, "--out", same}, "--out"},
		{"sweep --json and --out the same", []string{"sweep", def, "--sleeve", "Small-cap sleeve", "--json", same, "--out", same}, "--out"},
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

// TestFailedRunKeepsNoOutput reproduces issue 19 item 12: a run whose
// workbook failed kept its JSON (exit 1, half the outputs). A command's
// outputs are now written to temporary files and moved into place only
// when all were written.
func TestFailedRunKeepsNoOutput(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	os.WriteFile(plan, []byte(scenario), 0o644)
	def := filepath.Join(dir, "default.yaml")
	os.WriteFile(def, []byte(strings.Replace(string(mustDefault(t)), "paths: 10000", "paths: 200", 1)), 0o644)
	js := filepath.Join(dir, "r.json")
	book := filepath.Join(dir, "missing", "r.xlsx") // its folder does not exist
	for _, args := range [][]string{
		{"run", plan, "--json", js, "--out", book},
		{"compare", plan, plan, "--json", js, "--out", book},
		{"sweep", def, "--sleeve", "Small-cap sleeve", "--json", js, "--out", book},
	} {
		t.Run(args[0], func(t *testing.T) {
			code, _, stderr := runDivsim(t, append(args, "-q")...)
			if code != 1 || !strings.Contains(stderr, book) {
				t.Errorf("exit %d, stderr %q; want 1 naming %s", code, stderr, book)
			}
			if _, err := os.Stat(js); !os.IsNotExist(err) {
				t.Errorf("the JSON was kept though the workbook failed")
				os.Remove(js)
			}
			if names := files(t, dir); len(names) != 2 {
				t.Errorf("folder holds %v, want only the two scenarios", names)
			}
		})
	}
}
