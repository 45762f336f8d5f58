// The comparison workbook's first pages: a cover that says what is
// compared and the plan, and the table of every input that differs between
// the scenarios (compare.go has the results).

package reports

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	phrases "github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
)

// Sheet names of the comparison workbook, before its Assumptions.
const (
	sheetCover       = "Cover"
	sheetDifferences = "Differences"
)

// coverWidths are the cover's label and text columns.
var coverWidths = []float64{22, paragraphWidth - 22}

// compareCover writes the cover: title, client, preparer, date, what is
// compared, the plan in words and what differs.
func compareCover(s *sheet, c *batch.Comparison, diffs []batch.Difference) {
	b := s.b
	pg := &pager{s: s}
	pg.title("Comparison of " + thousandsWord(len(c.Scenarios)) + " scenarios")
	r := 3
	// Labels wrap too ("The plan (higher-for-longer)"): bold, they take
	// about a third more room a character than the text.
	label, err := b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	s.keep(err)
	line := func(name, text string) {
		if text == "" {
			return
		}
		s.set(1, r, name, label)
		s.set(2, r, text, b.st.wrap)
		h := max(nameHeight(text, coverWidths[1]), paragraphHeight(name, coverWidths[0]/1.35)) // measured as Calibri wraps: the paragraph rule erred a line long a row and pushed the last row to a page of its own
		s.keep(b.f.SetRowHeight(s.name, r, h))
		pg.row(r, h, 0)
		r++
	}
	info := func(f func(model.Info) string) string {
		var vals []string
		for _, sc := range c.Scenarios {
			if v := f(sc.Info); v != "" && !slices.Contains(vals, v) {
				vals = append(vals, v)
			}
		}
		return strings.Join(vals, "; ")
	}
	line("Client", info(func(i model.Info) string { return i.Client }))
	line("Prepared by", info(func(i model.Info) string { return i.PreparedBy }))
	line("Date", b.in.RunDate.Format("2006-01-02"))
	var compared []string
	labels := scenarioLabels(c.Scenarios)
	for i, sc := range c.Scenarios {
		compared = append(compared, fmt.Sprintf("%d. %s (%s)", i+1, labels[i], filepath.Base(sc.Info.Source.File)))
	}
	line("Scenarios compared", strings.Join(compared, "\n"))
	line("Portfolios", portfoliosText(c, diffs))
	plans := make([]string, len(c.Scenarios))
	for i, sc := range c.Scenarios {
		plans[i] = planText(sc)
	}
	if !slices.ContainsFunc(plans, func(p string) bool { return p != plans[0] }) {
		line("The plan", plans[0])
	} else {
		for i := range c.Scenarios {
			line("The plan ("+labels[i]+")", plans[i])
		}
	}
	line("What differs", differsText(diffs))
	line("How", "Each scenario is a separate run of divsim from its own file; within a scenario every portfolio sees the same "+
		"simulated markets. The Compare sheet shows each result for every portfolio under each scenario, the Assumptions "+
		"sheets list each scenario's inputs (Assumptions 1 the first scenario above, and so on), and the Disclosures explain "+
		"the method and its limits.")
	line("Important", FINRALegend)
	s.widths(coverWidths...)
}

// keyText is a key of the scenario file as its cell shows it, wrapped in
// a column of the given width, in its font (about a character a unit of
// width, as rendered): before a dot where the key must break, so that no name inside
// it breaks ("regimes.chains[growth]" / ".states[expansion].mean_years"),
// and inside a part longer than the column only when it must.
func keyText(key string, width float64) string {
	room := int(width)
	parts := strings.SplitAfter(key, ".")
	// Each part but the first starts with its dot: break before it.
	for i := len(parts) - 1; i > 0; i-- {
		parts[i-1] = strings.TrimSuffix(parts[i-1], ".")
		parts[i] = "." + parts[i]
	}
	var lines []string
	line := ""
	for _, part := range parts {
		if line != "" && len([]rune(line))+len([]rune(part)) > room {
			lines, line = append(lines, line), ""
		}
		line += part
	}
	return strings.Join(append(lines, line), "\n")
}

