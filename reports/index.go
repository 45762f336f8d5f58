package reports

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/model"
)

// Status is what became of a batch's scenario, as index.csv writes it.
type Status string

// A batch scenario's statuses.
const (
	StatusOK      Status = "ok"      // ran, and its workbook was written
	StatusInvalid Status = "invalid" // its file has problems: not run
	StatusFailed  Status = "failed"  // accepted, but its run or workbook failed
	StatusNotRun  Status = "not run" // the batch was interrupted or stopped at --max-time first
)

// IndexRow is one scenario of a batch: its status and headline figures.
type IndexRow struct {
	File     string // the scenario file as named
	Status   Status
	Problems string // validation messages or the failure, for status != ok
	// Notes are the notes on a file that ran (an unusual value, a
	// setting that can never act), one a line: on stderr they scroll
	// away in a long batch.
	Notes    string
	Scenario string
	Client   string
	Workbook string // file name inside the output folder
	// Headline figures of the baseline and of the portfolio with the
	// highest median terminal wealth.
	batch.Headline
	Currency string
	// Resolved is the scenario as run, for the index's Disclosures (nil
	// when the file did not resolve).
	Resolved *model.Scenario
}

// indexHeaders are index.csv's columns. "Highest median" is the portfolio
// with the highest median terminal wealth: a fact about the simulation,
// not a recommendation; "beyond error" says whether it leads every other
// by more than the simulation's error (clearText). Amounts say whether
// they are nominal or real (today's money), shares that they are
// fractions (0.9 for 90 %): a reader of the file sees no number format.
var indexHeaders = []string{"File", "Status", "Scenario", "Client", "Workbook", "Baseline", "Baseline median terminal wealth (nominal)",
	"Baseline success rate (share)", "Baseline goal probability (share)", "Portfolio with the highest median terminal wealth",
	"Highest median: beyond Monte Carlo error", "Highest median: median terminal wealth (nominal)",
	"Highest median: success rate (share)", "Highest median: goal probability (share)", "Baseline first-year spending (real)",
	"Baseline median yearly spending (real)", "Highest median: first-year spending (real)", "Highest median: median yearly spending (real)",
	"Goal target wealth (real)", "Goal target wealth (nominal)", "Currency", "Problems or notes"}

// csvMoney and csvShare are index.csv's figures: amounts, written in
// whole units as index.xlsx shows them, and shares, to 4 decimals (0.01
// percentage point, finer than index.xlsx's 0.1): full precision printed
// digits no simulation supports (236455.31039837835).
type (
	csvMoney float64
	csvShare float64
)

// optionalMoney and optionalShare are figures that may be absent: the
// number, or an empty text.
func optionalMoney(p *float64) any {
	if p == nil {
		return ""
	}
	return csvMoney(*p)
}

func optionalShare(p *float64) any {
	if p == nil {
		return ""
	}
	return csvShare(*p)
}

// goalIf is a goal's target wealth in index.csv's column of real or of
// nominal goals, empty in the other and without a goal.
func goalIf(g *model.Goal, inTodays bool) any {
	if g == nil || g.Real != inTodays {
		return ""
	}
	return csvMoney(g.TargetWealth)
}

// csvNumber writes x rounded to places decimals, without trailing zeros
// or thousands separators, and 0 for a negative amount that rounds to it.
func csvNumber(x float64, places int) string {
	t := strconv.FormatFloat(x, 'f', places, 64)
	if strings.Contains(t, ".") {
		t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
	}
	if t == "-0" {
		return "0"
	}
	return t
}

func (r IndexRow) cells() []any {
	if r.Status != StatusOK {
		out := make([]any, len(indexHeaders))
		for i := range out {
			out[i] = ""
		}
		out[0], out[1], out[2], out[3], out[len(out)-1] = r.File, string(r.Status), r.Scenario, r.Client, r.Problems
		return out
	}
	// The spending columns are empty without a spending rule.
	return []any{r.File, string(r.Status), r.Scenario, r.Client, r.Workbook, r.Baseline, csvMoney(r.BaselineMedian), csvShare(r.BaselineSuccess),
		optionalShare(r.BaselineGoal), r.Best, clearText(r.Headline), csvMoney(r.BestMedian), csvShare(r.BestSuccess), optionalShare(r.BestGoal),
		optionalMoney(r.BaselineFirstYear), optionalMoney(r.BaselineSpending), optionalMoney(r.BestFirstYear), optionalMoney(r.BestSpending),
		goalIf(r.Goal, true), goalIf(r.Goal, false), r.Currency, csvNotes(r.Notes)}
}

