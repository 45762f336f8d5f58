package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	phrases "github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// summaryColumn is a row of the Summary's figures table (the figures run
// down, the portfolios across). No cell is marked best or worst: most
// figures have no standard error here; the reading ranks the medians by
// theirs (sim's MedianLeader).
type summaryColumn struct {
	header string
	value  func(p *sim.Portfolio) any // a number, or the text of an undefined one
	unit   figureUnit
	hidden bool // says nothing in this run (see summaryColumns)
}

// column is figure k as a row of the Summary of scenario sc, hidden when
// it says nothing in this run. Over rolling windows of history the shares
// of paths are shares of windows, and say so.
func (k figureKey) column(sc *model.Scenario, hidden bool) summaryColumn {
	f := k.figure()
	header := f.name
	if sc.History != nil && sc.History.Starts != nil {
		header = strings.Replace(header, "Paths ending", "Windows ending", 1)
	}
	return summaryColumn{header: header, value: func(p *sim.Portfolio) any { return k.cellIn(sc, p) }, unit: f.unit, hidden: hidden}
}

// summaryWidths are the Summary's column widths: the figure's name, then
// a column per portfolio of a block.
func summaryWidths() []float64 { return append([]float64{40}, repeat(15, summaryPerBlock)...) }

// summaryFirstRow is the row of the Summary's figures table header when
// the plan's details are above it: the portfolios' names across it from
// column B, one figure a row below it, named in column A (the headers of
// summaryColumns). The plan and its details take the rows above it, the
// details two to a row, so that the figures start on the first page. A
// table of three portfolios or fewer has the details and its note beside
// it instead (summarySide), starting at row 5; a wider one whose first
// block would not fit under the details (a spending rule's rows) has them
// below its note, and starts at row 5 too.
const summaryFirstRow = 9

// summaryPerBlock is how many portfolios a block of the figures table
// holds side by side on a page; more portfolios get more blocks.
const summaryPerBlock = 6

// summaryColumns are the Summary's figures for this run, each shown where
// it says something: real wealth with inflation (without, it is the
// nominal figure again), the goal's probability with a goal, ahead / tied /
// behind with more than one portfolio (else only the baseline itself); the
// terminal wealth's 5th percentile gives way to the year by which the
// poorest paths ran out of money when it is 0 for every portfolio, and a
// spending rule adds what it paid. A new figure is one entry here.
func (b *book) summaryColumns() []summaryColumn {
	sc := b.sc
	compared := len(sc.Portfolios) > 1
	noRule := sc.Spending == nil
	return slices.DeleteFunc([]summaryColumn{
		medianWealth.column(sc, false),
		medianRealWealth.column(sc, sc.Inflation == nil),
		b.lowWealthColumn(),
		wealthP95.column(sc, false),
		medianReturn.column(sc, false),
		medianVolatility.column(sc, false),
		medianDrawdown.column(sc, false),
		drawdownP95.column(sc, false),
		underwaterP95.column(sc, false),
		underwaterAtEnd.column(sc, false),
		medianSharpe.column(sc, false),
		successRate.column(sc, !withdraws(sc)), // 100 % by construction without withdrawals
		goalProbability.column(sc, sc.Goal == nil),
		aheadOfBaseline.column(sc, !compared),
		tiedWithBaseline.column(sc, !compared),
		behindBaseline.column(sc, !compared),
		firstYearSpending.column(sc, noRule),
		medianSpending.column(sc, noRule),
		poorSpending.column(sc, noRule),
		leanYear.column(sc, noRule),
	}, func(c summaryColumn) bool { return c.hidden })
}

// lowWealthColumn is the terminal wealth's 5th percentile or, when that is
// 0 for every portfolio, the year by which the report's lowest percentile
// of paths had run out of money, which then says more.
func (b *book) lowWealthColumn() summaryColumn {
	if !showsDepletionYear(b.sc, b.res) {
		return wealthP5.column(b.sc, false)
	}
	q := b.sc.Report.Percentiles[0] / 100
	return summaryColumn{header: fmt.Sprintf("Year by which %s of paths ran out of money", pctText(q, 0)),
		value: func(p *sim.Portfolio) any {
			if y := depletionYear(p, q); y > 0 {
				return y
			}
			return "not within the horizon"
		}, unit: planYearUnit}
}

