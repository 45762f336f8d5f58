package history

// Fall is a peak-to-trough fall of a column's cumulative index Π(1+r),
// whose values are taken at month ends.
type Fall struct {
	Peak   Month   // the month at whose end the index peaked
	Trough Month   // the month at whose end it bottomed
	Depth  float64 // 1 − the index at the trough over the index at the peak
}

// From is the fall's first month, the one after the peak: an episode
// replaying From to Trough starts at the peak and ends at the trough.
func (f Fall) From() Month { return f.Peak + 1 }

// DeepestFall returns the deepest fall of column col's cumulative index
// with its peak and its trough at the ends of months from first to last:
// the crash of a span of months, found in the data rather than chosen by
// hand. ok is false when the table lacks the column or a month of the
// span, or the index never falls inside it.
func (t *Table) DeepestFall(col string, first, last Month) (f Fall, ok bool) {
	vals := t.Numeric[col]
	lo, hi := t.Index(first), t.Index(last)
	if vals == nil || lo < 0 || hi < 0 {
		return Fall{}, false
	}
	// The index relative to its value at the end of month lo.
	index, peak, peakAt := 1.0, 1.0, lo
	for i := lo + 1; i <= hi; i++ {
		index *= 1 + vals[i]
		if index > peak {
			peak, peakAt = index, i
			continue
		}
		if d := 1 - index/peak; d > f.Depth {
			f = Fall{Peak: t.Month(peakAt), Trough: t.Month(i), Depth: d}
		}
	}
	return f, f.Depth > 0
}
