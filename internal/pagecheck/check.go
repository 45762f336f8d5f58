package pagecheck

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
)

// MinBodySize is the smallest body text, in points, a printed page may
// carry.
const MinBodySize = 9

// PageReport is one printed page's measurement.
type PageReport struct {
	Number   int    // 1-based, in the PDF
	Sheet    string // from the page's footer; "" when not found
	MinSize  float64
	Smallest string // the smallest word
	Below    int    // words below the minimum size
}

// SheetReport compares a sheet's modelled pages with LibreOffice's.
type SheetReport struct {
	Layout  SheetLayout
	Printed int     // pages LibreOffice printed for the sheet
	MinSize float64 // smallest body text on its pages
}

// Report is the result of Check.
type Report struct {
	PDF      string
	Pages    []PageReport
	Sheets   []SheetReport
	Problems []string // empty when every page passes
}

// Check renders workbook with LibreOffice into dir, measures every page's
// body text and checks that no chart is cut by a page break and that the
// page model agrees with LibreOffice's page count for every sheet.
func Check(ctx context.Context, workbook, dir string, minSize float64) (Report, error) {
	layouts, err := Layout(workbook)
	if err != nil {
		return Report{}, err
	}
	pdf, err := Render(ctx, workbook, dir)
	if err != nil {
		return Report{}, err
	}
	pages, err := ReadPDF(ctx, pdf)
	if err != nil {
		return Report{}, err
	}
	r := Measure(layouts, pages, minSize)
	r.PDF = pdf
	return r, nil
}

// Measure attributes PDF pages to sheets by the sheet name in their
// footer and checks text sizes and page counts.
func Measure(layouts []SheetLayout, pages []PDFPage, minSize float64) Report {
	var r Report
	index := map[string]int{}
	for i, l := range layouts {
		index[l.Name] = i
		r.Sheets = append(r.Sheets, SheetReport{Layout: l, MinSize: math.Inf(1)})
	}
	for n, p := range pages {
		pr := PageReport{Number: n + 1, MinSize: math.Inf(1)}
		header, footer, below := edgeLines(p)
		pr.Sheet = sheetIn(lineText(p, footer), layouts)
		var l *SheetLayout
		if i, ok := index[pr.Sheet]; ok {
			l = &r.Sheets[i].Layout
			r.Sheets[i].Printed++
		}
		for w, word := range p.Words {
			// Words under the footer are a chart's text that LibreOffice
			// clips away (a chart starting at the next page's top edge).
			if below[w] || (l != nil && ((l.HasHeader && header[w]) || (l.HasFooter && footer[w]))) {
				continue
			}
			size := word.Size()
			if size < pr.MinSize {
				pr.MinSize, pr.Smallest = size, word.Text
			}
			if size < minSize-0.05 {
				pr.Below++
			}
		}
		if pr.Below > 0 {
			r.Problems = append(r.Problems, fmt.Sprintf("page %d (%s): %d words below %g pt, the smallest %.1f pt (%q)",
				pr.Number, pr.Sheet, pr.Below, minSize, pr.MinSize, pr.Smallest))
		}
		if i, ok := index[pr.Sheet]; ok {
			r.Sheets[i].MinSize = math.Min(r.Sheets[i].MinSize, pr.MinSize)
		}
		r.Pages = append(r.Pages, pr)
	}
	for _, s := range r.Sheets {
		r.Problems = append(r.Problems, s.Layout.Problems()...)
		if s.Printed != len(s.Layout.Pages) {
			r.Problems = append(r.Problems, fmt.Sprintf("%s: LibreOffice printed %d pages, the page model %d: page breaks cannot be checked",
				s.Layout.Name, s.Printed, len(s.Layout.Pages)))
		}
	}
	return r
}

