package main

import (
	"io"
	"maps"
	"testing"

	"github.com/spf13/cobra"
)

func TestFlagSource(t *testing.T) {
	for _, tc := range []struct {
		src           flagSource
		want          string
		onCommandLine bool
	}{
		{flagSource{flag: "paths"}, "--paths", true},
		{flagSource{flag: "paths", env: true}, "DIVSIM_PATHS", false},
		{flagSource{flag: "max-memory"}, "--max-memory", true},
		{flagSource{flag: "max-memory", env: true}, "DIVSIM_MAX_MEMORY", false},
		{flagSource{}, "", false}, // not set
	} {
		if got := tc.src.String(); got != tc.want {
			t.Errorf("%+v: String %q, want %q", tc.src, got, tc.want)
		}
		if got := tc.src.onCommandLine(); got != tc.onCommandLine {
			t.Errorf("%+v: onCommandLine %v, want %v", tc.src, got, tc.onCommandLine)
		}
	}
}

// TestBindEnvironmentSources checks where bindEnvironment says each flag
// came from: the command line over the environment, an empty variable as
// unset, and a flag set by neither left out.
func TestBindEnvironmentSources(t *testing.T) {
	t.Setenv("DIVSIM_PATHS", "2000")
	t.Setenv("DIVSIM_SEED", "7")
	t.Setenv("DIVSIM_HORIZON", "")
	cmd := &cobra.Command{Use: "run"}
	var paths, horizon, workers int
	var seed uint64
	cmd.Flags().IntVar(&paths, "paths", 0, "")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "")
	cmd.Flags().IntVar(&horizon, "horizon", 0, "")
	cmd.Flags().IntVar(&workers, "workers", 0, "")
	if err := cmd.ParseFlags([]string{"--paths", "500"}); err != nil {
		t.Fatal(err)
	}
	from, err := bindEnvironment(cmd, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]flagSource{"paths": {flag: "paths"}, "seed": {flag: "seed", env: true}}
	if !maps.Equal(from, want) {
		t.Errorf("sources %v, want %v", from, want)
	}
	if paths != 500 || seed != 7 {
		t.Errorf("paths %d, seed %d; want 500 from the command line, 7 from the environment", paths, seed)
	}
}
