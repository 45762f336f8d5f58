package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/divsim/divsim/configs"
)

// resultsWithoutInput runs FILE with args and returns its results JSON
// decoded, without the input file's name and digest (which differ between
// files of different formats).
func resultsWithoutInput(t *testing.T, file string, args ...string) map[string]any {
	t.Helper()
	out := filepath.Join(t.TempDir(), "results.json")
	code, _, stderr := runDivsim(t, append([]string{"run", file, "--json", out, "--no-report", "-q"}, args...)...)
	if code != 0 {
		t.Fatalf("run %s: exit %d: %s", file, code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "input")
	return doc
}

// TestInitWritesEachFormat reproduces issue 18: `divsim init plan.toml`
// and `plan.json` wrote YAML, which divsim then could not read. Each format
// is now written as its name says, validates, and runs to the same results
// as the YAML example; a name of no format is refused before anything is
// written.
func TestInitWritesEachFormat(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	yamlFile := filepath.Join(dir, "plan.yaml")
	if code, _, stderr := runDivsim(t, "init", yamlFile); code != 0 {
		t.Fatalf("init plan.yaml: exit %d: %s", code, stderr)
	}
	settings := []string{"--paths", "200", "--seed", "3"}
	want := resultsWithoutInput(t, yamlFile, settings...)
	for _, tc := range []struct {
		ext       string
		looksLike string // the written file's first characters
	}{
		{".toml", "# divsim's \"default\" example"},
		{".json", "{\n  \"format\": 1,"},
		{".yml", "# divsim example scenario"},
	} {
		t.Run(tc.ext, func(t *testing.T) {
			file := filepath.Join(dir, "plan"+tc.ext)
			if code, _, stderr := runDivsim(t, "init", file); code != 0 {
				t.Fatalf("init: exit %d: %s", code, stderr)
			}
			data, _ := os.ReadFile(file)
			if !bytes.HasPrefix(data, []byte(tc.looksLike)) {
				t.Errorf("plan%s starts %q, want %q", tc.ext, data[:min(len(data), 40)], tc.looksLike)
			}
			if code, stdout, stderr := runDivsim(t, "validate", file); code != 0 || !strings.Contains(stdout, "valid (5 assets, 6 portfolios") {
				t.Errorf("validate: exit %d, %s%s", code, stdout, stderr)
			}
			if got := resultsWithoutInput(t, file, settings...); !reflect.DeepEqual(got, want) {
				t.Errorf("plan%s runs to other results than plan.yaml", tc.ext)
			}
		})
	}
	code, _, stderr := runDivsim(t, "init", filepath.Join(dir, "plan.txt"))
	if code != 2 || !strings.Contains(stderr, "plan.txt: cannot tell the format from the name (want a name ending in .yaml, .yml, .toml or .json)") {
		t.Errorf("init plan.txt: exit %d, %q; want 2 and the formats named", code, stderr)
	}
	if names := files(t, dir); strings.Join(names, ",") != "plan.json,plan.toml,plan.yaml,plan.yml" {
		t.Errorf("folder holds %v, want the four scenarios only", names)
	}
	// Standard output stays YAML, comments and all.
	code, stdout, _ := runDivsim(t, "init")
	if def, _ := configs.Starter("default"); code != 0 || stdout != string(def) {
		t.Errorf("init to standard output: exit %d, %d bytes, want the YAML example", code, len(stdout))
	}
}

// TestReadmeRunExampleOnInitFile runs the README's usage line on the file
// `divsim init` writes, as written but for fewer paths. It failed (exit 2)
// because the example's flow ends in year 30, past --horizon 25; the flow
// is now paid through year 25, with a note, and the results are those of
// the file with end_year: 25.
func TestReadmeRunExampleOnInitFile(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	if code, _, stderr := runDivsimIn(t, dir, "init", "plan.yaml"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	code, _, stderr := runDivsimIn(t, dir, "run", "plan.yaml", "--paths", "500", "--seed", "7", "--horizon", "25", "--out", "client.xlsx", "--json", "results.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	note := `divsim: note: plan.yaml: cashflows.flows[0].end_year: 30 is past the 25-year horizon set by --horizon: the flow "Retirement income" is paid through year 25, the last one simulated`
	if !strings.Contains(stderr, note+"\n") {
		t.Errorf("stderr:\n%s\nwant the note %q", stderr, note)
	}
	for _, name := range []string{"client.xlsx", "results.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	got := resultsWithoutInput(t, filepath.Join(dir, "plan.yaml"), "--paths", "500", "--seed", "7", "--horizon", "25")
	if got["horizon_years"] != 25.0 {
		t.Errorf("horizon_years %v, want 25", got["horizon_years"])
	}
	def, _ := configs.Example("default")
	cut := strings.Replace(string(def), "start_year: 1, end_year: 30", "start_year: 1, end_year: 25", 1)
	if cut == string(def) {
		t.Fatal("the example's flow no longer ends in year 30; update this test")
	}
	cutFile := writeScenario(t, "cut.yaml", cut)
	if want := resultsWithoutInput(t, cutFile, "--paths", "500", "--seed", "7", "--horizon", "25"); !reflect.DeepEqual(got, want) {
		t.Error("results differ from the file with the flow ending in year 25")
	}
}

// TestInitIntoAMissingFolder: init refuses a path in a folder that does
// not exist with exit 2, as every command's outputs are (it exited 1).
func TestInitIntoAMissingFolder(t *testing.T) {
	clearEnv(t)
	code, _, stderr := runDivsim(t, "init", filepath.Join(t.TempDir(), "no such folder", "plan.yaml"))
	if code != 2 || !strings.Contains(stderr, "does not exist (want a file in an existing folder you can write to)") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestValidateCountsRegimes: validate's summary line counts a file's
// regime states, and says "no regimes" for a file without any (its one
// joint state read as "1 regime state", a regime the file lacks).
func TestValidateCountsRegimes(t *testing.T) {
	clearEnv(t)
	plain := writeScenario(t, "plain.yaml", `
format: 1
scenario: {name: One fund}
simulation: {paths: 200, horizon_years: 10, seed: 1}
assets: [{id: bonds, expected_return: 0.04, volatility: 0.05}]
cashflows: {initial: 100000}
portfolios: [{name: Bonds only, sleeves: [{name: Bonds, weight: 1, holdings: {bonds: 1}}]}]
`)
	regimes := writeScenario(t, "plan.yaml", string(mustDefault(t)))
	for path, want := range map[string]string{plain: "valid (1 asset, 1 portfolio, no regimes)", regimes: "regime states)"} {
		if code, stdout, stderr := runDivsim(t, "validate", path); code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("validate %s: exit %d, %q%s; want %q", filepath.Base(path), code, stdout, stderr, want)
		}
	}
}
