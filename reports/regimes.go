package reports

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/divsim/divsim/model"
)

// skippedMoves explains one-step chances of a move the scenario does not
// name (cutting straight to hiking, 0.04 %): two moves within one step,
// which the chain allows as time runs on within the step; "" when there is
// none.
func skippedMoves(ch model.Chain, stepsPerYear int) string {
	var moves []string
	for i, from := range ch.States {
		for j, to := range ch.States {
			if i != j && ch.Generator.At(i, j) == 0 && ch.Transition.At(i, j) > 0 {
				moves = append(moves, words(from)+" to "+words(to))
			}
		}
	}
	if len(moves) == 0 {
		return ""
	}
	return fmt.Sprintf(" A chance of a move the scenario does not name (%s) is two moves within one %s step, through a regime in between.",
		strings.Join(moves, ", "), stepName(stepsPerYear))
}

// regimes lays out the Regimes sheet, which a scenario without regimes
// does not have (BuildWorkbook leaves it out).
func (b *book) regimes(s *sheet) {
	s.set(1, 1, "Market regimes", b.st.title)
	r := 3
	for _, ch := range b.sc.Regimes.Chains {
		r = b.chainTable(s, r, ch)
	}
	r = b.combinedRegimes(s, r)
	r = b.returnsByRegime(s, r)
	if hasEffects(b.sc) {
		b.effectsTable(s, r)
	}
	s.widths(regimeWidths()...)
}

// drawsMonths reports whether the scenario draws its months from history.
// Only a bootstrap does; rolling windows replay them in order, and
// simulated returns follow assumptions.
func drawsMonths(sc *model.Scenario) bool { return sc.Simulation.ReturnModel == model.Bootstrap }

// chainTable writes chain ch's regimes from row r: each one's mean stay,
// long-run share and chances of the next step, with a note under them. It
// returns the row the next table starts on.
func (b *book) chainTable(s *sheet, r int, ch model.Chain) int {
	st, steps := b.st, b.sc.Simulation.StepsPerYear
	k := float64(steps)
	s.set(1, r, "Regimes of "+words(ch.Name), st.subtitle)
	stepped := "Mean stay with " + stepName(steps) + " steps"
	heads := []any{"Regime", "Mean stay (years)", stepped, "Long-run share"}
	for _, to := range ch.States {
		heads = append(heads, "Next: "+words(to))
	}
	s.header(1, r+1, heads...)
	for i, name := range ch.States {
		row := r + 2 + i
		s.set(1, row, words(name), st.text)
		s.set(2, row, ch.MeanYears[i], st.number2)
		s.set(3, row, 1/(1-ch.Transition.At(i, i))/k, st.number2)
		s.set(4, row, ch.Stationary[i], st.percent)
		for j := range ch.States {
			s.set(5+j, row, ch.Transition.At(i, j), st.percent2)
		}
	}
	r += len(ch.States) + 2
	next := "'Next' columns: from the regime on the left, the chance of being in each regime one step later (steps are " +
		stepName(steps) + "). '" + stepped + "' is the average stay, in years, those chances give, " + stayAgreement(ch, k) +
		skippedMoves(ch, steps)
	s.note(r, 1, 4+len(ch.States), noteLines(next, regimeColumnsWidth(4+len(ch.States))), next)
	return r + 2
}

// combinedRegimes writes the joint states' table from row r, their
// long-run and simulated shares, and returns the row the next table
// starts on.
func (b *book) combinedRegimes(s *sheet, r int) int {
	st, sc := b.st, b.sc
	drawn := drawsMonths(sc)
	s.set(1, r, "Combined regimes", st.subtitle)
	heads := []any{"Regime", "Long-run share", "Simulated share"}
	// Under bootstrap a state's returns come from history months, not from
	// assumptions: show how many months it draws from instead.
	if drawn {
		heads = append(heads, "History months drawn from")
	}
	s.header(1, r+1, heads...) // printSetup makes it as tall as "History months drawn from" needs
	n := len(sc.Regimes.States)
	for j, js := range sc.Regimes.States {
		row := r + 2 + j
		s.set(1, row, stateLabel(sc.Regimes, js), st.text)
		s.set(2, row, js.Stationary, st.percent)
		s.set(3, row, b.res.StateShare[j], st.percent)
		if h := sc.History; drawn {
			months := len(h.Returns)
			if h.StateMonths != nil {
				months = len(h.StateMonths[j])
			}
			s.set(4, row, months, st.integer)
		}
	}
	s.keepTogether(r, r+1+n)
	return r + n + 3
}

