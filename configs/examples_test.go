package configs

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// TestExampleAsResolvesLikeYAML writes every example as each format divsim
// reads and checks that it decodes without a problem and resolves to the
// same scenario as the YAML example (only the source file differs).
func TestExampleAsResolvesLikeYAML(t *testing.T) {
	for _, name := range Examples() {
		want := mustExampleScenario(t, name)
		for _, ext := range []string{".yaml", ".yml", ".toml", ".json", ".JSON"} {
			t.Run(name+ext, func(t *testing.T) {
				data, err := ExampleAs(name, "plan"+ext)
				if err != nil {
					t.Fatal(err)
				}
				got := mustResolve(t, "plan"+ext, string(data))
				got.Info.Source, got.Report.File = want.Info.Source, want.Report.File
				if !reflect.DeepEqual(got, want) {
					t.Errorf("plan%s resolves differently from %s.yaml", ext, name)
				}
			})
		}
	}
}

// TestExampleAsIsThatFormat checks the converted files with the formats'
// own parsers (not viper's lenient reading), keys in the example's order,
// and that YAML is the example itself, comments included.
func TestExampleAsIsThatFormat(t *testing.T) {
	yamlText := mustExample("default")
	tests := []struct {
		ext   string
		parse func([]byte) error
		order []string // keys that must appear in this order
	}{
		{".json", func(b []byte) error { var v map[string]any; return json.Unmarshal(b, &v) },
			[]string{`"format"`, `"scenario"`, `"simulation"`, `"assets"`, `"portfolios"`, `"baseline"`, `"report"`}},
		{".toml", func(b []byte) error { var v map[string]any; return toml.Unmarshal(b, &v) },
			[]string{"format =", "baseline =", "[scenario]", "[simulation]", "[[assets]]", "[[portfolios]]", "[report]"}},
	}
	for _, tc := range tests {
		t.Run(tc.ext, func(t *testing.T) {
			data, err := ExampleAs("default", "plan"+tc.ext)
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.parse(data); err != nil {
				t.Fatalf("not valid %s: %v\n%s", tc.ext, err, data)
			}
			last := -1
			for _, key := range tc.order {
				i := bytes.Index(data, []byte(key))
				if i <= last {
					t.Errorf("%s at %d, want it after the previous key (at %d)", key, i, last)
				}
				last = i
			}
			if bytes.Contains(data, []byte("floating-rate debt")) {
				t.Error("a YAML comment was carried into the converted file")
			}
		})
	}
	data, err := ExampleAs("default", "plan.yaml")
	if err != nil || !bytes.Equal(data, yamlText) {
		t.Errorf("plan.yaml: %v, want the example's own bytes", err)
	}
	for _, file := range []string{"plan.txt", "plan", "plan.yaml.bak"} {
		if _, err := ExampleAs("default", file); err == nil || !strings.Contains(err.Error(), "want a name ending in .yaml, .yml, .toml or .json") {
			t.Errorf("%s: %v, want a refusal naming the formats", file, err)
		}
	}
	if _, err := ExampleAs("nope", "plan.toml"); err == nil || !strings.Contains(err.Error(), `no example named "nope"`) {
		t.Errorf("unknown example: %v", err)
	}
}
