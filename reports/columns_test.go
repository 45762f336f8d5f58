package reports

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"text/tabwriter"
)

// TestColumnsLikeTabwriter: on text whose characters are one column wide,
// columns writes what text/tabwriter writes (padding 2, no minimum), left
// and right aligned, for tables of random cells, ragged lines, empty cells
// and lines without tabs among them, less each line's trailing spaces.
func TestColumnsLikeTabwriter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"", "a", "Portfolio", "1.2%", "Balanced 60/40", "—", "–", "baseline", "12,345", "é"}
	for trial := range 300 {
		var text strings.Builder
		for range 1 + rng.IntN(6) {
			n := rng.IntN(5)
			for range n {
				text.WriteString(words[rng.IntN(len(words))] + "\t")
			}
			if rng.IntN(3) == 0 {
				text.WriteString(words[rng.IntN(len(words))]) // text after the last tab
			}
			text.WriteString("\n")
		}
		for _, right := range []bool{false, true} {
			var flags uint
			if right {
				flags = tabwriter.AlignRight
			}
			var want, got bytes.Buffer
			tw := tabwriter.NewWriter(&want, 0, 0, 2, ' ', flags)
			fmt.Fprint(tw, text.String())
			tw.Flush()
			c := newColumns(&got, right)
			fmt.Fprint(c, text.String())
			if err := c.Flush(); err != nil {
				t.Fatal(err)
			}
			trimmed := strings.Split(want.String(), "\n")
			for i, l := range trimmed {
				trimmed[i] = strings.TrimRight(l, " ")
			}
			if got.String() != strings.Join(trimmed, "\n") {
				t.Fatalf("trial %d (right %v) on %q:\ngot\n%q\nwant\n%q", trial, right, text.String(), got.String(), strings.Join(trimmed, "\n"))
			}
		}
	}
}

// TestColumnsByDisplayWidth: a name of characters two columns wide lines
// up with the others: every row's second column starts at the same
// terminal column.
func TestColumnsByDisplayWidth(t *testing.T) {
	var out bytes.Buffer
	c := newColumns(&out, true)
	pad := flushLeft([]string{"平衡型 10% 小盘股", "Balanced 60/40"})
	for _, name := range []string{"Portfolio", "平衡型 10% 小盘股", "Balanced 60/40"} {
		fmt.Fprintf(c, "%s\t%s\t\n", pad(name), "1.2%")
	}
	c.Flush()
	ends := map[int]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		ends[displayWidth(line)] = true
	}
	if len(ends) != 1 {
		t.Errorf("rows end at different columns:\n%s", out.String())
	}
}
