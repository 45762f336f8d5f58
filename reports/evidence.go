package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/evidence"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
)

// EvidenceDocument is divsim evidence's JSON (docs/scenario-format.md).
type EvidenceDocument struct {
	Format    int                 `json:"format"`
	History   EvidenceHistoryJSON `json:"history"`
	Benchmark string              `json:"benchmark"`
	Assets    []EvidenceAssetJSON `json:"assets"`
	Labels    []EvidenceLabelJSON `json:"labels"`
	FirstCut  EvidenceStudyJSON   `json:"first_cut"`
	Findings  []string            `json:"findings"`
}

// EvidenceHistoryJSON names the history and its months.
type EvidenceHistoryJSON struct {
	Name string `json:"name"`
	From string `json:"from"`
	To   string `json:"to"`
}

// EvidenceAssetJSON is an asset and its history column.
type EvidenceAssetJSON struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Column string `json:"column"`
}

// EvidenceLabelJSON is the assets' figures under one label.
type EvidenceLabelJSON struct {
	Column string                   `json:"column"`
	Label  string                   `json:"label"`
	Months int                      `json:"months"`
	Assets []EvidenceLabelAssetJSON `json:"assets"`
}

// EvidenceLabelAssetJSON is one asset's annualized mean and volatility
// under a label (null with fewer than two months).
type EvidenceLabelAssetJSON struct {
	ID   string   `json:"id"`
	Mean *float64 `json:"annualized_mean"`
	Vol  *float64 `json:"annualized_volatility"`
}

// EvidenceStudyJSON is the first-cut study.
type EvidenceStudyJSON struct {
	Column      string              `json:"label_column"`
	Label       string              `json:"label"`
	QuietMonths int                 `json:"quiet_months"`
	Events      []EvidenceEventJSON `json:"events"`
	Spans       []EvidenceSpanJSON  `json:"spans"`
}

// EvidenceEventJSON is a first cut and each asset's cumulative return
// over each span after it (null when the span runs past the table).
type EvidenceEventJSON struct {
	Month   string                `json:"month"`
	Returns map[string][]*float64 `json:"returns"` // span in months → per asset
}

// EvidenceSpanJSON is one span's summary per asset.
type EvidenceSpanJSON struct {
	Months int                     `json:"months"`
	Assets []EvidenceSpanAssetJSON `json:"assets"`
}

// EvidenceSpanAssetJSON is an asset's figures over a span.
type EvidenceSpanAssetJSON struct {
	ID            string   `json:"id"`
	Count         int      `json:"count"`
	Mean          *float64 `json:"mean"`
	Median        *float64 `json:"median"`
	SharePositive *float64 `json:"share_positive"`
	ExcessMean    *float64 `json:"excess_mean"`
	ExcessMedian  *float64 `json:"excess_median"`
	ShareBeat     *float64 `json:"share_beat_benchmark"`
}

// orNull is x, or nil for NaN (JSON null).
func orNull(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

// NewEvidenceDocument is the report as JSON.
func NewEvidenceDocument(r *evidence.Report) *EvidenceDocument {
	d := &EvidenceDocument{Format: 1, History: EvidenceHistoryJSON{Name: r.Table, From: r.From.String(), To: r.To.String()},
		Benchmark: r.Assets[r.Benchmark].ID, Findings: EvidenceFindings(r),
		FirstCut: EvidenceStudyJSON{Column: evidence.RateColumn, Label: evidence.CutLabel, QuietMonths: evidence.QuietMonths,
			Events: []EvidenceEventJSON{}}}
	for _, a := range r.Assets {
		d.Assets = append(d.Assets, EvidenceAssetJSON{ID: a.ID, Name: a.Name, Column: a.Column})
	}
	for _, l := range r.Labels {
		lj := EvidenceLabelJSON{Column: l.Column, Label: l.Label, Months: l.Months}
		for i, a := range r.Assets {
			lj.Assets = append(lj.Assets, EvidenceLabelAssetJSON{ID: a.ID, Mean: orNull(l.Mean[i]), Vol: orNull(l.Vol[i])})
		}
		d.Labels = append(d.Labels, lj)
	}
	for _, e := range r.Events {
		ej := EvidenceEventJSON{Month: e.Month.String(), Returns: map[string][]*float64{}}
		for s, n := range evidence.Spans() {
			for _, x := range e.Returns[s] {
				ej.Returns[fmt.Sprint(n)] = append(ej.Returns[fmt.Sprint(n)], orNull(x))
			}
		}
		d.FirstCut.Events = append(d.FirstCut.Events, ej)
	}
	for s, n := range evidence.Spans() {
		sj := EvidenceSpanJSON{Months: n}
		for i, a := range r.Assets {
			sm := r.Summaries[s][i]
			sj.Assets = append(sj.Assets, EvidenceSpanAssetJSON{ID: a.ID, Count: sm.Count, Mean: orNull(sm.Mean), Median: orNull(sm.Median),
				SharePositive: orNull(sm.SharePositive), ExcessMean: orNull(sm.ExcessMean), ExcessMedian: orNull(sm.ExcessMedian),
				ShareBeat: orNull(sm.ShareBeaten)})
		}
		d.FirstCut.Spans = append(d.FirstCut.Spans, sj)
	}
	return d
}

// Encode is the document as indented JSON with a final newline.
func (d *EvidenceDocument) Encode() ([]byte, error) {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("evidence JSON: %w", err)
	}
	return append(data, '\n'), nil
}

