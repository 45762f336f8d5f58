package configs

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
)

func (r *resolver) assetList() {
	r.assets = map[string]int{}
	if len(r.f.Assets) == 0 {
		r.probs.add("assets", "want a list of at least one asset with id, expected_return and volatility", "%s", absent(r.f.Assets == nil))
		return
	}
	r.sc.RiskFree = -1
	names := map[string]int{}
	for i, in := range r.f.Assets {
		key := index("assets", i)
		a := model.Asset{ID: in.ID, Name: cmp.Or(in.Name, in.ID), RiskFree: in.RiskFree}
		j, dup := r.assets[in.ID]
		switch {
		case !r.checkID(join(key, "id"), in.ID):
		case in.ID == "inflation":
			r.probs.add(join(key, "id"), "want another id; inflation names the price index in effects", "is reserved")
		case dup:
			r.probs.add(join(key, "id"), "want each id once", "%q repeats assets[%d]", in.ID, j)
		}
		// Even a broken id is registered (as written and lowercased, as the
		// reader lowercases map keys), so references to it do not report
		// the same mistake again.
		for _, id := range []string{in.ID, strings.ToLower(in.ID)} {
			if _, seen := r.assets[id]; !seen && id != "" {
				r.assets[id] = i
			}
		}
		if j, dup := names[a.Name]; dup && in.Name != "" {
			r.probs.add(join(key, "name"), "want each name once", "%q repeats assets[%d]", a.Name, j)
		} else {
			names[a.Name] = i
		}
		r.historyColumn(key, in)
		if in.History != nil {
			a.History = *in.History
		}
		switch {
		case r.fromHistory(): // returns come from history; checked above
		case in.ExpectedReturn == nil:
			r.probs.add(join(key, "expected_return"), "want the arithmetic annual return, e.g. 0.07 for 7%", "missing")
		case *in.ExpectedReturn <= -1 || *in.ExpectedReturn > 1:
			r.probs.add(join(key, "expected_return"), "want a yearly fraction above -1 and at most 1, e.g. 0.07 for 7%", "is %v", *in.ExpectedReturn)
		default:
			a.ExpectedReturn = *in.ExpectedReturn
		}
		switch {
		case r.fromHistory():
		case in.Volatility == nil:
			r.probs.add(join(key, "volatility"), "want the annual standard deviation, e.g. 0.16 for 16%", "missing")
		case *in.Volatility < 0 || *in.Volatility > maxVolatility:
			r.probs.add(join(key, "volatility"), "want a yearly fraction from 0 to 2, e.g. 0.16 for 16%", "is %v", *in.Volatility)
		default:
			a.Volatility = *in.Volatility
		}
		if a.ExpenseRatio = deref(in.ExpenseRatio, 0); a.ExpenseRatio < 0 || a.ExpenseRatio > maxYearlyCharge {
			r.probs.add(join(key, "expense_ratio"), "want a yearly fraction from 0 to 0.1, e.g. 0.0003 for 0.03%"+percentHint(a.ExpenseRatio), "is %v", a.ExpenseRatio)
		}
		if in.RiskFree {
			if r.sc.RiskFree >= 0 {
				r.probs.add(join(key, "risk_free"), "want at most one risk-free asset", "is also set on assets[%d]", r.sc.RiskFree)
			} else {
				r.sc.RiskFree = i
			}
		}
		r.sc.Assets = append(r.sc.Assets, a)
	}
	r.heldAssets = make([]bool, len(r.f.Assets))
}

