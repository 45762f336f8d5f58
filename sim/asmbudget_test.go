package sim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAssemblyBudget holds the package's assembly to what ARCHITECTURE.md
// allows: numeric primitives only, no file over 150 lines and 300 lines in
// all, each kernel declared beside a Go twin (its name ending in AVX or
// AVX2, the twin's in Go).
func TestAssemblyBudget(t *testing.T) {
	files, err := filepath.Glob("*.s")
	if err != nil || len(files) == 0 {
		t.Fatalf("no assembly files found (%v)", err)
	}
	total := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(string(data), "\n")
		total += lines
		if lines > 150 {
			t.Errorf("%s has %d lines, more than 150", f, lines)
		}
		for _, line := range strings.Split(string(data), "\n") {
			name, ok := strings.CutPrefix(line, "TEXT ·")
			if !ok {
				continue
			}
			name = name[:strings.IndexByte(name, '(')]
			twin := strings.TrimSuffix(strings.TrimSuffix(name, "AVX2"), "AVX") + "Go"
			if twin == name+"Go" {
				t.Errorf("%s: kernel %s is not named for its instruction set", f, name)
			}
			if !declaresFunc(t, twin) {
				t.Errorf("%s: kernel %s has no Go twin %s", f, name, twin)
			}
		}
	}
	if total > 300 {
		t.Errorf("%d lines of assembly in all, more than 300", total)
	}
}

// declaresFunc reports whether a non-test Go file of the package declares
// func name.
func declaresFunc(t *testing.T, name string) bool {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "\nfunc "+name+"(") {
			return true
		}
	}
	return false
}
