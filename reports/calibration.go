package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/calibrate"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
)

// Calibration is what `divsim calibrate` reports: fits for K = 1..4 to
// compare, the chosen K's fit in detail, and the months it covers.
type Calibration struct {
	Source    string   // the history's name
	Columns   []string // the fitted series
	Months    []string // YYYY-MM per fitted month
	Recession []float64
	Models    []*calibrate.Fit // K = 1, 2, ... for the comparison table
	Fit       *calibrate.Fit   // the chosen K
	Version   string
	RunDate   time.Time // when the fit was made, for the workbook (reports never read the clock)
}

// CalibrationJSON is the JSON document of a calibration.
type CalibrationJSON struct {
	Source  string      `json:"history"`
	Columns []string    `json:"columns"`
	From    string      `json:"from"`
	To      string      `json:"to"`
	Months  int         `json:"months"`
	Models  []ModelJSON `json:"models"`
	States  int         `json:"states"`
	LogLik  float64     `json:"log_likelihood"`
	Iter    int         `json:"iterations"`
	Conv    bool        `json:"converged"`
	Detail  []StateJSON `json:"state_detail"`
	Trans   [][]float64 `json:"transition_monthly"`
	// Initial is the fitted probability of each state in the first month:
	// the likelihood leaves it free (see docs/HISTORY.md).
	Initial  map[string]float64   `json:"initial_state_probabilities"`
	Distance float64              `json:"generator_distance"`
	Smoothed map[string][]float64 `json:"smoothed_probabilities"`
	Dates    []string             `json:"dates"`
}

// ModelJSON compares one K.
type ModelJSON struct {
	States int     `json:"states"`
	LogLik float64 `json:"log_likelihood"`
	Params int     `json:"parameters"`
	AIC    float64 `json:"aic"`
	BIC    float64 `json:"bic"`
}

