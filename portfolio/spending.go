package portfolio

// This file is the spending rules of SCENARIO.md, "Spending rules", each
// implemented once. Notation as there: year y of the rule (StartYear is
// its "year 1"), P_y the portfolio's value at the year's start, I_y the
// price index then, S_y the year's total withdrawal in money of the day.

// SpendMemory is what a spending rule remembers of a path's earlier years.
// The engine keeps one per portfolio and path; its zero value is a new
// path, and Schedule.Decide updates it at each of the rule's years.
type SpendMemory struct {
	First, Prev           float64 // S_1 and S_{y−1}: the rule's first and latest withdrawals, after the min/max clamps
	FirstIndex, PrevIndex float64 // I_1 and I_{y−1}: the price index at those years' starts
	IWR                   float64 // guardrails: S_1 / Initial
	// Guard is what the guardrails rule did in the year just decided, for
	// the report's counts of cuts and raises by year.
	Guard GuardAction
}

// GuardAction is what Guyton and Klinger's rules did to a year's
// withdrawal.
type GuardAction int8

// The guardrails' actions. A year may hold back the inflation raise and
// then also be cut or raised; Guard then says Cut or Raise.
const (
	GuardNone  GuardAction = iota // indexed as usual (or not a guardrails year)
	GuardFroze                    // a loss year: no inflation raise
	GuardCut                      // above the upper guardrail: cut
	GuardRaise                    // below the lower guardrail: raised
)

// withdrawal is S_y for the state's year, which must be one of the rule's
// years, from the state and the path's memory, which it updates. factor is
// the year's vpw or rmd share of P_y (see factors). A depleted portfolio
// (P_y ≤ 0) spends 0, whatever min_amount says.
func (sp *Spending) withdrawal(st State, mem *SpendMemory, factor float64) float64 {
	mem.Guard = GuardNone
	p := st.Value
	if p <= 0 {
		return 0
	}
	first := st.Year == sp.StartYear
	var s float64
	switch sp.Rule {
	case Constant: // S_y = S_1 · I_y / I_1, indexed once a year
		if first {
			s = sp.firstAmount(st.Index)
		} else {
			s = mem.First * (st.Index / mem.FirstIndex)
		}
	case Percent: // S_y = rate · P_y
		s = sp.Rate * p
	case FloorCeiling: // clamp(rate·P_y, S_{y−1}·(I_y/I_{y−1})·(1 − floor), … ·(1 + ceiling))
		s = sp.Rate * p
		if !first {
			b := mem.Prev * (st.Index / mem.PrevIndex)
			s = max(min(s, b*(1+sp.FloorCeiling.Ceiling)), b*(1-sp.FloorCeiling.Floor))
		}
	case NinetyFive: // S_y = max(rate · P_y, 0.95 · S_{y−1})
		s = sp.Rate * p
		if !first {
			s = max(s, 0.95*mem.Prev)
		}
	case VPW, RMD: // S_y = P_y × the year's factor
		s = p * factor
	case Guardrails:
		if first {
			s = sp.firstAmount(st.Index)
			break
		}
		g := &sp.Guardrails
		b := mem.Prev * (st.Index / mem.PrevIndex)
		if st.LastReturn < -flatYear && b/p > mem.IWR { // no raise after a loss year, never made up
			b = mem.Prev
			mem.Guard = GuardFroze
		}
		wr := b / p
		switch {
		case wr > mem.IWR*(1+g.Upper) && sp.EndYear-st.Year+1 > g.PreservationYears:
			b *= 1 - g.Cut
			mem.Guard = GuardCut
		case wr < mem.IWR*(1-g.Lower):
			b *= 1 + g.Raise
			mem.Guard = GuardRaise
		}
		s = b
	}
	if sp.HasMin { // min/max in today's money, applied last
		s = max(s, sp.MinAmount*st.Index)
	}
	if sp.HasMax {
		s = min(s, sp.MaxAmount*st.Index)
	}
	if first {
		mem.First, mem.FirstIndex = s, st.Index
		mem.IWR = s / sp.Initial
	}
	mem.Prev, mem.PrevIndex = s, st.Index
	return s
}

