package sim

import (
	"math"
	"math/rand/v2"

	"github.com/divsim/divsim/model"
)

// regime draws the joint regime state of step t (1-based) and returns it.
func (w *worker) regime(t int) int {
	j := 0
	for c, cp := range w.p.chains {
		u := w.rng.regime.float64()
		if t == 1 {
			w.chain[c] = draw(cp.start, u)
		} else {
			from := w.chain[c]
			w.chain[c] = draw(cp.cum[from*cp.n:(from+1)*cp.n], u)
		}
		j += w.chain[c] * cp.radix
	}
	return j
}

// shocks fills w.x with the correlated (and, for Student t, scaled and
// clamped) shocks of joint state j.
func (w *worker) shocks(j int) {
	p := w.p
	n := p.nAssets
	w.rng.shock.fillNorm(w.z[:n])
	w.correlate(j, w.z[:n])
	if p.student {
		scale := math.Sqrt((p.nu - 2) / chiSquare(w.rng.shockRand, p.nu))
		for i := range n {
			w.x[i] = math.Max(-model.ShockClamp, math.Min(model.ShockClamp, w.x[i]*scale))
		}
	}
}

// correlate fills w.x with the independent normals z correlated as in
// joint state j.
func (w *worker) correlate(j int, z []float64) {
	p := w.p
	c := p.stateCorr[j]
	if p.identity[c] {
		copy(w.x, z)
		return
	}
	factorVector(w.x, z, p.factorCols[c], p.blockCols[c])
}

// drawMarket draws the path's market into the worker: each step's regime
// state from the regime stream; then, from the shock stream in step order,
// each step's asset returns (correlated shocks, or months of history, which
// may carry inflation) and inflation's shock; then the path's exponentials
// at once, the price index and the assets' products. It leaves gross
// returns before expense ratios in w.gross and their products after them
// in w.cum (see products), the risk-free return (before its expense ratio;
// 0 without a risk-free asset) in w.rf and gross inflation in w.inflation
// (1 without inflation, set once by newWorker). Every portfolio then runs
// on it: a new path, on which no payments are decided yet (w.paid).
func (w *worker) drawMarket() {
	clear(w.paid)
	p := w.p
	n := p.nAssets
	// The states first, their stays after (see stays): beside each draw,
	// the bookkeeping reloaded the worker's slices after every call of
	// regime.
	states := w.states[:p.steps+1]
	for t := 1; t < len(states); t++ {
		states[t] = w.regime(t)
	}
	w.stays(states)
	if p.lognormal() {
		// The path's normals at once, in the order the loop below drew them
		// one step at a time for the other models.
		w.rng.shock.fillNorm(w.normals)
		m := p.normalsPerStep()
		for t := 1; t <= p.steps; t++ {
			z := w.normals[(t-1)*m : t*m]
			w.inflation[t] = w.lognormalStep(w.states[t], z, w.gross[t*n:(t+1)*n])
		}
	} else {
		for t := 1; t <= p.steps; t++ {
			j := w.states[t]
			if p.bootstrap {
				infl := w.historyReturns(j, w.gross[t*n:(t+1)*n])
				if p.inflationRows != nil {
					w.inflation[t] = infl // the same months' inflation
					continue
				}
			} else {
				w.logReturns(j, w.gross[t*n:(t+1)*n])
			}
			if p.inflation {
				w.inflation[t] = w.inflationLog(j) // exponentiated below
			}
		}
	}
	if !p.bootstrap {
		expAll(w.gross[n:])
	}
	if p.inflation && p.inflationRows == nil {
		expAll(w.inflation[1:])
	}
	// The price index and the risk-free return, in loops over locals cut
	// to the path's length (through w, each step would reload the slices,
	// which the stores might have changed).
	steps := p.steps
	index, inflation := w.index[:steps+1], w.inflation[:steps+1]
	index[0] = 1
	for t := 1; t < len(index); t++ {
		index[t] = index[t-1] * inflation[t]
	}
	rf := w.rf[1 : steps+1]
	if a := p.riskFree; a >= 0 {
		gross := w.gross[n+a:]
		for t := range rf {
			rf[t] = gross[t*n] - 1
		}
	} else {
		clear(rf)
	}
	w.products()
}