// edgeLines marks the words of a page's header and footer lines: the
// first line when it lies in the top fifth of the page, and the line in
// the bottom fifth holding "Page" (divsim's footers number their pages),
// or else the last line there. below marks words under the footer: text
// of a chart on the next page that LibreOffice clips away but pdftotext
// still reports.
func edgeLines(p PDFPage) (header, footer, below map[int]bool) {
	header, footer, below = map[int]bool{}, map[int]bool{}, map[int]bool{}
	if len(p.Words) == 0 {
		return header, footer, below
	}
	top, bottom := math.Inf(1), math.Inf(-1)
	for _, w := range p.Words {
		top, bottom = math.Min(top, w.YMin), math.Max(bottom, w.YMax)
	}
	footY := bottom
	for _, w := range p.Words {
		if w.Text == "Page" && w.YMin > p.Height*4/5 {
			footY = w.YMax
		}
	}
	for i, w := range p.Words {
		switch {
		case w.YMin <= top+2 && w.YMax < p.Height/5:
			header[i] = true
		case math.Abs(w.YMax-footY) <= 2 && w.YMin > p.Height*4/5:
			footer[i] = true
		case w.YMin > footY:
			below[i] = true
		}
	}
	return header, footer, below
}

func lineText(p PDFPage, line map[int]bool) string {
	var words []string
	for i, w := range p.Words {
		if line[i] {
			words = append(words, w.Text)
		}
	}
	return strings.Join(words, " ")
}

// sheetIn is the longest sheet name found in a footer's text.
func sheetIn(footer string, layouts []SheetLayout) string {
	best := ""
	for _, l := range layouts {
		if strings.Contains(footer, l.Name) && len(l.Name) > len(best) {
			best = l.Name
		}
	}
	return best
}

// Write prints the report: per sheet its scale and pages, per page its
// smallest body text, then (verbose) each sheet's modelled pages and
// charts, then the problems.
func (r Report) Write(w io.Writer, verbose bool) error {
	fmt.Fprintf(w, "%-4s  %-18s  %9s  %s\n", "Page", "Sheet", "Smallest", "word")
	for _, p := range r.Pages {
		size := "no text"
		if !math.IsInf(p.MinSize, 1) {
			size = fmt.Sprintf("%.1f pt", p.MinSize)
		}
		fmt.Fprintf(w, "%-4d  %-18s  %9s  %q\n", p.Number, p.Sheet, size, p.Smallest)
	}
	fmt.Fprintf(w, "\n%-18s  %6s  %12s  %7s  %6s  %s\n", "Sheet", "Scale", "Pages (model)", "Printed", "Charts", "Smallest")
	for _, s := range r.Sheets {
		size := "–"
		if !math.IsInf(s.MinSize, 1) {
			size = fmt.Sprintf("%.1f pt", s.MinSize)
		}
		fmt.Fprintf(w, "%-18s  %5.0f%%  %12d  %7d  %6d  %s\n", s.Layout.Name, 100*s.Layout.Scale, len(s.Layout.Pages), s.Printed, len(s.Layout.Charts), size)
	}
	if verbose {
		for _, s := range r.Sheets {
			l := s.Layout
			fmt.Fprintf(w, "\n%s: scale %.0f%%, page %.0f × %.0f pt, used width %.0f pt\n", l.Name, 100*l.Scale, l.PageWidth, l.PageHeight, l.UsedWidth*l.Scale)
			for i, p := range l.Pages {
				fmt.Fprintf(w, "  page %d: rows %d–%d, columns %d–%d\n", i+1, p.FirstRow, p.LastRow, p.FirstCol, p.LastCol)
			}
			for _, c := range l.Charts {
				fmt.Fprintf(w, "  chart %q: rows %d–%d, columns %d–%d, %.0f × %.0f pt printed\n", c.Title, c.FromRow, c.ToRow, c.FromCol, c.ToCol, c.Width*l.Scale, c.Height*l.Scale)
			}
		}
	}
	if len(r.Problems) == 0 {
		_, err := fmt.Fprintln(w, "\nOK: body text at least the minimum on every page, no chart split across pages.")
		return err
	}
	fmt.Fprintln(w, "\nProblems:")
	for _, p := range r.Problems {
		fmt.Fprintln(w, "  "+p)
	}
	return nil
}
