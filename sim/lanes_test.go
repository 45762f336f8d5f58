package sim

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unsafe"

	"github.com/divsim/divsim/model"
)

// TestLaneKernelLayout checks the offsets sim/lanes_amd64.s reads
// laneKernel, laneMeasure and fanLanes at.
func TestLaneKernelLayout(t *testing.T) {
	var k laneKernel
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"units", unsafe.Offsetof(k.units), 0}, {"gross", unsafe.Offsetof(k.gross), 8},
		{"flow", unsafe.Offsetof(k.flow), 16}, {"rf", unsafe.Offsetof(k.rf), 24},
		{"assets", unsafe.Offsetof(k.assets), 32},
		{"nPos", unsafe.Offsetof(k.nPos), 40}, {"rowBytes", unsafe.Offsetof(k.rowBytes), 48},
		{"steps", unsafe.Offsetof(k.steps), 56}, {"every", unsafe.Offsetof(k.every), 64},
		{"due", unsafe.Offsetof(k.due), 72}, {"sleeveEnd", unsafe.Offsetof(k.sleeveEnd), 80},
		{"nSleeves", unsafe.Offsetof(k.nSleeves), 88}, {"target", unsafe.Offsetof(k.target), 96},
		{"bands", unsafe.Offsetof(k.bands), 104}, {"fee", unsafe.Offsetof(k.fee), 112},
		{"value", unsafe.Offsetof(k.value), 144}, {"fos", unsafe.Offsetof(k.fos), 176},
		{"scale", unsafe.Offsetof(k.scale), 208}, {"alive", unsafe.Offsetof(k.alive), 240},
		{"done", unsafe.Offsetof(k.done), 272}, {"stop", unsafe.Offsetof(k.stop), 280},
		{"mask", unsafe.Offsetof(k.mask), 288},
		{"laneRet", unsafe.Offsetof(k.laneRet), 296}, {"laneExcess", unsafe.Offsetof(k.laneExcess), 304},
		{"laneValue", unsafe.Offsetof(k.laneValue), 312},
		{"rebalance", unsafe.Offsetof(k.rebalance), 320}, {"weights", unsafe.Offsetof(k.weights), 328},
		{"costBps", unsafe.Offsetof(k.costBps), 336}, {"yearOf", unsafe.Offsetof(k.yearOf), 344},
		{"first", unsafe.Offsetof(k.first), 352}, {"traded", unsafe.Offsetof(k.traded), 360},
		{"rebalances", unsafe.Offsetof(k.rebalances), 392}, {"tradedNow", unsafe.Offsetof(k.tradedNow), 424},
		{"costNow", unsafe.Offsetof(k.costNow), 456}, {"edges", unsafe.Offsetof(k.edges), 488},
		{"sleeves", unsafe.Offsetof(k.sleeves), 496}, {"holding", unsafe.Offsetof(k.holding), 504},
	} {
		if c.got != c.want {
			t.Errorf("laneKernel.%s at %d, the assembly reads it at %d", c.name, c.got, c.want)
		}
	}
	var m laneMeasure
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"ret", unsafe.Offsetof(m.ret), 0}, {"excess", unsafe.Offsetof(m.excess), 8},
		{"value", unsafe.Offsetof(m.value), 16}, {"k", unsafe.Offsetof(m.k), 24},
		{"years", unsafe.Offsetof(m.years), 32}, {"yearReturn", unsafe.Offsetof(m.yearReturn), 40},
		{"yearValue", unsafe.Offsetof(m.yearValue), 48}, {"growth", unsafe.Offsetof(m.growth), 56},
		{"drawdown", unsafe.Offsetof(m.drawdown), 88}, {"sumR", unsafe.Offsetof(m.sumR), 120},
		{"sumR2", unsafe.Offsetof(m.sumR2), 152}, {"sumX", unsafe.Offsetof(m.sumX), 184},
		{"sumX2", unsafe.Offsetof(m.sumX2), 216}, {"downside4", unsafe.Offsetof(m.downside4), 248},
		{"shiftX", unsafe.Offsetof(m.shiftX), 280},
	} {
		if c.got != c.want {
			t.Errorf("laneMeasure.%s at %d, the assembly reads it at %d", c.name, c.got, c.want)
		}
	}
	var f fanLanes
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"value", unsafe.Offsetof(f.value), 0}, {"yearIndex", unsafe.Offsetof(f.yearIndex), 8},
		{"out", unsafe.Offsetof(f.out), 16}, {"years", unsafe.Offsetof(f.years), 24},
		{"stepBytes", unsafe.Offsetof(f.stepBytes), 32}, {"consts", unsafe.Offsetof(f.consts), 40},
	} {
		if c.got != c.want {
			t.Errorf("fanLanes.%s at %d, the assembly reads it at %d", c.name, c.got, c.want)
		}
	}
}

