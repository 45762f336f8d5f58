package sim

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// referenceExp computes e^x in 300 bits: the Taylor series of x/2²⁰,
// squared twenty times.
func referenceExp(x float64) float64 {
	const prec = 300
	y := new(big.Float).SetPrec(prec).SetFloat64(x)
	y.SetMantExp(y, -20)
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := int64(1); n < 30; n++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(n))
		sum.Add(sum, term)
	}
	for range 20 {
		sum.Mul(sum, sum)
	}
	f, _ := sum.Float64()
	return f
}

// ulps is |got − want| in units of want's last place.
func ulps(got, want float64) float64 {
	return math.Abs(got-want) / (math.Nextafter(math.Abs(want), math.Inf(1)) - math.Abs(want))
}

// exp is e^x through expAll.
func exp(x float64) float64 {
	xs := []float64{x}
	expAll(xs)
	return xs[0]
}

// TestExpAccuracy checks expAll against a 300-bit reference at 60,000 random
// points: returns' range (|x| < 2), the whole fast range (|x| < 700) and
// just around the table's steps. No result may be off by more than one
// unit in the last place, and 99.5 % must be correctly rounded.
func TestExpAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	exact, worst := 0, 0.0
	const n = 60000
	for i := range n {
		var x float64
		switch i % 3 {
		case 0:
			x = (2*r.Float64() - 1) * 2
		case 1:
			x = (2*r.Float64() - 1) * 700
		default: // near a multiple of ln 2/128, where r changes sign
			x = float64(r.IntN(2000)-1000)*math.Ln2/expSteps + (2*r.Float64()-1)*1e-12
		}
		want := referenceExp(x)
		got := exp(x)
		u := ulps(got, want)
		if u > 1 {
			t.Fatalf("exp(%v) = %v, want %v: off by %.2f units in the last place", x, got, want, u)
		}
		worst = max(worst, u)
		if got == want {
			exact++
		}
	}
	if exact < n*995/1000 {
		t.Errorf("only %d of %d results correctly rounded", exact, n)
	}
	t.Logf("worst %.3f ulp; %d of %d correctly rounded", worst, exact, n)
}

// TestExpEdges checks the points where expAll must be exact or hands over
// to math.Exp.
func TestExpEdges(t *testing.T) {
	for _, x := range []float64{0, math.Copysign(0, -1), 699.999, -699.999, 700, -700, 710, -746, math.Inf(1), math.Inf(-1)} {
		if got, want := exp(x), math.Exp(x); got != want && ulps(got, want) > 1 {
			t.Errorf("exp(%v) = %v, want %v", x, got, want)
		}
	}
	if exp(0) != 1 {
		t.Errorf("exp(0) = %v, want exactly 1", exp(0))
	}
	if !math.IsNaN(exp(math.NaN())) {
		t.Error("exp(NaN) is not NaN")
	}
}

