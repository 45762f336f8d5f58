package reports

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/evidence"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// Sheet names, in workbook order.
const (
	sheetSummary     = "Summary"
	sheetProjections = "Projections"
	sheetIncome      = "Income"
	sheetCompare     = "Compare"
	sheetAllocations = "Allocations"
	sheetRegimes     = "Regimes"
	sheetStress      = "Stress tests"
	// sheetHistory ("History", evidence.go) follows when assets name
	// history columns.
	sheetAssumptions  = "Assumptions"
	sheetCorrelations = "Correlations"
	sheetGlossary     = "Glossary"
	sheetTechnical    = "Technical notes"
	sheetDisclosures  = "Disclosures"
)

// WorkbookInput is everything the workbook shows: the validated scenario,
// the run's results and how the run was made. The workbook never re-reads
// the scenario file.
type WorkbookInput struct {
	Scenario *model.Scenario
	Results  *sim.Results
	Stamp    // divsim's version, the command that reproduces the workbook, when the run was made
	// History is the monthly history given with --history, for the
	// History sheet; nil for the shipped table.
	History *history.Table
}

// Stamp is what a workbook says of the run that made it: divsim's
// version, the command that reproduces it and the date of the run. The
// date is a value the command gives (reports never read the clock), so
// the same inputs give the same workbook.
type Stamp struct {
	Version, Command string
	RunDate          time.Time
}

// WriteWorkbook builds the workbook and writes it to path atomically: a
// temporary file in the same folder is renamed into place only once it is
// complete, so an interrupted run never leaves a partial workbook and an
// existing one is replaced only by a whole new one.
func WriteWorkbook(path string, in WorkbookInput) error {
	return WriteWorkbookContext(context.Background(), path, in)
}

// WriteWorkbookContext is WriteWorkbook stopping when ctx is done (Ctrl-C,
// SIGTERM or --max-time): it checks before each sheet, before writing and
// once written, before the file is renamed into place, and then returns
// ctx's error and leaves nothing behind.
func WriteWorkbookContext(ctx context.Context, path string, in WorkbookInput) error {
	f, err := buildWorkbook(ctx, in)
	if err != nil {
		return err
	}
	defer f.Close()
	return atomicfile.Write(path, func(w io.Writer) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := f.WriteTo(w); err != nil {
			return err
		}
		return ctx.Err()
	})
}

// BuildWorkbook lays out every sheet in memory, stopping when ctx is done.
func BuildWorkbook(ctx context.Context, in WorkbookInput) (*excelize.File, error) {
	return buildWorkbook(ctx, in)
}

func buildWorkbook(ctx context.Context, in WorkbookInput) (*excelize.File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f := excelize.NewFile()
	b := &book{f: f, in: in, sc: in.Scenario, res: in.Results}
	if err := b.makeStyles(); err != nil {
		f.Close()
		return nil, err
	}
	sheets := []struct {
		name  string
		build func(*sheet)
	}{
		{sheetSummary, b.summary},
		{sheetProjections, b.projections},
		{sheetWindows, b.windows},
		{sheetIncome, b.income},
		{sheetCompare, b.compare},
		{sheetAllocations, b.allocations},
		{sheetRegimes, b.regimes},
		{sheetStress, b.stress},
		{sheetHistory, b.history},
		{sheetAssumptions, b.assumptions},
		{sheetCorrelations, b.correlations},
		{sheetGlossary, func(s *sheet) { b.glossary(s, b.runContents()) }},
		{sheetTechnical, b.technicalNotes},
		{sheetDisclosures, b.disclosures},
	}
	var errs []error
	for i, s := range sheets {
		if err := ctx.Err(); err != nil {
			f.Close()
			return nil, err
		}
		if s.name == sheetStress && len(b.sc.StressTests) == 0 {
			continue // the sheet is omitted when the scenario has none
		}
		if s.name == sheetIncome && b.sc.Spending == nil {
			continue // only with a spending rule
		}
		if s.name == sheetRegimes && len(b.sc.Regimes.Chains) == 0 {
			continue // one set of assumptions: nothing to show by regime
		}
		if s.name == sheetWindows && !b.hasWindows() {
			continue // only with return_model: historical
		}
		if s.name == sheetHistory && b.evidence() == nil {
			if b.evidenceErr != nil { // a sheet left out without a word would hide a fault
				errs = append(errs, fmt.Errorf("%s sheet: %w", sheetHistory, b.evidenceErr))
			}
			continue // only when assets name history columns
		}
		if s.name == sheetCorrelations && !correlationsApart(b.sc) {
			continue // the matrices fit on the Assumptions sheet
		}
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				errs = append(errs, err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			errs = append(errs, err)
		}
		sh := &sheet{b: b, name: s.name}
		s.build(sh)
		sh.printSetup()
		if sh.err != nil {
			errs = append(errs, fmt.Errorf("sheet %s: %w", s.name, sh.err))
		}
	}
	f.SetActiveSheet(0)
	errs = append(errs, f.SetDocProps(&excelize.DocProperties{
		Title:       b.sc.Info.Name,
		Subject:     "Monte Carlo portfolio diversification study",
		Creator:     b.sc.Info.PreparedBy,
		Description: "Hypothetical results from divsim " + in.Version,
		Created:     in.RunDate.UTC().Format(time.RFC3339),
	}))
	if err := errors.Join(errs...); err != nil {
		f.Close()
		return nil, fmt.Errorf("workbook: %w", err)
	}
	return f, nil
}