// evidenceCaveat says what the first-cut study is.
const evidenceCaveat = "What this is: a description of the past, not a forecast. Easing cycles are few, so each figure rests on a " +
	"handful of events whose outcomes differ widely; the next cycle may look like none of them."

// EvidenceFindings are the first-cut study's findings in plain words: per
// asset other than the benchmark, how often it beat the benchmark over the
// longest span, and the median difference.
func EvidenceFindings(r *evidence.Report) []string {
	if len(r.Events) == 0 {
		if !r.HasCutting {
			return []string{fmt.Sprintf("The history %s has no %s column with %s months, so it holds no easing cycles to study.",
				r.Table, evidence.RateColumn, evidence.CutLabel)}
		}
		return []string{"The history holds no first cut preceded by six months without one."}
	}
	spans := evidence.Spans()
	s := len(spans) - 1
	bench := r.Assets[r.Benchmark].Name
	since := r.Events[0].Month.Year()
	// One sentence for the assets studied over the same cycles (each said
	// alone, the cycles and the benchmark were named three times over),
	// one each for any studied over fewer.
	type finding struct {
		count int
		text  string
	}
	var fs []finding
	for i, a := range r.Assets {
		if i == r.Benchmark {
			continue
		}
		sm := r.Summaries[s][i]
		if sm.Count == 0 {
			continue
		}
		beat := int(math.Round(sm.ShareBeaten * float64(sm.Count)))
		// The median of the cycles' differences, which is not the
		// difference of the two medians the table beside shows.
		fs = append(fs, finding{sm.Count, fmt.Sprintf("%s beat it in %d (median difference %s)", a.Name, beat, signedPoints(sm.ExcessMedian))})
	}
	var out []string
	for len(fs) > 0 {
		n := fs[0].count
		var parts []string
		rest := fs[:0:0]
		for _, f := range fs {
			if f.count == n {
				parts = append(parts, f.text)
			} else {
				rest = append(rest, f)
			}
		}
		fs = rest
		out = append(out, fmt.Sprintf("In %d easing cycles since %d, over the %d months after the first cut, against %s: %s. "+
			"A median difference is the median of the %d cycles' differences, not the difference of the medians.",
			n, since, spans[s], bench, listText(parts), n))
	}
	return out
}

// listText joins items with semicolons and a final "and".
func listText(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], "; ") + "; and " + items[len(items)-1]
}

// signedPoints is a difference of returns in percentage points with its
// sign, written as the tables write negative figures: "+3.1 percentage
// points", "-2.0 …", and "0.0 …" for one that rounds to nothing (not −0.0).
func signedPoints(x float64) string {
	switch r := rounded(100*x, 1); {
	case r == "0.0" || r == "-0.0":
		return "0.0 percentage points"
	case strings.HasPrefix(r, "-"):
		return r + " percentage points"
	default:
		return "+" + r + " percentage points"
	}
}

// pointsOrDash writes a difference of returns in percentage points, one
// decimal, or a dash for NaN (the benchmark against itself).
func pointsOrDash(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return rounded(100*x, 1) + " pp"
}

// pctOrDash is a percentage, or a dash for NaN.
func pctOrDash(x float64, decimals int) string {
	if math.IsNaN(x) {
		return "–"
	}
	return pctText(x, decimals)
}

