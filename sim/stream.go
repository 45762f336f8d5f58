package sim

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// Sub-streams of a path.
const (
	regimeStream = 1
	shockStream  = 2
)

// splitmix64 is SplitMix64's finalizer: a bijection that scatters nearby
// inputs (seed, seed+1, ...) across the whole 64-bit range.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// streamSeed returns the state of one path's sub-stream: four successive
// outputs of SplitMix64 started at splitmix64(splitmix64(seed ⊕
// splitmix64(path)) ⊕ stream), as xoshiro's authors advise for seeding.
// Distinct (seed, path, stream) triples give unrelated states, and the
// state is never all zero (splitmix64 is a bijection, so at most one of
// the four outputs is zero).
func streamSeed(seed, path, stream uint64) [4]uint64 {
	const golden = 0x9e3779b97f4a7c15
	base := splitmix64(splitmix64(seed^splitmix64(path)) ^ stream)
	var s [4]uint64
	for k := range s {
		s[k] = splitmix64(base + uint64(k)*golden)
	}
	return s
}

// xoshiro is Blackman and Vigna's xoshiro256++ generator (2019; public
// domain; Julia's and Rust's SmallRng's default): 256 bits of state,
// period 2²⁵⁶ − 1, and no statistical test it is known to fail. Its state
// update is shifts, rotations and exclusive ors, a dependency chain of a
// few cycles, where PCG's 128-bit multiplication took about six; the
// engine draws over 4,000 numbers a path, and drawing normals took half as
// long with it (TestXoshiroReference checks it against the reference
// implementation's outputs). Its methods are small enough for the
// compiler to inline, except norm.
type xoshiro struct{ s0, s1, s2, s3 uint64 }

// Seed sets the state.
func (x *xoshiro) Seed(s [4]uint64) { x.s0, x.s1, x.s2, x.s3 = s[0], s[1], s[2], s[3] }

// Uint64 advances the state and returns the next number; it makes xoshiro
// a rand.Source, for the rarely used draws that go through *rand.Rand.
func (x *xoshiro) Uint64() uint64 {
	var u uint64
	u, x.s0, x.s1, x.s2, x.s3 = xoshiroNext(x.s0, x.s1, x.s2, x.s3)
	return u
}

// xoshiroNext is xoshiro256++'s step on a state held in four variables: it
// returns the output and the next state.
func xoshiroNext(s0, s1, s2, s3 uint64) (u, n0, n1, n2, n3 uint64) {
	u = bits.RotateLeft64(s0+s3, 23) + s0
	t := s1 << 17
	s2 ^= s0
	s3 ^= s1
	s1 ^= s2
	s0 ^= s3
	s2 ^= t
	s3 = bits.RotateLeft64(s3, 45)
	return u, s0, s1, s2, s3
}

// float64 returns a uniform number in [0, 1) on the grid of 2⁻⁵³, as
// (*rand.Rand).Float64 makes it from the same source.
func (x *xoshiro) float64() float64 {
	return float64(x.Uint64()<<11>>11) / (1 << 53)
}

// norm returns a standard normal number by Marsaglia and Tsang's ziggurat
// with math/rand/v2's 128-layer tables: the number (*rand.Rand).NormFloat64
// returns over the same source. The common case (over 99 %) is one
// number, one multiply and one comparison; the rest is normTail.
func (x *xoshiro) norm() float64 {
	u := x.Uint64()
	if z, ok := zigRect(u); ok {
		return z
	}
	return x.normTail(u)
}

// zigRect is the ziggurat's common case: the number u places in its
// layer, and whether it falls inside the layer's rectangle, where it is
// accepted at once.
func zigRect(u uint64) (float64, bool) {
	j := int32(u)
	i := u >> 32 & 0x7f
	return float64(j) * float64(zigW[i]), uint32(max(j, -j)) < zigK[i] // |j|; -MinInt32 wraps and fails zigK[i]
}

// fillNorm fills dst with standard normal numbers, the ones successive
// norm calls would return. norm is too large for the compiler to inline,
// so each call would keep the state in memory; here it stays in registers
// for the whole slice, and the rare tail goes through normTail.
func (x *xoshiro) fillNorm(dst []float64) {
	s0, s1, s2, s3 := x.s0, x.s1, x.s2, x.s3
	for i := range dst {
		var u uint64
		u, s0, s1, s2, s3 = xoshiroNext(s0, s1, s2, s3)
		if z, ok := zigRect(u); ok {
			dst[i] = z
			continue
		}
		x.s0, x.s1, x.s2, x.s3 = s0, s1, s2, s3
		dst[i] = x.normTail(u)
		s0, s1, s2, s3 = x.s0, x.s1, x.s2, x.s3
	}
	x.s0, x.s1, x.s2, x.s3 = s0, s1, s2, s3
}

// normTail finishes a ziggurat draw whose first number u fell outside its
// layer's rectangle: the base strip's tail, or a wedge's rejection test,
// then new numbers until one is accepted.
func (x *xoshiro) normTail(u uint64) float64 {
	const rn = 3.442619855899 // where the base strip's tail starts
	for {
		z, ok := zigRect(u)
		if ok {
			return z
		}
		j, i := int32(u), u>>32&0x7f
		if i == 0 {
			for {
				z = float64(-math.Log(x.float64()) * (1.0 / rn))
				y := -math.Log(x.float64())
				if y+y >= z*z {
					break
				}
			}
			if j > 0 {
				return rn + z
			}
			return -rn - z
		}
		if zigF[i]+float32(float32(x.float64())*(zigF[i-1]-zigF[i])) < float32Exp(-.5*z*z) { // float32(math.Exp(−z²/2))
			return z
		}
		u = x.Uint64()
	}
}

// pathRand is a worker's pair of generators, reseeded for each path so that
// nothing is allocated per path. shockRand draws through the shock stream
// where a *rand.Rand method is needed (IntN for the bootstrap, chiSquare);
// it shares the stream's state. The padding keeps two workers' generators,
// written at every draw, off each other's cache lines (see padded).
type pathRand struct {
	_             [128]byte
	regime, shock xoshiro
	shockRand     *rand.Rand
	_             [128]byte
}

func newPathRand() *pathRand {
	pr := &pathRand{}
	pr.shockRand = rand.New(&pr.shock)
	return pr
}

// seed points both generators at path i's streams.
func (pr *pathRand) seed(seed uint64, path int) {
	pr.regime.Seed(streamSeed(seed, uint64(path), regimeStream))
	pr.shock.Seed(streamSeed(seed, uint64(path), shockStream))
}
