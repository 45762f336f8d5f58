package configs

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/divsim/divsim/internal/digits"
	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
)

// chainEffects is one chain's effects per state, per series: return added
// and volatility scale; series 0..n-1 are assets and n is inflation.
type chainEffects struct {
	ret, scale [][]float64 // [state][series]
	corr       []string    // matrix named by each state, "" for the default
}

func (r *resolver) regimes() {
	reg := &r.sc.Regimes
	reg.Anchor = model.LongRun
	in := r.f.Regimes
	if in == nil {
		return
	}
	if r.historical {
		r.probs.add("regimes", "want none with return_model: historical: each window replays history's months in their own order, its regimes included", "is set")
		return
	}
	switch a := deref(in.Anchor, "long_run"); a {
	case "long_run":
	case "base":
		reg.Anchor = model.Base
	default:
		r.probs.add("regimes.anchor", words.ChoiceWant(a, "want long_run or base", "long_run", "base"), "is %q", a)
	}
	if len(in.Chains) == 0 {
		r.probs.add("regimes.chains", "want a list of at least one chain, or no regimes key", "%s", absent(in.Chains == nil))
	}
	chainNames := map[string]int{}
	for c, ch := range in.Chains {
		key := index("regimes.chains", c)
		if r.checkID(join(key, "name"), ch.Name) {
			if j, dup := chainNames[ch.Name]; dup {
				r.probs.add(join(key, "name"), "want each chain name once", "%q repeats regimes.chains[%d]", ch.Name, j)
			}
			chainNames[ch.Name] = c
		}
		r.chain(key, ch)
	}
	r.jointStateCount(in.Chains)
	r.matrixConflicts()
}

// MaxJointStates is the most joint regime states (the product of the
// chains' state counts) a scenario may have. The engine keeps per-state
// sums for every 64 paths and portfolio, so memory and time grow with the
// product; 4,096 is far beyond any study a person can read (the workbook
// lists every joint state) and keeps those sums small.
const MaxJointStates = 4096

// jointStateCount refuses more than MaxJointStates joint states, from the
// chains as written, before anything is allocated per joint state. The
// product is computed exactly (it can overflow an int: 100 chains of 10
// states) for the message.
func (r *resolver) jointStateCount(chains []Chain) {
	if len(chains) == 0 {
		return
	}
	product := big.NewInt(1)
	counts := make([]string, 0, len(chains))
	same := true
	for _, ch := range chains {
		product.Mul(product, big.NewInt(int64(len(ch.States))))
		counts = append(counts, groupDigits(big.NewInt(int64(len(ch.States)))))
		same = same && len(ch.States) == len(chains[0].States)
	}
	if product.Cmp(big.NewInt(MaxJointStates)) <= 0 {
		return
	}
	of := counts[0]
	if !same {
		of = strings.Join(counts[:len(counts)-1], ", ") + " and " + counts[len(counts)-1]
	}
	r.probs.add("regimes.chains", "want at most "+groupDigits(big.NewInt(MaxJointStates)),
		"%d chains of %s states make %s joint states", len(chains), of, groupDigits(product))
}

// groupDigits writes n with a comma between groups of three digits.
func groupDigits(n *big.Int) string { return digits.Group(n.String()) }

// chain checks one chain and, when it is sound, adds its generator,
// transition matrix and stationary distribution.
func (r *resolver) chain(key string, in Chain) {
	n := len(in.States)
	if n < 2 {
		r.probs.add(join(key, "states"), "want at least two states; a single state's effects belong in the asset assumptions", "has %d", n)
		return
	}
	states, namesOK := r.chainStateNames(key, in)
	ch := r.newChain(key, in)
	eff, tr, statesOK := r.chainStates(key, in, &ch, states)
	startOK := r.chainStart(key, in, &ch, states)
	if !namesOK || !statesOK || !startOK {
		return
	}
	r.addChain(key, ch, eff, tr)
}

// chainStateNames checks the states' names, each once in the chain, and
// returns each name's index.
func (r *resolver) chainStateNames(key string, in Chain) (map[string]int, bool) {
	ok := true
	states := map[string]int{}
	for s, st := range in.States {
		skey := index(join(key, "states"), s)
		if r.checkID(join(skey, "name"), st.Name) {
			if j, dup := states[st.Name]; dup {
				r.probs.add(join(skey, "name"), "want each state name once in a chain", "%q repeats states[%d]", st.Name, j)
				ok = false
			}
			states[st.Name] = s
		} else {
			ok = false
		}
	}
	return states, ok
}

