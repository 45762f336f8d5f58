//go:build amd64 && !purego

package sim

import "golang.org/x/sys/cpu"

// The assembly kernels, as gonum's internal/asm/f64 has them: one small
// numeric primitive per file (exp_amd64.s, factor_amd64.s,
// dotcolumns_amd64.s, shiftedmoments_amd64.s), declared here, each with a
// Go twin of the same signature and results (expVectorGo, factorVectorGo,
// dotColumnsGo, shiftedMomentsGo) that runs where the processor lacks AVX2,
// on other architectures and with -tags purego (stubs_noasm.go). The
// dispatchers expVector, factorVector and shiftedMoments choose between
// them at each call, and newColumnSums once for each layout of sums. No
// kernel uses a fused multiply-add, so a run gives the same numbers on
// every machine.

// haveAVX2 is whether the kernels can run: they need AVX2, which x86
// processors have had since 2013.
var haveAVX2 = cpu.X86.HasAVX2

// expVectorAVX2 is expVectorGo four values at a time.
//
//go:noescape
func expVectorAVX2(xs []float64, c *[12]float64) int

// factorVectorAVX2 is factorVectorGo four rows at a time.
//
//go:noescape
func factorVectorAVX2(x, z, fc []float64, blockCols []int)

// dotColumnsAVX2 is dotColumnsGo sixteen values of every row at a time,
// for n a multiple of sixteen and c.ends[0] ≥ 1.
//
//go:noescape
func dotColumnsAVX2(c *columnSums, first, n int)

// shiftedMomentsAVX is shiftedMomentsGo with each pair of sums in the two
// lanes of one register (AVX).
//
//go:noescape
func shiftedMomentsAVX(a, b []float64, ca, cx float64, sums *[5]float64)
