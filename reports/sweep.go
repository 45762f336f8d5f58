package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/batch"
	phrases "github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// SweepDocument is the JSON of `divsim sweep --json`: the sweep's settings
// and, per swept portfolio, each weight's figures named as in the results
// JSON.
type SweepDocument struct {
	Format   int              `json:"format"`
	Scenario string           `json:"scenario"`
	Seed     uint64           `json:"seed"`
	Paths    int              `json:"paths"`
	Version  string           `json:"version"`
	Input    FileRef          `json:"input"`
	Sweep    SweepSettings    `json:"sweep"`
	Groups   []SweepGroupJSON `json:"portfolios"`
}

// SweepSettings echo the sweep's flags: a sleeve's weight from, to, step
// (sleeve set, key null), or the spending rule's rate (key names what the
// file calls the rate, rule the rule, sleeve null).
type SweepSettings struct {
	Sleeve   *string `json:"sleeve"`
	Key      *string `json:"key"`
	Rule     *string `json:"rule"`
	From     float64 `json:"from"`
	To       float64 `json:"to"`
	Step     float64 `json:"step"`
	FundFrom *string `json:"fund_from"`
}

// SweepGroupJSON is one swept portfolio.
type SweepGroupJSON struct {
	Name   string           `json:"name"`
	Best   *SweepBestJSON   `json:"best"` // null in a rate sweep
	Points []SweepPointJSON `json:"points"`
}

// SweepBestJSON is how a sleeve sweep marks a best weight: the leader and
// runner-up by mean Sharpe ratio (criterion "sharpe_mean": the mean over
// paths of each path's Sharpe ratio), the leader's lead over the runner-up
// on the same paths with its standard error, and the marked weight, the
// leader's when its lead exceeds 2 standard errors (null otherwise: the
// leaders are indistinguishable at this path count). Weights and lead are
// null when fewer than two weights have a Sharpe ratio.
type SweepBestJSON struct {
	Criterion      string   `json:"criterion"`
	Weight         *float64 `json:"weight"`
	LeaderWeight   *float64 `json:"leader_weight"`
	RunnerUpWeight *float64 `json:"runner_up_weight"`
	Lead           *float64 `json:"lead"`
	LeadSE         *float64 `json:"lead_se"`
}

// SweepSharpeJSON is a point's mean Sharpe ratio and its paired difference
// from the leader's on the same paths, with that difference's standard
// error (0 and 0 at the leader).
type SweepSharpeJSON struct {
	Mean         float64 `json:"mean"`
	DiffLeader   float64 `json:"diff_leader"`
	DiffLeaderSE float64 `json:"diff_leader_se"`
}

// SweepPointJSON is one weight's (or rate's) figures.
type SweepPointJSON struct {
	Weight           *float64    `json:"weight"` // null in a rate sweep
	Rate             *float64    `json:"rate"`   // null in a sleeve sweep
	AnnualizedReturn DistJSON    `json:"annualized_return"`
	Volatility       P50         `json:"volatility"`
	MaxDrawdown      P50P95      `json:"max_drawdown"`
	CVaR95           float64     `json:"cvar_95"`
	Sharpe           NullableP50 `json:"sharpe"`
	// SharpeMean is the criterion of the best weight (null in a rate sweep
	// or when no path has a Sharpe ratio).
	SharpeMean     *SweepSharpeJSON `json:"sharpe_mean"`
	SuccessRate    float64          `json:"success_rate"`
	SuccessRateSE  float64          `json:"success_rate_se"`
	TerminalWealth DistJSON         `json:"terminal_wealth"`
	TerminalReal   DistJSON         `json:"terminal_wealth_real"`
	// Spending is what the rule paid, in today's money (null without a
	// spending rule).
	Spending *SweepSpendingJSON `json:"spending"`
	// ProbOutperform and ProbTie are the shares of paths on which this
	// weight ended above and tied with weight 0 (null at weight 0 itself);
	// the rest ended below it.
	ProbOutperform *float64 `json:"prob_outperform_zero"`
	ProbTie        *float64 `json:"prob_tie_zero"`
}

// SweepSpendingJSON is a sweep point's spending figures: the results
// JSON's spending under the same keys, without the yearly fan (the
// shallower Fan, always nil, hides the embedded one).
type SweepSpendingJSON struct {
	*SpendingJSON
	Fan *struct{} `json:"fan,omitempty"`
}

func sweepSpendingJSON(sp *sim.Spending) *SweepSpendingJSON {
	if sp == nil {
		return nil
	}
	return &SweepSpendingJSON{SpendingJSON: spendingJSON(sp)}
}

// NewSweepDocument builds the sweep JSON.
func NewSweepDocument(sc *model.Scenario, spec batch.SweepSpec, results []batch.SweepResult, meta Meta) *SweepDocument {
	doc := &SweepDocument{
		Format: 1, Scenario: sc.Info.Name, Seed: sc.Simulation.Seed, Paths: sc.Simulation.Paths, Version: meta.Version,
		Input: FileRef{File: sc.Info.Source.File, SHA256: sc.Info.Source.SHA256},
		Sweep: SweepSettings{Sleeve: &spec.Sleeve, From: spec.From, To: spec.To, Step: spec.Step},
	}
	if spec.Rate {
		key, rule := batch.RateKey(sc.Spending.Rule), sc.Spending.Rule.String()
		doc.Sweep = SweepSettings{Key: &key, Rule: &rule, From: spec.RateFrom, To: spec.RateTo, Step: spec.RateStep}
	} else if spec.FundFrom != "" {
		doc.Sweep.FundFrom = &spec.FundFrom
	}
	for _, r := range results {
		g := SweepGroupJSON{Name: r.Source}
		if !spec.Rate {
			g.Best = sweepBestJSON(r)
		}
		for _, pt := range r.Points {
			p := pt.Results
			pj := SweepPointJSON{
				AnnualizedReturn: distJSON(p.AnnualizedReturn, false),
				Volatility:       P50{p.VolatilityP50}, MaxDrawdown: P50P95{p.MaxDrawdownP50, p.MaxDrawdownP95},
				CVaR95: p.CVaR95, Sharpe: NullableP50{p.SharpeP50},
				SuccessRate: p.SuccessRate, SuccessRateSE: p.SuccessRateSE,
				TerminalWealth: distJSON(p.TerminalWealth, true), TerminalReal: distJSON(p.TerminalWealthReal, true),
				Spending: sweepSpendingJSON(p.Spending),
			}
			if spec.Rate {
				pj.Rate = &pt.Rate
			} else {
				pj.Weight = &pt.Weight
			}
			if v := p.VsBaseline; v != nil {
				pj.ProbOutperform, pj.ProbTie = &v.ProbOutperform, &v.ProbTie
			}
			if sh := pt.Sharpe; sh != nil {
				pj.SharpeMean = &SweepSharpeJSON{Mean: sh.Mean, DiffLeader: sh.Diff, DiffLeaderSE: sh.DiffSE}
			}
			g.Points = append(g.Points, pj)
		}
		doc.Groups = append(doc.Groups, g)
	}
	return doc
}

