//go:build amd64 && !purego

package sim

import "golang.org/x/sys/cpu"

// haveAVX2 is whether the vector kernels can run: they need AVX2, which
// x86 processors have had since 2013. They use no fused multiply-adds, so
// their results are bit for bit those of the scalar code they replace, and
// a run gives the same numbers on every machine.
var haveAVX2 = cpu.X86.HasAVX2

// expVector takes e^x of xs four at a time, in place, until fewer than
// four remain or a block of four holds an argument outside |x| < expLimit
// (or NaN); it returns how many it replaced. c is expConsts.
//
//go:noescape
func expVector(xs []float64, c *[12]float64) int

// factorVector multiplies z by a correlation factor four rows at a time:
// x[i] = Σₖ F[i][k]·z[k], summed in order of k like the scalar loop. fc is
// the factor by columns, each padded to len(x) rows (a multiple of four);
// blockCols[b] is how many columns rows 4b..4b+3 use.
//
//go:noescape
func factorVector(x, z, fc []float64, blockCols []int)

// growLanes runs the steps of four paths of a portfolio side by side: see
// holdQuad and sim/lanes_amd64.s.
//
//go:noescape
func growLanes(k *laneKernel)

// measureLanes runs measure's loops for four paths side by side: see
// simulateQuad and sim/lanes_amd64.s.
//
//go:noescape
func measureLanes(m *laneMeasure)

// fanBinsLanes writes the fan's bins of years 1 on for four paths, nominal
// and real, as fanBuffer.bin would, but noBin for every value the mapping
// does not index; it returns non-zero when there is such a value. See
// fanBuffer.addLanes.
//
//go:noescape
func fanBinsLanes(a *fanLanes) int

// interleave4 writes dst[4i + l] = the l-th of a, b, c, d at i, four i at a
// time, for i below len(a) rounded down to a multiple of four; it returns
// how many i it wrote. dst has room for 4·len(a), and b, c, d len(a).
//
//go:noescape
func interleave4(dst, a, b, c, d []float64) int
