package configs

import (
	"encoding/json"
	"errors"
	"testing"
)

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
		{`{"s": {"a\nb": 1e400}}`, "1e400", `s."a\nb"`}, // quoted, as problems quote it: a message stays on one line
		{`{"e": {}, "f": [], "g": [[], [{}], [1e400]]}`, "1e400", "g[2][0]"},
	} {
		if got, _ := jsonNumberPath([]byte(tc.data), tc.text); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.data, got, tc.want)
		}
	}
}

// TestJSONNotANumber: Infinity and NaN, which JSON has no number for, are
// named by their key, with a sign and inside arrays; other syntax errors
// are left to the reader's message.
func TestJSONNotANumber(t *testing.T) {
	for _, tc := range []struct {
		data, want string
	}{
		{`{"a": {"b": Infinity}}`, "line 1: a.b: is Infinity, which JSON has no number for (want a finite number)"},
		{"{\n \"m\": [1,\n  -Infinity]}", "line 3: m[1]: is -Infinity, which JSON has no number for (want a finite number)"},
		{`{"x": [{"y": 1}, {"y": NaN}]}`, "line 1: x[1].y: is NaN, which JSON has no number for (want a finite number)"},
		{`{"a": +Inf}`, "line 1: a: is +Inf, which JSON has no number for (want a finite number)"},
		{`{"a": Invalid}`, ""},
		{`{"a": 1,}`, ""},
		// Not where a value was due: a comma missing, a key unquoted.
		{`{"a": {"b": 1 NaN}}`, ""},
		{`{"a": [1 NaN]}`, ""},
		{`{"a": [1 -Infinity]}`, ""},
		{`{"a": {"b": 1, Infinity: 2}}`, ""},
	} {
		var v any
		err := json.Unmarshal([]byte(tc.data), &v)
		var syntax *json.SyntaxError
		if !errors.As(err, &syntax) {
			t.Fatalf("%s: %v, want a syntax error", tc.data, err)
		}
		if got := jsonNotANumber([]byte(tc.data), syntax); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.data, got, tc.want)
		}
	}
}
