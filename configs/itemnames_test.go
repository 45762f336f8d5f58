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

// TestPlainNumber: a message prints a number as a person writes it, not
// in Go's %v exponent form (-1e+06); other verbs format as usual, and a
// number too small or too large for plain digits keeps its exponent.
func TestPlainNumber(t *testing.T) {
	for _, tc := range []struct {
		format string
		x      float64
		want   string
	}{
		{"%v", -1e6, "-1000000"}, {"%v", 0.16, "0.16"}, {"%v", 0, "0"}, {"%v", 2.5e9, "2500000000"},
		{"%v", 1e-9, "1e-09"}, {"%v", 1e20, "1e+20"}, {"%.2f", 0.125, "0.12"}, {"is %v", 16, "is 16"},
	} {
		ps := &problems{}
		ps.add("k", "", tc.format, tc.x)
		if got := ps.list[0].What; got != tc.want {
			t.Errorf("%s of %v: %q, want %q", tc.format, tc.x, got, tc.want)
		}
	}
}