// book is one workbook being built: its inputs and shared style IDs
// (created once and reused, as excelize recommends).
type book struct {
	f   *excelize.File
	in  WorkbookInput
	sc  *model.Scenario
	res *sim.Results
	st  styles
	// colors maps sleeve names to their colour in every chart
	// (sleeveColor).
	colors map[string]string
	// evidenceReport is what history says of the assets (evidence), found
	// once; evidenceDone says it was looked for.
	evidenceReport *evidence.Report
	evidenceDone   bool
	evidenceErr    error
	// correlationsSheet names the sheet that holds the scenario's
	// correlation matrices when they do not fit on its Assumptions sheet
	// (correlationsApart); "" for Correlations.
	correlationsSheet string
	// kind is what the workbook shows (a run's, a sweep's, ...), where it
	// changes what a sheet says; 0 for a run's.
	kind bookKind
	// header is the page header's left and right text when the workbook
	// is not one scenario's (a comparison, a batch index); empty for the
	// scenario's client (or name) and name.
	header [2]string
	// moneyStyles are the money styles made by moneyIn, by currency.
	moneyStyles map[string]int
}

// moneyIn is the money style of a currency, for a sheet that sets several
// scenarios' amounts side by side (a comparison, a batch index): each
// column or row in its own currency. The style is made once a workbook.
func (s *sheet) moneyIn(currency string) int {
	b := s.b
	if id, ok := b.moneyStyles[currency]; ok {
		return id
	}
	format := moneyFormat(cmp.Or(currency, "USD"))
	id, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &format, Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	if err != nil {
		s.keep(err)
		return b.st.money
	}
	if b.moneyStyles == nil {
		b.moneyStyles = map[string]int{}
	}
	b.moneyStyles[currency] = id
	return id
}

type styles struct {
	title, subtitle, label, labelTop, labelWrap, header, text, textWrap, wrap, note, left int
	center                                                                                int
	headerUpright                                                                         int // a header read bottom to top, for narrow columns
	money, percent, percent2, number2, years, integer                                     int
	points                                                                                int // a difference of percentages, in percentage points (the value × 100)
	// An input as written: a rate with the decimals it needs (6.8 %,
	// 0.03 %), in a table (input) or as a value beside its label, flush
	// left as the text values there (inputLeft, moneyLeft).
	input, inputLeft, moneyLeft int
	shareHigh, shareLow         int // see shareStyle
	best, worst                 int // conditional formats
}

// bodyFont is every cell style's font, named: a style without a name
// printed in LibreOffice's fallback serif, and may in other programs too,
// so that pages laid out for Calibri wrapped and clipped.
const bodyFont = "Calibri"

