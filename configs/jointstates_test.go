package configs

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// chainsScenario is a valid scenario with one chain per entry of counts,
// each of that many states in a cycle.
func chainsScenario(counts ...int) string {
	var b strings.Builder
	b.WriteString(`format: 1
simulation: {horizon_years: 2, paths: 10}
assets:
  - {id: stocks, expected_return: 0.07, volatility: 0.16}
correlations:
  base: [[1]]
cashflows: {initial: 100000}
portfolios:
  - name: Stocks
    sleeves:
      - {name: Equity, weight: 1, holdings: {stocks: 1}}
regimes:
  chains:
`)
	for c, n := range counts {
		fmt.Fprintf(&b, "    - name: c%d\n      states:\n", c)
		for s := range n {
			fmt.Fprintf(&b, "        - {name: s%d, mean_years: 2, next: {s%d: 1}}\n", s, (s+1)%n)
		}
	}
	return b.String()
}

// TestJointStateLimit: the product of the chains' state counts is limited
// to MaxJointStates, named exactly in the message even where it overflows
// an int, and checked before any joint state is built (30 chains of 2
// states once died allocating 111 GB).
func TestJointStateLimit(t *testing.T) {
	for _, tc := range []struct {
		name   string
		counts []int
		want   string // "" when valid
	}{
		{"at the limit", []int{16, 16, 16}, ""},
		{"one over", []int{241, 17}, "regimes.chains: 2 chains of 241 and 17 states make 4,097 joint states (want at most 4,096)"},
		{"thirty chains of two", slices.Repeat([]int{2}, 30), "regimes.chains: 30 chains of 2 states make 1,073,741,824 joint states (want at most 4,096)"},
		{"mixed", []int{10, 20, 30}, "regimes.chains: 3 chains of 10, 20 and 30 states make 6,000 joint states (want at most 4,096)"},
		{"overflows an int", slices.Repeat([]int{10}, 100), "regimes.chains: 100 chains of 10 states make 10" + strings.Repeat(",000", 33) + " joint states (want at most 4,096)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Decode("plan.yaml", []byte(chainsScenario(tc.counts...)))
			if doc == nil {
				t.Fatal(err)
			}
			sc, err := Resolve(doc, Options{})
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(sc.Regimes.States) > MaxJointStates {
					t.Errorf("%d joint states", len(sc.Regimes.States))
				}
				return
			}
			var probs *Problems
			if !errors.As(err, &probs) || !slices.Contains(probs.Lines(), "plan.yaml: "+tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