// stays records the stays in one joint state of a path's states (from
// step 1): each stay's last step, in order, in w.stayEnds, and its steps in
// its state's w.visits. Stays last months to years, so most steps only
// compare two states: the loop keeps nothing else that changes with a
// stay (a stay's state or start there cost the compiler's copies every
// step), and stores the ends by index rather than appending them (a path
// has at most a stay a step), so that no call of append's growth keeps
// its state on the stack. The visits are counted a stay at a time after.
func (w *worker) stays(states []int) {
	ends, n := w.stayEnds[:len(states)-1], 0
	for t := 2; t < len(states); t++ {
		if states[t] != states[t-1] {
			ends[n] = t - 1
			n++
		}
	}
	ends[n] = len(states) - 1
	w.stayEnds = ends[:n+1]
	start := 1
	for _, end := range w.stayEnds {
		w.visits[states[end]] += int64(end + 1 - start)
		start = end + 1
	}
}

// products fills w.cum and w.epochEnd from the path's gross returns in
// w.gross (see productRange): each asset's gross returns after its expense
// ratio, multiplied over the epoch four assets at a time (then one at a
// time), so that the running products stay in registers and four chains of
// multiplications overlap. An epoch runs to the path's end, or to the
// first year's end at which some asset's product leaves the range; the
// next epoch's products, which start again at 1, then overwrite the rest.
func (w *worker) products() {
	p := w.p
	n, k, steps, stride := p.nAssets, p.k, p.steps, p.steps+1
	cum := w.cum
	for epoch := 1; epoch <= steps; {
		a := 0
		for ; a+3 < n; a += 4 { // four assets at a time: a quarter of the loop's work per product
			compound4(cum[a*stride+epoch:], stride, stride-epoch, w.gross[epoch*n+a:], n, (*[4]float64)(p.expense[a:a+4]))
		}
		for ; a < n; a++ {
			compound(cum[a*stride+epoch:a*stride+stride], w.gross[epoch*n+a:], n, p.expense[a])
		}
		last := epoch - 1 + k // epochs start after a year's end
		for last < steps && inRange(cum[last:], stride, n, p.productRange) {
			last += k
		}
		ends := w.epochEnd[epoch : last+1] // cut once: no bounds check a step
		for t := range ends {
			ends[t] = last
		}
		epoch = last + 1
	}
}

// compound sets col[t] to the product of gross[s·n]·e over s ≤ t, each
// factor rounded before it multiplies: an asset's products from its gross
// returns in rows of n.
func compound(col, gross []float64, n int, e float64) {
	c, i := 1.0, 0
	for t := range col {
		c *= gross[i] * e
		col[t] = c
		i += n
	}
}

// compound4 is compound for four assets side by side in gross, into
// four columns stride apart in cum, m steps each. Each asset's returns are
// read from a view of gross that starts at its own, g0 to g3, all of one
// length: the first one's bounds check covers the other three, one check a
// step where the row of four (gross[i : i+4]) took two.
func compound4(cum []float64, stride, m int, gross []float64, n int, e *[4]float64) {
	c0 := cum[:m]
	c1 := cum[stride:][:m]
	c2 := cum[2*stride:][:m]
	c3 := cum[3*stride:][:m]
	g3 := gross[3:]
	g0, g1, g2 := gross[:len(g3)], gross[1:][:len(g3)], gross[2:][:len(g3)]
	p0, p1, p2, p3, i := 1.0, 1.0, 1.0, 1.0, 0
	for t := range c0 {
		p0 *= g0[i] * e[0]
		p1 *= g1[i] * e[1]
		p2 *= g2[i] * e[2]
		p3 *= g3[i] * e[3]
		c0[t], c1[t], c2[t], c3[t] = p0, p1, p2, p3
		i += n
	}
}

