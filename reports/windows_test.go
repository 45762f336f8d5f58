package reports

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/internal/stats"
	"github.com/divsim/divsim/sim"
)

// TestByStartYear groups windows by start year: a partial first year, a
// year whose windows all fail, and the worst years ranked by the share
// that lasted, then by median terminal wealth.
func TestByStartYear(t *testing.T) {
	starts := []string{"1999-11", "1999-12", "2000-01", "2000-02", "2000-03", "2001-01", "2001-02", "2002-01"}
	w := &sim.Windows{
		Depleted:     []bool{false, true, true, true, true, false, false, false},
		TerminalReal: []float64{300, 0, 0, 0, 0, 90, 110, 50},
	}
	w.Terminal = w.TerminalReal
	got := byStartYear(starts, w)
	want := []startYear{
		{Year: "1999", Windows: 2, Survived: 1, MedianReal: (300 + 0) / 2.0},
		{Year: "2000", Windows: 3, Survived: 0, MedianReal: 0},
		{Year: "2001", Windows: 2, Survived: 2, MedianReal: (90 + 110) / 2.0},
		{Year: "2002", Windows: 1, Survived: 1, MedianReal: 50},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("by start year\n%+v\nwant\n%+v", got, want)
	}
	for _, tc := range []struct {
		n    int
		want []string
	}{
		{1, []string{"2000"}},
		// 1999 lasted half the time; 2001 and 2002 always, 2002 with less.
		{3, []string{"2000", "1999", "2002"}},
		{9, []string{"2000", "1999", "2002", "2001"}},
	} {
		var years []string
		for _, y := range worstStartYears(got, tc.n) {
			years = append(years, y.Year)
		}
		if !slices.Equal(years, tc.want) {
			t.Errorf("%d worst: %v, want %v", tc.n, years, tc.want)
		}
	}
}

// TestWorstStartYearsKeepTies: a year as bad as the last one shown (no
// window lasted, each ended at 0) is shown too, not dropped by the cut.
func TestWorstStartYearsKeepTies(t *testing.T) {
	years := []startYear{
		{Year: "1964", Windows: 12, MedianReal: 0}, {Year: "1965", Windows: 12, MedianReal: 0},
		{Year: "1966", Windows: 12, Survived: 3, MedianReal: 10}, {Year: "1967", Windows: 12, MedianReal: 0},
		{Year: "1968", Windows: 12, MedianReal: 0}, {Year: "1990", Windows: 12, Survived: 12, MedianReal: 500},
	}
	for _, tc := range []struct {
		n    int
		want []string
	}{
		{3, []string{"1964", "1965", "1967", "1968"}}, // four tied at none lasted and 0
		{5, []string{"1964", "1965", "1967", "1968", "1966"}},
		{0, nil},
	} {
		var got []string
		for _, y := range worstStartYears(years, tc.n) {
			got = append(got, y.Year)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%d worst: %v, want %v", tc.n, got, tc.want)
		}
	}
}

