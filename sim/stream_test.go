package sim

import (
	"math/rand/v2"
	"testing"
)

// TestPCGMatchesStandardLibrary checks that the inlinable generator draws
// exactly what math/rand/v2 draws from the same seed: raw numbers, uniforms
// and normals, one at a time and by fillNorm. Ten million normals reach the ziggurat's rare branches (the
// base strip's tail, about 1 draw in 3,600, and the wedges' rejection
// tests), and the test checks they were reached.
func TestPCGMatchesStandardLibrary(t *testing.T) {
	const draws = 10_000_000
	hi, lo := streamSeed(42, 7, shockStream)
	for _, seed := range [][2]uint64{{1, 2}, {hi, lo}} {
		var mine pcg
		mine.Seed(seed[0], seed[1])
		std := rand.New(rand.NewPCG(seed[0], seed[1]))
		for i := range 1000 {
			if a, b := mine.Uint64(), std.Uint64(); a != b {
				t.Fatalf("seed %v: number %d is %#x, want %#x", seed, i, a, b)
			}
			if a, b := mine.float64(), std.Float64(); a != b {
				t.Fatalf("seed %v: uniform %d is %v, want %v", seed, i, a, b)
			}
		}
		tails := 0
		for i := range draws {
			a, b := mine.norm(), std.NormFloat64()
			if a != b {
				t.Fatalf("seed %v: normal %d is %v, want %v", seed, i, a, b)
			}
			if a > 3.442619855899 || a < -3.442619855899 {
				tails++
			}
		}
		if tails < draws/10000 {
			t.Errorf("seed %v: only %d draws beyond the base strip; the tail branch was hardly tested", seed, tails)
		}
		// fillNorm gives the same numbers, in slices of every length up
		// to 9 (a step's shocks), the tails included.
		buf := make([]float64, 9)
		for i, k := 0, 0; i < draws; k++ {
			dst := buf[:1+k%len(buf)]
			mine.fillNorm(dst)
			for _, a := range dst {
				if b := std.NormFloat64(); a != b {
					t.Fatalf("seed %v: filled normal %d is %v, want %v", seed, i, a, b)
				}
				i++
			}
		}
		if a, b := mine.Uint64(), std.Uint64(); a != b {
			t.Fatalf("seed %v: after fillNorm the state differs: %#x, want %#x", seed, a, b)
		}
	}
}