// correlations checks every named matrix and factors the valid ones.
func (r *resolver) correlations() {
	n := len(r.f.Assets)
	r.corrNames = map[string]int{}
	in := r.f.Correlations
	if n == 0 {
		return // the missing assets are reported; matrices cannot be checked against them
	}
	if r.fromHistory() {
		// Whole months are drawn: the history's own correlations apply.
		if len(in) > 0 {
			r.probs.add("correlations", fmt.Sprintf("want none with return_model: %s: each month's returns are drawn together, so the history's correlations apply", r.sc.Simulation.ReturnModel), "is set")
		}
		identity := make([][]float64, n)
		for i := range identity {
			identity[i] = make([]float64, n)
			identity[i][i] = 1
		}
		in = map[string][][]float64{"base": identity}
	}
	if _, ok := in["base"]; !ok {
		if n > 1 && len(in) == 1 && !r.namedByState(sortedKeys(in)[0]) {
			// One matrix under another name, which no regime state names:
			// surely the base matrix, misnamed. One message, not two.
			name := sortedKeys(in)[0]
			r.misnamedBase = name
			r.probs.add(join("correlations", name), "want it named base: correlations: {base: …} is the matrix every step uses "+
				"unless a regime state names another", "is the only matrix and is not named base")
			return
		}
		if n > 1 {
			r.probs.add("correlations.base", fmt.Sprintf("want a %d×%d matrix, rows and columns in asset order", n, n), "missing")
			return
		}
		// One asset: its only correlation is with itself.
		in = map[string][][]float64{"base": {{1}}}
		for k, v := range r.f.Correlations {
			in[k] = v
		}
	}
	// base first, then the others by name, so indices are stable.
	names := make([]string, 0, len(in))
	for name := range in {
		if name != "base" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	names = append([]string{"base"}, names...)
	for _, name := range names {
		key := join("correlations", name)
		if !r.checkID(key, name) {
			continue
		}
		c, ok := r.matrix(key, in[name], n)
		if !ok {
			continue
		}
		r.corrNames[name] = len(r.sc.Correlations)
		c.Name = name
		r.sc.Correlations = append(r.sc.Correlations, c)
	}
}

// matrix checks one correlation matrix: square n×n, entries in [-1, 1], unit
// diagonal, symmetric and positive semidefinite.
func (r *resolver) matrix(key string, rows [][]float64, n int) (model.Correlation, bool) {
	want := fmt.Sprintf("want %d rows of %d, in asset order", n, n)
	if len(rows) != n {
		r.probs.add(key, want, "has %d rows", len(rows))
		return model.Correlation{}, false
	}
	shapeOK := true
	for i, row := range rows {
		if len(row) != n {
			r.probs.add(index(key, i), fmt.Sprintf("want %d, one per asset", n), "has %d entries", len(row))
			shapeOK = false
		}
	}
	if !shapeOK {
		return model.Correlation{}, false
	}
	ok := true
	m := mat.NewSymDense(n, nil)
	for i := range n {
		for j := range n {
			v := rows[i][j]
			cell := fmt.Sprintf("%s[%d][%d]", key, i, j)
			switch {
			case i == j && math.Abs(v-1) > 1e-9:
				r.probs.add(cell, "want 1 on the diagonal", "is %v", v)
				ok = false
			case (v < -1 || v > 1) && (j >= i || math.Abs(v-rows[j][i]) > 1e-9): // a lower cell too when its mirror differs: 85 typed on one side only is out of range, not asymmetric
				r.probs.add(cell, "want a correlation from -1 to 1"+weightPercentHint(v), "is %v", v)
				ok = false
			case j < i && math.Abs(v-rows[j][i]) > 1e-9 && math.Abs(rows[j][i]) <= 1: // a mirror out of range is reported as such
				r.probs.add(cell, fmt.Sprintf("want the same as [%d][%d]: the matrix must be symmetric", j, i), "is %v but [%d][%d] is %v", v, j, i, rows[j][i])
				ok = false
			}
			if j >= i {
				m.SetSym(i, j, v)
			}
		}
	}
	if !ok {
		return model.Correlation{}, false
	}
	vals, vecs, converged := model.Eigen(m)
	if !converged {
		r.probs.add(key, "want a matrix whose eigen decomposition converges", "could not be decomposed")
		return model.Correlation{}, false
	}
	if vals[0] < -model.PSDTolerance {
		r.probs.add(key, "want a positive semidefinite matrix; the correlations among "+r.contradicting(vecs)+" contradict each other "+
			"(two assets each closely tied to a third cannot be far apart themselves)",
			"is not positive semidefinite: smallest eigenvalue %.3g", vals[0])
		return model.Correlation{}, false
	}
	return model.Correlation{Matrix: m, Factor: model.Factor(m, vals, vecs), MinEigenvalue: vals[0]}, true
}

// contradicting names the assets whose correlations contradict each other
// most in a matrix that is not positive semidefinite: those that weigh a
// third of the most or more in the eigenvector of its smallest eigenvalue
// (vectors' first column), the combination of assets the matrix would
// give a negative variance, and two at least. "Smallest eigenvalue −0.83"
// alone named none.
func (r *resolver) contradicting(vectors *mat.Dense) string {
	v := mat.Col(nil, 0, vectors)
	most := 0.0
	for _, x := range v {
		most = max(most, math.Abs(x))
	}
	// A third of the most, and the two that weigh most at least: one
	// asset alone contradicts nothing.
	weights := make([]float64, len(v))
	for i, x := range v {
		weights[i] = math.Abs(x)
	}
	slices.Sort(weights)
	second := weights[max(0, len(weights)-2)]
	var ids []string
	for i, x := range v {
		if a := math.Abs(x); (a >= most/3 || a >= second*(1-1e-6)) && i < len(r.f.Assets) { // ties with the second, to the decomposition's rounding
			ids = append(ids, r.f.Assets[i].ID)
		}
	}
	return words.And(ids)
}

func (r *resolver) inflation() {
	in := r.f.Inflation
	if in == nil {
		return
	}
	if in.History != nil {
		r.historyInflation(in)
		return
	}
	if r.historical {
		r.probs.add("inflation", "want {history: COLUMN} or no inflation section with return_model: historical: windows replay history's own inflation",
			"is the log-normal series of expected and volatility")
		return
	}
	infl := &model.Inflation{}
	if in.Expected == nil {
		r.probs.add("inflation.expected", "want the expected yearly inflation, e.g. 0.025, or history: COLUMN under return_model: bootstrap", "missing")
	} else if infl.Expected = *in.Expected; infl.Expected <= -1 || infl.Expected > 1 {
		r.probs.add("inflation.expected", "want a yearly fraction above -1 and at most 1, e.g. 0.025", "is %v", infl.Expected)
	}
	if infl.Volatility = deref(in.Volatility, 0); infl.Volatility < 0 || infl.Volatility > maxVolatility {
		r.probs.add("inflation.volatility", "want a yearly fraction from 0 to 2, e.g. 0.012", "is %v", infl.Volatility)
	}
	r.sc.Inflation = infl
}

// historyInflation checks inflation: {history: COLUMN}, drawn from the
// same months as the assets, and fills the scenario's monthly inflation
// and, for the reports, the mean and standard deviation of the column's
// calendar-year rates in the window.
func (r *resolver) historyInflation(in *Inflation) {
	const key = "inflation.history"
	if !r.fromHistory() {
		r.probs.add(key, "want it only with return_model: bootstrap or historical, which draw whole months of history", "is set but return_model is %s", r.sc.Simulation.ReturnModel)
		return
	}
	const fromHistory = "want none with inflation.history: inflation comes from the history column, month by month with the assets"
	if in.Expected != nil {
		r.probs.add("inflation.expected", fromHistory, "is set")
	}
	if in.Volatility != nil {
		r.probs.add("inflation.volatility", fromHistory, "is set")
	}
	col := *in.History
	if !r.knownColumn(key, col) || !r.plausibleReturns("inflation", col, r.window) {
		return
	}
	t := r.table
	years := calendarYears(t, r.window, []string{col})
	infl := &model.Inflation{History: col}
	for _, y := range years {
		infl.Expected += y[0] / float64(len(years))
	}
	if len(years) > 1 {
		ss := 0.0
		for _, y := range years {
			ss += float64((y[0] - infl.Expected) * (y[0] - infl.Expected))
		}
		infl.Volatility = math.Sqrt(ss / float64(len(years)-1))
	}
	r.sc.Inflation = infl
	if h := r.sc.History; h != nil {
		h.Inflation = slices.Clone(t.Numeric[col][r.window[0] : r.window[1]+1])
	}
}

// assetRef looks up the asset that key names by its id and counts the
// reference (see misspeltAssetIDs).
func (r *resolver) assetRef(key, id string) (int, bool) {
	if r.named == nil {
		r.named = map[string][]string{}
	}
	r.named[id] = append(r.named[id], key)
	i, known := r.assets[id]
	return i, known
}

// misspeltAssetIDs finds an asset id named by fewer keys than an unknown
// id close to it, which two or more keys name (us_smal declared, us_small
// held and stressed): one spelling is wrong, the declaration's or the
// keys'. It reports the declaration once, saying both ways to mend it, in
// place of a "names no asset" at every key, which would advise changing
// all of them to the declaration's spelling. A declaration already
// reported (no valid identifier, a repeat), or close to two unknown ids,
// is left to the keys' own messages.
func (r *resolver) misspeltAssetIDs() {
	ids := make([]string, 0, len(r.f.Assets))
	for i, a := range r.f.Assets {
		if identifier.MatchString(a.ID) && a.ID != "inflation" && r.assets[a.ID] == i {
			ids = append(ids, a.ID)
		}
	}
	meant := map[string][]string{} // a declared id → the unknown ids closest to it
	for _, unknown := range sortedKeys(r.named) {
		if _, known := r.assets[unknown]; known || unknown == "inflation" {
			continue
		}
		if guess := words.Closest(unknown, ids); guess != "" {
			meant[guess] = append(meant[guess], unknown)
		}
	}
	for _, id := range sortedKeys(meant) {
		// Two or more keys spelling it alike make the declaration as
		// likely a typo as they are; one key could be either, and is
		// reported where it names no asset.
		refs, named := r.named[meant[id][0]], len(r.named[id])
		if len(meant[id]) > 1 || len(refs) < 2 || named >= len(refs) {
			continue
		}
		unknown := meant[id][0]
		which := "which no key names"
		switch {
		case named == 1:
			which = "which 1 key names"
		case named > 1:
			which = fmt.Sprintf("which %d keys name", named)
		}
		r.probs.add(join(index("assets", r.assets[id]), "id"),
			fmt.Sprintf("%d keys name %s: rename the id to %s, or those keys to %s", len(refs), unknown, unknown, id),
			"is %s, %s", id, which)
		r.probs.list = slices.DeleteFunc(r.probs.list, namesNoAssetAt(refs))
	}
	r.repeatedAssetID()
}

// repeatedAssetID handles an id declared twice while keys name an id that
// no asset declares: with one of each, the repeat was most likely meant to
// be that id (a copied line not renamed), which its problem then says,
// and the keys naming it are not reported one by one.
func (r *resolver) repeatedAssetID() {
	var repeats []int
	for i, a := range r.f.Assets {
		if j, ok := r.assets[a.ID]; ok && j != i && a.ID != "" {
			repeats = append(repeats, i)
		}
	}
	var unknown []string
	for _, id := range sortedKeys(r.named) {
		_, known := r.assets[id]
		reported := slices.ContainsFunc(r.probs.list, namesNoAssetAt(r.named[id])) // not already told as a misspelt declaration
		if !known && id != "inflation" && reported {
			unknown = append(unknown, id)
		}
	}
	if len(repeats) != 1 || len(unknown) != 1 {
		return
	}
	key, refs := join(index("assets", repeats[0]), "id"), r.named[unknown[0]]
	for i, p := range r.probs.list {
		if p.Key == key && strings.Contains(p.What, " repeats assets[") {
			keys := "1 key"
			if len(refs) > 1 {
				keys = fmt.Sprintf("%d keys", len(refs))
			}
			r.probs.list[i].Want = fmt.Sprintf("want each id once; %s, which no asset declares, is named by %s: this asset's id?", unknown[0], keys)
		}
	}
	r.probs.list = slices.DeleteFunc(r.probs.list, namesNoAssetAt(refs))
}

// invalidAssetIDs handles an asset id that is no identifier ("US Small")
// while keys name the identifier it most likely meant (us_small): its own
// problem says how many keys name that, and those keys, which would name
// the asset once its id is mended, are not reported one by one (six
// messages none of which suggested us_small).
func (r *resolver) invalidAssetIDs() {
	for i, a := range r.f.Assets {
		ident := identifierFor(a.ID)
		if a.ID == "" || identifier.MatchString(a.ID) || ident == "" {
			continue
		}
		refs := r.named[ident]
		if _, known := r.assets[ident]; known || len(refs) == 0 {
			continue
		}
		key := join(index("assets", i), "id")
		for k, p := range r.probs.list {
			if p.Key == key && strings.HasSuffix(p.What, "is not a valid identifier") {
				which := "which 1 key names"
				if len(refs) > 1 {
					which = fmt.Sprintf("which %d keys name", len(refs))
				}
				r.probs.list[k].Want = fmt.Sprintf("did you mean %s, %s? %s", ident, which, identWant)
			}
		}
		r.probs.list = slices.DeleteFunc(r.probs.list, namesNoAssetAt(refs))
	}
}

// namesNoAssetAt matches the "names no asset" problems of the keys refs.
func namesNoAssetAt(refs []string) func(Problem) bool {
	return func(p Problem) bool { return p.What == "names no asset" && slices.Contains(refs, p.Key) }
}

// assetWant is what a key that names no asset (id) should name: the
// file's asset the name most likely meant, or the file's asset ids (and
// also, where an effect may name the price index, inflation).
func (r *resolver) assetWant(id string, orInflation bool) string {
	ids := make([]string, 0, len(r.f.Assets)+1)
	for _, a := range r.f.Assets {
		if identifier.MatchString(a.ID) && !slices.Contains(ids, a.ID) { // an id that is no identifier is reported, not offered
			ids = append(ids, a.ID)
		}
	}
	if orInflation {
		ids = append(ids, "inflation")
	}
	if guess := words.Closest(id, ids); guess != "" {
		return "did you mean " + guess + "?"
	}
	want := "want an asset id from assets"
	if orInflation {
		want, ids = "want inflation or an asset id from assets", ids[:len(ids)-1]
	}
	if len(ids) == 0 { // each asset's missing or broken id is reported at its own key
		return want + "; none has a valid id"
	}
	return want + ": " + strings.Join(ids, ", ")
}
