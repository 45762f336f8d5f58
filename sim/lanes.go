package sim

import (
	"math"

	"github.com/divsim/divsim/portfolio"
)

// Kernels names the arithmetic this machine runs: "AVX2 kernels" (four
// values, or paths, at a time) or "plain Go"; results are the same.
func Kernels() string {
	if haveAVX2 {
		return "AVX2 kernels"
	}
	return "plain Go"
}

// lanes is how many paths run side by side, one per lane of an AVX2
// register.
const lanes = 4

// quad is a worker's memory for running lanes paths side by side. Each
// path's market is drawn as usual and then laid out by lane: the holdings
// loop and the metrics' loops then do four paths' steps with the
// instructions of one, where one path at a time they were bound by
// instructions per step (docs/experiments/lanes). Each lane does the
// one-path loops' operations in their order, so the results are the same
// to the last bit. The kernel also rebalances lanes when each position
// holds a different asset; other layouts rebalance one lane at a time.
type quad struct {
	gross    []float64 // [(t·n + a)·lanes + lane], steps 1..T at t−1
	flow, rf []float64 // [(t−1)·lanes + lane]
	// laneGross, laneFlow and laneRf are each lane's market as drawMarket
	// leaves it in a worker, before interleaving.
	laneGross, laneFlow, laneRf [lanes][]float64
	states                      [lanes][]int
	index                       [lanes][]float64
	growth                      [lanes][]float64 // per lane, like worker.stateGrowth
	traded                      [lanes][]float64 // per lane: value traded per calendar year
	units                       []float64        // [position·lanes + lane]
	positions                   []float64        // one lane's positions, to rebalance
	// ret, excess and value are the lanes' series by lane,
	// [t·lanes + lane]: growLanes writes them, measureLanes and record
	// read them.
	ret, excess, value []float64
	// yearReturn and yearValue are measureLanes's calendar-year returns and
	// sums of step-end values, [y·lanes + lane].
	yearReturn, yearValue []float64
	yearOf                []int       // [t]: the year of step t
	yearIndex             []float64   // the price index at the end of year y, [y·lanes + lane], for the fan
	weights               []float64   // the kernel's band_edge weights, by lane
	targets               [][]float64 // per portfolio, its target weights by lane
	assetBytes            [][]int     // per portfolio: each position's asset's byte offset in a step's returns
	edges                 [][]float64 // per portfolio, bandEdgeVectors for band_edge policies
	kernel                laneKernel
	measure               laneMeasure
}

func newQuad(p *plan) *quad {
	q := &quad{
		gross: padded[float64](p.steps * p.nAssets * lanes),
		flow:  padded[float64](p.steps * lanes), rf: padded[float64](p.steps * lanes),
	}
	maxPos := 0
	for _, pp := range p.portfolios {
		maxPos = max(maxPos, pp.layout.Positions())
	}
	q.ret = padded[float64]((p.steps + 1) * lanes)
	q.excess = padded[float64]((p.steps + 1) * lanes)
	q.value = padded[float64]((p.steps + 1) * lanes)
	q.yearReturn = padded[float64](p.years * lanes)
	q.yearValue = padded[float64](p.years * lanes)
	q.units = padded[float64](maxPos * lanes)
	q.positions = padded[float64](maxPos)
	for l := range lanes {
		q.laneGross[l] = padded[float64]((p.steps + 1) * p.nAssets)
		q.laneFlow[l], q.laneRf[l] = padded[float64](p.steps+1), padded[float64](p.steps+1)
		q.states[l] = padded[int](p.steps + 1)
		q.index[l] = padded[float64](p.steps + 1)
		q.growth[l] = padded[float64](p.nStates * len(p.portfolios))
		for k := range q.growth[l] {
			q.growth[l][k] = 1
		}
		q.traded[l] = padded[float64](p.years)
	}
	maxSleeves := 0
	for _, pp := range p.portfolios {
		offsets := make([]int, len(pp.layout.PosAsset))
		for j, a := range pp.layout.PosAsset {
			offsets[j] = a * lanes * 8
		}
		q.assetBytes = append(q.assetBytes, offsets)
		maxSleeves = max(maxSleeves, len(pp.layout.SleeveTarget))
		var edges []float64
		if pp.policy.To == portfolio.ToBandEdge {
			edges = bandEdgeVectors(&pp.layout, pp.policy)
		}
		q.edges = append(q.edges, edges)
		targets := make([]float64, 0, len(pp.layout.PosTarget)*lanes)
		for _, target := range pp.layout.PosTarget {
			for range lanes {
				targets = append(targets, target)
			}
		}
		q.targets = append(q.targets, targets)
	}
	q.weights = padded[float64](maxPos * lanes)
	q.kernel.sleeves = &padded[float64](maxSleeves * 2 * lanes)[0]
	q.yearIndex = padded[float64]((p.years + 1) * lanes)
	q.yearOf = padded[int](p.steps + 1)
	for t := 1; t <= p.steps; t++ {
		q.yearOf[t] = (t - 1) / p.k
	}
	q.kernel.yearOf = &q.yearOf[0]
	q.measure = laneMeasure{ret: &q.ret[lanes], excess: &q.excess[lanes], value: &q.value[lanes],
		k: p.k, years: p.years, yearReturn: &q.yearReturn[0], yearValue: &q.yearValue[0]}
	return q
}