func (b *book) makeStyles() error {
	var errs []error
	style := func(s *excelize.Style) int {
		id, err := b.f.NewStyle(s)
		errs = append(errs, err)
		return id
	}
	cond := func(s *excelize.Style) int {
		id, err := b.f.NewConditionalStyle(s)
		errs = append(errs, err)
		return id
	}
	moneyFmt := moneyFormat(b.sc.Info.Currency)
	pct1, pct2, num2, years, points, asWritten := "0.0%", "0.00%", "0.00", "0.0", `0.0" pp"`, "0.0#%"
	left := &excelize.Alignment{Horizontal: "left"}
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	b.st = styles{
		title:     style(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true, Size: 16, Color: "1F3864"}}),
		subtitle:  style(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true, Size: 12, Color: "1F3864"}}),
		label:     style(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true}}),
		labelTop:  style(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}),
		labelWrap: style(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		header: style(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}}),
		headerUpright: style(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}},
			Alignment: &excelize.Alignment{TextRotation: 90, Vertical: "bottom", Horizontal: "center"}}),
		text:      style(&excelize.Style{Border: border}),
		textWrap:  style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{WrapText: true}}), // bottom, as the numbers beside
		wrap:      style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		left:      style(&excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Horizontal: "left"}}), // text, or a whole number as 1,234
		center:    style(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}, Border: border}),
		note:      style(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Italic: true, Color: "595959"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		money:     style(&excelize.Style{CustomNumFmt: &moneyFmt, Border: border}),
		percent:   style(&excelize.Style{CustomNumFmt: &pct1, Border: border}),
		percent2:  style(&excelize.Style{CustomNumFmt: &pct2, Border: border}),
		points:    style(&excelize.Style{CustomNumFmt: &points, Border: border}),
		input:     style(&excelize.Style{CustomNumFmt: &asWritten, Border: border}),
		inputLeft: style(&excelize.Style{CustomNumFmt: &asWritten, Alignment: left}),
		moneyLeft: style(&excelize.Style{CustomNumFmt: &moneyFmt, Alignment: left}),
		number2:   style(&excelize.Style{CustomNumFmt: &num2, Border: border}),
		years:     style(&excelize.Style{CustomNumFmt: &years, Border: border}),
		integer:   style(&excelize.Style{NumFmt: 3, Border: border}),
		// Literal formats: the cell keeps its number, which Excel shows
		// when the cell is selected.
		shareHigh: style(&excelize.Style{CustomNumFmt: new(`">99.9%"`), Border: border}),
		shareLow:  style(&excelize.Style{CustomNumFmt: new(`"<0.1%"`), Border: border}),
		best:      cond(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C6EFCE"}}, Font: &excelize.Font{Color: "006100"}}),
		worst:     cond(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}, Font: &excelize.Font{Color: "9C0006"}}),
	}
	return errors.Join(errs...)
}

// shareStyle is the style of a share of paths x: the percent style, except
// that a share short of all the paths shows >99.9 %, not 100.0 %, and one
// above none <0.1 %, not 0.0 % (as share does in the console).
func (st styles) shareStyle(x float64) int {
	switch shareText(x, 1)[0] { // the cells' one decimal, by share's rule
	case '>':
		return st.shareHigh
	case '<':
		return st.shareLow
	}
	return st.percent
}

// moneyFormat is the number format for amounts in a currency: the symbol
// before the amount for the common ones, the ISO code after it otherwise.
func moneyFormat(currency string) string {
	if symbol := currencySymbol(currency); symbol != "" {
		return `"` + symbol + `"#,##0;-"` + symbol + `"#,##0`
	}
	return `#,##0" ` + currency + `"`
}

// currencySymbol is the symbol money cells show for a currency; "" for
// one without, shown by its code after the amount.
func currencySymbol(currency string) string {
	return map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "C$", "AUD": "A$"}[currency]
}

// moneyCellText is a whole amount written as a money cell shows it
// (moneyFormat), for text beside such cells: $1,500,000.
func moneyCellText(x float64, currency string) string {
	if symbol := currencySymbol(currency); symbol != "" {
		if x <= -0.5 {
			return "-" + symbol + wholeMoney(-x)
		}
		return symbol + wholeMoney(x)
	}
	return wholeMoney(x) + " " + currency
}