// regimeMeasure is a figure of a returns-by-regime table: its title and
// its value for portfolio pi in joint state j.
type regimeMeasure struct {
	title string
	value func(pi, j int) any
}

// regimeMeasures are the returns-by-regime tables' figures: the expected
// return (not from history, whose months are the returns) and the
// simulated one.
func (b *book) regimeMeasures() []regimeMeasure {
	sc := b.sc
	measures := []regimeMeasure{}
	if sc.History == nil {
		measures = append(measures, regimeMeasure{"Expected return while the regime holds", func(pi, j int) any {
			return stateReturn(sc.Portfolios[pi], sc.Regimes.States[j])
		}})
	}
	return append(measures, regimeMeasure{"Simulated return while the regime held", func(pi, j int) any {
		if v := b.res.Portfolios[pi].StateReturn[j]; !math.IsNaN(v) {
			return v
		}
		if b.res.StateShare[j] > 0 { // visited, but only after the portfolio had run out of money
			return "no money held"
		}
		return "not visited"
	}})
}

// returnsByRegime writes the returns by regime from row r: one table per
// measure, the portfolios across, in blocks narrow enough for the page,
// and a note under the last. It returns the row after the note's gap.
func (b *book) returnsByRegime(s *sheet, r int) int {
	portfolios := len(b.sc.Portfolios)
	lastBlock := r
	for _, m := range b.regimeMeasures() {
		for from := 0; from < portfolios; from += regimeBlock {
			lastBlock = r
			r = b.returnsBlock(s, r, m, from, min(from+regimeBlock, portfolios))
		}
	}
	note := b.returnsNote()
	s.note(r, 1, 1+regimeBlock, max(3, noteLines(note, regimeColumnsWidth(1+regimeBlock))), note)
	s.keepTogether(lastBlock, r) // the note under the table it explains, not alone on a page
	return r + 2
}

// returnsBlock writes measure m of portfolios from to to (not included)
// from row r, a row per joint state, and returns the row the next block
// starts on.
func (b *book) returnsBlock(s *sheet, r int, m regimeMeasure, from, to int) int {
	st, sc := b.st, b.sc
	s.set(1, r, m.title, st.subtitle)
	heads := []any{"Regime"}
	for _, p := range sc.Portfolios[from:to] {
		heads = append(heads, p.Name)
	}
	s.header(1, r+1, heads...)
	s.keep(b.f.SetRowHeight(s.name, r+1, 45)) // three-line names at least; printSetup makes it taller for longer ones
	for j, js := range sc.Regimes.States {
		s.set(1, r+2+j, stateLabel(sc.Regimes, js), st.text)
		for pi := from; pi < to; pi++ {
			s.set(2+pi-from, r+2+j, m.value(pi, j), st.percent)
		}
	}
	n := len(sc.Regimes.States)
	s.keepTogether(r, r+1+n)
	return r + n + 3
}

// returnsNote says what the returns-by-regime tables' figures are.
func (b *book) returnsNote() string {
	sc := b.sc
	first := "Expected return (the table before the one above): the portfolio's arithmetic expected yearly return at its targets while the state holds, " +
		"from the assumptions with the state's effects as simulated, before fees and costs. "
	if hasGlidePaths(sc) {
		// The simulated return follows the glide path; the expected one
		// cannot be one figure for every year.
		first += "A portfolio with a glide path is shown at its first year's targets there, while its simulated return follows the glide path. "
	}
	if sc.History != nil {
		first = "" // no expected returns: history's months are the returns
	}
	if drawsMonths(sc) {
		first = "History months: the months of the history window labeled like the state, which its steps draw from (every month when no state has a label). "
	}
	return first +
		"Simulated return: the annualized time-weighted return the portfolio earned over all simulated steps spent in the state while it held money, net of fees and costs. " +
		"Simulated share: the share of all simulated steps spent in each state."
}

