package configs_test

import (
	"fmt"

	"github.com/divsim/divsim/configs"
)

// Resolve checks a decoded scenario and reports every problem at once, each
// with its key path in the user's file and what was expected.
func ExampleResolve() {
	doc, err := configs.Decode("plan.yaml", []byte(`
format: 1
simulation: {paths: 1000, horizon_years: 10}
assets: [{id: stocks, expected_return: 0.07, volatility: 16}]
cashflows: {initial: 100000}
portfolios: [{name: All stocks, sleeves: [{name: Equity, weight: 1.05, holdings: {stocks: 1}}]}]
`))
	if err == nil {
		_, err = configs.Resolve(doc, configs.Options{})
	}
	fmt.Println(err)
	// Output:
	// plan.yaml: assets[0].volatility (stocks): is 16 (want a yearly fraction from 0 to 2, e.g. 0.16 for 16%)
	// plan.yaml: portfolios[0].sleeves[0].weight (All stocks › Equity): is 1.05 (want a fraction from 0 to 1)
}
