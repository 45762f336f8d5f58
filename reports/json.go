package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// Meta is what the results JSON records about the run beyond the scenario.
type Meta struct {
	Version string // divsim's version
}

// Document is the results JSON of SCENARIO.md, format 1. Field order is the
// contract's order.
type Document struct {
	Format       int             `json:"format"`
	Scenario     string          `json:"scenario"`
	Seed         uint64          `json:"seed"`
	Paths        int             `json:"paths"`
	HorizonYears int             `json:"horizon_years"`
	StepsPerYear int             `json:"steps_per_year"`
	Version      string          `json:"version"`
	Currency     string          `json:"currency"`
	ReturnModel  string          `json:"return_model"`
	Input        FileRef         `json:"input"`
	History      *FileRef        `json:"history"`
	Windows      *WindowsJSON    `json:"windows"`
	Regimes      RegimesJSON     `json:"regimes"`
	Portfolios   []PortfolioJSON `json:"portfolios"`
	Pairs        *PairsJSON      `json:"pairs"`
}

// PairsJSON compares every two portfolios on the same paths, [i][j] in the
// order of portfolios: the figures the Summary's reading ranks them by
// (SCENARIO.md, Metrics), so that a reader of the results
// JSON can check its "highest median" and "ran out of money less often".
type PairsJSON struct {
	// MedianDiffSE is the standard error of portfolio i's median terminal
	// wealth less portfolio j's (0 where i is j); null for rolling windows
	// of history, which are no sample.
	MedianDiffSE [][]float64 `json:"median_diff_se"`
	// RanOutAlone counts the paths (windows) on which portfolio i ran out
	// of money and portfolio j did not.
	RanOutAlone [][]int `json:"ran_out_alone"`
}

// WindowsJSON is a historical run's rolling windows, one path each (null
// under the other return models): how many, whether they wrap past the
// history window's end, and each one's first month.
type WindowsJSON struct {
	Count  int      `json:"count"`
	Wrap   bool     `json:"wrap"`
	Starts []string `json:"starts"`
}

// PortfolioWindowsJSON is a portfolio's outcome on each rolling window, in
// the order of the document's windows.starts.
type PortfolioWindowsJSON struct {
	Depleted           []bool    `json:"depleted"`
	TerminalWealth     []float64 `json:"terminal_wealth"`
	TerminalWealthReal []float64 `json:"terminal_wealth_real"`
}

// FileRef names an input file and its digest.
type FileRef struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// RegimesJSON compares the stationary and simulated shares of joint states.
type RegimesJSON struct {
	States         []string  `json:"states"`
	Stationary     []float64 `json:"stationary"`
	SimulatedShare []float64 `json:"simulated_share"`
}

// DistJSON is a distribution summary; Mean and MeanSE are omitted where the
// contract does not list them.
type DistJSON struct {
	Mean   float64  `json:"mean"`
	MeanSE *float64 `json:"mean_se,omitempty"`
	P5     float64  `json:"p5"`
	P10    float64  `json:"p10"`
	P25    float64  `json:"p25"`
	P50    float64  `json:"p50"`
	// P50SE is the median's Monte Carlo standard error, given for the
	// nominal terminal wealth, by which the Summary ranks portfolios.
	P50SE *float64 `json:"p50_se,omitempty"`
	P75   float64  `json:"p75"`
	P90   float64  `json:"p90"`
	P95   float64  `json:"p95"`
}

// PortfolioJSON is one portfolio's results.
type PortfolioJSON struct {
	Name                 string          `json:"name"`
	TerminalWealth       DistJSON        `json:"terminal_wealth"`
	TerminalWealthReal   DistJSON        `json:"terminal_wealth_real"`
	AnnualizedReturn     DistJSON        `json:"annualized_return"`
	AnnualizedReturnReal DistJSON        `json:"annualized_return_real"`
	Volatility           P50             `json:"volatility"`
	MaxDrawdown          P50P95          `json:"max_drawdown"`
	Sharpe               NullableP50     `json:"sharpe"`
	Sortino              NullableP50     `json:"sortino"`
	VaR95                float64         `json:"var_95"`
	CVaR95               float64         `json:"cvar_95"`
	ProbLoss             float64         `json:"prob_loss"`
	ProbLossSE           float64         `json:"prob_loss_se"`
	SuccessRate          float64         `json:"success_rate"`
	SuccessRateSE        float64         `json:"success_rate_se"`
	ProbGoal             *float64        `json:"prob_goal"`
	ProbGoalSE           *float64        `json:"prob_goal_se"`
	GoalShortfall        *float64        `json:"goal_shortfall"`
	Turnover             float64         `json:"turnover"`
	RebalancesPerYear    float64         `json:"rebalances_per_year"`
	DiversificationRatio float64         `json:"diversification_ratio"`
	RiskContributions    Ordered         `json:"risk_contributions"`
	VsBaseline           *VsBaselineJSON `json:"vs_baseline"`
	Fan                  FanJSON         `json:"fan"`
	StressTests          Ordered         `json:"stress_tests"`
	Underwater           *UnderwaterJSON `json:"underwater"`
	Spending             *SpendingJSON   `json:"spending"`
	// Windows is the portfolio's outcome on each rolling window; null
	// unless the return model is historical.
	Windows *PortfolioWindowsJSON `json:"windows"`
	// Episodes is the portfolio's replay of each episode among the stress
	// tests, by name in the scenario's order; {} without episodes.
	Episodes OrderedOf[EpisodeJSON] `json:"episodes"`
}

