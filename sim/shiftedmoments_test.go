package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestShiftedMoments holds the Go twin shiftedMomentsGo to the sums
// written out term by term, and the assembly kernel shiftedMomentsAVX
// (where the processor has AVX2; elsewhere the twin again) and the
// dispatcher to the twin, bit for bit, on random returns (zeros, negative
// zeros and both signs of every size among them) of many lengths, taken
// whole and in two parts, from random starting sums.
func TestShiftedMoments(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	value := func() float64 { return kernelInput(r, -20, 10) }
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 12, 13, 100, 360} {
		for trial := range 30 {
			a, b := make([]float64, n), make([]float64, n+r.IntN(3))
			for i := range a {
				a[i] = value()
			}
			for i := range b {
				b[i] = value()
			}
			ca, cx := value(), value()
			var start [5]float64
			for j := range start {
				start[j] = value()
			}
			want := start
			for i, x := range a { // term by term
				y := x - b[i]
				want[0] += x - ca
				want[1] += y - cx
				want[2] += float64((x - ca) * (x - ca))
				want[3] += float64((y - cx) * (y - cx))
				want[4] += float64((y - math.Abs(y)) * (y - math.Abs(y)))
			}
			cut := r.IntN(n + 1)
			twin, asm, dispatched, parts := start, start, start, start
			shiftedMomentsGo(a, b, ca, cx, &twin)
			shiftedMomentsAVX(a, b[:n], ca, cx, &asm)
			shiftedMoments(a, b, ca, cx, &dispatched)
			shiftedMoments(a[:cut], b, ca, cx, &parts)
			shiftedMoments(a[cut:], b[cut:], ca, cx, &parts)
			for j := range want {
				where := fmt.Sprintf("%d values, trial %d: sums[%d]", n, trial, j)
				for _, got := range []struct {
					name string
					v    float64
				}{{"shiftedMomentsGo", twin[j]}, {"shiftedMomentsAVX", asm[j]}, {"shiftedMoments", dispatched[j]}, {"shiftedMoments in two parts", parts[j]}} {
					if math.Float64bits(got.v) != math.Float64bits(want[j]) {
						t.Fatalf("%s = %v by %s, %v term by term", where, got.v, got.name, want[j])
					}
				}
			}
		}
	}
}
