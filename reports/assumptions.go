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

func (b *book) assumptions(s *sheet) {
	st, sc := b.st, b.sc
	widths := assumptionWidths(len(sc.Assets))
	if correlationsApart(sc) { // the matrices are elsewhere: the tables keep eight assets' widths
		widths = assumptionWidths(8)
	}
	wrapWidth := 0.0 // of the merged cells B to G that long settings wrap in
	for _, w := range widths[1:7] {
		wrapWidth += w
	}
	s.set(1, 1, "Assumptions", st.title)
	r := 3
	section := func(name string) {
		s.set(1, r, name, st.subtitle)
		r++
	}
	if sc.History != nil { // figures measured in the window, not assumptions
		section("Assets (from history: the window's calendar years, per year)")
	} else {
		section("Assets (capital market assumptions, per year)")
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
	r++
	if correlationsApart(sc) {
		section("Correlations")
		s.set(1, r, fmt.Sprintf("The correlation matrices of the %d assets are on the %s sheet.", len(sc.Assets), cmp.Or(b.correlationsSheet, sheetCorrelations)), 0)
		r += 2
	} else {
		for _, c := range shownCorrelations(sc) {
			r = b.correlationMatrix(s, r, c, false) + 1
		}
	}
	settings := r // the block's heading, kept with it on one page when it fits
	section("Inflation, fees and settings")
	kv := func(k string, v any, style int) {
		s.set(1, r, k, st.label)
		h := 0.0 // the row's height when it needs more than one line
		if bold := headCharsPerWidth * assumptionNameColumn; float64(len([]rune(k))) > bold {
			// A long label (a portfolio's name) wraps in its column
			// rather than running into its value.
			s.set(1, r, k, st.labelWrap)
			h = paragraphHeight(k, bold/1.1)
		}
		if text, ok := v.(string); ok && len(text) > 70 {
			// Long text wraps over the table's width rather than running
			// off the page (which would shrink the whole sheet to fit).
			if h == 0 {
				s.set(1, r, k, st.labelTop)
			}
			s.set(2, r, text, st.wrap)
			s.keep(b.f.MergeCell(s.name, cell(2, r), cell(7, r)))
			h = max(h, paragraphHeight(text, wrapWidth))
		} else {
			s.set(2, r, v, style)
		}
		if h > 0 {
			s.keep(b.f.SetRowHeight(s.name, r, h))
		}
		r++
	}
	if sc.Inflation != nil {
		mean, vol := "Inflation: expected", "Inflation: volatility"
		if c := sc.Inflation.History; c != "" {
			kv("Inflation", "from the history's "+c+" column, the same months as the asset returns; below, its calendar years' mean and volatility", 0)
			mean, vol = "Inflation: mean", "Inflation: volatility" // the row above says of what; longer labels wrapped beside their figures
		}
		kv(mean, sc.Inflation.Expected, st.inputLeft)
		kv(vol, sc.Inflation.Volatility, st.inputLeft)
	} else {
		kv("Inflation", "not modeled: real values equal nominal", 0)
	}
	kv("Initial investment", sc.Initial, st.moneyLeft)
	if g := sc.Goal; g != nil {
		kind := "nominal"
		if g.Real {
			kind = "in today's money"
		}
		kv("Goal", fmt.Sprintf("%s at the horizon, %s", moneyCellText(g.TargetWealth, sc.Info.Currency), kind), 0)
	}
	windows := sc.Simulation.ReturnModel == model.Historical
	if windows { // one path per window: nothing is drawn, so no seed
		kv("Rolling windows", b.res.Paths, st.left)
	} else {
		kv("Paths", b.res.Paths, st.left)
	}
	kv("Horizon", fmt.Sprintf("%s, %s steps", Counted(sc.Simulation.HorizonYears, "year", "years"), stepName(sc.Simulation.StepsPerYear)), 0)
	if !windows {
		kv("Seed", fmt.Sprint(b.res.Seed), 0)
	}
	returns := "log-normal"
	if sc.Simulation.ReturnModel == model.StudentT {
		returns = fmt.Sprintf("Student t (%g degrees of freedom)", sc.Simulation.DegreesOfFreedom)
	}
	if h := sc.History; h != nil && windows {
		wrap := ""
		if h.Wrap {
			wrap = ", wrapping past the last month to the first"
		}
		returns = fmt.Sprintf("rolling windows: each path replays history from its own start month, %s to %s%s, out of %s to %s",
			h.Starts[0], h.Starts[len(h.Starts)-1], wrap, h.From, h.To)
	} else if h != nil {
		returns = fmt.Sprintf("bootstrap: whole months of history drawn in %d-month blocks from %s to %s",
			sc.Simulation.BlockMonths, h.From, h.To)
	}
	kv("Return model", returns, 0)
	if h := sc.History; h != nil {
		cols := make([]string, len(h.Columns))
		for a, c := range h.Columns {
			cols[a] = sc.Assets[a].Name + " ← " + c
		}
		kv("History", h.Source.File, 0)
		kv("History SHA-256", h.Source.SHA256, 0)
		kv("History columns", strings.Join(cols, "; "), 0)
		kv("Asset returns and volatilities", "the mean and standard deviation of each column's calendar-year returns in the window", 0)
		if h.Source.File == history.DefaultName {
			kv("History sources", history.Credits, 0)
		}
	}
	if hasEffects(sc) {
		kv("Regime effects", anchorText(sc.Regimes.Anchor), 0)
	}
	kv("Percentiles", percentileMethod(b.res), 0)
	kv("divsim version", b.in.Version, 0)
	if sc.Info.Source.BuiltIn {
		kv("Scenario file", "none: divsim's built-in example, "+sc.Info.Source.File+" (divsim init writes a copy)", 0)
	} else {
		kv("Scenario file", sc.Info.Source.File, 0)
	}
	kv("Scenario SHA-256", sc.Info.Source.SHA256, 0)
	// A row a line, no line break in a cell: a cell copied with one is
	// quoted on the clipboard, and rows copied together paste as lines.
	// Each line fits the width of columns B to G (commandText), into
	// whose empty cells it runs.
	s.set(1, r, "Reproduce with", st.label)
	for _, line := range strings.Split(commandText(b.in.Command, wrapWidth), "\n") {
		s.set(2, r, line, 0)
		r++
	}
	s.keepTogether(settings, r-1) // split, its last rows went to a page without the heading
	r++
	s.pageBreak(r) // keep the policy table's header with its rows
	section("Portfolios: fees and rebalancing")
	s.header(1, r, "Portfolio", "Advisory fee", "Rebalance every", "Band", "Relative band", "Trade to", "Trading cost (basis points)")
	r++
	for _, p := range sc.Portfolios {
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
	r++
	section("Cash flows")
	if len(sc.Flows) == 0 {
		s.set(1, r, "none", 0)
		r++
	} else {
		s.header(1, r, "Flow", "Amount", "Every", "From year", "To year", "Indexed to inflation")
		r++
		for _, fl := range sc.Flows {
			s.nameCell(1, r, fl.Name, assumptionNameColumn)
			s.set(2, r, fl.Amount, st.money)
			s.row(3, r, st.center, fl.Every.String(), fl.StartYear, fl.EndYear, yesNo(fl.Indexed))
			r++
		}
	}
	if sp := sc.Spending; sp != nil {
		r++
		section("Spending rule")
		rule := SpendingRuleText(sp, b.sc.Inflation != nil)
		if varied := ruleVaried(b.kind); varied != "" {
			rule += "." + varied
		}
		kv("Rule", rule, 0)
		kv("Years", fmt.Sprintf("%d to %d, paid every %s, after the cash flows above", sp.StartYear, sp.EndYear, sp.Every), 0)
		kv("Each portfolio", "spends from its own value: the same rule pays different amounts on the same market path", 0)
	}
	glided := false
	for _, p := range sc.Portfolios {
		if len(p.GlidePath) == 0 {
			continue
		}
		if !glided {
			r++
			section("Glide paths")
			glided = true
		}
		steps := make([]string, 0, len(p.GlidePath)+1)
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
		steps = append(steps, "now: "+weights(base))
		for _, wp := range p.GlidePath {
			steps = append(steps, fmt.Sprintf("year %d: %s", wp.Year, weights(wp.Weights)))
		}
		kv(p.Name, strings.Join(steps, "; ")+" (the weights of year N are reached by a trade at the end of year N and held during year N + 1"+shownOn(sheetAllocations, b.kind == runBook)+"; linear in between)", 0)
	}
	// A comparison has no Allocations or Regimes sheet: its Assumptions
	// sheets state the sleeves and the regimes too, so that every input
	// the Differences sheet may name is on them.
	if b.kind == compareBook {
		r++
		section("Portfolios: sleeves and holdings")
		for _, p := range sc.Portfolios {
			kv(p.Name, sleevesText(sc, p), 0)
		}
		if len(sc.Regimes.Chains) > 0 {
			r++
			section("Regimes")
			for c, ch := range sc.Regimes.Chains {
				kv(capitalize(words(ch.Name)), chainText(sc, c), 0)
			}
		}
	}
	s.widths(widths...)
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