func sweepBestJSON(r batch.SweepResult) *SweepBestJSON {
	b := &SweepBestJSON{Criterion: "sharpe_mean"}
	weight := func(i int) *float64 {
		if i < 0 {
			return nil
		}
		return &r.Points[i].Weight
	}
	b.Weight, b.LeaderWeight, b.RunnerUpWeight = weight(r.Best), weight(r.Leader), weight(r.RunnerUp)
	if r.RunnerUp >= 0 {
		b.Lead, b.LeadSE = &r.Lead, &r.LeadSE
	}
	return b
}

// Encode writes the document as indented JSON (refusing NaN and Inf).
func (d *SweepDocument) Encode() ([]byte, error) {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("sweep JSON: %w", err)
	}
	return append(data, '\n'), nil
}

// WriteSweepTable prints one table per swept portfolio, the best Sharpe
// ratio marked, with the spending figures when the scenario has a rule.
func WriteSweepTable(w io.Writer, sc *model.Scenario, spec batch.SweepSpec, results []batch.SweepResult) error {
	if spec.Rate {
		return writeRateSweepTable(w, sc, spec, results)
	}
	funding := "pro rata from the other sleeves"
	if spec.FundFrom != "" {
		funding = "from " + spec.FundFrom
	}
	fmt.Fprintf(w, "%s — sweep of %s, funded %s; %s, the same paths at every weight\n",
		sc.Info.Name, spec.Sleeve, funding, runSize(sc, sc.Simulation.Paths, sc.Simulation.Seed))
	spending := sc.Spending != nil
	for _, r := range results {
		fmt.Fprintf(w, "\n%s\n", r.Source)
		tw := newColumns(w, true)
		head := "Weight\t" + shortHeads(medianReturn, medianVolatility, drawdownP95, cvar95) + "Mean Sharpe\tvs leader\t" +
			shortHeads(successRate, medianWealth) + "Ahead / tied / behind 0%\t"
		if spending {
			head += sweepSpendingHeads()
		}
		fmt.Fprintln(tw, head)
		digits := sharpeDigits(r)
		for i, pt := range r.Points {
			p := pt.Results
			sharpe, vs := "n/a", "–"
			if sh := pt.Sharpe; sh != nil {
				sharpe, vs = fmt.Sprintf("%.*f", digits, sh.Mean), fmt.Sprintf("%+.*f ± %.*f", digits, sh.Diff, digits, sh.DiffSE)
			}
			switch i {
			case r.Best:
				sharpe = "*" + sharpe
				fallthrough
			case r.Leader:
				vs = "leader"
			}
			behind := "—"
			if p.VsBaseline != nil {
				behind = aheadTiedBehind(p.VsBaseline)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", pctText(pt.Weight, 0),
				pctText(p.AnnualizedReturn.P50, 2), percentText(medianVolatility.cellIn(sc, &p), 1), pctText(p.MaxDrawdownP95, 1), pctText(p.CVaR95, 1),
				sharpe, vs, shareText(p.SuccessRate, 1), money(p.TerminalWealth.P50), behind, sweepSpendingText(&p, spending))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w, sweepVerdict(r, "*"))
	}
	fmt.Fprintln(w, "\n"+sweepSharpeNote(false)+" Ahead / tied / behind 0%: shares of paths on which the portfolio ended above, tied with "+
		"(both out of money, for instance) and below the same portfolio without the sleeve.")
	if spending {
		fmt.Fprintln(w, sweepSpendingNote(sleeveSweepSpending(sc)))
	}
	return nil
}

// sweepSharpeNote says how a sweep marks a best weight, naming the
// difference's column as the table does: "vs leader" on the console (with
// ± its standard error), "Difference from the leader (paired)" in the
// workbook (its standard error in the next column).
func sweepSharpeNote(workbook bool) string {
	diff := "vs leader: a weight's mean Sharpe minus the leader's, as the mean of their differences on the same paths, ± one standard error."
	if workbook {
		diff = "Difference from the leader (paired): a weight's mean Sharpe minus the leader's, as the mean of their differences on the " +
			"same paths (paired), with its standard error beside it."
	}
	return "Mean Sharpe: the average over paths of each path's Sharpe ratio. " + diff + " A weight is marked best only when its lead " +
		"over every other weight exceeds 2 standard errors."
}

// sharpeDigits is how many decimals show a sweep's mean Sharpe ratios and
// differences: two significant digits of the lead's standard error, and
// at least 4.
func sharpeDigits(r batch.SweepResult) int {
	if r.LeadSE > 0 {
		return max(4, 1-int(math.Floor(math.Log10(r.LeadSE))))
	}
	return 4
}

