package reports

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	phrases "github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// compareMetrics are the comparison's matrices, each a figure across
// portfolios and scenarios: the spending ones only when a compared
// scenario has a spending rule.
func compareMetrics(c *batch.Comparison) []figure {
	keys := []figureKey{medianWealth, medianRealWealth, medianReturn, drawdownP95, cvar95, successRate}
	if slices.ContainsFunc(c.Scenarios, func(sc *model.Scenario) bool { return sc.Goal != nil }) {
		keys = append(keys, goalProbability) // the client's own question, when a scenario asks it
	}
	keys = append(keys, aheadOfBaseline, tiedWithBaseline, behindBaseline)
	if slices.ContainsFunc(c.Scenarios, func(sc *model.Scenario) bool { return sc.Spending != nil }) {
		keys = append(keys, medianSpending, leanYear)
	}
	out := make([]figure, len(keys))
	for i, k := range keys {
		out[i] = k.figure()
	}
	return out
}

// CompareDocument is the JSON of `divsim compare --json`.
type CompareDocument struct {
	Format     int                     `json:"format"`
	Version    string                  `json:"version"`
	Scenarios  []CompareScenarioJSON   `json:"scenarios"`
	Portfolios []string                `json:"portfolios"`
	Metrics    map[string][][]*float64 `json:"metrics"` // metric → [portfolio][scenario], null where undefined
	// Differences are the inputs whose values are not the same in every
	// scenario, as the workbook's Differences sheet lists them.
	Differences []CompareDifferenceJSON `json:"differences"`
}

// CompareDifferenceJSON is one input that differs: where it is in the
// scenario file, what it is, its unit (text, rate, money, count, years or
// number) and its value in each scenario, null where a scenario lacks it.
type CompareDifferenceJSON struct {
	Section string `json:"section"`
	Key     string `json:"key"`
	Label   string `json:"label"`
	Unit    string `json:"unit"`
	Values  []any  `json:"values"`
}

// unitNames are the units' names in the comparison JSON.
var unitNames = map[batch.Unit]string{batch.Text: "text", batch.Rate: "rate", batch.Money: "money",
	batch.Count: "count", batch.Years: "years", batch.Number: "number", batch.Identifier: "identifier"}

// diffText is a differing input's value as the comparison table prints it:
// "—" where the scenario lacks the input.
func diffText(u batch.Unit, v any) string {
	x, isNumber := v.(float64)
	switch {
	case v == nil:
		return "—"
	case !isNumber:
		return fmt.Sprint(v)
	case u == batch.Rate:
		return pctText(x, 2)
	case u == batch.Money:
		return money(x)
	case u == batch.Count || u == batch.Identifier:
		return fmt.Sprintf("%.0f", x)
	case u == batch.Years:
		return fmt.Sprintf("%g y", x)
	}
	return fmt.Sprintf("%.4g", x)
}

// CompareScenarioJSON identifies one compared scenario.
type CompareScenarioJSON struct {
	Name  string  `json:"scenario"`
	Input FileRef `json:"input"`
	Seed  uint64  `json:"seed"`
	Paths int     `json:"paths"`
}

// NewCompareDocument builds the comparison JSON.
func NewCompareDocument(c *batch.Comparison, meta Meta) *CompareDocument {
	doc := &CompareDocument{Format: 1, Version: meta.Version, Portfolios: c.Portfolios, Metrics: map[string][][]*float64{}}
	for s, sc := range c.Scenarios {
		doc.Scenarios = append(doc.Scenarios, CompareScenarioJSON{Name: sc.Info.Name,
			Input: FileRef{File: sc.Info.Source.File, SHA256: sc.Info.Source.SHA256}, Seed: c.Results[s].Seed, Paths: c.Results[s].Paths})
	}
	for _, m := range compareMetrics(c) {
		matrix := make([][]*float64, len(c.Portfolios))
		for p := range c.Portfolios {
			for s := range c.Scenarios {
				var cell *float64
				if v, ok := m.value(c.Get(s, p)); ok {
					cell = &v
				}
				matrix[p] = append(matrix[p], cell)
			}
		}
		doc.Metrics[m.key] = matrix
	}
	doc.Differences = []CompareDifferenceJSON{} // [] rather than null when nothing differs
	for _, d := range batch.Differences(c.Scenarios) {
		doc.Differences = append(doc.Differences, CompareDifferenceJSON{Section: d.Section, Key: d.Path, Label: d.Label,
			Unit: unitNames[d.Unit], Values: d.Values})
	}
	return doc
}