// summary lays out the Summary sheet: the plan and its reading, then the
// figures with the details and the note beside them when there is room
// (summaryBeside); else the details above the figures, or below their
// note when above they would push the figures off the first page.
func (b *book) summary(s *sheet) {
	s.widths(summaryWidths()...)
	b.summaryIntro(s)
	details := b.summaryDetails()
	// A spending rule is in the plan's words above (planText).
	cols := b.summaryColumns()
	portfolios := b.res.Portfolios
	note := b.summaryNote()
	if side, beside := summaryBeside(len(portfolios), details.all(), note, len(cols)); beside {
		s.widths(side.widths...)
		b.figuresTable(s, 5, cols, portfolios, func(head int) { side.write(s, head, details.all(), note) })
		return
	}
	r := summaryFirstRow
	detailsBelow := b.detailsBelow(s, summaryHeadHeight(summaryHeads(portfolios[:min(summaryPerBlock, len(portfolios))])), len(cols))
	if detailsBelow {
		r = 5
	} else {
		details.write(s, 4)
	}
	r = b.figuresTable(s, r, cols, portfolios, nil)
	b.summaryNoteBelow(s, r, note)
	if detailsBelow {
		s.keep(b.f.SetRowHeight(s.name, r+1, 8))
		details.write(s, r+2)
	}
}

// figuresTable writes the figures cols of the portfolios from row
// r, in blocks of summaryPerBlock portfolios two rows apart, with beside
// (when not nil) writing what goes beside each block from its header row.
// It returns the row two below the last block.
func (b *book) figuresTable(s *sheet, r int, cols []summaryColumn, portfolios []sim.Portfolio, beside func(head int)) int {
	tableFirst := r
	s.keep(b.f.SetRowHeight(s.name, r-1, 8)) // a small gap above the figures, as below them
	for from := 0; from < len(portfolios); from += summaryPerBlock {
		b.figuresBlock(s, r, cols, portfolios[from:min(from+summaryPerBlock, len(portfolios))])
		if beside != nil {
			beside(r)
		}
		s.keepTogether(r, r+len(cols))
		if r == tableFirst {
			s.firstPageThrough(r + len(cols)) // the plan, its details and the figures' first block
		}
		r += len(cols) + 2
	}
	return r
}

// summaryIntro writes the Summary's title, the plan and the reading.
func (b *book) summaryIntro(s *sheet) {
	st := b.st
	lastCol := 1 + summaryPerBlock
	s.set(1, 1, b.sc.Info.Name, st.title)
	plan := b.planText()
	s.set(1, 2, plan, st.wrap)
	s.keep(b.f.MergeCell(s.name, cell(1, 2), cell(lastCol, 2)))
	// Heights measured as Calibri wraps (nameHeight): the paragraph rule
	// errs a line long on each, which pushed the table's note to a page
	// of its own.
	s.keep(b.f.SetRowHeight(s.name, 2, nameHeight(plan, 40+15*summaryPerBlock)))
	// The reading, the page's one-sentence answer, under the plan: below
	// the figures it went to a second page of its own.
	reading := b.reading()
	s.set(1, 3, reading, st.wrap)
	s.keep(b.f.MergeCell(s.name, cell(1, 3), cell(lastCol, 3)))
	s.keep(b.f.SetRowHeight(s.name, 3, nameHeight(reading, 40+15*summaryPerBlock)+6))
}

// summaryDetails are the Summary's details, a label and a value each, two
// to a row: who and when on the left, what was run on the right (label in
// column D, value in F, each with the next column to run into).
type summaryDetails struct {
	left, right [][2]any
}

// summaryDetails are this run's details, those the file leaves out left
// out.
func (b *book) summaryDetails() summaryDetails {
	sc := b.sc
	left := [][2]any{
		{"Client", sc.Info.Client},
		{"Prepared by", sc.Info.PreparedBy},
		{"Assumptions as of", sc.Info.AsOf},
		{"Run date", b.in.RunDate.Format("2006-01-02")},
	}
	right := [][2]any{
		{b.pathsLabel(), b.res.Paths},
		{"Horizon", Counted(sc.Simulation.HorizonYears, "year", "years") + ", " + Counted(sc.Simulation.StepsPerYear, "step", "steps") + " a year"},
		{"Initial investment", sc.Initial}, // a number, shown as the table's cells show amounts
	}
	if a := sc.Info.Age; a != nil { // a retiree's plan runs over ages
		right = append(right, [2]any{"Client's age", fmt.Sprintf("%d in year 1, %d in year %d", *a, *a+sc.Simulation.HorizonYears-1, sc.Simulation.HorizonYears)})
	}
	// Details the file leaves out (a client's name, say) are left out.
	left = slices.DeleteFunc(left, func(kv [2]any) bool { return kv[1] == "" })
	return summaryDetails{left: left, right: right}
}

