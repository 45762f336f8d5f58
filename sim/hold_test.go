package sim

import (
	"math"
	"os"
	"slices"
	"testing"

	"github.com/divsim/divsim/portfolio"
)

// stepByStep is the plain definition of a portfolio's path, one step at a
// time as SCENARIO.md states it: the flow pro rata, returns, the fee, and
// on every due step a band check and a rebalance whose cost comes out of
// the step's return. hold computes the same in stretches between check
// dates, for speed; TestHoldMatchesStepByStep holds it to this.
func stepByStep(w *worker, b int) (s series, rebalances int, depleted bool) {
	p := w.p
	pp := &p.portfolios[b]
	s = newSeries(p.steps, p.years)
	pos := make([]float64, pp.layout.Positions())
	pp.layout.Invest(pos, p.sc.Initial)
	scratch := pp.layout.NewScratch()
	n, value := p.nAssets, p.sc.Initial
	pay := make([]float64, p.k)
	var plan *portfolio.YearPlan
	var mem portfolio.SpendMemory
	for t := 1; t <= p.steps && !depleted; t++ {
		if y := (t-1)/p.k + 1; (t-1)%p.k == 0 { // the year's decisions, from the path so far
			state := portfolio.State{Year: y, Value: value, Index: w.index[t-1], LastReturn: 0}
			if y > 1 {
				g := 1.0
				for _, r := range s.ret[t-p.k : t] {
					g *= 1 + r
				}
				state.LastReturn = g - 1
			}
			plan, _ = pp.schedule.Decide(state, &mem, w.index[t-1:t-1+p.k], pay)
		}
		flow := pay[(t-1)%p.k]
		start := value + flow
		if start <= 0 {
			depleted = true
			break
		}
		f := pp.fee
		if flow != 0 {
			f *= start / value
		}
		end := 0.0
		for q, a := range pp.layout.PosAsset {
			v := pos[q] * (w.gross[t*n+a] * p.expense[a]) * f // after the expense ratio
			pos[q] = v
			end += v
		}
		if pp.every > 0 && t%pp.every == 0 && pp.layout.OutOfBand(pos, plan) {
			traded, cost, _ := pp.layout.Rebalance(pos, plan, scratch)
			end -= cost
			s.traded[(t-1)/p.k] += traded
			rebalances++
		}
		r := end/start - 1
		s.ret[t], s.value[t] = r, end
		value = end
	}
	return s, rebalances, depleted
}

// TestHoldMatchesStepByStep runs every portfolio of the benchmark scenario,
// under each rebalancing calendar and with withdrawals large enough to run
// some paths out of money, through hold and through stepByStep on the same
// markets, and requires the same rebalances and depletions and the same
// series up to rounding.
//
// hold scales units where stepByStep scales positions, so the two round
// differently. Each side rounds at most n + 4 times per step (n = 8
// positions or fewer), a relative 12·2⁻⁵³ ≈ 1.3e-15: a step's return, a
// ratio within the step, differs by at most about 2.7e-15, and a value,
// which carries every step's rounding over 360 steps, by at most 4.8e-13
// of the largest value on the path (withdrawals subtract from a value
// without shrinking its absolute error).
// The tolerances are about four times those bounds. (A band check or a
// depletion could flip on a value within 1e-13 of its threshold; in these
// 64 paths none is that close.)
func TestHoldMatchesStepByStep(t *testing.T) {
	const returnTol, valueTol = 1e-14, 2e-12
	data, err := os.ReadFile("../configs/examples/bench.yaml")
	if err != nil {
		t.Fatal(err)
	}
	base := replace(string(data), "paths: 100000", "paths: 64")
	cases := map[string]string{
		"quarterly with bands": base,
		"monthly":              replace(base, "every: quarter", "every: month"),
		"yearly":               replace(base, "every: quarter", "every: year"),
		"never":                replace(base, "every: quarter", "every: never"),
		"running out of money": replace(base, "amount: -45000", "amount: -150000"),
	}
	cases["products restarting every year"] = base // see below
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			sc := scenario(t, text)
			p := newPlan(sc)
			if name == "products restarting every year" {
				p.productRange = 1.0001 // every year's products leave it: a new epoch each year
			}
			w := newWorker(p)
			ran := 0
			for i := range sc.Simulation.Paths {
				w.rng.seed(sc.Simulation.Seed, i)
				w.boot.left = 0
				w.drawMarket()
				if name == "products restarting every year" && w.epochEnd[1] != sc.Simulation.StepsPerYear {
					t.Fatalf("path %d: the first epoch ends at step %d, want the first year's end", i, w.epochEnd[1])
				}
				for b := range w.books {
					want, wantRebalances, wantDepleted := stepByStep(w, b)
					rebalances, depleted := w.hold(b)
					got := w.series
					if rebalances != wantRebalances || depleted != wantDepleted {
						t.Fatalf("path %d, portfolio %d: %d rebalances and depleted %v, want %d and %v",
							i, b, rebalances, depleted, wantRebalances, wantDepleted)
					}
					peak := slices.Max(want.value) // withdrawals keep the absolute error of the largest value
					for _, c := range []struct {
						what      string
						got, want []float64
						ofPeak    bool
						tol       float64
					}{
						{"return", got.ret, want.ret, false, returnTol},
						{"value", got.value, want.value, true, valueTol},
						{"value traded", got.traded, want.traded, true, valueTol},
					} {
						for k := range c.want {
							d := math.Abs(c.got[k] - c.want[k])
							if c.ofPeak {
								d /= peak
							}
							if !(d <= c.tol) {
								t.Fatalf("path %d, portfolio %d: %s %d is %v, want %v", i, b, c.what, k, c.got[k], c.want[k])
							}
						}
					}
					if depleted {
						ran++
					}
				}
			}
			if name == "running out of money" && ran == 0 {
				t.Error("no path ran out of money: the case tests nothing")
			}
		})
	}
}
