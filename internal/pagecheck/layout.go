package pagecheck

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Units: points (1/72 inch) unless said otherwise.
const (
	emuPerPoint = 12700
	// defaultRowHeight is Excel's row height for 11 pt Calibri.
	defaultRowHeight = 15
	// defaultColWidth is Excel's default column width, in characters.
	defaultColWidth = 8.43
	// headerFooterRoom is the height LibreOffice's header and footer take
	// from the page's body beyond the top and bottom margins (measured).
	headerFooterRoom = 36
)

// SheetLayout is how one sheet prints according to its own settings.
type SheetLayout struct {
	Name        string
	Scale       float64 // print scale, 1 = 100 %
	PageWidth   float64 // printable width and height of a page, after margins
	PageHeight  float64
	Pages       []Page // printed pages in order (down, then over)
	Charts      []Chart
	HasHeader   bool
	HasFooter   bool
	UsedWidth   float64 // width of the used columns and drawings, unscaled
	rowTop      []float64
	colLeft     []float64
	rowBreakAt  []int // first rows of pages
	colBreakAt  []int // first columns of pages
	lastRow     int
	lastCol     int
	fitToPage   bool
	fitToWidth  int
	fitToHeight int
}

// Page is one printed page: rows and columns, 1-based and inclusive.
type Page struct{ FirstRow, LastRow, FirstCol, LastCol int }

// Chart is a drawing's place on the sheet and the pages it falls on.
type Chart struct {
	Title                string
	FromRow, ToRow       int // 1-based rows of the chart's top and bottom edges
	FromCol, ToCol       int // 1-based columns of its left and right edges
	Top, Bottom          float64
	Left, Right          float64
	PageRows, PageCols   [2]int // page index (down) of the top and bottom edge, (over) of the left and right edge
	Split                bool   // cut by a page break
	TallerThanPage       bool
	WiderThanPage        bool
	Height, Width, Scale float64
}