// newChain starts the chain's model with its states' names and history
// labels, checking the labels.
func (r *resolver) newChain(key string, in Chain) model.Chain {
	n := len(in.States)
	ch := model.Chain{Name: in.Name, States: make([]string, n), MeanYears: make([]float64, n), Start: -1, Labels: make([]string, n)}
	for s, st := range in.States {
		ch.States[s] = st.Name
		if st.Label != nil {
			r.stateLabel(join(index(join(key, "states"), s), "label"), *st.Label)
			ch.Labels[s] = *st.Label
		}
	}
	return ch
}

// transitions are a chain's probabilities of going from each state to each
// other when it leaves, [from][to], and the moves they allow, from each
// state to those it can reach in one move.
type transitions struct {
	next  [][]float64
	edges [][]int
}

// chainStates checks each state's effects, mean duration and next states,
// and sets the chain's mean durations.
func (r *resolver) chainStates(key string, in Chain, ch *model.Chain, states map[string]int) (chainEffects, transitions, bool) {
	n := len(in.States)
	ok := true
	var eff chainEffects
	tr := transitions{next: make([][]float64, n), edges: make([][]int, n)}
	for s, st := range in.States {
		skey := index(join(key, "states"), s)
		ret, scale := r.effects(skey, st)
		eff.ret, eff.scale = append(eff.ret, ret), append(eff.scale, scale)
		eff.corr = append(eff.corr, deref(st.Correlations, ""))
		if !r.meanYears(skey, st, &ch.MeanYears[s]) {
			ok = false
		}
		var rowOK bool
		tr.next[s], tr.edges[s], rowOK = r.nextStates(skey, in.Name, st, s, ch.States, states)
		ok = ok && rowOK
	}
	return eff, tr, ok
}

// meanYears checks a state's mean_years and sets *dst from it when it is
// sound.
func (r *resolver) meanYears(skey string, st State, dst *float64) bool {
	if st.MeanYears == nil {
		r.probs.add(join(skey, "mean_years"), "want the state's expected duration in years, e.g. 1.5", "missing")
		return false
	}
	if d := *st.MeanYears; d <= 0 || d > 1000 {
		r.probs.add(join(skey, "mean_years"), "want a duration in years above 0 and at most 1000", "is %v", d)
		return false
	}
	*dst = *st.MeanYears
	return true
}

// nextStates checks state s's next: the states it names, its probabilities
// and their sum. It returns the row of probabilities and the states with a
// positive one.
func (r *resolver) nextStates(skey, chain string, st State, s int, names []string, states map[string]int) ([]float64, []int, bool) {
	row := make([]float64, len(names))
	if len(st.Next) == 0 {
		other := "steady" // the example names another state of this chain
		if i := slices.IndexFunc(names, func(x string) bool { return x != names[s] }); i >= 0 {
			other = names[i]
		}
		r.probs.add(join(skey, "next"), fmt.Sprintf("want where the chain goes when it leaves, e.g. {%s: 1}", other), "missing")
		return row, nil, false
	}
	var edges []int
	sum, ok := 0.0, true
	for _, to := range sortedKeys(st.Next) {
		p, tkey := st.Next[to], join(join(skey, "next"), to)
		j, known := states[to]
		switch {
		case !known && slices.ContainsFunc(names, func(name string) bool { return name != to && strings.ToLower(name) == to }):
			// Keys are read in lower case: next: {Low: 1} names a state
			// "Low", whose name is reported as no identifier.
			ok = false
		case !known:
			offered := stateNames(names)
			r.probs.add(tkey, words.ChoiceWant(to, "want a state of chain "+chain+": "+strings.Join(offered, ", "), offered...), "names no state")
			ok = false
		case j == s:
			r.probs.add(tkey, "want other states only; staying is set by mean_years", "points to the state itself")
			ok = false
		case p < 0 || p > 1:
			r.probs.add(tkey, "want a probability from 0 to 1", "is %v", p)
			ok = false
		default:
			row[j] = p
			if p > 0 {
				edges = append(edges, j)
			}
		}
		sum += p
	}
	if ok && math.Abs(sum-1) > sumTolerance {
		r.probs.add(join(skey, "next"), "want them to sum to 1", "probabilities sum to %v", roundSum(sum))
		ok = false
	}
	return row, edges, ok
}