// sweepVerdict says which weight is marked (with mark) and why, or that
// none is: the leader's lead over the runner-up with its standard error.
func sweepVerdict(r batch.SweepResult, mark string) string {
	if r.Leader < 0 || r.RunnerUp < 0 {
		return "No weight is marked best: fewer than two weights have a Sharpe ratio to compare."
	}
	d := sharpeDigits(r)
	lead, runner := pctText(r.Points[r.Leader].Weight, 0), pctText(r.Points[r.RunnerUp].Weight, 0)
	diff := fmt.Sprintf("%.*f ± %.*f", d, r.Lead, d, r.LeadSE)
	if r.Best >= 0 {
		return fmt.Sprintf("%s marks %s, the best weight by mean Sharpe ratio: it leads the runner-up, %s, by %s on the same paths, "+
			"more than 2 standard errors, as it leads every other weight.", mark, lead, runner, diff)
	}
	// Every weight the leader is not clear of, not only the runner-up: a
	// verdict naming one let a client think the choice lay between two.
	if close := r.Unclear(); len(close) > 1 || (len(close) == 1 && close[0] != r.RunnerUp) {
		var leads []string
		for _, i := range close {
			s, runnerUp := r.Points[i].Sharpe, ""
			if i == r.RunnerUp {
				runnerUp = "the runner-up, "
			}
			leads = append(leads, fmt.Sprintf("%s (%s%.*f ± %.*f)", pctText(r.Points[i].Weight, 0), runnerUp, d, -s.Diff, d, s.DiffSE))
		}
		return fmt.Sprintf("No weight is marked best: %s has the highest mean Sharpe ratio, but its lead over %s is within 2 standard errors "+
			"on the same paths (a mark needs more than 2 over every other weight).", lead, phrases.And(leads))
	}
	return fmt.Sprintf("No weight is marked best: the leaders are indistinguishable at this path count (difference %s in mean Sharpe "+
		"ratio between %s and the runner-up, %s, on the same paths; a mark needs more than 2 standard errors).", diff, lead, runner)
}

// spendingFigures are the spending columns of sweeps and of solve: what
// the rule paid in the first year, the median and 5th percentile of each
// path's average yearly spending in today's money, and the share of paths
// with a lean year.
func spendingFigures() []figureKey {
	return []figureKey{firstYearSpending, medianSpending, poorSpending, leanYear}
}

// sweepSpendingHeads are the spending columns' heads in a console table.
func sweepSpendingHeads() string { return shortHeads(spendingFigures()...) }

// sweepSpendingText are a point's spending columns in a console table
// (none when the scenario has no rule).
func sweepSpendingText(p *sim.Portfolio, on bool) string {
	if !on {
		return ""
	}
	return spendingText(p, spendingFigures()...)
}

// spendingText are spending figures in a console table's columns, each
// ended by a tab: amounts and shares of paths, a dash where the portfolio
// has no rule.
func spendingText(p *sim.Portfolio, keys ...figureKey) string {
	var cols strings.Builder
	for _, k := range keys {
		f := k.figure()
		v, ok := f.value(p)
		switch {
		case !ok:
			cols.WriteString("–")
		case f.unit == moneyUnit:
			cols.WriteString(money(v))
		default:
			cols.WriteString(shareText(v, 0))
		}
		cols.WriteString("\t")
	}
	return cols.String()
}

func sweepSpendingNote(rule string) string {
	short := func(k figureKey) string { return k.figure().short }
	return strings.TrimSpace(rule + " " + short(medianSpending) + " and " + short(poorSpending) + ": the median and 5th percentile over paths of each path's " +
		"average yearly spending, in today's money. " + short(leanYear) + ": the share of paths with a year paying less than " +
		rounded(100*sim.CutLevel, 0) + "% of the first year's (after inflation).")
}

// sleeveSweepSpending states a sleeve sweep's spending rule, and, as a
// rate sweep's text does, that income paid into the portfolio is within
// the spending shown, not on top of it.
func sleeveSweepSpending(sc *model.Scenario) string {
	return "Spending: " + SpendingRuleText(sc.Spending, sc.Inflation != nil) + "." + inflowSentence(inflowNames(sc), "the spending shown")
}

// rateSweepText says what a rate sweep varies, in words a client reads
// (the rule's Glossary term, not its key), and that income paid into the
// portfolio is within the spending shown, not on top of it.
func rateSweepText(sc *model.Scenario, spec batch.SweepSpec) string {
	name, meaning := sweptRate(sc)
	text := fmt.Sprintf("Spending rule: %s, its %s (%s) from %s to %s in steps of %s", spendingRuleWords[sc.Spending.Rule].term,
		name, meaning, pctText(spec.RateFrom, 2), pctText(spec.RateTo, 2), pctText(spec.RateStep, 2))
	if sc.Spending.Rule.Traits().FromAmount && sc.Spending.Amount > 0 {
		text += " (in place of the file's amount)"
	}
	return text + "." + inflowSentence(inflowNames(sc), "the spending shown")
}

// sweptRate names the rate a rate sweep varies and says what it is, in
// plain words: the file's key (initial_rate, rate) means nothing to a client.
func sweptRate(sc *model.Scenario) (name, meaning string) {
	if sc.Spending.Rule.Traits().FromAmount {
		return "first-year withdrawal rate", "the first year's withdrawal as a share of the initial amount"
	}
	return "withdrawal rate", "the share of the portfolio's value withdrawn each year"
}

// sweepRateLabel names the swept rate on the console, by the file's key and
// rule ("initial_rate (guardrails)"), as the advisor writes and sweeps it.
func sweepRateLabel(sc *model.Scenario) string {
	return fmt.Sprintf("%s (%s)", strings.TrimPrefix(batch.RateKey(sc.Spending.Rule), "spending."), sc.Spending.Rule.String())
}