// effectsTable writes the regimes' effects on each series from row r, a
// header over each cycle's rows.
//
// Under the long-run anchor the simulation adds each effect less its
// cycle's long-run average, so every state of a cycle that moves a
// series is listed with what is actually added: a recession's -15 %
// is less, and the expansion, written with none, gains.
func (b *book) effectsTable(s *sheet, r int) {
	sc := b.sc
	balanced := sc.Regimes.Anchor == model.LongRun // asset effects are refused under bootstrap; inflation's are balanced there too
	s.set(1, r, "Effects", b.st.subtitle)
	heading := r
	r++
	for c := range sc.Regimes.Chains {
		if c > 0 {
			r++ // a gap between cycles
		}
		cycleFirst := r
		r = b.cycleEffects(s, r, c, balanced)
		if c == 0 {
			s.keepTogether(heading, r-1) // the heading with the first cycle's rows
		} else {
			s.keepTogether(cycleFirst, r-1)
		}
	}
	if balanced && len(sc.Regimes.Chains) > 0 {
		note := "The effects are balanced: the simulation adds each one less its cycle's long-run average for the series, so that " +
			"over the long run they average to zero, and the expected returns on the Assumptions sheet stay the long-run averages; " +
			"the regimes add cycles and fat tails around them. A state written without an effect on a series that another state of " +
			"its cycle moves is listed with what it gains or loses from that balancing."
		s.note(r+1, 1, 6, max(3, noteLines(note, regimeColumnsWidth(6))), note)
		s.keepTogether(r-2, r+1) // with the table's last rows
	}
	// No keep of the whole table: keeps that overlap merge, and one too
	// tall for a page is dropped with the cycles' in it, so the table
	// broke anywhere, its rows headless. Measured here, the headers were
	// not yet as tall as printSetup makes them. Each cycle under its
	// header is kept instead: a page holds whole cycles.
}

// cycleEffects writes chain c's effects from row r under a header of
// their own, the return as simulated beside the written one when
// balanced, and returns the row after them.
//
// A header over each cycle's rows, kept with them: a long table (eight
// assets under two cycles) split across pages, and the second page's
// rows had no header.
func (b *book) cycleEffects(s *sheet, r, c int, balanced bool) int {
	st, sc := b.st, b.sc
	ch := sc.Regimes.Chains[c]
	heads := []any{"Series", "Cycle", "Regime", "Return added", "Volatility ×"}
	if balanced {
		heads = []any{"Series", "Cycle", "Regime", "Return added, as written", "Return added, as simulated", "Volatility ×"}
	}
	s.header(1, r, heads...)
	r++
	for a := range len(sc.Assets) + 1 {
		// Every state of the cycle when the balancing moves the
		// series' return; else the states that change it.
		moved := balanced && slices.ContainsFunc(ch.Effects, func(effs []model.Effect) bool { return a < len(effs) && effs[a].Return != 0 })
		for i, name := range ch.States {
			if !moved && !ch.Effects[i][a].Changes() {
				continue
			}
			e := ch.Effects[i][a]
			s.row(1, r, st.text, seriesName(sc, a, "Inflation"), capitalize(words(ch.Name)), words(name))
			s.set(4, r, e.Return, st.percent)
			if balanced {
				s.set(5, r, appliedReturn(sc, c, i, a), st.percent)
			}
			s.set(len(heads), r, e.VolScale, st.number2)
			r++
		}
	}
	return r
}