// all are the details, the left ones first.
func (d summaryDetails) all() [][2]any { return slices.Concat(d.left, d.right) }

// write puts the details two to a row from row first.
func (d summaryDetails) write(s *sheet, first int) {
	st := s.b.st
	for i, kv := range d.left {
		s.set(1, first+i, kv[0], st.label)
		s.set(2, first+i, kv[1], st.detailStyle(kv[1]))
	}
	for i, kv := range d.right {
		s.set(4, first+i, kv[0], st.label)
		s.set(6, first+i, kv[1], st.detailStyle(kv[1]))
	}
}

// summaryNote is the note under (or beside) the Summary's figures. What
// wealth and returns are is in the Glossary (terminal wealth, annualized
// return), as on the console.
func (b *book) summaryNote() string {
	return "Returns are annualized and net of fees and costs; a path that runs out of money earns nothing from then on and stays underwater " +
		"(below its previous high; the Glossary says more). " + b.sharesText(maxShareSE(b))
}

// summaryHeads are the header of a block of the figures table: the
// block's portfolios across.
func summaryHeads(block []sim.Portfolio) []any {
	heads := []any{"Portfolio"}
	for _, p := range block {
		heads = append(heads, p.Name)
	}
	return heads
}

// summaryHeadHeight is the height of a header row of the figures table:
// names of up to three lines at least, more for a longer name.
func summaryHeadHeight(heads []any) float64 {
	return max(threeLineHead, boldHeadHeight(heads, summaryWidths()))
}

// figuresBlock writes the figures cols of a block of portfolios from row
// r: a header of their names, then a figure a row.
func (b *book) figuresBlock(s *sheet, r int, cols []summaryColumn, block []sim.Portfolio) {
	st := b.st
	heads := summaryHeads(block)
	s.row(1, r, st.header, heads...)
	s.keep(b.f.SetRowHeight(s.name, r, summaryHeadHeight(heads)))
	for i, c := range cols {
		row := r + 1 + i
		s.set(1, row, c.header, st.text)
		for j := range block {
			v := c.value(&block[j])
			cs := st.unitStyle(c.unit, v)
			if _, text := v.(string); text { // n/a, baseline: centred like the numbers' column
				cs = st.center
			}
			s.set(2+j, row, v, cs)
		}
	}
}

// summaryNoteBelow writes the note in row r, under the figures table, two
// rows below its last block, so that it stays on the first page under a
// long table.
func (b *book) summaryNoteBelow(s *sheet, r int, note string) {
	lastCol := 1 + summaryPerBlock
	s.set(1, r, note, b.st.note)
	s.keep(b.f.MergeCell(s.name, cell(1, r), cell(lastCol, r)))
	s.keep(b.f.SetRowHeight(s.name, r-1, 8))                                                // a small gap: a full row's pushed the note to a page of its own
	s.keep(b.f.SetRowHeight(s.name, r, float64(15*noteLines(note, 40+15*summaryPerBlock)))) // the notes' italic is wider than text
	if len(b.res.Portfolios) <= summaryPerBlock {
		s.firstPageThrough(r) // the note too, when the first page holds it: alone, it took a page
	}
}

// summarySide places the Summary's details and note beside its figures,
// in the page's last three columns, which a table of three portfolios or
// fewer leaves free: a narrow gutter, the details' labels and their
// values, the note under the details. Under a long table (a spending
// rule's rows), the details and the note had taken a second page of their
// own.
type summarySide struct {
	widths       []float64 // the sheet's columns, the side's three last
	label, value int       // the details' columns
	noteLines    int       // the rows the note takes across them
}

// summaryBeside is the side's layout for a table of portfolios columns
// and rows figures, with the details and the note beside it, when they
// fit: every label and value on one line, and the details, a blank row
// and the note's lines within the figures' rows.
func summaryBeside(portfolios int, details [][2]any, note string, rows int) (summarySide, bool) {
	const gutter = 2
	free := summaryPerBlock - portfolios // columns the table leaves
	if free < 3 {
		return summarySide{}, false
	}
	labelWidth := 0.0
	for _, kv := range details {
		labelWidth = max(labelWidth, textWidth(fmt.Sprint(kv[0])))
	}
	labelWidth = math.Ceil(float64(labelWidth*1.08)/0.95) + 1 // bold, and the cell's padding
	widths := summaryWidths()
	room := 15*3 - gutter - labelWidth // the value's column: what the three columns leave
	for _, kv := range details {
		if wrappedLines(detailText(kv[1]), float64(0.95*(room-0.5))) > 1 {
			return summarySide{}, false
		}
	}
	lines := noteLines(note, labelWidth+room)
	if len(details)+1+lines > rows {
		return summarySide{}, false
	}
	n := len(widths)
	widths[n-3], widths[n-2], widths[n-1] = gutter, labelWidth, room
	return summarySide{widths: widths, label: n - 1, value: n, noteLines: lines}, true
}

