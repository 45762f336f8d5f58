package configs

import (
	"bytes"
	"encoding/json"
	"path/filepath"
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
				got.Info.Source, got.Report.File, got.Report.Named = want.Info.Source, want.Report.File, want.Report.Named
				if !reflect.DeepEqual(got, want) {
					t.Errorf("plan%s resolves differently from %s.yaml", ext, name)
				}
			})
		}
	}
}

// TestStarterNamesTheWorkbookAfterItsFile: two scenarios made with
// divsim init, in any format, write two workbooks, each named after its
// own file: the examples' report.file (which the embedded default's run
// uses) is commented out, and the rest of the example is unchanged.
func TestStarterNamesTheWorkbookAfterItsFile(t *testing.T) {
	for _, name := range Examples() {
		example := mustExample(name)
		starter, err := Starter(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(example, []byte("\n  file: ")) {
			t.Fatalf("%s: the example names no workbook; update this test", name)
		}
		if n := bytes.Count(starter, []byte("\n")); n != bytes.Count(example, []byte("\n")) {
			t.Errorf("%s: the starter has %d lines, the example %d", name, n, bytes.Count(example, []byte("\n")))
		}
		for _, file := range []string{"alice.yaml", "bob.toml", "carol.json"} {
			data, err := ExampleAs(name, file)
			if err != nil {
				t.Fatal(err)
			}
			sc := mustResolve(t, file, string(data))
			if want := strings.TrimSuffix(file, filepath.Ext(file)) + ".xlsx"; sc.Report.File != want {
				t.Errorf("%s as %s: workbook %q, want %q", name, file, sc.Report.File, want)
			}
		}
	}
}

// TestExampleAsIsThatFormat checks the converted files with the formats'
// own parsers (not viper's lenient reading), keys in the example's order,
// and that YAML is the starter itself, comments included.
func TestExampleAsIsThatFormat(t *testing.T) {
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
	if starter, _ := Starter("default"); err != nil || !bytes.Equal(data, starter) {
		t.Errorf("plan.yaml: %v, want the starter's own bytes", err)
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
