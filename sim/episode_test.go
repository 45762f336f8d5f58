package sim

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/divsim/divsim/history"
)

// TestEpisodeFiguresByHand checks the episode figures on returns written
// out by hand: the total return over the window, the deepest fall inside
// it (the start counting as a peak) and the first month the index is back
// at 1, inside the window, after it, or never.
func TestEpisodeFiguresByHand(t *testing.T) {
	for _, tc := range []struct {
		name     string
		ret      []float64
		months   int
		total    float64 // Π(1+r) − 1 over the window
		drawdown float64
		recovery int
	}{
		// 0.9 · 0.9 = 0.81 at the window's end; 0.81 · 1.25 = 1.0125 one
		// month after it.
		{"recovers after the window", []float64{-0.1, -0.1, 0.25, 0.1}, 2, -0.19, 0.19, 3},
		// 0.8, 0.88, 0.968: never back at 1.
		{"never recovers", []float64{-0.2, 0.1, 0.1}, 1, -0.2, 0.2, -1},
		// 0.8 then 0.8 · 1.25 = 1 (exactly 1 counts), then 0.5: the deepest
		// fall is from the start's peak of 1, and the climb back counts from
		// the window's lowest point, month 3, so an early bounce that fell
		// again is no recovery: 0.5 · 1.6 · 1.25 = 1 at month 5.
		{"recovers after its lowest point", []float64{-0.2, 0.25, -0.5, 0.6, 0.25}, 3, -0.5, 0.5, 5},
		// The start is a peak, and so is 1.1 after the first month: the
		// fall from 1.1 to 1.1 · 0.9 = 0.99 is 10 %; the window's lowest
		// point is month 2 (0.99), back at 1 in month 3 (0.99 · 1.02).
		{"peak inside the window", []float64{0.1, -0.1, 0.02}, 2, -0.01, 0.1, 3},
		// Never below 1 inside the window: nothing to recover from.
		{"no fall below the start", []float64{0.01, 0.02, -0.5}, 2, 1.01*1.02 - 1, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := episodeFigures(tc.ret, tc.months)
			if !closeRel(e.TotalReturn, tc.total, 1e-12) || !closeRel(e.MaxDrawdown, tc.drawdown, 1e-12) && !(tc.drawdown == 0 && e.MaxDrawdown == 0) {
				t.Errorf("total return %v, drawdown %v, want %v, %v", e.TotalReturn, e.MaxDrawdown, tc.total, tc.drawdown)
			}
			if e.RecoveryMonths != tc.recovery {
				t.Errorf("recovery after %d months, want %d", e.RecoveryMonths, tc.recovery)
			}
			if len(e.Path) != tc.months+1 || e.Path[0] != 1 || !closeRel(e.Path[tc.months], 1+tc.total, 1e-12) {
				t.Errorf("path %v: want %d values from 1 to %v", e.Path, tc.months+1, 1+tc.total)
			}
		})
	}
}

// episodeHistory is a hand-built history of 36 months from 2000-01: asset
// a gains 2 % a month, falls 5 % a month from 2000-03 to 2000-06, gains 3 %
// a month until 2002-04 and falls 4 % a month from 2002-05 to the end;
// asset b drifts.
func episodeHistory() (csv string, a, b []float64) {
	var sb strings.Builder
	sb.WriteString("date,a,b\n")
	for m := range 36 {
		ra := 0.02
		switch {
		case m >= 2 && m < 6:
			ra = -0.05
		case m >= 6 && m < 28:
			ra = 0.03
		case m >= 28:
			ra = -0.04
		}
		rb := math.Round((0.003+0.004*math.Cos(float64(m)*0.7))*1e6) / 1e6
		fmt.Fprintf(&sb, "%s,%.6f,%.6f\n", history.NewMonth(2000, 1)+history.Month(m), ra, rb)
		a, b = append(a, ra), append(b, rb)
	}
	return sb.String(), a, b
}

// handEpisode replays months from..end of the returns by hand, as
// SCENARIO.md states the rules: each month the assets' returns and asset
// a's expense ratio, then the fee, then rebalancing to the targets when
// due (the last month of each quarter counted from the first month), its
// cost taken pro rata. No flows. It returns each month's return.
func handEpisode(from int, returns [][]float64, targets []float64, fee, expenseA, costBps float64) []float64 {
	v := []float64{targets[0], targets[1]}
	var out []float64
	for t := 1; from+t-1 < len(returns[0]); t++ {
		m := from + t - 1
		before := v[0] + v[1]
		v[0] *= (1 + returns[0][m]) * math.Pow(1-expenseA, 1.0/12)
		v[1] *= 1 + returns[1][m]
		for a := range v {
			v[a] *= math.Pow(1-fee, 1.0/12)
		}
		if t%3 == 0 {
			handRebalance(v, targets, costBps)
		}
		out = append(out, (v[0]+v[1])/before-1)
	}
	return out
}

