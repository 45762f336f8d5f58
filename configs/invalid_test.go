package configs

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestInvalidScenarios runs every broken scenario in testdata/invalid and
// checks that it produces exactly the wanted messages, in order. A file's
// wanted lines are its leading "# want: " comments, or, for formats without
// comments (JSON) and files that must stay empty, the lines of NAME.want.
//
// Every file is resolved with a 1 GiB memory limit so that the memory rule
// has a case (memory_exceeded.yaml) that does not depend on the machine.
func TestInvalidScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*")
	if err != nil {
		t.Fatal(err)
	}
	files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, ".want") })
	if len(files) < 30 {
		t.Fatalf("%d broken scenarios, want at least 30", len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			want := wantedLines(t, path)
			if len(want) == 0 {
				t.Fatal("no wanted messages: add '# want: ' lines or a .want file")
			}
			got := problemLines(t, path)
			if !slices.Equal(got, want) {
				t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func problemLines(t *testing.T, path string) []string {
	t.Helper()
	doc, err := ReadFile(path)
	if doc != nil {
		_, err = Resolve(doc, Options{MemoryLimit: 1 << 30})
	}
	var probs *Problems
	if !errors.As(err, &probs) {
		t.Fatalf("err = %v, want *Problems", err)
	}
	return probs.Lines()
}

func wantedLines(t *testing.T, path string) []string {
	t.Helper()
	if data, err := os.ReadFile(path + ".want"); err == nil {
		return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(string(data), "\n") {
		if w, ok := strings.CutPrefix(line, "# want: "); ok {
			want = append(want, w)
		}
	}
	return want
}

// TestFiveMistakes is the acceptance case: one file with five different
// mistakes gets five messages.
func TestFiveMistakes(t *testing.T) {
	if got := problemLines(t, "testdata/invalid/five_mistakes.yaml"); len(got) != 5 {
		t.Errorf("%d messages, want 5:\n%s", len(got), strings.Join(got, "\n"))
	}
}
