package sim

// dotColumns sets dst[i] = Σ_k cols[k·stride + i]·v[k], summed in order of
// k. (Temporary Go version until the kernel lands.)
func dotColumns(dst, cols []float64, stride int, v []float64) {
	if len(v) == 0 {
		clear(dst)
		return
	}
	n := len(dst)
	c := cols[:n]
	x := v[0]
	for i := range dst {
		dst[i] = float64(c[i] * x)
	}
	for k := 1; k < len(v); k++ {
		c := cols[k*stride:][:n]
		x := v[k]
		if x == 0 {
			continue // an asset the portfolio does not hold: adding 0·c changes nothing (c is finite)
		}
		for i, ci := range c {
			dst[i] += float64(ci * x)
		}
	}
}
