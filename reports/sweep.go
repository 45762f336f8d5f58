package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/atomicfile"

	"github.com/divsim/divsim/batch"
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

// SweepSettings echo the sweep's flags.
type SweepSettings struct {
	Sleeve   string  `json:"sleeve"`
	From     float64 `json:"from"`
	To       float64 `json:"to"`
	Step     float64 `json:"step"`
	FundFrom *string `json:"fund_from"`
}

// SweepGroupJSON is one swept portfolio.
type SweepGroupJSON struct {
	Name       string           `json:"name"`
	BestSharpe *float64         `json:"best_sharpe_weight"`
	Points     []SweepPointJSON `json:"points"`
}

// SweepPointJSON is one weight's figures.
type SweepPointJSON struct {
	Weight           float64     `json:"weight"`
	AnnualizedReturn DistJSON    `json:"annualized_return"`
	Volatility       P50         `json:"volatility"`
	MaxDrawdown      P50P95      `json:"max_drawdown"`
	CVaR95           float64     `json:"cvar_95"`
	Sharpe           NullableP50 `json:"sharpe"`
	SuccessRate      float64     `json:"success_rate"`
	SuccessRateSE    float64     `json:"success_rate_se"`
	TerminalWealth   DistJSON    `json:"terminal_wealth"`
	// ProbOutperform is the share of paths on which this weight ended
	// above weight 0 (null at weight 0 itself).
	ProbOutperform *float64 `json:"prob_outperform_zero"`
}

