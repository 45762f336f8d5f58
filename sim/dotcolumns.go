package sim

// dotColumns sets dst[i] = Σₖ cols[k·stride+i]·v[k] for i < len(dst) and
// k < len(v): v combines the columns of a column-major matrix (a column
// every stride values, len(cols) ≥ (len(v)−1)·stride + len(dst)). Each sum
// starts from its first product and adds the others in order of k, every
// product rounded before its add (no fused multiply-add); with no columns
// dst is +0. Where the processor has AVX2, the assembly kernel takes the
// first len(dst) rounded down to a multiple of four rows, four at a time,
// and the Go twin the rest; the results are the same bit for bit.
func dotColumns(dst, cols []float64, stride int, v []float64) {
	n := 0
	if haveAVX2 && len(v) > 0 {
		n = len(dst) &^ 3
		dotColumnsAVX2(dst[:n], cols, stride, v)
	}
	dotColumnsGo(dst[n:], cols[n:], stride, v)
}

// dotColumnsGo is dotColumns in Go, a column at a time: s = c₀·v₀, then
// s = s + cₖ·vₖ for k = 1, 2, … on every row.
func dotColumnsGo(dst, cols []float64, stride int, v []float64) {
	if len(v) == 0 {
		clear(dst)
		return
	}
	n := len(dst)
	for i, c := range cols[:n] {
		dst[i] = c * v[0]
	}
	for k := 1; k < len(v); k++ {
		vk := v[k]
		for i, c := range cols[k*stride : k*stride+n] {
			dst[i] += float64(c * vk)
		}
	}
}
