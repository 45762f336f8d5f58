package reports

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/internal/pagecheck"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// ownLayout is every sheet of the run and calibration workbooks whose
// pages this package lays out; the Compare sheet's columns are its own
// (comparesheet.go) and print at 83 %.
func ownLayout(sheet string) bool { return sheet != sheetCompare }

// TestRunWorkbookPrintedPages checks how each example's run workbook
// prints, from the workbook alone (no LibreOffice): landscape at a scale
// that keeps 11 pt text at 9 pt or more, and no chart cut by a page break
// or wider or taller than a page.
func TestRunWorkbookPrintedPages(t *testing.T) {
	for _, example := range []string{"default", "history", "retirement"} {
		t.Run(example, func(t *testing.T) {
			path, _ := writeTestWorkbook(t, resolve(t, example, 200, nil))
			layouts, err := pagecheck.Layout(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range layouts {
				if p := l.Problems(); len(p) > 0 {
					t.Errorf("%s", strings.Join(p, "; "))
				}
				if ownLayout(l.Name) && 11*l.Scale < pagecheck.MinBodySize {
					t.Errorf("%s prints at %.0f %%: 11 pt text at %.1f pt", l.Name, 100*l.Scale, 11*l.Scale)
				}
				if l.UsedWidth*l.Scale > l.PageWidth {
					t.Errorf("%s is %.0f pt wide printed, the page %.0f pt", l.Name, l.UsedWidth*l.Scale, l.PageWidth)
				}
			}
		})
	}
}

// TestSleeveColoursAcrossCharts: a sleeve has one colour in every
// allocation and glide path chart of the workbook.
func TestSleeveColoursAcrossCharts(t *testing.T) {
	sc := resolve(t, "retirement", 100, nil)
	path, _ := writeTestWorkbook(t, sc)
	// The colour of each data point or series next to the sleeve's name
	// it shows: an allocation chart's series (a sleeve each) and a glide
	// path's lines follow the sleeves' order.
	title := regexp.MustCompile(`<a:t>([^<]*)</a:t>`)
	color := regexp.MustCompile(`<a:srgbClr val="([0-9A-F]{6})"`)
	// parts splits a chart's XML at each data point or series (prefixed
	// c: or not) and returns the first colour of each.
	parts := func(text, el string) []string {
		var out []string
		for _, part := range regexp.MustCompile(`<(?:c:)?`+el+`>`).Split(text, -1)[1:] {
			if m := color.FindStringSubmatch(part); m != nil {
				out = append(out, m[1])
			}
		}
		return out
	}
	seen := map[string]string{}
	checked := 0
	for _, c := range chartXML(t, path) {
		text := c.text
		name := title.FindStringSubmatch(text)
		if len(name) < 2 || !(strings.HasSuffix(name[1], ": weight and share of risk") || strings.HasSuffix(name[1], ": target weights during each year")) {
			continue
		}
		portfolio := strings.Split(name[1], ":")[0]
		var sleeves []string
		for _, p := range sc.Portfolios {
			if p.Name == portfolio {
				for _, sl := range p.Sleeves {
					sleeves = append(sleeves, sl.Name)
				}
			}
		}
		colors := parts(text, "dPt")
		if len(colors) == 0 {
			colors = parts(text, "ser")
		}
		if len(colors) != len(sleeves) {
			t.Fatalf("%s: %d colours for %d sleeves", name[1], len(colors), len(sleeves))
		}
		for k, sl := range sleeves {
			if c, ok := seen[sl]; ok && c != colors[k] {
				t.Errorf("%s: sleeve %q is %s here, %s elsewhere", name[1], sl, colors[k], c)
			}
			seen[sl] = colors[k]
			checked++
		}
	}
	if checked < 6 {
		t.Errorf("checked %d sleeve colours, want every sleeve of every allocation and glide path chart", checked)
	}
	if len(seen) > 1 {
		distinct := map[string]bool{}
		for _, c := range seen {
			distinct[c] = true
		}
		if len(distinct) != len(seen) {
			t.Errorf("sleeves share colours: %v", seen)
		}
	}
}

// TestRunWorkbookPagesRendered renders the default example's run workbook
// with LibreOffice and measures every page (scripts/check-pages); it is
// skipped where soffice or pdftotext is missing, as on CI.
func TestRunWorkbookPagesRendered(t *testing.T) {
	if !pagecheck.Available() || testing.Short() {
		t.Skip("needs soffice and pdftotext (LibreOffice and poppler-utils)")
	}
	path, _ := writeTestWorkbook(t, resolve(t, "default", 200, nil))
	r, err := pagecheck.Check(context.Background(), path, t.TempDir(), pagecheck.MinBodySize)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Problems {
		if strings.Contains(p, "("+sheetCompare+")") || strings.HasPrefix(p, sheetCompare+":") {
			t.Logf("known: %s", p)
			continue
		}
		t.Error(p)
	}
	if len(r.Pages) == 0 {
		t.Error("no pages rendered")
	}
}

// TestSummaryFiguresOnFirstPage: the Summary's figures table prints whole
// on its first page, under the plan and its reading: with the details
// above it for a run without a spending rule, beside it for the retiree's
// three portfolios (21 figures: below them, the details and the note took a
// page of their own), and below it when four portfolios leave no room
// beside it (above, the table started on page 2).
func TestSummaryFiguresOnFirstPage(t *testing.T) {
	fourth := func(s string) string {
		return strings.Replace(s, "portfolios:\n", "portfolios:\n  - name: All bonds\n    sleeves:\n      - {name: Fixed income, weight: 1.0, holdings: {us_bonds: 1.0}}\n", 1)
	}
	for _, tc := range []struct {
		name, example string
		edit          func(string) string
		details       string // where the Client detail is: above, below or beside the table
		pages         int    // the Summary's pages
	}{
		{"default", "default", nil, "above", 1},
		{"retirement", "retirement", nil, "beside", 1},
		{"retirement, four portfolios", "retirement", fourth, "below", 2},
		{"rolling windows", "windows", nil, "above", 1}, // its note on the page too: a third line sent it to a page of its own
	} {
		t.Run(tc.name, func(t *testing.T) {
			layouts, f := laidOut(t, resolve(t, tc.example, 200, tc.edit))
			rows, err := f.GetRows(sheetSummary)
			if err != nil {
				t.Fatal(err)
			}
			header, last := -1, -1
			for i, row := range rows {
				first := ""
				if len(row) > 0 {
					first = row[0]
				}
				switch {
				case first == "Portfolio" && header < 0:
					header = i + 1
				case header > 0 && last < 0 && first == "":
					last = i // the row before the gap under the table
				}
			}
			if header > 0 && last < 0 {
				last = len(rows) // nothing under the table
			}
			found, err := f.SearchSheet(sheetSummary, "^Client$", true)
			if err != nil || len(found) != 1 || header < 0 {
				t.Fatalf("table header row %d, Client at %v (%v)", header, found, err)
			}
			col, row, _ := excelize.CellNameToCoordinates(found[0])
			where := "beside"
			switch {
			case row < header:
				where = "above"
			case row > last:
				where = "below"
			case col == 1:
				where = "in the table"
			}
			if where != tc.details {
				t.Errorf("details %s the table, want %s (Client at %s, table rows %d–%d)", where, tc.details, found[0], header, last)
			}
			for _, l := range layouts {
				if l.Name != sheetSummary {
					continue
				}
				if p := l.Pages[0]; p.LastRow < last {
					t.Errorf("first page holds rows %d–%d, the table rows %d–%d", p.FirstRow, p.LastRow, header, last)
				}
				if len(l.Pages) != tc.pages {
					t.Errorf("the Summary prints on %d pages, want %d", len(l.Pages), tc.pages)
				}
			}
		})
	}
}

// TestRegimeEffectsPagesStartWithAHeader: the Effects table of a scenario
// with many assets (bench: eight, under two cycles) is longer than a page,
// and the examples' tables fall across a page's foot; every page it
// continues on starts with its header, not with bare rows of effects,
// which need the header's columns to be read.
func TestRegimeEffectsPagesStartWithAHeader(t *testing.T) {
	for _, example := range []string{"bench", "default", "retirement"} {
		t.Run(example, func(t *testing.T) { effectsPagesStartWithAHeader(t, example) })
	}
}

func effectsPagesStartWithAHeader(t *testing.T, example string) {
	layouts, f := laidOut(t, resolve(t, example, 200, nil))
	headers := 0
	for _, l := range layouts {
		if l.Name != sheetRegimes {
			continue
		}
		for i, p := range l.Pages {
			first := ""
			for r := p.FirstRow; first == "" && r <= p.LastRow; r++ {
				first, _ = f.GetCellValue(sheetRegimes, cell(2, r))
				if first == "" {
					if a, _ := f.GetCellValue(sheetRegimes, cell(1, r)); a != "" {
						first = "-" // a title or a table's own first column: not an effect's row
					}
				}
			}
			if first == "Rates" || first == "Growth" {
				t.Errorf("Regimes page %d starts with an effect's row (rows %d–%d), not a header", i+1, p.FirstRow, p.LastRow)
			}
		}
	}
	rows, err := f.GetRows(sheetRegimes)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if len(row) > 1 && row[0] == "Series" && row[1] == "Cycle" {
			headers++
		}
	}
	if headers != 2 {
		t.Errorf("%d Effects headers, want one for each of the two cycles", headers)
	}
}

