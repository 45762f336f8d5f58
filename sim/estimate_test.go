package sim

import (
	"runtime"
	"testing"
	"time"
)

func TestEstimateTime(t *testing.T) {
	for _, tc := range []struct {
		name          string
		work, workers int
		atLeast       time.Duration
		atMost        time.Duration
	}{
		// A million paths of the default scenario (30 years of monthly
		// steps, 6 portfolios) on one core.
		{"a million paths on one core", 1_000_000 * 360 * 6, 1, time.Minute, time.Hour},
		{"no work", 0, 0, estimateOverhead, estimateOverhead},
		{"one step", 1, 1, estimateOverhead, estimateOverhead + time.Microsecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := EstimateTime(tc.work, tc.workers); got < tc.atLeast || got > tc.atMost {
				t.Errorf("EstimateTime(%d, %d) = %v, want %v to %v", tc.work, tc.workers, got, tc.atLeast, tc.atMost)
			}
		})
	}
}

// TestEstimateTimeDividesByWorkers: more workers never make an estimate
// longer, and workers beyond the cores do not shorten it.
func TestEstimateTimeDividesByWorkers(t *testing.T) {
	const work = 1_000_000_000
	cores := runtime.GOMAXPROCS(0)
	if one, all := EstimateTime(work, 1), EstimateTime(work, 0); all > one || (cores > 1 && all == one) {
		t.Errorf("one worker %v, every core %v (%d cores)", one, all, cores)
	}
	if all, more := EstimateTime(work, 0), EstimateTime(work, cores+7); more != all {
		t.Errorf("every core %v, more workers than cores %v", all, more)
	}
}
