package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/portfolio"
	"github.com/divsim/divsim/sim"
)

// assumptions lays out the Assumptions sheet: the assets, their
// correlations, the run's settings, the portfolios' fees and rebalancing,
// the cash flows, then what the scenario adds (a spending rule, glide
// paths) and, in a comparison, the sleeves and the regimes.
func (b *book) assumptions(s *sheet) {
	s.set(1, 1, "Assumptions", b.st.title)
	r := b.assetsTable(s, 3) + 1
	r = b.assumedCorrelations(s, r)
	r = b.settings(s, r)
	r = b.rebalancingTable(s, r+1)
	r = b.flowsTable(s, r+1)
	if b.sc.Spending != nil {
		r = b.spendingSettings(s, r+1)
	}
	if hasGlidePaths(b.sc) {
		r = b.glidePathSettings(s, r+1)
	}
	// A comparison has no Allocations or Regimes sheet: its Assumptions
	// sheets state the sleeves and the regimes too, so that every input
	// the Differences sheet may name is on them.
	if b.kind == compareBook {
		b.sleevesAndRegimes(s, r+1)
	}
	s.widths(assumptionColumns(b.sc)...)
}

// assumptionColumns are the Assumptions sheet's column widths: for its
// assets, or for eight when their correlation matrices are on a sheet of
// their own (the tables keep eight assets' widths).
func assumptionColumns(sc *model.Scenario) []float64 {
	if correlationsApart(sc) {
		return assumptionWidths(8)
	}
	return assumptionWidths(len(sc.Assets))
}

// settingsWidth is the width of the Assumptions sheet's merged cells B to
// G, which long settings wrap in.
func settingsWidth(sc *model.Scenario) float64 {
	w := 0.0
	for _, c := range assumptionColumns(sc)[1:7] {
		w += c
	}
	return w
}

// section writes a section's heading in row r and returns the row under
// it.
func (s *sheet) section(r int, name string) int {
	s.set(1, r, name, s.b.st.subtitle)
	return r + 1
}

// assetsTable writes the assets' assumptions (or, from history, their
// figures measured in the window) from row r and returns the row after
// the table.
func (b *book) assetsTable(s *sheet, r int) int {
	st, sc := b.st, b.sc
	if sc.History != nil { // figures measured in the window, not assumptions
		r = s.section(r, "Assets (from history: the window's calendar years, per year)")
	} else {
		r = s.section(r, "Assets (capital market assumptions, per year)")
	}
	volatility := "Volatility"
	if scalesVolatility(sc) { // each regime's vol_scale multiplies it: no path's long-run figure
		volatility = "Volatility (before regimes)"
	}
	expected := "Expected return"
	if sc.History != nil { // a mean measured in the window, not an expectation
		expected = "Mean return (history)"
	}
	s.header(1, r, "Asset", "Id", expected, volatility, "Expense ratio", "Risk-free")
	r++
	for _, a := range sc.Assets {
		s.nameCell(1, r, a.Name, assumptionNameColumn)
		s.set(2, r, a.ID, st.text)
		s.set(3, r, a.ExpectedReturn, st.input)
		s.set(4, r, a.Volatility, st.input)
		s.set(5, r, a.ExpenseRatio, st.input)
		s.set(6, r, yesNo(a.RiskFree), st.center)
		r++
	}
	return r
}

// assumedCorrelations writes the correlation matrices from row r, each
// followed by a blank row, or where they are when they have a sheet of
// their own, and returns the row the next section starts on.
func (b *book) assumedCorrelations(s *sheet, r int) int {
	sc := b.sc
	if correlationsApart(sc) {
		r = s.section(r, "Correlations")
		s.set(1, r, fmt.Sprintf("The correlation matrices of the %d assets are on the %s sheet.", len(sc.Assets), cmp.Or(b.correlationsSheet, sheetCorrelations)), 0)
		return r + 2
	}
	for _, c := range shownCorrelations(sc) {
		r = b.correlationMatrix(s, r, c, false) + 1
	}
	return r
}

