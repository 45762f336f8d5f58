package reports

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/divsim/divsim/model"
)

func (b *book) regimes(s *sheet) {
	st, sc := b.st, b.sc
	s.set(1, 1, "Market regimes", st.title)
	r := 3
	if len(sc.Regimes.Chains) == 0 {
		s.set(1, r, "This scenario has no regimes: every step uses the same assumptions.", st.wrap)
		r += 2
	}
	k := float64(sc.Simulation.StepsPerYear)
	for _, ch := range sc.Regimes.Chains {
		s.set(1, r, capitalize(words(ch.Name))+" regimes", st.subtitle)
		heads := []any{"Regime", "Mean stay (years)", "Mean stay simulated (years)", "Long-run share"}
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
		s.note(r, 1, 4+len(ch.States), 2, "'Next' columns: from the regime on the left, the chance of being in each regime one step later (steps are "+
			stepName(sc.Simulation.StepsPerYear)+"). 'Mean stay simulated' is the average stay those chances give, close to the stated mean stay "+
			"(Technical notes).")
		r += 2
	}
	s.set(1, r, "Combined regimes", st.subtitle)
	heads := []any{"Regime", "Long-run share", "Simulated share"}
	// Under bootstrap a state's returns come from history months, not from
	// assumptions: show how many months it draws from instead.
	expected := len(sc.Portfolios)
	if sc.History != nil {
		heads = append(heads, "History months drawn from")
		expected = 1
	} else {
		for _, p := range sc.Portfolios {
			heads = append(heads, p.Name+": expected return")
		}
	}
	for _, p := range sc.Portfolios {
		heads = append(heads, p.Name+": simulated return")
	}
	s.row(1, r+1, st.header, heads...)
	s.keep(b.f.SetRowHeight(s.name, r+1, 45)) // three-line headers
	for j, js := range sc.Regimes.States {
		row := r + 2 + j
		s.set(1, row, stateLabel(sc.Regimes, js), st.text)
		s.set(2, row, js.Stationary, st.percent)
		s.set(3, row, b.res.StateShare[j], st.percent)
		if h := sc.History; h != nil {
			months := len(h.Returns)
			if h.StateMonths != nil {
				months = len(h.StateMonths[j])
			}
			s.set(4, row, months, st.integer)
		}
		for pi, p := range sc.Portfolios {
			if sc.History == nil {
				s.set(4+pi, row, stateReturn(p, js), st.percent)
			}
			if v := b.res.Portfolios[pi].StateReturn[j]; !math.IsNaN(v) {
				s.set(4+expected+pi, row, v, st.percent)
			} else {
				s.set(4+expected+pi, row, "not visited", st.text)
			}
		}
	}
	r += len(sc.Regimes.States) + 3
	first := "Expected return: the portfolio's arithmetic expected yearly return at its targets while the state holds, from the assumptions with the state's effects. "
	if sc.History != nil {
		first = "History months: the months of the history window labelled like the state, which its steps draw from (every month when no state has a label). "
	}
	s.note(r, 1, 3+expected+len(sc.Portfolios), 2, first+
		"Simulated return: the annualized time-weighted return the portfolio earned over all simulated steps spent in the state, net of costs. "+
		"Simulated share: the share of all simulated steps spent in each state.")
	s.keep(b.f.SetRowHeight(s.name, r, 45))
	r += 2
	if !hasEffects(sc) {
		s.widths(append([]float64{36}, repeat(15, 3+expected+len(sc.Portfolios))...)...)
		return
	}
	s.set(1, r, "Effects", st.subtitle)
	s.header(1, r+1, "Cycle", "Regime", "Series", "Return added", "Volatility ×")
	r += 2
	for _, ch := range sc.Regimes.Chains {
		for i, name := range ch.States {
			for a, e := range ch.Effects[i] {
				if e.Return == 0 && e.VolScale == 1 {
					continue
				}
				series := "Inflation"
				if a < len(sc.Assets) {
					series = sc.Assets[a].Name
				}
				s.row(1, r, st.text, capitalize(words(ch.Name)), words(name), series)
				s.set(4, r, e.Return, st.percent)
				s.set(5, r, e.VolScale, st.number2)
				r++
			}
		}
	}
	if sc.Regimes.Anchor == model.LongRun && len(sc.Regimes.Chains) > 0 {
		s.note(r+1, 1, 5, 3, "The effects are balanced: each one is shifted by the same amount for its series so that, over the long run, "+
			"they average to zero. The expected returns on the Assumptions sheet stay the long-run averages, and the regimes add cycles "+
			"and fat tails around them.")
	}
	s.widths(append([]float64{36}, repeat(15, 4+2*len(sc.Portfolios))...)...)
}

// hasEffects reports whether any regime state changes a series.
func hasEffects(sc *model.Scenario) bool {
	for _, ch := range sc.Regimes.Chains {
		for _, effs := range ch.Effects {
			for _, e := range effs {
				if e.Return != 0 || e.VolScale != 1 {
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
		return "No regimes: one set of assumptions throughout"
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