// keyLines is how many lines a key takes as keyText wraps it, and as the
// cell wraps a line still longer than the column.
func keyLines(key string, width float64) int {
	room := width
	lines := 0
	for _, line := range strings.Split(keyText(key, width), "\n") {
		lines += max(1, int(math.Ceil(float64(len([]rune(line)))/room)))
	}
	return lines
}

// wholeNumbers reports whether every value given is a whole number (a
// scenario that lacks the input gives nil).
func wholeNumbers(vs []any) bool {
	for _, v := range vs {
		if x, ok := v.(float64); ok && x != math.Trunc(x) {
			return false
		}
	}
	return true
}

// anchoredEffectsNote says, when every scenario anchors its regimes to
// the long run and a regime's return effect, average stay or next state
// differs between them, what that anchoring does with the change: each
// asset's long-run mean stays its expected_return, so the change is
// balanced in the other states (a "higher for longer" variant, its hiking
// effect on small caps deepened, then raised the small-cap portfolios'
// median wealth, unexplained); "" otherwise. Scenarios anchored
// differently show the anchor itself among the differences.
func anchoredEffectsNote(c *batch.Comparison, diffs []batch.Difference) string {
	balanced := slices.ContainsFunc(diffs, func(d batch.Difference) bool {
		return strings.HasPrefix(d.Path, "regimes.chains[") && (strings.Contains(d.Path, ".effects[") && strings.HasSuffix(d.Path, "].return") ||
			strings.HasSuffix(d.Path, ".mean_years") || strings.Contains(d.Path, ".next["))
	})
	allLongRun := !slices.ContainsFunc(c.Scenarios, func(sc *model.Scenario) bool {
		return sc.Regimes.Anchor != model.LongRun || len(sc.Regimes.Chains) == 0
	})
	if !balanced || !allLongRun {
		return ""
	}
	return "The regimes differ under anchor: long_run, which shifts each asset's return effects together so that their long-run " +
		"average is zero: the asset's expected_return stays its long-run mean. A change to a state's return effect, to how long " +
		"it lasts or to where it goes next is therefore balanced in the other states: it changes when the returns come, not " +
		"their long-run average (anchor: base adds effects on top of expected_return instead)."
}

// portfoliosText says which portfolios the scenarios share: the same ones,
// or the same names whose fees, sleeves, rebalancing or glide paths differ
// between the scenarios, named as they do (then their results differ for
// that reason too).
func portfoliosText(c *batch.Comparison, diffs []batch.Difference) string {
	names := fmt.Sprintf("%s under every scenario: %s", plural(len(c.Portfolios), "portfolio", "portfolios"), quoted(c.Portfolios))
	if !portfoliosDiffer(diffs) {
		return "The same " + names + "."
	}
	var what []string
	for _, d := range diffs {
		if d.Section != "Portfolios" {
			continue
		}
		// What the key names, after the portfolio's own name (which may
		// read like a key: "glide_path_2040").
		key := d.Path
		if rest, ok := strings.CutPrefix(key, "portfolios["); ok {
			if i := strings.Index(rest, "]."); i >= 0 {
				key = rest[i+2:]
			}
		}
		kind := "which is the baseline"
		switch {
		case strings.HasPrefix(key, "glide_path["):
			kind = "glide paths"
		case strings.HasPrefix(key, "sleeves["):
			kind = "sleeves' weights or holdings"
		case strings.HasPrefix(key, "rebalance."):
			kind = "rebalancing"
		case key == "fee" || strings.HasPrefix(key, "defaults.fee"):
			kind = "fees"
		}
		if !slices.Contains(what, kind) {
			what = append(what, kind)
		}
	}
	return "The same names of " + names + "; but between the scenarios they differ in " + phrases.And(what) + " (the " +
		"Differences sheet lists how), so their results differ for that reason too."
}