// write puts the details and the note beside the table whose header is
// row head: a header over the details' columns like the table's, a label
// and a value a row, a blank row, then the note over the rows left.
func (side summarySide) write(s *sheet, head int, details [][2]any, note string) {
	st := s.b.st
	s.set(side.label, head, "Details", st.header)
	s.set(side.value, head, "", st.header)
	s.keep(s.b.f.MergeCell(s.name, cell(side.label, head), cell(side.value, head)))
	for i, kv := range details {
		s.set(side.label, head+1+i, kv[0], st.label)
		s.set(side.value, head+1+i, kv[1], st.detailStyle(kv[1]))
	}
	first := head + len(details) + 2
	s.set(side.label, first, note, st.note)
	s.keep(s.b.f.MergeCell(s.name, cell(side.label, first), cell(side.value, first+side.noteLines-1)))
}

// detailStyle is the style of a Summary detail's value v: an amount of
// money (a float64) as the figures' cells show amounts, flush left as the
// text details are; text and counts flush left.
func (st styles) detailStyle(v any) int {
	if _, money := v.(float64); money {
		return st.moneyLeft
	}
	return st.left
}

// detailText is a detail's value about as its cell shows it, to measure:
// an amount with a symbol and grouped digits, a count grouped.
func detailText(v any) string {
	switch x := v.(type) {
	case float64:
		return "$" + wholeMoney(x)
	case int:
		return thousands(x)
	}
	return fmt.Sprint(v)
}

// boldHeadHeight is the height of a header row of bold titles in columns
// of the given widths, each title's lines measured as its words wrap
// (glyph widths, bold 8 % wider than regular): headerHeight's rule of
// characters put "10% small caps, gliding to 40% equity" on four lines
// where it prints on three, and the Summary's table a line lower.
func boldHeadHeight(heads []any, widths []float64) float64 {
	return headHeight(heads, widths, func(title string, w float64) int {
		return wrappedLines(title, float64(0.95*(w-0.5))/1.08)
	})
}

// detailsBelow reports whether the Summary's details (client, paths,
// horizon ...) go below its figures: when, under the plan and its reading
// (rows 1 to 3, written), they would push the figures' first block, of
// rows figure rows under a header headHeight high, off the first page,
// which holds the block without them.
func (b *book) detailsBelow(s *sheet, headHeight float64, rows int) bool {
	top := 0.0
	for r := 1; r <= 3; r++ {
		h, err := b.f.GetRowHeight(s.name, r)
		s.keep(err)
		top += h
	}
	room := float64(pageHeight) * 100 / minScale
	table := 8 + headHeight + float64(float64(rows)*lineHeight)
	details := float64(summaryFirstRow-5) * lineHeight
	return top+details+table > room && top+table <= room
}

// showsDepletionYear reports whether the Summary gives the year by which
// the poorest paths ran out of money in place of the terminal wealth's
// lowest percentile: when that is 0 for every portfolio.
func showsDepletionYear(sc *model.Scenario, res *sim.Results) bool {
	if len(sc.Report.Percentiles) == 0 {
		return false
	}
	return !slices.ContainsFunc(res.Portfolios, func(p sim.Portfolio) bool { return p.TerminalWealth.P5 > 0 })
}

