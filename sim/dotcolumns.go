package sim

// dotColumns sets, for every j < len(ends), row j of dst (the n values
// from dst[j·stride] on) to the sums over the first ends[j] columns:
// dst[j·stride+i] = Σ_{k<ends[j]} cols[offsets[k]+i]·v[k] for i < n, where
// column k of cols starts at offsets[k]. Each row is the running sum of the
// columns in order of k, stopped at its end: the sum starts from its first
// product and adds the others in order, every product rounded before its
// add (no fused multiply-add), so the last row with ends[j] = len(v) is the
// whole sum however many rows come before it, and a row over no columns is
// +0. ends is in increasing order, at most len(v).
//
// Where the processor has AVX2, the assembly kernel takes the first n
// rounded down to a multiple of sixteen values of each row (the engine's
// stretches are computed sixteen steps at a time), and the Go twin the
// rest; the results are the same bit for bit. The caller guarantees
// that every column and row fits, which the kernel does not check (the Go
// twin would panic, as an index does); the engine lays its columns and rows
// out once per worker for the whole path.
func dotColumns(dst []float64, n, stride int, ends []int, cols []float64, offsets []int, v []float64) {
	m := 0
	if haveAVX2 && len(ends) > 0 && ends[0] > 0 {
		m = n &^ 15
	}
	// The Go twin's part first and the kernel's last (the values are
	// independent of each other): after the kernel's call nothing is left
	// to do, so the compiler keeps no argument across it.
	if m < n {
		dotColumnsGo(dst[m:], n-m, stride, ends, cols[m:], offsets, v)
	}
	if m > 0 {
		dotColumnsAVX2(dst, m, stride, ends, cols, offsets, v)
	}
}

// dotColumnsGo is dotColumns in Go, a value at a time: s = c₀·v₀, then
// s = s + cₖ·vₖ for k = 1, 2, …, stored in row j when k reaches ends[j].
func dotColumnsGo(dst []float64, n, stride int, ends []int, cols []float64, offsets []int, v []float64) {
	for i := range n {
		k, s := 0, 0.0
		for j, end := range ends {
			for ; k < end; k++ {
				if p := cols[offsets[k]+i] * v[k]; k == 0 {
					s = p
				} else {
					s += float64(p)
				}
			}
			dst[j*stride+i] = s
		}
	}
}