// settingRows writes settings on the Assumptions sheet, a label and its
// value a row.
type settingRows struct {
	s    *sheet
	r    int     // the row the next setting goes in
	wrap float64 // the width of the merged cells B to G that long values wrap in
}

// settingsFrom starts the Assumptions sheet's settings at row r.
func (b *book) settingsFrom(s *sheet, r int) *settingRows {
	return &settingRows{s: s, r: r, wrap: settingsWidth(b.sc)}
}

// add writes setting k with value v in the style given (0 for plain
// text) and moves on to the next row.
func (rows *settingRows) add(k string, v any, style int) {
	s, st, r := rows.s, rows.s.b.st, rows.r
	s.set(1, r, k, st.label)
	h := 0.0 // the row's height when it needs more than one line
	if bold := headCharsPerWidth * assumptionNameColumn; float64(len([]rune(k))) > bold {
		// A long label (a portfolio's name) wraps in its column
		// rather than running into its value.
		s.set(1, r, k, st.labelWrap)
		h = paragraphHeight(k, bold/1.1)
	}
	if text, ok := v.(string); ok && len([]rune(text)) > 70 {
		// Long text wraps over the table's width rather than running
		// off the page (which would shrink the whole sheet to fit).
		if h == 0 {
			s.set(1, r, k, st.labelTop)
		}
		s.set(2, r, text, st.wrap)
		s.keep(s.b.f.MergeCell(s.name, cell(2, r), cell(7, r)))
		h = max(h, paragraphHeight(text, rows.wrap))
	} else {
		s.set(2, r, v, style)
	}
	if h > 0 {
		s.keep(s.b.f.SetRowHeight(s.name, r, h))
	}
	rows.r++
}

// settings writes the block of inflation and settings from row r
// and returns the row after it.
func (b *book) settings(s *sheet, r int) int {
	sc := b.sc
	first := r // the block's heading, kept with it on one page when it fits
	rows := b.settingsFrom(s, s.section(r, "Inflation and settings"))
	b.inflationSettings(rows)
	b.runSettings(rows)
	rows.add("Return model", returnModelText(sc), 0)
	historySettings(rows, sc.History, sc.Assets)
	if hasEffects(sc) {
		rows.add("Regime effects", anchorText(sc.Regimes.Anchor), 0)
	}
	rows.add("Percentiles", percentileMethod(b.res), 0)
	b.provenance(rows)
	s.keepTogether(first, rows.r-1) // split, its last rows went to a page without the heading
	return rows.r
}

// inflationSettings states what inflation is assumed to be, or where it
// is drawn from.
func (b *book) inflationSettings(rows *settingRows) {
	inf := b.sc.Inflation
	if inf == nil {
		rows.add("Inflation", "not modeled: real values equal nominal", 0)
		return
	}
	mean, vol := "Inflation: expected", "Inflation: volatility"
	if c := inf.History; c != "" {
		rows.add("Inflation", "from the history's "+c+" column, the same months as the asset returns; below, its calendar years' mean and volatility", 0)
		mean, vol = "Inflation: mean", "Inflation: volatility" // the row above says of what; longer labels wrapped beside their figures
	}
	rows.add(mean, inf.Expected, b.st.inputLeft)
	rows.add(vol, inf.Volatility, b.st.inputLeft)
}

// runSettings states what was invested, the goal, and how many paths of
// how many years were run.
func (b *book) runSettings(rows *settingRows) {
	sc := b.sc
	rows.add("Initial investment", sc.Initial, b.st.moneyLeft)
	if g := sc.Goal; g != nil {
		kind := "nominal"
		if g.Real {
			kind = "in today's money"
		}
		rows.add("Goal", fmt.Sprintf("%s at the horizon, %s", moneyCellText(g.TargetWealth, sc.Info.Currency), kind), 0)
	}
	windows := sc.Simulation.ReturnModel == model.Historical
	if windows { // one path per window: nothing is drawn, so no seed
		rows.add("Rolling windows", b.res.Paths, b.st.left)
	} else {
		rows.add("Paths", b.res.Paths, b.st.left)
	}
	rows.add("Horizon", fmt.Sprintf("%s, %s steps", Counted(sc.Simulation.HorizonYears, "year", "years"), stepName(sc.Simulation.StepsPerYear)), 0)
	if !windows {
		rows.add("Seed", fmt.Sprint(b.res.Seed), 0)
	}
}

