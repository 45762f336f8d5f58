package configs

import (
	"strings"
	"testing"
)

// TestMisindented finds the line indented to no level above it, and
// nothing in a file whose dedents all return to an open level.
func TestMisindented(t *testing.T) {
	for _, tc := range []struct {
		name       string
		text       string
		line, from int
		indent     int
	}{
		{"item between levels", "a:\n  - x: 1\n    y:\n      - 1\n   - x: 2\n", 5, 1, 3},
		{"key left of its siblings", "a:\n  b: 1\n c: 2\n", 3, 1, 1},
		{"every dedent to an open level", "a:\n  - x: 1\n    y:\n      - 1\n  - x: 2\nb: 3\n", 0, 1, 0},
		{"comments and blank lines skipped", "a:\n  b: 1\n\n# note\n  c: 2\n", 0, 1, 0},
		{"from a later line", "a:\n  b: 1\nc:\n  - 1\n - 2\n", 5, 3, 1},
	} {
		line, indent := misindented(strings.Split(tc.text, "\n"), tc.from)
		if line != tc.line || indent != tc.indent {
			t.Errorf("%s: line %d, indent %d; want %d, %d", tc.name, line, indent, tc.line, tc.indent)
		}
	}
}