// Layout reads the workbook at file and computes every sheet's printed
// pages and where its charts fall.
func Layout(file string) ([]SheetLayout, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, fmt.Errorf("pagecheck: %w", err)
	}
	defer zr.Close()
	pk := pkg{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		pk.files[f.Name] = f
	}
	var wb struct {
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"` // hidden or veryHidden: not printed
			RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := pk.decode("xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	rels, err := pk.rels("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	var out []SheetLayout
	for _, s := range wb.Sheets {
		if s.State == "hidden" || s.State == "veryHidden" { // a hidden sheet prints no page
			continue
		}
		l, err := pk.sheet(s.Name, rels[s.RID])
		if err != nil {
			return nil, fmt.Errorf("pagecheck: sheet %s: %w", s.Name, err)
		}
		out = append(out, l)
	}
	return out, nil
}

// Problems lists what is wrong with a sheet's printed pages: charts cut
// by a page break, taller or wider than a page.
func (l SheetLayout) Problems() []string {
	var out []string
	for _, c := range l.Charts {
		name := fmt.Sprintf("chart %q (rows %d–%d)", c.Title, c.FromRow, c.ToRow)
		switch {
		case c.TallerThanPage:
			out = append(out, fmt.Sprintf("%s: %s is taller than a page (%.0f pt printed, page %.0f pt)", l.Name, name, c.Height*l.Scale, l.PageHeight))
		case c.WiderThanPage:
			out = append(out, fmt.Sprintf("%s: %s is wider than a page (%.0f pt printed, page %.0f pt)", l.Name, name, c.Width*l.Scale, l.PageWidth))
		case c.Split:
			out = append(out, fmt.Sprintf("%s: %s is split across pages", l.Name, name))
		}
	}
	return out
}

type pkg struct{ files map[string]*zip.File }

func (p pkg) decode(name string, v any) error {
	f, ok := p.files[name]
	if !ok {
		return fmt.Errorf("%s: missing from the workbook", name)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// rels maps a part's relationship ids to the parts they point to.
func (p pkg) rels(part string) (map[string]string, error) {
	name := path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
	out := map[string]string{}
	if _, ok := p.files[name]; !ok {
		return out, nil
	}
	var r struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := p.decode(name, &r); err != nil {
		return nil, err
	}
	for _, x := range r.Rel {
		t := x.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(path.Dir(part), t)
		}
		out[x.ID] = t
	}
	return out, nil
}

type worksheet struct {
	SheetPr struct {
		PageSetUpPr struct {
			FitToPage string `xml:"fitToPage,attr"`
		} `xml:"pageSetUpPr"`
	} `xml:"sheetPr"`
	Format struct {
		DefaultRowHeight float64 `xml:"defaultRowHeight,attr"`
		DefaultColWidth  float64 `xml:"defaultColWidth,attr"`
	} `xml:"sheetFormatPr"`
	Cols []struct {
		Min   int     `xml:"min,attr"`
		Max   int     `xml:"max,attr"`
		Width float64 `xml:"width,attr"`
	} `xml:"cols>col"`
	Rows []struct {
		R     int     `xml:"r,attr"`
		Ht    float64 `xml:"ht,attr"`
		Cells []struct {
			R string `xml:"r,attr"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
	Merges []struct {
		Ref string `xml:"ref,attr"`
	} `xml:"mergeCells>mergeCell"`
	Margins *struct {
		Left   float64 `xml:"left,attr"`
		Right  float64 `xml:"right,attr"`
		Top    float64 `xml:"top,attr"`
		Bottom float64 `xml:"bottom,attr"`
	} `xml:"pageMargins"`
	Setup struct {
		Orientation string `xml:"orientation,attr"`
		Scale       string `xml:"scale,attr"`
		FitToWidth  string `xml:"fitToWidth,attr"`
		FitToHeight string `xml:"fitToHeight,attr"`
		PaperSize   string `xml:"paperSize,attr"`
	} `xml:"pageSetup"`
	HeaderFooter struct {
		OddHeader string `xml:"oddHeader"`
		OddFooter string `xml:"oddFooter"`
	} `xml:"headerFooter"`
	RowBreaks []struct {
		ID int `xml:"id,attr"`
	} `xml:"rowBreaks>brk"`
	ColBreaks []struct {
		ID int `xml:"id,attr"`
	} `xml:"colBreaks>brk"`
	Drawing struct {
		RID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"drawing"`
}

type marker struct {
	Col    int   `xml:"col"`
	ColOff int64 `xml:"colOff"`
	Row    int   `xml:"row"`
	RowOff int64 `xml:"rowOff"`
}

type anchor struct {
	From  marker `xml:"from"`
	To    marker `xml:"to"`
	Ext   struct{ Cx, Cy int64 }
	Frame struct {
		Graphic struct {
			Chart struct {
				RID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
			} `xml:"graphicData>chart"`
		} `xml:"graphic"`
	} `xml:"graphicFrame"`
	two bool
}

// paper returns a paper size's width and height in points, portrait.
func paper(code string) (float64, float64) {
	switch code {
	case "9":
		return 595.3, 841.9 // A4
	case "5":
		return 612, 1008 // Legal
	}
	return 612, 792 // Letter, LibreOffice's default here
}

// sheet lays out one sheet (part names its worksheet part): its pages,
// its used area (cells, merges and drawings) and where its charts fall.
func (p pkg) sheet(name, part string) (SheetLayout, error) {
	var ws worksheet
	if err := p.decode(part, &ws); err != nil {
		return SheetLayout{}, err
	}
	l := SheetLayout{Name: name, Scale: 1, HasHeader: ws.HeaderFooter.OddHeader != "", HasFooter: ws.HeaderFooter.OddFooter != ""}
	l.PageWidth, l.PageHeight = printableArea(ws)
	g := gridOf(ws)
	l.lastRow, l.lastCol = usedCells(ws)
	anchors, titles, err := p.drawing(part, ws.Drawing.RID)
	if err != nil {
		return l, err
	}
	l.extend(g, max(l.lastRow, 1), max(l.lastCol, 1))
	for _, a := range anchors { // a chart extends the used area to the cells it covers
		l.Charts = append(l.Charts, l.placeChart(g, a, titles[a.Frame.Graphic.Chart.RID]))
	}
	l.extend(g, l.lastRow, l.lastCol)
	l.UsedWidth = l.colLeft[l.lastCol+1]
	l.setScale(ws)
	l.paginate(ws, g)
	l.locateCharts()
	return l, nil
}

// printableArea is the width and height of a page's body: the paper, turned
// as the sheet says, less its margins and the room for header and footer.
func printableArea(ws worksheet) (width, height float64) {
	w, h := paper(ws.Setup.PaperSize)
	if ws.Setup.Orientation == "landscape" {
		w, h = h, w
	}
	left, right, top, bottom := 0.7, 0.7, 0.75, 0.75
	if m := ws.Margins; m != nil {
		left, right, top, bottom = m.Left, m.Right, m.Top, m.Bottom
	}
	// LibreOffice prints the header and footer inside the top and bottom
	// margins and keeps a further quarter inch of each for them: a
	// Letter page with 0.75 in margins holds 31 rows of 15 pt, not 33.
	return w - 72*(left+right), h - 72*(top+bottom) - headerFooterRoom
}

// grid is a sheet's row heights and column widths: those the sheet sets,
// and its defaults for the rest.
type grid struct {
	heights map[int]float64 // in points
	widths  map[int]float64 // in characters
	defRow  float64
	defCol  float64
}

// gridOf reads a sheet's row heights, column widths and defaults.
func gridOf(ws worksheet) grid {
	g := grid{heights: map[int]float64{}, widths: map[int]float64{}, defRow: ws.Format.DefaultRowHeight, defCol: ws.Format.DefaultColWidth}
	if g.defRow == 0 {
		g.defRow = defaultRowHeight
	}
	if g.defCol == 0 {
		g.defCol = defaultColWidth
	}
	for _, r := range ws.Rows {
		if r.Ht > 0 {
			g.heights[r.R] = r.Ht
		}
	}
	for _, c := range ws.Cols {
		for i := c.Min; i <= c.Max && i <= 1024; i++ {
			g.widths[i] = c.Width
		}
	}
	return g
}

// rowHeight is row r's height in points.
func (g grid) rowHeight(r int) float64 {
	if h, ok := g.heights[r]; ok {
		return h
	}
	return g.defRow
}

// colWidth is column c's width in points.
func (g grid) colWidth(c int) float64 {
	w, ok := g.widths[c]
	if !ok {
		w = g.defCol
	}
	return colPoints(w)
}

// usedCells is the last row and column that hold a cell or a merge.
func usedCells(ws worksheet) (lastRow, lastCol int) {
	for _, r := range ws.Rows {
		if len(r.Cells) > 0 {
			lastRow = max(lastRow, r.R)
			for _, c := range r.Cells {
				lastCol = max(lastCol, colOf(c.R))
			}
		}
	}
	for _, m := range ws.Merges {
		for _, ref := range strings.Split(m.Ref, ":") {
			lastCol = max(lastCol, colOf(ref))
		}
	}
	return lastRow, lastCol
}

// drawing reads the anchors of the drawing a sheet part refers to by rid
// (none when it has none) and its charts' titles by relationship id.
func (p pkg) drawing(part, rid string) ([]anchor, map[string]string, error) {
	rels, err := p.rels(part)
	if err != nil {
		return nil, nil, err
	}
	drawing := rels[rid]
	if drawing == "" {
		return nil, nil, nil
	}
	var d struct {
		Two []anchor `xml:"twoCellAnchor"`
		One []anchor `xml:"oneCellAnchor"`
	}
	if err := p.decode(drawing, &d); err != nil {
		return nil, nil, err
	}
	var anchors []anchor
	for _, a := range d.Two {
		a.two = true
		anchors = append(anchors, a)
	}
	anchors = append(anchors, d.One...)
	drels, err := p.rels(drawing)
	if err != nil {
		return nil, nil, err
	}
	titles := map[string]string{}
	for id, chart := range drels {
		titles[id] = p.chartTitle(chart)
	}
	return anchors, titles, nil
}

// extend measures the sheet's rows and columns at least to rows+1 and
// cols+1: where each starts, from the sheet's top and left edge.
func (l *SheetLayout) extend(g grid, rows, cols int) {
	for len(l.rowTop) <= rows+1 {
		n := len(l.rowTop)
		if n == 0 {
			l.rowTop = append(l.rowTop, 0, 0) // index 0 unused; row 1 starts at 0
			continue
		}
		l.rowTop = append(l.rowTop, l.rowTop[n-1]+g.rowHeight(n-1))
	}
	for len(l.colLeft) <= cols+1 {
		n := len(l.colLeft)
		if n == 0 {
			l.colLeft = append(l.colLeft, 0, 0)
			continue
		}
		l.colLeft = append(l.colLeft, l.colLeft[n-1]+g.colWidth(n-1))
	}
}

// placeChart is the chart an anchor puts on the sheet: its edges and the rows
// and columns they fall in. The used area grows to the last row and column
// the chart reaches into.
func (l *SheetLayout) placeChart(g grid, a anchor, title string) Chart {
	c := Chart{Title: title, FromRow: a.From.Row + 1, FromCol: a.From.Col + 1}
	l.extend(g, a.From.Row+1, a.From.Col+1)
	c.Top = l.rowTop[c.FromRow] + float64(a.From.RowOff)/emuPerPoint
	c.Left = l.colLeft[c.FromCol] + float64(a.From.ColOff)/emuPerPoint
	if a.two {
		c.ToRow, c.ToCol = a.To.Row+1, a.To.Col+1
		l.extend(g, c.ToRow, c.ToCol)
		c.Bottom = l.rowTop[c.ToRow] + float64(a.To.RowOff)/emuPerPoint
		c.Right = l.colLeft[c.ToCol] + float64(a.To.ColOff)/emuPerPoint
	} else {
		c.Bottom, c.Right = c.Top+float64(a.Ext.Cy)/emuPerPoint, c.Left+float64(a.Ext.Cx)/emuPerPoint
		for c.ToRow = c.FromRow; ; c.ToRow++ {
			l.extend(g, c.ToRow+1, 1)
			if l.rowTop[c.ToRow+1] >= c.Bottom {
				break
			}
		}
		for c.ToCol = c.FromCol; ; c.ToCol++ {
			l.extend(g, 1, c.ToCol+1)
			if l.colLeft[c.ToCol+1] >= c.Right {
				break
			}
		}
	}
	c.Height, c.Width = c.Bottom-c.Top, c.Right-c.Left
	// The last row or column the chart reaches into.
	lastRow, lastCol := c.ToRow, c.ToCol
	if l.rowTop[lastRow] >= c.Bottom-0.01 && lastRow > c.FromRow {
		lastRow--
	}
	if l.colLeft[lastCol] >= c.Right-0.01 && lastCol > c.FromCol {
		lastCol--
	}
	l.lastRow, l.lastCol = max(l.lastRow, lastRow), max(l.lastCol, lastCol)
	return c
}

// setScale sets the print scale: explicit, or fitted to the page's width
// (and height).
func (l *SheetLayout) setScale(ws worksheet) {
	l.fitToPage = ws.SheetPr.PageSetUpPr.FitToPage == "true" || ws.SheetPr.PageSetUpPr.FitToPage == "1"
	l.fitToWidth, l.fitToHeight = atoiOr(ws.Setup.FitToWidth, 1), atoiOr(ws.Setup.FitToHeight, 1)
	switch {
	case l.fitToPage:
		if l.fitToWidth > 0 {
			l.Scale = math.Min(1, float64(l.fitToWidth)*l.PageWidth/l.UsedWidth)
		}
		if l.fitToHeight > 0 {
			l.Scale = math.Min(l.Scale, float64(l.fitToHeight)*l.PageHeight/l.rowTop[l.lastRow+1])
		}
	case ws.Setup.Scale != "":
		l.Scale = float64(atoiOr(ws.Setup.Scale, 100)) / 100
	}
}

// paginate cuts the used area into pages: at manual breaks, and wherever
// the next row or column would not fit at the sheet's scale.
func (l *SheetLayout) paginate(ws worksheet, g grid) {
	manual := map[int]bool{}
	for _, b := range ws.RowBreaks {
		manual[b.ID+1] = true
	}
	l.rowBreakAt = breaks(l.lastRow, manual, func(r int) float64 { return g.rowHeight(r) * l.Scale }, l.PageHeight)
	manualCols := map[int]bool{}
	for _, b := range ws.ColBreaks {
		manualCols[b.ID+1] = true
	}
	l.colBreakAt = breaks(l.lastCol, manualCols, func(c int) float64 { return g.colWidth(c) * l.Scale }, l.PageWidth)
	for ci, c0 := range l.colBreakAt {
		c1 := l.lastCol
		if ci+1 < len(l.colBreakAt) {
			c1 = l.colBreakAt[ci+1] - 1
		}
		for ri, r0 := range l.rowBreakAt {
			r1 := l.lastRow
			if ri+1 < len(l.rowBreakAt) {
				r1 = l.rowBreakAt[ri+1] - 1
			}
			l.Pages = append(l.Pages, Page{r0, r1, c0, c1})
		}
	}
}

// locateCharts finds the pages each chart's edges fall on, and whether the
// chart is cut by a break or too large for a page at the sheet's scale.
func (l *SheetLayout) locateCharts() {
	for i := range l.Charts {
		c := &l.Charts[i]
		c.Scale = l.Scale
		c.PageRows = [2]int{pageOf(l.rowBreakAt, l.rowAt(c.Top)), pageOf(l.rowBreakAt, l.rowAt(c.Bottom-0.01))}
		c.PageCols = [2]int{pageOf(l.colBreakAt, l.colAt(c.Left)), pageOf(l.colBreakAt, l.colAt(c.Right-0.01))}
		c.TallerThanPage = c.Height*l.Scale > l.PageHeight+0.01
		c.WiderThanPage = c.Width*l.Scale > l.PageWidth+0.01
		c.Split = c.PageRows[0] != c.PageRows[1] || c.PageCols[0] != c.PageCols[1]
	}
}

// breaks returns the first index of each page among 1..last: a page
// starts at a manual break or where the next item would overflow.
func breaks(last int, manual map[int]bool, size func(int) float64, room float64) []int {
	starts := []int{1}
	used := 0.0
	for i := 1; i <= last; i++ {
		h := size(i)
		if i > 1 && (manual[i] || used+h > room+0.01) {
			starts = append(starts, i)
			used = 0
		}
		used += h
	}
	return starts
}

func pageOf(starts []int, i int) int {
	return sort.Search(len(starts), func(k int) bool { return starts[k] > i }) - 1
}

// rowAt is the row containing the point y (unscaled, from the sheet's top).
func (l SheetLayout) rowAt(y float64) int {
	r := sort.Search(len(l.rowTop)-1, func(k int) bool { return k >= 1 && l.rowTop[k+1] > y })
	return max(r, 1)
}

func (l SheetLayout) colAt(x float64) int {
	c := sort.Search(len(l.colLeft)-1, func(k int) bool { return k >= 1 && l.colLeft[k+1] > x })
	return max(c, 1)
}

// chartTitle is the text of a chart part's title, or its part name.
func (p pkg) chartTitle(part string) string {
	var c struct {
		Title struct {
			Runs []string `xml:"tx>rich>p>r>t"`
		} `xml:"chart>title"`
	}
	if err := p.decode(part, &c); err != nil || len(c.Title.Runs) == 0 {
		return path.Base(part)
	}
	return strings.Join(c.Title.Runs, "")
}

// colPoints converts a column width in characters of the default font's
// widest digit (7 pixels for 11 pt Calibri) to points, as Excel does:
// pixels = width·7 + 5, at 96 pixels an inch.
func colPoints(w float64) float64 {
	if w == 0 {
		return 0
	}
	return math.Trunc(w*7+5) * 0.75
}

func colOf(ref string) int {
	n := 0
	for _, ch := range ref {
		if ch < 'A' || ch > 'Z' {
			break
		}
		n = n*26 + int(ch-'A'+1)
	}
	return n
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}
