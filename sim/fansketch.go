package sim

import (
	"bytes"
	"encoding/gob"
	"fmt"

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
// percentile is within model.FanSketchAccuracy of the exact one's value.
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
// adding it to its sketches.
const fanBufferPaths = 1024

// fanBuffer holds a worker's yearly wealth of up to fanBufferPaths paths per
// portfolio before it goes into the worker's sketches. A late year's sketch
// spans some 100 KB of bins; adding many values to one sketch at a time
// keeps its bins in cache, where adding each path's 62 values to 62
// different sketches missed the cache nearly every time (12 % of a
// 100,000-path run before buffering).
type fanBuffer struct {
	years         int
	n             int         // paths buffered
	nominal, real [][]float64 // [portfolio][y*fanBufferPaths + path]
	sketches      []*fanSketch
}

func newFanBuffer(portfolios, years int) *fanBuffer {
	f := &fanBuffer{years: years, sketches: make([]*fanSketch, portfolios)}
	for range portfolios {
		f.nominal = append(f.nominal, make([]float64, (years+1)*fanBufferPaths))
		f.real = append(f.real, make([]float64, (years+1)*fanBufferPaths))
	}
	return f
}

// add records portfolio b's wealth at the end of year y on the current
// path, or on the path slot places after it when paths run together.
func (f *fanBuffer) add(b, y, slot int, nominal, real float64) {
	f.nominal[b][y*fanBufferPaths+f.n+slot] = nominal
	f.real[b][y*fanBufferPaths+f.n+slot] = real
}

// reserve drains the buffer unless it has room for paths more paths.
func (f *fanBuffer) reserve(paths int) {
	if f.n+paths > fanBufferPaths {
		f.drain()
	}
}

// endPath moves on to the next path, draining a full buffer.
func (f *fanBuffer) endPath() {
	if f.n++; f.n == fanBufferPaths {
		f.drain()
	}
}

// drain adds the buffered paths to the sketches.
func (f *fanBuffer) drain() {
	for b, sk := range f.sketches {
		if sk == nil {
			sk = newFanSketch(f.years)
			f.sketches[b] = sk
		}
		for y := 0; y <= f.years; y++ {
			addAll(sk.nominal[y], f.nominal[b][y*fanBufferPaths:y*fanBufferPaths+f.n])
			addAll(sk.real[y], f.real[b][y*fanBufferPaths:y*fanBufferPaths+f.n])
		}
	}
	f.n = 0
}

// addAll adds values to a sketch made by newSketch. It does what sk.Add
// does for each, but calls the sketch's mapping and store directly rather
// than through four interface calls per value (which took half the time of
// adding to the fan's sketches).
func addAll(sk *ddsketch.DDSketch, values []float64) {
	st, okStore := sk.GetPositiveValueStore().(*ddstore.DenseStore)
	m, okMapping := sk.IndexMapping.(*mapping.CubicallyInterpolatedMapping)
	if !okStore || !okMapping {
		panic("fan sketch not made by newSketch")
	}
	lo, hi := m.MinIndexableValue(), m.MaxIndexableValue()
	for _, v := range values {
		if v > lo && v <= hi {
			st.Add(m.Index(v))
		} else {
			_ = sk.Add(v) // zero (a depleted path), or beyond the mapping's range
		}
	}
}