// sheet writes cells of one worksheet, keeping the first error, and
// follows what it needs to print well: its rows' extent, its charts and
// the rows that must print on one page.
type sheet struct {
	b      *book
	name   string
	err    error
	scale  int          // print scale in percent; 0: the largest up to 100 that fits the page's width
	block  float64      // the tallest block, in points, to print on one page (at a scale not below minScale)
	flow   *pager       // the pager that laid out the sheet's text, when printSetup may save its last page (settle)
	last   int          // the last row written
	right  int          // the last column written
	charts []placed     // charts, in excelize's pixels
	keeps  [][2]int     // row ranges to print on one page
	breaks map[int]bool // rows that start a page
	heads  []headRow    // header rows, which printSetup makes tall enough
	titles [2]int       // rows repeated atop every printed page (printTitles); 0s for none
}

// headRow is a header row's titles from column col.
type headRow struct {
	row, col int
	titles   []any
}

// placed is a chart waiting to be added, its anchor cell and its size in
// excelize's pixels.
type placed struct {
	at            string
	chart         *excelize.Chart
	combo         []*excelize.Chart
	col, row      int
	width, height float64
}

// lastRow is the last row a chart reaches into, and lastCol its last
// column. excelize anchors a chart to the cells its pixel size covers
// counting 8 pixels a character of column width and 4/3.4 pixels a point
// of row height, and the chart then prints over those cells.
func (s *sheet) chartEnd(c placed) (lastRow, lastCol int) {
	lastRow, lastCol = c.row, c.col
	for px := 0.0; ; lastRow++ {
		h, err := s.b.f.GetRowHeight(s.name, lastRow)
		s.keep(err)
		if px += math.Ceil(4.0 / 3.4 * h); px >= c.height {
			break
		}
	}
	for px := 0.0; ; lastCol++ {
		name, _ := excelize.ColumnNumberToName(lastCol)
		w, err := s.b.f.GetColWidth(s.name, name)
		s.keep(err)
		if px += math.Trunc(float64(w*8) + 0.5); px >= c.width {
			break
		}
	}
	return lastRow, lastCol
}

func (s *sheet) keep(err error) {
	if s.err == nil && err != nil {
		s.err = err
	}
}

// cell names a cell by 1-based column and row.
func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// ref is an absolute reference to a range on this sheet, for charts.
func (s *sheet) ref(col1, row1, col2, row2 int) string {
	c1, _ := excelize.ColumnNumberToName(col1)
	c2, _ := excelize.ColumnNumberToName(col2)
	return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s.name, c1, row1, c2, row2)
}

// set writes a value with a style. Strings are always written as text,
// never as formulas, whatever they start with. A title's or subtitle's
// row is made tall enough for its larger type.
func (s *sheet) set(col, row int, v any, style int) {
	c := cell(col, row)
	switch x := v.(type) {
	case string:
		s.keep(s.b.f.SetCellStr(s.name, c, x))
	default:
		s.keep(s.b.f.SetCellValue(s.name, c, v))
	}
	if style != 0 {
		s.keep(s.b.f.SetCellStyle(s.name, c, c, style))
	}
	s.last, s.right = max(s.last, row), max(s.right, col)
	tall := map[int]float64{s.b.st.title: titleHeight, s.b.st.subtitle: subtitleHeight}[style]
	if h, _ := s.b.f.GetRowHeight(s.name, row); style != 0 && tall > h {
		s.keep(s.b.f.SetRowHeight(s.name, row, tall))
	}
}

// row writes a header or data row from col onwards.
func (s *sheet) row(col, row, style int, values ...any) {
	for i, v := range values {
		s.set(col+i, row, v, style)
	}
}

// header writes a header row and gives it room for two lines.
func (s *sheet) header(col, row int, titles ...any) {
	s.row(col, row, s.b.st.header, titles...)
	s.keep(s.b.f.SetRowHeight(s.name, row, 32))
	s.heads = append(s.heads, headRow{row, col, titles})
}

