package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/model"
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
