package sim

// factorVector multiplies z by a correlation factor F into x: x[i] =
// Σₖ F[i][k]·z[k], summed in order of k from +0. fc is the factor by
// columns, each padded to len(x) rows (a multiple of four); blockCols[b]
// is how many columns rows 4b..4b+3 use (factorLayout builds both). It runs
// the assembly kernel where the processor has AVX2, its Go twin elsewhere.
func factorVector(x, z, fc []float64, blockCols []int) {
	if haveAVX2 {
		factorVectorAVX2(x, z, fc, blockCols)
		return
	}
	factorVectorGo(x, z, fc, blockCols)
}

// factorVectorGo is factorVector in Go, with factorVectorAVX2's operations
// in its order: each row's sum starts at +0 and adds F[i][k]·z[k], rounded
// before the add (no fused multiply-add), for k in order. Columns past a
// row's last nonzero add ±0, which changes neither a nonzero sum nor +0, so
// the results are also those of summing each row only up to its last
// nonzero.
func factorVectorGo(x, z, fc []float64, blockCols []int) {
	rows := len(x)
	for b, cols := range blockCols {
		for i := 4 * b; i < 4*b+4; i++ {
			s := 0.0
			for k, zk := range z[:cols] {
				s += float64(fc[k*rows+i] * zk)
			}
			x[i] = s
		}
	}
}
