package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/divsim/divsim/configs"
)

// TestHistoricalNotesPathsAndSeed: under return_model historical, paths
// and seed from the file or the flags do not apply; the run goes ahead
// (exit 0) and says so on stderr, once per key, and says nothing when
// neither is given.
func TestHistoricalNotesPathsAndSeed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.yaml")
	if code, _, stderr := runDivsim(t, "init", "--example", "windows", path); code != 0 {
		t.Fatalf("init windows: exit %d: %s", code, stderr)
	}
	for _, tc := range []struct {
		name  string
		flags []string
		keys  []string
	}{
		{"none", nil, nil},
		{"paths", []string{"--paths", "5000"}, []string{"simulation.paths (set by --paths)"}},
		{"paths and seed", []string{"--paths", "5000", "--seed", "3"}, []string{"simulation.paths (set by --paths)", "simulation.seed (set by --seed)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runDivsim(t, append([]string{"run", path, "--no-report"}, tc.flags...)...)
			if code != 0 || !strings.Contains(stdout, "474 rolling windows") {
				t.Fatalf("exit %d, stdout %q, stderr %q; want a run of the 474 windows", code, stdout, stderr)
			}
			var notes []string
			for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if n, ok := strings.CutPrefix(line, "divsim: note: "+path+": "); ok {
					notes = append(notes, n)
				}
			}
			if len(notes) != len(tc.keys) {
				t.Fatalf("notes %q, want one for each of %q", notes, tc.keys)
			}
			for i, key := range tc.keys {
				if !strings.HasPrefix(notes[i], key+": does not apply to return_model: historical") || !strings.HasSuffix(notes[i], "ignored") {
					t.Errorf("note %q, want %s ignored", notes[i], key)
				}
			}
		})
	}
}

// TestReproduceWindows: the command that reproduces a workbook names paths
// and seed for simulated paths, and not for rolling windows, where they
// would only draw a note.
func TestReproduceWindows(t *testing.T) {
	for _, tc := range []struct {
		example   string
		withPaths bool
	}{{"default", true}, {"windows", false}} {
		data, err := configs.Example(tc.example)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := configs.Decode(tc.example+".yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := configs.Resolve(doc, configs.Options{})
		if err != nil {
			t.Fatal(err)
		}
		cmd := reproduce(sc, tc.example+".yaml", "")
		if strings.Contains(cmd, "--paths") != tc.withPaths || strings.Contains(cmd, "--seed") != tc.withPaths || !strings.Contains(cmd, "--horizon 30") {
			t.Errorf("%s: %q, want --paths and --seed: %v", tc.example, cmd, tc.withPaths)
		}
	}
}

// TestSolveOnWindowsHasNoMonteCarloInterval: solving on rolling windows
// counts windows, not paths, and gives no Monte Carlo interval: windows
// overlap, they are not independent draws.
func TestSolveOnWindowsHasNoMonteCarloInterval(t *testing.T) {
	clearEnv(t)
	path := filepath.Join(t.TempDir(), "w.yaml")
	if code, _, stderr := runDivsim(t, "init", "--example", "windows", path); code != 0 {
		t.Fatalf("init: %s", stderr)
	}
	code, stdout, stderr := runDivsim(t, "solve", path, "--no-report", "-q")
	if code != 0 {
		t.Fatalf("solve: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"474 rolling windows of 30 years", "no Monte Carlo interval"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "Monte Carlo error") || strings.Contains(stdout, "seed") {
		t.Errorf("a Monte Carlo error or a seed for history's windows:\n%s", stdout)
	}
}
