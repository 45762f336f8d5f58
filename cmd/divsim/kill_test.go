package main

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
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
	bin := filepath.Join(dir, "divsim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
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
			if sheets := f.GetSheetList(); len(sheets) != 8 || sheets[0] != "Summary" {
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
