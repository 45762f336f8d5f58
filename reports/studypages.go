// Page layout of the study workbooks (compare, sweep, batch index): tables
// with their charts in blocks that fit a landscape page at a scale that
// keeps body text at 9 pt or more, each block kept whole on one page.

package reports

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// pageWidthPx is the printable width of a landscape Letter page (A4 is
// wider) at 100 %, in excelize's pixels: a column w characters wide is 8·w
// of them, and a chart of width W spans the columns of W of them.
// Spreadsheets draw a chart over the cells excelize anchors it to, so it
// grows with the font: LibreOffice without Calibri (DejaVu Sans in its
// place) fits about 99 characters of columns on the page, Calibri or
// Carlito about 124.
const pageWidthPx = 790

// axisFont is the dark font of the study charts' axes, legible in print.
var axisFont = excelize.Font{Color: "262626", Size: 10}

// chartGapPt is the space left under a chart before what follows, and
// chartTopPx the space above it, inside its first row (a chart starting on
// a row's very edge is drawn at the foot of the page before, too).
const (
	chartGapPt = 10
	chartTopPx = 4
)

// colPx is the width in excelize's pixels of a column w characters wide.
func colPx(w float64) int { return int(float64(8*w) + 0.5) }

// columnsPx is the width of columns of the given widths.
func columnsPx(widths []float64) int {
	px := 0
	for _, w := range widths {
		px += colPx(w)
	}
	return px
}

// pxToPt is the height in points of the rows a chart h pixels tall spans
// as excelize anchors it (3.4 points for every 4 pixels).
func pxToPt(px uint) float64 { return float64(float64(px) * 3.4 / 4) }

// printTitles repeats rows first to last at the top of every printed page
// of the sheet (a table's header row).
func (s *sheet) printTitles(first, last int) {
	s.titles = [2]int{first, last}
	s.keep(s.b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", s.name, first, last), Scope: s.name}))
}

// chartAt places a chart with its top left corner x pixels right of column
// A's left edge on row r, in columns of the given widths (later ones of
// the default width). The heights of the rows it covers must be set
// first: excelize anchors the chart to the cells under its corners as
// they are then, and spreadsheets read an offset only within its cell.
func (s *sheet) chartAt(r int, widths []float64, x int, c *excelize.Chart, over ...*excelize.Chart) {
	col := 1
	for {
		w := colPx(unsetColChars)
		if col <= len(widths) {
			w = colPx(widths[col-1])
		}
		if x < w {
			break
		}
		x -= w
		col++
	}
	c.Format.OffsetX, c.Format.OffsetY = x, chartTopPx
	s.chart(cell(col, r), c, over...)
}

// unsetColChars is the width, in characters, of a column whose width is not set, as
// excelize counts it (64 pixels).
const unsetColChars = 8

// unsetColWidth is the width of a column whose width is not set as the
// workbook stores widths (Calibri 11's 8.43 characters and their padding),
// the unit of the widths set on other columns and of noteLines.
const unsetColWidth = 9.140625

// gridChart is a chart of a chartGrid with the charts drawn over it on
// its axes (excelize's combination charts), such as labels of its points.
type gridChart struct {
	*excelize.Chart
	over []*excelize.Chart
}

// chartGrid lays charts out in rows across the page from row r, as many
// to a row as fit side by side, in columns of the given widths: each row
// of charts gets one spacer row as tall as its tallest chart, counted by
// pg so that a page breaks between rows of charts, never through one, and
// rows that fit on a page together start on one (chartPages): four charts
// had printed two to a page, each page half empty. It returns the row
// after the charts.
func (s *sheet) chartGrid(pg *pager, r int, widths []float64, charts []gridChart) int {
	var rows [][]gridChart
	var heights []float64
	for len(charts) > 0 {
		n, w := 1, int(charts[0].Dimension.Width)
		for n < len(charts) && w+10+int(charts[n].Dimension.Width) <= pageWidthPx {
			w += 10 + int(charts[n].Dimension.Width)
			n++
		}
		h := uint(0)
		for _, c := range charts[:n] {
			h = max(h, c.Dimension.Height)
		}
		rows, heights = append(rows, charts[:n]), append(heights, pxToPt(h+chartTopPx)+chartGapPt)
		charts = charts[n:]
	}
	keep := chartPages(heights)
	for i, row := range rows {
		pt := heights[i]
		pg.row(r, pt, keep[i])
		s.keep(s.b.f.SetRowHeight(s.name, r, pt)) // before the charts: their anchors follow it
		x := 0
		for _, c := range row {
			s.chartAt(r, widths, x, c.Chart, c.over...)
			x += int(c.Dimension.Width) + 10
		}
		r++
	}
	return r
}

// chartPages groups rows of charts of the given heights (points) into
// pages, in order, as many rows to a page as fit (pageHeight), and returns
// for each row the height of the rows after it on its page, which must
// print with it: the first row of a page keeps the others with it.
func chartPages(heights []float64) []float64 {
	keep := make([]float64, len(heights))
	for i := 0; i < len(heights); {
		j, total := i+1, heights[i]
		for j < len(heights) && total+heights[j] <= pageHeight {
			total += heights[j]
			j++
		}
		keep[i] = total - heights[i]
		i = j
	}
	return keep
}

// headerHeight is the height in points of a header row whose titles wrap
// in columns of the given widths (bold text: about 0.75 characters a unit
// of width), at least two lines. A title wraps at spaces and after
// hyphens, as LibreOffice and Excel wrap it ("higher-for-longer-rates",
// a scenario file's name, takes three lines in a column of 13).
func headerHeight(heads []any, widths []float64) float64 {
	return headHeight(heads, widths, func(title string, w float64) int {
		n, line := 1, 0
		for _, word := range strings.Fields(title) {
			for j, part := range strings.SplitAfter(word, "-") {
				sep := 1 // a space before a word, none after a hyphen
				if j > 0 {
					sep = 0
				}
				switch l := len([]rune(part)); {
				case l == 0:
				case line == 0:
					line = l
				case float64(line+sep+l) <= 0.75*w:
					line += sep + l
				default:
					n, line = n+1, l
				}
			}
		}
		return n
	})
}

// headHeight is the height in points of a header row of titles in columns
// of the given widths (unsetColChars past them), at least two lines, each
// title's lines counted by lines.
func headHeight(heads []any, widths []float64, lines func(title string, width float64) int) float64 {
	most := 2
	for i, h := range heads {
		w := float64(unsetColChars)
		if i < len(widths) {
			w = widths[i]
		}
		most = max(most, lines(fmt.Sprint(h), w))
	}
	return float64(lineHeight*most + 4)
}