func writeRateSweepTable(w io.Writer, sc *model.Scenario, spec batch.SweepSpec, results []batch.SweepResult) error {
	fmt.Fprintf(w, "%s — sweep of the spending %s; %s, the same paths at every rate\n",
		sc.Info.Name, sweepRateLabel(sc), runSize(sc, sc.Simulation.Paths, sc.Simulation.Seed))
	for _, r := range results {
		fmt.Fprintf(w, "\n%s\n", r.Source)
		tw := newColumns(w, true)
		fmt.Fprintln(tw, "Rate\t"+shortHeads(successRate, medianRealWealth)+sweepSpendingHeads())
		for _, pt := range r.Points {
			p := pt.Results
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", pctText(pt.Rate, 2), shareText(p.SuccessRate, 1), money(p.TerminalWealthReal.P50), sweepSpendingText(&p, true))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, sweepSpendingNote(rateSweepText(sc, spec)+" Wealth in today's money."))
	return nil
}

// BuildSweepWorkbook builds the sweep workbook: per swept portfolio a table
// of weight → figures with the best Sharpe ratio marked, line charts of the
// figures against the weight and the risk/return path (and, with a
// spending rule, its figures against the weight); or, sweeping the
// spending rate, the success rate, median real wealth and spending figures
// against the rate; then the assumptions.
func BuildSweepWorkbook(sc *model.Scenario, spec batch.SweepSpec, results []batch.SweepResult, stamp Stamp) (*excelize.File, error) {
	return studyBook(sc, stamp, "Sweep", true, func(s *sheet) error {
		if spec.Rate {
			rateSweepSheet(s, sc, spec, results)
			return nil
		}
		return weightSweepSheet(s, sc, spec, results)
	}, sweepContents(sc, spec))
}

// WriteSweepWorkbook writes BuildSweepWorkbook's workbook to path, whole or not at
// all.
func WriteSweepWorkbook(path string, sc *model.Scenario, spec batch.SweepSpec, results []batch.SweepResult, stamp Stamp) error {
	return writeBook(path, func() (*excelize.File, error) { return BuildSweepWorkbook(sc, spec, results, stamp) })
}

// sweepSpendingCells writes a point's spending figures (spendingFigures)
// from column col, a dash each where the portfolio has none.
func sweepSpendingCells(s *sheet, col, row int, p *sim.Portfolio) {
	st := s.b.st
	for i, k := range spendingFigures() {
		f := k.figure()
		if v, ok := f.value(p); ok {
			s.set(col+i, row, v, st.unitStyle(f.unit, v))
		} else {
			s.set(col+i, row, "–", st.center)
		}
	}
}

// sweepSpendingTitles are the spending columns' heads in a workbook.
func sweepSpendingTitles() []any {
	var heads []any
	for _, k := range spendingFigures() {
		heads = append(heads, k.figure().short)
	}
	return heads
}

// Columns of the weight sweep's tables: the figures, then (a second
// table) ahead / tied / behind the weight 0 and the spending, then (a
// third) the allocation.
var (
	sweepFigureHeads = []any{"Weight", medianReturn.figure().name, medianVolatility.figure().name, drawdownP95.figure().name, cvar95.figure().name,
		"Mean Sharpe", "Difference from the leader (paired)", "Its standard error", successRate.figure().name, medianWealth.figure().name}
	sweepFigureWidths = []float64{9, 14, 11, 12, 11, 11, 12, 11, 11, 12}
)

// Sizes of the sweep's charts, two to a row across the page and two rows
// to a page: four charts, all 300 tall, printed on two pages each half
// empty. A weight sweep's with a legend below are taller than those
// without, whose plots are as tall in less (at one height, a legend of
// three lines left its plot a sixth of the chart); a rate sweep's are of
// one height, the second row its spending across the page.
const (
	sweepChartW = (pageWidthPx - 10) / 2
	sweepChartH = 284 // with a legend; with sweepPlainH, two rows fit pageHeight
	sweepPlainH = 210
	rateChartH  = 244 // two rows fit pageHeight
)

// sweepAllocWeights is how many weights' columns an allocation table holds
// beside its names, which span two columns.
const sweepAllocWeights = 8

// weightSweepSheet writes the Sweep sheet of a sleeve's weight: a note on
// the sweep, then for each portfolio its figures at each weight, its
// table against the same portfolio without the sleeve (with its spending
// chart under a spending rule), its allocation at each weight, and its
// charts.
func weightSweepSheet(s *sheet, sc *model.Scenario, spec batch.SweepSpec, results []batch.SweepResult) error {
	pctFmt := "0.0%"
	best, err := s.b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true}, Fill: solid("C6EFCE"), CustomNumFmt: &pctFmt})
	if err != nil {
		return err
	}
	s.widths(sweepFigureWidths...)
	pg := &pager{s: s}
	pg.title(fmt.Sprintf("%s from %s to %s", spec.Sleeve, pctText(spec.From, 0), pctText(spec.To, 0)))
	weightSweepNote(s, pg, sc, spec)
	r := 4
	for _, res := range results {
		if r, err = weightSweepBlock(s, pg, r, sc, spec, res, best); err != nil {
			return err
		}
	}
	return nil
}

// weightSweepNote writes the note under the sheet's title, which says how
// the weights are funded and compared, and states the spending rule.
func weightSweepNote(s *sheet, pg *pager, sc *model.Scenario, spec batch.SweepSpec) {
	funding := "pro rata from the other sleeves"
	if spec.FundFrom != "" {
		funding = "from " + spec.FundFrom
	}
	text := fmt.Sprintf("Each weight of the %s is funded %s. Every weight runs on the same %s simulated paths, so weights are compared "+
		"path by path, with far less noise than separate runs, though still estimates. %s Green marks that best weight. Ahead, tied and "+
		"behind 0%%: shares of paths ending above, tied with (both out of money, for instance) and below the same portfolio "+
		"without the sleeve.", spec.Sleeve, funding, thousands(sc.Simulation.Paths), sweepSharpeNote(true))
	if sc.Spending != nil {
		text += " " + sweepSpendingNote(sleeveSweepSpending(sc))
	}
	lines := noteLines(text, sumWidths(sweepFigureWidths))
	s.note(2, 1, len(sweepFigureHeads), lines, text)
	pg.row(2, float64(15*lines), 0)
}

// tableRows are where a table is: its header row, and its first and last
// rows of figures.
type tableRows struct{ head, first, last int }

// weightSweepBlock writes from row r one portfolio's tables and charts,
// its best weight in style best, and returns the row after them.
func weightSweepBlock(s *sheet, pg *pager, r int, sc *model.Scenario, spec batch.SweepSpec, res batch.SweepResult, best int) (int, error) {
	figures, err := weightFiguresTable(s, pg, r, sc, spec, res, best)
	if err != nil {
		return 0, err
	}
	pg.row(figures.last+2, lineHeight, 0) // the empty row between the tables
	against := weightBaselineTable(s, pg, figures.last+3, sc, res)
	pg.row(against.last+1, lineHeight, 0) // the empty row below the table
	r = against.last + 2
	if sc.Spending != nil {
		r = weightSpendingChart(s, pg, r, sc, spec, res, against)
	}
	r = sweepAllocation(s, pg, r, sc, spec, res)
	r = s.chartGrid(pg, r, sweepFigureWidths, weightSweepCharts(s, spec, res, figures))
	// The empty row under the charts, counted as the sheet's
	// pagination counts it: uncounted, the page ran 15 points fuller
	// than this count, and a page break came before the next table's
	// verdict in place of the one after it (the note printed alone).
	pg.row(r, lineHeight, 0)
	return r + 1, nil
}

