package sim

import (
	"math"

	"github.com/divsim/divsim/internal/stats"
)

// Underwater summarizes how long a portfolio's time-weighted index stays
// below its running peak (SCENARIO.md, metric `underwater`).
type Underwater struct {
	// LongestYearsP50 and LongestYearsP95 are percentiles across paths of
	// the longest run of consecutive underwater steps, in years.
	LongestYearsP50, LongestYearsP95 float64
	// ProbEnd is the share of paths whose index ends below its running
	// peak, with its standard error.
	ProbEnd, ProbEndSE float64
}

// underwaterMetric is the `underwater` metric. A step is underwater when
// the index Π(1+r) after it is below its running peak (the start, 1,
// counts as a peak); a run still open at the horizon counts. A depleted
// path's index freezes at depletion and the path never recovers: from the
// step it ran out of money on, every step counts as underwater, as
// SCENARIO.md says, even when the frozen index stood at its peak (an empty
// portfolio has not recovered). A portfolio that a vpw rule emptied as
// planned has not run out of money: its frozen index is underwater only
// when it froze below its peak.
type underwaterMetric struct{}

func (underwaterMetric) columns() int { return 2 }

// flatBits is how far below its peak, in units in the last place, the
// index may be and still count as at it: 4096 units is a relative 1e-12
// at most, as noise has it. A flat path (a 0 % asset) compounds its
// steps' rounding to an index a few units below 1, which had counted as
// underwater for the whole horizon. (For numbers ≥ 0 the bits' difference
// counts the representable numbers between them.)
const flatBits = 4096

// measure writes the path's longest underwater run in years and 1 when it
// ends underwater, else 0.
func (underwaterMetric) measure(s *series, k, years int, out []float64) {
	n := years * k
	last := n
	if s.depleted > 0 && !s.planned {
		last = s.depleted - 1 // the steps it earned anything on
	}
	// The index is measure's (s.growth): multiplied here again, it was a
	// second chain of multiplications as long as the path, each waiting on
	// the last. The running peak as the bits of a float64, as in measure: for
	// numbers ≥ 0 the bits order like the numbers, and an integer maximum
	// keeps the loop free of branches. The steps are indexed by t, so that
	// the load is in Float64bits's statement: a range's element left that
	// statement only the inlined call's marker, a no-op every step.
	peakBits := int64(math.Float64bits(1))
	run, longest := 0, 0
	growth := s.growth[:last+1]
	for t := 1; t < len(growth); t++ {
		bits := int64(math.Float64bits(growth[t]))
		peakBits = max(peakBits, bits)
		run++
		// At or above the peak, to within rounding: the bits at most
		// flatBits below the peak's, a bound taken in one instruction (a
		// difference took two). The index is never below +0 (a step's
		// gross return 1 + r is at least +0), so its bits are never
		// negative and the bound cannot wrap.
		if bits >= peakBits-flatBits {
			run = 0
		}
		longest = max(longest, run)
	}
	under := run > 0
	if last < n { // depleted: underwater from then on
		run += n - last
		longest = max(longest, run)
		under = true
	}
	out[0] = float64(longest) / float64(k)
	out[1] = 0
	if under {
		out[1] = 1
	}
}

func (underwaterMetric) summarize(cols [][]float64, buf []float64, r *Portfolio) {
	longest, ends := cols[0], cols[1]
	u := &Underwater{
		LongestYearsP50: percentileOf(longest, buf, 50),
		LongestYearsP95: percentileOf(longest, buf, 95),
		ProbEnd:         stats.Mean(ends),
	}
	u.ProbEndSE = ShareSE(u.ProbEnd, len(ends))
	r.Underwater = u
}