// returnModelText says in words how the returns are drawn or replayed.
func returnModelText(sc *model.Scenario) string {
	h := sc.History
	switch {
	case h != nil && sc.Simulation.ReturnModel == model.Historical:
		wrap := ""
		if h.Wrap {
			wrap = ", wrapping past the last month to the first"
		}
		return fmt.Sprintf("rolling windows: each path replays history from its own start month, %s to %s%s, out of %s to %s",
			h.Starts[0], h.Starts[len(h.Starts)-1], wrap, h.From, h.To)
	case h != nil:
		return fmt.Sprintf("bootstrap: whole months of history drawn in %d-month blocks from %s to %s",
			sc.Simulation.BlockMonths, h.From, h.To)
	case sc.Simulation.ReturnModel == model.StudentT:
		return fmt.Sprintf("Student t (%g degrees of freedom)", sc.Simulation.DegreesOfFreedom)
	}
	return "log-normal"
}

// historySettings states the history the returns come from, when they
// come from one: its file, its columns and what was measured in it.
func historySettings(rows *settingRows, h *model.History, assets []model.Asset) {
	if h == nil {
		return
	}
	cols := make([]string, len(h.Columns))
	for a, c := range h.Columns {
		cols[a] = assets[a].Name + " ← " + c
	}
	rows.add("History", h.Source.File, 0)
	rows.add("History SHA-256", h.Source.SHA256, 0)
	rows.add("History columns", strings.Join(cols, "; "), 0)
	rows.add("Asset returns and volatilities", "the mean and standard deviation of each column's calendar-year returns in the window", 0)
	if h.Source.File == history.DefaultName {
		rows.add("History sources", history.Credits, 0)
	}
}

// provenance states what made the workbook: divsim's version, the
// scenario file and the command that reproduces it.
func (b *book) provenance(rows *settingRows) {
	sc := b.sc
	rows.add("divsim version", b.in.Version, 0)
	if sc.Info.Source.BuiltIn {
		rows.add("Scenario file", "none: divsim's built-in example, "+sc.Info.Source.File+" (divsim init writes a copy)", 0)
	} else {
		rows.add("Scenario file", sc.Info.Source.File, 0)
	}
	rows.add("Scenario SHA-256", sc.Info.Source.SHA256, 0)
	// A row a line, no line break in a cell: a cell copied with one is
	// quoted on the clipboard, and rows copied together paste as lines.
	// Each line fits the width of columns B to G (commandText), into
	// whose empty cells it runs.
	s := rows.s
	s.set(1, rows.r, "Reproduce with", b.st.label)
	for _, line := range strings.Split(commandText(b.in.Command, rows.wrap), "\n") {
		s.set(2, rows.r, line, 0)
		rows.r++
	}
}

// rebalancingTable writes the portfolios' fees and rebalancing policies
// from row r, which starts a page, and returns the row after the table.
func (b *book) rebalancingTable(s *sheet, r int) int {
	st := b.st
	s.pageBreak(r) // keep the policy table's header with its rows
	r = s.section(r, "Portfolios: fees and rebalancing")
	s.header(1, r, "Portfolio", "Advisory fee", "Rebalance every", "Band", "Relative band", "Trade to", "Trading cost (basis points)")
	r++
	for _, p := range b.sc.Portfolios {
		pol := p.Rebalance
		s.nameCell(1, r, p.Name, assumptionNameColumn)
		s.set(2, r, p.Fee, st.input)
		s.set(3, r, pol.Every.String(), st.center) // text between numbers: centred, not against them
		for c, band := range []float64{pol.Band, pol.RelativeBand} {
			if band == 0 { // centred, as the text columns: flush right beside a figure, "off" read as "5.0% off"
				s.set(4+c, r, "none", st.center)
			} else {
				s.set(4+c, r, band, st.percent)
			}
		}
		s.set(6, r, tradeToText(pol.To), st.center)
		s.set(7, r, pol.CostBps, st.text) // as written: 5, 2.5 (not 5.00)
		r++
	}
	return r
}

