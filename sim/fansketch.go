package sim

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"

	"github.com/DataDog/sketches-go/ddsketch"
	"github.com/DataDog/sketches-go/ddsketch/mapping"
	ddstore "github.com/DataDog/sketches-go/ddsketch/store"

	"github.com/divsim/divsim/model"
)

// fanSketch holds one portfolio's yearly wealth, nominal and real, as
// DDSketches (years 0..T) when the run has too many paths to keep every
// path's yearly wealth. DDSketch (DataDog/sketches-go) is used because its
// bins are counts: sketches merge by adding counts, so a run's fan does not
// depend on how paths were split between workers or shards, and each
// percentile is within model.FanSketchAccuracy of the value at its rank.
type fanSketch struct {
	nominal, real []*ddsketch.DDSketch
}

func newFanSketch(years int) *fanSketch {
	f := &fanSketch{}
	for range years + 1 {
		f.nominal = append(f.nominal, newSketch())
		f.real = append(f.real, newSketch())
	}
	return f
}

// newSketch returns an empty sketch with model.FanSketchAccuracy. Its
// index mapping is DDSketch's cubically interpolated one, which keeps the
// same accuracy guarantee with a few more bins but needs no logarithm per
// value: adding to the fan's sketches took a tenth of a 100,000-path run
// with the logarithmic mapping.
func newSketch() *ddsketch.DDSketch {
	m, err := mapping.NewCubicallyInterpolatedMapping(model.FanSketchAccuracy)
	if err != nil { // only for an accuracy outside (0, 1)
		panic(err)
	}
	return ddsketch.NewDDSketch(m, ddstore.NewDenseStore(), ddstore.NewDenseStore())
}

func (f *fanSketch) merge(o *fanSketch) error {
	for y := range f.nominal {
		if err := f.nominal[y].MergeWith(o.nominal[y]); err != nil {
			return err
		}
		if err := f.real[y].MergeWith(o.real[y]); err != nil {
			return err
		}
	}
	return nil
}

// percentiles returns the sketched percentiles pcts (0..100) of year y's
// nominal and real wealth into nom and real.
func (f *fanSketch) percentiles(y int, pcts, nom, real []float64) {
	for q, pct := range pcts {
		nom[q], _ = f.nominal[y].GetValueAtQuantile(pct / 100)
		real[q], _ = f.real[y].GetValueAtQuantile(pct / 100)
	}
}

// GobEncode writes the sketches in DDSketch's own binary encoding, so that
// partial results can be saved and merged later.
func (f *fanSketch) GobEncode() ([]byte, error) {
	enc := func(ss []*ddsketch.DDSketch) [][]byte {
		out := make([][]byte, len(ss))
		for i, s := range ss {
			s.Encode(&out[i], false)
		}
		return out
	}
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode([2][][]byte{enc(f.nominal), enc(f.real)})
	return buf.Bytes(), err
}

// GobDecode reads what GobEncode wrote.
func (f *fanSketch) GobDecode(data []byte) error {
	var raw [2][][]byte
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&raw); err != nil {
		return err
	}
	dec := func(bs [][]byte) ([]*ddsketch.DDSketch, error) {
		out := make([]*ddsketch.DDSketch, len(bs))
		for i, b := range bs {
			s, err := ddsketch.DecodeDDSketch(b, ddstore.DenseStoreConstructor, nil)
			if err != nil {
				return nil, fmt.Errorf("fan sketch %d: %w", i, err)
			}
			out[i] = s
		}
		return out, nil
	}
	var err error
	if f.nominal, err = dec(raw[0]); err != nil {
		return err
	}
	f.real, err = dec(raw[1])
	return err
}

// fanBufferPaths is how many paths' yearly wealth a worker buffers before
// counting it into its bins.
const fanBufferPaths = 1024

// noBin marks a buffered value that went straight into the sketch: zero (a
// depleted path) or beyond the mapping's range. No value in range maps to
// it (the mapping's indices stay within about ±400,000).
const noBin = math.MinInt32

// fanBuffer collects a worker's yearly wealth for the fan when it is
// sketched. Each value is mapped to its DDSketch bin index when recorded
// (an int32 in the buffer, half a float64), and a full buffer is counted
// into plain uint32 bins per portfolio, year and kind; the run adds the
// workers' bins up and moves the totals into its DDSketches once. Counting
// a batch of one sketch's values at a time keeps that sketch's bins in
// cache; uint32 bins keep the bench's 310 sketches in about 10 MB a
// worker, where DDSketch's float64 dense stores, which also grow to the
// widest value seen, took 40 MB and missed the cache on most adds (a tenth
// of a 100,000-path run). The sketches are the same as adding each
// value to them: the counts are integers, exact in float64. A uint32 bin
// cannot overflow: the stores keep some 90 bytes for every path, so no run
// has 2³² paths.
type fanBuffer struct {
	years int
	n     int       // paths buffered
	index [][]int32 // [portfolio][(y*kinds+kind)*fanBufferPaths + path]
	bins  []fanBins // per portfolio
	// sketches take the values without a bin.
	sketches []*fanSketch
	mapIndex fanIndex // the sketches' index mapping, unfused
	lo, hi   float64  // the values the mapping indexes: (lo, hi]
}

