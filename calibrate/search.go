package calibrate

import (
	"context"
	"fmt"
)

// MaxStates is the most regimes a fit may have.
const MaxStates = 6

// MinMonths is the fewest months a fit accepts: fewer leave too little to
// tell regimes apart.
const MinMonths = 24

// ComparedStates is how many state counts are always fitted for the
// comparison by AIC and BIC: K = 1 to ComparedStates.
const ComparedStates = 4

// Window is the months a fit uses: indices Lo to Hi, both included, into
// monthly series.
type Window struct{ Lo, Hi int }

// Months returns how many months the window holds.
func (w Window) Months() int { return max(0, w.Hi-w.Lo+1) }

// Sample returns the window's months of the series (each indexed by month,
// the window inside them) as data rows, [month][series], for Estimate. It
// refuses a window of fewer than MinMonths months.
func Sample(series [][]float64, w Window) ([][]float64, error) {
	if n := w.Months(); n < MinMonths {
		return nil, fmt.Errorf("%d months (want at least %d to fit regimes)", n, MinMonths)
	}
	data := make([][]float64, 0, w.Months())
	for i := w.Lo; i <= w.Hi; i++ {
		row := make([]float64, len(series))
		for j, s := range series {
			row[j] = s[i]
		}
		data = append(data, row)
	}
	return data, nil
}

// SearchStates fits K = 1 to max(ComparedStates, want) states to data, in
// order, and returns the fits for comparing K (those that succeeded) and
// the fit with want states, which must succeed. fitting, if not nil, is
// called before each K is fitted, to show progress. It stops with ctx's
// error when ctx is done.
func SearchStates(ctx context.Context, data [][]float64, want int, opts Options, fitting func(K int)) (models []*Fit, fit *Fit, err error) {
	if want < 1 || want > MaxStates {
		return nil, nil, fmt.Errorf("%d states (want 1 to %d)", want, MaxStates)
	}
	for K := 1; K <= max(ComparedStates, want); K++ {
		if fitting != nil {
			fitting(K)
		}
		f, err := Estimate(ctx, data, K, opts)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, nil, ctxErr
		}
		if err != nil {
			if K == want {
				return nil, nil, fmt.Errorf("%d states: %w", K, err)
			}
			continue // left out of the comparison
		}
		models = append(models, f)
		if K == want {
			fit = f
		}
	}
	return models, fit, nil
}
