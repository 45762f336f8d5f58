package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
	"github.com/divsim/divsim/solve"
)

// SolveDocument is divsim solve's JSON (SCENARIO.md, "Sustainable
// spending"), format 1, in the contract's key order.
type SolveDocument struct {
	Format   int     `json:"format"`
	Scenario string  `json:"scenario"`
	Seed     uint64  `json:"seed"`
	Paths    int     `json:"paths"`
	Success  float64 `json:"success"`
	// AmountYear and Deflator: an initial_rate starting after year 1 of
	// a plan with inflation is paid in that year's money; its amounts are
	// rate × initial × Deflator, in today's money (solve.Result). Absent
	// when amount = rate × initial.
	AmountYear int                  `json:"amount_year,omitempty"`
	Deflator   float64              `json:"deflator,omitempty"`
	Portfolios []SolvePortfolioJSON `json:"portfolios"`
}

// SolvePortfolioJSON is one portfolio's sustainable withdrawals; null
// when even no withdrawal reaches the target.
type SolvePortfolioJSON struct {
	Name string           `json:"name"`
	SWR  *SolveFigureJSON `json:"swr"`
	PWR  *SolveFigureJSON `json:"pwr"`
	// SWRSpending is what a guardrails rule paid at the swr's rate, on
	// the same paths, as the run's spending metric (absent otherwise).
	SWRSpending *SpendingJSON `json:"swr_spending,omitempty"`
}

// SolveFigureJSON is a withdrawal as a rate of the initial amount and in
// today's money, with the 95 % interval of each.
type SolveFigureJSON struct {
	Rate     float64 `json:"rate"`
	Amount   float64 `json:"amount"`
	RateLo   float64 `json:"rate_lo"`
	RateHi   float64 `json:"rate_hi"`
	AmountLo float64 `json:"amount_lo"`
	AmountHi float64 `json:"amount_hi"`
	// Capped: the rule's max_amount binds, and the figure is it (see
	// solve.Figure.Capped); absent otherwise.
	Capped bool `json:"capped,omitempty"`
}

func solveFigureJSON(f *solve.Figure) *SolveFigureJSON {
	if f == nil {
		return nil
	}
	return &SolveFigureJSON{Rate: f.Rate, Amount: f.Amount, RateLo: f.RateLo, RateHi: f.RateHi, AmountLo: f.AmountLo, AmountHi: f.AmountHi, Capped: f.Capped}
}

// NewSolveDocument is a solve's JSON document.
func NewSolveDocument(sc *model.Scenario, res *solve.Result) *SolveDocument {
	doc := &SolveDocument{Format: 1, Scenario: sc.Info.Name, Seed: res.Seed, Paths: res.Paths, Success: res.Target}
	if res.AmountYear > 0 {
		doc.AmountYear, doc.Deflator = res.AmountYear, res.Deflator
	}
	for _, p := range res.Portfolios {
		doc.Portfolios = append(doc.Portfolios, SolvePortfolioJSON{Name: p.Name, SWR: solveFigureJSON(p.SWR), PWR: solveFigureJSON(p.PWR),
			SWRSpending: spendingJSON(p.Paid)})
	}
	return doc
}

// Encode is the document as indented JSON with a final newline.
func (d *SolveDocument) Encode() ([]byte, error) {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("solve JSON: %w", err)
	}
	return append(data, '\n'), nil
}

// addedWithdrawalText is the withdrawal solve adds to a scenario without a
// spending rule: once a year for the whole horizon, raised with inflation
// where the scenario models it.
func addedWithdrawalText(sc *model.Scenario) string {
	if sc.Inflation == nil {
		return "the same withdrawal paid once a year for all " + fmt.Sprint(sc.Simulation.HorizonYears) + " years (the scenario models no inflation)"
	}
	return "a withdrawal paid once a year for all " + fmt.Sprint(sc.Simulation.HorizonYears) + " years, raised with inflation"
}

// solveWithdrawalText says in words what varies: the rule and its first
// year, on top of which flows.
func solveWithdrawalText(sc *model.Scenario, res *solve.Result) string {
	if res.Added {
		text := addedWithdrawalText(sc)
		if len(sc.Flows) > 0 {
			text += ", on top of the scenario's cash flows"
		}
		return text
	}
	// The rule's own sentence, from the amount solve finds: every rule
	// solve varies is stated by its words (spendingRuleWords), a new one
	// too, with its clauses (guardrails') and without "raised with
	// inflation" where the scenario has none.
	sp := *sc.Spending
	what := "the scenario's rule with its first year's amount varied: " +
		spendingRuleWords[sp.Rule].sentence(&sp, "the amount found", sc.Inflation != nil)
	if sp.HasMin || sp.HasMax {
		what += ", within its minimum and maximum amounts"
	}
	if sc.Inflation == nil {
		what += " (the scenario models no inflation)"
	}
	return what
}

