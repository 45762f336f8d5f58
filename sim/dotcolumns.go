package sim

// dotColumns sets dst[i] = Σₖ cols[offsets[k]+i]·v[k] for i < len(dst) and
// k < len(v) = len(offsets): v combines columns of cols, column k starting
// at offsets[k]. Each sum starts from its first product and adds the others
// in order of k, every product rounded before its add (no fused
// multiply-add); with no columns dst is +0. Where the processor has AVX2,
// the assembly kernel takes the first len(dst) rounded down to a multiple
// of four rows, and the Go twin the rest; the results are the same bit for
// bit. The caller guarantees that every column fits in cols, which the
// kernel does not check (the Go twin would panic, as an index does); the
// engine's columns are laid out once per worker for the whole path.
func dotColumns(dst, cols []float64, offsets []int, v []float64) {
	n := 0
	if haveAVX2 && len(v) > 0 {
		n = len(dst) &^ 3
		dotColumnsAVX2(dst[:n], cols, offsets, v)
	}
	if n < len(dst) {
		dotColumnsGo(dst[n:], cols[n:], offsets, v)
	}
}

// dotColumnsGo is dotColumns in Go, a column at a time: s = c₀·v₀, then
// s = s + cₖ·vₖ for k = 1, 2, … on every row.
func dotColumnsGo(dst, cols []float64, offsets []int, v []float64) {
	if len(v) == 0 {
		clear(dst)
		return
	}
	n := len(dst)
	for i, c := range cols[offsets[0]:][:n] {
		dst[i] = c * v[0]
	}
	for k := 1; k < len(v); k++ {
		vk := v[k]
		for i, c := range cols[offsets[k]:][:n] {
			dst[i] += float64(c * vk)
		}
	}
}
