package configs

import "testing"

// TestPercentFraction: a percentage typed as text is offered back as the
// fraction with the user's own digits, not the float quotient's
// (7.2 / 100 is 0.07200000000000001 in binary); a ratio or an exponent is
// not read as a percentage.
func TestPercentFraction(t *testing.T) {
	for _, tc := range []struct {
		pct, want string
		ok        bool
	}{
		{"7.2", "0.072", true},
		{"16", "0.16", true},
		{"4", "0.04", true},
		{"100", "1", true},
		{"150", "1.5", true},
		{"0.03", "0.0003", true},
		{"-2.5", "-0.025", true},
		{"+3", "0.03", true},
		{"0", "0", true},
		{"1/2", "", false},
		{"1e2", "", false},
		{"seven", "", false},
	} {
		got, ok := percentFraction(tc.pct)
		if got != tc.want || ok != tc.ok {
			t.Errorf("percentFraction(%q) = %q, %v; want %q, %v", tc.pct, got, ok, tc.want, tc.ok)
		}
	}
}

// TestWeightPercentHint: a weight written as a whole percentage gets the
// fraction it meant; one a little over 1, or not whole, gets no guess.
func TestWeightPercentHint(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{30, ", e.g. 0.3 for 30%"},
		{5, ", e.g. 0.05 for 5%"},
		{100, ", e.g. 1 for 100%"},
		{1.05, ""},
		{1.5, ""},
		{150, ""},
		{-30, ""},
		{0.3, ""},
	} {
		if got := weightPercentHint(tc.x); got != tc.want {
			t.Errorf("weightPercentHint(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}
