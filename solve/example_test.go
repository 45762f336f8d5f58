package solve_test

import (
	"context"
	"fmt"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/sim"
	"github.com/divsim/divsim/solve"
)

// The most a client can spend: here markets without risk (5 % a year, no
// fee, no inflation) and a withdrawal at each year's start, so every path
// gives the annuity due's rate, 1 / Σ 1.05⁻ʲ over j = 0..9 = 0.1233377,
// which divsim rounds down to its precision, 0.0001 %.
func ExampleProblem_Solve() {
	doc, err := configs.Decode("plan.yaml", []byte(`
format: 1
simulation: {paths: 200, horizon_years: 10, steps_per_year: 1, seed: 1}
assets: [{id: bonds, expected_return: 0.05, volatility: 0}]
cashflows: {initial: 1000000}
spending: {rule: constant, initial_rate: 0.04, every: year}
defaults: {fee: 0}
portfolios: [{name: All bonds, sleeves: [{name: Bonds, weight: 1, holdings: {bonds: 1}}]}]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	sc, err := configs.Resolve(doc, configs.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := solve.New(sc, 0.9, solve.Auto)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := p.Solve(context.Background(), sim.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	swr := res.Portfolios[0].SWR
	fmt.Printf("%s: %.6f of the initial amount, %.2f a year\n", res.Portfolios[0].Name, swr.Rate, swr.Amount)
	// Output:
	// All bonds: 0.123337 of the initial amount, 123337.00 a year
}