// laidOut writes sc's workbook and returns its sheets' page layout and the
// workbook, open until the test ends.
func laidOut(t *testing.T, sc *model.Scenario) ([]pagecheck.SheetLayout, *excelize.File) {
	t.Helper()
	path, _ := writeTestWorkbook(t, sc)
	layouts, err := pagecheck.Layout(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return layouts, f
}

// noteCell is a note (the italic paragraph s.note writes) on a sheet: its
// row, text, the width of the columns it is merged across and its height.
type noteCell struct {
	row           int
	text          string
	width, height float64
}

// sheetNotes returns every one-row note of a sheet.
func sheetNotes(t *testing.T, f *excelize.File, sheet string) []noteCell {
	t.Helper()
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var notes []noteCell
	for _, m := range merged {
		c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
		id, _ := f.GetCellStyle(sheet, m.GetStartAxis())
		st, err := f.GetStyle(id)
		if err != nil || st.Font == nil || !st.Font.Italic || r1 != r2 {
			continue
		}
		n := noteCell{row: r1, text: m.GetCellValue()}
		for c := c1; c <= c2; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, _ := f.GetColWidth(sheet, name)
			n.width += w
		}
		n.height, _ = f.GetRowHeight(sheet, r1)
		notes = append(notes, n)
	}
	return notes
}