// Encode writes the document as indented JSON (refusing NaN and Inf).
func (d *CompareDocument) Encode() ([]byte, error) {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("compare JSON: %w", err)
	}
	return append(data, '\n'), nil
}

// fileStem names a compared scenario by its file, which tells apart
// variants of one scenario that share a name: the console's columns,
// narrow.
func fileStem(sc *model.Scenario) string {
	base := filepath.Base(sc.Info.Source.File)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// fileLabels name the compared scenarios by their files: by their stems,
// or, when two stems are alike (v1/plan.yaml and v2/plan.yaml, plan.yaml
// and plan.toml), by their paths as given.
func fileLabels(scs []*model.Scenario) []string {
	labels := make([]string, len(scs))
	seen := map[string]bool{}
	unique := true
	for i, sc := range scs {
		labels[i] = fileStem(sc)
		unique = unique && !seen[strings.ToLower(labels[i])]
		seen[strings.ToLower(labels[i])] = true
	}
	// The fewest trailing path elements that tell them apart: clients/a/plan.yaml
	// and clients/b/plan.yaml read a/plan.yaml and b/plan.yaml, never a
	// home folder a client need not see.
	for n := 1; !unique; n++ {
		seen, unique = map[string]bool{}, true
		longest := true
		for i, sc := range scs {
			parts := strings.Split(filepath.ToSlash(filepath.Clean(sc.Info.Source.File)), "/")
			labels[i] = strings.Join(parts[max(0, len(parts)-n):], "/")
			longest = longest && n >= len(parts)
			unique = unique && !seen[strings.ToLower(labels[i])]
			seen[strings.ToLower(labels[i])] = true
		}
		if longest {
			break
		}
	}
	return labels
}

// scenarioLabels name the compared scenarios in a workbook a client
// reads: by their names, or by their files when two share a name.
func scenarioLabels(scs []*model.Scenario) []string {
	labels := make([]string, len(scs))
	seen := map[string]bool{}
	for i, sc := range scs {
		name := strings.TrimSpace(sc.Info.Name)
		if name == "" || seen[strings.ToLower(name)] {
			return fileLabels(scs)
		}
		seen[strings.ToLower(name)] = true
		labels[i] = name
	}
	return labels
}

// currencies are the compared scenarios' currencies, each once, in order.
func currencies(c *batch.Comparison) []string {
	var curs []string
	for _, sc := range c.Scenarios {
		if !slices.Contains(curs, sc.Info.Currency) {
			curs = append(curs, sc.Info.Currency)
		}
	}
	return curs
}

// currenciesNote says, when the compared scenarios are in several
// currencies, that their amounts are not converted; "" when they share one.
func currenciesNote(c *batch.Comparison) string {
	curs := currencies(c)
	if len(curs) < 2 {
		return ""
	}
	return "Amounts are in each scenario's own currency (" + phrases.And(curs) + "), not converted: compare them down a column, not across."
}

// WriteCompareTable prints the inputs that differ between the scenarios,
// then each metric's portfolio × scenario matrix.
func WriteCompareTable(w io.Writer, c *batch.Comparison) error {
	fmt.Fprintf(w, "Comparison of %s, each a separate run:\n", Counted(len(c.Scenarios), "scenario", "scenarios"))
	tw := newColumns(w, false)
	labels := fileLabels(c.Scenarios)
	for i, sc := range c.Scenarios {
		fmt.Fprintf(tw, "  %s\t%s (%s)\t%s, %s\n", labels[i], sc.Info.Name, filepath.Base(sc.Info.Source.File),
			runSize(sc, sc.Simulation.Paths, sc.Simulation.Seed), sc.Info.Currency)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if slices.ContainsFunc(c.Scenarios, func(sc *model.Scenario) bool {
		return sc.Simulation.ReturnModel != model.Historical && sc.Simulation.Seed != c.Scenarios[0].Simulation.Seed
	}) {
		fmt.Fprintln(w, "The scenarios ran on different seeds, so the differences between columns also carry the chance of their paths: "+
			"give them one seed (--seed) to compare them on the same random numbers.")
	}
	fmt.Fprintln(w)
	if err := writeDifferences(w, c); err != nil {
		return err
	}
	for _, m := range compareMetrics(c) {
		fmt.Fprintf(w, "\n%s\n", m.name)
		tw := newColumns(w, true)
		pad := flushLeft(c.Portfolios)
		head := append([]string{pad("Portfolio")}, fileLabels(c.Scenarios)...)
		fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
		for p, name := range c.Portfolios {
			row := []string{pad(name)}
			for s := range c.Scenarios {
				v, ok := m.value(c.Get(s, p))
				switch {
				case !ok:
					row = append(row, m.undefined)
				case m.unit == moneyUnit:
					row = append(row, money(v))
				default:
					row = append(row, pctText(v, 1))
				}
			}
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "\nWealth is nominal at the horizon; returns are annualized, time-weighted, net of fees and costs. "+
		drawdownP95.figure().name+": the largest fall from a high to a later low that one path in twenty exceeds. "+
		"CVaR 95: the average loss in the worst 5% of calendar years. Both are losses, shown as positive percentages. "+
		"Success: never running out of money. Tied with the baseline: ending with the same wealth (both out of money, for instance). "+
		"Each figure is an estimate from the scenario's paths; the workbook's Compare sheet states its error.")
	for _, note := range []string{zeroMedianNote(c), currenciesNote(c)} {
		if note != "" {
			fmt.Fprintln(w, note)
		}
	}
	return nil
}

// medianErrorText gives the largest standard error of a median terminal
// wealth in the comparison, for the caveat: the Compare sheet's medians
// are estimates too (", and a median wealth's one of at most USD 30k").
// In money, not relative to the median: a median near 0 made a relative
// one read 1,096 %. Nothing for windows, or across currencies.
func medianErrorText(c *batch.Comparison) string {
	worst, cur := 0.0, ""
	for j, res := range c.Results {
		sc := c.Scenarios[j]
		if sc.Simulation.ReturnModel == model.Historical {
			continue
		}
		if cur != "" && sc.Info.Currency != cur {
			return ""
		}
		cur = sc.Info.Currency
		for _, p := range res.Portfolios {
			worst = max(worst, p.TerminalMedianSE)
		}
	}
	if worst == 0 {
		return ""
	}
	return ", and a median wealth's one of at most " + moneyText(worst, cur)
}

// zeroMedianNote says what a median terminal wealth of 0 means, when some
// portfolio has one in some scenario (a column of them says nothing
// without a word): that at least half its paths ran out of money, or,
// when most did not, that its spending rule empties it by design (vpw).
func zeroMedianNote(c *batch.Comparison) string {
	ranOut, planned := false, false
	for j := range c.Scenarios {
		for p := range c.Portfolios {
			if r := c.Get(j, p); r.TerminalWealth.P50 == 0 {
				if r.SuccessRate <= 0.5 {
					ranOut = true
				} else {
					planned = true
				}
			}
		}
	}
	paths := "paths"
	if slices.ContainsFunc(c.Scenarios, func(sc *model.Scenario) bool { return sc.Simulation.ReturnModel == model.Historical }) {
		paths = "paths (or windows of history)"
	}
	var notes []string
	if ranOut {
		notes = append(notes, "A median terminal wealth of 0 with a success rate of 50% or less means that at least half of the "+paths+" ran out of money.")
	}
	if planned {
		notes = append(notes, "A median terminal wealth of 0 with most "+paths+" never running out of money is a spending rule that spends the portfolio by its last year, as planned.")
	}
	return strings.Join(notes, " ")
}

// noDifference says that no input differs, and what does: the scenarios'
// names and files, or nothing (a file compared with itself).
func noDifference(scs []*model.Scenario) string {
	for _, sc := range scs[1:] {
		if sc.Info.Name != scs[0].Info.Name || sc.Info.Source.File != scs[0].Info.Source.File {
			return "No input differs: the scenarios differ only in their names and files."
		}
	}
	return "No input differs: the scenarios are the same."
}

// writeDifferences prints every input whose value differs between the
// scenarios, by its key in the scenario file, one column per scenario.
func writeDifferences(w io.Writer, c *batch.Comparison) error {
	diffs := batch.Differences(c.Scenarios)
	fmt.Fprintln(w, "What differs between the scenarios")
	if len(diffs) == 0 {
		fmt.Fprintln(w, noDifference(c.Scenarios))
		return nil
	}
	tw := newColumns(w, false)
	head := append([]string{"Key in the scenario file"}, fileLabels(c.Scenarios)...)
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, d := range diffs {
		row := []string{d.Path}
		for _, v := range d.Values {
			row = append(row, diffText(d.Unit, v))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if note := anchoredEffectsNote(c, diffs); note != "" {
		fmt.Fprintln(w, note)
	}
	return nil
}

// BuildCompareWorkbook builds the comparison workbook: a cover, the inputs
// that differ between the scenarios, one page block per result (its
// portfolio × scenario table beside or above its chart), each scenario's
// assumptions, a glossary and the disclosures.
func BuildCompareWorkbook(c *batch.Comparison, stamp Stamp) (_ *excelize.File, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	first := c.Scenarios[0]
	b := &book{f: f, sc: first, res: c.Results[0], in: WorkbookInput{Scenario: first, Results: c.Results[0], Stamp: stamp},
		header: compareHeader(c)}
	if err := b.makeStyles(); err != nil {
		return nil, err
	}
	if err := comparePages(b, c); err != nil {
		return nil, err
	}
	for j := range c.Scenarios {
		if err := scenarioSheets(b, c, j, stamp); err != nil {
			return nil, err
		}
	}
	if err := b.addBackMatter(compareContents(c)); err != nil {
		return nil, err
	}
	return f, nil
}

// compareHeader is the comparison's page header: its scenarios' clients,
// each once, and how many scenarios it compares.
func compareHeader(c *batch.Comparison) [2]string {
	var clients []string
	for _, sc := range c.Scenarios {
		if sc.Info.Client != "" && !slices.Contains(clients, sc.Info.Client) {
			clients = append(clients, sc.Info.Client)
		}
	}
	return [2]string{cmp.Or(strings.Join(clients, "; "), "Prepared with divsim"), "Comparison of " + thousandsWord(len(c.Scenarios)) + " scenarios"}
}

// comparePages writes the comparison's own sheets: the cover (the new
// workbook's first sheet, renamed), the inputs that differ and the
// results, each set up for printing.
func comparePages(b *book, c *batch.Comparison) error {
	if err := b.f.SetSheetName("Sheet1", sheetCover); err != nil {
		return err
	}
	diffs := batch.Differences(c.Scenarios)
	pages := []struct {
		name  string
		build func(*sheet) error
	}{
		{sheetCover, func(s *sheet) error { compareCover(s, c, diffs); return nil }},
		{sheetDifferences, func(s *sheet) error { return differencesSheet(s, c, diffs) }},
		{sheetCompare, func(s *sheet) error { compareResults(s, c); return nil }},
	}
	for i, p := range pages {
		if i > 0 {
			if _, err := b.f.NewSheet(p.name); err != nil {
				return err
			}
		}
		s := &sheet{b: b, name: p.name}
		if err := p.build(s); err != nil {
			return fmt.Errorf("sheet %s: %w", p.name, err)
		}
		s.printSetup()
		if s.err != nil {
			return fmt.Errorf("sheet %s: %w", p.name, s.err)
		}
	}
	return nil
}

// scenarioSheets adds the comparison's jth scenario's Assumptions sheet,
// and its Correlations sheet when its matrices have one of their own
// (correlationsApart), each titled with the scenario's name. A book of the
// scenario's own writes them, with the comparison's styles unless its
// currency differs from the first scenario's.
func scenarioSheets(b *book, c *batch.Comparison, j int, stamp Stamp) error {
	sc := c.Scenarios[j]
	corrName := fmt.Sprintf("%s %d", sheetCorrelations, j+1)
	sb := &book{f: b.f, sc: sc, res: c.Results[j], st: b.st, correlationsSheet: corrName, kind: compareBook,
		in: WorkbookInput{Scenario: sc, Results: c.Results[j], Stamp: stamp}}
	if sc.Info.Currency != b.sc.Info.Currency { // its amounts in its own currency
		if err := sb.makeStyles(); err != nil {
			return err
		}
	}
	if err := sb.addSheet(fmt.Sprintf("Assumptions %d", j+1), func(s *sheet) {
		sb.assumptions(s)
		s.set(1, 1, "Assumptions: "+sc.Info.Name, b.st.title)
	}); err != nil {
		return err
	}
	if !correlationsApart(sc) {
		return nil
	}
	return sb.addSheet(corrName, func(s *sheet) {
		sb.correlations(s)
		s.set(1, 1, "Correlations: "+sc.Info.Name, b.st.title)
	})
}

// WriteCompareWorkbook writes BuildCompareWorkbook's workbook to path,
// whole or not at all.
func WriteCompareWorkbook(path string, c *batch.Comparison, stamp Stamp) error {
	return writeBook(path, func() (*excelize.File, error) { return BuildCompareWorkbook(c, stamp) })
}

// Widths of the Compare sheet's tables, and the size of their charts.
const (
	compareNameWidth  = 28
	compareValueWidth = 13
	compareChartPx    = 250 // height
)

// compareNoteWidth is the width the Compare sheet's caveat runs across:
// the page's, at the sheet's scale.
const compareNoteWidth = 120

// compareResults writes the Compare sheet: per metric a title, its
// portfolio × scenario table and a column chart of it, beside the table
// when the page is wide enough and below it otherwise; each such block
// stays whole on a page.
func compareResults(s *sheet, c *batch.Comparison) {
	pg := &pager{s: s}
	pg.title("The same portfolios under each scenario")
	lay := newCompareLayout(c)
	s.widths(lay.widths...)
	compareCaveatNote(s, pg, c, lay.widths)
	r := 4
	for i, m := range compareMetrics(c) {
		if i == 0 {
			pg.fitFirst(lay.blockPt() + lineHeight) // and the empty row 3
		}
		r = compareBlock(s, pg, r, c, m, lay)
	}
}

// compareLayout is the Compare sheet's layout: its tables' columns and
// heads, and its charts' size and place.
type compareLayout struct {
	widths  []float64
	tablePx int  // the tables' width, with a margin
	chartW  int  // a chart's width
	chartH  uint // and its height
	beside  bool // the charts beside the tables, not below them
	heads   []any
	headPt  float64 // the height of the tables' header row
	namesPt float64 // and of their portfolios' rows, as nameCell makes them
}

// newCompareLayout lays the Compare sheet out for c: a chart beside its
// table when the page is wide enough, below it otherwise.
func newCompareLayout(c *batch.Comparison) compareLayout {
	// Wide enough that no word of a scenario's name breaks in its head.
	valueWidth := max(compareValueWidth, wordsWidth(scenarioLabels(c.Scenarios))+1)
	l := compareLayout{widths: append([]float64{compareNameWidth}, repeat(valueWidth, len(c.Scenarios))...), beside: true}
	l.tablePx = columnsPx(l.widths) + 10
	l.chartW = pageWidthPx - l.tablePx
	if l.chartW < 280 {
		l.chartW, l.beside = pageWidthPx, false
	}
	l.chartH = uint(max(compareChartPx, 22*(len(c.Portfolios)+4)))
	l.heads = compareHeads(c)
	l.headPt = headerHeight(l.heads, l.widths)
	for _, name := range c.Portfolios {
		l.namesPt += nameHeight(name, compareNameWidth)
	}
	return l
}

// tablePt is the height of a metric's title and table.
func (l compareLayout) tablePt() float64 { return 20 + l.headPt + l.namesPt }

// blockPt is the height of a metric's block: its title, table and chart.
func (l compareLayout) blockPt() float64 {
	if !l.beside {
		return l.tablePt() + pxToPt(l.chartH) + chartGapPt
	}
	return max(l.tablePt(), pxToPt(l.chartH)) + chartGapPt
}

// compareHeads head the Compare sheet's tables: the scenarios' labels,
// their file names, which may wrap over more than two lines. Results over
// different horizons say so in their heads.
func compareHeads(c *batch.Comparison) []any {
	labels := []any{"Portfolio"}
	horizons := slices.ContainsFunc(c.Scenarios, func(sc *model.Scenario) bool {
		return sc.Simulation.HorizonYears != c.Scenarios[0].Simulation.HorizonYears
	})
	names := scenarioLabels(c.Scenarios)
	for j, sc := range c.Scenarios {
		label := names[j]
		if horizons {
			label += " (" + Counted(sc.Simulation.HorizonYears, "year", "years") + ")"
		}
		labels = append(labels, label)
	}
	return labels
}

// compareCaveat says what the differences between the Compare sheet's
// columns can be trusted to: each figure is an estimate (the run Summary
// says so too), counted over the simulated scenarios only, since rolling
// windows draw nothing. It ends with the comparison's notes on zero
// medians and currencies.
func compareCaveat(c *batch.Comparison) string {
	fewest, seeds, seed := 0, true, uint64(0)
	for j, sc := range c.Scenarios {
		if sc.Simulation.ReturnModel == model.Historical {
			continue
		}
		if fewest == 0 {
			seed = sc.Simulation.Seed
		}
		if n := c.Results[j].Paths; fewest == 0 || n < fewest {
			fewest = n
		}
		seeds = seeds && sc.Simulation.Seed == seed
	}
	caveat := fmt.Sprintf("Each figure is an estimate from the scenario's simulated paths: a share of paths (success, ahead of the "+
		"baseline) has a standard error of at most %s at %s paths%s.", pointsText(sim.ShareSE(0.5, fewest)), thousands(fewest), medianErrorText(c))
	if seeds {
		caveat += " All scenarios ran on the same random numbers (one seed), so the differences between columns come mostly from the inputs, not from chance."
	} else {
		caveat += " The scenarios ran on different seeds, so the differences between columns also carry the chance of their paths."
	}
	if fewest == 0 {
		caveat = "Each figure is what history's windows did: nothing here is random."
	}
	// Across scenarios, one where more paths run out of money shows lower
	// returns but also lower volatility, drawdowns and CVaR: its empty
	// years count as returns of 0. The run Summary says so; so must this.
	if slices.ContainsFunc(c.Scenarios, withdraws) { // else no path can run out
		caveat += " A path that runs out of money earns nothing from then on, which pulls its annualized return toward 0 and lowers its " +
			"volatility, drawdowns and CVaR: compare those across scenarios with their success rates."
	}
	for _, note := range []string{zeroMedianNote(c), currenciesNote(c)} {
		if note != "" {
			caveat += " " + note
		}
	}
	return caveat
}

// compareCaveatNote writes the caveat (compareCaveat) on row 2, under the
// title that pg counted with it.
func compareCaveatNote(s *sheet, pg *pager, c *batch.Comparison, widths []float64) {
	caveat := compareCaveat(c)
	// Across the page, beside where the charts go, not over the table's
	// columns alone: narrow, it took a third of the page.
	extra := math.Ceil(max(0, compareNoteWidth-sumWidths(widths)) / unsetColChars)
	across := 1 + len(c.Scenarios) + int(extra)
	// Measured across the columns it spans, which reach past the page's
	// 120: at 120 it stood a line too tall.
	lines := noteLines(caveat, sumWidths(widths)+float64(extra*unsetColWidth))
	s.note(2, 1, across, lines, caveat)
	pg.used += float64(15 * (lines - 1)) // the title counted row 2 as one line
}

// compareBlock writes metric m's block from row r: its title, its table
// and its chart, and returns the row after it.
func compareBlock(s *sheet, pg *pager, r int, c *batch.Comparison, m figure, lay compareLayout) int {
	b, f := s.b, s.b.f
	pg.row(r, lay.blockPt(), 0)
	s.set(1, r, m.name, b.st.subtitle)
	s.keep(f.SetRowHeight(s.name, r, 20))
	s.row(1, r+1, b.st.header, lay.heads...)
	s.keep(f.SetRowHeight(s.name, r+1, lay.headPt))
	negative := compareRows(s, r+2, c, m)
	last := r + 1 + len(c.Portfolios)
	chart := compareChart(s, c, m, r+1, last, lay, negative)
	// The spacer row makes the block as tall as its chart. Heights and
	// widths are set before the chart is added: its anchors are computed
	// from them.
	spacer := last + 1
	if lay.beside {
		s.keep(f.SetRowHeight(s.name, spacer, max(chartGapPt, lay.blockPt()-lay.tablePt())))
		s.chartAt(r, lay.widths, lay.tablePx, chart)
	} else {
		s.keep(f.SetRowHeight(s.name, spacer, pxToPt(lay.chartH)+chartGapPt))
		s.chartAt(spacer, lay.widths, 0, chart)
	}
	return spacer + 1
}

// compareRows writes metric m's table rows from row r, a portfolio's
// each, and reports whether any figure is negative.
func compareRows(s *sheet, r int, c *batch.Comparison, m figure) (negative bool) {
	st := s.b.st
	for p, name := range c.Portfolios {
		s.keep(s.b.f.SetRowHeight(s.name, r+p, lineHeight))
		s.nameCell(1, r+p, name, compareNameWidth) // taller when the name wraps
		for j, sc := range c.Scenarios {
			style := st.percent
			if m.unit == moneyUnit { // each scenario's amounts in its own currency
				style = s.moneyIn(sc.Info.Currency)
			}
			if v, ok := m.value(c.Get(j, p)); ok {
				if m.unit == shareUnit {
					style = st.shareStyle(v)
				}
				s.set(2+j, r+p, v, style)
				negative = negative || v < 0
			} else {
				s.set(2+j, r+p, m.undefined, st.center)
			}
		}
	}
	return negative
}

// compareChart is metric m's chart of its table, whose header is on row
// head and last row on last: horizontal bars from 0 unless a figure is
// negative.
func compareChart(s *sheet, c *batch.Comparison, m figure, head, last int, lay compareLayout, negative bool) *excelize.Chart {
	var series []excelize.ChartSeries
	for j := range c.Scenarios {
		series = append(series, excelize.ChartSeries{Name: s.ref(2+j, head, 2+j, head), Categories: s.ref(1, head+1, 1, last), Values: s.ref(2+j, head+1, 2+j, last)})
	}
	format := "0%"
	if m.unit == moneyUnit {
		format = "#,##0" // scenarios in several currencies share the axis
		if curs := currencies(c); len(curs) == 1 {
			format = moneyFormat(curs[0])
		}
	}
	chart := &excelize.Chart{
		// Horizontal bars, so that the portfolios' names read in full
		// beside the table.
		Type: excelize.Bar, Series: series, Title: title(m.name),
		Dimension: excelize.ChartDimension{Width: uint(lay.chartW), Height: lay.chartH},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{Font: axisFont, ReverseOrder: true}, // portfolios top down, as in the table
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: format}},
	}
	if !negative {
		chart.YAxis.Minimum = new(0.0) // bars of rates and amounts start at 0
	}
	if m.unit == shareUnit {
		chart.YAxis.Maximum = new(1.0) // not 120 %: no share goes past all the paths
	}
	return chart
}
