package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// dotColumnsPlain is dotColumns written the obvious way, a row at a time,
// for the tests: s = c₀·v₀, then s = s + cₖ·vₖ.
func dotColumnsPlain(dst, cols []float64, offsets []int, v []float64) {
	for i := range dst {
		s := 0.0
		for k, vk := range v {
			if p := cols[offsets[k]+i] * vk; k == 0 {
				s = p
			} else {
				s += float64(p)
			}
		}
		dst[i] = s
	}
}

// TestDotColumns holds the Go twin dotColumnsGo to a plain row-by-row sum,
// and the assembly kernel dotColumnsAVX2 (where the processor has AVX2) and
// the dispatcher dotColumns to dotColumnsGo, bit for bit, on random
// columns (zeros and negative zeros among them) of many lengths at random
// offsets (in order, out of order, repeated) and 0 to 9 columns. The kernel must leave the rows past the last
// multiple of four alone.
func TestDotColumns(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	value := func() float64 {
		switch r.IntN(10) {
		case 0:
			return 0
		case 1:
			return math.Copysign(0, -1)
		default:
			return r.NormFloat64() * math.Exp2(float64(r.IntN(20)-10))
		}
	}
	sizes := []int{0, 1, 2, 3, 4, 5, 7, 8, 12, 13, 15, 16, 17, 20, 31, 32, 33, 47, 64, 100, 361}
	for _, rows := range sizes {
		for ncols := range 10 {
			for trial := range 20 {
				stride := rows + r.IntN(9)
				cols := make([]float64, max(0, ncols*stride))
				for i := range cols {
					cols[i] = value()
				}
				offsets := make([]int, ncols)
				for k := range offsets {
					offsets[k] = r.IntN(ncols) * stride // any column, in any order, maybe twice
					if trial%2 == 0 {
						offsets[k] = k*stride + r.IntN(stride-rows+1) // or each its own, shifted
					}
				}
				v := make([]float64, ncols)
				for k := range v {
					v[k] = value()
				}
				const sentinel = 12345.0
				fill := func() []float64 {
					d := make([]float64, rows)
					for i := range d {
						d[i] = sentinel
					}
					return d
				}
				want, twin, asm, dispatched := fill(), fill(), fill(), fill()
				dotColumnsPlain(want, cols, offsets, v)
				dotColumnsGo(twin, cols, offsets, v)
				dotColumnsAVX2(asm, cols, offsets, v)
				dotColumns(dispatched, cols, offsets, v)
				n := rows &^ 3
				for i := range rows {
					where := fmt.Sprintf("%d rows, %d columns at %v, trial %d: dst[%d]", rows, ncols, offsets, trial, i)
					if math.Float64bits(twin[i]) != math.Float64bits(want[i]) {
						t.Fatalf("%s = %v by dotColumnsGo, %v row by row", where, twin[i], want[i])
					}
					if math.Float64bits(dispatched[i]) != math.Float64bits(twin[i]) {
						t.Fatalf("%s = %v by dotColumns, %v by dotColumnsGo", where, dispatched[i], twin[i])
					}
					if i < n && math.Float64bits(asm[i]) != math.Float64bits(twin[i]) {
						t.Fatalf("%s = %v by dotColumnsAVX2, %v by dotColumnsGo", where, asm[i], twin[i])
					}
					if i >= n && asm[i] != sentinel {
						t.Fatalf("%s: dotColumnsAVX2 wrote %v past the last multiple of four", where, asm[i])
					}
				}
			}
		}
	}
}

// BenchmarkDotColumns times dotColumns (the AVX2 kernel where the processor
// has it) and its Go twin on 8 columns of 12 and of 360 rows.
func BenchmarkDotColumns(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, rows := range []int{12, 360} {
		const ncols = 8
		cols := make([]float64, ncols*rows)
		for i := range cols {
			cols[i] = r.NormFloat64()
		}
		v := make([]float64, ncols)
		offsets := make([]int, ncols)
		for k := range v {
			v[k], offsets[k] = r.Float64(), k*rows
		}
		dst := make([]float64, rows)
		for _, k := range []struct {
			name string
			f    func(dst, cols []float64, offsets []int, v []float64)
		}{{"dispatch", dotColumns}, {"go", dotColumnsGo}} {
			b.Run(fmt.Sprintf("%dx%d/%s", ncols, rows, k.name), func(b *testing.B) {
				b.SetBytes(int64(8 * len(cols)))
				for b.Loop() {
					k.f(dst, cols, offsets, v)
				}
			})
		}
	}
}
