package configs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/divsim/divsim/portfolio"
)

// Values valid under the contract but far from any real one, most likely
// typed by mistake: divsim runs them and notes each, naming its key and
// what it would mean, so that a slipped decimal does not reach a client
// unnoticed.
const (
	unusualReturn = 0.25 // an expected return above 25 % a year
	unusualVol    = 0.60 // a volatility above 60 % a year
	unusualCharge = 0.03 // a fee or expense ratio above 3 % a year (above 10 % is refused)
	unusualPrices = 0.10 // inflation, or its volatility, above 10 % a year
	unusualSpend  = 0.15 // a withdrawal rate above 15 % of the portfolio a year
)

// unusual notes the file's values that are valid but unusual: expected
// returns, volatilities and charges far above any asset class's or
// adviser's, inflation far above any developed economy's, withdrawal rates
// far above any sustainable one, and report percentiles that all look like
// fractions (below 1).
func (r *resolver) unusual() {
	f := &r.doc.File
	yearly := func(key string, x *float64, limit float64, what string) {
		if x != nil && *x > limit {
			r.note(key, "%s is %s a year, far above %s; %s", short(*x), percent(*x), what, meant(*x))
		}
	}
	for i, a := range f.Assets {
		key := func(name string) string { return fmt.Sprintf("assets[%d].%s (%s)", i, name, a.ID) }
		yearly(key("expected_return"), a.ExpectedReturn, unusualReturn, "any asset class's long-run return")
		yearly(key("volatility"), a.Volatility, unusualVol, "any asset class's")
		yearly(key("expense_ratio"), a.ExpenseRatio, unusualCharge, "a fund's usual")
	}
	if in := f.Inflation; in != nil {
		yearly("inflation.expected", in.Expected, unusualPrices, "any developed economy's long-run inflation")
		yearly("inflation.volatility", in.Volatility, unusualPrices, "inflation's usual (1 to 2%)")
	}
	if sp := f.Spending; sp != nil {
		yearly("spending.initial_rate", sp.InitialRate, unusualSpend, "any sustainable withdrawal rate")
		if r.sc.Spending != nil && portfolio.TakesRate(r.sc.Spending.Rule.Traits()) { // vpw ignores it, and says so
			yearly("spending.rate", sp.Rate, unusualSpend, "any sustainable withdrawal rate")
		}
	}
	yearly("defaults.fee", f.Defaults.Fee, unusualCharge, "an advisory fee's usual")
	for i, p := range f.Portfolios {
		yearly(fmt.Sprintf("portfolios[%d].fee (%s)", i, p.Name), p.Fee, unusualCharge, "an advisory fee's usual")
	}
	r.idleSpending()
	// [1] is the 1st percentile, and 100 × 1 no percentile: below 1 only.
	if ps := f.Report.Percentiles; len(ps) > 0 && !slices.ContainsFunc(ps, func(p float64) bool { return p >= 1 }) {
		meant := scaled(ps)
		r.note("report.percentiles", "[%s] are the %s percentiles, all at the very bottom; for the %s write [%s]",
			list(ps), ordinals(ps), ordinals(meant), list(meant))
	}
}

// list writes numbers as a list does: 5, 50, 95.
func list(xs []float64) string {
	texts := make([]string, len(xs))
	for i, x := range xs {
		texts[i] = short(x)
	}
	return strings.Join(texts, ", ")
}

// meant says what a yearly fraction too high most likely meant: a decimal
// place slipped (0.80 for 0.08) or, from 1 on, also percent typed (1.6 for
// 1.6 %).
func meant(x float64) string {
	text := fmt.Sprintf("for %s write %s", percent(x/10), short(x/10))
	if x >= 1 {
		text += fmt.Sprintf(", for %s write %s", percent(x/100), short(x/100))
	}
	return text
}

// percent writes a yearly fraction as a percentage: 0.8 → "80%".
func percent(x float64) string { return short(100*x) + "%" }

// short writes a number to four significant digits, without the
// rounding noise of a product (100 × 0.07 is 7.000000000000001).
func short(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

func scaled(ps []float64) []float64 {
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = 100 * p
	}
	return out
}

// ordinals writes percentiles as ordinals: 1, 50, 95 → "1st, 50th and 95th".
func ordinals(ps []float64) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		suffix := "th"
		if n := int(p); float64(n) == p && (n%100 < 11 || n%100 > 13) {
			suffix = [10]string{"th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"}[n%10]
		}
		out[i] = short(p) + suffix
	}
	if len(out) == 1 {
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

// idleSpending notes a spending rule's settings that can never act: an
// rmd rule with no floor rate nor min_amount whose client never reaches the first
// required age within the plan (it pays nothing), and guardrails whose
// preservation years leave no year in which it may cut.
func (r *resolver) idleSpending() {
	sp := r.sc.Spending
	if sp == nil {
		return
	}
	years := sp.EndYear - sp.StartYear + 1
	switch {
	case sp.Rule == portfolio.RMD && sp.Rate == 0 && !sp.HasMin && sp.Age+sp.EndYear-1 < sp.RMDStartAge:
		r.note("spending.rule", "rmd pays nothing in this plan: the client is %d in year %d and %d in its last, year %d, "+
			"below the first required age, %d, and the rule has no rate to pay before it", sp.Age+sp.StartYear-1, sp.StartYear,
			sp.Age+sp.EndYear-1, sp.EndYear, sp.RMDStartAge)
	case sp.Rule == portfolio.Guardrails && years > 1 && sp.Guardrails.PreservationYears >= years-1:
		// The rule decides from its second year, with at most years − 1
		// left, and cuts only while more than preservation_years are.
		given := ""
		if g := r.f.Spending.Guardrails; g == nil || g.PreservationYears == nil {
			given = " (the default)"
		}
		r.note("spending.guardrails.preservation_years", "%d%s leaves no year in which guardrails may cut: the rule cuts only while "+
			"more than that many of its %d years remain, from its second year on", sp.Guardrails.PreservationYears, given, years)
	}
}