// weightFiguresTable writes from row r a portfolio's figures at each
// weight, the best weight in style best, and the verdict under them, and
// returns where the table is.
func weightFiguresTable(s *sheet, pg *pager, r int, sc *model.Scenario, spec batch.SweepSpec, res batch.SweepResult, best int) (tableRows, error) {
	numFmt := "0." + strings.Repeat("0", sharpeDigits(res))
	sharpe, err := s.b.f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt, Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	if err != nil {
		return tableRows{}, err
	}
	nPts := len(res.Points)
	verdict := sweepVerdict(res, "Green")
	vl := noteLines(verdict, sumWidths(sweepFigureWidths))
	verdictH := float64(15 * vl)
	first := sweepTableHead(s, pg, r, weightTableTitle(res.Source, spec.Sleeve), sweepFigureHeads, sweepFigureWidths, nPts, verdictH)
	for i, pt := range res.Points {
		row := first + i
		weightFiguresRow(s, row, sc, pt, i == res.Leader, sharpe)
		if i == res.Best {
			s.keep(s.b.f.SetCellStyle(s.name, cell(1, row), cell(1, row), best))
		}
		pg.row(row, lineHeight, withLast(i, nPts, verdictH))
	}
	last := first + nPts - 1
	s.note(last+1, 1, len(sweepFigureHeads), vl, verdict)
	pg.row(last+1, verdictH, 0)
	return tableRows{first - 1, first, last}, nil
}

// weightFiguresRow writes a weight's figures on row row, its Sharpe ratios
// in style sharpe; the leader's has no difference from the leader.
func weightFiguresRow(s *sheet, row int, sc *model.Scenario, pt batch.SweepPoint, leader bool, sharpe int) {
	st := s.b.st
	p := pt.Results
	s.set(1, row, pt.Weight, st.percent)
	s.set(2, row, p.AnnualizedReturn.P50, st.percent2)
	vol := medianVolatility.cellIn(sc, &p) // n/a in a plan of one step, as on every view
	volStyle := st.percent
	if _, text := vol.(string); text {
		volStyle = st.center
	}
	s.set(3, row, vol, volStyle)
	s.set(4, row, p.MaxDrawdownP95, st.percent)
	s.set(5, row, p.CVaR95, st.percent)
	switch sh := pt.Sharpe; {
	case sh != nil && leader: // its difference from itself is no figure
		s.set(6, row, sh.Mean, sharpe)
		s.row(7, row, st.center, "leader", "—")
	case sh != nil:
		s.row(6, row, sharpe, sh.Mean, sh.Diff, sh.DiffSE)
	default:
		s.row(6, row, st.center, "n/a", "n/a", "n/a")
	}
	s.set(9, row, p.SuccessRate, st.shareStyle(p.SuccessRate))
	s.set(10, row, p.TerminalWealth.P50, st.money)
}

// weightBaselineTable writes from row r a portfolio's shares of paths
// ahead of, tied with and behind the same portfolio without the sleeve
// (weight 0) at each weight, and its spending figures when the scenario
// has a spending rule, and returns where the table is.
func weightBaselineTable(s *sheet, pg *pager, r int, sc *model.Scenario, res batch.SweepResult) tableRows {
	st := s.b.st
	spending := sc.Spending != nil
	heads := []any{"Weight", "Ahead of the 0% weight", "Tied with it", "Behind it"}
	if spending {
		heads = append(heads, sweepSpendingTitles()...)
	}
	// The spending's chart under this table, on its page: after the
	// four charts it printed alone on a page.
	spendH := 0.0
	if spending {
		spendH = lineHeight + pxToPt(sweepPlainH+chartTopPx) + chartGapPt
	}
	first := sweepTableHead(s, pg, r, res.Source+": against the same portfolio without the sleeve", heads, sweepFigureWidths, len(res.Points), spendH)
	for i, pt := range res.Points {
		p, row := pt.Results, first+i
		s.set(1, row, pt.Weight, st.percent)
		if v := p.VsBaseline; v != nil {
			for k, x := range []float64{v.ProbOutperform, v.ProbTie, v.ProbBehind} {
				s.set(2+k, row, x, st.shareStyle(x))
			}
		} else {
			s.row(2, row, st.center, "—", "—", "—")
		}
		if spending {
			sweepSpendingCells(s, 5, row, &p)
		}
		pg.row(row, lineHeight, 0)
	}
	return tableRows{first - 1, first, first + len(res.Points) - 1}
}

// weightSpendingChart writes on row r a portfolio's spending against the
// weight, drawn from its table against weight 0, and returns the row
// after the empty row below it. The chart runs across the page, its
// legend on a line: as short as the charts without one.
func weightSpendingChart(s *sheet, pg *pager, r int, sc *model.Scenario, spec batch.SweepSpec, res batch.SweepResult, table tableRows) int {
	c := sweepLines(s, table.head, table.first, table.last, []int{5, 6, 7}, res.Source+": spending by weight (today's money)",
		sweepWeightAxis(spec), "0%", moneyFormat(sc.Info.Currency), pageWidthPx)
	c.Dimension.Height = sweepPlainH
	r = s.chartGrid(pg, r, sweepFigureWidths, []gridChart{{Chart: c}})
	pg.row(r, lineHeight, 0) // the empty row below the chart
	return r + 1
}

// sweepWeightAxis is the title of every chart's x-axis in a sleeve's
// sweep, the sleeve named (the Sharpe ratio's chart read "Weight" alone).
func sweepWeightAxis(spec batch.SweepSpec) string { return "Weight of " + spec.Sleeve }