// NewSweepDocument builds the sweep JSON.
func NewSweepDocument(sc *model.Scenario, spec batch.SweepSpec, results []batch.SweepResult, meta Meta) *SweepDocument {
	doc := &SweepDocument{
		Format: 1, Scenario: sc.Info.Name, Seed: sc.Simulation.Seed, Paths: sc.Simulation.Paths, Version: meta.Version,
		Input: FileRef{File: sc.Info.Source.File, SHA256: sc.Info.Source.SHA256},
		Sweep: SweepSettings{Sleeve: spec.Sleeve, From: spec.From, To: spec.To, Step: spec.Step},
	}
	if spec.FundFrom != "" {
		doc.Sweep.FundFrom = &spec.FundFrom
	}
	for _, r := range results {
		g := SweepGroupJSON{Name: r.Source}
		if r.BestSharpe >= 0 {
			w := r.Points[r.BestSharpe].Weight
			g.BestSharpe = &w
		}
		for _, pt := range r.Points {
			p := pt.Results
			pj := SweepPointJSON{
				Weight: pt.Weight, AnnualizedReturn: distJSON(p.AnnualizedReturn, false),
				Volatility: P50{p.VolatilityP50}, MaxDrawdown: P50P95{p.MaxDrawdownP50, p.MaxDrawdownP95},
				CVaR95: p.CVaR95, Sharpe: NullableP50{p.SharpeP50},
				SuccessRate: p.SuccessRate, SuccessRateSE: p.SuccessRateSE,
				TerminalWealth: distJSON(p.TerminalWealth, true),
			}
			if p.VsBaseline != nil {
				v := p.VsBaseline.ProbOutperform
				pj.ProbOutperform = &v
			}
			g.Points = append(g.Points, pj)
		}
		doc.Groups = append(doc.Groups, g)
	}
	return doc
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
// ratio marked.
func WriteSweepTable(w io.Writer, sc *model.Scenario, spec batch.SweepSpec, results []batch.SweepResult) error {
	funding := "pro rata from the other sleeves"
	if spec.FundFrom != "" {
		funding = "from " + spec.FundFrom
	}
	fmt.Fprintf(w, "%s — sweep of %s, funded %s; %d paths, %d years, seed %d, the same paths at every weight\n",
		sc.Info.Name, spec.Sleeve, funding, sc.Simulation.Paths, sc.Simulation.HorizonYears, sc.Simulation.Seed)
	for _, r := range results {
		fmt.Fprintf(w, "\n%s\n", r.Source)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "Weight\tMedian return\tVolatility\tMax DD p95\tCVaR 95\tSharpe\tSuccess\tMedian wealth\tBeats 0%\t")
		for i, pt := range r.Points {
			p := pt.Results
			sharpe := "n/a"
			if p.SharpeP50 != nil {
				sharpe = fmt.Sprintf("%.3f", *p.SharpeP50)
			}
			if i == r.BestSharpe {
				sharpe = "*" + sharpe
			}
			beats := "—"
			if p.VsBaseline != nil {
				beats = pct(p.VsBaseline.ProbOutperform, 0)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", pct(pt.Weight, 0),
				pct(p.AnnualizedReturn.P50, 2), pct(p.VolatilityP50, 1), pct(p.MaxDrawdownP95, 1), pct(p.CVaR95, 1),
				sharpe, pct(p.SuccessRate, 1), money(p.TerminalWealth.P50), beats)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, strings.TrimSpace(`
* marks the best median Sharpe ratio. "Beats 0%": share of paths on which the portfolio ended above
the same portfolio without the sleeve.`))
	return nil
}

// WriteSweepWorkbook writes the sweep workbook: per swept portfolio a table
// of weight → figures with the best Sharpe ratio marked, line charts of the
// figures against the weight and the risk/return path; then the
// assumptions.
func WriteSweepWorkbook(path string, sc *model.Scenario, spec batch.SweepSpec, results []batch.SweepResult, version, command string) error {
	f := excelize.NewFile()
	defer f.Close()
	b := &book{f: f, sc: sc, in: WorkbookInput{Scenario: sc, Version: version, Command: command, RunDate: time.Now()}}
	if err := b.makeStyles(); err != nil {
		return err
	}
	pctFmt := "0.0%"
	best, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: solid("C6EFCE"), CustomNumFmt: &pctFmt})
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "Sweep"); err != nil {
		return err
	}
	s := &sheet{b: b, name: "Sweep"}
	s.set(1, 1, fmt.Sprintf("%s: %s from %s to %s", sc.Info.Name, spec.Sleeve, pctText(spec.From, 0), pctText(spec.To, 0)), b.st.title)
	funding := "pro rata from the other sleeves"
	if spec.FundFrom != "" {
		funding = "from " + spec.FundFrom
	}
	s.note(2, 1, 9, 3, fmt.Sprintf("Each weight of the %s is funded %s. Every weight runs on the same %d simulated paths, so differences along "+
		"the curve are not sampling noise. Green marks the weight with the best median Sharpe ratio; 'Beats 0 %%' is the share of paths "+
		"ending above the same portfolio without the sleeve.", spec.Sleeve, funding, sc.Simulation.Paths))
	heads := []any{"Weight", "Median annualized return", "Volatility (median)", "Max drawdown (95th pct)", "CVaR 95", "Sharpe (median)", "Success rate", "Median wealth", "Beats 0 %"}
	r := 4
	for _, res := range results {
		s.set(1, r, res.Source, b.st.subtitle)
		s.row(1, r+1, b.st.header, heads...)
		s.keep(f.SetRowHeight(s.name, r+1, 45))
		first := r + 2
		for i, pt := range res.Points {
			p, row := pt.Results, first+i
			s.set(1, row, pt.Weight, b.st.percent)
			s.set(2, row, p.AnnualizedReturn.P50, b.st.percent2)
			s.set(3, row, p.VolatilityP50, b.st.percent)
			s.set(4, row, p.MaxDrawdownP95, b.st.percent)
			s.set(5, row, p.CVaR95, b.st.percent)
			if p.SharpeP50 != nil {
				s.set(6, row, *p.SharpeP50, b.st.number2)
			} else {
				s.set(6, row, "n/a", b.st.center)
			}
			s.set(7, row, p.SuccessRate, b.st.percent)
			s.set(8, row, p.TerminalWealth.P50, b.st.money)
			if p.VsBaseline != nil {
				s.set(9, row, p.VsBaseline.ProbOutperform, b.st.percent)
			} else {
				s.set(9, row, "—", b.st.center)
			}
			if i == res.BestSharpe {
				s.keep(f.SetCellStyle(s.name, cell(1, row), cell(1, row), best))
			}
		}
		last := first + len(res.Points) - 1
		var lines []excelize.ChartSeries
		for _, col := range []int{2, 3, 4, 5, 7} { // "beats 0 %" stays in the table: it has no value at weight 0
			lines = append(lines, excelize.ChartSeries{Name: s.ref(col, r+1, col, r+1), Categories: s.ref(1, first, 1, last), Values: s.ref(col, first, col, last),
				Marker: excelize.ChartMarker{Symbol: "circle", Size: 5}})
		}
		s.chart(cell(11, r), &excelize.Chart{Type: excelize.Line, Series: lines, Title: title(res.Source + ": figures by weight"),
			Dimension: excelize.ChartDimension{Width: 520, Height: 300}, Legend: excelize.ChartLegend{Position: "bottom"},
			XAxis: excelize.ChartAxis{Title: title("Weight of " + spec.Sleeve)},
			YAxis: excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}}})
		s.chart(cell(19, r), &excelize.Chart{Type: excelize.Line,
			Series: []excelize.ChartSeries{{Name: s.ref(6, r+1, 6, r+1), Categories: s.ref(1, first, 1, last), Values: s.ref(6, first, 6, last), Marker: excelize.ChartMarker{Symbol: "circle", Size: 5}}},
			Title:  title("Sharpe ratio by weight"), Dimension: excelize.ChartDimension{Width: 380, Height: 300},
			Legend: excelize.ChartLegend{Position: "none"}, XAxis: excelize.ChartAxis{Title: title("Weight")},
			YAxis: excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.000"}}})
		s.chart(cell(25, r), &excelize.Chart{Type: excelize.Scatter,
			Series: []excelize.ChartSeries{{Name: s.ref(1, r, 1, r), Categories: s.ref(3, first, 3, last), Values: s.ref(2, first, 2, last),
				Marker: excelize.ChartMarker{Symbol: "circle", Size: 6}, Line: excelize.LineOptions{Type: excelize.LineSolid, Width: 1.5}}},
			Title: title("Risk/return path as the weight grows"), Dimension: excelize.ChartDimension{Width: 420, Height: 300},
			Legend: excelize.ChartLegend{Position: "none"},
			XAxis:  excelize.ChartAxis{Title: title("Volatility"), NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0%"}, MajorGridLines: true},
			YAxis:  excelize.ChartAxis{Title: title("Median annualized return"), NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.00%"}, MajorGridLines: true}})
		r = max(last+3, r+17)
	}
	s.widths(10, 14, 12, 14, 10, 10, 10, 14, 10)
	s.printSetup()
	if s.err != nil {
		return s.err
	}
	if _, err := f.NewSheet("Assumptions"); err != nil {
		return err
	}
	as := &sheet{b: b, name: "Assumptions"}
	b.res = &sim.Results{Paths: sc.Simulation.Paths, Seed: sc.Simulation.Seed}
	b.assumptions(as)
	as.printSetup()
	if as.err != nil {
		return as.err
	}
	return atomicfile.Write(path, func(w io.Writer) error { _, err := f.WriteTo(w); return err })
}
