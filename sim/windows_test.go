package sim

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
)

// handHistory is a hand-built history of 48 months from 2000-01: asset a
// swings and crashes 12 % a month for ten months from 2001-07, asset b
// drifts, and inflation runs at a varying monthly rate.
func handHistory() (csv string, a, b, infl []float64) {
	var sb strings.Builder
	sb.WriteString("date,a,b,inflation\n")
	for m := range 48 {
		ra := 0.01 + 0.03*math.Sin(float64(m)*1.3)
		if m >= 18 && m < 28 {
			ra = -0.12
		}
		rb := 0.003 + 0.004*math.Cos(float64(m)*0.7)
		ri := 0.002 + 0.0015*math.Sin(float64(m)*0.4)
		// Written with 6 decimals, as the values the table then holds.
		ra, rb, ri = math.Round(ra*1e6)/1e6, math.Round(rb*1e6)/1e6, math.Round(ri*1e6)/1e6
		fmt.Fprintf(&sb, "%s,%.6f,%.6f,%.6f\n", history.NewMonth(2000, 1)+history.Month(m), ra, rb, ri)
		a, b, infl = append(a, ra), append(b, rb), append(infl, ri)
	}
	return sb.String(), a, b, infl
}

// handWindow replays one window by hand, as SCENARIO.md states the rules:
// each step the flows first (pro rata, indexed ones by the price index so
// far), then the months' returns and the expense ratio, then the fee, then
// rebalancing to the targets when due, its cost taken pro rata; a path
// whose wealth reaches 0 stays there. It returns terminal wealth, the
// final price index and whether the path ran out of money.
func handWindow(start, k int, returns [][]float64, infl []float64, wrap int) (wealth, index float64, depleted bool) {
	const (
		initial  = 1000.0
		fee      = 0.01
		expenseA = 0.005
		costBps  = 10.0
	)
	targets := []float64{0.6, 0.4}
	mps := 12 / k
	steps := 2 * k
	v := []float64{initial * targets[0], initial * targets[1]}
	index = 1
	for t := 1; t <= steps; t++ {
		year, inYear := (t-1)/k+1, (t-1)%k // inYear: the step's place in its year
		// Flows: 450 of today's money withdrawn at each year's start,
		// indexed; 20 contributed each quarter of year 1 (every: quarter,
		// at the first step of each quarter).
		flow := 0.0
		if inYear == 0 {
			flow -= 450 * index
		}
		if year == 1 && (inYear*mps)%3 == 0 {
			flow += 20
		}
		gross := []float64{1, 1}
		g := 1.0
		for j := range mps {
			m := start + (t-1)*mps + j
			if wrap > 0 {
				m %= wrap
			}
			for a := range gross {
				gross[a] *= 1 + returns[a][m]
			}
			g *= 1 + infl[m]
		}
		if !depleted {
			value := v[0] + v[1]
			after := value + flow
			if after <= 0 {
				depleted = true
				v[0], v[1] = 0, 0
			} else {
				for a := range v {
					v[a] *= after / value
				}
				v[0] *= gross[0] * math.Pow(1-expenseA, 1/float64(k))
				v[1] *= gross[1]
				for a := range v {
					v[a] *= math.Pow(1-fee, 1/float64(k))
				}
				if (t*mps)%3 == 0 { // every: quarter, due at each quarter's last step
					handRebalance(v, targets, costBps)
				}
			}
		}
		index *= g
	}
	return v[0] + v[1], index, depleted
}

// handRebalance trades the positions v to the targets by hand, the cost
// (costBps of the value traded) taken pro rata.
func handRebalance(v, targets []float64, costBps float64) {
	value := 0.0
	for _, x := range v {
		value += x
	}
	traded := 0.0
	for a := range v {
		traded += math.Abs(value*targets[a] - v[a])
	}
	cost := traded * costBps / 1e4
	for a := range v {
		v[a] = (value - cost) * targets[a]
	}
}