// The two kinds of yearly wealth in the fan.
const (
	nominalKind = iota
	realKind
	kinds
)

func newFanBuffer(portfolios, years int) *fanBuffer {
	f := &fanBuffer{years: years}
	for range portfolios {
		f.index = append(f.index, make([]int32, (years+1)*kinds*fanBufferPaths))
		f.bins = append(f.bins, newFanBins(years))
		f.sketches = append(f.sketches, newFanSketch(years))
	}
	m := f.sketches[0].nominal[0].IndexMapping.(*mapping.CubicallyInterpolatedMapping)
	f.mapIndex = newFanIndex(m)
	f.lo, f.hi = m.MinIndexableValue(), m.MaxIndexableValue()
	return f
}

// add records portfolio b's wealth at the end of year y on the current
// path.
func (f *fanBuffer) add(b, y int, nominal, real float64) {
	at := y*kinds*fanBufferPaths + f.n
	f.index[b][at] = f.bin(nominal, f.sketches[b].nominal[y])
	f.index[b][at+fanBufferPaths] = f.bin(real, f.sketches[b].real[y])
}

// addPath records portfolio b's yearly wealth on the current path, whose
// step-end values and price index are values and priceIndex: initial at
// the start, then the end value of each year's last step, nominal and
// deflated by the price index. Each value's bin is computed whether or not
// the mapping indexes it, in one loop without calls, and replaced by bin's
// result for the rare value that it does not (a depleted path's zero).
func (f *fanBuffer) addPath(b int, initial float64, values, priceIndex []float64, k int) {
	f.add(b, 0, initial, initial)
	index := f.index[b][f.n:]
	m := f.mapIndex
	// Each year's last step t and place at in the buffer are counted up,
	// over the values cut at the horizon: no multiplications a year, and
	// no bounds checked on the values.
	values, priceIndex = values[:f.years*k+1], priceIndex[:f.years*k+1]
	y, at := 1, kinds*fanBufferPaths // as add places them
	for t := k; t < len(values); t += k {
		nominal := values[t]
		real := nominal / priceIndex[t]
		nb, rb := m.of(nominal), m.of(real)
		if !f.indexable(nominal) || !f.indexable(real) {
			nb, rb = f.bin(nominal, f.sketches[b].nominal[y]), f.bin(real, f.sketches[b].real[y])
		}
		index[at], index[at+fanBufferPaths] = nb, rb
		y, at = y+1, at+kinds*fanBufferPaths
	}
}

// indexable reports whether the mapping gives v a bin.
func (f *fanBuffer) indexable(v float64) bool { return v > f.lo && v <= f.hi }

// bin returns v's bin index in sk, or noBin after adding v to sk directly
// when the mapping does not index it.
func (f *fanBuffer) bin(v float64, sk *ddsketch.DDSketch) int32 {
	if f.indexable(v) {
		return f.mapIndex.of(v)
	}
	_ = sk.Add(v) // zero (a depleted path), or beyond the mapping's range
	return noBin
}

// fanIndex is the sketches' index mapping, DDSketch's cubically
// interpolated one (Index), written so that no multiply-add can be fused:
// the library's Index is Go code that the compiler fuses under GOAMD64=v3
// and on arm64, where a value within a rounding of a bin's edge would be
// counted in the next bin and a sketched fan could differ by machine. The
// constants are the library's, the multiplier computed as the library
// computes it from the gamma it reports (TestFanIndexMatchesTheLibrary).
type fanIndex struct{ multiplier float64 }

// newFanIndex returns m's index mapping; m has no index offset, as
// newSketch makes it.
func newFanIndex(m *mapping.CubicallyInterpolatedMapping) fanIndex {
	pb := m.ToProto()
	if pb.IndexOffset != 0 {
		panic("sim: a fan sketch's mapping has an index offset")
	}
	return fanIndex{multiplier: 1 / math.Log2(pb.Gamma)}
}