// fitHeads makes each header row at least as tall as its titles wrap in
// their columns' widths, known once the sheet is built: a portfolio's long
// name lost its first and last lines in a row of two.
func (s *sheet) fitHeads() {
	for _, h := range s.heads {
		widths := make([]float64, len(h.titles))
		for i := range widths {
			name, _ := excelize.ColumnNumberToName(h.col + i)
			w, err := s.b.f.GetColWidth(s.name, name)
			s.keep(err)
			widths[i] = w
		}
		now, err := s.b.f.GetRowHeight(s.name, h.row)
		s.keep(err)
		if need := headerHeight(h.titles, widths); need > now {
			s.keep(s.b.f.SetRowHeight(s.name, h.row, need))
		}
	}
}

// noteLines is how many lines a note's text takes across a width (in
// widths of the default font's digits), wrapped at spaces as nameLines
// measures words, in 88 % of the width: LibreOffice's italic lines ended
// between 89 and 94 % of it. A rule of 0.9 characters a unit, which this
// replaced, counted half as many lines again as printed (nine for six),
// and the gaps under long notes pushed tables to the next page.
func noteLines(text string, width float64) int {
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines += wrappedLines(para, 0.88*width)
	}
	return max(1, lines)
}

// note writes an explanatory paragraph across columns col1..col2, tall
// enough for the given number of lines.
func (s *sheet) note(row, col1, col2, lines int, text string) {
	s.set(col1, row, text, s.b.st.note)
	s.keep(s.b.f.MergeCell(s.name, cell(col1, row), cell(col2, row)))
	s.keep(s.b.f.SetRowHeight(s.name, row, float64(15*lines)))
}

// breakBetween reports whether a printed page starts after row first and
// at or before row last.
func (s *sheet) breakBetween(first, last int) bool {
	for r := range s.breaks {
		if r > first && r <= last {
			return true
		}
	}
	return false
}

// pageBreak starts a new printed page at row, so no chart is cut in two.
func (s *sheet) pageBreak(row int) {
	if s.breaks == nil {
		s.breaks = map[int]bool{}
	}
	if row <= 1 || s.breaks[row] {
		return
	}
	s.breaks[row] = true
	s.keep(s.b.f.InsertPageBreak(s.name, cell(1, row)))
}

// nameCell writes a name into a table's cell of the given width (in
// widths of a character): a name longer than the column wraps onto more
// lines, its row made tall enough, rather than being cut off, or running
// into the next column (two long names alike would read the same).
func (s *sheet) nameCell(col, row int, name string, width float64) {
	if nameLines(name, width) == 1 {
		s.set(col, row, name, s.b.st.text)
		return
	}
	s.set(col, row, name, s.b.st.textWrap)
	h, err := s.b.f.GetRowHeight(s.name, row)
	s.keep(err)
	s.keep(s.b.f.SetRowHeight(s.name, row, max(h, nameHeight(name, width))))
}

// nameHeight is the height of a table row that nameCell writes name into,
// in points, for a layout that counts its rows ahead.
func nameHeight(name string, width float64) float64 {
	n := nameLines(name, width)
	if n == 1 {
		return lineHeight
	}
	return float64(lineHeight*float64(n)) + 4 // as paragraphHeight
}

// nameLines is how many lines a name takes in a cell of the given width
// (in widths of the default font's digit), wrapped at spaces: each letter
// measured by its class in Calibri (Carlito's metrics), with 5 % to
// spare. textLines' characters-per-width rule, made for paragraphs, put
// "Conservative with 5% small caps" on two lines at 28 where it prints on
// one, and the row stood a line too tall.
func nameLines(name string, width float64) int {
	return wrappedLines(name, float64(0.95*(width-0.5))) // less the cell's padding
}

// wrappedLines is how many lines text takes wrapped at spaces in lines
// room widths of a digit long, each word measured by glyphWidth; a word
// longer than a line breaks within it.
func wrappedLines(text string, room float64) int {
	lines, used := 1, 0.0
	for i, word := range strings.Fields(text) {
		w := textWidth(word)
		switch {
		case i == 0:
			used = w
		case used+glyphWidth(' ')+w <= room:
			used += glyphWidth(' ') + w
		default:
			lines++
			used = w
		}
		for used > room { // a word longer than the cell breaks within it
			lines++
			used -= room
		}
	}
	return lines
}

