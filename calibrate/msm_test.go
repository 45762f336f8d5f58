package calibrate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// simulate draws T months from a K-state Gaussian Markov-switching model
// with independent series (diagonal covariances sd²), starting from state 0.
func simulate(T int, trans [][]float64, means, sds [][]float64, seed uint64) (data [][]float64, states []int) {
	r := rand.New(rand.NewPCG(seed, 7))
	s := 0
	for range T {
		u, next := r.Float64(), 0
		for j, p := range trans[s] {
			if u -= p; u < 0 {
				next = j
				break
			}
			next = j
		}
		s = next
		row := make([]float64, len(means[s]))
		for i := range row {
			row[i] = means[s][i] + sds[s][i]*r.NormFloat64()
		}
		data, states = append(data, row), append(states, s)
	}
	return data, states
}

// TestRecoversKnownParameters: on 4,000 months simulated from known 2- and
// 3-state models (two series each), the fit recovers every mean within 4
// standard errors (σ/√(T·share)), every volatility within 4 standard errors
// (σ/√(2·T·share)), and every staying probability within 4 standard errors
// (√(p(1−p)/(T·share))); states come out calmest first.
func TestRecoversKnownParameters(t *testing.T) {
	for _, tc := range []struct {
		name  string
		trans [][]float64
		means [][]float64
		sds   [][]float64
	}{
		{"2 states",
			[][]float64{{0.97, 0.03}, {0.10, 0.90}},
			[][]float64{{0.010, 0.004}, {-0.015, 0.006}},
			[][]float64{{0.035, 0.015}, {0.080, 0.030}}},
		{"3 states",
			[][]float64{{0.96, 0.03, 0.01}, {0.04, 0.92, 0.04}, {0.02, 0.08, 0.90}},
			[][]float64{{0.012, 0.003}, {0.004, 0.005}, {-0.02, 0.008}},
			[][]float64{{0.025, 0.010}, {0.050, 0.020}, {0.110, 0.040}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const T = 4000
			data, states := simulate(T, tc.trans, tc.means, tc.sds, 42)
			K := len(tc.trans)
			fit, err := Estimate(context.Background(), data, K, Options{Starts: 6})
			if err != nil {
				t.Fatal(err)
			}
			share := make([]float64, K)
			for _, s := range states {
				share[s] += 1.0 / T
			}
			for k := range K {
				n := T * share[k]
				for i := range 2 {
					sd := tc.sds[k][i]
					if se := sd / math.Sqrt(n); math.Abs(fit.Means[k][i]-tc.means[k][i]) > 4*se {
						t.Errorf("state %d series %d: mean %.5f, true %.5f (4 SE %.5f)", k, i, fit.Means[k][i], tc.means[k][i], 4*se)
					}
					got := math.Sqrt(fit.Covs[k][i][i])
					if se := sd / math.Sqrt(2*n); math.Abs(got-sd) > 4*se {
						t.Errorf("state %d series %d: volatility %.5f, true %.5f (4 SE %.5f)", k, i, got, sd, 4*se)
					}
				}
				p := tc.trans[k][k]
				if se := math.Sqrt(p * (1 - p) / n); math.Abs(fit.Transition[k][k]-p) > 4*se {
					t.Errorf("state %d: staying probability %.4f, true %.4f (4 SE %.4f)", k, fit.Transition[k][k], p, 4*se)
				}
			}
			for k := 1; k < K; k++ {
				if fit.Volatility(k) < fit.Volatility(k-1) {
					t.Errorf("states not in order of volatility")
				}
			}
		})
	}
}

// hamilton is a textbook univariate two-state-or-more Hamilton filter, Kim
// smoother and EM step, written from Hamilton (1994, ch. 22) independently
// of the package's code: filtered ξ_{t|t} ∝ η_t ⊙ ξ_{t|t−1},
// ξ_{t+1|t} = Pᵀ ξ_{t|t}, smoothed ξ_{t|T} = ξ_{t|t} ⊙ P (ξ_{t+1|T} ⊘
// ξ_{t+1|t}), and the updates p_ij = Σ_t P(s_t=i, s_{t+1}=j) / Σ_t ξ_{t|T}(i)
// (t < T), μ and σ² as ξ_{t|T}-weighted moments, ρ = ξ_{1|T}.
type hamilton struct {
	rho    []float64
	p      [][]float64 // p[i][j] = P(s_{t+1}=j | s_t=i)
	mu, sd []float64
}