// of returns the bin index of v, a value the mapping indexes: the
// binary logarithm approximated by the exponent plus a cubic of the
// significand, times the multiplier, rounded down as the library rounds
// (a negative whole number one lower).
func (x fanIndex) of(v float64) int32 {
	bits := math.Float64bits(v)
	s := math.Float64frombits(bits&(1<<52-1)|0x3ff0<<48) - 1 // the significand less 1, in [0, 1)
	// The exponent is bits>>52 less the bias: an indexable v is > 0, without
	// a sign bit (addPath discards the results for other values).
	log := float64(float64(float64(float64(float64(mapping.A*s)+mapping.B)*s)+mapping.C)*s) + float64(int(bits>>52)-1023)
	i := log * x.multiplier
	n := int32(i)
	if i < 0 {
		n--
	}
	return n
}

// endPath moves on to the next path, draining a full buffer.
func (f *fanBuffer) endPath() {
	if f.n++; f.n == fanBufferPaths {
		f.drain()
	}
}

// drain counts the buffered paths into the bins.
func (f *fanBuffer) drain() {
	for b, index := range f.index {
		for k := range f.bins[b] {
			f.bins[b][k].count(index[k*fanBufferPaths : k*fanBufferPaths+f.n])
		}
	}
	f.n = 0
}

// fanBins is one portfolio's fan counted by sketch bin: [y*kinds + kind].
type fanBins []binCounts

func newFanBins(years int) fanBins { return make(fanBins, (years+1)*kinds) }

// add adds o's counts to f's.
func (f fanBins) add(o fanBins) {
	for k := range f {
		f[k].add(&o[k])
	}
}

// moveTo adds the counts to sk's sketches and empties the bins (none when
// f is empty).
func (f fanBins) moveTo(sk *fanSketch) {
	if len(f) == 0 {
		return
	}
	for y := range sk.nominal {
		f[y*kinds+nominalKind].moveTo(sk.nominal[y])
		f[y*kinds+realKind].moveTo(sk.real[y])
	}
}

// binCounts counts values by DDSketch bin index: counts[i] for index
// offset+i.
type binCounts struct {
	offset int
	counts []uint32
}

// binMargin is the fewest bins a binCounts adds on each side of the
// indices it must hold when it grows (a quarter of their span when that is
// more), so that a slowly widening range grows rarely.
const binMargin = 256

// count adds one to the bin of each index (noBin skipped), in one pass:
// the bins grow when an index falls outside them, to hold every index
// from there on, and the rest is counted in them. The loop is written for
// its common case, an index within the bins: it checks the bin once and
// keeps nothing for the rare growth, which had kept a copy of each index
// in a register and checked its bin again where the branches joined.
func (c *binCounts) count(index []int32) {
	counts, offset := c.counts, c.offset
	for n, i := range index {
		if j := int(i) - offset; uint(j) < uint(len(counts)) {
			counts[j]++
		} else if i != noBin {
			c.coverAll(index[n:])
			c.count(index[n:]) // every index fits now: no growth again
			return
		}
	}
}

// coverAll grows the bins to hold every index (noBin skipped).
func (c *binCounts) coverAll(index []int32) {
	lo, hi := math.MaxInt32, math.MinInt32
	for _, i := range index {
		if i != noBin {
			lo, hi = min(lo, int(i)), max(hi, int(i))
		}
	}
	if lo <= hi {
		c.cover(lo, hi)
	}
}

// cover grows the bins to hold indices lo..hi.
func (c *binCounts) cover(lo, hi int) {
	end := c.offset + len(c.counts)
	if len(c.counts) > 0 && lo >= c.offset && hi < end {
		return
	}
	if len(c.counts) > 0 {
		lo, hi = min(lo, c.offset), max(hi, end-1)
	}
	margin := max(binMargin, (hi-lo)/4)
	offset := lo - margin
	counts := make([]uint32, hi+margin+1-offset)
	if len(c.counts) > 0 {
		copy(counts[c.offset-offset:], c.counts)
	}
	c.offset, c.counts = offset, counts
}

// add adds o's counts to c's.
func (c *binCounts) add(o *binCounts) {
	if len(o.counts) == 0 {
		return
	}
	c.cover(o.offset, o.offset+len(o.counts)-1)
	for i, n := range o.counts {
		c.counts[o.offset-c.offset+i] += n
	}
}

// moveTo adds the counts to sk's positive store, highest and lowest bin
// first so that the store is sized once, and empties the bins.
func (c *binCounts) moveTo(sk *ddsketch.DDSketch) {
	first, last := -1, -1
	for i, n := range c.counts {
		if n != 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return
	}
	st := sk.GetPositiveValueStore()
	st.AddWithCount(c.offset+last, float64(c.counts[last]))
	if first != last {
		st.AddWithCount(c.offset+first, float64(c.counts[first]))
	}
	for i := first + 1; i < last; i++ {
		if n := c.counts[i]; n != 0 {
			st.AddWithCount(c.offset+i, float64(n))
		}
	}
	clear(c.counts)
}
