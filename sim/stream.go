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

// streamSeed returns the two PCG seed words of one path's sub-stream:
// hi = splitmix64(seed ⊕ splitmix64(path)), lo = splitmix64(hi ⊕ stream).
// Distinct (seed, path, stream) triples give unrelated PCG states.
func streamSeed(seed, path, stream uint64) (hi, lo uint64) {
	hi = splitmix64(seed ^ splitmix64(path))
	lo = splitmix64(hi ^ stream)
	return hi, lo
}

// pcg is math/rand/v2's PCG generator (a 128-bit LCG with the DXSM output
// function) as a concrete type whose methods the compiler inlines: calling
// rand.PCG through *rand.Rand costs an interface call per number, which was
// a tenth of the engine's time. For the same seed it gives exactly the
// numbers rand.PCG gives, and float64 and norm exactly those of
// (*rand.Rand).Float64 and NormFloat64 (TestPCGMatchesStandardLibrary).
type pcg struct{ hi, lo uint64 }

// Seed sets the state, as (*rand.PCG).Seed does.
func (p *pcg) Seed(hi, lo uint64) { p.hi, p.lo = hi, lo }

// Uint64 advances the state and returns the next number; it makes pcg a
// rand.Source, for the rarely used draws that go through *rand.Rand.
func (p *pcg) Uint64() uint64 {
	const (
		mulHi = 2549297995355413924
		mulLo = 4865540595714422341
		incHi = 6364136223846793005
		incLo = 1442695040888963407
	)
	hi, lo := bits.Mul64(p.lo, mulLo)
	hi += p.hi*mulLo + p.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	p.lo, p.hi = lo, hi
	const cheapMul = 0xda942042e4dd58b5
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> 48
	return hi * (lo | 1)
}

// float64 returns a uniform number in [0, 1) on the grid of 2⁻⁵³.
func (p *pcg) float64() float64 {
	return float64(p.Uint64()<<11>>11) / (1 << 53)
}

// norm returns a standard normal number by Marsaglia and Tsang's ziggurat
// with math/rand/v2's 128-layer tables. The common case (over 99 %) is one
// number, one multiply and one comparison; the rest is normTail.
func (p *pcg) norm() float64 {
	u := p.Uint64()
	j := int32(u)
	i := u >> 32 & 0x7f
	if uint32(max(j, -j)) < zigK[i] { // |j|; -MinInt32 wraps and fails zigK[i]
		return float64(j) * float64(zigW[i])
	}
	return p.normTail(u)
}

// fillNorm fills dst with standard normal numbers, the ones successive
// norm calls would return. norm is too large for the compiler to inline,
// so each call would keep the state in memory; here it stays in registers
// for the whole slice, and the rare tail goes through normTail.
func (p *pcg) fillNorm(dst []float64) {
	const (
		mulHi    = 2549297995355413924
		mulLo    = 4865540595714422341
		incHi    = 6364136223846793005
		incLo    = 1442695040888963407
		cheapMul = 0xda942042e4dd58b5
	)
	sHi, sLo := p.hi, p.lo
	for i := range dst {
		// p.Uint64, with the state in sHi, sLo.
		hi, lo := bits.Mul64(sLo, mulLo)
		hi += sHi*mulLo + sLo*mulHi
		lo, c := bits.Add64(lo, incLo, 0)
		hi, _ = bits.Add64(hi, incHi, c)
		sLo, sHi = lo, hi
		hi ^= hi >> 32
		hi *= cheapMul
		hi ^= hi >> 48
		u := hi * (lo | 1)
		// norm's common case.
		j := int32(u)
		layer := u >> 32 & 0x7f
		if uint32(max(j, -j)) < zigK[layer] {
			dst[i] = float64(j) * float64(zigW[layer])
			continue
		}
		p.hi, p.lo = sHi, sLo
		dst[i] = p.normTail(u)
		sHi, sLo = p.hi, p.lo
	}
	p.hi, p.lo = sHi, sLo
}

// normTail finishes a ziggurat draw whose first number u fell outside its
// layer's rectangle: the base strip's tail, or a wedge's rejection test,
// then new numbers until one is accepted.
func (p *pcg) normTail(u uint64) float64 {
	const rn = 3.442619855899 // where the base strip's tail starts
	for {
		j := int32(u)
		i := u >> 32 & 0x7f
		x := float64(j) * float64(zigW[i])
		if uint32(max(j, -j)) < zigK[i] {
			return x
		}
		if i == 0 {
			for {
				x = -math.Log(p.float64()) * (1.0 / rn)
				y := -math.Log(p.float64())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return rn + x
			}
			return -rn - x
		}
		if zigF[i]+float32(p.float64())*(zigF[i-1]-zigF[i]) < float32(math.Exp(-.5*x*x)) {
			return x
		}
		u = p.Uint64()
	}
}

// pathRand is a worker's pair of generators, reseeded for each path so that
// nothing is allocated per path. shockRand draws through the shock stream
// where a *rand.Rand method is needed (IntN for the bootstrap, chiSquare);
// it shares the stream's state. The padding keeps two workers' generators,
// written at every draw, off each other's cache lines (see padded).
type pathRand struct {
	_             [128]byte
	regime, shock pcg
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