// weightSweepCharts are a portfolio's four charts against the weight,
// drawn from its table of figures.
func weightSweepCharts(s *sheet, spec batch.SweepSpec, res batch.SweepResult, figures tableRows) []gridChart {
	weight := sweepWeightAxis(spec)
	// Returns and risks of a few per cent on their own axis, from 0;
	// with drawdowns and success on one of 0 to 100 % they were flat
	// lines at its foot.
	returns := sweepLines(s, figures.head, figures.first, figures.last, []int{2, 3, 5}, res.Source+": return, volatility and CVaR by weight",
		weight, "0%", "0.0%", sweepChartW)
	// From 0 unless a figure is below it, which a minimum of 0 would
	// hide (a cash-like portfolio's CVaR, a losing median return).
	var rets, vols, risks, sharpes []float64
	for _, pt := range res.Points {
		p := pt.Results
		rets = append(rets, p.AnnualizedReturn.P50)
		vols = append(vols, p.VolatilityP50)
		risks = append(risks, p.AnnualizedReturn.P50, p.VolatilityP50, p.CVaR95)
		if pt.Sharpe != nil {
			sharpes = append(sharpes, pt.Sharpe.Mean)
		}
	}
	returns.YAxis.Minimum = fromZero(risks)
	sharpeChart := sweepLines(s, figures.head, figures.first, figures.last, []int{6}, res.Source+": mean Sharpe ratio by weight", weight, "0%", "0.00", sweepChartW)
	// From 0, so that differences smaller than their noise do not fill the chart.
	sharpeChart.YAxis.Minimum = fromZero(sharpes)
	sharpeChart.Dimension.Height = sweepPlainH
	return []gridChart{
		{Chart: returns},
		{Chart: sweepLines(s, figures.head, figures.first, figures.last, []int{4, 9}, res.Source+": drawdown and success by weight", weight,
			"0%", "0%", sweepChartW)},
		{Chart: sharpeChart},
		riskReturnChart(s, res.Source, figures.head, figures.first, vols, rets),
	}
}

// withLast is the height that must print with row i of a table of n
// rows: below for its last row (a note under the table, which must not
// start a page alone), none for the others.
func withLast(i, n int, below float64) float64 {
	if i == n-1 {
		return below
	}
	return 0
}

// sumWidths is the total width of columns.
func sumWidths(widths []float64) float64 {
	t := 0.0
	for _, w := range widths {
		t += w
	}
	return t
}

// weightTableTitle is the title of a sleeve sweep's table of figures: the
// file's portfolio and what varies, so that "Conservative with 5% small
// caps" over rows of 0 % to 30 % does not read as that portfolio.
func weightTableTitle(source, sleeve string) string {
	return source + ": the " + sleeve + " at each weight"
}

// sweepTableHead writes a sweep table's title on row r and its header
// below, kept on one page with the table and the below points of rows
// under it (a note on the table), or with its first rows when all that is
// longer than a page, and returns the row of the first point.
func sweepTableHead(s *sheet, pg *pager, r int, name string, heads []any, widths []float64, points int, below float64) int {
	s.set(1, r, name, s.b.st.subtitle)
	s.keep(s.b.f.SetRowHeight(s.name, r, 20))
	s.row(1, r+1, s.b.st.header, heads...)
	h := headerHeight(heads, widths)
	s.keep(s.b.f.SetRowHeight(s.name, r+1, h))
	// The whole table, and its note, stays with its title when it fits
	// on a page; a longer one keeps its first five rows.
	keep := h + float64(lineHeight*float64(points)) + below
	if 20+keep > pageHeight {
		keep = h + float64(lineHeight*float64(min(points, 5)))
	}
	pg.row(r, 20, keep)
	pg.row(r+1, h, 0)
	return r + 2
}

// headCharsPerWidth is how many characters of a bold head a column holds
// a unit of its width, erring short (bold heads take about 1.25 widths a
// character).
const headCharsPerWidth = 0.8

// uprightHeads writes heads from column col of row upright, the row as
// tall as the longest, and returns that height.
func uprightHeads(s *sheet, row int, heads []any, col int) float64 {
	longest := 0
	for i, h := range heads {
		text := fmt.Sprint(h)
		s.set(col+i, row, text, s.b.st.headerUpright)
		longest = max(longest, len([]rune(text)))
	}
	h := uprightHeight(longest)
	s.keep(s.b.f.SetRowHeight(s.name, row, h))
	return h
}

// uprightHeight is the height in points of a row whose longest upright
// head has n characters: about 7.2 points a bold character, and a margin.
func uprightHeight(n int) float64 { return 10 + float64(7.2*float64(n)) }

// sweepLines is a line chart of columns cols of a sweep table against its
// first column (header row head, points first..last).
func sweepLines(s *sheet, head, first, last int, cols []int, name, xTitle, xFormat, format string, width uint) *excelize.Chart {
	var lines []excelize.ChartSeries
	for k, col := range cols { // each line its own colour: the theme's gave two figures one blue
		color := portfolioColor(k)
		lines = append(lines, excelize.ChartSeries{Name: s.ref(col, head, col, head), Categories: s.ref(1, first, 1, last),
			Values: s.ref(col, first, col, last), Fill: solid(color),
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 5, Fill: solid(color)}})
	}
	legend := "bottom"
	if len(cols) == 1 {
		legend = "none"
	}
	chart := &excelize.Chart{Type: excelize.Line, Series: lines, Title: title(name),
		Dimension: excelize.ChartDimension{Width: width, Height: sweepChartH}, Legend: excelize.ChartLegend{Position: legend},
		XAxis: excelize.ChartAxis{Title: title(xTitle), Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: xFormat}},
		YAxis: excelize.ChartAxis{MajorGridLines: true, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: format}}}
	if format == "0%" { // shares and rates of the figures: none past 100 % (the axis ran to 120 %)
		chart.YAxis.Maximum = new(1.0)
	}
	return chart
}

// fromZero is a chart axis's minimum for values: 0, so that differences
// within their noise do not fill the chart, unless a value is below 0 (nil:
// the axis fits them).
func fromZero(values []float64) *float64 {
	if slices.ContainsFunc(values, func(v float64) bool { return v < 0 }) {
		return nil
	}
	return new(0.0)
}