// clearText is index.csv's "beyond Monte Carlo error" cell: yes or no,
// tied when another portfolio's median is the same, empty for a scenario
// of one portfolio, which has no runner-up, and n/a (history) for rolling
// windows of history: they have no Monte Carlo error to be beyond (any gap
// ranks them), and "yes" claimed a test that was never made.
func clearText(h batch.Headline) string {
	switch {
	case h.Alone:
		return ""
	case h.Tied:
		return "tied"
	case h.History:
		return "n/a (history)"
	}
	return yesNo(h.BestClear)
}

// IndexCSV renders the batch index as CSV, one row per scenario.
func IndexCSV(rows []IndexRow) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(indexHeaders); err != nil {
		return nil, err
	}
	for _, r := range rows {
		rec := make([]string, 0, len(indexHeaders))
		for _, c := range r.cells() {
			switch v := c.(type) {
			case csvMoney:
				rec = append(rec, csvNumber(float64(v), 0))
			case csvShare:
				rec = append(rec, csvNumber(float64(v), 4))
			default:
				rec = append(rec, csvText(fmt.Sprint(v)))
			}
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// csvText escapes a text cell that a spreadsheet would read as a formula
// (one starting with =, +, -, @, a tab or a carriage return) the way OWASP
// recommends, with a leading apostrophe. Figures never pass through here:
// they are written as numbers.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Columns of index.xlsx: two lines a scenario that ran (its baseline and
// the portfolio with the highest median terminal wealth, one line when
// they are the same), so that the page is narrow enough to print
// landscape with body text at 9 pt or more.
//
// "Shown" is wide enough for its longest text in two lines; the goal
// (its amount on the scenario's first line, "no goal" without one) stands
// beside its probability, which differs in meaning from one goal to the
// next. indexGoalWidths are the amount's (indexGoalHead words its heading)
// and the probability's.
var (
	indexBookHeads  = []string{"Client", "Scenario", "Workbook", "Status", "Shown", "Portfolio", medianWealth.figure().name, successRate.figure().name}
	indexBookWidths = []float64{12, 20, 12, 7, 18, 16, 13, 9} // with the goal and spending columns, 151 characters: 83 % on the page, 9.1 pt text
	indexGoalProb   = goalProbability.figure().name
	indexGoalWidths = []float64{11, 10}
	indexSpendHeads = []string{firstYearSpending.figure().short, medianSpending.figure().short} // in today's money, as the note says
)

// indexGoalHead is the heading of the goals' amounts: in today's money or
// nominal when every goal is, else "Goal", and nominal names the workbooks
// whose goals are nominal, for the note.
func indexGoalHead(rows []IndexRow) (head string, nominal []string) {
	todays := 0
	for _, r := range rows {
		switch {
		case r.Status != StatusOK || r.Goal == nil:
		case r.Goal.Real:
			todays++
		default:
			nominal = append(nominal, r.Workbook)
		}
	}
	switch {
	case len(nominal) == 0:
		return "Goal (today's money)", nil
	case todays == 0:
		return "Goal (nominal)", nil
	}
	return "Goal", nominal
}

// IndexHeaderRow is index.xlsx's header row, for tests.
const IndexHeaderRow = 3

// indexLine is one printed line of index.xlsx: a portfolio of a scenario.
type indexLine struct {
	shown, portfolio        string
	median, success         float64
	goal, first, spendingMd *float64
}

// indexLines are a scenario's lines: the baseline and the portfolio with
// the highest median terminal wealth.
func (r IndexRow) lines() []indexLine {
	base := indexLine{"Baseline", r.Baseline, r.BaselineMedian, r.BaselineSuccess, r.BaselineGoal, r.BaselineFirstYear, r.BaselineSpending}
	// Two lines of "Shown" at most: the note says what "within error"
	// means.
	highest := "Highest median"
	switch {
	case r.Tied:
		highest = "Highest median, tied"
	case !r.BestClear:
		highest = "Highest median, within error"
	}
	if r.Best == r.Baseline {
		switch {
		case r.Alone: // the only portfolio: no highest to speak of
		case r.Tied:
			base.shown = "Baseline; tied for highest median"
		case r.BestClear:
			base.shown = "Baseline; highest median"
		default:
			base.shown = "Baseline; highest median, within error"
		}
		return []indexLine{base}
	}
	return []indexLine{base, {highest, r.Best, r.BestMedian, r.BestSuccess, r.BestGoal, r.BestFirstYear, r.BestSpending}}
}

// BuildIndexWorkbook builds the batch index as a workbook: per
// scenario its status and the figures of its baseline and of the portfolio
// with the highest median terminal wealth, amounts in its currency, the
// problems of the files that did not run below, printed landscape with the
// header on every page; then the Glossary and Disclosures.
func BuildIndexWorkbook(rows []IndexRow) (_ *excelize.File, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err := f.SetSheetName("Sheet1", "Index"); err != nil {
		return nil, err
	}
	b := &book{f: f, sc: &model.Scenario{Info: model.Info{Name: "Batch index", Currency: "USD"}},
		header: indexHeader(rows)}
	if err := b.makeStyles(); err != nil {
		return nil, err
	}
	s := &sheet{b: b, name: "Index"}
	if err := indexSheet(s, rows); err != nil {
		return nil, fmt.Errorf("index workbook: %w", err)
	}
	s.printSetup()
	if s.err != nil {
		return nil, fmt.Errorf("index workbook: %w", s.err)
	}
	if err := addIndexBackMatter(f, rows); err != nil {
		return nil, fmt.Errorf("index workbook: %w", err)
	}
	return f, nil
}

// WriteIndexWorkbook writes BuildIndexWorkbook's workbook to path, whole
// or not at all.
func WriteIndexWorkbook(path string, rows []IndexRow) error {
	return writeBook(path, func() (*excelize.File, error) { return BuildIndexWorkbook(rows) })
}

// notRun counts the rows whose file did not run.
func notRun(rows []IndexRow) int {
	n := 0
	for _, r := range rows {
		if r.Status != StatusOK {
			n++
		}
	}
	return n
}

// filesRun counts a batch's scenario files and, when some did not run,
// those that did: "5 scenarios", "5 scenario files, 4 run" (a failed file
// counted as run stood in the title beside the console's "4 of 5").
func filesRun(rows []IndexRow) string {
	ran := len(rows) - notRun(rows)
	if ran == len(rows) {
		return thousands(len(rows)) + " " + plural(len(rows), "scenario", "scenarios")
	}
	return fmt.Sprintf("%s %s, %s run", thousands(len(rows)), plural(len(rows), "scenario file", "scenario files"), thousands(ran))
}

// indexSheet writes the index's sheet: a note, the header row, which
// prints atop every page, a scenario's lines each, then the problems of
// the files that did not run and the notes on the files that did.
func indexSheet(s *sheet, rows []IndexRow) error {
	cols := newIndexColumns(rows)
	s.widths(cols.widths...)
	pg := &pager{s: s}
	pg.title("Batch index: " + filesRun(rows))
	indexNote(s, pg, rows, cols)
	head := indexHeaderRow(s, pg, cols)
	// A page holds as many points as the scale that fits the columns
	// across it allows (printSetup): counted at 100 %, a page of the table
	// or its problems ended with a third to half of it empty. The table's
	// pages hold its header row too, should it repeat.
	room := pageHeight * 100 / float64(s.widthScale())
	pg.room = room - head
	t, err := newIndexTable(s, pg, cols)
	if err != nil {
		return err
	}
	r := IndexHeaderRow + 1
	var problems, noted []IndexRow
	for _, row := range rows {
		switch {
		case row.Status != StatusOK:
			problems = append(problems, row)
		case row.Notes != "":
			noted = append(noted, row)
		}
		r = t.scenario(r, row)
	}
	if s.breakBetween(IndexHeaderRow, r) {
		// The header prints atop each page the table reaches; on a table
		// that fits its first page it would print over the problems and
		// notes that run on, whose columns it does not head.
		s.printTitles(IndexHeaderRow, IndexHeaderRow)
	} else {
		pg.room = room // no header repeats
	}
	r = t.messages(r, "Problems", problems, func(r IndexRow) string { return r.Problems })
	t.messages(r, "Notes on files that ran (values to check)", noted, func(r IndexRow) string { return r.Notes })
	return nil
}

// indexColumns are index.xlsx's columns: indexBookHeads, then the goal's
// and the spending's when some scenario has them, at goalCol and spendCol
// (0 when none has).
type indexColumns struct {
	heads             []string
	widths            []float64
	goalCol, spendCol int
	// nominalGoals are the workbooks whose goals are nominal when others'
	// are in today's money (indexGoalHead), which the note names.
	nominalGoals []string
}

// newIndexColumns are the columns of an index of rows.
func newIndexColumns(rows []IndexRow) indexColumns {
	c := indexColumns{heads: slices.Clone(indexBookHeads), widths: slices.Clone(indexBookWidths)}
	goalHead, nominalGoals := indexGoalHead(rows)
	c.nominalGoals = nominalGoals
	if slices.ContainsFunc(rows, func(r IndexRow) bool { return r.BaselineGoal != nil }) {
		c.goalCol = len(c.heads) + 1
		c.heads, c.widths = append(c.heads, goalHead, indexGoalProb), append(c.widths, indexGoalWidths...)
	}
	if slices.ContainsFunc(rows, func(r IndexRow) bool { return r.BaselineFirstYear != nil }) {
		c.spendCol = len(c.heads) + 1
		c.heads, c.widths = append(c.heads, indexSpendHeads...), append(c.widths, 11, 12)
	}
	return c
}

// indexNote writes the note under the index's title, which says what its
// lines are and in what money their amounts are.
func indexNote(s *sheet, pg *pager, rows []IndexRow, cols indexColumns) {
	ran := "Each scenario ran separately into its own workbook."
	if notRun(rows) > 0 {
		ran = "Each scenario that could be run ran separately into its own workbook."
	}
	note := ran + " For each, its baseline and the portfolio with the highest " +
		"median terminal wealth (a result of the simulation, not a recommendation; it may carry more risk). Amounts are in each " +
		"scenario's currency."
	if slices.ContainsFunc(rows, withinError) {
		note += " Within error: the highest median leads another's by no more than 2 standard errors, too close for the simulation to rank."
	}
	if len(cols.nominalGoals) > 0 {
		note += " Goals are in today's money, except the nominal ones of " + strings.Join(cols.nominalGoals, ", ") + "."
	}
	if cols.spendCol != 0 {
		note += " Spending is in today's money."
	}
	if history := historyWorkbooks(rows); len(history) > 0 {
		note += " " + historyLead(history)
	}
	lines := noteLines(note, sumWidths(cols.widths))
	s.note(2, 1, len(cols.heads), lines, note)
	pg.row(2, float64(15*lines), 0)
}

// indexHeaderRow writes the index's header row, which stays in view as the
// sheet scrolls (and prints atop every page of a table longer than a page:
// see indexSheet), and returns its height.
func indexHeaderRow(s *sheet, pg *pager, cols indexColumns) (height float64) {
	hh := headerHeight(toAny(cols.heads), cols.widths)
	s.row(1, IndexHeaderRow, s.b.st.header, toAny(cols.heads)...)
	s.keep(s.b.f.SetRowHeight(s.name, IndexHeaderRow, hh))
	pg.row(IndexHeaderRow, hh, 0)
	s.freeze(IndexHeaderRow)
	return hh
}

// indexTable writes the index's rows under its header, in its columns,
// counting them on its pager.
type indexTable struct {
	s     *sheet
	pg    *pager
	cols  indexColumns
	bad   int // the style of a file's status when it did not run
	wrap  int // the style of texts, wrapped, level with the figures
	right int // the style of "no goal", flush right as the amounts
}

// newIndexTable makes the index table's styles.
func newIndexTable(s *sheet, pg *pager, cols indexColumns) (*indexTable, error) {
	bad, err := s.b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Color: "9C0006"}, Fill: solid("FFC7CE"), Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	if err != nil {
		return nil, err
	}
	wrap, err := s.b.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"}, // level with the figures
		Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	if err != nil {
		return nil, err
	}
	right, err := s.b.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "bottom"}, // "no goal", as the amounts
		Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	if err != nil {
		return nil, err
	}
	return &indexTable{s: s, pg: pg, cols: cols, bad: bad, wrap: wrap, right: right}, nil
}