// planText states the plan in words and figures: what is invested, what
// flows in or out and how, the goal and the horizon.
func (b *book) planText() string {
	sc := b.sc
	cur := sc.Info.Currency
	portfolios := fmt.Sprintf("in %d portfolios", len(sc.Portfolios))
	if len(sc.Portfolios) == 1 {
		portfolios = "in one portfolio"
	}
	futures := "the same " + wholeMoney(float64(b.res.Paths)) + " possible futures"
	if b.res.Paths == 1 {
		futures = "one possible future"
	}
	text := fmt.Sprintf("The plan: %s invested today and followed for %s, %s simulated on %s.",
		moneyText(sc.Initial, cur), Counted(sc.Simulation.HorizonYears, "year", "years"), portfolios, futures)
	if b.hasWindows() { // history replayed, not simulated futures
		h := sc.History
		text = fmt.Sprintf("The plan: %s invested today and followed for %s, %s replayed on the same %s stretches of history, one starting each month from %s to %s.",
			moneyText(sc.Initial, cur), Counted(sc.Simulation.HorizonYears, "year", "years"), portfolios, wholeMoney(float64(b.res.Paths)), h.Starts[0], h.Starts[len(h.Starts)-1])
	}
	money := func(x float64) string { return moneyText(x, cur) }
	text += flowSentences(sc, money)
	if sp := sc.Spending; sp != nil {
		text += fmt.Sprintf(" Spending: %s, from year %d to year %d.", SpendingRuleText(sp, sc.Inflation != nil), sp.StartYear, sp.EndYear)
	}
	text += goalSentence(sc, money)
	if len(sc.Flows) == 0 && sc.Spending == nil {
		text += " Nothing is added or withdrawn along the way."
	}
	return text
}

// depletionYear is the first year by whose end the share q of the paths
// (the report's lowest percentile, as a share) had run out of money; 0
// when that is not within the horizon. With a spending rule it counts the
// engine's own depletions (Spending.FullShare), in which a rule that
// empties the portfolio in its last year as planned (vpw) has not run
// out: the fan's wealth of 0 there read as "ran out by year 30" beside a
// success rate of 100 %. Without one, nothing empties a portfolio as
// planned, and it is the first year at whose end the fan's lowest
// percentile of wealth is 0.
func depletionYear(p *sim.Portfolio, q float64) int {
	if sp := p.Spending; sp != nil {
		for y, full := range sp.FullShare {
			if 1-full >= q-1e-12 { // at least q, to within the shares' rounding (1 − 0.9 is 0.0999…)
				return y + 1
			}
		}
		return 0
	}
	if len(p.Fan.Nominal) == 0 {
		return 0
	}
	for y, w := range p.Fan.Nominal[0] {
		if y > 0 && w <= 0 {
			return y
		}
	}
	return 0
}

// reading is the Summary's one-sentence plain-language reading.
//
// It names the portfolio with the highest median outcome as such only when
// the simulation tells it from every other (sim's MedianLeader); rolling
// windows count what history did, so their highest median is a fact.
func (b *book) reading() string {
	best, runnerUp, clear := b.res.MedianLeader()
	p := b.res.Portfolios[best]
	cur := b.sc.Info.Currency
	median := moneyText(p.TerminalWealth.P50, cur)
	if b.sc.Inflation != nil { // without inflation today's money is the same
		median += fmt.Sprintf(" (%s in today's money)", moneyText(p.TerminalWealthReal.P50, cur))
	}
	years := b.sc.Simulation.HorizonYears
	var text string
	it, It := "it", "It" // the portfolio the sentences go on about, by name when two were named
	switch {
	case runnerUp < 0:
		text = fmt.Sprintf("The median outcome of %s was %s after %s", p.Name, median, Counted(years, "year", "years"))
	case clear:
		text = fmt.Sprintf("%s had the highest median outcome, %s after %s", p.Name, median, Counted(years, "year", "years"))
	case p.TerminalWealth.P50 == b.res.Portfolios[runnerUp].TerminalWealth.P50: // a tie: no error to speak of (windows have none)
		var tied []string // every portfolio at the leader's median (all out of money, say), not the first two
		for _, q := range b.res.Portfolios {
			if q.TerminalWealth.P50 == p.TerminalWealth.P50 {
				tied = append(tied, q.Name)
			}
		}
		text = fmt.Sprintf("%s had the same median outcome, %s after %s", phrases.And(tied), median, Counted(years, "year", "years"))
		it, It = p.Name, p.Name
	default:
		text = b.tooCloseReading(best)
		it, It = p.Name, p.Name
	}
	switch v := p.VsBaseline; {
	case len(b.res.Portfolios) == 1:
		text += "."
	case v != nil:
		tied := ""
		if v.ProbTie > 0 {
			tied = fmt.Sprintf(", tied with it on %s (both out of money, for instance)", shareText(v.ProbTie, 0))
		}
		text += fmt.Sprintf(". %s ended ahead of the baseline (%s) on %s of the %s%s and behind it on %s.", p.Name,
			b.sc.Portfolios[b.sc.Baseline].Name, shareText(v.ProbOutperform, 0), b.pathsNoun(), tied, shareText(v.ProbBehind, 0))
	default:
		text += "; " + it + " is the baseline the others are compared with."
	}
	failed := failures(p.SuccessRate, b.res.Paths)
	switch {
	case !withdraws(b.sc): // nothing is taken out: no path can run out of money, and saying so says nothing
	case p.SuccessRate == 1:
		text += fmt.Sprintf(" %s never ran out of money on any of the %s.", It, b.pathsNoun())
	case p.Windows != nil: // history's counts, with the portfolio that ran out in fewer windows
		text += b.windowsFailureReading(best, It)
	case shareText(p.SuccessRate, 0) != pctText(p.SuccessRate, 0) || shareText(1-p.SuccessRate, 0) != pctText(1-p.SuccessRate, 0):
		// A few failures, or a few successes: counted, neither "100%"
		// nor "ran out of money on 100%" when some paths lasted.
		text += fmt.Sprintf(" %s ran out of money on %s of the %s %s.", It, thousands(failed), thousands(b.res.Paths), b.pathsNoun())
	default: // the failures, not the successes: "never ran out on 58 %" put the best face on 42 %
		text += fmt.Sprintf(" %s ran out of money on %s of the %s.", It, pctText(1-p.SuccessRate, 0), b.pathsNoun())
	}
	// The safest sentence last: "Its spending" goes on about the portfolio
	// named before it.
	return text + spendingReading(p.Spending, cur, inflowNames(b.sc)) + b.safestReading(best)
}