// solveMethodText says how the figures were found.
func solveMethodText(res *solve.Result) string {
	if res.Method == solve.Exact {
		return fmt.Sprintf("exactly for the simulated paths: each path's largest sustainable withdrawal was found, and the figure is the one that %s of them exceed (one run)", targetText(res.Target))
	}
	text := fmt.Sprintf("by bisection on the same paths in %s, to 0.01%% of the initial amount", Counted(res.Runs, "run", "runs"))
	if !res.Converged {
		text += " (stopped at its run limit before reaching that precision on every figure)"
	}
	return text
}

// targetText is a solve's success target as a percentage, with as many
// decimals as it has (99.9%, not the 100% a whole number rounds it to).
func targetText(x float64) string {
	for d := range 9 {
		scaled := float64(100 * x * math.Pow(10, float64(d))) // the conversion keeps the product from fusing into the subtraction
		if math.Abs(math.Round(scaled)-scaled) < 1e-6 {
			return pctText(x, d)
		}
	}
	return pctText(x, 9)
}

// finerThanPaths says, when the target leaves room for no path to run out
// of money at this many paths (fewer than one in its share), that more
// paths resolve it; "" otherwise.
func finerThanPaths(res *solve.Result) string {
	if solve.PathsNeeded(res.Target, res.Paths) < res.Paths {
		return ""
	}
	return fmt.Sprintf("At %s paths a %s target lets no path run out of money: it is finer than one path in %s, so the figures rest on the "+
		"poorest path alone; more paths (--paths) resolve it.", thousands(res.Paths), targetText(res.Target), thousands(res.Paths))
}

