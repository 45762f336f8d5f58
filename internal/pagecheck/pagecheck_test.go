package pagecheck

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// bbox is pdftotext -bbox output for one landscape Letter page: a header,
// an 11 pt and an 8 pt body word (box heights 14.3 and 10.4 pt), a
// footer in 8 pt and a clipped chart word under it.
const bbox = `<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><doc>
<page width="792.000000" height="612.000000">
<word xMin="36" yMin="30" xMax="60" yMax="40.4">Client&amp;Co</word>
<word xMin="36" yMin="80" xMax="60" yMax="94.3">Body</word>
<word xMin="70" yMin="80" xMax="90" yMax="90.4">tiny</word>
<word xMin="36" yMin="570" xMax="60" yMax="580.4">Hypothetical</word>
<word xMin="380" yMin="570" xMax="420" yMax="580.4">Summary</word>
<word xMin="700" yMin="570" xMax="720" yMax="580.4">Page</word>
<word xMin="300" yMin="590" xMax="320" yMax="600.4">clipped</word>
</page>
</doc></body></html>`

func TestParseBBoxAndMeasure(t *testing.T) {
	pages, err := parseBBox(strings.NewReader(bbox))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || len(pages[0].Words) != 7 || pages[0].Words[0].Text != "Client&Co" {
		t.Fatalf("parsed %+v", pages)
	}
	if got := pages[0].Words[1].Size(); got < 10.95 || got > 11.05 {
		t.Errorf("an 11 pt word measures %.2f pt", got)
	}
	layouts := []SheetLayout{{Name: "Summary", HasHeader: true, HasFooter: true, Pages: []Page{{1, 1, 1, 1}}}}
	tests := []struct {
		name     string
		min      float64
		problems int
		smallest string
	}{
		{"header, footer and clipped text left out; 8 pt body word fails 9 pt", 9, 1, "tiny"},
		{"passes a lower minimum", 7.5, 0, "tiny"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Measure(layouts, pages, tt.min)
			if len(r.Problems) != tt.problems {
				t.Errorf("problems %q, want %d", r.Problems, tt.problems)
			}
			if p := r.Pages[0]; p.Sheet != "Summary" || p.Smallest != tt.smallest || p.MinSize > 8.05 || p.MinSize < 7.95 {
				t.Errorf("page %+v", p)
			}
		})
	}
}

func TestMeasureCountsPagesAgainstTheModel(t *testing.T) {
	pages, _ := parseBBox(strings.NewReader(bbox))
	layouts := []SheetLayout{{Name: "Summary", HasHeader: true, HasFooter: true, Pages: []Page{{1, 30, 1, 5}, {31, 40, 1, 5}}}}
	r := Measure(layouts, pages, 7)
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0], "printed 1 pages, the page model 2") {
		t.Errorf("problems %q, want the page counts' disagreement", r.Problems)
	}
}

func TestBreaks(t *testing.T) {
	tests := []struct {
		name   string
		last   int
		manual map[int]bool
		want   []int
	}{
		{"three 15 pt rows a 45 pt page", 7, nil, []int{1, 4, 7}},
		{"a manual break", 4, map[int]bool{3: true}, []int{1, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := breaks(tt.last, tt.manual, func(int) float64 { return 15 }, 45)
			if !slices.Equal(got, tt.want) {
				t.Errorf("breaks %v, want %v", got, tt.want)
			}
		})
	}
}

// TestLayoutFindsASplitChart: a chart over a manual page break is split;
// below it, it is not.
func TestLayoutFindsASplitChart(t *testing.T) {
	tests := []struct {
		name  string
		brk   string
		split bool
	}{
		{"break inside the chart", "A10", true},
		{"break after the chart", "A40", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			for r := 1; r <= 40; r++ {
				cell, _ := excelize.CoordinatesToCellName(1, r)
				f.SetCellValue("Sheet1", cell, r)
			}
			adjust, landscape := uint(100), "landscape"
			f.SetPageLayout("Sheet1", &excelize.PageLayoutOptions{Orientation: &landscape, AdjustTo: &adjust})
			if err := f.AddChart("Sheet1", "C2", &excelize.Chart{Type: excelize.Line, Series: []excelize.ChartSeries{{Values: "Sheet1!$A$1:$A$40"}},
				Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Trend"}}}, Dimension: excelize.ChartDimension{Width: 400, Height: 300}}); err != nil {
				t.Fatal(err)
			}
			if err := f.InsertPageBreak("Sheet1", tt.brk); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "x.xlsx")
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			ls, err := Layout(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(ls) != 1 || len(ls[0].Charts) != 1 {
				t.Fatalf("layouts %+v", ls)
			}
			c := ls[0].Charts[0]
			if c.Title != "Trend" || c.Split != tt.split || (len(ls[0].Problems()) > 0) != tt.split {
				t.Errorf("chart %+v, problems %q", c, ls[0].Problems())
			}
		})
	}
}
