package sim

import (
	"math"
	"slices"
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
// Tails merge exactly: whatever order values arrive in, and however they
// are split between workers or shards, the kept multiset is the Keep
// smallest of them all.
type lowTail struct {
	Keep     int
	Kept     maxHeap
	Count    int64   // values added
	Dropped  float64 // smallest value let go (meaningful when DroppedN > 0)
	DroppedN int64   // how many values equal to Dropped were let go
}

// newLowTail returns a tail sized for total pooled values: enough to hold
// every order statistic up to the one after the 5th percentile. It reserves
// room for expect values, the most it will keep, so that it does not grow
// by doubling (which would briefly hold two copies).
func newLowTail(total, expect int64) *lowTail {
	lo := int64(math.Floor(float64(total-1) * tailPercent / 100))
	keep := int(max(1, min(lo+2, total)))
	return &lowTail{Keep: keep, Kept: make(maxHeap, 0, max(0, min(int64(keep), expect)))}
}

func (t *lowTail) add(x float64) {
	t.Count++
	switch {
	case len(t.Kept) < t.Keep:
		t.Kept.push(x)
	case x >= t.Kept[0]:
		t.drop(x, 1)
	default:
		t.drop(t.Kept[0], 1)
		t.Kept.replaceTop(x)
	}
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
	s := slices.Clone([]float64(t.Kept))
	slices.Sort(s)
	h := float64(n-1) * tailPercent / 100
	lo := int(math.Floor(h))
	q := s[min(lo, len(s)-1)]
	if int64(lo) < n-1 {
		q = s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
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

// maxHeap is a binary max-heap of float64, written out rather than through
// container/heap, whose interface boxing would allocate on every push.
type maxHeap []float64

func (h *maxHeap) push(x float64) {
	*h = append(*h, x)
	s := *h
	i := len(s) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if s[parent] >= s[i] {
			break
		}
		s[parent], s[i] = s[i], s[parent]
		i = parent
	}
}

// replaceTop replaces the largest value with x and restores the order.
func (h maxHeap) replaceTop(x float64) {
	h[0] = x
	i, n := 0, len(h)
	for {
		big, l, r := i, 2*i+1, 2*i+2
		if l < n && h[l] > h[big] {
			big = l
		}
		if r < n && h[r] > h[big] {
			big = r
		}
		if big == i {
			return
		}
		h[i], h[big] = h[big], h[i]
		i = big
	}
}