// appliedReturn is how far series a's expected return is from its
// long-run mean while chain c is in state i: the joint states' arithmetic
// means in that state, weighted by the other chains' stationary
// probabilities, less their mean over every state. Under the long-run
// anchor this is what the simulation adds (the long-run mean is the
// expected return); it reads the engine's own parameters, so it is the
// written effect less its cycle's average only as far as the engine made
// it so.
func appliedReturn(sc *model.Scenario, c, i, a int) float64 {
	var inState, weight, all float64
	for _, js := range sc.Regimes.States {
		m := js.Inflation.M
		if a < len(sc.Assets) {
			m = js.Assets[a].M
		}
		all += float64(js.Stationary * m)
		if js.Chain[c] == i {
			inState += float64(js.Stationary * m)
			weight += js.Stationary
		}
	}
	return inState/weight - all
}

// regimeBlock is how many portfolios a returns-by-regime table holds
// across a page.
const regimeBlock = 6

// seriesName names series a of a regime effect: an asset, or after the
// assets inflation, written as inflation says (capitalized or not).
func seriesName(sc *model.Scenario, a int, inflation string) string {
	if a < len(sc.Assets) {
		return sc.Assets[a].Name
	}
	return inflation
}

// hasEffects reports whether any regime state changes a series.
func hasEffects(sc *model.Scenario) bool {
	for _, ch := range sc.Regimes.Chains {
		for _, effs := range ch.Effects {
			for _, e := range effs {
				if e.Changes() {
					return true
				}
			}
		}
	}
	return false
}

// stateReturn is a portfolio's expected yearly return at its targets in a
// joint state.
func stateReturn(p model.Portfolio, js model.JointState) float64 {
	m := 0.0
	for a, w := range p.Targets {
		m += float64(w * js.Assets[a].M)
	}
	return m
}

// stateLabel names a joint state in plain words for the client pages,
// "Rates cutting, growth expansion" for rates=cutting,growth=expansion;
// the results JSON and the Technical notes keep the machine-readable name.
func stateLabel(r model.Regimes, js model.JointState) string {
	if len(r.Chains) == 0 {
		return "One set of assumptions"
	}
	parts := make([]string, len(js.Chain))
	for c, i := range js.Chain {
		parts[c] = words(r.Chains[c].Name) + " " + words(r.Chains[c].States[i])
	}
	return capitalize(strings.Join(parts, ", "))
}

// capitalize upper-cases a text's first letter.
func capitalize(text string) string {
	for i, c := range text {
		return string(unicode.ToUpper(c)) + text[i+utf8.RuneLen(c):]
	}
	return text
}

// regimeWidths are the Regimes sheet's column widths: the regime's name,
// then columns of 15.
func regimeWidths() []float64 { return append([]float64{36}, repeat(15, regimeBlock)...) }

// stayGap is how far a simulated mean stay may differ from the stated one,
// relatively, and still be called close.
const stayGap = 0.1

// stayAgreement finishes the note under a chain's table: its stepped
// mean stays are close to the stated ones, or, with steps long against the
// stays, longer by how much. They are longer because a regime is drawn
// once a step: a step in which the chain leaves and comes back counts as
// a stay, which for two regimes adds about (1 + d_i/d_j)/2 steps to d_i (a
// long regime beside a short one gains most).
func stayAgreement(ch model.Chain, k float64) string {
	worst := 0.0
	for i := range ch.States {
		simulated := 1 / (1 - ch.Transition.At(i, i)) / k
		worst = math.Max(worst, simulated/ch.MeanYears[i]-1)
	}
	if math.Abs(worst) <= stayGap {
		return "close to the stated mean stay (Technical notes)."
	}
	return fmt.Sprintf("up to %s longer than the stated mean stay here: a regime is drawn once a step, so a step in which "+
		"it leaves and comes back counts as a stay, and steps this long against the stays lengthen them (shorter steps bring "+
		"them closer; Technical notes).",
		pctText(worst, 0))
}

// regimeColumnsWidth is the width of the Regimes sheet's first n columns.
func regimeColumnsWidth(n int) float64 { return 36 + float64(15*float64(n-1)) }