// chainStart checks the chain's start and sets ch.Start from it; the
// stationary start, written or not, leaves it at -1.
func (r *resolver) chainStart(key string, in Chain, ch *model.Chain, states map[string]int) bool {
	if in.Start == nil || *in.Start == "stationary" {
		return true
	}
	if j, known := states[*in.Start]; known {
		ch.Start = j
		return true
	}
	names := stateNames(ch.States)
	want := "want stationary or a state of chain " + in.Name
	if len(names) > 0 {
		want += ": " + strings.Join(names, ", ")
	}
	r.probs.add(join(key, "start"), words.ChoiceWant(*in.Start, want, append([]string{"stationary"}, names...)...), "names no state: %q", *in.Start)
	return false
}

// stateNames is the chain's state names a message can offer (the start's,
// a next state's), each once and in order: a state written twice, or
// without its name (reported at its own key), is not listed again or as
// an empty name.
func stateNames(states []string) []string {
	var names []string
	for _, name := range states {
		if name != "" && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// addChain adds a chain whose states are sound once it is irreducible: its
// generator, transition matrix per step, stationary distribution and
// effects.
func (r *resolver) addChain(key string, ch model.Chain, eff chainEffects, tr transitions) {
	if from, to, irreducible := model.Unreachable(tr.edges); !irreducible {
		r.probs.add(join(key, "states"), "want every state reachable from every other, so the long-run shares are unique",
			"%s cannot reach %s", ch.States[from], ch.States[to])
		return
	}
	ch.Generator = model.Generator(ch.MeanYears, tr.next)
	ch.Transition = model.TransitionMatrix(ch.Generator, r.sc.Simulation.StepsPerYear)
	pi, err := model.Stationary(ch.Generator)
	if err != nil {
		r.probs.add(join(key, "states"), "want an irreducible chain", "%v", err)
		return
	}
	ch.Stationary = pi
	ch.Effects = modelEffects(eff)
	r.sc.Regimes.Chains = append(r.sc.Regimes.Chains, ch)
	r.chainEffects = append(r.chainEffects, eff)
}

// modelEffects are a chain's effects per state, per series, as the model
// takes them.
func modelEffects(eff chainEffects) [][]model.Effect {
	var effects [][]model.Effect
	for s := range eff.ret {
		row := make([]model.Effect, len(eff.ret[s]))
		for i := range row {
			row[i] = model.Effect{Return: eff.ret[s][i], VolScale: eff.scale[s][i]}
		}
		effects = append(effects, row)
	}
	return effects
}

// roundSum shows a sum without floating-point noise (0.95, not 0.9500000001).
func roundSum(x float64) float64 { return math.Round(x*1e9) / 1e9 }

// effects checks a state's effects and returns the return added and the
// volatility scale per series (assets, then inflation).
func (r *resolver) effects(skey string, st State) (ret, scale []float64) {
	n := len(r.f.Assets)
	ret, scale = make([]float64, n+1), make([]float64, n+1)
	for i := range scale {
		scale[i] = 1
	}
	for _, id := range sortedKeys(st.Effects) {
		e, ekey := st.Effects[id], join(join(skey, "effects"), id)
		i, known := r.assetRef(ekey, id)
		switch {
		case id == "inflation" && r.f.Inflation == nil:
			r.probs.addNeeding("inflation", ekey, "want an inflation section for inflation effects to act on", "affects inflation, which the scenario does not model")
			continue
		case id == "inflation" && r.f.Inflation.History != nil:
			r.probs.add(ekey, "want no inflation effects with inflation.history: inflation comes from the history's months, as drawn", "affects inflation")
			continue
		case id == "inflation":
			i = n
		case !known:
			r.probs.addNeeding("assets", ekey, r.assetWant(id, true), "names no asset")
			continue
		case r.bootstrap:
			r.probs.add(ekey, "want effects only on inflation with return_model: bootstrap: asset returns come from history", "affects an asset")
			continue
		}
		if e.Return == nil && e.VolScale == nil {
			r.probs.add(ekey, "want return, vol_scale or both", "is empty")
		}
		ret[i] = deref(e.Return, 0)
		if math.Abs(ret[i]) > 1 {
			r.probs.add(join(ekey, "return"), "want a yearly fraction from -1 to 1 added to the expected return", "is %v", ret[i])
		}
		scale[i] = deref(e.VolScale, 1)
		if scale[i] <= 0 || scale[i] > 10 {
			r.probs.add(join(ekey, "vol_scale"), "want a factor above 0 and at most 10 that multiplies the volatility", "is %v", scale[i])
		}
	}
	return ret, scale
}

// matrixConflicts checks state correlation references: each must name a
// matrix, and states of different chains may not name different matrices,
// since both states can hold at once.
func (r *resolver) matrixConflicts() {
	type use struct{ key, name string }
	var first *use
	firstChain := -1
	for c, ch := range r.f.Regimes.Chains {
		for s, st := range ch.States {
			if st.Correlations == nil || *st.Correlations == "base" {
				continue
			}
			key := join(index(join(index("regimes.chains", c), "states"), s), "correlations")
			name := *st.Correlations
			if _, known := r.f.Correlations[name]; !known {
				r.probs.addNeeding(join("correlations", name), key, words.ChoiceWant(name, "want the name of a matrix under correlations", sortedKeys(r.f.Correlations)...), "names no matrix: %q", name)
				continue
			}
			switch {
			case first == nil:
				first, firstChain = &use{key, name}, c
			case c != firstChain && name != first.name:
				r.probs.add(key, "want the same matrix as other chains' states, or base",
					"names %s but %s names %s, and both states can hold at once", name, strings.TrimSuffix(first.key, ".correlations"), first.name)
			}
		}
	}
}

// namedByState reports whether a regime state names the correlation
// matrix name, or misspells it (stres for stress: reported there, so the
// matrix is not reported unused too).
func (r *resolver) namedByState(name string) bool {
	if r.f.Regimes == nil {
		return false
	}
	names := sortedKeys(r.f.Correlations)
	for _, ch := range r.f.Regimes.Chains {
		for _, st := range ch.States {
			if st.Correlations == nil {
				continue
			}
			if named := *st.Correlations; named == name || !hasKey(r.f.Correlations, named) && words.Closest(named, names) == name {
				return true
			}
		}
	}
	return false
}

// unusedMatrices reports named matrices no state uses: a stress matrix that
// never applies is almost certainly a forgotten reference.
func (r *resolver) unusedMatrices() {
	for _, name := range sortedKeys(r.f.Correlations) {
		if name != "base" && name != r.misnamedBase && !r.namedByState(name) {
			r.probs.addNeeding("regimes", join("correlations", name), "want a regime state that names it with correlations: "+name+", or remove it", "is not used by any regime state")
		}
	}
}

// jointStates builds the product of the chains' states with their adjusted
// parameters, anchored as the scenario says, and checks that every joint
// state keeps each series' 1+m positive and its volatility sensible. It runs
// only on an otherwise valid file.
func (r *resolver) jointStates() {
	sums, shift := r.jointStateSums()
	if r.sc.Regimes.Anchor == model.Base {
		clear(shift)
	}
	base, vol := r.seriesAssumptions()
	r.sc.Regimes.States = make([]model.JointState, len(sums))
	for j, st := range sums {
		r.sc.Regimes.States[j] = r.jointState(st, base, vol, shift)
	}
}

// summedState is one joint state before the series' assumptions are
// adjusted: its chains' states and the sum of their effects.
type summedState struct {
	name  string
	chain []int
	pi    float64
	corr  int
	ret   []float64 // summed effects per series
	scale []float64
}

// jointStateSums sums the chains' effects in each joint state, enumerated in
// mixed radix, the last chain fastest. shift is each series' long-run
// effect, Σ_s π_s e_s, which anchor long_run removes.
func (r *resolver) jointStateSums() (sums []summedState, shift []float64) {
	chains := r.sc.Regimes.Chains
	total := 1
	for _, ch := range chains {
		total *= len(ch.States)
	}
	series := len(r.sc.Assets) + 1
	idx := make([]int, len(chains))
	sums = make([]summedState, total)
	shift = make([]float64, series)
	for j := range total {
		r.sc.Regimes.ChainStates(j, idx)
		st := r.sumEffects(idx, series)
		for i := range series {
			shift[i] += float64(st.pi * st.ret[i])
		}
		sums[j] = st
	}
	return sums, shift
}

// sumEffects sums the effects of the chains' states idx on each of the
// series, and names the joint state.
func (r *resolver) sumEffects(idx []int, series int) summedState {
	chains, eff := r.sc.Regimes.Chains, r.chainEffects
	st := summedState{chain: slices.Clone(idx), pi: 1, ret: make([]float64, series), scale: make([]float64, series)}
	for i := range st.scale {
		st.scale[i] = 1
	}
	var parts []string
	for c, s := range idx {
		parts = append(parts, chains[c].Name+"="+chains[c].States[s])
		st.pi *= chains[c].Stationary[s]
		for i := range series {
			st.ret[i] += eff[c].ret[s][i]
			st.scale[i] *= eff[c].scale[s][i]
		}
		if name := eff[c].corr[s]; name != "" {
			st.corr = r.corrNames[name]
		}
	}
	st.name = strings.Join(parts, ",")
	if len(chains) == 0 {
		st.name = "base"
	}
	return st
}

// seriesAssumptions are each series' expected return and volatility before
// effects: the assets', then inflation's (zero without inflation).
func (r *resolver) seriesAssumptions() (base, vol []float64) {
	n := len(r.sc.Assets)
	base, vol = make([]float64, n+1), make([]float64, n+1)
	for i, a := range r.sc.Assets {
		base[i], vol[i] = a.ExpectedReturn, a.Volatility
	}
	if inf := r.sc.Inflation; inf != nil {
		base[n], vol[n] = inf.Expected, inf.Volatility
	}
	return base, vol
}

// jointState adjusts each series' assumptions by the joint state's effects
// and checks them, returning the joint state's step parameters.
func (r *resolver) jointState(st summedState, base, vol, shift []float64) model.JointState {
	sc := r.sc
	n := len(sc.Assets)
	js := model.JointState{Name: st.name, Chain: st.chain, Stationary: st.pi, Correlation: st.corr, Assets: make([]model.StepParams, n)}
	for i := range n + 1 {
		if i == n && sc.Inflation == nil {
			break
		}
		if i < n && r.fromHistory() {
			continue // asset returns come from history, not from these parameters
		}
		m := base[i] + st.ret[i] - shift[i]
		s := vol[i] * st.scale[i]
		if !r.adjustedFits(seriesKey(i, n), st.name, m, s) {
			continue
		}
		if i == n {
			// Inflation is always log-normal: it has no fat-tail model.
			js.Inflation = model.NormalStep(m, s, sc.Simulation.StepsPerYear)
		} else {
			js.Assets[i] = r.stepParams(m, s)
		}
	}
	return js
}

// adjustedFits checks a series' expected return m and volatility s in a
// joint state after regime effects.
func (r *resolver) adjustedFits(key, state string, m, s float64) bool {
	if 1+m <= 0 {
		r.probs.add(key, "want effects that keep 1 + expected return positive in every joint state",
			"expected return is %s in state %s after regime effects", fmtFloat(m), state)
		return false
	}
	if s > maxVolatility {
		r.probs.add(key, "want vol_scale effects that keep the volatility at most 2",
			"volatility is %s in state %s after regime effects", fmtFloat(s), state)
		return false
	}
	return true
}

// stepParams are an asset's step parameters under the scenario's return
// model.
func (r *resolver) stepParams(m, s float64) model.StepParams {
	sim := r.sc.Simulation
	if sim.ReturnModel == model.StudentT {
		return model.StudentStep(m, s, sim.StepsPerYear, sim.DegreesOfFreedom)
	}
	return model.NormalStep(m, s, sim.StepsPerYear)
}

// seriesKey is the key of series i of n assets and inflation.
func seriesKey(i, n int) string {
	if i == n {
		return "inflation"
	}
	return index("assets", i)
}

func fmtFloat(x float64) string { return fmt.Sprintf("%.4g", x) }