// riskReturnChart is a portfolio's path of median return against median
// volatility as the weight grows (columns 2 and 3 of its figures table,
// header row head, first point on row first), the points labelled with
// their weights: unlabelled, a reader could not tell which was which. The
// labels are a second scatter over the path, a series a point named by its
// weight's cell, each showing its name; only points whose labels clear
// each other's are labelled (labeledPoints), the ends always. The y-axis
// has no title, as the other charts have none, and the chart's title
// names it: excelize's rotated axis title prints across in LibreOffice,
// taking a quarter of the chart's width.
func riskReturnChart(s *sheet, source string, head, first int, vols, rets []float64) gridChart {
	last := first + len(vols) - 1
	// Both axes from 0, as the Compare sheet's: fitted to the points,
	// differences within the noise looked like a zigzag.
	xAxis := excelize.ChartAxis{Title: title(medianVolatility.figure().name), Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"},
		MajorGridLines: true, Minimum: new(0.0)}
	yAxis := excelize.ChartAxis{Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0%"}, MajorGridLines: true, Minimum: fromZero(rets)}
	path := &excelize.Chart{Type: excelize.Scatter,
		Series: []excelize.ChartSeries{{Name: s.ref(1, head-1, 1, head-1), Categories: s.ref(3, first, 3, last), Values: s.ref(2, first, 2, last),
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 6}, Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 1.5}}},
		Title: title(source + ": median return against volatility as the weight grows"), Dimension: excelize.ChartDimension{Width: sweepChartW, Height: sweepPlainH},
		Legend: excelize.ChartLegend{Position: "none"}, XAxis: xAxis, YAxis: yAxis}
	var labels []excelize.ChartSeries
	for _, i := range labeledPoints(vols, rets) {
		row := first + i
		labels = append(labels, excelize.ChartSeries{Name: s.ref(1, row, 1, row), Categories: s.ref(3, row, 3, row), Values: s.ref(2, row, 2, row),
			Marker: excelize.ChartMarker{Symbol: "none"}, Line: excelize.LineOptions{Type: excelize.LineNone}})
	}
	// The same axes, which the labels' scatter would otherwise redraw as its own.
	over := &excelize.Chart{Type: excelize.Scatter, Series: labels, XAxis: xAxis, YAxis: yAxis, PlotArea: excelize.ChartPlotArea{ShowSerName: true}}
	return gridChart{Chart: path, over: []*excelize.Chart{over}}
}

// Sizes, in pixels, that labeledPoints reckons with: the plot area of a
// sweep chart within its sweepChartW by sweepPlainH, and a weight's label
// ("100%" at 10 pt) to the right of its point.
const (
	labelPlotW, labelPlotH = 300, 110
	labelW, labelH         = 30, 14
)

// labeledPoints are the points of a risk/return path (x, y) whose weight
// labels print clear of each other on axes from 0 to a little past the
// largest value: the first and last, then the others in order when their
// labels clear every label already placed. A sweep of many weights, or of
// a sleeve that moves a portfolio little, crowds its points too closely
// to label each.
func labeledPoints(x, y []float64) []int {
	n := len(x)
	if n == 0 {
		return nil
	}
	scale := func(v []float64, px float64) func(float64) float64 {
		lo, hi := min(0, slices.Min(v)), max(0, slices.Max(v))
		if hi == lo {
			return func(float64) float64 { return 0 }
		}
		return func(a float64) float64 { return float64(px*(a-lo)) / float64(1.2*(hi-lo)) }
	}
	sx, sy := scale(x, labelPlotW), scale(y, labelPlotH)
	var picked []int
	clear := func(i int) bool {
		for _, j := range picked {
			if math.Abs(sx(x[i])-sx(x[j])) < labelW && math.Abs(sy(y[i])-sy(y[j])) < labelH {
				return false
			}
		}
		return true
	}
	order := []int{0}
	if n > 1 {
		order = append(order, n-1)
	}
	for i := 1; i < n-1; i++ {
		order = append(order, i)
	}
	for _, i := range order {
		if len(picked) < 2 || clear(i) { // the ends always: they say which way the weight grows
			picked = append(picked, i)
		}
	}
	slices.Sort(picked)
	return picked
}

// sweepAllocation writes, from row r, the portfolio's allocation at each
// weight: a row for every sleeve under a heading "Sleeves", then one for
// every asset it holds at some weight under "Assets", the names indented
// under their heading, and a column for each weight (sweepAllocWeights to
// a table, the rest in tables below it). Every portfolio's reads alike:
// with the sleeves and assets across, past eight of them the assets went
// to a table of their own, and within eight nothing told the last
// sleeve's column from the first asset's. It returns the row after it.
func sweepAllocation(s *sheet, pg *pager, r int, sc *model.Scenario, spec batch.SweepSpec, res batch.SweepResult) int {
	pts := res.Points
	if len(pts) == 0 || pts[0].Sleeves == nil {
		return r
	}
	t := allocationTables{sleeve: spec.Sleeve, groups: allocationGroups(sc, pts), st: newAllocationStyles(s)}
	for i := 0; i < len(pts); i += sweepAllocWeights { // never wider than the page
		title := res.Source + ": allocation at each weight"
		if i > 0 {
			title += " (continued)"
		}
		r = t.write(s, pg, r, title, pts[i:min(i+sweepAllocWeights, len(pts))])
	}
	return r
}

// allocationLine is a row of an allocation table: a sleeve's or an asset's
// name and its weight at a point of the sweep.
type allocationLine struct {
	name   string
	weight func(pt batch.SweepPoint) float64
}

// allocationGroup is a heading of an allocation table and its rows.
type allocationGroup struct {
	head  string
	lines []allocationLine
}

// allocationGroups are an allocation table's rows: every sleeve, then
// every asset the portfolio holds at some weight of the sweep (pts).
func allocationGroups(sc *model.Scenario, pts []batch.SweepPoint) []allocationGroup {
	var sleeves, assets []allocationLine
	for k, sl := range pts[0].Sleeves {
		sleeves = append(sleeves, allocationLine{sl.Name, func(pt batch.SweepPoint) float64 { return pt.Sleeves[k].Weight }})
	}
	for a := range sc.Assets { // the assets the portfolio holds at some weight
		if slices.ContainsFunc(pts, func(pt batch.SweepPoint) bool { return pt.Targets[a] > 0 }) {
			assets = append(assets, allocationLine{sc.Assets[a].Name, func(pt batch.SweepPoint) float64 { return pt.Targets[a] }})
		}
	}
	return []allocationGroup{{"Sleeves", sleeves}, {"Assets (all sleeves together)", assets}}
}

// allocationStyles are the styles of an allocation table's own cells: the
// weights in its header, its headings and its indented names.
type allocationStyles struct{ headPct, group, name int }

// newAllocationStyles adds the allocation tables' styles to the workbook,
// once for all of a portfolio's tables.
func newAllocationStyles(s *sheet) allocationStyles {
	f := s.b.f
	var st allocationStyles
	var err error
	pctFmt := "0.0%"
	st.headPct, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true, Color: "FFFFFF"},
		Fill: solid("1F3864"), CustomNumFmt: &pctFmt, Alignment: &excelize.Alignment{Vertical: "center", Horizontal: "right"}}) // over the figures' ends
	s.keep(err)
	st.group, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Bold: true, Color: "1F3864"}, Fill: solid("DCE3EE"),
		Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	s.keep(err)
	st.name, err = f.NewStyle(&excelize.Style{Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1, WrapText: true}}) // an indent needs the alignment named to print
	s.keep(err)
	return st
}