// finite is x, or nil when x is infinite (a single state's stay).
func finite(x float64) *float64 {
	if math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// stayText is an expected stay in months, or "never ends" for a single
// state, which nothing leaves (its stay is infinite).
func stayText(months float64) string {
	if math.IsInf(months, 1) {
		return "never ends"
	}
	return fmt.Sprintf("%.1f", months)
}

// StateJSON is one fitted state, annualized.
type StateJSON struct {
	Name           string             `json:"name"`
	Share          float64            `json:"stationary_share"`
	DurationMonths *float64           `json:"expected_duration_months"` // null for a single state, which never ends
	MeanYears      *float64           `json:"mean_years"`
	AnnualMean     map[string]float64 `json:"annual_mean"`
	AnnualVol      map[string]float64 `json:"annual_volatility"`
	Correlations   [][]float64        `json:"correlations"`
	// The fit's own parameters, per month and unannualized: the mean of
	// each series and their covariance matrix (rows and columns in the
	// order of columns). Annualizing (1+μ)^12 − 1 suits returns only.
	MonthlyMean       map[string]float64 `json:"monthly_mean"`
	MonthlyCovariance [][]float64        `json:"monthly_covariance"`
}

// Document builds the calibration's JSON document.
func (c *Calibration) Document() CalibrationJSON {
	f := c.Fit
	names := calibrate.StateNames(f.K)
	meanYears, _, dist := f.Chain()
	pi := f.Stationary()
	doc := CalibrationJSON{Source: c.Source, Columns: c.Columns, From: c.Months[0], To: c.Months[len(c.Months)-1],
		Months: f.T, States: f.K, LogLik: f.LogLik, Iter: f.Iterations, Conv: f.Converged,
		Trans: f.Transition, Distance: dist, Smoothed: map[string][]float64{}, Dates: c.Months, Initial: map[string]float64{}}
	for _, m := range c.Models {
		doc.Models = append(doc.Models, ModelJSON{States: m.K, LogLik: m.LogLik, Params: m.Params, AIC: m.AIC, BIC: m.BIC})
	}
	for k := range f.K {
		mean, vol, corr := f.Annual(k)
		st := StateJSON{Name: names[k], Share: pi[k], DurationMonths: finite(f.DurationMonths(k)), MeanYears: finite(meanYears[k]),
			AnnualMean: map[string]float64{}, AnnualVol: map[string]float64{}, Correlations: corr,
			MonthlyMean: map[string]float64{}, MonthlyCovariance: f.Covs[k]}
		for i, col := range c.Columns {
			st.AnnualMean[col], st.AnnualVol[col] = mean[i], vol[i]
			st.MonthlyMean[col] = f.Means[k][i]
		}
		doc.Initial[names[k]] = f.Initial[k]
		doc.Detail = append(doc.Detail, st)
		probs := make([]float64, f.T)
		for t := range probs {
			probs[t] = f.Smoothed[t][k]
		}
		doc.Smoothed[names[k]] = probs
	}
	return doc
}

// Encode writes the calibration's JSON document.
func (c *Calibration) Encode() ([]byte, error) {
	data, err := json.MarshalIndent(c.Document(), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// WriteTable prints the model comparison and the chosen fit.
func (c *Calibration) WriteTable(w io.Writer) error {
	f := c.Fit
	fmt.Fprintf(w, "Markov-switching fit of %s, %s to %s (%d months), %s\n\n", strings.Join(c.Columns, ", "),
		c.Months[0], c.Months[len(c.Months)-1], f.T, c.Source)
	fmt.Fprintf(w, "  %-7s %14s %10s %12s %12s\n", "States", "Log-lik.", "Params", "AIC", "BIC")
	for _, m := range c.Models {
		mark := ""
		if m.K == f.K {
			mark = "  ← fitted below"
		}
		fmt.Fprintf(w, "  %-7d %14.2f %10d %12.2f %12.2f%s\n", m.K, m.LogLik, m.Params, m.AIC, m.BIC, mark)
	}
	names := calibrate.StateNames(f.K)
	pi := f.Stationary()
	// Each column as wide as its heading or its widest figures, two
	// spaces apart, so that long column names keep a gap.
	widths := make([]int, len(c.Columns))
	for i, col := range c.Columns {
		widths[i] = max(len(col+" mean/vol"), len("-99.9% / 99.9%"))
	}
	fmt.Fprintf(w, "\n  %-10s %7s %10s", "State", "Share", "Stay (m)")
	for i, col := range c.Columns {
		fmt.Fprintf(w, "  %*s", widths[i], col+" mean/vol")
	}
	fmt.Fprintln(w)
	for k := range f.K {
		mean, vol, _ := f.Annual(k)
		fmt.Fprintf(w, "  %-10s %6.1f%% %10s", names[k], 100*pi[k], stayText(f.DurationMonths(k)))
		for i := range c.Columns {
			fmt.Fprintf(w, "  %*s", widths[i], fmt.Sprintf("%.1f%% / %.1f%%", 100*mean[i], 100*vol[i]))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprint(w, "\nShare: the months in each state over the long run. Stay (m): its average stay, in months. Means and volatilities are annualized.")
	// Which count each criterion prefers (lower is better), when it is not
	// the one fitted: --states fixed it, and the table beside says more.
	bic, aic := lowest(c.Models, func(m *calibrate.Fit) float64 { return m.BIC }), lowest(c.Models, func(m *calibrate.Fit) float64 { return m.AIC })
	if bic != nil && (bic.K != f.K || aic.K != f.K) {
		fmt.Fprintf(w, " The lowest BIC is at %s, the lowest AIC at %s (lower is better; --states N fits N).",
			Counted(bic.K, "state", "states"), Counted(aic.K, "state", "states"))
	}
	if f.K > 1 { // one state has no chain to compare
		if _, _, dist := f.Chain(); dist < 1e-9 {
			fmt.Fprint(w, " The fragment's chain switches monthly as fitted: expm(Q/12) is the fitted monthly matrix.")
		} else {
			fmt.Fprintf(w, " expm(Q/12) of the fragment's chain is within %.4f of the fitted monthly matrix.", dist)
		}
	}
	fmt.Fprintln(w)
	return nil
}

// lowest is the model with the lowest criterion; nil for none.
func lowest(models []*calibrate.Fit, criterion func(*calibrate.Fit) float64) *calibrate.Fit {
	var best *calibrate.Fit
	for _, m := range models {
		if best == nil || criterion(m) < criterion(best) {
			best = m
		}
	}
	return best
}

// WriteWorkbook writes BuildWorkbook's workbook to path, whole or not at
// all.
func (c *Calibration) WriteWorkbook(path string) error {
	return writeBook(path, func() (*excelize.File, error) { return c.BuildWorkbook(context.Background()) })
}

// BuildWorkbook builds the calibration workbook: the comparison of K, the
// states, the transition matrix, and the smoothed probabilities over time
// plotted against the NBER recessions; it stops with ctx's error when ctx
// is done first.
func (c *Calibration) BuildWorkbook(ctx context.Context) (_ *excelize.File, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	b := &book{f: f, sc: &model.Scenario{Info: model.Info{Currency: "USD", Name: "Regimes fitted to history"}}, kind: calibrationBook,
		header: [2]string{"Prepared with divsim", "Regimes fitted to history"},
		in:     WorkbookInput{Stamp: Stamp{Version: c.Version, RunDate: c.RunDate}}}
	if err := b.makeStyles(); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", "Calibration"); err != nil {
		return nil, err
	}
	if err := c.calibrationSheets(b); err != nil {
		return nil, err
	}
	if err := b.addBackMatter(c.contents()); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return f, nil
}

// calibrationSheets writes the Calibration sheet, its tables and the
// chart of the states' probabilities over time, and the Probabilities
// sheet of the chart's figures, hidden.
func (c *Calibration) calibrationSheets(b *book) error {
	s := &sheet{b: b, name: "Calibration"}
	s.set(1, 1, "Regimes fitted to history", b.st.title)
	c.calibrationIntro(s)
	r := c.modelsTable(s, 5)
	r = c.statesTable(s, r)
	chartAt := c.transitionTable(s, r)
	widths := []float64{16, 16, 16} // as calibrationNoteWidth counts them
	for range c.Columns {
		widths = append(widths, 15, 15)
	}
	s.widths(widths...)

	if _, err := b.f.NewSheet("Probabilities"); err != nil {
		return err
	}
	p := &sheet{b: b, name: "Probabilities"}
	labelCol := c.probabilitiesTable(p)
	// The chart sits on the first sheet, under the tables, reading the
	// probabilities from their sheet.
	chart, combo := c.probabilitiesChart(p, labelCol)
	s.chart(chartAt, chart, combo...)
	p.widths(10, 14, 14, 14, 14, 14) // "P(turbulent)" on one line
	p.printTitles(1, 1)
	s.printSetup()
	p.printSetup()
	// Hidden: one row a month, some 800, printed as 31 pages of figures.
	s.keep(b.f.SetSheetVisible("Probabilities", false))
	if s.err != nil {
		return s.err
	}
	return p.err
}

// calibrationIntro writes the note under the sheet's title: what was
// fitted, and where the chart's figures are. That is said here: under the
// chart, which fills its page, the sentence printed on a page of its own.
func (c *Calibration) calibrationIntro(s *sheet) {
	fit := c.Fit
	intro := fmt.Sprintf("A %d-state Markov-switching model of %s, monthly, %s to %s (%d months) from %s, fitted by maximum likelihood "+
		"(EM with the Hamilton filter and Kim smoother, several starts). States are ordered by volatility, calmest first. "+
		"The chart's figures, each month's state probabilities, are on the sheet “Probabilities”, hidden so that it does not print "+
		"(unhide it to see them).", fit.K, strings.Join(c.Columns, ", "), c.Months[0], c.Months[len(c.Months)-1], fit.T, c.Source)
	s.note(2, 1, 8, noteLines(intro, calibrationNoteWidth(len(c.Columns))), intro)
}

// modelsTable writes from row r the comparison of the fits by their
// number of states, the fit asked for marked, with a note on which the
// criteria prefer, and returns the row of the next table.
func (c *Calibration) modelsTable(s *sheet, r int) int {
	st := s.b.st
	s.header(1, r, "States", "Log-likelihood", "Parameters", "AIC", "BIC", "")
	lowAIC, lowBIC := c.Models[0], c.Models[0]
	for i, m := range c.Models {
		s.set(1, r+1+i, m.K, st.integer)
		s.set(2, r+1+i, m.LogLik, st.number2)
		s.set(3, r+1+i, m.Params, st.integer)
		s.set(4, r+1+i, m.AIC, st.number2)
		s.set(5, r+1+i, m.BIC, st.number2)
		if m.K == c.Fit.K { // as the console marks it
			s.set(6, r+1+i, "← fitted below", st.label)
		}
		if m.AIC < lowAIC.AIC {
			lowAIC = m
		}
		if m.BIC < lowBIC.BIC {
			lowBIC = m
		}
	}
	// Which fit the criteria prefer, beside the one asked for (--states).
	prefer := fmt.Sprintf("Lower is better: AIC is lowest with %d states, BIC with %d. The fit below has %d, the number asked for.",
		lowAIC.K, lowBIC.K, c.Fit.K)
	s.note(r+1+len(c.Models), 1, 8, 1, prefer)
	return r + len(c.Models) + 3
}

// statesTable writes from row r the fitted states: their long-run shares,
// expected stays, and each series' annualized mean and volatility. It
// returns the row of the next table.
func (c *Calibration) statesTable(s *sheet, r int) int {
	st, fit := s.b.st, c.Fit
	names := calibrate.StateNames(fit.K)
	heads := []any{"State", "Long-run share", "Expected stay (months)"}
	for _, col := range c.Columns {
		title := col // a user's history: its own column names
		if c.Source == history.DefaultName {
			title = history.ColumnTitle(col)
		}
		heads = append(heads, title+": mean", title+": volatility")
	}
	s.header(1, r, heads...)
	pi := fit.Stationary()
	for k := range fit.K {
		mean, vol, _ := fit.Annual(k)
		row := r + 1 + k
		s.set(1, row, names[k], st.text)
		s.set(2, row, pi[k], st.percent)
		if stay := fit.DurationMonths(k); math.IsInf(stay, 1) {
			s.set(3, row, stayText(stay), st.center)
		} else {
			s.set(3, row, stay, st.number2)
		}
		for i := range c.Columns {
			s.set(4+2*i, row, mean[i], st.percent)
			s.set(5+2*i, row, vol[i], st.percent)
		}
	}
	return r + fit.K + 3
}

// transitionTable writes from row r the monthly transition probabilities
// between the states, and returns the cell the chart below it starts at.
func (c *Calibration) transitionTable(s *sheet, r int) string {
	st, fit := s.b.st, c.Fit
	names := calibrate.StateNames(fit.K)
	s.set(1, r, "Monthly transition probabilities (row: from, column: to)", st.subtitle)
	s.header(2, r+1, toAny(names)...)
	for k := range fit.K {
		s.set(1, r+2+k, names[k], st.text)
		for j := range fit.K {
			s.set(2+j, r+2+k, fit.Transition[k][j], st.percent)
		}
	}
	return cell(1, r+fit.K+4)
}

// hasRecessions reports whether the NBER recessions cover every fitted
// month, for the chart to draw them.
func (c *Calibration) hasRecessions() bool { return len(c.Recession) == c.Fit.T }

// probabilitiesTable writes on p each month's state probabilities, the
// NBER recessions when they cover the fit, and the chart's axis labels,
// and returns the labels' column.
func (c *Calibration) probabilitiesTable(p *sheet) int {
	st, fit := p.b.st, c.Fit
	heads := []any{"Month"}
	for _, n := range calibrate.StateNames(fit.K) {
		heads = append(heads, "P("+n+")")
	}
	if c.hasRecessions() {
		heads = append(heads, "NBER recession")
	}
	// The chart's axis labels: the decades' first Januaries, blank
	// between, since LibreOffice ignores a chart's label spacing and
	// printed all 833 months over each other.
	labelCol := len(heads) + 1
	heads = append(heads, "Chart label")
	p.header(1, 1, heads...)
	for t := range fit.T {
		p.set(1, 2+t, c.Months[t], st.text)
		for k := range fit.K {
			p.set(2+k, 2+t, fit.Smoothed[t][k], st.percent)
		}
		if c.hasRecessions() {
			p.set(2+fit.K, 2+t, c.Recession[t], st.integer)
		}
		if m := c.Months[t]; strings.HasSuffix(m, "-01") && strings.HasSuffix(m[:4], "0") {
			year, _ := strconv.Atoi(m[:4])
			p.set(labelCol, 2+t, year, st.center) // a number, as the workbook's other years
		}
	}
	return labelCol
}

// probabilitiesChart is the chart of the most volatile state's probability
// over time, from p's table with its axis labels in column labelCol: a
// line over the NBER recessions' grey area when the table has them (the
// chart and its combination), a line alone otherwise.
func (c *Calibration) probabilitiesChart(p *sheet, labelCol int) (*excelize.Chart, []*excelize.Chart) {
	fit := c.Fit
	last := 1 + fit.T
	categories := p.ref(labelCol, 2, labelCol, last)
	series := []excelize.ChartSeries{{Name: p.ref(1+fit.K, 1, 1+fit.K, 1), Categories: categories, Values: p.ref(1+fit.K, 2, 1+fit.K, last),
		Line: excelize.LineOptions{Width: 1.25}, Marker: excelize.ChartMarker{Symbol: "none"}}}
	chartTitle := "Probability of the " + calibrate.StateNames(fit.K)[fit.K-1] + " state"
	if c.hasRecessions() {
		series = append([]excelize.ChartSeries{{Name: p.ref(2+fit.K, 1, 2+fit.K, 1), Categories: categories, Values: p.ref(2+fit.K, 2, 2+fit.K, last),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}}}, series...)
		chartTitle += " and NBER recessions (grey)"
	}
	// Both charts of the combination carry the axes' options: LibreOffice
	// reads them from the line's, and without them ran the scale to 120 %.
	// Every label is drawn; all but the decades' are blank.
	xAxis := excelize.ChartAxis{TickLabelSkip: 1}
	yAxis := excelize.ChartAxis{Maximum: new(1.0), Minimum: new(0.0), MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}}
	ch := &excelize.Chart{Type: excelize.Area, Series: series[:len(series)-1], Title: title(chartTitle),
		Dimension: excelize.ChartDimension{Width: 900, Height: 520}, Legend: excelize.ChartLegend{Position: "bottom"}, // 70 years of months: the page's height
		XAxis: xAxis, YAxis: yAxis}
	if !c.hasRecessions() {
		ch.Type, ch.Series = excelize.Line, series
		return ch, nil
	}
	return ch, []*excelize.Chart{{Type: excelize.Line, Series: series[len(series)-1:], XAxis: xAxis, YAxis: yAxis}}
}

// calibrationNoteWidth is the width of the Calibration sheet's columns A
// to H, which its notes span, for a fit of the given number of columns:
// three of 16, then two of 15 a column fitted, then Excel's default 8.43.
func calibrationNoteWidth(columns int) float64 {
	set := min(5, 2*columns)
	return 3*16 + float64(15*set) + float64(8.43*float64(5-set))
}

// contents describes the calibration workbook for its back matter.
func (c *Calibration) contents() contents {
	return contents{kind: calibrationBook, fit: c, what: "This workbook shows a calibration: Markov-switching models " +
		"fitted to monthly history, the states of the chosen fit and, month by month, how likely each state was. It " +
		"simulates no portfolio; a scenario may use its figures as regime assumptions. " + sourcesText(c.Source)}
}

// calibrationPassages state what a calibration did and its limits.
func calibrationPassages(c *Calibration) []passage {
	f := c.Fit
	method := fmt.Sprintf("divsim fitted Markov-switching models with %d to %d states to the monthly returns of %s from %s, "+
		"%s to %s (%d months), by maximum likelihood (the EM algorithm with the Hamilton filter and Kim smoother, from several "+
		"starting points). Each state has its own mean returns, volatilities and correlations, and the chain switches between "+
		"states from month to month. The first table compares the fits by AIC and BIC, which penalize extra parameters; the "+
		"fit shown has %d states, ordered by volatility, calmest first. Its transition probabilities, expected stays and "+
		"long-run shares describe the fitted history; the probabilities over time say how likely each month was to be in each "+
		"state, given the whole history.", c.Models[0].K, c.Models[len(c.Models)-1].K, strings.Join(c.Columns, ", "), c.Source,
		c.Months[0], c.Months[len(c.Months)-1], f.T, f.K)
	return []passage{{"Criteria and methodology", []string{method}}, {"Limitations", bullets([]string{
		"A calibration describes the past, not the future: the fitted states, their stays and their returns depend on the " +
			"window and the series chosen, and need not recur.",
		"Maximum likelihood may settle on a local optimum; several starts make this less likely but do not rule it out.",
		"The estimates carry sampling error, which is not shown; states that held for few months are estimated least precisely.",
		"More states always fit the history better; AIC and BIC guard against overfitting only in part.",
		"The states are statistical, not official business-cycle dates.",
		"A scenario that uses these figures treats them as assumptions like any other.",
	})}}
}
