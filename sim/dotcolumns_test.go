package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// dotColumnsPlain is columnSums.sum written the obvious way, a sum at a time
// for each row and value, from scratch: s = c₀·v₀, then s = s + cₖ·vₖ for
// k < ends[j].
func dotColumnsPlain(c *columnSums, first, n int) {
	for j, end := range c.ends {
		for i := first; i < first+n; i++ {
			s := 0.0
			for k, vk := range c.v[:end] {
				if p := c.cols[c.offsets[k]+i] * vk; k == 0 {
					s = p
				} else {
					s += float64(p)
				}
			}
			c.dst[j*c.stride+i] = s
		}
	}
}

// TestDotColumns holds the Go twin dotColumnsGo to plain sums from
// scratch, and the assembly kernel dotColumnsAVX2 (where the processor has
// AVX2; elsewhere the twin again) and the kernel newColumnSums chose (on
// the values' multiple of sixteen, as the engine calls it, and the twin
// the rest) to dotColumnsGo, bit for bit, on random columns (zeros and negative zeros
// among them) of many lengths at random offsets (in order, out of order,
// repeated), 0 to 9 columns and 1 to 4 rows ending at random increasing
// column counts (repeated ones too), from a random first value on. Nothing
// may be written outside the rows' values asked for, and the kernel must
// leave each row's values past the last multiple of sixteen alone.
func TestDotColumns(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	value := func() float64 { return kernelInput(r, -10, 10) }
	sizes := []int{0, 1, 2, 3, 4, 5, 7, 8, 12, 13, 15, 16, 17, 20, 31, 32, 33, 47, 64, 100, 361}
	for _, n := range sizes {
		for ncols := range 10 {
			for trial := range 20 {
				stride := max(1, n+r.IntN(9)) // rows back to back or apart
				first := r.IntN(stride - n + 1)
				cols := make([]float64, max(0, (ncols+1)*stride)) // room for the first value's shift
				for i := range cols {
					cols[i] = value()
				}
				offsets := make([]int, ncols)
				for k := range offsets {
					offsets[k] = r.IntN(ncols) * stride // any column, in any order, maybe twice
					if trial%2 == 0 {
						offsets[k] = k*stride + r.IntN(stride-n+1) // or each its own, shifted
					}
				}
				v := make([]float64, ncols)
				for k := range v {
					v[k] = value()
				}
				ends := make([]int, 1+r.IntN(4))
				for j := range ends {
					ends[j] = r.IntN(ncols + 1)
				}
				slices.Sort(ends)
				if trial%3 == 0 {
					ends[len(ends)-1] = ncols // the whole sum last, as the engine asks
				}
				rows := (len(ends)-1)*stride + first + n
				const sentinel = 12345.0
				sums := func() *columnSums {
					d := make([]float64, rows+3)
					for i := range d {
						d[i] = sentinel
					}
					c := newColumnSums(d, stride, ends, cols, offsets, v)
					return &c
				}
				want, twin, asm, dispatched := sums(), sums(), sums(), sums()
				dotColumnsPlain(want, first, n)
				dotColumnsGo(twin, first, n)
				m := 0
				if ends[0] > 0 { // the kernel's contract
					m = n &^ 15
					dotColumnsAVX2(asm, first, m)
				}
				whole := n &^ 15 // the engine's calls: sixteen values at a time
				dispatched.sum(first, whole)
				dotColumnsGo(dispatched, first+whole, n-whole)
				for at := range want.dst {
					j, i := at/stride, at%stride-first
					inRow := j < len(ends) && i >= 0 && i < n
					where := fmt.Sprintf("%d values from %d, %d columns at %v, ends %v, trial %d: dst[%d] (row %d, value %d)", n, first, ncols, offsets, ends, trial, at, j, i)
					if math.Float64bits(twin.dst[at]) != math.Float64bits(want.dst[at]) {
						t.Fatalf("%s = %v by dotColumnsGo, %v summed plainly", where, twin.dst[at], want.dst[at])
					}
					if math.Float64bits(dispatched.dst[at]) != math.Float64bits(twin.dst[at]) {
						t.Fatalf("%s = %v by the chosen kernel, %v by dotColumnsGo", where, dispatched.dst[at], twin.dst[at])
					}
					if inRow && i < m {
						if math.Float64bits(asm.dst[at]) != math.Float64bits(twin.dst[at]) {
							t.Fatalf("%s = %v by dotColumnsAVX2, %v by dotColumnsGo", where, asm.dst[at], twin.dst[at])
						}
					} else if asm.dst[at] != sentinel {
						t.Fatalf("%s: dotColumnsAVX2 wrote %v outside its rows' first %d values", where, asm.dst[at], m)
					}
					if !inRow && want.dst[at] != sentinel {
						t.Fatalf("%s: written outside the rows", where)
					}
				}
			}
		}
	}
}

// BenchmarkDotColumns times the kernel newColumnSums chooses (the AVX2
// kernel where the processor has it) and its Go twin on 8 columns of 16
// and of 352 values, in three rows as for three sleeves.
func BenchmarkDotColumns(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, rows := range []int{16, 352} {
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
		ends := []int{3, 5, ncols} // three sleeves
		c := newColumnSums(make([]float64, len(ends)*rows), rows, ends, cols, offsets, v)
		for _, k := range []struct {
			name string
			f    func(c *columnSums, first, n int)
		}{{"chosen", c.kernel}, {"go", dotColumnsGo}} {
			b.Run(fmt.Sprintf("%dx%d/%s", ncols, rows, k.name), func(b *testing.B) {
				b.SetBytes(int64(8 * len(cols)))
				for b.Loop() {
					k.f(&c, 0, rows)
				}
			})
		}
	}
}
