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