// tooCloseReading is the reading's first sentence when the highest median
// is not clear of the others: every portfolio whose median is within the
// simulation's error of the leader's (CloseToLeader) is named with it, in
// order; the runner-up alone was named beside a third as close.
func (b *book) tooCloseReading(best int) string {
	ps := b.res.Portfolios
	cur := b.sc.Info.Currency
	group := append([]int{best}, b.res.CloseToLeader()...)
	slices.SortStableFunc(group, func(i, j int) int { return cmp.Compare(ps[j].TerminalWealth.P50, ps[i].TerminalWealth.P50) })
	var names, nominal, real []string
	for _, i := range group {
		names = append(names, ps[i].Name)
		nominal = append(nominal, moneyText(ps[i].TerminalWealth.P50, cur))
		real = append(real, moneyText(ps[i].TerminalWealthReal.P50, cur))
	}
	after := Counted(b.sc.Simulation.HorizonYears, "year", "years")
	if len(group) > 3 { // a list of amounts too long to read: their range
		text := fmt.Sprintf("%s had median outcomes too close to rank at this number of paths, from %s to %s after %s",
			phrases.And(names), nominal[len(nominal)-1], nominal[0], after)
		if b.sc.Inflation != nil { // real medians need not sort as the nominal ones do
			lo, hi := ps[group[0]].TerminalWealthReal.P50, ps[group[0]].TerminalWealthReal.P50
			for _, i := range group {
				lo, hi = min(lo, ps[i].TerminalWealthReal.P50), max(hi, ps[i].TerminalWealthReal.P50)
			}
			text += fmt.Sprintf(" (%s to %s in today's money)", moneyText(lo, cur), moneyText(hi, cur))
		}
		return text + ", each within 2 standard errors of the highest"
	}
	text := fmt.Sprintf("%s had median outcomes too close to rank at this number of paths: %s after %s", phrases.And(names), phrases.And(nominal), after)
	if b.sc.Inflation != nil {
		text += fmt.Sprintf(" (%s in today's money)", phrases.And(real))
	}
	if len(group) == 2 {
		return text + ", a gap within 2 standard errors"
	}
	return text + ", each within 2 standard errors of the highest"
}

