package configs

import "testing"

// TestJSONNumberPath: the key path of a number found by its text, through
// objects and arrays, as problems name keys.
func TestJSONNumberPath(t *testing.T) {
	for _, tc := range []struct {
		data, text, want string
	}{
		{`{"simulation": {"paths": 1e400}}`, "1e400", "simulation.paths"},
		{`{"assets": [{"id": "a", "volatility": 0.1}, {"id": "1e400", "volatility": 1e400}]}`, "1e400", "assets[1].volatility"},
		{`{"m": [[1, 2], [3, 1e400]], "after": 1}`, "1e400", "m[1][1]"},
		{`{"a": {"b": 1}, "c": 1e400}`, "1e400", "c"},
		{`{"a": 1}`, "1e400", ""},
		{`{"a": 1e400`, "2", ""},
	} {
		if got, _ := jsonNumberPath([]byte(tc.data), tc.text); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.data, got, tc.want)
		}
	}
}
