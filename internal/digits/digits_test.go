package digits

import "testing"

func TestGroup(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0", "0"}, {"999", "999"}, {"1000", "1,000"}, {"-1000", "-1,000"}, {"-999", "-999"},
		{"1234567", "1,234,567"}, {"10000000000000", "10,000,000,000,000"}, {"", ""},
	} {
		if got := Group(tc.in); got != tc.want {
			t.Errorf("Group(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
