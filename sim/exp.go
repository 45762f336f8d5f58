package sim

import (
	"math"
	"math/big"
)

// expAll replaces each x of xs by e^x, within one unit in the last place
// (tested against a 300-bit reference) and in about half the time of
// math.Exp. The engine takes one exponential per asset and step, its
// largest single cost; taking a whole path's at once in this loop lets
// the processor overlap independent ones. Outside |x| < 700, where results
// overflow or lose precision, and for NaN it is math.Exp.
//
// The method is Tang's: x = (k + j/128)·ln 2 + r with |r| ≤ ln 2/256, so
// e^x = 2^k · 2^(j/128) · e^r, with 2^(j/128) from a table kept to twice
// double precision (a value and its rounding error) and e^r − 1 from its
// Taylor polynomial of degree 5 (truncation error below 2⁻⁶⁰ of e^r).
func expAll(xs []float64) {
	for len(xs) > 0 {
		xs = xs[expVector(xs, &expConsts):]
		// A block of four with an argument out of range, or the last few.
		m := min(len(xs), 4)
		expScalar(xs[:m])
		xs = xs[m:]
	}
}

// expVector takes e^x of xs four at a time, in place, until fewer than
// four remain or a block of four holds an argument outside |x| < expLimit
// (or NaN); it returns how many it replaced. c is &expConsts. It runs the
// assembly kernel where the processor has AVX2, its Go twin elsewhere.
func expVector(xs []float64, c *[12]float64) int {
	if haveAVX2 {
		return expVectorAVX2(xs, c)
	}
	return expVectorGo(xs, c)
}

// expVectorGo is expVector in Go: expScalar on each block of four whose
// arguments are all in range. expVectorAVX2 does expScalar's operations in
// the same order on four values at once (no fused multiply-adds), so the
// two give the same results bit for bit.
func expVectorGo(xs []float64, c *[12]float64) int {
	limit := c[8]
	n := 0
	for ; n+4 <= len(xs); n += 4 {
		b := xs[n : n+4 : n+4]
		if !(math.Abs(b[0]) < limit && math.Abs(b[1]) < limit && math.Abs(b[2]) < limit && math.Abs(b[3]) < limit) {
			break
		}
		expScalar(b)
	}
	return n
}

// expScalar is expAll one value at a time. expVectorAVX2, where the
// processor has AVX2, takes four at a time with the same operations in the
// same order (no fused multiply-adds), so its results are bit for bit the
// same.
func expScalar(xs []float64) {
	const (
		invStep = expSteps / math.Ln2
		shifter = 0x1.8p52 // adding it rounds to an integer in the low bits
	)
	for i, x := range xs {
		if !(math.Abs(x) < expLimit) {
			xs[i] = math.Exp(x)
			continue
		}
		// float64(a*b) rounds the product before the add, forbidding a fused
		// multiply-add: the same numbers on every machine, and expVectorAVX2's.
		kd := float64(x*invStep) + shifter
		ki := math.Float64bits(kd)
		kd -= shifter
		r := x - float64(kd*expStepHi) - float64(kd*expStepLo)
		q := 1.0/24 + float64(r*(1.0/120)) // e^r − 1 = r + r²(1/2 + r(1/6 + r(1/24 + r/120)))
		q = 1.0/6 + float64(r*q)
		q = 1.0/2 + float64(r*q)
		p := r + float64(r*r*q)
		j := ki % expSteps
		hi, lo := expTable[2*j], expTable[2*j+1]
		scale := math.Float64frombits(uint64(int64(ki)>>expTableBits+1023) << 52) // 2^k, exact
		xs[i] = (hi + (float64(hi*p) + lo)) * scale
	}
}

// float32Exp is float32(math.Exp(x)), mostly without calling math.Exp,
// for the ziggurat's wedge test (about a fifth of the normal sampler's
// time went to math.Exp there). expScalar is within one unit in the last
// place of e^x and math.Exp within a few (both tested), so math.Exp(x)
// lies within 2⁻⁴⁶ of expScalar's result, relatively, with a margin of
// some 30 units; when both ends of that interval round to the same
// float32, so does math.Exp(x). Otherwise (about one time in 2²¹) it asks
// math.Exp.
func float32Exp(x float64) float32 {
	e := [1]float64{x}
	expScalar(e[:])
	if lo, hi := float32(e[0]*(1-0x1p-46)), float32(e[0]*(1+0x1p-46)); lo == hi {
		return lo
	}
	return float32(math.Exp(x))
}

// expLimit bounds the arguments the table method takes: beyond it results
// overflow or become subnormal, which math.Exp handles.
const expLimit = 700

// expConsts are the constants of expScalar in the order expVectorAVX2 loads
// them: the same float64 values, since Go rounds 1.0/6 and the others the
// same way wherever they appear.
var expConsts = [...]float64{
	expSteps / math.Ln2, 0x1.8p52, expStepHi, expStepLo,
	1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2, expLimit,
	math.Float64frombits(1<<63 - 1), // |x| mask
	math.Float64frombits(expSteps - 1), math.Float64frombits(1023),
}

const (
	expTableBits = 7
	expSteps     = 1 << expTableBits
)

// expStepHi + expStepLo is ln 2/128 to about 100 bits; expStepHi has its low
// 22 bits clear, so kd·expStepHi is exact for the |kd| < 2¹⁷ that |x| < 700
// gives.
var expStepHi, expStepLo = splitLn2Step()

// expTable holds 2^(j/128) for j = 0..127 as pairs: the nearest float64
// and the error of that rounding.
var expTable = makeExpTable()

func splitLn2Step() (hi, lo float64) {
	ln2, _, err := big.ParseFloat("0.69314718055994530941723212145817656807550013436025525412068000949339362196969471560586332699641868754200148102057068573368552023575813055703267075163507596193072757082837143519030703862389167347112335",
		10, 300, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	step := ln2.Quo(ln2, big.NewFloat(expSteps))
	f, _ := step.Float64()
	hi = math.Float64frombits(math.Float64bits(f) &^ (1<<22 - 1))
	lo, _ = step.Sub(step, big.NewFloat(hi)).Float64()
	return hi, lo
}

func makeExpTable() (t [2 * expSteps]float64) {
	for j := range expSteps {
		// 2^(j/128) is 2^j under seven square roots, taken in 300 bits.
		v := big.NewFloat(1).SetPrec(300)
		v.SetMantExp(v, j) // (Copying another Float would take its precision.)
		for range expTableBits {
			v.Sqrt(v)
		}
		hi, _ := v.Float64()
		lo, _ := v.Sub(v, big.NewFloat(hi)).Float64()
		t[2*j], t[2*j+1] = hi, lo
	}
	return t
}