// TestWindowsSheet builds the rolling-windows example's workbook and reads
// the sheet back: each start year's share of lasting windows and median
// terminal wealth equal the results', every window is listed for the
// charts, one chart per portfolio draws them, and the worst start years
// are named.
func TestWindowsSheet(t *testing.T) {
	sc := resolve(t, "windows", 1, nil)
	path, res := writeTestWorkbook(t, sc)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !slices.Contains(f.GetSheetList(), sheetWindows) {
		t.Fatalf("sheets %v, want %s", f.GetSheetList(), sheetWindows)
	}
	// The Summary speaks of history replayed, not of simulated futures, and
	// claims no standard error for overlapping windows.
	for text, want := range map[string]bool{
		"stretches of history": true, "Rolling windows": true, "overlapping windows, only a few of them independent: no standard error": true,
		"possible futures": false, "one standard error": false, "simulated paths": false,
		// Shares of windows, named as such.
		"Windows ending ahead of the baseline": true, "Paths ending": false,
	} {
		if got := sheetHas(t, f, "Summary", text); got != want {
			t.Errorf("Summary has %q: %v, want %v", text, got, want)
		}
	}
	// History's means, not assumptions.
	if !sheetHas(t, f, "Assumptions", "Mean return (history)") || sheetHas(t, f, "Assumptions", "Expected return") {
		t.Error("the Assumptions head the history's mean returns as expected returns")
	}
	if !sheetHas(t, f, "Technical notes", "the windows overlap and are not independent") {
		t.Error("the Technical notes give the binomial standard error for overlapping windows without a caveat")
	}
	starts := sc.History.Starts
	rows, err := f.GetRows(sheetWindows)
	if err != nil {
		t.Fatal(err)
	}
	// By start year, in blocks of windowsBlock portfolios, the first
	// from row 5: year, windows, then per portfolio the share that lasted
	// and the median terminal wealth; each block in tables of
	// yearsPerTable years, each with its header and a blank row after it.
	nYears := len(byStartYear(starts, res.Portfolios[0].Windows))
	nTables := (nYears + yearsPerTable - 1) / yearsPerTable
	for pi, p := range res.Portfolios {
		block, k := pi/windowsBlock, pi%windowsBlock
		for i, y := range byStartYear(starts, p.Windows) {
			r := 5 + block*(nYears+2*nTables) + i + 2*(i/yearsPerTable)
			if got := rows[r-1][0]; got != y.Year {
				t.Fatalf("row %d: year %q, want %s", r, got, y.Year)
			}
			survived, windows, real := 0, 0, []float64(nil)
			for w, s := range starts {
				if s[:4] == y.Year {
					windows++
					real = append(real, p.Windows.TerminalReal[w])
					if !p.Windows.Depleted[w] {
						survived++
					}
				}
			}
			slices.Sort(real)
			if got := cellFloat(t, f, sheetWindows, cell(3+2*k, r)); math.Abs(got-float64(survived)/float64(windows)) > 1e-12 {
				t.Errorf("%s, %s: lasted %v, want %d/%d", p.Name, y.Year, got, survived, windows)
			}
			if got, want := cellFloat(t, f, sheetWindows, cell(4+2*k, r)), stats.Percentile(real, 50); math.Abs(got-want) > 1e-9*want {
				t.Errorf("%s, %s: median terminal wealth %v, want %v", p.Name, y.Year, got, want)
			}
		}
	}
	// The worst start years' table: a portfolio's name on its first row,
	// each row its year, windows and windows that lasted.
	head := slices.IndexFunc(rows, func(row []string) bool { return len(row) > 0 && row[0] == "Worst start years" }) + 1
	if head == 0 {
		t.Fatal("no table of the worst start years")
	}
	for pi, p := range res.Portfolios {
		worst := worstStartYears(byStartYear(starts, p.Windows), worstShown)
		for i, y := range worst {
			row := rows[head+1+pi*worstShown+i]
			want := []string{y.Year, fmt.Sprint(y.Windows), fmt.Sprint(y.Survived)}
			if len(row) < 7 || !slices.Equal(row[3:6], want) || (i == 0) != (row[0] == p.Name) {
				t.Errorf("%s, worst year %d: row %q, want %q after the name, on the first row", p.Name, i+1, row, want)
			}
		}
	}
	// Every window, one row each, on the data sheet in the same blocks,
	// the first header at row 3; the charts draw from it.
	all := strings.Join(flatten(chartRefs(t, path)), "\n")
	for pi := range res.Portfolios {
		block, k := pi/windowsBlock, pi%windowsBlock
		first := 3 + block*(len(starts)+2) + 1
		end := first + len(starts) - 1
		if got, _ := f.GetCellValue(sheetWindowData, cell(1, first)); got != starts[0] {
			t.Fatalf("%s: data from row %d starts %q, want %s", res.Portfolios[pi].Name, first, got, starts[0])
		}
		for _, col := range []int{3 + 2*k, 4 + 2*k} {
			c, _ := excelize.ColumnNumberToName(col)
			if want := fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheetWindowData, c, first, c, end); !strings.Contains(all, want) {
				t.Errorf("no chart series %s", want)
			}
		}
		for w, d := range res.Portfolios[pi].Windows.Depleted {
			v, _ := f.GetCellValue(sheetWindowData, cell(4+2*k, first+w))
			if marked := v != ""; marked != d {
				t.Fatalf("%s, window %s: marked %v, ran out %v", res.Portfolios[pi].Name, starts[w], marked, d)
			}
		}
	}
}