// simulateQuad runs paths i..i+lanes−1 side by side and writes their
// results into the stores, as lanes calls of simulate would.
func (w *worker) simulateQuad(i int, stores []*store) {
	p := w.p
	q := w.quad
	w.drawQuadMarket(i)
	at, held := i-stores[0].Lo, stores[0].paths()
	if w.fan != nil {
		w.fan.reserve(lanes)
		for y := 1; y <= p.years; y++ {
			for l := range lanes {
				q.yearIndex[y*lanes+l] = q.index[l][y*p.k]
			}
		}
	}
	for b := range w.books {
		rebalances, depleted := w.holdQuad(b)
		measureLanes(&q.measure)
		w.growthByStateLanes(b)
		if w.fan != nil {
			w.fan.addLanes(b, p.sc.Initial, q.value, q.yearIndex, p.k)
		}
		for l := range lanes {
			v := pathView{value: q.value[l:], stride: lanes, index: q.index[l], slot: l, fanned: w.fan != nil}
			ps := q.laneSums(l, q.traded[l], w.yearReturnsFor(b), p.k)
			w.record(b, stores[b], at+l, held, v, ps.metrics(p.k, p.years, v.index[p.steps]),
				rebalances[l], depleted[l])
		}
	}
	for l := range lanes {
		if w.fan != nil {
			w.fan.endPath()
		}
		for k, g := range q.growth[l] {
			if g != 1 {
				w.stateLog[k] += math.Log(g)
				q.growth[l][k] = 1
			}
		}
	}
}

// drawQuadMarket draws the markets of paths i..i+lanes−1 into the quad.
// Each lane's market is drawn into the quad's memory for the lane (the
// worker's own slices are set aside meanwhile), then the returns are
// interleaved by lane four at a time: copying each lane's into place one
// value at a time, as lanes were drawn, took as long as the holdings
// kernel.
func (w *worker) drawQuadMarket(i int) {
	p := w.p
	q := w.quad
	n := p.nAssets
	gross, flow, rf, states, index := w.gross, w.flow, w.rf, w.states, w.index // the worker's own
	for l := range lanes {
		w.rng.seed(p.sc.Simulation.Seed, i+l)
		w.boot.left = 0
		w.gross, w.flow, w.rf, w.states, w.index = q.laneGross[l], q.laneFlow[l], q.laneRf[l], q.states[l], q.index[l]
		w.drawMarket()
	}
	w.gross, w.flow, w.rf, w.states, w.index = gross, flow, rf, states, index
	interleaveLanes(q.gross, &q.laneGross, n, p.steps*n)
	interleaveLanes(q.flow, &q.laneFlow, 1, p.steps)
	interleaveLanes(q.rf, &q.laneRf, 1, p.steps)
}

// interleaveLanes lays src's lanes out by lane from element from on:
// dst[i·lanes + l] = src[l][from + i] for i < n.
func interleaveLanes(dst []float64, src *[lanes][]float64, from, n int) {
	a, b, c, d := src[0][from:from+n], src[1][from:from+n], src[2][from:from+n], src[3][from:from+n]
	i := interleave4(dst[:n*lanes], a, b, c, d)
	for ; i < n; i++ {
		dst[i*lanes], dst[i*lanes+1], dst[i*lanes+2], dst[i*lanes+3] = a[i], b[i], c[i], d[i]
	}
}

// laneSums is what measure's loops leave for lane l, from measureLanes's
// results; it writes the lane's calendar-year returns into years and sums
// its turnover from the years' values traded, in measure's order.
func (q *quad) laneSums(l int, traded, years []float64, k int) pathSums {
	m := &q.measure
	ps := pathSums{growth: m.growth[l], drawdown: m.drawdown[l], sumR: m.sumR[l], sumR2: m.sumR2[l],
		sumX: m.sumX[l], sumX2: m.sumX2[l], downside4: m.downside4[l], shiftX: m.shiftX[l]}
	for y := range years {
		years[y] = q.yearReturn[y*lanes+l]
		if traded[y] != 0 {
			ps.turnover += yearTurnover(traded[y], q.yearValue[y*lanes+l], k)
		}
	}
	return ps
}