// safestReading says that the portfolio that ran out of money least often
// did so less often than the one the reading is about (best), when it is
// another and its lead over that one is beyond 2 standard errors: the
// question a plan that withdraws asks, which the median does not answer.
// It claims no more than that pair's order. The test is paired on the
// same paths (sim's SuccessApart, McNemar's); results without the paths
// fall back to the two shares' errors added as if independent
// (failuresApart), which errs towards silence. Windows of history, which
// have no error, count any gap, said with the reading's failures
// (windowsFailureReading).
func (b *book) safestReading(best int) string {
	ps := b.res.Portfolios
	safest := safestOf(ps, best)
	if safest == best {
		return ""
	}
	p, q := ps[best], ps[safest]
	if p.Windows != nil { // said with the reading's failures (windowsFailureReading)
		return ""
	}
	n := b.res.Paths
	failedP, failedQ := failures(p.SuccessRate, n), failures(q.SuccessRate, n)
	apart, paired := b.res.SuccessApart(safest, best)
	if !paired {
		apart = failuresApart(failedQ, failedP, n)
	}
	if !apart {
		return ""
	}
	const beyond = " (a gap beyond 2 standard errors)"
	// As counts when either share would print as <1 % or 0 %, or both
	// alike: "on 0 % … against <1 %" hid that the gap was a few paths, and
	// a paired gap can lie within one rounded percent ("1 % against 1 %").
	fewer, more := shareText(1-q.SuccessRate, 0), shareText(1-p.SuccessRate, 0)
	paths := b.pathsNoun()
	if fewer != pctText(1-q.SuccessRate, 0) || more != pctText(1-p.SuccessRate, 0) || failedQ == 0 || fewer == more {
		fewer, more, paths = thousands(failedQ), thousands(failedP), thousands(n)+" "+paths
		if failedQ == 0 {
			fewer = "none"
		}
	}
	// Less often than the reading's portfolio, not least often of all: the
	// lead over the others may be within the error.
	return fmt.Sprintf(" %s ran out of money less often than %s: on %s of the %s against %s%s.", q.Name, p.Name,
		fewer, paths, more, beyond)
}

// windowsFailureReading is the reading's sentence on running out of money
// over rolling windows of history, for the portfolio it is about (best,
// "It"): counts of windows, not shares, and the portfolio that ran out in
// the fewest windows when that is another, with the start years of the
// windows where only one of the two ran out, which are the whole of their
// difference. Consecutive windows share all but a month, so a gap of a few
// dozen windows is often a few bad years seen over and over; the years let
// a reader judge that, where shares (3 % against 5 %) read like rates.
func (b *book) windowsFailureReading(best int, it string) string {
	ps, starts := b.res.Portfolios, b.sc.History.Starts
	p := ps[best]
	safest := safestOf(ps, best)
	text := fmt.Sprintf(" %s ran out of money in %s of the %s windows", it, thousands(failures(p.SuccessRate, len(starts))), thousands(len(starts)))
	if safest == best {
		return text + "."
	}
	q := ps[safest]
	fewer := thousands(failures(q.SuccessRate, len(starts)))
	if q.SuccessRate == 1 {
		fewer = "none"
	}
	text += fmt.Sprintf(", %s in %s", q.Name, fewer)
	first, last := "", ""
	for i, start := range starts {
		if p.Windows.Depleted[i] != q.Windows.Depleted[i] {
			year, _, _ := strings.Cut(start, "-")
			if first == "" {
				first = year
			}
			last = year
		}
	}
	switch {
	case first == last: // one year, or none (never: their counts differ)
		text += fmt.Sprintf(" (the difference all in windows begun in %s)", first)
	default:
		text += fmt.Sprintf(" (the difference all in windows begun %s–%s)", first, last)
	}
	return text + "."
}

// safestOf is the portfolio that ran out of money least often (the
// highest success rate), best itself where none beats it.
func safestOf(ps []sim.Portfolio, best int) int {
	safest := best
	for i, q := range ps {
		if q.SuccessRate > ps[safest].SuccessRate {
			safest = i
		}
	}
	return safest
}

// failures is how many of n paths ran out of money at a success rate.
func failures(successRate float64, n int) int {
	return int(math.Round((1 - successRate) * float64(n)))
}

// failuresApart reports whether fewer failures than more, of n paths each,
// are fewer beyond 2 standard errors of the difference of the two shares,
// each share taken as Agresti and Caffo's (x + 1) / (n + 2) with its
// standard error, as for independent runs. The plain shares' errors,
// √(p(1 − p)/n), vanish at 0 failures: 0 against 5 of 10,000 paths passed
// as 2.2 errors apart, where the adjusted shares put them 1.9 apart (and
// a test on the five paths alone cannot tell 5 to 0 from chance either).
// Paths are shared, so the true error is smaller: the rule errs toward
// silence, as MedianLeader's does.
func failuresApart(fewer, more, n int) bool {
	m := float64(n + 2)
	a, b := float64(fewer+1)/m, float64(more+1)/m
	se := math.Hypot(math.Sqrt(a*(1-a)/m), math.Sqrt(b*(1-b)/m))
	return b-a > 2*se
}

// inflowNames are the names of the flows paid into the portfolio while
// the spending rule pays (a pension, Social Security): income the client
// receives through the rule. Savings paid in before it are left out.
func inflowNames(sc *model.Scenario) []string {
	sp := sc.Spending
	if sp == nil {
		return nil
	}
	return inflowsDuring(sc, sp.StartYear, sp.EndYear)
}