// textWidth is a text's width in Calibri 11, in widths of its digit.
func textWidth(text string) float64 {
	w := 0.0
	for _, r := range text {
		w += glyphWidth(r)
	}
	return w
}

// glyphWidth is a character's width in Calibri 11, in widths of its digit
// (the unit of column widths), by class: narrow, wide and the rest.
func glyphWidth(r rune) float64 {
	switch {
	case strings.ContainsRune(" .,:;'!|()[]/-", r) || strings.ContainsRune("iljI", r):
		return 0.5
	case strings.ContainsRune("ftr", r):
		return 0.65
	case strings.ContainsRune("mwMW%", r):
		return 1.5
	case unicode.IsUpper(r):
		return 1.1
	case unicode.IsDigit(r):
		return 1
	case r < 128:
		return 0.85 // Carlito's lowercase: 160 characters of prose fill 130 widths
	}
	return 1.1 // other scripts and symbols: err wide
}

// footerNote is every page's reminder of what its figures are: simulated
// futures, or, in what history says (evidence) and regimes fitted to it
// (calibration), the past, which is no forecast either.
func footerNote(kind bookKind, sheet string) string {
	if kind == evidenceBook || kind == calibrationBook || sheet == sheetHistory {
		return "Past results, not a forecast"
	}
	return "Hypothetical results, not a guarantee"
}

// removePageBreak takes back the page break before row.
func (s *sheet) removePageBreak(row int) {
	if s.breaks[row] {
		delete(s.breaks, row)
		s.keep(s.b.f.RemovePageBreak(s.name, cell(1, row)))
	}
}

// firstPageThrough keeps rows 1..end on the first printed page, at a
// print scale down to minScale when they need it. When they do not fit
// even then, they are left to break as they fall.
func (s *sheet) firstPageThrough(end int) {
	h := s.rowsHeight(1, end)
	if h <= pageHeight*100/minScale {
		s.keepTogether(1, end)
		s.block = max(s.block, h)
	}
}

// rowsHeight is the height of rows first..last as written so far, in
// points at 100 %.
func (s *sheet) rowsHeight(first, last int) float64 {
	h := 0.0
	for r := first; r <= last; r++ {
		rh, err := s.b.f.GetRowHeight(s.name, r)
		s.keep(err)
		h += rh
	}
	return h
}

// keepTogether asks for rows first..last to print on one page (when they
// fit on one).
func (s *sheet) keepTogether(first, last int) {
	s.keeps = append(s.keeps, [2]int{first, last})
	s.last = max(s.last, last)
}

func (s *sheet) widths(widths ...float64) {
	for i, w := range widths {
		c, _ := excelize.ColumnNumberToName(i + 1)
		s.keep(s.b.f.SetColWidth(s.name, c, c, w))
	}
}

// chart adds a chart at cell at, with dark, readable axis and legend
// text unless the chart sets its own, and keeps it on one printed page.
func (s *sheet) chart(at string, c *excelize.Chart, combo ...*excelize.Chart) {
	darken(c)
	for _, k := range combo {
		darken(k)
	}
	col, row, err := excelize.CellNameToCoordinates(at)
	s.keep(err)
	s.charts = append(s.charts, placed{at: at, chart: c, combo: combo, col: col, row: row,
		width: float64(c.Dimension.Width), height: float64(c.Dimension.Height)})
}

// addCharts adds the sheet's charts once its column widths and row
// heights are final: a chart's anchor cells are computed from them when it
// is added, and a chart added before would be stretched to those cells.
//
// A chart anchored at the first row of a page starts chartTopPx below
// it: at the row's very top, its frame's top edge printed as a stray line
// at the foot of the page before.
func (s *sheet) addCharts() {
	for _, c := range s.charts {
		if s.breaks[c.row] && c.chart.Format.OffsetY == 0 {
			c.chart.Format.OffsetY = chartTopPx
		}
		s.keep(s.b.f.AddChart(s.name, c.at, c.chart, c.combo...))
	}
}

// chartFont is the text of chart axes and legends: 11 pt, near black,
// so that it stays at 9 pt or more on a page printed at 82 % or more
// (excelize's default is 9 pt pale grey).
var chartFont = excelize.Font{Size: 11, Color: "262626"}

