package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportFileThroughSymlinkRefused reproduces issue 19 item 11:
// report.file was checked as text, so `report.file: sub/x.xlsx`, where sub
// is a symlink to a folder outside the working folder, wrote outside it.
func TestReportFileThroughSymlinkRefused(t *testing.T) {
	clearEnv(t)
	outside := t.TempDir()
	work := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(work, "sub")); err != nil {
		t.Skip(err)
	}
	plan := writeScenario(t, "plan.yaml", strings.Replace(scenario, "from-file.xlsx", "sub/x.xlsx", 1))
	var code int
	var stderr string
	t.Run("run", func(t *testing.T) {
		var out, errOut strings.Builder
		t.Chdir(work)
		a := &app{stdout: &out, stderr: &errOut, memory: func() uint64 { return 0 }}
		code = a.execute(t.Context(), []string{"run", plan, "-q"})
		stderr = errOut.String()
	})
	if code != 2 || !strings.Contains(stderr, "report.file") {
		t.Errorf("exit %d, stderr %q; want 2 naming report.file", code, stderr)
	}
	if names := files(t, outside); len(names) != 0 {
		t.Errorf("wrote %v outside the working folder", names)
	}
}