// EpisodeJSON is a portfolio's replay of an episode of history: its total
// return over the window, its deepest fall inside it and the months until
// it was back at its start (null when it never was by the history's end).
type EpisodeJSON struct {
	TotalReturn    float64 `json:"total_return"`
	MaxDrawdown    float64 `json:"max_drawdown"`
	RecoveryMonths *int    `json:"recovery_months"`
}

// SpendingJSON is what a spending rule actually paid, in today's money
// (null without a rule).
type SpendingJSON struct {
	FirstYear float64 `json:"first_year"`
	RealMean  struct {
		P5  float64 `json:"p5"`
		P25 float64 `json:"p25"`
		P50 float64 `json:"p50"`
		P75 float64 `json:"p75"`
		P95 float64 `json:"p95"`
	} `json:"real_mean"`
	RealMin  P5P50 `json:"real_min"`
	CutYears struct {
		Mean      float64 `json:"mean"`
		ProbAny   float64 `json:"prob_any"`
		ProbAnySE float64 `json:"prob_any_se"`
	} `json:"cut_years"`
	TotalReal struct {
		Mean   float64 `json:"mean"`
		MeanSE float64 `json:"mean_se"`
		P50    float64 `json:"p50"`
	} `json:"total_real"`
	// Fan is the yearly fan of real spending over years 1..T, one array
	// per report percentile, like the wealth fan.
	Fan SpendingFanJSON `json:"fan"`
}

// P5P50 is a 5th percentile and a median.
type P5P50 struct {
	P5  float64 `json:"p5"`
	P50 float64 `json:"p50"`
}

func spendingJSON(sp *sim.Spending) *SpendingJSON {
	if sp == nil {
		return nil
	}
	j := &SpendingJSON{FirstYear: sp.FirstYear, RealMin: P5P50{sp.RealMin[0], sp.RealMin[1]}}
	j.RealMean.P5, j.RealMean.P25, j.RealMean.P50, j.RealMean.P75, j.RealMean.P95 =
		sp.RealMean[0], sp.RealMean[1], sp.RealMean[2], sp.RealMean[3], sp.RealMean[4]
	j.CutYears.Mean, j.CutYears.ProbAny, j.CutYears.ProbAnySE = sp.CutYearsMean, sp.CutProb, sp.CutProbSE
	j.TotalReal.Mean, j.TotalReal.MeanSE, j.TotalReal.P50 = sp.TotalRealMean, sp.TotalRealMeanSE, sp.TotalRealP50
	years := make([]int, len(sp.Fan[0]))
	for y := range years {
		years[y] = y + 1
	}
	j.Fan = SpendingFanJSON{Years: years, Percentiles: sp.Percentiles, Rows: sp.Fan}
	return j
}

// UnderwaterJSON is how long the time-weighted index stays below its
// running peak: the longest run in years, and the share of paths still
// below it at the horizon.
type UnderwaterJSON struct {
	LongestYears        P50P95  `json:"longest_years"`
	ProbUnderwaterEnd   float64 `json:"prob_underwater_end"`
	ProbUnderwaterEndSE float64 `json:"prob_underwater_end_se"`
}

// P50 is a median.
type P50 struct {
	P50 float64 `json:"p50"`
}

// P50P95 is a median and a 95th percentile.
type P50P95 struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
}

// NullableP50 is a median that is null when no path defines it.
type NullableP50 struct {
	P50 *float64 `json:"p50"`
}

// VsBaselineJSON is the paired comparison with the baseline portfolio:
// prob_outperform is the share of paths ending ahead of it, prob_tie the
// share ending level (both depleted, for instance); the rest end behind.
type VsBaselineJSON struct {
	TerminalDiffMean float64 `json:"terminal_diff_mean"`
	TerminalDiffSE   float64 `json:"terminal_diff_se"`
	TerminalDiffP50  float64 `json:"terminal_diff_p50"`
	ProbOutperform   float64 `json:"prob_outperform"`
	ProbTie          float64 `json:"prob_tie"`
}

