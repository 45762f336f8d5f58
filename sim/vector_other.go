//go:build !amd64 || purego

package sim

// Without AVX2 the scalar code runs; these are never called.
const haveAVX2 = false

func expVector(xs []float64, c *[12]float64) int { return 0 }

func factorVector(x, z, fc []float64, blockCols []int) {}