// texts writes texts from column 1 of row r, wrapped, the row tall enough
// for the longest.
func (t *indexTable) texts(r int, texts ...string) {
	h := float64(lineHeight)
	for i, text := range texts {
		t.s.set(1+i, r, text, t.wrap)
		if text != "" {
			h = min(409, max(h, paragraphHeight(text, t.cols.widths[i]))) // with paragraphHeight's room: four lines in four lines' height touched the rule above
		}
	}
	t.s.keep(t.s.b.f.SetRowHeight(t.s.name, r, h))
	t.pg.row(r, h, 0)
}

// scenario writes a scenario's lines from row r, its lines() when it ran
// and one line pointing to its problems when it did not, and returns the
// row after them.
func (t *indexTable) scenario(r int, row IndexRow) int {
	ms := t.s.moneyIn(row.Currency)
	if row.Status != StatusOK {
		// No workbook: the file stands where the scenario's name would
		// (it had stood under Workbook).
		t.texts(r, row.Client, cmp.Or(row.Scenario, row.File), "none", string(row.Status), "see Problems below")
		t.s.set(4, r, string(row.Status), t.bad)
		return r + 1
	}
	for i, l := range row.lines() {
		if i == 0 {
			t.texts(r, row.Client, row.Scenario, row.Workbook, string(row.Status), l.shown, l.portfolio)
		} else {
			t.texts(r, "", "", "", "", l.shown, l.portfolio)
		}
		t.figures(r, row, i, l, ms)
		r++
	}
	return r
}

