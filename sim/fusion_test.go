package sim

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestNoFusedMultiplyAdd compiles divsim's packages that make a run's
// numbers (numberPackages: the run's, with configs, which resolves a
// scenario's parameters, and those of the history, the calibration and the
// reports) for arm64, where Go fuses x*y+z by default, and for amd64 at
// GOAMD64=v3, where it may use the FMA instructions, and fails listing each
// source line whose code has a fused multiply-add: results would then
// depend on the machine (ARCHITECTURE.md, "The same numbers on every
// machine"). The cure is float64(x*y) + z. It needs the go command, not any
// processor feature; -short skips it.
func TestNoFusedMultiplyAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles for other targets; skipped with -short")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []struct {
		env   []string
		fused *regexp.Regexp
	}{
		{[]string{"GOARCH=arm64"}, regexp.MustCompile(`^FN?M(ADD|SUB)[DS]$`)},
		{[]string{"GOARCH=amd64", "GOAMD64=v3"}, regexp.MustCompile(`^VFN?M(ADD|SUB)`)},
	} {
		t.Run(strings.Join(target.env, ","), func(t *testing.T) {
			cmd := exec.Command(goCmd, "build", "-gcflags=github.com/divsim/divsim/...=-S",
				"github.com/divsim/divsim/sim", "github.com/divsim/divsim/model", "github.com/divsim/divsim/portfolio",
				"github.com/divsim/divsim/configs", "github.com/divsim/divsim/batch", "github.com/divsim/divsim/solve",
				"github.com/divsim/divsim/calibrate", "github.com/divsim/divsim/evidence", "github.com/divsim/divsim/history",
				"github.com/divsim/divsim/reports")
			cmd.Dir = root
			cmd.Env = append(os.Environ(), append([]string{"CGO_ENABLED=0", "GOOS=linux"}, target.env...)...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("go build: %v\n%s", err, out)
			}
			lines := fusedLines(t, out, root, target.fused)
			if len(lines) == 0 {
				t.Fatal("no assembly listing in go build -S's output: is the output cached without it?")
			}
			if bad := lines[1:]; len(bad) > 0 {
				t.Errorf("fused multiply-adds (write float64(x*y) + z):\n%s", strings.Join(bad, "\n"))
			}
		})
	}
}

// numberPackages are divsim's packages whose arithmetic reaches the
// figures a client sees: the run's, and the history's, the calibration's
// and the reports' own (shares, annualized figures, chart scales).
var numberPackages = map[string]bool{"sim": true, "model": true, "portfolio": true, "configs": true, "batch": true,
	"solve": true, "calibrate": true, "evidence": true, "history": true, "reports": true}

// fusedLines reads go build -S's output and returns, after a first entry
// counting the instructions seen, each line of root's numberPackages with
// an instruction that fused matches, as
// "dir/file.go:line: source text".
func fusedLines(t *testing.T, out []byte, root string, fused *regexp.Regexp) []string {
	t.Helper()
	insn := regexp.MustCompile(`\((\S+\.go):(\d+)\)\s+(\S+)`)
	seen, found := 0, map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		m := insn.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		seen++
		rel, err := filepath.Rel(root, m[1])
		if err != nil || !fused.MatchString(m[3]) {
			continue
		}
		rel = filepath.ToSlash(rel)
		if dir := rel[:max(strings.Index(rel, "/"), 0)]; numberPackages[dir] {
			found[rel+":"+m[2]] = true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		return nil
	}
	var lines []string
	for at := range found {
		file, line, _ := strings.Cut(at, ":")
		n, _ := strconv.Atoi(line)
		src, err := os.ReadFile(filepath.Join(root, file))
		text := ""
		if all := strings.Split(string(src), "\n"); err == nil && n >= 1 && n <= len(all) {
			text = strings.TrimSpace(all[n-1])
		}
		lines = append(lines, fmt.Sprintf("%s:%d: %s", file, n, text))
	}
	slices.Sort(lines)
	return append([]string{strconv.Itoa(seen)}, lines...)
}
