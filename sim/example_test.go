package sim_test

import (
	"context"
	"fmt"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/sim"
)

// Run simulates a resolved scenario. Here one asset grows 5 % a year with
// no volatility and the fee takes 1 % a year, so every path ends at
// 100,000 × (1.05 × 0.99)¹⁰ = 147,314.31.
func ExampleRun() {
	doc, err := configs.Decode("plan.yaml", []byte(`
format: 1
simulation: {paths: 100, horizon_years: 10, steps_per_year: 1, seed: 1}
assets: [{id: bonds, expected_return: 0.05, volatility: 0}]
cashflows: {initial: 100000}
defaults: {fee: 0.01}
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
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := res.Portfolios[0]
	fmt.Printf("%s: median %.2f, success %.0f%%\n", p.Name, p.TerminalWealth.P50, 100*p.SuccessRate)
	// Output:
	// All bonds: median 147314.31, success 100%
}
