package lanes

import (
	"math"
	"math/rand/v2"
	"testing"
)

const steps, n = 360, 8

var assets = []int{0, 2, 3, 4, 5, 7}

type data struct {
	gross      [4][]float64 // per path [t*n+a]
	flows, rf  [4][]float64
	lg, lf, lr []float64 // lanes
}

func mk() *data {
	r := rand.New(rand.NewPCG(1, 2))
	d := &data{}
	for l := range 4 {
		d.gross[l] = make([]float64, steps*n)
		d.flows[l] = make([]float64, steps)
		d.rf[l] = make([]float64, steps)
		for i := range d.gross[l] {
			d.gross[l][i] = math.Exp(0.005 + 0.04*r.NormFloat64())
		}
		for t := range steps {
			d.flows[l][t] = 2000
			d.rf[l][t] = 0.003
		}
	}
	d.lg = make([]float64, steps*n*4)
	d.lf = make([]float64, steps*4)
	d.lr = make([]float64, steps*4)
	for l := range 4 {
		for t := range steps {
			for a := range n {
				d.lg[(t*n+a)*4+l] = d.gross[l][t*n+a]
			}
			d.lf[t*4+l] = d.flows[l][t]
			d.lr[t*4+l] = d.rf[l][t]
		}
	}
	return d
}

func TestSame(t *testing.T) {
	d := mk()
	out := make([]float64, steps*12)
	units := make([]float64, len(assets)*4)
	for i := range units {
		units[i] = 1e6 / 6
	}
	fee := [4]float64{0.9993, 0.9993, 0.9993, 0.9993}
	value := [4]float64{1e6, 1e6, 1e6, 1e6}
	fos := [4]float64{0.9993 / 1e6, 0.9993 / 1e6, 0.9993 / 1e6, 0.9993 / 1e6}
	growLanes(units, d.lg, d.lf, d.lr, out, assets, n, &fee, &value, &fos)
	for l := range 4 {
		u := make([]float64, len(assets))
		for i := range u {
			u[i] = 1e6 / 6
		}
		ret, ex, val := make([]float64, steps), make([]float64, steps), make([]float64, steps)
		growScalar(u, d.gross[l], d.flows[l], d.rf[l], ret, ex, val, assets, n, 0.9993, 1e6, 1e6)
		for ti := range steps {
			if ret[ti] != out[ti*12+l] || ex[ti] != out[ti*12+4+l] || val[ti] != out[ti*12+8+l] {
				t.Fatalf("lane %d step %d: %v %v %v vs %v %v %v", l, ti, ret[ti], ex[ti], val[ti], out[ti*12+l], out[ti*12+4+l], out[ti*12+8+l])
			}
		}
	}
}

func BenchmarkScalar4(b *testing.B) {
	d := mk()
	u := make([]float64, len(assets))
	ret, ex, val := make([]float64, steps), make([]float64, steps), make([]float64, steps)
	for b.Loop() {
		for l := range 4 {
			for i := range u {
				u[i] = 1e6 / 6
			}
			growScalar(u, d.gross[l], d.flows[l], d.rf[l], ret, ex, val, assets, n, 0.9993, 1e6, 1e6)
		}
	}
}

func BenchmarkLanes4(b *testing.B) {
	d := mk()
	out := make([]float64, steps*12)
	units := make([]float64, len(assets)*4)
	for b.Loop() {
		for i := range units {
			units[i] = 1e6 / 6
		}
		fee := [4]float64{0.9993, 0.9993, 0.9993, 0.9993}
		value := [4]float64{1e6, 1e6, 1e6, 1e6}
		fos := [4]float64{0.9993 / 1e6, 0.9993 / 1e6, 0.9993 / 1e6, 0.9993 / 1e6}
		growLanes(units, d.lg, d.lf, d.lr, out, assets, n, &fee, &value, &fos)
	}
}

func TestSameAsm(t *testing.T) {
	d := mk()
	for l := range 4 {
		u := make([]float64, len(assets))
		u2 := make([]float64, len(assets))
		for i := range u {
			u[i] = 1e6 / 6
			u2[i] = 1e6 / 6
		}
		ret, ex, val := make([]float64, steps), make([]float64, steps), make([]float64, steps)
		ret2, ex2, val2 := make([]float64, steps), make([]float64, steps), make([]float64, steps)
		growScalar(u, d.gross[l], d.flows[l], d.rf[l], ret, ex, val, assets, n, 0.9993, 1e6, 1e6)
		v, f := 1e6, 0.9993/1e6
		growAsm(u2, d.gross[l], d.flows[l], d.rf[l], ret2, ex2, val2, assets, n, 0.9993, &v, &f)
		for ti := range steps {
			if ret[ti] != ret2[ti] || ex[ti] != ex2[ti] || val[ti] != val2[ti] {
				t.Fatalf("lane %d step %d", l, ti)
			}
		}
	}
}

func BenchmarkAsm4(b *testing.B) {
	d := mk()
	u := make([]float64, len(assets))
	ret, ex, val := make([]float64, steps), make([]float64, steps), make([]float64, steps)
	for b.Loop() {
		for l := range 4 {
			for i := range u {
				u[i] = 1e6 / 6
			}
			v, f := 1e6, 0.9993/1e6
			growAsm(u, d.gross[l], d.flows[l], d.rf[l], ret, ex, val, assets, n, 0.9993, &v, &f)
		}
	}
}