// WriteEvidenceTable prints the report: figures by label, the first-cut
// study per span, the findings and what the study is.
func WriteEvidenceTable(w io.Writer, r *evidence.Report) error {
	span := fmt.Sprintf(", %s to %s", r.From, r.To)
	if strings.Contains(r.Table, r.From.String()) && strings.Contains(r.Table, r.To.String()) { // the built-in history's name says its months
		span = ""
	}
	fmt.Fprintf(w, "What history says: %s%s\n\nAnnualized mean return / volatility of the months under each label\n", r.Table, span)
	tw := newColumns(w, true)
	labels := make([]string, len(r.Labels))
	for i, l := range r.Labels {
		labels[i] = labelText(l.Column, l.Label) // as the workbook names them: "Rates cutting", not "rate_regime: cutting"
	}
	padLabel := flushLeft(append(labels, "Label"))
	head := padLabel("Label") + "\tMonths\t"
	for _, a := range r.Assets {
		head += a.Name + "\t"
	}
	fmt.Fprintln(tw, head)
	for i, l := range r.Labels {
		row := fmt.Sprintf("%s\t%d\t", padLabel(labels[i]), l.Months)
		for i := range r.Assets {
			row += pctOrDash(l.Mean[i], 1) + " / " + pctOrDash(l.Vol[i], 1) + "\t"
		}
		fmt.Fprintln(tw, row)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nAfter the first rate cut of each easing cycle (a %s month after %d months without one): %d events",
		evidence.CutLabel, evidence.QuietMonths, len(r.Events))
	if len(r.Events) > 0 {
		var months []string
		for _, e := range r.Events {
			months = append(months, e.Month.String())
		}
		fmt.Fprintf(w, " (%s)", strings.Join(months, ", "))
	}
	fmt.Fprintf(w, "\nCumulative return over the months after the cut, and the difference from %s\n", r.Assets[r.Benchmark].Name)
	tw = newColumns(w, true)
	names := make([]string, len(r.Assets))
	for i, a := range r.Assets {
		names[i] = a.Name
	}
	padName := flushLeft(names)
	fmt.Fprintln(tw, padName("Asset")+"\tMonths\tEvents\tMean\tMedian\tPositive\tMean difference\tMedian of the differences\tBeat benchmark\t")
	for s, n := range evidence.Spans() {
		if s > 0 {
			fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t\t")
		}
		for i, a := range r.Assets {
			sm := r.Summaries[s][i]
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", padName(a.Name), n, sm.Count, pctOrDash(sm.Mean, 1), pctOrDash(sm.Median, 1),
				pctOrDash(sm.SharePositive, 0), pointsOrDash(sm.ExcessMean), pointsOrDash(sm.ExcessMedian), pctOrDash(sm.ShareBeaten, 0))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for _, f := range EvidenceFindings(r) {
		fmt.Fprintln(w, f)
	}
	_, err := fmt.Fprintf(w, "\n%s\n", evidenceCaveat)
	return err
}

// sheetHistory is the evidence sheet's name, in its own workbook and in a
// run workbook.
const sheetHistory = "History"

// historySheet lays out the report: the findings and what they are, the
// figures by label, the first-cut study per span and every event, each
// table one column per asset so that it fits a landscape page.
func historySheet(s *sheet, r *evidence.Report) {
	historyIntro(s, r)
	names := make([]any, len(r.Assets))
	for i, a := range r.Assets {
		names[i] = a.Name
	}
	row := labelTable(s, 4, r, names, "Annualized mean return by label", func(l evidence.LabelStats) []float64 { return l.Mean })
	row = labelTable(s, row, r, names, "Annualized volatility by label", func(l evidence.LabelStats) []float64 { return l.Vol })
	for sp, n := range evidence.Spans() {
		row = cutSummaryTable(s, row, r, names, sp, n)
	}
	for sp, n := range evidence.Spans() {
		row = cutEventsTable(s, row, r, names, sp, n)
	}
	widths := []float64{34}
	for range r.Assets {
		widths = append(widths, 15)
	}
	s.widths(widths...)
}

// historyIntro writes the sheet's title and the note under it: the
// findings, what they are, the benchmark and where the history comes
// from.
func historyIntro(s *sheet, r *evidence.Report) {
	bench := r.Assets[r.Benchmark].Name
	s.set(1, 1, fmt.Sprintf("What history says: %s to %s", r.From, r.To), s.b.st.title)
	text := strings.Join(EvidenceFindings(r), " ") + " " + evidenceCaveat + " Differences are from " + bench +
		", the benchmark. " + sourcesText(r.Table)
	s.note(2, 1, 1+len(r.Assets), noteLines(text, historyWidth(len(r.Assets))), text)
}

// historyTableHead writes a table's title on row row and below it its
// header, first then the assets' names, and returns the row of the
// table's first line.
func historyTableHead(s *sheet, row int, title, first string, names []any) int {
	s.set(1, row, title, s.b.st.subtitle)
	s.header(1, row+1, append([]any{first}, names...)...)
	// Header rows of three lines at least; printSetup makes them as tall as
	// a longer asset name wraps ("US Small Caps (bottom size decile)").
	s.keep(s.b.f.SetRowHeight(s.name, row+1, 48))
	return row + 2
}

// labelTable writes from row row a table titled title of a figure (of)
// of every asset for each label, kept on one page, and returns the row
// of the next table.
func labelTable(s *sheet, row int, r *evidence.Report, names []any, title string, of func(evidence.LabelStats) []float64) int {
	first := row
	row = historyTableHead(s, row, title, "Label (months)", names)
	for _, l := range r.Labels {
		s.set(1, row, fmt.Sprintf("%s (%d)", labelText(l.Column, l.Label), l.Months), s.b.st.text)
		for i, x := range of(l) {
			setPct(s, 2+i, row, x)
		}
		row++
	}
	s.keepTogether(first, row-1)
	return row + 1
}

// cutSummaryTable writes from row row a summary of every asset's return
// over the n months after each easing cycle's first rate cut (span sp of
// evidence.Spans), kept on one page, and returns the row of the next
// table.
func cutSummaryTable(s *sheet, row int, r *evidence.Report, names []any, sp, n int) int {
	st := s.b.st
	first := row
	bench := r.Assets[r.Benchmark].Name
	// The benchmark named where the differences are, and the median's
	// row saying what it is: beside medians of 16.3 % and 16.3 %, a
	// "median difference" of −4.2 points read as an error.
	title := fmt.Sprintf("The %d months after each easing cycle's first rate cut (differences from %s)", n, bench)
	row = historyTableHead(s, row, title, "Cumulative return", names)
	// Shares of a few events are counts ("13 of 21", not 61.9 %), and
	// differences of returns are in percentage points.
	for _, line := range []struct {
		label string
		kind  summaryKind
		of    func(evidence.Summary) float64
	}{
		{"Mean", summaryPct, func(x evidence.Summary) float64 { return x.Mean }},
		{"Median", summaryPct, func(x evidence.Summary) float64 { return x.Median }},
		{"Events positive", summaryCount, func(x evidence.Summary) float64 { return x.SharePositive }},
		{"Mean difference", summaryPoints, func(x evidence.Summary) float64 { return x.ExcessMean }},
		{"Median of the differences", summaryPoints, func(x evidence.Summary) float64 { return x.ExcessMedian }},
		{"Events ahead of it", summaryCount, func(x evidence.Summary) float64 { return x.ShareBeaten }},
	} {
		s.set(1, row, line.label, st.text)
		for i := range r.Assets {
			x := r.Summaries[sp][i]
			setSummary(s, 2+i, row, line.kind, line.of(x), x.Count)
		}
		row++
	}
	s.set(1, row, "Events", st.text)
	for i := range r.Assets {
		s.set(2+i, row, r.Summaries[sp][i].Count, st.integer)
	}
	s.keepTogether(first, row)
	return row + 2
}

// summaryKind is how a line of cutSummaryTable shows its figures.
type summaryKind int

const (
	summaryPct    summaryKind = iota // a return, as a percentage
	summaryCount                     // a share of the events, as their count
	summaryPoints                    // a difference of returns, in percentage points
)

// setSummary writes a figure v of a line of the given kind, over count
// events, or a dash for NaN.
func setSummary(s *sheet, col, row int, kind summaryKind, v float64, count int) {
	st := s.b.st
	switch {
	case math.IsNaN(v):
		s.set(col, row, "–", st.center)
	case kind == summaryCount:
		s.set(col, row, int(math.Round(v*float64(count))), st.integer)
	case kind == summaryPoints:
		s.set(col, row, float64(100*v), st.points)
	default:
		s.set(col, row, v, st.percent)
	}
}

// cutEventsTable writes from row row every event's return of every asset
// over the n months after its first cut (span sp of evidence.Spans), kept
// on one page, and returns the row of the next table.
func cutEventsTable(s *sheet, row int, r *evidence.Report, names []any, sp, n int) int {
	first := row
	row = historyTableHead(s, row, fmt.Sprintf("Every event: the %d months after the first cut", n), "First cut", names)
	for _, e := range r.Events {
		s.set(1, row, e.Month.String(), s.b.st.text)
		for i := range r.Assets {
			setPct(s, 2+i, row, e.Returns[sp][i])
		}
		row++
	}
	s.keepTogether(first, row-1)
	return row + 1
}

// historyWidth is the History sheet's width in characters for n assets.
func historyWidth(n int) float64 { return float64(34 + 15*n) }

// labelText is a label in words: "Rates cutting", "Growth recession".
func labelText(column, label string) string {
	name := map[string]string{"rate_regime": "Rates", "growth": "Growth"}[column]
	if name == "" {
		name = column
	}
	return name + " " + label
}

// setPct writes a share as a percentage, or a dash for NaN.
func setPct(s *sheet, col, row int, x float64) {
	if math.IsNaN(x) {
		s.set(col, row, "–", s.b.st.center)
		return
	}
	s.set(col, row, x, s.b.st.percent)
}

// BuildEvidenceWorkbook builds the report's workbook: the History
// sheet, then its Disclosures.
func BuildEvidenceWorkbook(sc *model.Scenario, r *evidence.Report, stamp Stamp) (*excelize.File, error) {
	c := contents{kind: evidenceBook, evidence: r, what: fmt.Sprintf("This workbook describes the monthly history %s "+
		"for the assets of the scenario “%s”: returns and volatility under each rate and growth label, and the months after "+
		"the first rate cut of each easing cycle. It shows the past only; nothing in it is simulated. %s", historyText(r.Table, r.From, r.To), sc.Info.Name, sourcesText(r.Table))}
	return studyBook(sc, stamp, sheetHistory, false, func(s *sheet) error {
		historySheet(s, r)
		return nil
	}, c)
}

// WriteEvidenceWorkbook writes BuildEvidenceWorkbook's workbook to path, whole or not at
// all.
func WriteEvidenceWorkbook(path string, sc *model.Scenario, r *evidence.Report, stamp Stamp) error {
	return writeBook(path, func() (*excelize.File, error) { return BuildEvidenceWorkbook(sc, r, stamp) })
}

// historyText names a history with its months, "name, from to to"; the
// shipped table's name carries its months already.
func historyText(table string, from, to history.Month) string {
	if table == history.DefaultName {
		return table
	}
	return fmt.Sprintf("%s, %s to %s", table, from, to)
}

// sourcesText credits a history's sources: the shipped table's data
// libraries, or the file a user gave, whose sources divsim cannot know.
func sourcesText(table string) string {
	if table == history.DefaultName {
		return "Sources: " + history.Credits
	}
	return "Source: " + table + "."
}

// evidencePassages are an evidence workbook's criteria, methodology and
// limitations.
func evidencePassages(r *evidence.Report) []passage {
	method := fmt.Sprintf("divsim read the monthly returns of each asset's history column in %s, %s to %s. For each label of the "+
		"history's label columns (the rate regime and the growth phase each month was classified in), it averages the months "+
		"carrying the label and states the average as a yearly rate, (1 + monthly mean)^12 − 1, with the volatility, the monthly "+
		"standard deviation × √12. An easing cycle's first cut is a month labeled %s after at least %d months without one; "+
		"for each, it compounds each asset's returns over the 3, 6 and 12 months after that month (a cut too late for a span "+
		"is left out of it), and compares each with %s by the difference of the two.", r.Table, r.From, r.To,
		evidence.CutLabel, evidence.QuietMonths, r.Assets[r.Benchmark].Name)
	return []passage{{"Criteria and methodology", []string{method}}, {"Limitations", bullets([]string{
		"History describes the past, not the future: the next easing cycle, recession or rate regime may look like none before it.",
		"Easing cycles are few, so each study figure rests on a handful of events whose outcomes differ widely; a median or a " +
			"share of events can change with one more cycle.",
		"The rate-regime and growth labels were assigned after the fact, from the federal funds rate's moves and the NBER's " +
			"recession dates; at the time, no one knew which regime held.",
		"The series are market indexes: they carry no fees, fund expenses, trading costs or taxes, and no investor held them exactly.",
		"Overlapping spans share months, and some months belong to several events' spans.",
	})}}
}

// evidence is what history says about the run's assets, for the run
// workbook's History sheet: nil when no asset names a history column, or
// when the run drew from a history the workbook was not given, or when the
// analysis failed (b.evidenceErr, which fails the workbook).
func (b *book) evidence() *evidence.Report {
	if b.evidenceDone {
		return b.evidenceReport
	}
	b.evidenceDone = true
	t := b.in.History
	if t == nil {
		t = history.Default()
		if h := b.sc.History; h != nil && h.Source.File != t.Name {
			return nil // drawn from another file, which the workbook does not have
		}
	}
	assets := evidence.AssetsOf(b.sc)
	if len(assets) == 0 {
		return nil
	}
	r, err := evidence.Analyze(t, assets, 0)
	if err != nil { // cannot happen: the columns were checked against this table when the scenario was read
		b.evidenceErr = err
		return nil
	}
	b.evidenceReport = r
	return r
}

// history is the run workbook's History sheet.
func (b *book) history(s *sheet) { historySheet(s, b.evidence()) }
