package portfolio_test

import (
	"fmt"

	"github.com/divsim/divsim/portfolio"
)

// A 60/40 portfolio that drifted to 70/30 trades back to its targets: 10
// out of stocks and 10 into bonds, 20 traded, and 10 basis points of that
// (0.02) comes out pro rata.
func ExampleLayout_Rebalance() {
	l := portfolio.NewLayout([]portfolio.Sleeve{
		{Name: "Stocks", Weight: 0.6, Holdings: []portfolio.Holding{{Asset: 0, Weight: 1}}},
		{Name: "Bonds", Weight: 0.4, Holdings: []portfolio.Holding{{Asset: 1, Weight: 1}}},
	}, 2)
	plan := l.Plan(portfolio.Policy{To: portfolio.ToTarget, CostBps: 10})
	pos := []float64{70, 30}
	traded, cost, _ := l.Rebalance(pos, &plan, l.NewScratch())
	fmt.Printf("traded %.2f, cost %.2f, positions %.3f\n", traded, cost, pos)
	// Output:
	// traded 20.00, cost 0.02, positions [59.988 39.992]
}