// TestQuadsMatchOnePathAtATime runs the same paths four at a time in vector
// lanes and one at a time, and requires every per-path figure, the yearly
// wealth, the kept tail returns and the per-state growth to be the same to
// the last bit: the examples, the hostile scenarios of cmd/divsim, and the
// bench scenario with monthly, yearly, calendar-only and no rebalancing,
// band-edge rebalancing everywhere, withdrawals that empty most paths,
// costless trades, and an asset held in two sleeves (which the kernel
// leaves to Go to rebalance).
func TestQuadsMatchOnePathAtATime(t *testing.T) {
	if !haveAVX2 {
		t.Skip("no AVX2: paths run one at a time")
	}
	texts := map[string]string{}
	files, _ := filepath.Glob("../cmd/divsim/testdata/hostile/*.yaml")
	files = append(files, "../configs/examples/default.yaml", "../configs/examples/history.yaml",
		"../configs/examples/bench.yaml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.Base(f)] = string(data)
	}
	bench := texts["bench.yaml"]
	texts["bench monthly"] = replace(bench, "every: quarter", "every: month")
	texts["bench yearly"] = replace(bench, "every: quarter", "every: year")
	texts["bench calendar only"] = replace(replace(bench, "band: 0.05, relative_band: 0.25, ", ""),
		"rebalance: {to: band_edge}", "rebalance: {to: target}")
	texts["bench never"] = replace(bench, "every: quarter", "every: never")
	texts["bench band edge"] = replace(bench, "to: target", "to: band_edge")
	texts["bench running out"] = replace(bench, "amount: -45000", "amount: -150000")
	texts["bench free trades"] = replace(bench, "cost_bps: 5", "cost_bps: 0")
	texts["bench an asset in two sleeves"] = replace(bench, "{name: Cash, weight: 0.10, holdings: {cash: 1.0}}",
		"{name: Cash, weight: 0.10, holdings: {us_bonds: 1.0}}")
	for name, text := range texts {
		if name != "bench.yaml" && text == bench {
			t.Fatalf("%s: the replacement did not change the bench scenario", name)
		}
		t.Run(name, func(t *testing.T) {
			quadsMatchOnePath(t, scenario(t, text), 64)
		})
	}
}

// quadsMatchOnePath runs the scenario's first paths (a multiple of lanes,
// with an exact fan) four at a time and one at a time and fails unless
// every per-path figure, the yearly wealth, the kept tail returns and the
// per-state growth are the same bit for bit.
func quadsMatchOnePath(t *testing.T, sc *model.Scenario, paths int) {
	t.Helper()
	c := *sc // the caller's scenario keeps its paths
	c.Simulation.Paths = paths
	sc = &c
	p := newPlan(sc)
	if p.sketchFan {
		t.Fatal("want the exact fan")
	}
	one, four := newWorker(p), newWorker(p)
	oneStores, fourStores := make([]*store, len(sc.Portfolios)), make([]*store, len(sc.Portfolios))
	for b := range oneStores {
		oneStores[b], fourStores[b] = newStore(p, 0, paths), newStore(p, 0, paths)
	}
	for i := range paths {
		one.simulate(i, oneStores)
	}
	for i := 0; i < paths; i += lanes {
		four.simulateQuad(i, fourStores)
	}
	one.flush(oneStores, nil) // the fan is exact
	four.flush(fourStores, nil)
	sameBits(t, "state log growth", one.stateLog, four.stateLog)
	for b := range oneStores {
		o, f := oneStores[b], fourStores[b]
		cols, fcols := o.perPath(), f.perPath()
		for c := range cols {
			sameBits(t, "a per-path figure", *cols[c], *fcols[c])
		}
		if !slices.Equal(o.Depleted, f.Depleted) {
			t.Errorf("portfolio %d: depleted differs", b)
		}
		sameBits(t, "wealth", o.Wealth, f.Wealth)
		sameBits(t, "real wealth", o.WealthReal, f.WealthReal)
		o.Tail.normalize()
		f.Tail.normalize()
		sameBits(t, "tail", o.Tail.Kept, f.Tail.Kept)
	}
}

// sameBits fails unless got and want hold the same float64s bit for bit.
func sameBits(t *testing.T, what string, want, got []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s [%d]: %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestInterleaveLanes: every lane's values land at i·lanes + lane, for
// lengths that do and do not fill the kernel's blocks of four.
func TestInterleaveLanes(t *testing.T) {
	for n := range 11 {
		var src [lanes][]float64
		for l := range src {
			src[l] = make([]float64, n+2)
			for i := range src[l] {
				src[l][i] = float64(100*l + i)
			}
		}
		dst := make([]float64, n*lanes+1)
		dst[n*lanes] = -1 // past the end: left alone
		interleaveLanes(dst[:n*lanes], &src, 2, n)
		for i := range n {
			for l := range lanes {
				if got, want := dst[i*lanes+l], src[l][2+i]; got != want {
					t.Fatalf("n=%d: dst[%d] = %v, want lane %d's value %d, %v", n, i*lanes+l, got, l, 2+i, want)
				}
			}
		}
		if dst[n*lanes] != -1 {
			t.Fatalf("n=%d: wrote past the end", n)
		}
	}
}
