package sim

import "math/rand/v2"

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

// pathRand is a worker's pair of generators, reseeded for each path so that
// nothing is allocated per path.
type pathRand struct {
	regimeSrc, shockSrc rand.PCG
	regime, shock       *rand.Rand
}

func newPathRand() *pathRand {
	pr := &pathRand{}
	pr.regime = rand.New(&pr.regimeSrc)
	pr.shock = rand.New(&pr.shockSrc)
	return pr
}

// seed points both generators at path i's streams.
func (pr *pathRand) seed(seed uint64, path int) {
	pr.regimeSrc.Seed(streamSeed(seed, uint64(path), regimeStream))
	pr.shockSrc.Seed(streamSeed(seed, uint64(path), shockStream))
}