// TestEpisodeReplayByHand runs a lognormal scenario whose assets carry
// history columns with two episodes of a hand-built history, and checks
// each portfolio's monthly returns through the replay (to the history's
// end) against handEpisode, with the scenario's flows, inflation and
// glide path left out, and the episodes' figures: the crash of 2000
// recovers after its window, the fall of 2002 never does (null).
func TestEpisodeReplayByHand(t *testing.T) {
	csv, a, b := episodeHistory()
	table, err := history.Parse("hand.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	const text = `
format: 1
simulation: {paths: 64, horizon_years: 3, steps_per_year: 4}
assets:
  - {id: a, expected_return: 0.07, volatility: 0.15, history: a, expense_ratio: 0.005}
  - {id: b, expected_return: 0.03, volatility: 0.05, history: b}
correlations: {base: [[1, 0], [0, 1]]}
inflation: {expected: 0.03, volatility: 0.01}
defaults: {fee: 0.01, rebalance: {every: quarter, cost_bps: 10}}
cashflows:
  initial: 1000
  flows: [{name: Income, amount: -100, every: year, indexed: true}]
portfolios:
  - {name: All a, fee: 0, rebalance: {every: never}, sleeves: [{name: A, weight: 1, holdings: {a: 1}}]}
  - name: Mixed
    sleeves: [{name: A, weight: 0.6, holdings: {a: 1}}, {name: B, weight: 0.4, holdings: {b: 1}}]
    glide_path: [{year: 2, weights: {A: 0.2, B: 0.8}}]
stress_tests:
  - {name: Crash of 2000, history: {from: "2000-03", to: "2000-06"}}
  - {name: Shock, returns: {a: -0.3, b: 0.02}}
  - {name: Fall of 2002, history: {from: "2002-05", to: "2002-08"}}
`
	sc, res := scenarioOn(t, text, csv, table)
	returns := [][]float64{a, b}
	hand := []struct {
		targets                []float64
		fee, expenseA, costBps float64
	}{
		{[]float64{1, 0}, 0, 0.005, 0},
		{[]float64{0.6, 0.4}, 0.01, 0.005, 10},
	}
	for ti, test := range sc.StressTests {
		if test.Episode == nil {
			for pi, p := range res.Portfolios {
				if p.Episodes[ti] != nil {
					t.Errorf("%s: %s has episode figures for a one-period shock", p.Name, test.Name)
				}
				want := float64(sc.Portfolios[pi].Targets[0]*test.Returns[0]) + float64(sc.Portfolios[pi].Targets[1]*test.Returns[1])
				if p.StressTests[ti] != want {
					t.Errorf("%s: %s returns %v, want %v", p.Name, test.Name, p.StressTests[ti], want)
				}
			}
			continue
		}
		ep := test.Episode
		from := table.Index(must(history.ParseMonth(ep.From)))
		got := episodeReturns(sc, ep)
		for pi, p := range res.Portfolios {
			h := hand[pi]
			want := handEpisode(from, returns, h.targets, h.fee, h.expenseA, h.costBps)
			if len(got[pi]) != len(want) || len(want) != 36-from {
				t.Fatalf("%s, %s: %d months replayed, want %d", test.Name, p.Name, len(got[pi]), len(want))
			}
			// By hand: the index month by month; the window's lowest
			// point; then the first month after it back at 1 (0 when it
			// never fell below 1 in the window, -1 when it never recovers).
			index, peak, drawdown := 1.0, 1.0, 0.0
			path := []float64{1}
			for m, r := range want {
				if !closeRel(got[pi][m], r, 1e-12) && math.Abs(got[pi][m]-r) > 1e-15 {
					t.Errorf("%s, %s: month %d returns %.15g, want %.15g", test.Name, p.Name, m+1, got[pi][m], r)
				}
				index *= 1 + r
				path = append(path, index)
				if m < ep.Months {
					peak = max(peak, index)
					drawdown = max(drawdown, 1-index/peak)
				}
				if m+1 == ep.Months {
					e := p.Episodes[ti]
					if !closeRel(e.TotalReturn, index-1, 1e-12) || p.StressTests[ti] != e.TotalReturn || !closeRel(e.MaxDrawdown, drawdown, 1e-12) {
						t.Errorf("%s, %s: total return %v (stress test %v), drawdown %v, want %v, %v",
							test.Name, p.Name, e.TotalReturn, p.StressTests[ti], e.MaxDrawdown, index-1, drawdown)
					}
				}
			}
			trough := 0
			for m := 1; m <= ep.Months; m++ {
				if path[m] < path[trough] {
					trough = m
				}
			}
			recovery := 0
			if trough > 0 {
				recovery = -1
				for m := trough + 1; m < len(path); m++ {
					if path[m] >= 1 {
						recovery = m
						break
					}
				}
			}
			if e := p.Episodes[ti]; e.RecoveryMonths != recovery {
				t.Errorf("%s, %s: recovered after %d months, want %d", test.Name, p.Name, e.RecoveryMonths, recovery)
			}
		}
	}
	crash, fall := res.Portfolios[0].Episodes[0], res.Portfolios[0].Episodes[2]
	if crash.RecoveryMonths <= sc.StressTests[0].Episode.Months {
		t.Errorf("the crash of 2000 recovers after %d months, want after its %d-month window", crash.RecoveryMonths, sc.StressTests[0].Episode.Months)
	}
	if fall.RecoveryMonths != -1 {
		t.Errorf("the fall of 2002 recovers after %d months, want never (-1)", fall.RecoveryMonths)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
