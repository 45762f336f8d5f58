// Package calibrate fits Markov-switching models to monthly returns: K
// hidden regimes, each with its own mean vector and covariance matrix, and
// a first-order Markov chain between them, by maximum likelihood with the
// EM algorithm (the Hamilton filter and Kim smoother in the E step).
package calibrate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Fit is a fitted K-state model on T months of d series. States are in
// canonical order: by volatility (the root mean of the covariance's
// diagonal), calmest first, so fits compare like with like.
type Fit struct {
	K, D, T    int
	LogLik     float64
	Params     int // free parameters
	AIC, BIC   float64
	Initial    []float64     // P(state of month 1)
	Transition [][]float64   // monthly: [from][to]
	Means      [][]float64   // monthly, [state][series]
	Covs       [][][]float64 // monthly, [state][series][series]
	Smoothed   [][]float64   // P(state | all data), [month][state]
	Iterations int
	Converged  bool
}

// Options steer the fit; the zero value gives sensible defaults.
type Options struct {
	Starts  int     // random starts, the best kept (default 10)
	MaxIter int     // EM iterations per start (default 500)
	Tol     float64 // stop when the log-likelihood gains less (default 1e-8)
	Seed    uint64  // for the random starts (default 1)
}

func (o Options) withDefaults() Options {
	if o.Starts <= 0 {
		o.Starts = 10
	}
	if o.MaxIter <= 0 {
		o.MaxIter = 500
	}
	if o.Tol <= 0 {
		o.Tol = 1e-8
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	return o
}

// covFloor is added to each fitted covariance's diagonal, relative to the
// data's variance, so that a state that collapses onto a few months cannot
// drive the likelihood to infinity.
const covFloor = 1e-6

// Estimate fits a K-state model to data ([month][series]) from several
// random starts and returns the fit with the highest likelihood. It stops
// with ctx's error when ctx is done (checked at every EM iteration).
func Estimate(ctx context.Context, data [][]float64, K int, opts Options) (*Fit, error) {
	opts = opts.withDefaults()
	T := len(data)
	if T == 0 {
		return nil, errors.New("no data")
	}
	d := len(data[0])
	if K < 1 {
		return nil, fmt.Errorf("%d states: want at least 1", K)
	}
	if free := freeParams(K, d); T <= free {
		return nil, fmt.Errorf("%d months cannot fit %d parameters of a %d-state model of %d series", T, free, K, d)
	}
	rng := rand.New(rand.NewPCG(opts.Seed, uint64(K)))
	var best *Fit
	for s := range opts.Starts {
		m := randomStart(data, K, rng)
		if s == 0 {
			m = quantileStart(data, K)
		}
		fit, err := m.em(ctx, data, opts)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		if err != nil {
			continue
		}
		if best == nil || fit.LogLik > best.LogLik {
			best = fit
		}
	}
	if best == nil {
		return nil, errors.New("no start converged to a valid model")
	}
	best.canonical()
	best.Smoothed = best.model().smooth(data)
	return best, nil
}

// freeParams counts a model's free parameters: means, covariances,
// transition rows and the initial distribution.
func freeParams(K, d int) int {
	return K*d + K*d*(d+1)/2 + K*(K-1) + (K - 1)
}

// model is one set of parameters.
type model struct {
	K, D  int
	init  []float64
	trans [][]float64
	means [][]float64
	covs  [][][]float64
}

func (f *Fit) model() *model {
	return &model{K: f.K, D: f.D, init: f.Initial, trans: f.Transition, means: f.Means, covs: f.Covs}
}

// quantileStart assigns each state the months whose first series falls in
// its quantile band: a deterministic start that separates calm from
// turbulent months.
func quantileStart(data [][]float64, K int) *model {
	T := len(data)
	order := make([]int, T)
	for i := range order {
		order[i] = i
	}
	mean := columnMeans(data)
	slices.SortFunc(order, func(a, b int) int {
		da, db := math.Abs(data[a][0]-mean[0]), math.Abs(data[b][0]-mean[0])
		switch {
		case da < db:
			return -1
		case da > db:
			return 1
		}
		return a - b
	})
	resp := make([][]float64, T)
	for rank, t := range order {
		resp[t] = make([]float64, K)
		resp[t][min(K-1, rank*K/T)] = 1
	}
	return fromResponsibilities(data, resp, K)
}

// randomStart draws random responsibilities.
func randomStart(data [][]float64, K int, rng *rand.Rand) *model {
	resp := make([][]float64, len(data))
	for t := range resp {
		resp[t] = make([]float64, K)
		sum := 0.0
		for k := range resp[t] {
			resp[t][k] = rng.ExpFloat64()
			sum += resp[t][k]
		}
		for k := range resp[t] {
			resp[t][k] /= sum
		}
	}
	return fromResponsibilities(data, resp, K)
}

// fromResponsibilities makes a model whose states' means and covariances
// are the responsibility-weighted moments and whose chain is sticky.
func fromResponsibilities(data [][]float64, resp [][]float64, K int) *model {
	d := len(data[0])
	m := &model{K: K, D: d, init: make([]float64, K), trans: make([][]float64, K)}
	for k := range K {
		m.init[k] = 1 / float64(K)
		m.trans[k] = make([]float64, K)
		for j := range K {
			m.trans[k][j] = 0.1 / float64(max(1, K-1))
		}
		m.trans[k][k] = 0.9
		if K == 1 {
			m.trans[k][k] = 1
		}
	}
	m.means, m.covs = weightedMoments(data, resp, K)
	return m
}

func columnMeans(data [][]float64) []float64 {
	mean := make([]float64, len(data[0]))
	for _, row := range data {
		for i, v := range row {
			mean[i] += v / float64(len(data))
		}
	}
	return mean
}

// weightedMoments returns each state's responsibility-weighted mean and
// covariance, with the covariance floor added.
func weightedMoments(data [][]float64, resp [][]float64, K int) ([][]float64, [][][]float64) {
	d := len(data[0])
	all := columnMeans(data)
	floor := make([]float64, d)
	for _, row := range data {
		for i, v := range row {
			floor[i] += float64((v - all[i]) * (v - all[i]) / float64(len(data)) * covFloor)
		}
	}
	means := make([][]float64, K)
	covs := make([][][]float64, K)
	for k := range K {
		w := 0.0
		means[k] = make([]float64, d)
		for t, row := range data {
			w += resp[t][k]
			for i, v := range row {
				means[k][i] += float64(resp[t][k] * v)
			}
		}
		w = math.Max(w, 1e-300)
		for i := range means[k] {
			means[k][i] /= w
		}
		covs[k] = make([][]float64, d)
		for i := range d {
			covs[k][i] = make([]float64, d)
		}
		for t, row := range data {
			for i := range d {
				di := row[i] - means[k][i]
				for j := i; j < d; j++ {
					covs[k][i][j] += float64(resp[t][k] * di * (row[j] - means[k][j]))
				}
			}
		}
		for i := range d {
			for j := i; j < d; j++ {
				covs[k][i][j] /= w
				covs[k][j][i] = covs[k][i][j]
			}
			covs[k][i][i] += floor[i]
		}
	}
	return means, covs
}

// densities returns each month's Gaussian density under each state.
func (m *model) densities(data [][]float64) ([][]float64, error) {
	T, d := len(data), m.D
	out := make([][]float64, T)
	for t := range out {
		out[t] = make([]float64, m.K)
	}
	x := make([]float64, d)
	for k := range m.K {
		var chol mat.Cholesky
		flat := make([]float64, 0, d*d)
		for _, row := range m.covs[k] {
			flat = append(flat, row...)
		}
		if !chol.Factorize(mat.NewSymDense(d, flat)) {
			return nil, fmt.Errorf("state %d: covariance not positive definite", k+1)
		}
		logDet := chol.LogDet()
		norm := float64(-0.5 * (float64(float64(d)*math.Log(2*math.Pi)) + logDet)) // rounded: fused into the densities below on arm64
		var sol mat.VecDense
		for t, row := range data {
			for i := range d {
				x[i] = row[i] - m.means[k][i]
			}
			v := mat.NewVecDense(d, x)
			if err := chol.SolveVecTo(&sol, v); err != nil {
				return nil, err
			}
			q := 0.0 // vᵀΣ⁻¹v, summed here so that no machine fuses it
			for i := range d {
				q += float64(x[i] * sol.AtVec(i))
			}
			out[t][k] = math.Exp(norm - float64(0.5*q))
		}
	}
	return out, nil
}

// forwardBackward runs the Hamilton filter (scaled forward pass) and the
// Kim smoother (backward pass). It returns the smoothed state
// probabilities γ, the summed smoothed transition probabilities ξ and the
// log-likelihood.
func (m *model) forwardBackward(data [][]float64) (gamma [][]float64, xi [][]float64, loglik float64, err error) {
	dens, err := m.densities(data)
	if err != nil {
		return nil, nil, 0, err
	}
	T, K := len(data), m.K
	alpha := make([][]float64, T) // filtered: P(s_t | y_1..t)
	pred := make([][]float64, T)  // predicted: P(s_t | y_1..t−1)
	for t := range T {
		alpha[t], pred[t] = make([]float64, K), make([]float64, K)
		if t == 0 {
			copy(pred[t], m.init)
		} else {
			for i := range K {
				for j := range K {
					pred[t][j] += float64(alpha[t-1][i] * m.trans[i][j])
				}
			}
		}
		c := 0.0
		for k := range K {
			alpha[t][k] = pred[t][k] * dens[t][k]
			c += alpha[t][k]
		}
		if !(c > 0) || math.IsInf(c, 0) {
			return nil, nil, 0, fmt.Errorf("month %d has zero likelihood under every state", t+1)
		}
		for k := range K {
			alpha[t][k] /= c
		}
		loglik += math.Log(c)
	}
	gamma = make([][]float64, T)
	gamma[T-1] = slices.Clone(alpha[T-1])
	xi = make([][]float64, K)
	for i := range xi {
		xi[i] = make([]float64, K)
	}
	for t := T - 2; t >= 0; t-- {
		gamma[t] = make([]float64, K)
		for i := range K {
			for j := range K {
				if pred[t+1][j] == 0 {
					continue
				}
				x := alpha[t][i] * m.trans[i][j] * gamma[t+1][j] / pred[t+1][j]
				gamma[t][i] += x
				xi[i][j] += x
			}
		}
	}
	return gamma, xi, loglik, nil
}

func (m *model) smooth(data [][]float64) [][]float64 {
	g, _, _, err := m.forwardBackward(data)
	if err != nil {
		return nil
	}
	return g
}

// em iterates EM from m until the log-likelihood stops improving.
func (m *model) em(ctx context.Context, data [][]float64, opts Options) (*Fit, error) {
	T := len(data)
	prev := math.Inf(-1)
	fit := &Fit{K: m.K, D: m.D, T: T}
	for it := 1; it <= opts.MaxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		gamma, xi, ll, err := m.forwardBackward(data)
		if err != nil {
			return nil, err
		}
		fit.Iterations, fit.LogLik = it, ll
		if ll-prev < opts.Tol*math.Max(1, math.Abs(ll)) && it > 1 {
			fit.Converged = true
			break
		}
		prev = ll
		// M step.
		copy(m.init, gamma[0])
		for i := range m.K {
			row := 0.0
			for j := range m.K {
				row += xi[i][j]
			}
			for j := range m.K {
				if row > 0 {
					m.trans[i][j] = xi[i][j] / row
				}
			}
		}
		m.means, m.covs = weightedMoments(data, gamma, m.K)
	}
	if !fit.Converged { // the last M step moved the parameters: score them
		_, _, ll, err := m.forwardBackward(data)
		if err != nil {
			return nil, err
		}
		fit.LogLik = ll
	}
	fit.Initial, fit.Transition, fit.Means, fit.Covs = m.init, m.trans, m.means, m.covs
	fit.Params = freeParams(m.K, m.D)
	fit.AIC = 2*float64(fit.Params) - 2*fit.LogLik
	fit.BIC = float64(float64(fit.Params)*math.Log(float64(T))) - float64(2*fit.LogLik)
	return fit, nil
}

// Volatility is a state's typical monthly volatility: the root mean of its
// covariance's diagonal.
func (f *Fit) Volatility(k int) float64 {
	s := 0.0
	for i := range f.D {
		s += f.Covs[k][i][i]
	}
	return math.Sqrt(s / float64(f.D))
}

// canonical reorders the states by volatility, calmest first.
func (f *Fit) canonical() {
	order := make([]int, f.K)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		va, vb := f.Volatility(a), f.Volatility(b)
		switch {
		case va < vb:
			return -1
		case va > vb:
			return 1
		}
		return 0
	})
	perm := func(xs []float64) []float64 {
		out := make([]float64, len(xs))
		for i, o := range order {
			out[i] = xs[o]
		}
		return out
	}
	init := perm(f.Initial)
	trans := make([][]float64, f.K)
	means := make([][]float64, f.K)
	covs := make([][][]float64, f.K)
	for i, o := range order {
		trans[i] = perm(f.Transition[o])
		means[i] = f.Means[o]
		covs[i] = f.Covs[o]
	}
	f.Initial, f.Transition, f.Means, f.Covs = init, trans, means, covs
}