// inRange reports whether every one of the n products at cum[a·stride]
// is inside [bound⁻¹, bound] (and none is NaN). The products are read at
// an unsigned index counted up by the stride, over cum cut after the last:
// no multiplication and no bounds check an asset (a·stride took both, and
// in products, where it is inlined, its counter lived on the stack).
func inRange(cum []float64, stride, n int, bound float64) bool {
	lo := 1 / bound
	cum = cum[:(n-1)*stride+1]
	for i := uint(0); i < uint(len(cum)); i += uint(stride) {
		if c := cum[i]; !(c < bound && c > lo) {
			return false
		}
	}
	return true
}

// productRange bounds the assets' products of gross returns in w.cum:
// cum[a·(steps+1) + t] is the product over steps e..t, where e is the
// first step of t's epoch, and epochEnd[t] the epoch's last step. Every
// portfolio's holdings between two rebalances come from them (see grow).
// An epoch is the whole path unless some product leaves [productRange⁻¹,
// productRange] by a year's end: the next year then starts a new epoch,
// so the products never leave the range of float64 however long the
// horizon or wild the scenario. The bound is far inside float64's range
// (1e±308), so that units times products neither overflow nor lose
// precision to subnormals, and far outside what markets do in decades.
const productRange = 1e64

// logReturns draws the correlated shocks of a step in joint state j and
// writes each asset's log gross return into logs; drawMarket takes their
// exponentials for the whole path at once, which lets the processor
// overlap them.
func (w *worker) logReturns(j int, logs []float64) {
	p := w.p
	n := p.nAssets
	w.shocks(j)
	mu, sigma := p.mu[j*n:(j+1)*n], p.sigma[j*n:(j+1)*n]
	for a, x := range w.x[:n] {
		logs[a] = mu[a] + float64(sigma[a]*x)
	}
}

// lognormalStep writes the log gross returns of a lognormal step in joint
// state j into logs from the step's normals z (the assets', then
// inflation's), and returns inflation's log gross return (1 without
// inflation, which drawMarket then leaves alone).
func (w *worker) lognormalStep(j int, z, logs []float64) float64 {
	p := w.p
	n := p.nAssets
	w.correlate(j, z[:n])
	mu, sigma := p.mu[j*n:(j+1)*n], p.sigma[j*n:(j+1)*n]
	for a, x := range w.x[:n] {
		logs[a] = mu[a] + float64(sigma[a]*x)
	}
	if !p.inflation {
		return 1
	}
	return p.infMu[j] + float64(p.infSigma[j]*z[n])
}

// inflationLog draws the log of a step's gross inflation in joint state j
// from the shock stream.
func (w *worker) inflationLog(j int) float64 {
	return w.p.infMu[j] + float64(w.p.infSigma[j]*w.rng.shock.norm())
}

// historyReturns draws a step's months of history in joint state j (the
// next months of the path's window with rolling windows), writes each
// asset's gross return over them into gross and returns gross inflation
// over the same months (1 unless inflation comes from history).
func (w *worker) historyReturns(j int, gross []float64) float64 {
	p := w.p
	for a := range gross {
		gross[a] = 1
	}
	infl := 1.0
	for range p.monthsPerStep {
		m := w.boot.next(w.rng.shockRand, j)
		for a, g := range p.history[m] {
			gross[a] *= g
		}
		if p.inflationRows != nil {
			infl *= p.inflationRows[m]
		}
	}
	return infl
}

// chiSquare draws χ²_ν as 2·Gamma(ν/2) by Marsaglia and Tsang's method
// (shape ν/2 > 2 here, so no boost for shape < 1 is needed).
func chiSquare(r *rand.Rand, nu float64) float64 {
	d := float64(nu/2) - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + float64(c*x)
		if v <= 0 {
			continue
		}
		v = float64(v * v * v) // rounded: 1−v below may not fuse
		u := r.Float64()
		if u < 1-float64(0.0331*x*x*x*x) || math.Log(u) < float64(0.5*x*x)+float64(d*(1-v+math.Log(v))) {
			return 2 * d * v
		}
	}
}
