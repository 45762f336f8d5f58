package words

import "testing"

func TestJoin(t *testing.T) {
	for _, tc := range []struct {
		names   []string
		or, and string
	}{
		{nil, "", ""},
		{[]string{"a"}, "a", "a"},
		{[]string{"a", "b"}, "a or b", "a and b"},
		{[]string{"a", "b", "c"}, "a, b or c", "a, b and c"},
	} {
		if got := Or(tc.names); got != tc.or {
			t.Errorf("Or(%q) = %q, want %q", tc.names, got, tc.or)
		}
		if got := And(tc.names); got != tc.and {
			t.Errorf("And(%q) = %q, want %q", tc.names, got, tc.and)
		}
	}
}

// TestEditDistance: optimal string alignment distance, a transposition one
// edit.
func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"retrun", "return", 1}, {"volatilty", "volatility", 1}, {"portfolio", "portfolios", 1},
		{"", "abc", 3}, {"same", "same", 0}, {"kitten", "sitting", 3},
	}
	for _, tc := range tests {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