// allocationTables is what a portfolio's allocation tables share: the
// swept sleeve, the rows and the styles.
type allocationTables struct {
	sleeve string
	groups []allocationGroup
	st     allocationStyles
}

// allocationWidths are an allocation table's column widths, for its
// header's height: the names span the sweep table's first two columns
// (the second one here is a narrow one they are merged with), the weights
// take the rest.
func allocationWidths() []float64 {
	nameW := sweepFigureWidths[0] + sweepFigureWidths[1]
	return append([]float64{nameW, 1}, sweepFigureWidths[2:]...)
}

// write writes, from row r, one allocation table titled title: the rows
// down and a column for each point (weight of the sleeve) in part. It
// returns the row after the empty row below the table.
func (t allocationTables) write(s *sheet, pg *pager, r int, title string, part []batch.SweepPoint) int {
	f := s.b.f
	last := 2 + len(part) // the table's last column
	heads := []any{"Weight of " + t.sleeve, ""}
	for _, pt := range part {
		heads = append(heads, pt.Weight)
	}
	widths := allocationWidths()
	rows, taller := t.size(widths[0])
	row := sweepTableHead(s, pg, r, title, heads, widths, rows, taller)
	s.keep(f.MergeCell(s.name, cell(1, row-1), cell(2, row-1)))
	s.keep(f.SetCellStyle(s.name, cell(3, row-1), cell(last, row-1), t.st.headPct))
	for _, g := range t.groups {
		s.set(1, row, g.head, t.st.group)
		s.keep(f.SetCellStyle(s.name, cell(2, row), cell(last, row), t.st.group))
		pg.row(row, lineHeight, 0)
		row++
		for _, l := range g.lines {
			t.line(s, pg, row, l, part, widths[0])
			row++
		}
	}
	pg.row(row, lineHeight, 0) // the empty row below the table
	return row + 1
}

// size is the number of rows of a table below its header (the headings
// and the lines) and the height its wrapped names add to them, for
// sweepTableHead to keep the table with its title; nameW is the names'
// width, the indent within it.
func (t allocationTables) size(nameW float64) (rows int, taller float64) {
	rows = len(t.groups)
	for _, g := range t.groups {
		for _, l := range g.lines {
			rows++
			taller += nameHeight(l.name, nameW-2) - lineHeight
		}
	}
	return rows, taller
}

// line writes on row a line's name, indented across the first two
// columns (nameW wide, the indent within it) with the row as tall as the
// name wraps to, and the line's weight at each point of part.
func (t allocationTables) line(s *sheet, pg *pager, row int, l allocationLine, part []batch.SweepPoint, nameW float64) {
	s.set(1, row, l.name, t.st.name)
	s.keep(s.b.f.MergeCell(s.name, cell(1, row), cell(2, row)))
	h := nameHeight(l.name, nameW-2)
	if h > lineHeight {
		s.keep(s.b.f.SetRowHeight(s.name, row, h))
	}
	for k, pt := range part {
		s.set(3+k, row, l.weight(pt), s.b.st.percent)
	}
	pg.row(row, h, 0)
}

func rateSweepSheet(s *sheet, sc *model.Scenario, spec batch.SweepSpec, results []batch.SweepResult) {
	b := s.b
	widths := []float64{10, 12, 16, 16, 16, 16, 12}
	s.widths(widths...)
	pg := &pager{s: s}
	rate, _ := sweptRate(sc)
	// Short enough to print within the table's width (the scenario's name
	// is in the page header).
	pg.title(fmt.Sprintf("%s: %s from %s to %s", spendingRuleWords[sc.Spending.Rule].term, rate, pctText(spec.RateFrom, 2), pctText(spec.RateTo, 2)))
	text := rateSweepText(sc, spec) + fmt.Sprintf(" Every rate runs on the same %s simulated paths, so rates are compared path by path, "+
		"with far less noise than separate runs, and each rate's figures equal a plain run of the file with that rate. Wealth is in today's money. ",
		thousands(sc.Simulation.Paths)) + sweepSpendingNote("")
	lines := noteLines(text, sumWidths(widths))
	s.note(2, 1, len(widths), lines, text)
	pg.row(2, float64(15*lines), 0)
	heads := append([]any{"Rate", successRate.figure().name, medianRealWealth.figure().name}, sweepSpendingTitles()...)
	// The tables first, one under another, then each portfolio's charts on
	// a page of their own: with each table followed by its three charts, a
	// portfolio took two pages, the second holding one chart alone, and a
	// page shared by one's charts and the next's table read as one.
	r := 4
	type rows struct{ first, last int }
	tables := make([]rows, len(results))
	for i, res := range results {
		first := sweepTableHead(s, pg, r, res.Source, heads, widths, len(res.Points), 0)
		for i, pt := range res.Points {
			p, row := pt.Results, first+i
			s.set(1, row, pt.Rate, b.st.percent2)
			s.set(2, row, p.SuccessRate, b.st.shareStyle(p.SuccessRate))
			s.set(3, row, p.TerminalWealthReal.P50, b.st.money)
			sweepSpendingCells(s, 4, row, &p)
			pg.row(row, lineHeight, 0)
		}
		last := first + len(res.Points) - 1
		tables[i] = rows{first, last}
		pg.row(last+1, lineHeight, 0) // the empty row below the table
		r = last + 2
	}
	x := capitalize(rate)
	money := moneyFormat(sc.Info.Currency)
	for i, res := range results {
		s.pageBreak(r)
		pg.used = 0
		first, last := tables[i].first, tables[i].last
		charts := []gridChart{
			{Chart: sweepLines(s, first-1, first, last, []int{2, 7}, res.Source+": success and lean years by rate", x, "0.0%", "0%", sweepChartW)},
			{Chart: sweepLines(s, first-1, first, last, []int{3}, res.Source+": median wealth by rate (today's money)", x, "0.0%", money, sweepChartW)},
			{Chart: sweepLines(s, first-1, first, last, []int{4, 5, 6}, res.Source+": spending by rate (today's money)", x, "0.0%", money, pageWidthPx)},
		}
		for _, c := range charts {
			c.Dimension.Height = rateChartH
		}
		r = s.chartGrid(pg, r, widths, charts)
	}
}
