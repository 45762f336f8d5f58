//go:build !amd64 || purego

package sim

// Without the assembly kernels the Go twins run (the dispatchers never call
// these, since haveAVX2 is false; they are here so that the dispatchers and
// the tests build everywhere).
const haveAVX2 = false

func expVectorAVX2(xs []float64, c *[12]float64) int { return expVectorGo(xs, c) }

func factorVectorAVX2(x, z, fc []float64, blockCols []int) { factorVectorGo(x, z, fc, blockCols) }

func dotColumnsAVX2(c *columnSums, first, n int) { dotColumnsGo(c, first, n) }

func shiftedMomentsAVX(a, b []float64, ca, cx float64, sums *[5]float64) {
	shiftedMomentsGo(a, b, ca, cx, sums)
}