// flowsTable writes the cash flows from row r and returns the row after
// them.
func (b *book) flowsTable(s *sheet, r int) int {
	st := b.st
	r = s.section(r, "Cash flows")
	if len(b.sc.Flows) == 0 {
		s.set(1, r, "none", 0)
		return r + 1
	}
	s.header(1, r, "Flow", "Amount", "Every", "From year", "To year", "Indexed to inflation")
	r++
	for _, fl := range b.sc.Flows {
		s.nameCell(1, r, fl.Name, assumptionNameColumn)
		s.set(2, r, fl.Amount, st.money)
		s.row(3, r, st.center, fl.Every.String(), fl.StartYear, fl.EndYear, yesNo(fl.Indexed))
		r++
	}
	return r
}

// spendingSettings states the spending rule from row r and returns the
// row after it.
func (b *book) spendingSettings(s *sheet, r int) int {
	sp := b.sc.Spending
	rows := b.settingsFrom(s, s.section(r, "Spending rule"))
	rule := SpendingRuleText(sp, b.sc.Inflation != nil)
	if varied := ruleVaried(b.kind); varied != "" {
		rule += "." + varied
	}
	rows.add("Rule", rule, 0)
	rows.add("Years", fmt.Sprintf("%d to %d, paid every %s, after the cash flows above", sp.StartYear, sp.EndYear, sp.Every), 0)
	rows.add("Each portfolio", "spends from its own value: the same rule pays different amounts on the same market path", 0)
	return rows.r
}

// hasGlidePaths reports whether a portfolio of the scenario has a glide
// path.
func hasGlidePaths(sc *model.Scenario) bool {
	return slices.ContainsFunc(sc.Portfolios, func(p model.Portfolio) bool { return len(p.GlidePath) > 0 })
}

// glidePathSettings states each glide path from row r and returns the row after
// them.
func (b *book) glidePathSettings(s *sheet, r int) int {
	rows := b.settingsFrom(s, s.section(r, "Glide paths"))
	for _, p := range b.sc.Portfolios {
		if len(p.GlidePath) == 0 {
			continue
		}
		rows.add(p.Name, glidePathSteps(p)+" (the weights of year N are reached by a trade at the end of year N and held during year N + 1"+shownOn(sheetAllocations, b.kind == runBook)+"; linear in between)", 0)
	}
	return rows.r
}

// glidePathSteps lists a portfolio's sleeve weights now and at each step
// of its glide path: "now: Equity 60 %, Bonds 40 %; year 10: ...".
func glidePathSteps(p model.Portfolio) string {
	weights := func(ws []float64) string {
		parts := make([]string, len(ws))
		for k, w := range ws {
			parts[k] = p.Sleeves[k].Name + " " + weightText(w)
		}
		return strings.Join(parts, ", ")
	}
	base := make([]float64, len(p.Sleeves))
	for k, sl := range p.Sleeves {
		base[k] = sl.Weight
	}
	steps := make([]string, 0, len(p.GlidePath)+1)
	steps = append(steps, "now: "+weights(base))
	for _, wp := range p.GlidePath {
		steps = append(steps, fmt.Sprintf("year %d: %s", wp.Year, weights(wp.Weights)))
	}
	return strings.Join(steps, "; ")
}

