//go:build unix

package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sparse makes a file of size bytes (a hole: it takes no disk).
func sparse(t *testing.T, name string, size int64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// TestInputsRegularAndBounded reproduces issue 19 item 5: a scenario that
// is a symlink to /dev/urandom was read until the kernel killed divsim, a
// FIFO hung it, and no input had a size limit. Each is now refused at
// once, with exit 2 and a message naming the file.
func TestInputsRegularAndBounded(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	urandom := filepath.Join(dir, "plan.yaml")
	if err := os.Symlink("/dev/urandom", urandom); err != nil {
		t.Skip(err)
	}
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	histFIFO := filepath.Join(dir, "history.csv")
	if err := syscall.Mkfifo(histFIFO, 0o644); err != nil {
		t.Fatal(err)
	}
	plan := writeScenario(t, "plan.yaml", scenario)
	big := sparse(t, "big.yaml", 16<<20+1)
	bigHistory := sparse(t, "big.csv", 256<<20+1)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"symlink to /dev/urandom", []string{"run", urandom}, urandom},
		{"FIFO scenario", []string{"run", fifo}, fifo},
		{"scenario over 16 MiB", []string{"run", big}, big},
		{"FIFO history", []string{"run", plan, "--history", histFIFO}, histFIFO},
		{"history over 256 MiB", []string{"run", plan, "--history", bigHistory}, bigHistory},
		{"validate a device", []string{"validate", "/dev/zero"}, "/dev/zero"},
		{"compare a FIFO", []string{"compare", plan, fifo}, fifo},
		{"merge a FIFO", []string{"merge", fifo}, fifo},
		{"merge a device", []string{"merge", "/dev/zero"}, "/dev/zero"},
		{"batch with a FIFO", []string{"run", plan, fifo, "--out-dir", filepath.Join(t.TempDir(), "out")}, fifo},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan struct{})
			var code int
			var stderr string
			go func() {
				defer close(done)
				args := tc.args
				if args[0] != "validate" {
					args = append(args, "-q")
					if !slices.Contains(args, "--out-dir") { // a batch's work is its workbooks
						args = append(args, "--no-report")
					}
				}
				code, _, stderr = runDivsim(t, args...)
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("still running after 20 s")
			}
			want := 2
			if strings.Contains(strings.Join(tc.args, " "), "--out-dir") {
				want = 1 // a batch reports the broken file and runs the others
			}
			if code != want || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d naming %s", code, stderr, want, tc.want)
			}
		})
	}
}
