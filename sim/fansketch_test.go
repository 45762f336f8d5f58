package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/DataDog/sketches-go/ddsketch"
	"github.com/DataDog/sketches-go/ddsketch/mapping"
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
				f.add(b, y, nominal, real)
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

// TestFanIndexMatchesTheLibrary: the fan's own index mapping gives the
// DDSketch mapping's bin for every value it indexes, on 200,000 values
// spread evenly in logarithm over its whole range, on exact powers of two
// (where the cubic's significand is 0) and on typical amounts of money.
// (Under GOAMD64=v3 the library's Index is fused and may, for a value
// within a rounding of a bin's edge, give the next bin: about one value in
// 10¹⁰, so this holds there too in practice.)
func TestFanIndexMatchesTheLibrary(t *testing.T) {
	m := newSketch().IndexMapping.(*mapping.CubicallyInterpolatedMapping)
	x := newFanIndex(m)
	lo, hi := m.MinIndexableValue(), m.MaxIndexableValue()
	r := rand.New(rand.NewPCG(3, 4))
	check := func(v float64) {
		if v <= lo || v > hi {
			return
		}
		if got, want := x.of(v), int32(m.Index(v)); got != want {
			t.Fatalf("bin of %v: %d, the library's %d", v, got, want)
		}
	}
	logLo, logHi := math.Log(lo), math.Log(hi)
	for range 200_000 {
		check(math.Exp(logLo + r.Float64()*(logHi-logLo)))
	}
	for e := -1000; e <= 1000; e++ {
		check(math.Ldexp(1, e))
	}
	for v := 1.0; v < 1e9; v *= 1.37 {
		check(v)
		check(math.Round(v))
	}
}

// BenchmarkFanPath records the sketched fan of one path of the benchmark
// scenario's five portfolios (the 64 paths' yearly wealth, recorded in
// turn), counting the buffer into the bins every fanBufferPaths paths as a
// run does: the fan's part of a path above 20,000 paths, which
// BenchmarkPath (exact fan) does not see. Count instructions over 2,048
// paths less 1,024, so that each run drains the same way.
func BenchmarkFanPath(b *testing.B) {
	w, _ := benchWorker(b)
	p := w.p
	type path struct {
		values     [][]float64 // per portfolio
		priceIndex []float64
	}
	paths := make([]path, 64)
	for i := range paths {
		w.market(i)
		for k := range w.books {
			w.hold(k)
			paths[i].values = append(paths[i].values, slices.Clone(w.series.value))
		}
		paths[i].priceIndex = slices.Clone(w.index)
	}
	f := newFanBuffer(len(p.portfolios), p.years)
	i := 0
	for b.Loop() {
		path := paths[i%64]
		for k, values := range path.values {
			f.addPath(k, p.sc.Initial, values, path.priceIndex, p.k)
		}
		f.endPath()
		i++
	}
}