// TestRollingWindowsByHand runs return_model: historical over a
// hand-built 4-year history with a 2-year horizon and checks every window
// against handWindow: terminal wealth, nominal and real, depletion and
// the success rate, monthly and quarterly (a step compounding three
// months), with and without wrapping.
func TestRollingWindowsByHand(t *testing.T) {
	csv, a, b, infl := handHistory()
	table, err := history.Parse("hand.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	returns := [][]float64{a, b}
	for _, tc := range []struct {
		name string
		k    int
		wrap bool
	}{
		{"monthly", 12, false},
		{"quarterly", 4, false},
		{"monthly wrapping", 12, true},
		{"quarterly wrapping", 4, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := fmt.Sprintf(`
format: 1
simulation: {horizon_years: 2, steps_per_year: %d, return_model: historical, history_window: {wrap: %v}}
assets: [{id: a, history: a, expense_ratio: 0.005}, {id: b, history: b}]
inflation: {history: inflation}
defaults: {fee: 0.01, rebalance: {every: quarter, cost_bps: 10}}
cashflows:
  initial: 1000
  flows:
    - {name: Income, amount: -450, every: year, indexed: true}
    - {name: Savings, amount: 20, every: quarter, end_year: 1}
portfolios: [{name: P, sleeves: [{name: A, weight: 0.6, holdings: {a: 1}}, {name: B, weight: 0.4, holdings: {b: 1}}]}]
`, tc.k, tc.wrap)
			sc, res := scenarioOn(t, text, csv, table)
			windows, wrap := 48-24+1, 0
			if tc.wrap {
				windows, wrap = 48, 48
			}
			if res.Paths != windows || len(sc.History.Starts) != windows {
				t.Fatalf("%d paths, %d starts, want %d windows", res.Paths, len(sc.History.Starts), windows)
			}
			got := res.Portfolios[0].Windows
			survived := 0
			for i := range windows {
				wealth, index, depleted := handWindow(i, tc.k, returns, infl, wrap)
				if got.Depleted[i] != depleted {
					t.Errorf("window %s: depleted %v, want %v", sc.History.Starts[i], got.Depleted[i], depleted)
				}
				if !closeRel(got.Terminal[i], wealth, 1e-12) || !closeRel(got.TerminalReal[i], wealth/index, 1e-12) {
					t.Errorf("window %s: terminal wealth %.15g (real %.15g), want %.15g (%.15g)",
						sc.History.Starts[i], got.Terminal[i], got.TerminalReal[i], wealth, wealth/index)
				}
				if !depleted {
					survived++
				}
			}
			if survived == 0 || survived == windows {
				t.Fatalf("%d of %d windows survive: the history should deplete some and not others", survived, windows)
			}
			if p := res.Portfolios[0]; p.SuccessRate != float64(survived)/float64(windows) {
				t.Errorf("success rate %v, want %d/%d", p.SuccessRate, survived, windows)
			}
		})
	}
}

// closeRel reports whether got is within rel of want, relative to want
// (absolutely for want 0).
func closeRel(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300) || got == want
}

// TestJointInflationCircularWindows: with blocks as long as the horizon,
// a bootstrap path is one circular window of the history (a block starts
// at a uniformly drawn month and wraps), and with inflation drawn from the
// same months its outcome is that window's. So the success rate converges
// to the share of circular windows that survive, computed here
// independently by replaying each window. The tolerance is 4 standard
// errors of the simulated share, √(p(1−p)/n).
func TestJointInflationCircularWindows(t *testing.T) {
	const (
		years   = 30
		paths   = 4000
		initial = 1_000_000.0
		spend   = 40_000.0
	)
	table := history.Default()
	stocks, bonds, infl := table.Numeric["us_market"], table.Numeric["bonds_10y"], table.Numeric["inflation"]
	months := table.Months
	// Each circular window by hand: a 50/50 portfolio rebalanced yearly,
	// 4 % of the initial wealth withdrawn at each year's start, indexed.
	survive := 0
	for s := range months {
		v := []float64{initial / 2, initial / 2}
		index, depleted := 1.0, false
		for m := range years * 12 {
			r := (s + m) % months
			if m%12 == 0 {
				value := v[0] + v[1]
				after := value - float64(spend*index)
				if after <= 0 {
					depleted = true
					break
				}
				v[0], v[1] = v[0]*after/value, v[1]*after/value
			}
			v[0] *= 1 + stocks[r]
			v[1] *= 1 + bonds[r]
			index *= 1 + infl[r]
			if m%12 == 11 {
				value := v[0] + v[1]
				v[0], v[1] = value/2, value/2
			}
		}
		if !depleted {
			survive++
		}
	}
	want := float64(survive) / float64(months)
	sc := scenario(t, fmt.Sprintf(`
format: 1
simulation: {horizon_years: %d, paths: %d, seed: 20, return_model: bootstrap, block_months: %d}
assets: [{id: stocks, history: us_market}, {id: bonds, history: bonds_10y}]
inflation: {history: inflation}
cashflows:
  initial: %v
  flows: [{name: Income, amount: %v, every: year, indexed: true}]
portfolios: [{name: P, sleeves: [{name: S, weight: 0.5, holdings: {stocks: 1}}, {name: B, weight: 0.5, holdings: {bonds: 1}}]}]
`, years, paths, years*12, initial, -spend))
	if sc.Inflation.History != "inflation" || sc.Simulation.ReturnModel != model.Bootstrap {
		t.Fatalf("scenario has inflation %+v under %v, want joint inflation under bootstrap", sc.Inflation, sc.Simulation.ReturnModel)
	}
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Portfolios[0].SuccessRate
	se := math.Sqrt(want * (1 - want) / paths)
	t.Logf("success %.4f on %d paths; circular windows: %d of %d survive, %.4f (SE %.4f)", got, paths, survive, months, want, se)
	within4SE(t, "success rate", got, want, se)
}

// BenchmarkRollingWindows runs configs/examples/windows.yaml (5
// portfolios, 30 years monthly, the whole shipped table): 474 windows, and
// with wrap every one of the 833 months; the target is under a second.
func BenchmarkRollingWindows(b *testing.B) {
	for _, wrap := range []bool{false, true} {
		b.Run(fmt.Sprintf("wrap=%v", wrap), func(b *testing.B) {
			data, err := configs.Example("windows")
			if err != nil {
				b.Fatal(err)
			}
			text := string(data)
			if wrap {
				text = strings.Replace(text, `to: "2023-11"}`, `to: "2023-11", wrap: true}`, 1)
			}
			sc := scenario(b, text)
			for b.Loop() {
				if _, err := Run(context.Background(), sc, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(sc.Simulation.Paths), "windows")
		})
	}
}