// sleevesAndRegimes states each portfolio's sleeves and holdings from row
// r, then the regimes after a blank row when there are any.
func (b *book) sleevesAndRegimes(s *sheet, r int) {
	sc := b.sc
	rows := b.settingsFrom(s, s.section(r, "Portfolios: sleeves and holdings"))
	for _, p := range sc.Portfolios {
		rows.add(p.Name, sleevesText(sc, p), 0)
	}
	if len(sc.Regimes.Chains) == 0 {
		return
	}
	rows.r = s.section(rows.r+1, "Regimes")
	for c, ch := range sc.Regimes.Chains {
		rows.add(capitalize(words(ch.Name)), chainText(sc, c), 0)
	}
}

// sleevesText states a portfolio's sleeves, each with its weight and its
// holdings: "Equity 60 % (US Large Cap 60 %, Intl Developed 40 %); ...".
func sleevesText(sc *model.Scenario, p model.Portfolio) string {
	parts := make([]string, len(p.Sleeves))
	for k, sl := range p.Sleeves {
		holdings := make([]string, len(sl.Holdings))
		for i, h := range sl.Holdings {
			holdings[i] = sc.Assets[h.Asset].Name + " " + weightText(h.Weight)
		}
		parts[k] = fmt.Sprintf("%s %s (%s)", sl.Name, weightText(sl.Weight), strings.Join(holdings, ", "))
	}
	return strings.Join(parts, "; ")
}

// chainText states regime chain c's states: each one's average stay and
// the effects it has on the series. Under the long-run anchor the return
// effects are given as simulated, after the balancing, with the written
// figure beside (a recession's −15.0 is −12.9, and an expansion written
// without one gains 2.1): as written alone, a client read a lower
// long-run return into a scenario that had none.
func chainText(sc *model.Scenario, c int) string {
	ch := sc.Regimes.Chains[c]
	balanced := sc.Regimes.Anchor == model.LongRun // asset effects are refused under bootstrap; inflation's are balanced there too
	points := func(x float64) string {
		// A minus sign, not a hyphen: a line broke after "-" and left
		// "22.0 points" to read as a gain.
		return strings.Replace(fmt.Sprintf("%+.1f", 100*x), "-", "−", 1)
	}
	parts := make([]string, len(ch.States))
	for i, name := range ch.States {
		unit := "years"
		if ch.MeanYears[i] == 1 {
			unit = "year"
		}
		text := fmt.Sprintf("%s, %s %s on average", words(name), strconv.FormatFloat(ch.MeanYears[i], 'f', -1, 64), unit)
		var effects []string
		for a, e := range ch.Effects[i] {
			moved := slices.ContainsFunc(ch.Effects, func(effs []model.Effect) bool { return effs[a].Return != 0 })
			if !e.Changes() && !(balanced && moved) {
				continue
			}
			effect := seriesName(sc, a, "inflation")
			switch {
			case balanced && moved:
				written := points(e.Return)
				if e.Return == 0 {
					written = "0"
				}
				effect += " " + points(appliedReturn(sc, c, i, a)) + nbsp + "points a year, written " + written
			case e.Return != 0:
				effect += " " + points(e.Return) + nbsp + "points a year"
			}
			if e.VolScale != 1 {
				effect += fmt.Sprintf(", volatility ×%s", strconv.FormatFloat(e.VolScale, 'f', -1, 64))
			}
			effects = append(effects, effect)
		}
		if len(effects) > 0 {
			text += " (" + strings.Join(effects, "; ") + ")"
		}
		parts[i] = text
	}
	text := strings.Join(parts, "; ")
	if balanced && slices.ContainsFunc(ch.Effects, func(effs []model.Effect) bool {
		return slices.ContainsFunc(effs, func(e model.Effect) bool { return e.Return != 0 })
	}) {
		text += ". Return effects are as simulated, after balancing them so that they average zero over the long run"
	}
	return text
}

// assumptionNameColumn is the width of the Assumptions sheet's names.
const assumptionNameColumn = 34