// growthByStateLanes is growthByState for the quad's paths at once, from
// their returns by lane: the four products are independent, so the
// processor overlaps them, where one path's waited for each multiply. The
// lanes are written out one by one so that the products stay in
// registers (in arrays indexed by lane they went through memory).
func (w *worker) growthByStateLanes(b int) {
	q := w.quad
	nb := len(w.books)
	steps := w.p.steps
	s0, s1, s2, s3 := q.states[0][:steps+1], q.states[1][:steps+1], q.states[2][:steps+1], q.states[3][:steps+1]
	j0, j1, j2, j3 := s0[1], s1[1], s2[1], s3[1]
	g0, g1, g2, g3 := 1.0, 1.0, 1.0, 1.0
	for t := 1; t <= steps; t++ {
		ret := q.ret[t*lanes : (t+1)*lanes : (t+1)*lanes]
		if s0[t] != j0 || s1[t] != j1 || s2[t] != j2 || s3[t] != j3 {
			if s0[t] != j0 {
				q.growth[0][j0*nb+b] *= g0
				j0, g0 = s0[t], 1
			}
			if s1[t] != j1 {
				q.growth[1][j1*nb+b] *= g1
				j1, g1 = s1[t], 1
			}
			if s2[t] != j2 {
				q.growth[2][j2*nb+b] *= g2
				j2, g2 = s2[t], 1
			}
			if s3[t] != j3 {
				q.growth[3][j3*nb+b] *= g3
				j3, g3 = s3[t], 1
			}
		}
		g0 *= 1 + ret[0]
		g1 *= 1 + ret[1]
		g2 *= 1 + ret[2]
		g3 *= 1 + ret[3]
	}
	q.growth[0][j0*nb+b] *= g0
	q.growth[1][j1*nb+b] *= g1
	q.growth[2][j2*nb+b] *= g2
	q.growth[3][j3*nb+b] *= g3
}

// holdQuad is hold for the quad's paths: the kernel runs the steps of all
// lanes, and rebalances the lanes due and out of band itself when each
// position holds a different asset, until a lane runs out of money (it
// then leaves the kernel's mask) or the path ends; for other layouts it
// also stops at a lane due and out of band, which is rebalanced here.
func (w *worker) holdQuad(b int) (rebalances [lanes]int, depleted [lanes]bool) {
	p := w.p
	pp := &p.portfolios[b]
	q := w.quad
	k := &q.kernel
	np := pp.layout.Positions()
	units := q.units[:np*lanes]
	pos := q.positions[:np]
	pp.layout.Invest(pos, p.sc.Initial)
	sum := portfolio.Value(pos)
	for l := range lanes {
		for j, x := range pos {
			units[j*lanes+l] = x
		}
		k.value[l], k.fos[l], k.alive[l] = p.sc.Initial, pp.fee/sum, math.MaxUint64
		clear(q.traded[l])
	}
	k.fee = [lanes]float64{pp.fee, pp.fee, pp.fee, pp.fee}
	k.units, k.assets, k.nPos = &units[0], &q.assetBytes[b][0], np
	k.rowBytes = p.nAssets * lanes * 8
	k.every = pp.every
	if k.every == 0 {
		k.every = p.steps + 1 // never due
	}
	k.due = k.every
	k.sleeveEnd, k.nSleeves = &pp.layout.SleeveEnd[0], len(pp.layout.SleeveEnd)
	k.target, k.bands = &pp.layout.SleeveTarget[0], nil
	if pp.bands != nil {
		k.bands = &pp.bands[0]
	}
	k.rebalance, k.rebalances = noKernelRebalance, [lanes]int64{}
	if pp.layout.Distinct() {
		switch pp.policy.To {
		case portfolio.ToTarget:
			k.rebalance, k.weights = kernelToTarget, &q.targets[b][0]
		case portfolio.ToBandEdge:
			k.rebalance, k.weights = kernelToBandEdge, &q.weights[0]
			k.edges, k.holding = &q.edges[b][0], &pp.layout.PosHolding[0]
		}
		k.costBps = pp.policy.CostBps
	}
	for l := range lanes {
		k.traded[l] = &q.traded[l][0]
	}
	for first := 1; first <= p.steps; {
		k.gross = &q.gross[(first-1)*p.nAssets*lanes]
		k.flow, k.rf = &q.flow[(first-1)*lanes], &q.rf[(first-1)*lanes]
		k.laneRet, k.laneExcess, k.laneValue = &q.ret[first*lanes], &q.excess[first*lanes], &q.value[first*lanes]
		k.steps, k.first = p.steps-first+1, first
		growLanes(k)
		switch k.stop {
		case pathEnd:
			first = p.steps + 1
		case ranOut: // before step t
			t := first + k.done
			for l := range lanes {
				if k.mask&(1<<l) != 0 {
					depleted[l], k.alive[l] = true, 0
				}
			}
			first = t
		case outOfBand: // after step t
			t := first + k.done - 1
			for l := range lanes {
				if k.mask&(1<<l) != 0 {
					rebalances[l]++
					w.rebalanceLane(b, l, t)
				}
			}
			first = t + 1
		}
	}
	for l, n := range k.rebalances {
		rebalances[l] += int(n)
	}
	return rebalances, depleted
}

