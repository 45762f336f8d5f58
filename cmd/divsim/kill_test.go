//go:build unix

package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestKillKeepsWorkbookIntact kills `divsim run` (SIGKILL, which nothing can
// catch) at random moments while it simulates and writes, 20 times, and
// checks after each kill that the workbook on disk is either the previous
// one, byte for byte, or a complete new one: never partial or corrupt.
func TestKillKeepsWorkbookIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it 20 times")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	book := filepath.Join(dir, "study.xlsx")
	run := func(seed string) *exec.Cmd {
		cmd := exec.Command(bin, "run", "--paths", "3000", "--seed", seed, "--out", book, "-q")
		cmd.Dir = dir
		return cmd
	}
	if out, err := run("1").CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	previous, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7)) // fixed seed: the kill moments are reproducible
	replaced := 0
	for i := range 20 {
		cmd := run(string(rune('2' + i%8)))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(100+rng.IntN(900)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		now, err := os.ReadFile(book)
		if err != nil {
			t.Fatalf("kill %d: workbook gone: %v", i, err)
		}
		if string(now) != string(previous) {
			f, err := excelize.OpenFile(book)
			if err != nil {
				t.Fatalf("kill %d: workbook corrupt: %v", i, err)
			}
			if sheets := f.GetSheetList(); !completeRunBook(sheets) {
				t.Fatalf("kill %d: incomplete workbook, sheets %v", i, sheets)
			}
			f.Close()
			replaced++
			previous = now
		}
	}
	entries, _ := os.ReadDir(dir)
	var temps []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".divsim-") {
			temps = append(temps, e.Name())
		}
	}
	t.Logf("20 kills: %d finished new workbooks, %d temporary files left by kills during a write", replaced, len(temps))
}

// buildBinary builds divsim into dir for tests that run it as a process.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "divsim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// TestKillBatchKeepsWorkbooksIntact kills a batch run (SIGKILL) at 20
// random moments: every workbook in the output folder opens and is
// complete, and so does the index when it is there.
func TestKillBatchKeepsWorkbooksIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it 20 times")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	in := filepath.Join(dir, "clients")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	base := strings.Replace(string(mustDefault(t)), "paths: 10000", "paths: 400", 1)
	for i := range 6 {
		if err := os.WriteFile(filepath.Join(in, "client"+string(rune('a'+i))+".yaml"), []byte(base), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out")
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range 20 {
		cmd := exec.Command(bin, "run", in, "--out-dir", out, "-q", "--seed", string(rune('1'+i%9)))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.IntN(1200)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, ".xlsx") {
				continue
			}
			f, err := excelize.OpenFile(filepath.Join(out, name))
			if err != nil {
				t.Fatalf("kill %d: %s is corrupt: %v", i, name, err)
			}
			sheets := f.GetSheetList()
			f.Close()
			if name != "index.xlsx" && !completeRunBook(sheets) {
				t.Fatalf("kill %d: %s is incomplete: sheets %v", i, name, sheets)
			}
		}
	}
}

// TestStopsDuringCalibrate: SIGINT, SIGTERM and an expired --max-time stop
// calibrate during its fit (it once ignored both signals until SIGKILL):
// exit 1, the stop named, no output of any kind in the folder.
func TestStopsDuringCalibrate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t, t.TempDir())
	long := []string{"calibrate", "--columns", "us_large,us_small,bonds_10y", "--states", "4", "--starts", "1000", "--json", "fit.json"}
	for _, tc := range []struct {
		name   string
		args   []string
		signal syscall.Signal // sent after a second; 0 for none
		want   string
	}{
		{"SIGINT", long, syscall.SIGINT, "interrupted: nothing was written"},
		{"SIGTERM", long, syscall.SIGTERM, "interrupted: nothing was written"},
		{"--max-time", append(slices.Clone(long), "--max-time", "1s"), 0, "stopped at --max-time: nothing was written"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var stderr strings.Builder
			cmd := exec.Command(bin, tc.args...)
			cmd.Dir, cmd.Stderr = dir, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			if tc.signal != 0 {
				time.Sleep(time.Second)
				_ = cmd.Process.Signal(tc.signal)
			}
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatal("still running 20 s after the stop")
			}
			if code := cmd.ProcessState.ExitCode(); code != exitFailed || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr.String(), tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("%d files left, want none: %v", len(entries), entries)
			}
		})
	}
}

// TestSecondInterruptExitsAtOnce: after the first SIGINT cancels the
// command's context, divsim stops catching, so a second SIGINT ends it at
// once even in a stage that does not stop. The test binary runs itself as
// that command: it cancels its signalContext with a SIGINT to itself, then
// blocks as a stuck stage would; only the default action of the second
// SIGINT, sent by the test, ends it.
func TestSecondInterruptExitsAtOnce(t *testing.T) {
	if os.Getenv("DIVSIM_STUCK_STAGE") == "1" {
		ctx := signalContext(context.Background())
		_ = syscall.Kill(os.Getpid(), syscall.SIGINT)
		<-ctx.Done()
		time.Sleep(200 * time.Millisecond) // signalContext stops catching just after Done
		fmt.Println("cancelled")
		time.Sleep(time.Minute) // the stuck stage
		os.Exit(3)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSecondInterruptExitsAtOnce$")
	cmd.Env = append(os.Environ(), "DIVSIM_STUCK_STAGE=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "cancelled\n" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("the first SIGINT did not cancel the context: read %q, %v", line, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	_ = cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("still running 5 s after a second SIGINT")
	}
	if st := cmd.ProcessState.Sys().(syscall.WaitStatus); !st.Signaled() || st.Signal() != syscall.SIGINT {
		t.Errorf("ended %v; want killed by the second SIGINT", cmd.ProcessState)
	}
}

// completeRunBook reports whether a run workbook's sheets run from the
// Summary to the Disclosures, the last sheet written.
func completeRunBook(sheets []string) bool {
	return len(sheets) > 2 && sheets[0] == "Summary" && sheets[len(sheets)-1] == "Disclosures"
}
