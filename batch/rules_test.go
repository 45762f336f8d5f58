package batch

import (
	"reflect"
	"slices"
	"testing"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/portfolio"
)

// TestEveryRuleIsCompared: for every spending rule, a comparison lists
// each key of the rule's own parameter block (the block of configs.Spending
// named after the rule), so that two scenarios differing only in one of
// them show the difference.
func TestEveryRuleIsCompared(t *testing.T) {
	blocks := reflect.TypeFor[configs.Spending]()
	for _, r := range portfolio.SpendingRules() {
		sp := portfolio.Spending{Rule: r, Every: portfolio.Year, StartYear: 1, EndYear: 10}
		var l inputList
		flattenSpending(&l, &sp)
		var keys []string
		for _, d := range l.items {
			keys = append(keys, d.Path)
		}
		for i := range blocks.NumField() {
			f := blocks.Field(i)
			if f.Tag.Get("key") != r.String() {
				continue
			}
			block := f.Type.Elem()
			for j := range block.NumField() {
				key := "spending." + r.String() + "." + block.Field(j).Tag.Get("key")
				if !slices.Contains(keys, key) {
					t.Errorf("%s: the comparison lists no %s (it lists %v)", r, key, keys)
				}
			}
		}
	}
}
