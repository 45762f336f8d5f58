package sim

import (
	"slices"

	"github.com/divsim/divsim/model"
)

// Episode is a portfolio's replay of a stress test's episode of history
// (SCENARIO.md, "History: joint inflation, rolling windows, episodes").
type Episode struct {
	TotalReturn float64 // Π(1+r) − 1 over the window's months
	// MaxDrawdown is the deepest fall of the time-weighted index from its
	// running peak inside the window, the start counting as a peak, as a
	// positive fraction.
	MaxDrawdown float64
	// RecoveryMonths is the first m ≥ 1 at which the index m months after
	// the window's start is back at 1 or above after the window's lowest
	// point, the replay going on past the window to the history's end: the
	// time to get back to where the episode started. 0 when the index
	// never fell below 1 inside the window; −1 when it never recovers.
	RecoveryMonths int
	// Path is the index at the window's start (1) and at the end of each
	// of its months: Months + 1 values.
	Path []float64
}

// episodeReturns replays an episode of history (one of sc's stress tests)
// on the engine: one path of a scenario derived from sc with return model
// historical, monthly steps and a single window starting at the episode's
// first month, each portfolio held from its targets (no glide path) with
// its rebalancing, fee and costs (expense ratios, trading costs), without
// flows or spending. Rebalancing periods count from the episode's first
// month. The horizon is enough whole years to reach the history's end, the
// window wrapping so that the last year is whole; only the months up to the
// history's end are returned: per portfolio, its return in each month from
// the episode's first to the history's last (len(ep.Returns) of them).
func episodeReturns(sc *model.Scenario, ep *model.Episode) [][]float64 {
	p := newPlan(episodeScenario(sc, ep))
	w := newWorker(p)
	w.rng.seed(0, 0) // a window draws nothing; seeded all the same
	w.boot.window(0, p.steps*p.monthsPerStep)
	w.drawMarket()
	months := len(ep.Returns)
	out := make([][]float64, len(p.portfolios))
	for b := range p.portfolios {
		w.hold(b)
		out[b] = slices.Clone(w.series.ret[1 : months+1])
	}
	return out
}

// episodeScenario is sc reduced to an episode's replay: the episode's
// months from its first to the history's last as the history of return
// model historical, one window from its first row, wrapping; monthly steps
// over whole years; no regimes, inflation, flows, spending, goal, glide
// paths or stress tests.
func episodeScenario(sc *model.Scenario, ep *model.Episode) *model.Scenario {
	d := *sc
	months := len(ep.Returns)
	d.Simulation = model.Simulation{Paths: 1, HorizonYears: (months + 11) / 12, StepsPerYear: 12,
		ReturnModel: model.Historical, BlockMonths: 12}
	d.History = &model.History{From: ep.From, To: ep.To, Returns: ep.Returns, Starts: []string{ep.From}, Wrap: true}
	d.Regimes = model.Regimes{Anchor: sc.Regimes.Anchor, States: []model.JointState{{Name: "base", Stationary: 1,
		Assets: make([]model.StepParams, len(sc.Assets))}}}
	d.Inflation, d.Flows, d.Spending, d.CriticalWithdrawal, d.Goal, d.StressTests = nil, nil, nil, nil, nil, nil
	d.Portfolios = slices.Clone(sc.Portfolios)
	for b := range d.Portfolios {
		d.Portfolios[b].GlidePath, d.Portfolios[b].Spending = nil, nil
	}
	return &d
}

// episodeFigures computes an episode's figures from a portfolio's monthly
// returns from the window's first month on (the window is the first
// months of them, the rest what follows it up to the history's end).
func episodeFigures(ret []float64, months int) Episode {
	e := Episode{Path: make([]float64, months+1), RecoveryMonths: -1}
	index, peak := 1.0, 1.0
	e.Path[0] = 1
	trough, low := 0, 1.0 // the window's lowest point (month, index)
	for m, r := range ret[:months] {
		index *= 1 + r
		e.Path[m+1] = index
		peak = max(peak, index)
		e.MaxDrawdown = max(e.MaxDrawdown, 1-index/peak)
		if index < low {
			trough, low = m+1, index
		}
	}
	e.TotalReturn = e.Path[months] - 1
	if low >= 1 {
		e.RecoveryMonths = 0 // never below where it started
		return e
	}
	index = low
	for m := trough + 1; m <= len(ret); m++ {
		index *= 1 + ret[m-1]
		if index >= 1 {
			e.RecoveryMonths = m
			break
		}
	}
	return e
}

// replayEpisodes replays every episode among sc's stress tests: per stress
// test, each portfolio's figures (nil for a one-period shock).
func replayEpisodes(sc *model.Scenario) [][]*Episode {
	out := make([][]*Episode, len(sc.StressTests))
	for t, test := range sc.StressTests {
		if test.Episode == nil {
			continue
		}
		for _, ret := range episodeReturns(sc, test.Episode) {
			e := episodeFigures(ret, test.Episode.Months)
			out[t] = append(out[t], &e)
		}
	}
	return out
}
