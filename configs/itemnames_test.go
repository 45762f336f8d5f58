package configs

import (
	"strings"
	"testing"
)

// TestNameItems: a key path into a list names what its indices point at,
// as the file names it, since a reader counts from 1 and the path from 0;
// a correlation cell names its two assets. A problem with the name itself
// (its message shows it), a name too long to repeat, and a path outside
// every list are left as they are.
func TestNameItems(t *testing.T) {
	f := &File{
		Assets:     []Asset{{ID: "us_large"}, {ID: "us_small"}},
		Portfolios: []Portfolio{{Name: "Growth", Sleeves: []Sleeve{{Name: "Core"}, {Name: "Small caps"}}}, {Name: strings.Repeat("n", 61)}},
		Cashflows:  Cashflows{Flows: []Flow{{Name: "Social Security"}}},
		Regimes:    &Regimes{Chains: []Chain{{Name: "rates", States: []State{{Name: "cutting"}, {Name: "steady"}}}}},
	}
	for _, tc := range []struct{ key, want string }{
		{"assets[1].volatility", "us_small"},
		{"portfolios[0].sleeves", "Growth"},
		{"portfolios[0].sleeves[1].weight", "Growth › Small caps"},
		{"correlations.base[1][0]", "us_small, us_large"},
		{"cashflows.flows[0].end_year", "Social Security"},
		{"regimes.chains[0].states[1].next.hikng", "rates › steady"},
		{"regimes.chains[0].start", "rates"},
		{"portfolios[0].name", ""},
		{"assets[0].id", ""},
		{"portfolios[1].fee", ""}, // a name past maxItemName
		{"portfolios[7].fee", ""}, // no such item
		{"simulation.paths", ""},  // no list
		{"stress_tests[0].name", ""},
	} {
		list := []Problem{{Key: tc.key, What: "is wrong"}}
		nameItems(list, f)
		if list[0].Item != tc.want {
			t.Errorf("%s: item %q, want %q", tc.key, list[0].Item, tc.want)
		}
		if tc.want != "" && !strings.HasPrefix(list[0].String(), tc.key+" ("+tc.want+"): is wrong") {
			t.Errorf("%s: %q", tc.key, list[0].String())
		}
	}
}