// assumptionWidths are the Assumptions sheet's column widths for n assets:
// the asset's name, its id, then the assets table's figures, which are
// also the correlation matrices' columns (B on). Those narrow as assets
// are added, so that a matrix of up to ten assets prints at 82 % or more,
// where 11 pt text stays at 9 pt or more (more assets have a Correlations
// sheet: see inlineAssets).
func assumptionWidths(n int) []float64 {
	const name, id, most, least = assumptionNameColumn, 22, 16, 10
	// The matrix's columns after B share what is left of about 150 widths
	// (about 790 points printed: 82 % of the page's 720 and a margin).
	w := most
	if n > 1 {
		w = max(least, min(most, (150-name-id)/(n-1)))
	}
	widths := []float64{name, id}
	for range max(8, n) {
		widths = append(widths, float64(w))
	}
	return widths
}

// percentileMethod says how the run's percentiles were computed.
func percentileMethod(res *sim.Results) string {
	if len(res.Portfolios) > 0 && res.Portfolios[0].Fan.Sketched {
		return fmt.Sprintf("exact across paths, except the yearly wealth percentiles of the fan chart (runs of more than %s paths): "+
			"from a DDSketch quantile sketch between the first and the last year, each within %g%% of the wealth of the path at its rank", thousands(model.ExactFanPaths), 100*model.FanSketchAccuracy)
	}
	return "exact across paths (linear interpolation between order statistics)"
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// anchorText says in words how regime effects relate to the expected
// returns (the file's anchor: long_run or base).
func anchorText(a model.Anchor) string {
	if a == model.Base {
		return "added to the expected returns, which are those of a time without regime effects"
	}
	return "balanced to average zero over the long run: the expected returns are long-run averages"
}

// tradeToText says in words where a rebalance trades to.
func tradeToText(t portfolio.Target) string {
	if t == portfolio.ToBandEdge {
		return "band edge"
	}
	return "targets"
}

// scalesVolatility reports whether some regime scales an asset's
// volatility (vol_scale): the volatility written is then the one a regime
// without effects has, and the Regimes sheet shows the others.
func scalesVolatility(sc *model.Scenario) bool {
	for _, c := range sc.Regimes.Chains {
		for _, state := range c.Effects {
			for _, e := range state[:min(len(state), len(sc.Assets))] { // the assets; inflation is last
				if e.VolScale != 1 {
					return true
				}
			}
		}
	}
	return false
}

// commandText breaks the command that reproduces a workbook into lines at
// its shell words, each short enough for width (in widths of a digit) and
// each but the last ending in " \", so that the lines pasted into a POSIX
// shell are still the one command: the cell's own wrapping broke it inside
// words, at their hyphens ("--" / "out", "r-" / "sweep.xlsx"). A word
// longer than a line (a long path) has a line of its own. The Assumptions
// sheet writes a row a line.
func commandText(cmd string, width float64) string {
	room := float64(0.9*width) - textWidth(" \\")
	var lines []string
	line := ""
	for _, w := range shellWords(cmd) {
		switch {
		case line == "":
			line = w
		case textWidth(line+" "+w) > room:
			lines = append(lines, line)
			line = "  " + w
		default:
			line += " " + w
		}
	}
	return strings.Join(append(lines, line), " \\\n")
}

// shellWords splits a command at its spaces, but not at those inside
// single quotes (shellQuote's quoting, whose quote in a word is '\”).
func shellWords(cmd string) []string {
	var words []string
	word, quoted, escaped := "", false, false
	for _, r := range cmd {
		switch {
		case r == '\'' && !escaped:
			quoted = !quoted
			word += string(r)
		case r == '\\' && !quoted:
			escaped = true
			word += string(r)
			continue
		case r == ' ' && !quoted:
			if word != "" {
				words = append(words, word)
			}
			word = ""
		default:
			word += string(r)
		}
		escaped = false
	}
	if word != "" {
		words = append(words, word)
	}
	return words
}
