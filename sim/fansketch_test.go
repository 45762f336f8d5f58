package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/DataDog/sketches-go/ddsketch"
)

// TestFanBufferMatchesSketch: the fan's buffers, which map values to bins
// when recorded and count them in uint32 bins, added up over two workers
// and moved into sketches as a run does, give the same sketches as adding
// every value to a DDSketch: the same count in every bin, the same zero
// count and, to the last bit, the same percentiles. The values widen from
// batch to batch on both sides, so the bins grow while they hold counts,
// and include zeros and values beyond the mapping's range; the workers take
// paths in uneven turns.
func TestFanBufferMatchesSketch(t *testing.T) {
	const portfolios, years, paths = 2, 3, 5*fanBufferPaths + 300
	rng := rand.New(rand.NewPCG(7, 8))
	workers := []*fanBuffer{newFanBuffer(portfolios, years), newFanBuffer(portfolios, years)}
	want := newFanBuffer(portfolios, years).sketches // filled value by value
	add := func(sk *ddsketch.DDSketch, v float64) { _ = sk.Add(v) }
	for path := range paths {
		spread := 0.2 + 2*float64(path)/paths // wider with every batch
		f := workers[min(path%3, 1)]
		f.reserve(1)
		for b := range portfolios {
			for y := 0; y <= years; y++ {
				nominal := 1e5 * math.Exp(spread*rng.NormFloat64())
				switch rng.IntN(200) {
				case 0:
					nominal = 0 // a depleted path
				case 1:
					nominal = 1e-320 // below the mapping's range
				}
				real := nominal / (1 + 0.03*float64(y))
				f.add(b, y, 0, nominal, real)
				add(want[b].nominal[y], nominal)
				add(want[b].real[y], real)
			}
		}
		f.endPath()
	}
	got := newFanBuffer(portfolios, years).sketches
	for b := range portfolios {
		total := newFanBins(years)
		for _, f := range workers {
			f.drain()
			total.add(f.bins[b])
			if err := got[b].merge(f.sketches[b]); err != nil {
				t.Fatal(err)
			}
		}
		total.moveTo(got[b])
		for k, c := range total {
			if slices.ContainsFunc(c.counts, func(n uint32) bool { return n != 0 }) {
				t.Fatalf("portfolio %d: bins %d not emptied by moveTo", b, k)
			}
		}
	}
	for b := range portfolios {
		for y := 0; y <= years; y++ {
			for kind, pair := range [][2]*ddsketch.DDSketch{{got[b].nominal[y], want[b].nominal[y]}, {got[b].real[y], want[b].real[y]}} {
				g, w := pair[0], pair[1]
				if g.GetZeroCount() != w.GetZeroCount() || g.GetCount() != w.GetCount() {
					t.Fatalf("portfolio %d year %d kind %d: zero count %v of %v, want %v of %v", b, y, kind, g.GetZeroCount(), g.GetCount(), w.GetZeroCount(), w.GetCount())
				}
				bins := map[int]float64{}
				w.GetPositiveValueStore().ForEach(func(i int, c float64) bool { bins[i] = c; return false })
				g.GetPositiveValueStore().ForEach(func(i int, c float64) bool {
					if bins[i] != c {
						t.Errorf("portfolio %d year %d kind %d: bin %d counts %v, want %v", b, y, kind, i, c, bins[i])
					}
					delete(bins, i)
					return false
				})
				if len(bins) != 0 {
					t.Errorf("portfolio %d year %d kind %d: bins missing: %v", b, y, kind, bins)
				}
				for q := 0.0; q <= 1; q += 0.01 {
					gv, _ := g.GetValueAtQuantile(q)
					wv, _ := w.GetValueAtQuantile(q)
					if gv != wv {
						t.Errorf("portfolio %d year %d kind %d: quantile %.2f is %v, want %v", b, y, kind, q, gv, wv)
					}
				}
			}
		}
	}
}

// TestFanBinsLanesMatchMapping: the fan's bins of four paths computed in
// vector lanes (addLanes) are those of one path at a time (addPath, which
// asks DDSketch's mapping), bin for bin, including values the mapping does
// not index (zero, subnormal, infinite), which go into the sketches
// directly either way, and the ends of its range.
func TestFanBinsLanesMatchMapping(t *testing.T) {
	if !haveAVX2 {
		t.Skip("no AVX2: paths run one at a time")
	}
	const years, k = 40, 3
	rng := rand.New(rand.NewPCG(11, 12))
	value := make([]float64, (years*k+1)*lanes)
	yearIndex := make([]float64, (years+1)*lanes)
	index := make([][]float64, lanes)
	for l := range lanes {
		index[l] = make([]float64, years*k+1)
	}
	m := newFanBuffer(1, 0).mapping
	lo, hi := m.MinIndexableValue(), m.MaxIndexableValue()
	edges := []float64{lo, math.Nextafter(lo, 1), hi, math.Nextafter(hi, 0), math.Nextafter(hi, math.Inf(1))}
	for trial := range 200 {
		for i := range value {
			value[i] = math.Exp(rng.NormFloat64()*8) * 1e5
			switch rng.IntN(20) {
			case 0:
				value[i] = 0
			case 1:
				value[i] = 1e-320
			case 2:
				value[i] = math.Inf(1)
			case 3:
				value[i] = math.Ldexp(1, rng.IntN(60)-10) // exact powers of two: bin edges of the exponent
			case 4:
				value[i] = edges[rng.IntN(len(edges))] // the ends of the mapping's range
			}
		}
		for y := range years + 1 {
			for l := range lanes {
				yearIndex[y*lanes+l] = 1 + rng.Float64()*float64(y)
				index[l][y*k] = yearIndex[y*lanes+l]
			}
		}
		one, four := newFanBuffer(1, years), newFanBuffer(1, years)
		one.n, four.n = trial%5, trial%5 // not at the buffer's start
		for l := range lanes {
			one.addPath(0, l, 1e6, pathView{value: value[l:], stride: lanes, index: index[l]}, k)
		}
		four.addLanes(0, 1e6, value, yearIndex, k)
		for i, want := range one.index[0] {
			if got := four.index[0][i]; got != want {
				y, kind, path := i/(kinds*fanBufferPaths), i/fanBufferPaths%kinds, i%fanBufferPaths
				t.Fatalf("trial %d, year %d, kind %d, slot %d: bin %d, want %d", trial, y, kind, path-one.n, got, want)
			}
		}
		for y := range years + 1 {
			if g, w := four.sketches[0].nominal[y].GetZeroCount(), one.sketches[0].nominal[y].GetZeroCount(); g != w {
				t.Fatalf("trial %d, year %d: zero count %v, want %v", trial, y, g, w)
			}
			if g, w := four.sketches[0].real[y].GetZeroCount(), one.sketches[0].real[y].GetZeroCount(); g != w {
				t.Fatalf("trial %d, year %d: real zero count %v, want %v", trial, y, g, w)
			}
		}
	}
}
