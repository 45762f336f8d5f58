package sim

import (
	"math"
)

// tailPercent is the percentile of pooled calendar-year returns behind VaR
// and CVaR at 95 %. It is applied as ·5/100, the way Percentile computes
// ranks, so that both give the same order statistic to the last bit.
const tailPercent = 5

// lowTail keeps the lowest Keep of the values added to it, so that VaR and
// CVaR at 95 % of the pooled calendar-year returns stay exact without
// keeping every return: paths × years values shrink to about 5 % of them.
// It also remembers the smallest value it let go and how often that value
// came, because returns tied with the 5th percentile beyond the kept ones
// still count towards CVaR.
//
// Candidates below Limit are appended unsorted; when they fill twice Keep,
// a selection keeps the Keep smallest and lowers Limit to the largest of
// them. Appends and an occasional linear selection read memory in order,
// where a heap of 150,000 returns missed the cache on every insertion.
//
// Tails merge exactly: whatever order values arrive in, and however they
// are split between workers or shards, the kept multiset is the Keep
// smallest of them all.
type lowTail struct {
	Keep     int
	Kept     []float64 // candidates, unsorted; the Keep smallest after compact
	Limit    float64   // values at or above it are let go
	Count    int64     // values added
	Dropped  float64   // smallest value let go (meaningful when DroppedN > 0)
	DroppedN int64     // how many values equal to Dropped were let go
}

// newLowTail returns a tail sized for total pooled values: enough to hold
// every order statistic up to the one after the 5th percentile. It reserves
// room for expect values, or for twice Keep if fewer, so that it does not
// grow by doubling (which would briefly hold two copies).
func newLowTail(total, expect int64) *lowTail {
	keep := tailKeep(total)
	room := max(0, min(2*int64(keep), expect))
	return &lowTail{Keep: keep, Kept: make([]float64, 0, room), Limit: math.Inf(1)}
}

// tailKeep is how many of total values a tail keeps: every order statistic
// up to the one after the 5th percentile.
func tailKeep(total int64) int {
	lo := int64(math.Floor(float64(total-1) * tailPercent / 100))
	return int(max(1, min(lo+2, total)))
}

func (t *lowTail) add(x float64) {
	t.Count++
	if x >= t.Limit {
		t.drop(x, 1)
		return
	}
	t.keep(x)
}

// keep appends a candidate below Limit, compacting when they fill twice
// Keep.
func (t *lowTail) keep(x float64) {
	t.Kept = append(t.Kept, x)
	if len(t.Kept) >= 2*t.Keep {
		t.compact()
	}
}

// addAll adds xs as add does one by one, with the tail's figures in
// registers: most returns are at or above Limit and are only counted and
// compared with Dropped, which took a call and several loads and stores
// each.
func (t *lowTail) addAll(xs []float64) {
	limit, dropped, droppedN := t.Limit, t.Dropped, t.DroppedN
	for _, x := range xs {
		if x < limit {
			t.Dropped, t.DroppedN = dropped, droppedN
			t.keep(x) // compacting lets values go and lowers Limit
			limit, dropped, droppedN = t.Limit, t.Dropped, t.DroppedN
			continue
		}
		switch {
		case droppedN == 0 || x < dropped:
			dropped, droppedN = x, 1
		case x == dropped:
			droppedN++
		}
	}
	t.Dropped, t.DroppedN = dropped, droppedN
	t.Count += int64(len(xs))
}

// compact keeps the Keep smallest candidates and lets the rest go.
func (t *lowTail) compact() {
	if len(t.Kept) <= t.Keep {
		return
	}
	selectKth(t.Kept, t.Keep-1) // no larger value before it, no smaller after
	for _, x := range t.Kept[t.Keep:] {
		t.drop(x, 1)
	}
	t.Kept = t.Kept[:t.Keep]
	t.Limit = t.Kept[t.Keep-1]
	// Every kept value is at most Limit, so the largest sits at Keep−1.
}

func (t *lowTail) drop(x float64, n int64) {
	switch {
	case n == 0:
	case t.DroppedN == 0 || x < t.Dropped:
		t.Dropped, t.DroppedN = x, n
	case x == t.Dropped:
		t.DroppedN += n
	}
}

// merge adds o's values to t.
func (t *lowTail) merge(o *lowTail) {
	t.Count += o.Count - int64(len(o.Kept))
	for _, x := range o.Kept {
		t.add(x)
	}
	t.drop(o.Dropped, o.DroppedN)
}

// normalize keeps only the Keep smallest candidates, in ascending order, so
// that the tail's contents do not depend on the order values came in.
func (t *lowTail) normalize() {
	t.compact()
	sortFloats(t.Kept)
}

// varCVaR returns VaR and CVaR at 95 % of every value added: minus their
// 5th percentile (linear interpolation between order statistics) and minus
// the mean of the values at or below it. The kept values are sorted and
// summed in ascending order, so the result is the same to the last bit as
// from all values sorted.
func (t *lowTail) varCVaR() (v, cv float64) {
	n := t.Count
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	t.normalize() // in place: a copy of 150,000 returns is fresh memory, slow to fault in
	s := t.Kept
	h := float64(n-1) * tailPercent / 100
	lo := int(math.Floor(h))
	q := s[min(lo, len(s)-1)]
	if int64(lo) < n-1 && h > float64(lo) { // on an order statistic: none, as Percentile
		q = s[lo] + float64((h-float64(lo))*(s[lo+1]-s[lo]))
	}
	// Every kept value up to the lo-th is at or below q; beyond it only
	// values equal to q qualify, kept or let go.
	sum, count := 0.0, int64(0)
	for i, x := range s {
		if i <= lo || x == q {
			sum += x
			count++
		}
	}
	if t.DroppedN > 0 && t.Dropped == q {
		for range t.DroppedN {
			sum += q
		}
		count += t.DroppedN
	}
	return -q, -sum / float64(count)
}
