package configs

import (
	"strings"
	"testing"
)

// TestMisindented finds, from the top of a YAML file, the first line
// indented as no line of its block can be, and nothing in files whose
// lines all sit where YAML lets them.
func TestMisindented(t *testing.T) {
	for _, tc := range []struct {
		name         string
		text         string
		line, indent int
	}{
		{"item between levels", "a:\n  - x: 1\n    y:\n      - 1\n   - x: 2\n", 5, 3},
		{"key left of its siblings", "a:\n  b: 1\n c: 2\n", 3, 1},
		{"flow item deeper than its sibling", "a:\n  - {x: 1}\n   - {x: 2}\n", 3, 3},
		{"item's key off its first key's column", "a:\n  - name: x\n     b: 1\n", 3, 5},
		{"item back at its key's column", "a:\n  s:\n    - 1\n  - 2\n", 4, 2},
		// A block's first key off the file's step, its next key on it:
		// the first is the mistake (a new-user pass found these blamed on
		// the correct line after them).
		{"first key left of its block", "x:\n  y: 0\na:\n b: 1\n  c: 2\n", 4, 1},
		{"first key right of its block", "x:\n  y: 0\na:\n   b: 1\n  c: 2\nd: 3\n", 4, 3},
		{"a block at 3 throughout but one key", "a:\n   b: 1\n   c: 2\n  d: 3\n", 4, 2},
		{"every line where YAML lets it", "a:\n  - x: 1\n    y:\n      - 1\n  - x: 2\nb: 3\n", 0, 0},
		{"items at their key's column", "a:\n- 1\n- 2\nb:\n  c: [1,\n     2]\n", 0, 0},
		{"comments, blank lines and a block scalar", "a:\n  b: |\n      text\n   more\n\n# note\n  c: 2\n", 0, 0},
	} {
		line, indent := misindented(strings.Split(tc.text, "\n"))
		if line != tc.line || indent != tc.indent {
			t.Errorf("%s: line %d, indent %d; want %d, %d", tc.name, line, indent, tc.line, tc.indent)
		}
	}
}