// portfoliosDiffer reports whether a portfolio's sleeves, weights or rules
// differ between the scenarios compared.
func portfoliosDiffer(diffs []batch.Difference) bool {
	return slices.ContainsFunc(diffs, func(d batch.Difference) bool { return d.Section == "Portfolios" })
}

// differsText sums up the differences for the cover.
func differsText(diffs []batch.Difference) string {
	if len(diffs) == 0 {
		return "No input differs between the scenarios: only their files do."
	}
	var sections []string
	for _, d := range diffs {
		if !slices.Contains(sections, d.Section) {
			sections = append(sections, d.Section)
		}
	}
	return fmt.Sprintf("%s %s between the scenarios (%s); the Differences sheet lists each with its value in every scenario.",
		thousands(len(diffs)), plural(len(diffs), "input differs", "inputs differ"), strings.ToLower(strings.Join(sections, ", ")))
}

// plural picks the singular or plural wording for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Counted writes n with its noun: "1 year", "30 years", "2,000 paths".
func Counted(n int, one, many string) string {
	return thousands(n) + " " + plural(n, one, many)
}

// thousandsWord writes small counts as words: "two", "three".
func thousandsWord(n int) string {
	if words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}; n < len(words) {
		return words[n]
	}
	return thousands(n)
}

// Columns of the Differences sheet: the input in words, its key in the
// scenario file, then one per scenario (see diffValueWidth).
const (
	diffLabelWidth = 36
	diffKeyWidth   = 36
)

// diffValueWidth is the width of each of n scenarios' columns on the
// Differences sheet: the room a landscape page leaves beside the input and
// its key (about 130 widths at full size), between 13 and 28, so that a
// scenario's name or a file's path wraps over few lines.
func diffValueWidth(n int) float64 {
	return max(13, min(28, float64(130-diffLabelWidth-diffKeyWidth)/float64(max(n, 1))))
}

// DiffHeaderRow is the header row of the Differences sheet, for tests.
const DiffHeaderRow = 4

// differencesSheet writes every input that differs, under its section,
// with each scenario's value ("—" where a scenario lacks it).
func differencesSheet(s *sheet, c *batch.Comparison, diffs []batch.Difference) error {
	pg := &pager{s: s}
	pg.title("What differs between the scenarios")
	n := len(c.Scenarios)
	valueWidth := diffValueWidth(n)
	differencesIntro(s, pg, c, diffs, valueWidth)
	differencesHeader(s, pg, c)
	styles, err := newDiffStyles(s.b.f)
	if err != nil {
		return err
	}
	r := DiffHeaderRow + 1
	if len(diffs) == 0 {
		s.set(1, r, noDifference(c.Scenarios), s.b.st.text)
	}
	section := ""
	for _, d := range diffs {
		h := differenceHeight(d, valueWidth)
		if d.Section != section {
			section = d.Section
			pg.row(r, 20, h) // a section's heading stays with its first input
			s.set(1, r, section, s.b.st.subtitle)
			s.keep(s.b.f.SetRowHeight(s.name, r, 20))
			r++
		}
		differenceRow(s, r, c, d, styles)
		s.keep(s.b.f.SetRowHeight(s.name, r, h))
		pg.row(r, h, 0)
		r++
	}
	s.widths(append([]float64{diffLabelWidth, diffKeyWidth}, repeat(valueWidth, n)...)...)
	return nil
}

// differencesIntro writes the note under the sheet's title, which says
// what the table lists, across columns of the given width for the
// scenarios' values.
func differencesIntro(s *sheet, pg *pager, c *batch.Comparison, diffs []batch.Difference, valueWidth float64) {
	n := len(c.Scenarios)
	intro := "Every input whose value is not the same in all scenarios, compared after each file was read and " +
		"checked, with defaults filled in. The key is where the input is in the scenario file; — marks an input a scenario does not have."
	if note := anchoredEffectsNote(c, diffs); note != "" {
		intro += " " + note
	}
	lines := noteLines(intro, diffLabelWidth+diffKeyWidth+float64(float64(n)*valueWidth))
	s.note(2, 1, 2+n, lines, intro)
	pg.row(2, 15*float64(lines), 0)
}