// firstAmount is S_1 of the constant and guardrails rules: Amount in
// today's money (× I_1), or InitialRate × Initial when Amount is 0.
func (sp *Spending) firstAmount(index float64) float64 {
	if sp.Amount > 0 {
		return sp.Amount * index
	}
	return sp.InitialRate * sp.Initial
}

// flatYear is the size below which a year's return is rounding, not a
// loss: a portfolio of a 0 % asset compounds its steps' returns to about
// −1e-15, which skipped guardrails' inflation raise after a year that
// neither gained nor lost.
const flatYear = 1e-12

// usesLastReturn reports whether the rule looks at last year's return
// (Guyton and Klinger's guardrails do); computing it costs a pass over the
// year's steps, which the engine saves when no rule needs it.
func (sp *Spending) usesLastReturn() bool { return sp.Rule.Traits().UsesLastReturn }

// factors returns, for years 1..years at [y−1], the share of P_y that the
// vpw and rmd rules spend in year y of the rule (0 outside StartYear..EndYear,
// and for the other rules, which do not use it). They depend on the year
// alone, so they are computed once rather than on every path.
func (sp *Spending) factors(years int) []float64 {
	f := make([]float64, years)
	for y := max(sp.StartYear, 1); y <= min(sp.EndYear, years); y++ {
		switch sp.Rule {
		case VPW:
			f[y-1] = vpwFactor(sp.RealReturn, sp.EndYear-y+1)
		case RMD:
			f[y-1] = max(sp.Rate, rmdShare(sp.Age+y-1, sp.RMDStartAge))
		}
	}
	return f
}

// vpwFactor is the annuity-due payment per unit of wealth that spends it
// over n years at real return r: r / ((1+r)·(1 − (1+r)^(−n))), 1/n when
// r = 0, and exactly 1 when n = 1 (the last year spends what is left).
// (1+r)^n is a product of n factors: multiplications alone, the same on
// every machine.
func vpwFactor(r float64, n int) float64 {
	switch {
	case n <= 1:
		return 1
	case r == 0:
		return 1 / float64(n)
	}
	g := 1.0
	for range n {
		g *= 1 + r
	}
	return r / ((1 + r) * (1 - 1/g))
}

// rmdShare is 1/D(age) from the IRS Uniform Lifetime Table for ages at or
// after startAge, and 0 before.
func rmdShare(age, startAge int) float64 {
	if age < startAge {
		return 0
	}
	return 1 / uniformLifetime(age)
}

// uniformLifetime is the distribution period D(age) of the IRS Uniform
// Lifetime Table: Publication 590-B (Distributions from Individual
// Retirement Arrangements), Appendix B, Table III, the table in force for
// distribution years from 2022 (as SCENARIO.md lists it). It starts at 72,
// the youngest valid start_age (younger ages get D(72)); 120 and over is 2.0.
func uniformLifetime(age int) float64 {
	const first = UniformLifetimeFirstAge
	switch {
	case age >= first+len(uniformLifetimeTable):
		return 2.0
	case age < first:
		age = first
	}
	return uniformLifetimeTable[age-first]
}

// UniformLifetimeFirstAge is the first age of the IRS Uniform Lifetime
// Table (uniformLifetimeTable).
const UniformLifetimeFirstAge = 72

// uniformLifetimeTable is D for ages 72..119 (Publication 590-B, Table III).
var uniformLifetimeTable = [...]float64{
	27.4, 26.5, 25.5, 24.6, 23.7, 22.9, 22.0, 21.1, 20.2, 19.4, // 72–81
	18.5, 17.7, 16.8, 16.0, 15.2, 14.4, 13.7, 12.9, 12.2, 11.5, // 82–91
	10.8, 10.1, 9.5, 8.9, 8.4, 7.8, 7.3, 6.8, 6.4, 6.0, // 92–101
	5.6, 5.2, 4.9, 4.6, 4.3, 4.1, 3.9, 3.7, 3.5, 3.4, // 102–111
	3.3, 3.1, 3.0, 2.9, 2.8, 2.7, 2.5, 2.3, // 112–119
}