func darken(c *excelize.Chart) {
	for _, ax := range []*excelize.ChartAxis{&c.XAxis, &c.YAxis} {
		for i := range ax.Title.Paragraph {
			if run := &ax.Title.Paragraph[i]; run.Font == nil {
				f := chartFont
				run.Font = &f
			}
		}
		if ax.Font.Color == "" {
			ax.Font.Color = chartFont.Color
		}
		if ax.Font.Size == 0 {
			ax.Font.Size = chartFont.Size
		}
	}
	if c.Legend.Font == nil {
		f := chartFont
		c.Legend.Font = &f
	}
}

func (s *sheet) freeze(rows int) {
	s.keep(s.b.f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: rows, TopLeftCell: cell(1, rows+1), ActivePane: "bottomLeft"}))
}

// Printed page, in points: landscape Letter less half-inch side margins
// (A4 is wider), and pageHeight (disclosures.go) fits Letter and A4 under
// the header and above the footer.
const (
	pageWidth      = 720
	subtitleHeight = 18
	// threeLineHead is the height of a header row of three lines.
	threeLineHead = 47
)

// minScale is the smallest print scale that keeps 11 pt text at 9 pt.
const minScale = 82

// blockScale is the print scale, in percent, at which a block h points
// tall fits on a page, down to minScale.
func blockScale(h float64) int { return max(minScale, int(100*pageHeight/h)) }

// Margins, in inches: narrow sides, the top and bottom leaving room for
// the header and footer.
const (
	marginSide, marginEdge, marginHeader = 0.5, 0.75, 0.3
)

// addSheet adds a sheet named name after the workbook's others, built by
// build and set up for printing.
func (b *book) addSheet(name string, build func(*sheet)) error {
	if _, err := b.f.NewSheet(name); err != nil {
		return fmt.Errorf("sheet %s: %w", name, err)
	}
	s := &sheet{b: b, name: name}
	build(s)
	s.printSetup()
	if s.err != nil {
		return fmt.Errorf("sheet %s: %w", name, s.err)
	}
	return nil
}

// printSetup prints each sheet landscape at the sheet's scale (or the
// largest up to 100 % that fits the page's width), with its page breaks
// placed so that no chart or block kept together is cut, the client's
// name in the header and page numbers in the footer.
func (s *sheet) printSetup() {
	s.fixWidths()
	s.fitHeads()
	scale := s.scale
	if scale == 0 {
		scale = s.widthScale()
		if s.block > 0 {
			scale = min(scale, blockScale(s.block))
		}
	}
	landscape, fit := "landscape", false
	adjust := func(scale int) {
		a := uint(scale)
		s.keep(s.b.f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Orientation: &landscape, AdjustTo: &a}))
	}
	adjust(scale)
	s.keep(s.b.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}))
	side, edge, hf := float64(marginSide), float64(marginEdge), float64(marginHeader)
	s.keep(s.b.f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &hf, Footer: &hf}))
	s.paginate(float64(scale) / 100)
	if s.flow != nil && s.scale == 0 && len(s.charts) == 0 {
		if smaller := s.flow.settle(scale); smaller > 0 {
			adjust(smaller)
			s.paginate(float64(smaller) / 100)
		}
	}
	s.addCharts()
	// Whom the workbook is for on the left, what it is on the right; the
	// preparer where the file names no client (the name on both sides
	// said one thing twice), or nothing.
	who, what := cmp.Or(s.b.sc.Info.Client, s.b.sc.Info.PreparedBy), s.b.sc.Info.Name
	if h := s.b.header; h != [2]string{} {
		who, what = h[0], h[1]
	}
	esc := func(t string) string { return strings.ReplaceAll(t, "&", "&&") }
	s.keep(s.b.f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + esc(who) + "&R" + esc(what),
		OddFooter: "&L" + footerNote(s.b.kind, s.name) + "&C" + esc(s.name) + "&RPage &P of &N",
	}))
}

// widthScale is the print scale, in percent, that fits the sheet's used
// width on the page, with 3 % to spare (LibreOffice's column widths differ
// slightly from Excel's): at most 100, and at least 10, Excel's smallest,
// so that a sheet that wide (a scenario with very many assets) prints
// small rather than not at all.
func (s *sheet) widthScale() int {
	return max(10, min(100, int(97*pageWidth/s.usedWidth())))
}