// figures writes on row r the figures of row's line i, l, its amounts in
// style money; the goal is the scenario's, on its first line.
func (t *indexTable) figures(r int, row IndexRow, i int, l indexLine, money int) {
	s, st := t.s, t.s.b.st
	s.set(7, r, l.median, money)
	s.set(8, r, l.success, st.shareStyle(l.success))
	if goalCol := t.cols.goalCol; goalCol != 0 {
		switch {
		case i > 0:
			s.set(goalCol, r, "", money)
		case row.Goal != nil:
			s.set(goalCol, r, row.Goal.TargetWealth, money)
		default:
			s.set(goalCol, r, "no goal", t.right)
		}
		goal := st.percent
		if l.goal != nil {
			goal = st.shareStyle(*l.goal)
		}
		s.set(goalCol+1, r, optional(l.goal), goal)
	}
	if spendCol := t.cols.spendCol; spendCol != 0 {
		s.set(spendCol, r, optional(l.first), money)
		s.set(spendCol+1, r, optional(l.spendingMd), money)
	}
}

// messages leaves row r empty and writes below it a section titled title
// of rows' texts (their problems or notes), a message a row so that a long
// list breaks across pages, and returns the row after it; when rows is
// empty, it writes nothing and returns r.
func (t *indexTable) messages(r int, title string, rows []IndexRow, text func(IndexRow) string) int {
	s, st := t.s, t.s.b.st
	if len(rows) == 0 {
		return r
	}
	r++
	t.pg.row(r, 20, 32)
	s.set(1, r, title, st.subtitle)
	s.keep(s.b.f.SetRowHeight(s.name, r, 20))
	r++
	for _, p := range rows {
		s.set(1, r, p.File, st.wrap)
		for _, message := range strings.Split(strings.TrimSpace(text(p)), "\n") {
			s.set(2, r, message, st.wrap)
			s.keep(s.b.f.MergeCell(s.name, cell(2, r), cell(len(t.cols.heads), r)))
			h := min(409, paragraphHeight(message, sumWidths(t.cols.widths[1:])))
			s.keep(s.b.f.SetRowHeight(s.name, r, h))
			t.pg.row(r, h, 0)
			r++
		}
	}
	return r
}