// TestNotesAsTallAsTheirWords: the solve page's and the rolling windows'
// notes are as tall as their words wrap across the columns they span
// (noteLines), no taller: measured at narrower widths than their columns
// (112 of the solve page's 120, 101 of the windows' 113) the intros each
// took a line more than they print on, a blank band above the first table.
// The windows' header rows are as tall as their longest head wraps in
// bold, not headerHeight's 7 lines for 4. So is every note of the run
// workbooks.
func TestNotesAsTallAsTheirWords(t *testing.T) {
	check := func(t *testing.T, f *excelize.File, sheet string, want int) {
		t.Helper()
		notes := sheetNotes(t, f, sheet)
		if len(notes) < want {
			t.Fatalf("%s: %d notes, want %d or more", sheet, len(notes), want)
		}
		for _, n := range notes {
			if lines := noteLines(n.text, n.width); n.height != float64(15*lines) {
				t.Errorf("%s row %d: %.0f pt tall, want %d lines (%d pt) at its width %.0f: %.60q…", sheet, n.row, n.height, lines, 15*lines, n.width, n.text)
			}
		}
	}
	// Every note of the run workbooks too: the Stress tests' note took a
	// floor of lines counted by hand or textLines' rule (the default
	// example's two lines three, the bench's one two), its episodes' note
	// a character a unit of width (the history example's 7 lines 8).
	for _, example := range []string{"default", "history", "bench"} {
		t.Run(example, func(t *testing.T) {
			path, _ := writeTestWorkbook(t, resolve(t, example, 100, nil))
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for _, sheet := range f.GetSheetList() {
				want := 0
				if sheet == sheetStress {
					want = 1
				}
				check(t, f, sheet, want)
			}
		})
	}
	// The Compare sheet's caveat, across the page past its table's columns:
	// measured at the page's 120 it stood a line too tall.
	t.Run("compare", func(t *testing.T) {
		var scs []*model.Scenario
		for _, name := range []string{"base.yaml", "other.yaml", "third.yaml"} {
			sc := resolve(t, "default", 200, nil)
			sc.Info.Source.File = name
			scs = append(scs, sc)
		}
		c, err := batch.Compare(context.Background(), scs, sim.Options{})
		if err != nil {
			t.Fatal(err)
		}
		f, _, s := styledSheet(t)
		compareResults(s, c)
		if s.err != nil {
			t.Fatal(s.err)
		}
		check(t, f, "Sheet1", 1)
	})
	t.Run("solve", func(t *testing.T) {
		sc := resolve(t, "retirement", 100, nil)
		res := fakeSolve(sc, portfolio.Guardrails, false, 0.0875)
		for i := range res.Portfolios {
			res.Portfolios[i].Paid = &sim.Spending{FirstYear: 131250}
		}
		f := solveWorkbook(t, sc, res)
		defer f.Close()
		check(t, f, sheetSolve, 3) // the intro, what the rule paid, where the charts' figures are
	})
	t.Run("windows", func(t *testing.T) {
		path, _ := writeTestWorkbook(t, resolve(t, "windows", 1, nil))
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		check(t, f, sheetWindows, 3) // the intro, the worst start years', where the charts' figures are
		rows, err := f.GetRows(sheetWindows)
		if err != nil {
			t.Fatal(err)
		}
		heads := 0
		for i, row := range rows {
			if len(row) < 3 || row[0] != "Start year" {
				continue
			}
			heads++
			var titles []any
			var widths []float64
			for c, title := range row {
				titles = append(titles, title)
				name, _ := excelize.ColumnNumberToName(c + 1)
				w, _ := f.GetColWidth(sheetWindows, name)
				widths = append(widths, w)
			}
			if h, _ := f.GetRowHeight(sheetWindows, i+1); h != boldHeadHeight(titles, widths) {
				t.Errorf("header row %d: %.0f pt, want %.0f as its heads wrap in bold", i+1, h, boldHeadHeight(titles, widths))
			}
		}
		if heads == 0 {
			t.Error("no rolling-windows table headers")
		}
	})
}

// TestBackMatterLastPageNotATail: the Glossary, Technical notes and
// Disclosures never end on a page of one or two rows when a print scale
// down to tailScale saves it (pager.settle): the windows run's Technical
// notes ended on two rows and its Disclosures on "About this workbook"
// alone, the history run's Glossary on its last two terms. Such a sheet
// prints at tailScale or more.
func TestBackMatterLastPageNotATail(t *testing.T) {
	for _, example := range []string{"default", "history", "retirement", "windows"} {
		t.Run(example, func(t *testing.T) {
			layouts, _ := laidOut(t, resolve(t, example, 200, nil))
			for _, l := range layouts {
				if l.Name != sheetGlossary && l.Name != sheetTechnical && l.Name != sheetDisclosures {
					continue
				}
				if last := l.Pages[len(l.Pages)-1]; len(l.Pages) > 1 && last.LastRow-last.FirstRow < 2 {
					t.Errorf("%s: last of %d pages holds rows %d–%d only", l.Name, len(l.Pages), last.FirstRow, last.LastRow)
				}
				if l.Scale < tailScale/100.0 {
					t.Errorf("%s prints at %.0f %%, below %d %%", l.Name, 100*l.Scale, tailScale)
				}
			}
		})
	}
}