// fixWidths gives every column under a chart an explicit width (Excel's
// default, 8.43 characters), so that LibreOffice, whose default differs,
// prints the chart over the same width.
func (s *sheet) fixWidths() {
	for _, c := range s.charts {
		_, end := s.chartEnd(c)
		for col := 1; col <= end+1; col++ {
			name, _ := excelize.ColumnNumberToName(col)
			if w, err := s.b.f.GetColWidth(s.name, name); err == nil && w == defaultColWidth {
				s.keep(s.b.f.SetColWidth(s.name, name, name, 8.43))
			}
		}
	}
}

// defaultColWidth is excelize's width of a column never set.
const defaultColWidth = 9.140625

// usedWidth is the width in points of the columns written and the charts.
func (s *sheet) usedWidth() float64 {
	// The last column written, as set tracks it, or merged into: reading
	// it back with GetCols re-parses the whole sheet, seconds for a wide one.
	last := s.right
	merged, err := s.b.f.GetMergeCells(s.name)
	s.keep(err)
	for _, m := range merged {
		if col, _, err := excelize.CellNameToCoordinates(m.GetEndAxis()); err == nil {
			last = max(last, col)
		}
	}
	right := s.colLeft(last + 1)
	for _, c := range s.charts {
		// The page holds whole columns: up to the end of the chart's last.
		_, end := s.chartEnd(c)
		right = max(right, s.colLeft(end+1))
	}
	return max(right, 1)
}

// colLeft is the left edge of column col in points, from column widths
// in characters as Excel converts them (7 pixels a character and 5 of
// padding, 96 pixels an inch).
func (s *sheet) colLeft(col int) float64 {
	x := 0.0
	for c := 1; c < col; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		w, err := s.b.f.GetColWidth(s.name, name)
		s.keep(err)
		x += float64(math.Trunc(float64(w*7)+5) * 0.75)
	}
	return x
}

// paginate adds page breaks so that every chart and every block kept
// together prints on one page when it fits on one, and no page holds more
// rows than fit: the breaks LibreOffice and Excel would add are then the
// ones placed here, at the same rows.
func (s *sheet) paginate(scale float64) {
	height := func(r int) float64 {
		h, err := s.b.f.GetRowHeight(s.name, r)
		s.keep(err)
		return h
	}
	room := pageHeight / scale
	if s.titles[0] > 0 { // every page holds the repeated rows too
		for r := s.titles[0]; r <= s.titles[1]; r++ {
			room -= height(r)
		}
	}
	groups := append([][2]int(nil), s.keeps...)
	for _, c := range s.charts {
		end, _ := s.chartEnd(c)
		groups = append(groups, [2]int{c.row, end})
		s.last = max(s.last, end)
	}
	// Overlapping groups (a chart beside a table) print together.
	slices.SortFunc(groups, func(a, b [2]int) int { return a[0] - b[0] })
	ends := map[int]int{}
	for i := 0; i < len(groups); {
		g := groups[i]
		for i++; i < len(groups) && groups[i][0] <= g[1]; i++ {
			g[1] = max(g[1], groups[i][1])
		}
		ends[g[0]] = g[1]
	}
	// A break needed at r takes the place of one the sheet's writer put a
	// little below it (the writer counts heights its own way): both would
	// print the rows between alone on a page.
	breakAt := func(r int) {
		h := 0.0
		for q := r; q <= s.last && h < room/3; q++ {
			if q > r && s.breaks[q] {
				s.removePageBreak(q)
				break
			}
			h += height(q)
		}
		s.pageBreak(r)
	}
	used := 0.0
	for r := 1; r <= s.last; r++ {
		if s.breaks[r] {
			used = 0
		}
		if end, ok := ends[r]; ok && used > 0 {
			h := 0.0
			for k := r; k <= end; k++ {
				h += height(k)
			}
			if h <= room && used+h > room {
				breakAt(r)
				used = 0
			}
		}
		h := height(r)
		if used > 0 && used+h > room {
			breakAt(r)
			used = 0
		}
		used += h
	}
}
