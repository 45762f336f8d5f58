package sim

import "math"

// shiftedMoments adds to sums, over i < len(a) in order, with x = a[i] − b[i]
// (b at least as long as a): sums[0] += a[i] − ca and sums[1] += x − cx,
// sums[2] and sums[3] the squares of the same, and sums[4] the square of
// x − |x| (twice x's negative part). Each sum takes its terms one at a
// time in order of i, every square rounded before its add (no fused
// multiply-add), so that a path's sums can be taken in parts. Where the
// processor has AVX2 the assembly kernel runs, which keeps each pair of
// sums in the two lanes of one register: the same operations in the same
// order, so the results are bit for bit the Go twin's.
func shiftedMoments(a, b []float64, ca, cx float64, sums *[5]float64) {
	if haveAVX2 {
		shiftedMomentsAVX(a, b[:len(a)], ca, cx, sums)
		return
	}
	shiftedMomentsGo(a, b, ca, cx, sums)
}

// shiftedMomentsGo is shiftedMoments in Go.
func shiftedMomentsGo(a, b []float64, ca, cx float64, sums *[5]float64) {
	b = b[:len(a)]
	s0, s1, s2, s3, s4 := sums[0], sums[1], sums[2], sums[3], sums[4]
	for i, r := range a {
		x := r - b[i]
		da, dx := r-ca, x-cx
		s0 += da
		s1 += dx
		s2 += float64(da * da)
		s3 += float64(dx * dx)
		twiceDown := x - math.Abs(x) // 2·min(x, 0), exactly
		s4 += float64(twiceDown * twiceDown)
	}
	sums[0], sums[1], sums[2], sums[3], sums[4] = s0, s1, s2, s3, s4
}
