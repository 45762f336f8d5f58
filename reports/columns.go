package reports

import (
	"bytes"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// columns lines up a console table's cells, as text/tabwriter does with
// no minimum width and two spaces of padding, but by the width a terminal
// gives each character: tabwriter counts characters, so a portfolio named
// in Chinese or Japanese (each character two columns wide) pushed its row
// out of line. Cells end with a tab; a line's text after its last tab is
// not lined up. Write buffers; Flush writes the table.
type columns struct {
	w     io.Writer
	right bool // cells aligned right, as tabwriter.AlignRight
	buf   bytes.Buffer
}

// newColumns is a table writer to w, its cells aligned right or left.
func newColumns(w io.Writer, right bool) *columns { return &columns{w: w, right: right} }

func (c *columns) Write(p []byte) (int, error) { return c.buf.Write(p) }

// Flush writes the lines written so far, each column as wide as its widest
// cell and two spaces, in blocks of consecutive lines that have the column
// (a line with fewer cells ends the blocks of the columns it lacks).
func (c *columns) Flush() error {
	text := c.buf.String()
	c.buf.Reset()
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	cells := make([][]string, len(lines))
	ends := make([]string, len(lines)) // each line's text after its last tab, with its newline
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		cells[i], ends[i] = parts[:len(parts)-1], parts[len(parts)-1]
	}
	widths := make([][]int, len(lines))
	for i := range lines {
		widths[i] = make([]int, len(cells[i]))
	}
	// Column j's blocks: runs of consecutive lines with a cell j.
	for j := 0; ; j++ {
		found := false
		for i := 0; i < len(lines); {
			if len(cells[i]) <= j {
				i++
				continue
			}
			found = true
			end, width := i, 0
			for ; end < len(lines) && len(cells[end]) > j; end++ {
				width = max(width, runewidth.StringWidth(cells[end][j]))
			}
			for k := i; k < end; k++ {
				widths[k][j] = width + 2
			}
			i = end
		}
		if !found {
			break
		}
	}
	var out strings.Builder
	for i := range lines {
		var line strings.Builder
		for j, cell := range cells[i] {
			pad := strings.Repeat(" ", widths[i][j]-runewidth.StringWidth(cell))
			if c.right {
				line.WriteString(pad + cell)
			} else {
				line.WriteString(cell + pad)
			}
		}
		// No trailing spaces: a row of empty cells (a gap between blocks)
		// was a line of 130 spaces, and a left-aligned last column padded
		// every line.
		text := line.String()
		if strings.TrimSpace(ends[i]) == "" {
			text = strings.TrimRight(text, " ")
		}
		out.WriteString(text + ends[i])
	}
	_, err := io.WriteString(c.w, out.String())
	return err
}
