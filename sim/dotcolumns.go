package sim

// columnSums lays out the sums a stretch needs: rows of dst, stride
// apart, each the running sum over the columns of cols (column k starts at
// offsets[k]) times v, stopped at its end: row j sums the first ends[j]
// columns. ends is in increasing order, at most len(v). The engine lays
// one out per worker and portfolio (book.dots), so that a stretch's call
// passes a pointer and its steps rather than seventeen words of slices.
type columnSums struct {
	dst     []float64
	stride  int
	ends    []int
	cols    []float64
	offsets []int
	v       []float64
	// kernel computes the sums (see sum): dotColumnsAVX2 where it can
	// take them, the processor having AVX2 and the first row summing a
	// column, and dotColumnsGo elsewhere. It is chosen once, by
	// newColumnSums, so that a stretch's call does not choose again.
	kernel func(c *columnSums, first, n int)
}

// newColumnSums lays out sums as columnSums describes them, and chooses
// their kernel.
func newColumnSums(dst []float64, stride int, ends []int, cols []float64, offsets []int, v []float64) columnSums {
	c := columnSums{dst: dst, stride: stride, ends: ends, cols: cols, offsets: offsets, v: v, kernel: dotColumnsGo}
	if haveAVX2 && len(ends) > 0 && ends[0] > 0 {
		c.kernel = dotColumnsAVX2
	}
	return c
}

// sum sets the values from first to first + n − 1 of every row j <
// len(c.ends) to the sums over the first ends[j] columns:
// dst[j·stride+i] = Σ_{k<ends[j]} cols[offsets[k]+i]·v[k], for n a
// multiple of sixteen. Each row is the running sum of the columns in order
// of k, stopped at its end: the sum starts from its first product and adds
// the others in order, every product rounded before its add (no fused
// multiply-add), so the last row with ends[j] = len(v) is the whole sum
// however many rows come before it, and a row over no columns is +0. The
// kernel and its Go twin give the same results bit for bit. The caller
// guarantees that every column and row fits, which the kernel does not
// check (the Go twin would panic, as an index does); the engine lays its
// columns and rows out once per worker for the whole path.
func (c *columnSums) sum(first, n int) { c.kernel(c, first, n) }

// dotColumnsGo is columnSums.sum in Go, for any n, a value at a time:
// s = c₀·v₀, then s = s + cₖ·vₖ for k = 1, 2, …, stored in row j when k
// reaches ends[j].
func dotColumnsGo(c *columnSums, first, n int) {
	dst, cols, offsets, v := c.dst, c.cols, c.offsets, c.v
	for i := first; i < first+n; i++ {
		k, s := 0, 0.0
		for j, end := range c.ends {
			for ; k < end; k++ {
				if p := cols[offsets[k]+i] * v[k]; k == 0 {
					s = p
				} else {
					s += float64(p)
				}
			}
			dst[j*c.stride+i] = s
		}
	}
}