// withinError says that a scenario's highest median is shown "within
// error": it has a runner-up its median does not lead beyond Monte Carlo
// error.
func withinError(r IndexRow) bool {
	return r.Status == StatusOK && !r.Alone && !r.Tied && !r.BestClear
}

// historyWorkbooks are the workbooks of the scenarios that ran on rolling
// windows of history, whose highest median is ranked without a Monte
// Carlo error.
func historyWorkbooks(rows []IndexRow) []string {
	var out []string
	for _, r := range rows {
		if r.Status == StatusOK && r.History {
			out = append(out, r.Workbook)
		}
	}
	return out
}

// historyLead says how the highest median of rolling windows is ranked:
// the index shows it as it shows a simulated lead, which it is not.
func historyLead(workbooks []string) string {
	return "Rolling windows of history (" + strings.Join(workbooks, ", ") + ") have no Monte Carlo error: any gap between " +
		"medians ranks them, as a count of what history did."
}

// csvNotes is a file's notes in index.csv's last column, each line
// marked as a note: the file ran, but has a value to check.
func csvNotes(notes string) string {
	if notes == "" {
		return ""
	}
	return "note: " + strings.ReplaceAll(notes, "\n", "\nnote: ")
}

// optional is a figure that may be absent: the number, or an empty text.
func optional(p *float64) any {
	if p == nil {
		return ""
	}
	return *p
}

// indexHeader is the index's page header, on every sheet: who prepared it,
// and that it is the advisor's, not a client's: it lists several clients
// side by side.
func indexHeader(rows []IndexRow) [2]string {
	return [2]string{indexPreparer(rows), "Batch index: internal, not for clients"}
}

// indexPreparer is the index's header: the firm every scenario that ran
// names as prepared_by, when they all name the same one.
func indexPreparer(rows []IndexRow) string {
	by := map[string]bool{}
	for _, r := range rows {
		if r.Resolved != nil {
			by[r.Resolved.Info.PreparedBy] = true
		}
	}
	if len(by) == 1 {
		for p := range by {
			if p != "" {
				return p
			}
		}
	}
	return "Prepared with divsim"
}