// TestWindowsJSON checks the results JSON of rolling windows: the windows'
// count, wrap and starts at the top, and each portfolio's outcome on every
// window, in the same order.
func TestWindowsJSON(t *testing.T) {
	sc := resolve(t, "windows", 1, func(s string) string { return strings.Replace(s, `to: "2023-11"}`, `to: "2023-11", wrap: true}`, 1) })
	doc := encode(t, sc)
	w, ok := doc["windows"].(map[string]any)
	if !ok || !slices.Equal(keys(w), sorted("count", "wrap", "starts")) {
		t.Fatalf("windows = %v, want count, wrap and starts", doc["windows"])
	}
	starts := w["starts"].([]any)
	if w["count"] != float64(len(sc.History.Starts)) || w["wrap"] != true || len(starts) != len(sc.History.Starts) ||
		starts[0] != sc.History.From || doc["paths"] != w["count"] {
		t.Errorf("windows: count %v, wrap %v, %d starts from %v, paths %v; want every month from %s, wrapping",
			w["count"], w["wrap"], len(starts), starts[0], doc["paths"], sc.History.From)
	}
	for _, p := range doc["portfolios"].([]any) {
		// Windows are no sample: their medians have no standard error.
		if _, ok := p.(map[string]any)["terminal_wealth"].(map[string]any)["p50_se"]; ok {
			t.Error("terminal_wealth.p50_se given for rolling windows")
		}
		pw := p.(map[string]any)["windows"].(map[string]any)
		if !slices.Equal(keys(pw), sorted("depleted", "terminal_wealth", "terminal_wealth_real")) {
			t.Fatalf("portfolio windows keys %v", keys(pw))
		}
		for _, k := range keys(pw) {
			if n := len(pw[k].([]any)); n != len(starts) {
				t.Errorf("%s has %d values, want one per window (%d)", k, n, len(starts))
			}
		}
	}
}

// TestWindowsChartsTwoAPage: the rolling windows' charts, one a portfolio,
// print two to a page (the examples' five took five pages, each chart in
// its top half), none cut; and the red the tables give a start year with
// a window that ran out of money is explained above them.
func TestWindowsChartsTwoAPage(t *testing.T) {
	layouts, f := laidOut(t, resolve(t, "windows", 1, nil))
	for _, l := range layouts {
		if l.Name != sheetWindows {
			continue
		}
		onPage := map[int]int{}
		for _, c := range l.Charts {
			if c.Split || c.TallerThanPage {
				t.Errorf("chart %q cut by a page break or taller than a page", c.Title)
			}
			onPage[c.PageRows[0]]++
		}
		pages := slices.Sorted(maps.Keys(onPage))
		if len(l.Charts) < 5 || len(pages) != (len(l.Charts)+1)/2 {
			t.Errorf("%d charts on %d pages (%v), want two a page", len(l.Charts), len(pages), onPage)
		}
		for i, p := range pages {
			if onPage[p] != 2 && (i < len(pages)-1 || onPage[p] != 1) {
				t.Errorf("page %d holds %d charts, want 2 (1 only on the last)", p+1, onPage[p])
			}
		}
	}
	intro, err := f.GetCellValue(sheetWindows, "A2")
	if err != nil || !strings.Contains(intro, "\n"+windowsShadingNote) {
		t.Errorf("the intro does not explain the red shading on a line of its own: %q (%v)", intro, err)
	}
	formats, err := f.GetConditionalFormats(sheetWindows)
	if err != nil || len(formats) == 0 {
		t.Fatalf("no conditional formats (%v)", err)
	}
	for rng, opts := range formats {
		for _, o := range opts {
			if o.Criteria != "less than" || o.Value != "1" {
				t.Errorf("%s: shaded when %s %s, the note says below 100%%", rng, o.Criteria, o.Value)
			}
		}
	}
}