// inflowsDuring are the names of the flows paid into the portfolio in
// some year of first..last: inflowNames's rule, for a withdrawal that is
// not the scenario's rule (solve's, added over the whole horizon).
func inflowsDuring(sc *model.Scenario, first, last int) []string {
	var names []string
	for _, fl := range sc.Flows {
		if fl.Amount > 0 && fl.StartYear <= last && fl.EndYear >= first {
			names = append(names, fl.Name)
		}
	}
	return names
}

// spendingReading says what a spending rule paid, for the Summary's
// reading: a retiree's first question is the income, not the wealth left.
func spendingReading(sp *sim.Spending, cur string, inflows []string) string {
	if sp == nil {
		return ""
	}
	text := fmt.Sprintf(" Its spending averaged %s a year in today's money on the typical path and %s on a poor one (5th percentile), "+
		"from a first year of %s", moneyText(sp.RealMean[2], cur), moneyText(sp.RealMean[0], cur), moneyText(sp.FirstYear, cur))
	if sp.CutProb > 0 {
		text += fmt.Sprintf("; %s of paths had a year paying less than %s of the first year's", shareText(sp.CutProb, 0), rounded(100*sim.CutLevel, 0)+"%")
	}
	return text + "." + inflowSentence(inflows, "this spending")
}

// inflowSentence says, after spending figures (spending: what they are,
// "this spending"), that income paid into the portfolio (inflows, by
// name) reaches the client only through the withdrawals, so that it is not
// added to them, and that what is not withdrawn stays invested; "" without
// inflows. A client read Social Security as paid on top.
func inflowSentence(inflows []string, spending string) string {
	if len(inflows) == 0 {
		return ""
	}
	is, it := "is", "it"
	if len(inflows) > 1 {
		is, it = "are", "them"
	}
	// What is not withdrawn stays invested: a reviewer read "part of this
	// spending" as the income vanishing, where with guardrails most of it
	// ends as wealth.
	return fmt.Sprintf(" %s %s paid into the portfolio: %s includes %s and is all the client receives, "+
		"and what is not withdrawn stays invested, in the wealth at the end.", capitalize(phrases.And(inflows)), is, spending, it)
}

// pathsNoun is what the run's paths are: simulated paths, or stretches
// of history replayed (rolling windows).
func (b *book) pathsNoun() string {
	if b.hasWindows() {
		return "historical windows"
	}
	return "simulated paths"
}

// pathsLabel labels the number of paths among the Summary's details.
func (b *book) pathsLabel() string {
	if b.hasWindows() {
		return "Rolling windows"
	}
	return "Simulated paths"
}

// sharesText says how far shares of the run's paths can be trusted:
// within se, their largest standard error, for simulated paths; rolling
// windows overlap, so their shares are counts of history, not estimates
// with an error.
func (b *book) sharesText(se float64) string {
	if b.hasWindows() {
		// Consecutive windows share all but a month: a gap of a few of
		// them is a fact of one history, not evidence of a lasting one.
		// Short: a third line sent the note to a page of its own.
		return fmt.Sprintf("Shares count what history did in %s overlapping windows, only a few of them independent: no standard error, and small gaps say little.",
			wholeMoney(float64(b.res.Paths)))
	}
	return sharesErrorText(se, b.res.Paths)
}

// sharesErrorText says how far shares of n simulated paths can be
// trusted: within their largest standard error, se; or, when every share
// is 0 or 1 and so has a standard error of 0, which would read as exact,
// within the largest a share of n paths can have, √(0.25/n).
func sharesErrorText(se float64, n int) string {
	if se > 0 {
		// An error, not a bound: "within about ±x" read as one, where a
		// third of estimates fall further from their true value.
		return "Shares are estimates from the simulated paths, each with a standard error of at most " + pointsText(se) + "."
	}
	return "Shares are estimates from the simulated paths: with " + wholeMoney(float64(n)) + " paths a share's standard error is at most ±" +
		pointsText(sim.ShareSE(0.5, n)) + "."
}

// pointsText is a share's error in percentage points, one decimal: "0.7
// percentage points" (±0.7% could read as 0.7% of the share). Every text
// gives it as a bound ("at most"), so it is rounded up: 0.913 points, to
// the nearest, read "at most 0.9". A bound a billionth of a point over a
// tenth, a rounding of its own arithmetic, stays that tenth.
func pointsText(x float64) string {
	return rounded(math.Ceil(float64(1000*x)-1e-9)/10, 1) + " percentage points"
}