func (h *hamilton) step(y []float64) (loglik float64) {
	K, T := len(h.mu), len(y)
	filt := make([][]float64, T)
	prior := make([][]float64, T)
	for t := range T {
		prior[t] = make([]float64, K)
		if t == 0 {
			copy(prior[t], h.rho)
		} else {
			for j := range K {
				for i := range K {
					prior[t][j] += h.p[i][j] * filt[t-1][i]
				}
			}
		}
		filt[t] = make([]float64, K)
		f := 0.0
		for j := range K {
			eta := math.Exp(-(y[t]-h.mu[j])*(y[t]-h.mu[j])/(2*h.sd[j]*h.sd[j])) / (h.sd[j] * math.Sqrt(2*math.Pi))
			filt[t][j] = eta * prior[t][j]
			f += filt[t][j]
		}
		for j := range K {
			filt[t][j] /= f
		}
		loglik += math.Log(f)
	}
	sm := make([][]float64, T)
	sm[T-1] = filt[T-1]
	joint := make([][]float64, K)
	for i := range joint {
		joint[i] = make([]float64, K)
	}
	for t := T - 2; t >= 0; t-- {
		sm[t] = make([]float64, K)
		for i := range K {
			for j := range K {
				pij := filt[t][i] * h.p[i][j] * sm[t+1][j] / prior[t+1][j]
				sm[t][i] += pij
				joint[i][j] += pij
			}
		}
	}
	for i := range K {
		den := 0.0
		for t := 0; t < T-1; t++ {
			den += sm[t][i]
		}
		for j := range K {
			h.p[i][j] = joint[i][j] / den
		}
		w, m, v := 0.0, 0.0, 0.0
		for t := range T {
			w += sm[t][i]
			m += sm[t][i] * y[t]
		}
		m /= w
		for t := range T {
			v += sm[t][i] * (y[t] - m) * (y[t] - m)
		}
		h.mu[i], h.sd[i] = m, math.Sqrt(v/w)
		h.rho[i] = sm[0][i]
	}
	return loglik
}

// TestMatchesTextbookHamiltonFilter: from the same start, the package's EM
// and the textbook implementation above give the same log-likelihood and
// the same parameters, iteration after iteration, on a univariate series.
// (The package adds a covariance floor of 1e-6 of the data's variance, which
// the textbook version reproduces here.)
func TestMatchesTextbookHamiltonFilter(t *testing.T) {
	data, _ := simulate(600, [][]float64{{0.95, 0.05}, {0.15, 0.85}},
		[][]float64{{0.01}, {-0.02}}, [][]float64{{0.03}, {0.09}}, 5)
	y := make([]float64, len(data))
	for i, row := range data {
		y[i] = row[0]
	}
	m := quantileStart(data, 2)
	h := &hamilton{rho: append([]float64(nil), m.init...), p: [][]float64{append([]float64(nil), m.trans[0]...), append([]float64(nil), m.trans[1]...)},
		mu: []float64{m.means[0][0], m.means[1][0]}, sd: []float64{math.Sqrt(m.covs[0][0][0]), math.Sqrt(m.covs[1][0][0])}}
	mean, vr := 0.0, 0.0
	for _, v := range y {
		mean += v / float64(len(y))
	}
	for _, v := range y {
		vr += (v - mean) * (v - mean) / float64(len(y))
	}
	for it := range 30 {
		gamma, xi, ll, err := m.forwardBackward(data)
		if err != nil {
			t.Fatal(err)
		}
		want := h.step(y)
		if math.Abs(ll-want) > 1e-9*math.Abs(want) {
			t.Fatalf("iteration %d: log-likelihood %.12f, textbook %.12f", it, ll, want)
		}
		// The package's M step (as em does it).
		copy(m.init, gamma[0])
		for i := range 2 {
			row := xi[i][0] + xi[i][1]
			for j := range 2 {
				m.trans[i][j] = xi[i][j] / row
			}
		}
		m.means, m.covs = weightedMoments(data, gamma, 2)
		for k := range 2 {
			h.sd[k] = math.Sqrt(h.sd[k]*h.sd[k] + vr*covFloor)
			if math.Abs(m.means[k][0]-h.mu[k]) > 1e-10 || math.Abs(math.Sqrt(m.covs[k][0][0])-h.sd[k]) > 1e-10 ||
				math.Abs(m.trans[k][k]-h.p[k][k]) > 1e-10 || math.Abs(m.init[k]-h.rho[k]) > 1e-10 {
				t.Fatalf("iteration %d, state %d: mean %v/%v sd %v/%v stay %v/%v", it, k,
					m.means[k][0], h.mu[k], math.Sqrt(m.covs[k][0][0]), h.sd[k], m.trans[k][k], h.p[k][k])
			}
		}
	}
}
