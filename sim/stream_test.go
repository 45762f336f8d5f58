package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestXoshiroReference checks the generator against xoshiro256++'s
// reference implementation (Blackman and Vigna's C code): its first ten
// outputs from the state (0, 0, 0, 1), as the xoshiro-fortran project's
// tests list them, and the first from (1, 2, 3, 4), rotl(1 + 4, 23) + 1.
func TestXoshiroReference(t *testing.T) {
	var x xoshiro
	x.Seed([4]uint64{0, 0, 0, 1})
	want := []uint64{
		0x0000000000800000, 0x0000000000800011, 0x0002200000800011, 0x0002200044000020, 0x00022000448008A1,
		0x01102100802208A0, 0x0114002284200880, 0x0402896644A64095, 0x8A14A0A244ACC891, 0x8C88BA4680B20495,
	}
	for i, w := range want {
		if got := x.Uint64(); got != w {
			t.Fatalf("output %d from (0, 0, 0, 1) is %#016x, want %#016x", i+1, got, w)
		}
	}
	x.Seed([4]uint64{1, 2, 3, 4})
	if got := x.Uint64(); got != 41943041 {
		t.Errorf("first output from (1, 2, 3, 4) is %d, want 41943041", got)
	}
}

// TestSamplersMatchStandardLibrary checks that the engine's uniforms and
// normals are exactly what math/rand/v2's Float64 and NormFloat64 make
// from the same generator: one at a time, and by fillNorm in slices of 1
// to 9 (a step's shocks). Ten million normals reach the ziggurat's rare
// branches (the base strip's tail, about 1 draw in 3,600, and the wedges'
// rejection tests), and the test checks they were reached.
//
// Where the compiler fuses multiply-adds (arm64, GOAMD64=v3), math/rand/v2
// itself is built with them, while the engine's sampler is written not to
// fuse: there the tail's normals (rn + z, z a rounded product) may differ
// from the library's in the last place, and the test allows that.
func TestSamplersMatchStandardLibrary(t *testing.T) {
	const draws = 10_000_000
	fused := multiplyAddFuses()
	same := func(a, b float64) bool {
		return a == b || fused && math.Abs(a) > 3.442619855899 && math.Abs(a-b) <= 0x1p-50*math.Abs(b)
	}
	for _, seed := range [][4]uint64{{1, 2, 3, 4}, streamSeed(42, 7, shockStream)} {
		var mine, theirs xoshiro
		mine.Seed(seed)
		theirs.Seed(seed)
		std := rand.New(&theirs)
		for i := range 1000 {
			if a, b := mine.float64(), std.Float64(); a != b {
				t.Fatalf("seed %v: uniform %d is %v, want %v", seed, i, a, b)
			}
		}
		tails := 0
		for i := range draws {
			a, b := mine.norm(), std.NormFloat64()
			if !same(a, b) {
				t.Fatalf("seed %v: normal %d is %v, want %v", seed, i, a, b)
			}
			if a > 3.442619855899 || a < -3.442619855899 {
				tails++
			}
		}
		if tails < draws/10000 {
			t.Errorf("seed %v: only %d draws beyond the base strip; the tail branch was hardly tested", seed, tails)
		}
		buf := make([]float64, 9)
		for i, k := 0, 0; i < draws; k++ {
			dst := buf[:1+k%len(buf)]
			mine.fillNorm(dst)
			for _, a := range dst {
				if b := std.NormFloat64(); !same(a, b) {
					t.Fatalf("seed %v: filled normal %d is %v, want %v", seed, i, a, b)
				}
				i++
			}
		}
		if mine != theirs {
			t.Fatalf("seed %v: after fillNorm the states differ", seed)
		}
	}
}

// multiplyAddFuses is whether this build fuses x*y + z: (1+2⁻³⁰)² − (1+2⁻²⁹)
// is 2⁻⁶⁰ exactly, and 0 once the product is rounded.
func multiplyAddFuses() bool {
	x := 1 + 0x1p-30
	return mulAdd(x, x, -(1+0x1p-29)) != 0
}

//go:noinline
func mulAdd(x, y, z float64) float64 { return x*y + z }