// rebalanceLane rebalances lane l's portfolio at the end of step t, as hold
// does for one path: positions are the units times the step's scale; the
// cost comes out of the step's return.
func (w *worker) rebalanceLane(b, l, t int) {
	p := w.p
	pp := &p.portfolios[b]
	q := w.quad
	k := &q.kernel
	np := pp.layout.Positions()
	pos := q.positions[:np]
	for j := range pos {
		pos[j] = q.units[j*lanes+l]
	}
	portfolio.Scale(pos, k.scale[l])
	traded, cost := pp.layout.Rebalance(pos, pp.policy, w.books[b].scratch)
	sum := portfolio.Value(pos)
	for j, x := range pos {
		q.units[j*lanes+l] = x
	}
	q.traded[l][(t-1)/p.k] += traded
	at := t*lanes + l
	if cost != 0 {
		before := p.sc.Initial
		if t > 1 {
			before = q.value[at-lanes]
		}
		q.ret[at], q.excess[at], q.value[at] = charged(q.value[at], before, cost, q.flow[at-lanes], q.rf[at-lanes])
	}
	k.value[l], k.fos[l] = q.value[at], pp.fee/sum
}

// laneKernel is growLanes's argument: the assembly reads and writes it at
// the offsets TestLaneKernelLayout checks.
type laneKernel struct {
	units, gross, flow, rf *float64
	assets                 *int
	nPos, rowBytes, steps  int
	every, due             int // steps between rebalancing dates, and to the next (in and out)
	sleeveEnd              *int
	nSleeves               int
	target, bands          *float64 // bands nil: every date rebalances
	fee, value, fos, scale [lanes]float64
	alive                  [lanes]uint64 // all ones for lanes still holding money
	done                   int           // steps run
	stop                   growStop      // why it stopped
	mask                   int           // which lanes stopped it
	// laneRet, laneExcess and laneValue point at step first of the series
	// by lane, the only copy of the lanes' series.
	laneRet, laneExcess, laneValue *float64
	// rebalance, when not noKernelRebalance, has the kernel rebalance
	// lanes out of band itself instead of stopping, at costBps, when each
	// position holds a different asset: to the target weights (weights,
	// by lane) or to band edges (the kernel writes weights from edges,
	// holding and its scratch sleeves). It adds each rebalance's value
	// traded to the lane's traded for the year yearOf[t] and counts it in
	// rebalances.
	rebalance          kernelRebalance
	weights            *float64 // [position·lanes + lane]
	costBps            float64
	yearOf             *int // [t]: the year of step t, (t−1)/k
	first              int  // the step the kernel starts at
	traded             [lanes]*float64
	rebalances         [lanes]int64
	tradedNow, costNow [lanes]float64 // the kernel's scratch
	edges              *float64       // bandEdgeVectors for the portfolio
	sleeves            *float64       // the kernel's scratch: per sleeve, value and new weight by lane
	holding            *float64       // the positions' weights in their sleeves
}

// kernelRebalance is which rebalances growLanes does itself.
type kernelRebalance int

const (
	noKernelRebalance kernelRebalance = iota // stop for Go's rebalanceLane
	kernelToTarget
	kernelToBandEdge
)

// bandEdgeVectors lays out what growLanes's band_edge rebalance reads for
// each sleeve, as lane vectors: its Edge (Above, Below, High, Low), its
// target, −1 and the sum of the sleeves' targets, summed in order as
// bandEdgeWeights does.
func bandEdgeVectors(l *portfolio.Layout, pol portfolio.Policy) []float64 {
	all := 0.0
	for _, t := range l.SleeveTarget {
		all += t
	}
	var out []float64
	for k, e := range l.Edges(pol, nil) {
		for _, v := range []float64{e.Above, e.Below, e.High, e.Low, l.SleeveTarget[k], -1, all} {
			for range lanes {
				out = append(out, v)
			}
		}
	}
	return out
}

// laneMeasure is measureLanes's argument: the four paths' series by lane
// from step 1, and what measure's loops leave, per lane (offsets checked
// by TestLaneKernelLayout).
type laneMeasure struct {
	ret, excess, value                  *float64
	k, years                            int
	yearReturn, yearValue               *float64 // out: [y·lanes + lane]
	growth, drawdown                    [lanes]float64
	sumR, sumR2, sumX, sumX2, downside4 [lanes]float64
	shiftX                              [lanes]float64
}