// TestExpVectorMatchesScalar holds expAll's four-at-a-time path to
// expScalar, and the assembly kernel expVectorAVX2 (where the processor has
// AVX2) to its Go twin expVectorGo, bit for bit: on a million arguments over
// the whole range, and with an argument the vector path must hand over
// (overflow, underflow, NaN, ±Inf, the limit itself) in every position of
// slices of every length up to 13. Without AVX2 the twin alone is checked
// against expScalar.
func TestExpVectorMatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	same := func(xs, got, want []float64, gotBy, wantBy string) {
		t.Helper()
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("exp(%v) = %v by %s, %v by %s (at %d of %d)", xs[i], got[i], gotBy, want[i], wantBy, i, len(xs))
			}
		}
	}
	check := func(xs []float64) {
		t.Helper()
		got, want := slices.Clone(xs), slices.Clone(xs)
		expAll(got)
		expScalar(want)
		same(xs, got, want, "expAll", "expScalar")
		twin := slices.Clone(xs)
		n := expVectorGo(twin, &expConsts)
		if n%4 != 0 || n > len(xs) || (n+4 <= len(xs) && !slices.ContainsFunc(xs[n:n+4], func(x float64) bool { return !(math.Abs(x) < expLimit) })) {
			t.Fatalf("expVectorGo stopped at %d of %v", n, xs)
		}
		same(xs, twin[:n], want[:n], "expVectorGo", "expScalar")
		same(xs, twin[n:], xs[n:], "expVectorGo", "nobody (it was not to be replaced)")
		if haveAVX2 {
			asm := slices.Clone(xs)
			if m := expVectorAVX2(asm, &expConsts); m != n {
				t.Fatalf("expVectorAVX2 took %d of %v, expVectorGo %d", m, xs, n)
			}
			same(xs, asm, twin, "expVectorAVX2", "expVectorGo")
		}
	}
	check(nil)
	xs := make([]float64, 1_000_000)
	for i := range xs {
		switch i % 4 {
		case 0:
			xs[i] = r.NormFloat64() * 0.05 // monthly log returns
		case 1:
			xs[i] = (2*r.Float64() - 1) * expLimit
		case 2:
			xs[i] = float64(r.IntN(2000)-1000)*math.Ln2/expSteps + (2*r.Float64()-1)*1e-12
		default:
			xs[i] = (2*r.Float64() - 1) * 1e-300
		}
	}
	check(xs)
	special := []float64{750, -750, expLimit, -expLimit, math.NaN(), math.Inf(1), math.Inf(-1), math.Nextafter(expLimit, 0)}
	for n := 0; n <= 13; n++ {
		ys := make([]float64, n)
		for i := range ys {
			ys[i] = r.NormFloat64()
		}
		check(ys)
		for at := range n {
			for _, v := range special {
				xs := make([]float64, n)
				for i := range xs {
					xs[i] = r.NormFloat64()
				}
				xs[at] = v
				check(xs)
			}
		}
	}
}

// BenchmarkExp compares expAll with math.Exp on returns-like arguments.
func BenchmarkExp(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 4096)
	for i := range xs {
		xs[i] = r.NormFloat64() * 0.05
	}
	out := make([]float64, len(xs))
	b.Run("divsim", func(b *testing.B) {
		for b.Loop() {
			copy(out, xs)
			expAll(out)
		}
	})
	b.Run("math", func(b *testing.B) {
		for b.Loop() {
			for i, x := range xs {
				out[i] = math.Exp(x)
			}
		}
	})
}

// TestFloat32ExpMatchesMathExp checks float32Exp against float32(math.Exp)
// where the ziggurat uses it (−z²/2 for wedges up to z = 3.44, so
// x ∈ [−6, 0]): at random points, and at points whose exponential lies
// on or next to the midpoint of two float32s, where rounding to float32 is
// decided by the last bits and float32Exp must ask math.Exp. It also checks
// the premise of float32Exp's margin: math.Exp within 4 units in the last
// place of a 300-bit reference on this range.
func TestFloat32ExpMatchesMathExp(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for i := range 20000 {
		x := -6 * r.Float64()
		if i%10 == 0 {
			if u := ulps(math.Exp(x), referenceExp(x)); u > 4 {
				t.Fatalf("math.Exp(%v) is %v units off: float32Exp's margin assumes at most 4", x, u)
			}
		}
		if got, want := float32Exp(x), float32(math.Exp(x)); got != want {
			t.Fatalf("float32Exp(%v) = %v, want %v", x, got, want)
		}
	}
	near := 0
	for range 200000 {
		f := float32(math.Exp(-6 * r.Float64()))
		mid := (float64(f) + float64(math.Nextafter32(f, 1))) / 2 // exact in float64
		x := math.Log(mid)
		for _, y := range []float64{x, math.Nextafter(x, 0), math.Nextafter(x, -1)} {
			e := math.Exp(y)
			if float32(e*(1-0x1p-46)) != float32(e*(1+0x1p-46)) {
				near++
			}
			if got, want := float32Exp(y), float32(math.Exp(y)); got != want {
				t.Fatalf("float32Exp(%v) = %v, want %v", y, got, want)
			}
		}
	}
	if near == 0 {
		t.Error("no argument reached math.Exp: the test misses float32Exp's slow branch")
	}
}
