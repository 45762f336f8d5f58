package configs

import (
	"errors"
	"strings"
	"testing"
)

// TestCaseTwinsAreRefused: viper lowercases keys, so "paths" and "PATHS"
// in one mapping were one key and one value was dropped without a word
// (10,000 paths asked, 500 run). In every format the pair is refused at
// its path, as an exact repeat is (which JSON's decoder also let through);
// different keys that merely share letters, and the same key in two
// mappings, are not.
func TestCaseTwinsAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name, file, text string
		want             []string // problems' beginnings; none for a file without twins
	}{
		{"yaml", "a.yaml", "simulation:\n  paths: 10000\n  PATHS: 500\n",
			[]string{`simulation.paths: is given as both "PATHS" and "paths"`}},
		{"toml", "a.toml", "[simulation]\npaths = 10000\nPaths = 500\n",
			[]string{`simulation.paths: is given as both "Paths" and "paths"`}},
		{"json in a list", "a.json", `{"assets": [{"id": "a", "Volatility": 0.1, "volatility": 0.2}], "Baseline": "x", "baseline": "y"}`,
			[]string{`assets[0].volatility: is given as both "Volatility" and "volatility"`, `baseline: is given as both "Baseline" and "baseline"`}},
		// Go's JSON decoder keeps the last of two equal keys, silently.
		{"json, the same key twice", "a.json", `{"simulation": {"paths": 10000, "paths": 500}}`,
			[]string{`simulation.paths: is given twice`}},
		// Reported once, with the first spelling, however often repeated.
		{"json, one key three times", "a.json", `{"name": 1, "Name": 2, "name": 3}`,
			[]string{`name: is given as both "name" and "Name"`}},
		{"none", "a.yaml", "simulation:\n  paths: 10000\nassets:\n  - {id: a}\n  - {id: b}\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			probs := &problems{}
			_, _ = rereadKeys(strings.TrimPrefix(tc.file[strings.LastIndex(tc.file, "."):], "."), []byte(tc.text), probs, map[string]bool{})
			var got []string
			for _, p := range probs.list {
				got = append(got, p.String())
			}
			if len(got) != len(tc.want) {
				t.Fatalf("problems %q, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w) || !strings.Contains(got[i], "(want each key once") {
					t.Errorf("problem %q, want %q…", got[i], w)
				}
			}
		})
	}
	// Through Decode, the whole file is refused with the pair named, and
	// the pair's own keys are not reported again as missing.
	sim := `{"format": 1, "Simulation": {"paths": 10}, "simulation": {"paths": 10, "horizon_years": 5}}`
	if _, err := resolveText(t, "plan.json", sim, Options{}); err == nil || strings.Contains(err.Error(), "simulation.horizon_years: missing") ||
		!strings.Contains(err.Error(), `simulation: is given as both "Simulation" and "simulation"`) {
		t.Errorf("Resolve: %v, want the pair and no key of it missing", err)
	}
	if _, err := Decode("plan.yaml", []byte("format: 1\nsimulation:\n  paths: 10000\n  PATHS: 500\n")); err == nil ||
		!strings.Contains(err.Error(), `simulation.paths: is given as both "PATHS" and "paths"`) {
		t.Errorf("Decode: %v, want the pair named", err)
	}
}

// TestJSONSeedBeyondExactIntegers: a JSON number above 2^53 has lost its
// digits before divsim sees it (12345678901234567 reads as …568, the same
// run as that seed), so a seed there is refused naming the key, and so is
// 2^53 itself, which 2^53 + 1 reads as; 2^53 − 1 and a YAML seed up to
// 2^64 − 1 are read exactly.
func TestJSONSeedBeyondExactIntegers(t *testing.T) {
	seedOf := func(name, text string) (uint64, error) {
		doc, err := Decode(name, []byte(text))
		if doc == nil {
			return 0, err
		}
		var probs *Problems
		if errors.As(err, &probs) {
			for _, p := range probs.List {
				if p.Key == "simulation.seed" {
					return 0, errors.New(p.What + " (" + p.Want + ")")
				}
			}
		}
		if doc.File.Simulation.Seed == nil {
			return 0, errors.New("no seed read")
		}
		return *doc.File.Simulation.Seed, nil
	}
	for _, tc := range []struct {
		name, text string
		want       uint64
		refused    bool
	}{
		{"plan.json", `{"simulation": {"seed": 12345678901234567}}`, 0, true},
		{"plan.json", `{"simulation": {"seed": 9007199254740993}}`, 0, true},
		{"plan.json", `{"simulation": {"seed": 9007199254740992}}`, 0, true},
		{"plan.json", `{"simulation": {"seed": 9007199254740991}}`, 1<<53 - 1, false},
		{"plan.yaml", "simulation: {seed: 12345678901234567}\n", 12345678901234567, false},
		{"plan.yaml", "simulation: {seed: 18446744073709551615}\n", 18446744073709551615, false},
	} {
		got, err := seedOf(tc.name, tc.text)
		switch {
		case tc.refused && (err == nil || !strings.Contains(err.Error(), "in a JSON file")):
			t.Errorf("%s %s: seed %d, err %v; want it refused as too large for JSON", tc.name, tc.text, got, err)
		case !tc.refused && (err != nil || got != tc.want):
			t.Errorf("%s %s: seed %d, err %v; want %d", tc.name, tc.text, got, err, tc.want)
		}
	}
}