// FanJSON is the yearly wealth percentiles: "years" then one array per
// report percentile ("p5", ...), nominal, and the same under "real"; then
// "sketched", true when they come from a quantile sketch, with the sketch's
// "relative_accuracy".
type FanJSON struct {
	Years       []int
	Percentiles []float64
	Nominal     [][]float64
	Real        [][]float64
	Sketched    bool
}

// MarshalJSON writes years, then pN arrays in percentile order, then real.
func (f FanJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := writeFan(&b, f.Years, f.Percentiles, f.Nominal); err != nil {
		return nil, err
	}
	b.Truncate(b.Len() - 1) // reopen the object for real and sketched
	b.WriteString(`,"real":`)
	if err := writeFan(&b, f.Years, f.Percentiles, f.Real); err != nil {
		return nil, err
	}
	if f.Sketched {
		fmt.Fprintf(&b, `,"sketched":true,"relative_accuracy":%g}`, model.FanSketchAccuracy)
	} else {
		b.WriteString(`,"sketched":false}`)
	}
	return b.Bytes(), nil
}

// SpendingFanJSON is the yearly fan of real spending: years, then one
// array per report percentile.
type SpendingFanJSON struct {
	Years       []int
	Percentiles []float64
	Rows        [][]float64
}

// MarshalJSON writes years, then pN arrays in percentile order.
func (f SpendingFanJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := writeFan(&b, f.Years, f.Percentiles, f.Rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeFan writes {"years": […], "pN": […], …} with one array per
// percentile, in order.
func writeFan(b *bytes.Buffer, years []int, pcts []float64, rows [][]float64) error {
	ys, err := json.Marshal(years)
	if err != nil {
		return err
	}
	b.WriteString(`{"years":`)
	b.Write(ys)
	for q, p := range pcts {
		arr, err := json.Marshal(rows[q]) // fails on NaN or Inf
		if err != nil {
			return fmt.Errorf("fan %s: %w", PercentileKey(p), err)
		}
		fmt.Fprintf(b, ",%q:", PercentileKey(p))
		b.Write(arr)
	}
	b.WriteString("}")
	return nil
}

// PercentileKey names a percentile as the JSON does: 5 → "p5", 2.5 → "p2.5".
func PercentileKey(p float64) string { return "p" + strconv.FormatFloat(p, 'f', -1, 64) }

// Ordered is a JSON object of numbers whose keys keep the given order
// (sleeves and stress tests in the scenario's order).
type Ordered = OrderedOf[float64]

// OrderedOf is a JSON object whose keys keep the given order.
type OrderedOf[V any] struct {
	Keys   []string
	Values []V
}

// MarshalJSON writes the keys in order.
func (o OrderedOf[V]) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.Keys {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(k)
		b.Write(key)
		b.WriteByte(':')
		v, err := json.Marshal(o.Values[i]) // fails on NaN or Inf
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// NewDocument builds the results JSON document.
func NewDocument(sc *model.Scenario, res *sim.Results, meta Meta) *Document {
	s := sc.Simulation
	doc := &Document{
		Format: 1, Scenario: sc.Info.Name, Seed: res.Seed, Paths: res.Paths,
		HorizonYears: s.HorizonYears, StepsPerYear: s.StepsPerYear, Version: meta.Version,
		Currency: sc.Info.Currency, ReturnModel: s.ReturnModel.String(),
		Input: FileRef{File: sc.Info.Source.File, SHA256: sc.Info.Source.SHA256},
	}
	if h := sc.History; h != nil {
		doc.History = &FileRef{File: h.Source.File, SHA256: h.Source.SHA256}
		if h.Starts != nil {
			doc.Windows = &WindowsJSON{Count: len(h.Starts), Wrap: h.Wrap, Starts: h.Starts}
		}
	} else if tests := episodeTests(sc); len(tests) > 0 { // the history the episodes replay
		src := sc.StressTests[tests[0]].Episode.Source
		doc.History = &FileRef{File: src.File, SHA256: src.SHA256}
	}
	for j, st := range sc.Regimes.States {
		doc.Regimes.States = append(doc.Regimes.States, st.Name)
		doc.Regimes.Stationary = append(doc.Regimes.Stationary, st.Stationary)
		doc.Regimes.SimulatedShare = append(doc.Regimes.SimulatedShare, res.StateShare[j])
	}
	years := make([]int, s.HorizonYears+1)
	for y := range years {
		years[y] = y
	}
	for b, p := range res.Portfolios {
		pf := sc.Portfolios[b]
		pj := PortfolioJSON{
			Name:                 p.Name,
			TerminalWealth:       withMedianSE(distJSON(p.TerminalWealth, true), p),
			TerminalWealthReal:   distJSON(p.TerminalWealthReal, true),
			AnnualizedReturn:     distJSON(p.AnnualizedReturn, false),
			AnnualizedReturnReal: distJSON(p.AnnualizedReturnReal, false),
			Volatility:           P50{p.VolatilityP50},
			MaxDrawdown:          P50P95{p.MaxDrawdownP50, p.MaxDrawdownP95},
			Sharpe:               NullableP50{p.SharpeP50},
			Sortino:              NullableP50{p.SortinoP50},
			VaR95:                p.VaR95, CVaR95: p.CVaR95,
			ProbLoss: p.ProbLoss, ProbLossSE: p.ProbLossSE,
			SuccessRate: p.SuccessRate, SuccessRateSE: p.SuccessRateSE,
			ProbGoal: p.ProbGoal, ProbGoalSE: p.ProbGoalSE, GoalShortfall: p.GoalShortfall,
			Turnover: p.Turnover, RebalancesPerYear: p.RebalancesPerYear,
			DiversificationRatio: p.DiversificationRatio,
			Fan:                  FanJSON{Years: years, Percentiles: p.Fan.Percentiles, Nominal: p.Fan.Nominal, Real: p.Fan.Real, Sketched: p.Fan.Sketched},
		}
		for k, sl := range pf.Sleeves {
			pj.RiskContributions.Keys = append(pj.RiskContributions.Keys, sl.Name)
			pj.RiskContributions.Values = append(pj.RiskContributions.Values, p.RiskContributions[k])
		}
		for t, test := range sc.StressTests {
			pj.StressTests.Keys = append(pj.StressTests.Keys, test.Name)
			pj.StressTests.Values = append(pj.StressTests.Values, p.StressTests[t])
			if e := p.Episodes[t]; e != nil {
				pj.Episodes.Keys = append(pj.Episodes.Keys, test.Name)
				pj.Episodes.Values = append(pj.Episodes.Values, episodeJSON(e))
			}
		}
		pj.Spending = spendingJSON(p.Spending)
		if w := p.Windows; w != nil {
			pj.Windows = &PortfolioWindowsJSON{Depleted: w.Depleted, TerminalWealth: w.Terminal, TerminalWealthReal: w.TerminalReal}
		}
		if u := p.Underwater; u != nil {
			pj.Underwater = &UnderwaterJSON{P50P95{u.LongestYearsP50, u.LongestYearsP95}, u.ProbEnd, u.ProbEndSE}
		}
		if v := p.VsBaseline; v != nil {
			pj.VsBaseline = &VsBaselineJSON{v.TerminalDiffMean, v.TerminalDiffSE, v.TerminalDiffP50, v.ProbOutperform, v.ProbTie}
		}
		doc.Portfolios = append(doc.Portfolios, pj)
	}
	if res.MedianDiffSE != nil || res.RanOutAlone != nil {
		doc.Pairs = &PairsJSON{MedianDiffSE: res.MedianDiffSE, RanOutAlone: res.RanOutAlone}
	}
	return doc
}

func episodeJSON(e *sim.Episode) EpisodeJSON {
	out := EpisodeJSON{TotalReturn: e.TotalReturn, MaxDrawdown: e.MaxDrawdown}
	if m := e.RecoveryMonths; m >= 0 {
		out.RecoveryMonths = &m
	}
	return out
}

func distJSON(d sim.Dist, withSE bool) DistJSON {
	out := DistJSON{Mean: d.Mean, P5: d.P5, P10: d.P10, P25: d.P25, P50: d.P50, P75: d.P75, P90: d.P90, P95: d.P95}
	if withSE {
		se := d.MeanSE
		out.MeanSE = &se
	}
	return out
}

// withMedianSE is d, p's terminal wealth, with its median's standard
// error: the Summary's "too close to rank" and "highest median" rest on
// it, so the results JSON lets a reader check them. Rolling windows of
// history are no sample and are ranked on any gap: they get none.
func withMedianSE(d DistJSON, p sim.Portfolio) DistJSON {
	if p.Windows == nil {
		se := p.TerminalMedianSE
		d.P50SE = &se
	}
	return d
}

// Encode writes the document as indented JSON. encoding/json refuses NaN
// and infinite numbers, so a document carrying one is an error, never
// output: such a value would be a bug in the engine.
func (d *Document) Encode() ([]byte, error) {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("results JSON: %w", err)
	}
	return append(data, '\n'), nil
}
