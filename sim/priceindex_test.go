package sim

import (
	"context"
	"math"
	"testing"
)

// TestPriceIndexAtIsTheRunsIndex: PriceIndexAt gives, path for path, the
// price index a run of the scenario uses, on two workers, for the
// simulated models and a bootstrap from history (whose inflation comes
// from the history's months).
func TestPriceIndexAtIsTheRunsIndex(t *testing.T) {
	for _, name := range []string{"default", "history"} {
		sc := example(t, name, 300)
		steps := sc.Simulation.Steps()
		for _, at := range []int{0, 12, steps} {
			got, err := PriceIndexAt(context.Background(), sc, at, Options{Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			simulatePaths(sc, 300, func(i int, w *worker) {
				if math.Float64bits(got[i]) != math.Float64bits(w.index[at]) {
					t.Fatalf("%s: path %d, step %d: index %v, the run's %v", name, i, at, got[i], w.index[at])
				}
			})
			if at > 0 && got[0] == 1 {
				t.Errorf("%s: step %d: the index is 1, want inflation", name, at)
			}
		}
	}
	if _, err := PriceIndexAt(context.Background(), example(t, "default", 10), -1, Options{}); err == nil {
		t.Error("step -1 accepted")
	}
}