// differencesHeader writes the table's header row, which prints atop
// every page, after the empty row 3.
func differencesHeader(s *sheet, pg *pager, c *batch.Comparison) {
	heads := []any{"Input", "Key in the scenario file"}
	for _, label := range scenarioLabels(c.Scenarios) {
		heads = append(heads, label)
	}
	s.header(1, DiffHeaderRow, heads...)
	pg.row(3, lineHeight, 0)
	pg.row(DiffHeaderRow, 32, 0)
	s.printTitles(DiffHeaderRow, DiffHeaderRow)
}

// diffStyles are the Differences sheet's own cell styles. Every cell of a
// line is at its foot, as the numbers are: a wrapped label's or key's
// last line beside the values.
type diffStyles struct {
	key, label int
	text       int // a text value, wrapped and centred
	id         int // an identifier: a whole number without separators
	missing    int // a dash for a value a scenario lacks, under the numbers
	years      int
	wholeYears int // whole years: a horizon of 30 years, not 30.0
}

// newDiffStyles makes the Differences sheet's styles.
func newDiffStyles(f *excelize.File) (diffStyles, error) {
	var errs []error
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		errs = append(errs, err)
		return id
	}
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	return diffStyles{
		key:        style(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Color: "404040"}, Alignment: &excelize.Alignment{WrapText: true}, Border: border}),
		label:      style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true}, Border: border}),
		text:       style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Horizontal: "center"}, Border: border}),
		id:         style(&excelize.Style{NumFmt: 1, Border: border}), // 0: no separators
		missing:    style(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right"}, Border: border}),
		years:      style(&excelize.Style{CustomNumFmt: new(`0.0" years"`), Border: border}),
		wholeYears: style(&excelize.Style{CustomNumFmt: new(`[=1]0" year";0" years"`), Border: border}),
	}, errors.Join(errs...)
}

// differenceHeight is the height of a difference's row: its label's, its
// key's or a text value's, wrapped in its column (values in columns of
// valueWidth).
func differenceHeight(d batch.Difference, valueWidth float64) float64 {
	h := max(paragraphHeight(d.Label, diffLabelWidth), float64(lineHeight*float64(keyLines(d.Path, diffKeyWidth)))+4)
	for _, v := range d.Values {
		if t, ok := v.(string); ok { // text wraps in its column
			h = max(h, paragraphHeight(t, valueWidth))
		}
	}
	return h
}

// differenceRow writes a difference on row r: its label, its key and each
// scenario's value in the style of its unit.
func differenceRow(s *sheet, r int, c *batch.Comparison, d batch.Difference, styles diffStyles) {
	st := s.b.st
	s.set(1, r, d.Label, styles.label)
	s.set(2, r, keyText(d.Path, diffKeyWidth), styles.key)
	valueStyle := map[batch.Unit]int{batch.Text: styles.text, batch.Rate: st.percent2, batch.Money: st.money, batch.Count: st.integer,
		batch.Years: st.years, batch.Number: st.number2, batch.Identifier: styles.id}[d.Unit]
	gap := styles.missing
	if d.Unit == batch.Text {
		gap = styles.text
	}
	if d.Unit == batch.Years { // with the unit: "6 / 6 / 3" said nothing
		valueStyle = styles.years
		if wholeNumbers(d.Values) { // a horizon of 30 years, not 30.0
			valueStyle = styles.wholeYears
		}
	}
	for j, v := range d.Values {
		switch {
		case v == nil:
			s.set(3+j, r, "—", gap)
		case d.Unit == batch.Money: // in the scenario's own currency
			s.set(3+j, r, v, s.moneyIn(c.Scenarios[j].Info.Currency))
		default:
			s.set(3+j, r, v, valueStyle)
		}
	}
}
