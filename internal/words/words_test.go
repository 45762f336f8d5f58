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