// cappedNote names the portfolios whose figure is the rule's max_amount
// (solve.Figure.Capped); "" when none is.
func cappedNote(sc *model.Scenario, res *solve.Result) string {
	var names []string
	for _, p := range res.Portfolios {
		if p.SWR != nil && p.SWR.Capped || p.PWR != nil && p.PWR.Capped {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("Capped (%s): the rule's max_amount, %s, binds. It pays no more than that in its first year, and %s of the paths "+
		"succeed at it, so the figure is max_amount itself: the plan sustains more than the rule lets it pay.",
		strings.Join(names, ", "), moneyText(sc.Spending.MaxAmount, sc.Info.Currency), targetText(res.Target))
}

// amountNote says how an initial_rate starting after year 1 was brought
// to today's money (solve.Result.AmountYear); "" otherwise.
func amountNote(res *solve.Result) string {
	if res.AmountYear == 0 {
		return ""
	}
	return fmt.Sprintf(" The rule's initial_rate is a share of the initial amount paid in year %d, in that year's money: its amounts are "+
		"that in today's money on the typical path, divided by %s, the median rise in prices by year %d.",
		res.AmountYear, rounded(1/res.Deflator, 3), res.AmountYear)
}

// WriteSolveTable prints a solve's figures, one row per portfolio.
func WriteSolveTable(w io.Writer, sc *model.Scenario, res *solve.Result) error {
	cur := sc.Info.Currency
	windows := sc.Simulation.ReturnModel == model.Historical
	fmt.Fprintf(w, "%s — the most each portfolio can spend with %s success; %s\n", sc.Info.Name, targetText(res.Target),
		runSize(sc, res.Paths, res.Seed))
	fmt.Fprintf(w, "Withdrawal: %s.%s Found %s.\n", solveWithdrawalText(sc, res), inflowSentence(solveInflows(sc, res), "the spending found"),
		solveMethodText(res))
	fmt.Fprintf(w, "Sustainable (swr): %s of the paths never run out of money. Perpetual (pwr): %s of them also end with at least %s in today's money.\n",
		targetText(res.Target), targetText(res.Target), moneyText(sc.Initial, cur))
	if note := finerThanPaths(res); note != "" {
		fmt.Fprintln(w, note)
	}
	fmt.Fprintln(w)
	tw := newColumns(w, true)
	pad := flushLeft(solveNames(res))
	fmt.Fprintln(tw, pad("Portfolio")+"\tSustainable\tFirst year\t95% interval\tPerpetual\tFirst year\t95% interval\t")
	missing := false
	for _, p := range res.Portfolios {
		cells := []string{pad(p.Name)}
		for _, f := range []*solve.Figure{p.SWR, p.PWR} {
			if f == nil {
				cells = append(cells, "out of reach", "–", "–")
				missing = true
				continue
			}
			interval := wholeMoney(floorTo(f.AmountLo, 0)) + " – " + wholeMoney(floorTo(f.AmountHi, 0))
			if windows {
				interval = "–" // overlapping windows: no Monte Carlo error
			}
			cells = append(cells, pctText(floorTo(f.Rate, 4), 2), wholeMoney(floorTo(f.Amount, 0)), interval)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if missing {
		fmt.Fprintf(w, "\nOut of reach: even without this withdrawal fewer than %s of paths succeed. Without it:\n", targetText(res.Target))
		for _, p := range res.Portfolios {
			if p.SWR == nil || p.PWR == nil {
				fmt.Fprintf(w, "  %s: %s never run out of money, %s end with the initial amount\n", p.Name, pctText(p.AtZero.Success, 1), pctText(p.AtZero.Perpetual, 1))
			}
		}
	}
	if note := cappedNote(sc, res); note != "" {
		fmt.Fprintf(w, "\n%s\n", note)
	}
	if res.Rule.Traits().Acts && anyPaid(res) {
		fmt.Fprintf(w, "\n%s. What the rule paid at the sustainable rate, on the same paths:\n", guardrailsCaveat)
		if err := writeSolvePaid(w, res); err != nil {
			return err
		}
	}
	if windows {
		_, err := fmt.Fprintf(w, "\nAmounts are in today's money (%s); rates and first-year amounts found are rounded down. The windows overlap: they count what history did, "+
			"not independent draws, so there is no Monte Carlo interval.%s\n", cur, amountNote(res))
		return err
	}
	_, err := fmt.Fprintf(w, "\nAmounts are in today's money (%s); rates and first-year amounts found are rounded down; the interval is the Monte Carlo error at %s paths.%s\n", cur, thousands(res.Paths), amountNote(res))
	return err
}

// guardrailsCaveat says what a guardrails rule's high sustainable rate
// costs: its cuts, which the table of what it paid shows. No more than
// that: at the rate found, paths still run out as often as the target
// allows ("rarely runs out" was belied by the chart beside it).
const guardrailsCaveat = "Guardrails cut spending after losses, which typically keeps more paths going than the same first-year withdrawal " +
	"raised with inflation every year; the price is lower spending in bad markets"

// solveInflows are the flows paid into the portfolio while the withdrawal
// solve varies pays: in the rule's years, or in every year for the
// withdrawal solve added to a scenario without a rule.
func solveInflows(sc *model.Scenario, res *solve.Result) []string {
	if res.Added {
		return inflowsDuring(sc, 1, sc.Simulation.HorizonYears)
	}
	return inflowNames(sc)
}

// anyPaid reports whether some portfolio has what its rule paid at its
// sustainable rate: none has when every rate is out of reach.
func anyPaid(res *solve.Result) bool {
	return slices.ContainsFunc(res.Portfolios, func(p solve.Portfolio) bool { return p.Paid != nil })
}

// writeSolvePaid prints what a guardrails rule paid at each portfolio's
// sustainable rate, with the sweep's spending figures.
func writeSolvePaid(w io.Writer, res *solve.Result) error {
	tw := newColumns(w, true)
	pad := flushLeft(solveNames(res))
	fmt.Fprintln(tw, pad("Portfolio")+"\t"+sweepSpendingHeads())
	for _, p := range res.Portfolios {
		if p.Paid != nil {
			fmt.Fprintln(tw, pad(p.Name)+"\t"+sweepSpendingText(&sim.Portfolio{Spending: p.Paid}, true))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, sweepSpendingNote(firstYearSpending.figure().short+": the sustainable rate's amount."))
	return err
}

// The solve workbook's sheets: the figures and charts on one page, and
// the charts' data.
const (
	sheetSolve      = "Sustainable spending"
	sheetSolveCurve = "Success by rate"
)

// BuildSolveWorkbook builds a solve's workbook: the figures and
// the success rate against the first year's withdrawal rate for every
// portfolio on one page, the charts' data, the assumptions, a glossary and
// the disclosures.
func BuildSolveWorkbook(sc *model.Scenario, res *solve.Result, stamp Stamp) (*excelize.File, error) {
	paths := "simulated paths"
	if sc.Simulation.ReturnModel == model.Historical {
		paths = "rolling windows of history"
	}
	// Both figures of its page: the perpetual one had gone unmentioned.
	what := fmt.Sprintf("This workbook shows, for each portfolio of the scenario “%s”, the largest first-year withdrawal at which "+
		"%s of %s %s never run out of money (the sustainable withdrawal), and the largest at which %s of them also end the %s "+
		"with at least the initial amount in today's money (the perpetual withdrawal), each as a share of the initial amount and "+
		"in today's money, found %s. Every portfolio and every withdrawal tried ran on the same %s.",
		sc.Info.Name, targetText(res.Target), thousands(res.Paths), paths, targetText(res.Target),
		Counted(sc.Simulation.HorizonYears, "year", "years"), solveMethodText(res), paths)
	return studyBook(sc, stamp, sheetSolve, true, func(s *sheet) error {
		if _, err := s.b.f.NewSheet(sheetSolveCurve); err != nil {
			return err
		}
		data := &sheet{b: s.b, name: sheetSolveCurve}
		solveSheet(s, data, sc, res)
		data.printSetup()
		// Hidden: the rates a bisection tried, pages of figures a client
		// need not read; the charts read them all the same.
		data.keep(s.b.f.SetSheetVisible(sheetSolveCurve, false))
		return data.err
	}, contents{kind: solveBook, runs: []shownRun{{sc: sc}}, what: what})
}

// WriteSolveWorkbook writes BuildSolveWorkbook's workbook to path, whole or not at
// all.
func WriteSolveWorkbook(path string, sc *model.Scenario, res *solve.Result, stamp Stamp) error {
	return writeBook(path, func() (*excelize.File, error) { return BuildSolveWorkbook(sc, res, stamp) })
}

// solveSheet lays out the figures and the two curves on s, one landscape
// page, and the curves' data on data.
func solveSheet(s, data *sheet, sc *model.Scenario, res *solve.Result) {
	st := s.b.st
	heading := "How much can each portfolio spend?"
	if res.Rule.Traits().Acts { // the rule then cuts: what is found is where spending starts
		heading = "How much can each portfolio start spending?"
	}
	s.set(1, 1, heading, st.title)
	target := targetText(res.Target)
	windows := sc.Simulation.ReturnModel == model.Historical
	paths, interval := "simulated paths", "The 95% interval is the Monte Carlo error."
	if windows {
		paths, interval = "rolling windows of history", "The windows overlap: they count what history did, not independent draws, so there is no Monte Carlo interval."
	}
	text := fmt.Sprintf("%s: the largest first-year withdrawal, as a share of the initial %s and in today's money, at which %s of "+
		"%s %s never run out of money over %d years (sustainable), and at which they also end with at least the "+
		"initial amount in today's money (perpetual). Withdrawal: %s.%s %s", sc.Info.Name,
		moneyText(sc.Initial, sc.Info.Currency), target, thousands(res.Paths), paths, sc.Simulation.HorizonYears, solveWithdrawalText(sc, res),
		inflowSentence(solveInflows(sc, res), "the spending found"), interval) + amountNote(res)
	if slices.ContainsFunc(res.Portfolios, func(p solve.Portfolio) bool { return p.SWR == nil || p.PWR == nil }) {
		text += fmt.Sprintf(" Out of reach: fewer than %s of paths succeed even without this withdrawal.", target)
	}
	if note := finerThanPaths(res); note != "" {
		text += " " + note
	}
	if note := cappedNote(sc, res); note != "" {
		text += " " + note
	}
	if res.Rule.Traits().Acts && anyPaid(res) {
		text += " " + guardrailsCaveat + ", as the second table shows."
	}
	s.note(2, 1, 9, noteLines(text, sumWidths(solveWidths)), text)
	for j, group := range []string{"Sustainable", "Perpetual"} {
		col := 2 + 4*j
		s.set(col, 4, group, st.header)
		s.row(col+1, 4, st.header, "", "", "")
		s.keep(s.b.f.MergeCell(s.name, cell(col, 4), cell(col+3, 4)))
	}
	s.set(1, 4, "", st.header)
	s.header(1, 5, "Portfolio", "Rate", "First year", "95% low", "95% high",
		"Rate", "First year", "95% low", "95% high")
	s.keep(s.b.f.SetRowHeight(s.name, 5, 32))
	for i, p := range res.Portfolios {
		row := 6 + i
		s.set(1, row, p.Name, st.text)
		for j, f := range []*solve.Figure{p.SWR, p.PWR} {
			col := 2 + 4*j
			if f == nil {
				s.row(col, row, st.center, "out of reach", "–", "–", "–")
				continue
			}
			// Rates (to 0.01%) and whole amounts rounded down, as on the
			// console: a most that rounds up is more than can be spent.
			s.set(col, row, floorTo(f.Rate, 4), st.percent2)
			s.set(col+1, row, floorTo(f.Amount, 0), st.money)
			if windows {
				s.row(col+2, row, st.center, "–", "–")
				continue
			}
			s.set(col+2, row, floorTo(f.AmountLo, 0), st.money)
			s.set(col+3, row, floorTo(f.AmountHi, 0), st.money)
		}
	}
	s.widths(solveWidths...)
	top := 7 + len(res.Portfolios)
	if res.Rule.Traits().Acts && anyPaid(res) {
		top = solvePaidTable(s, top, res)
	}

	success, perpetual, maxRate := solveCurves(data, res)
	axis := func(name string) excelize.ChartAxis {
		return excelize.ChartAxis{Title: title(name), MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}}
	}
	zero, one := 0.0, 1.0
	for _, c := range []struct {
		at     string
		name   string
		series []excelize.ChartSeries
	}{
		{cell(1, top), "Paths never out of money", success},
		{cell(5, top), "Paths ending with the initial amount", perpetual},
	} {
		y := axis("")
		y.Minimum, y.Maximum = &zero, &one
		x := axis("First-year withdrawal, % of the initial amount")
		x.Minimum, x.Maximum = &zero, &maxRate // to the largest rate tried, not past it
		s.chart(c.at, &excelize.Chart{Type: excelize.Scatter, Series: c.series, Title: title(c.name),
			Dimension: excelize.ChartDimension{Width: 470, Height: 380}, Legend: excelize.ChartLegend{Position: "bottom"},
			XAxis: x, YAxis: y})
	}
	below, _ := s.chartEnd(s.charts[len(s.charts)-1])
	where := "The charts' figures are on the sheet “" + sheetSolveCurve + "”, hidden so that it does not print (unhide it to see them)."
	s.note(below+2, 1, 9, noteLines(where, sumWidths(solveWidths)), where)
}

// solveWidths are the Sustainable spending sheet's columns: the portfolio,
// then four for each figure. Its notes run across all nine and are as
// tall as their words wrap at that width (measured at 112 of its 120,
// the intro took a line more than it prints on).
var solveWidths = []float64{32, 11, 11, 11, 11, 11, 11, 11, 11}

// solvePaidTable writes, from row top, what a guardrails rule paid at each
// portfolio's sustainable rate, and returns the row after it.
func solvePaidTable(s *sheet, top int, res *solve.Result) int {
	st := s.b.st
	s.set(1, top, "What the rule paid at the sustainable rate, on the same paths", st.subtitle)
	s.header(1, top+1, append([]any{"Portfolio"}, sweepSpendingTitles()...)...)
	s.keep(s.b.f.SetRowHeight(s.name, top+1, threeLineHead))
	row := top + 2
	for _, p := range res.Portfolios {
		if p.Paid == nil {
			continue
		}
		s.set(1, row, p.Name, st.text)
		sweepSpendingCells(s, 2, row, &sim.Portfolio{Spending: p.Paid})
		row++
	}
	note := sweepSpendingNote(firstYearSpending.figure().short + ": the sustainable rate's amount.")
	s.note(row, 1, 9, noteLines(note, sumWidths(solveWidths)), note)
	s.keepTogether(top, row)
	return row + 2
}

// solveCurves writes the curves' data on their sheet, three columns per
// portfolio, and returns the charts' series: the share of paths never out
// of money, and ending with the initial amount, by withdrawal rate.
func solveCurves(s *sheet, res *solve.Result) (success, perpetual []excelize.ChartSeries, maxRate float64) {
	st := s.b.st
	s.set(1, 1, "Success rates by first-year withdrawal rate", st.title)
	where := "on a grid of 0.1% of the initial amount"
	if res.Method == solve.Bisection {
		where = "at the rates the bisection evaluated"
	}
	// Three columns a portfolio, side by side: narrower as portfolios are
	// added, so that up to six print at 82 % or more (11 pt text at 9 pt).
	w := max(8, min(11, 135/(3*max(1, len(res.Portfolios)))))
	note := "The data of the charts on the " + sheetSolve + " page, " + where +
		": the share of paths never out of money, and the share also ending with the initial amount in today's money."
	s.note(2, 1, 3*len(res.Portfolios), max(2, noteLines(note, float64(3*len(res.Portfolios)*w))), note)
	const head = 4
	var widths []float64
	names := make([]any, len(res.Portfolios))
	for i, p := range res.Portfolios {
		names[i] = p.Name
	}
	nameHeight := headerHeight(names, repeat(float64(3*w), len(names))) // each name over its three columns
	// Shares to two decimals: at one, 3,599 paths of 4,000 read 90.0 % at a
	// rate the solve rejected for falling short of 90 %.
	share2 := func(x float64) int {
		if style := st.shareStyle(x); style != st.percent {
			return style
		}
		return st.percent2
	}
	// The portfolios' names and heads atop every page of a long table.
	s.printTitles(head, head+1)
	for i, p := range res.Portfolios {
		col := 1 + 3*i
		// The portfolio's name over its three columns, whose short heads
		// the note above explains.
		s.set(col, head, p.Name, st.header)
		s.keep(s.b.f.MergeCell(s.name, cell(col, head), cell(col+2, head)))
		s.keep(s.b.f.SetRowHeight(s.name, head, nameHeight))
		s.header(col, head+1, "Rate", "Never out of money", "Ends with the initial")
		s.keep(s.b.f.SetRowHeight(s.name, head+1, 60)) // heads of up to four lines
		for j, pt := range p.Curve {
			row := head + 2 + j
			s.set(col, row, pt.Rate, st.percent2)
			s.set(col+1, row, pt.Success, share2(pt.Success))
			s.set(col+2, row, pt.Perpetual, share2(pt.Perpetual))
		}
		first, last := head+2, head+1+len(p.Curve)
		color := portfolioColor(i) // each portfolio in its colour, as on the other sheets
		line := excelize.ChartSeries{Name: s.ref(col, head, col, head), Categories: s.ref(col, first, col, last),
			Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 2}, Fill: solid(color), Marker: excelize.ChartMarker{Symbol: "none"}}
		if res.Method == solve.Bisection { // the evaluated rates, uneven: show them
			line.Marker = excelize.ChartMarker{Symbol: "circle", Size: 4, Fill: solid(color)}
		}
		line.Values = s.ref(col+1, first, col+1, last)
		success = append(success, line)
		line.Values = s.ref(col+2, first, col+2, last)
		perpetual = append(perpetual, line)
		widths = append(widths, float64(w), float64(w), float64(w))
		for _, pt := range p.Curve {
			maxRate = max(maxRate, pt.Rate)
		}
	}
	// The target as a dashed line across both charts, from rate 0 to the
	// largest rate tried: where a curve crosses it is the solved rate.
	col := 1 + 3*len(res.Portfolios)
	s.set(col, head, targetText(res.Target)+" target", st.header)
	s.keep(s.b.f.MergeCell(s.name, cell(col, head), cell(col+1, head)))
	s.header(col, head+1, "Chart line: rate", "Chart line: share") // the target line's two ends, not a portfolio
	s.row(col, head+2, st.percent2, 0.0, res.Target)
	s.row(col, head+3, st.percent2, maxRate, res.Target)
	target := excelize.ChartSeries{Name: s.ref(col, head, col, head), Categories: s.ref(col, head+2, col, head+3),
		Values: s.ref(col+1, head+2, col+1, head+3), Marker: excelize.ChartMarker{Symbol: "none"},
		Line: excelize.LineOptions{Type: excelize.LineSolid, Dash: excelize.LineDashDash, Width: 1.25}, Fill: solid("7F7F7F")}
	widths = append(widths, float64(w), float64(w))
	s.widths(widths...)
	s.freeze(head + 1)
	return append(success, target), append(perpetual, target), maxRate
}

// solveNames are the solved portfolios' names, in order.
func solveNames(res *solve.Result) []string {
	out := make([]string, len(res.Portfolios))
	for i, p := range res.Portfolios {
		out[i] = p.Name
	}
	return out
}

// floorTo rounds x ≥ 0 down to decimals places, as written to 15
// significant digits: a rate × amount that lands a rounding below a whole
// (131,399.99999999999 for 131,400) is that whole, not one less.
func floorTo(x float64, decimals int) float64 {
	if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	text := strconv.FormatFloat(x, 'g', 15, 64)
	if v, err := strconv.ParseFloat(text, 64); err == nil {
		x = v
	}
	p := math.Pow10(decimals)
	down := math.Floor(x * p)
	if float64((down+1)/p) <= x { // x·p a rounding below a whole
		down++
	}
	return down / p
}
