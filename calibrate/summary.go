package calibrate

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"

	"github.com/divsim/divsim/history"
)

// StateNames names a fit's states, calmest first.
func StateNames(K int) []string {
	switch K {
	case 1:
		return []string{"all"}
	case 2:
		return []string{"calm", "turbulent"}
	case 3:
		return []string{"calm", "normal", "turbulent"}
	case 4:
		return []string{"calm", "normal", "choppy", "turbulent"}
	}
	names := make([]string, K)
	for k := range names {
		names[k] = fmt.Sprintf("state_%d", k+1)
	}
	return names
}

// Annual returns state k's annualized figures per series: the mean
// compounded over 12 months, (1+μ)¹² − 1, the volatility σ√12, and the
// correlation matrix.
func (f *Fit) Annual(k int) (mean, vol []float64, corr [][]float64) {
	for i := range f.D {
		m, v := history.Annualized(f.Means[k][i], f.Covs[k][i][i])
		mean, vol = append(mean, m), append(vol, v)
	}
	corr = make([][]float64, f.D)
	for i := range f.D {
		corr[i] = make([]float64, f.D)
		for j := range f.D {
			corr[i][j] = f.Covs[k][i][j] / math.Sqrt(f.Covs[k][i][i]*f.Covs[k][j][j])
		}
	}
	return mean, vol, corr
}

// Stationary returns the long-run share of each state under the fitted
// monthly transition matrix.
func (f *Fit) Stationary() []float64 {
	pi := make([]float64, f.K)
	for k := range pi {
		pi[k] = 1 / float64(f.K)
	}
	next := make([]float64, f.K)
	for range 100_000 {
		clear(next)
		for i, p := range pi {
			for j, q := range f.Transition[i] {
				next[j] += float64(p * q)
			}
		}
		diff := 0.0
		for k := range pi {
			diff = math.Max(diff, math.Abs(next[k]-pi[k]))
		}
		copy(pi, next)
		if diff < 1e-15 {
			break
		}
	}
	return pi
}

// DurationMonths is the expected stay in state k, 1/(1 − P_kk) months.
func (f *Fit) DurationMonths(k int) float64 { return 1 / (1 - f.Transition[k][k]) }

// FarChain is how far (in a monthly transition probability) the
// scenario's chain may be from the fitted matrix before the fragment and
// the command say so: beyond it the fitted states last only a month or
// two, which a chain of mean stays switches differently.
const FarChain = 0.05

// FarChainText says what a distance beyond FarChain means.
const FarChainText = "That is far: some fitted states last only a month or two, and the scenario's chain, which may switch " +
	"more than once a month, follows them loosely; fewer states or a longer window fit a chain it holds closely."

// Chain converts the fitted monthly matrix P into the scenario format's
// continuous-time chain, whose monthly matrix is expm(Q/12) for the
// generator Q of mean_years and next. When P has a generator, Q =
// 12·log(P) (see generator), the chain is that one and reproduces P:
// each state's mean_years is −1/Q_kk and next_kj = Q_kj/(−Q_kk). A
// monthly matrix need not have one (a state left within a month or two
// can give P a negative eigenvalue); the chain then takes each state's
// mean stay in months, mean_years = (1/12)/(1 − P_kk), and where it goes
// when it leaves, next_kj = P_kj/(1 − P_kk), which switches more slowly
// than P does. Either way it also returns how far expm(Q/12) of the chain
// is from the fitted matrix (largest entry).
func (f *Fit) Chain() (meanYears []float64, next [][]float64, distance float64) {
	K := f.K
	q := mat.NewDense(K, K, nil)
	if g, ok := generator(f.Transition); ok {
		for k := range K {
			leave := -g.At(k, k)
			meanYears = append(meanYears, 1/leave)
			row := make([]float64, K)
			for j := range K {
				if j != k {
					row[j] = g.At(k, j) / leave
				}
			}
			next = append(next, row)
		}
		q.Scale(1, g)
	} else {
		meanYears, next = f.stayChain(q)
	}
	q.Scale(1.0/12, q)
	var p mat.Dense
	p.Exp(q)
	for i := range K {
		for j := range K {
			distance = math.Max(distance, math.Abs(p.At(i, j)-f.Transition[i][j]))
		}
	}
	return meanYears, next, distance
}

// generator returns Q = 12·log(P) for a monthly transition matrix P when
// that is a generator, so that expm(Q/12) = P: P diagonalizable with real,
// positive eigenvalues (log(P) = V·diag(log λ)·V⁻¹), and every off-diagonal
// entry of Q at least 0 (up to rounding, then 0) with each row summing to
// 0. It reports false otherwise.
func generator(P [][]float64) (*mat.Dense, bool) {
	K := len(P)
	p := mat.NewDense(K, K, nil)
	for i, row := range P {
		for j, x := range row {
			p.Set(i, j, x)
		}
	}
	var eig mat.Eigen
	if !eig.Factorize(p, mat.EigenRight) {
		return nil, false
	}
	var vc mat.CDense
	eig.VectorsTo(&vc)
	v, vr := mat.NewDense(K, K, nil), mat.NewDense(K, K, nil) // V·diag(log λ), and V
	logs := make([]float64, K)
	for j, l := range eig.Values(nil) {
		if math.Abs(imag(l)) > 1e-12 || real(l) <= 0 {
			return nil, false
		}
		logs[j] = math.Log(real(l))
		for i := range K {
			c := vc.At(i, j)
			if math.Abs(imag(c)) > 1e-9 {
				return nil, false
			}
			vr.Set(i, j, real(c))
			v.Set(i, j, real(c)*logs[j])
		}
	}
	var vinv mat.Dense
	if err := vinv.Inverse(vr); err != nil {
		return nil, false
	}
	var q mat.Dense
	q.Mul(v, &vinv)
	q.Scale(12, &q)
	for i := range K {
		leave := 0.0
		for j := range K {
			if j == i {
				continue
			}
			x := q.At(i, j)
			if x < -1e-9 {
				return nil, false
			}
			x = max(x, 0)
			q.Set(i, j, x)
			leave += x
		}
		if !(leave > 0) {
			return nil, false // a state never left: no mean stay
		}
		q.Set(i, i, -leave)
	}
	return &q, true
}

// stayChain is Chain's fallback: each state's mean stay in months and
// where it goes when it leaves, with their generator in q.
func (f *Fit) stayChain(q *mat.Dense) (meanYears []float64, next [][]float64) {
	K := f.K
	for k := range K {
		leave := 1 - f.Transition[k][k]
		meanYears = append(meanYears, 1/(12*leave))
		row := make([]float64, K)
		for j := range K {
			if j != k && leave > 0 {
				row[j] = f.Transition[k][j] / leave
				q.Set(k, j, row[j]/meanYears[k])
			}
		}
		q.Set(k, k, -1/meanYears[k])
		next = append(next, row)
	}
	return meanYears, next
}

var identRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// AssetID turns a column name into a scenario identifier.
func AssetID(column string) string {
	id := strings.ToLower(column)
	if identRE.MatchString(id) {
		return id
	}
	var b strings.Builder
	for _, r := range id {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	id = b.String()
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		id = "a_" + id
	}
	return id
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

// comment writes text as YAML comment lines of at most width characters
// (a longer word has a line of its own).
func comment(text string, width int) string {
	var b strings.Builder
	line := "#"
	for _, w := range strings.Fields(text) {
		if utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width && line != "#" {
			b.WriteString(line + "\n")
			line = "#"
		}
		line += " " + w
	}
	b.WriteString(line + "\n")
	return b.String()
}

// Fragment writes a scenario fragment (YAML) for the fit: the assets with
// their long-run mean and volatility under the fitted regimes, a
// correlation matrix per state (the calmest as base), and, with two or more
// states, a regime chain with mean_years, next, effects and anchor: long_run.
// It returns the fragment and the chain's distance from the fitted matrix.
func (f *Fit) Fragment(columns []string, source string) (string, float64) {
	names := StateNames(f.K)
	pi := f.Stationary()
	ids := make([]string, f.D)
	for i, c := range columns {
		ids[i] = AssetID(c)
	}
	baseMean, baseVol := make([]float64, f.D), make([]float64, f.D)
	for k := range f.K {
		m, v, _ := f.Annual(k)
		for i := range f.D {
			baseMean[i] += float64(pi[k] * m[i])
			baseVol[i] += float64(pi[k] * v[i])
		}
	}
	var b strings.Builder
	meanYears, next, distance := f.Chain()
	head := fmt.Sprintf("Regimes fitted by divsim calibrate: %d-state Markov-switching model of %s, %s, %d months, log-likelihood %.2f. "+
		"Paste into a scenario and add simulation, cashflows and portfolios. Assets hold the long-run mean under the fitted "+
		"regimes and the states' volatility averaged over their long-run shares (not the long-run volatility, which the "+
		"states' different means raise); effects move both per state.", f.K, strings.Join(columns, ", "), source, f.T, f.LogLik)
	if f.K > 1 && distance < 1e-9 {
		head += " The chain's monthly switching, expm(Q/12), is the fitted monthly matrix."
	} else if f.K > 1 {
		head += fmt.Sprintf(" expm(Q/12) of this chain differs from the fitted monthly matrix by at most %.4f.", distance)
		if distance > FarChain {
			head += " " + FarChainText
		}
	}
	b.WriteString(comment(head, 78))
	b.WriteString("assets:\n")
	for i, id := range ids {
		fmt.Fprintf(&b, "  - {id: %s, name: %q, expected_return: %s, volatility: %s}\n", id, columns[i], num(baseMean[i]), num(baseVol[i]))
	}
	b.WriteString("correlations:\n")
	for k := range f.K {
		_, _, corr := f.Annual(k)
		name := names[k]
		if k == 0 {
			name = "base"
		}
		rows := make([]string, f.D)
		for i, row := range corr {
			cells := make([]string, f.D)
			for j, c := range row {
				if i == j {
					c = 1
				}
				cells[j] = num(c)
			}
			rows[i] = "[" + strings.Join(cells, ", ") + "]"
		}
		fmt.Fprintf(&b, "  %s: [%s]\n", name, strings.Join(rows, ", "))
	}
	if f.K < 2 {
		return b.String(), 0
	}
	b.WriteString("regimes:\n  anchor: long_run\n  chains:\n    - name: fitted\n      states:\n")
	for k := range f.K {
		m, v, _ := f.Annual(k)
		fmt.Fprintf(&b, "        - name: %s\n          mean_years: %s\n", names[k], num(meanYears[k]))
		// Rounded to 6 places, the last destination taking the rest, so
		// the row sums to 1 as the format requires.
		var nx []string
		var dest []int
		for j, p := range next[k] {
			if j != k && p > 0 {
				dest = append(dest, j)
			}
		}
		rest := 1.0
		for n, j := range dest {
			p, _ := strconv.ParseFloat(strconv.FormatFloat(next[k][j], 'f', 6, 64), 64)
			if n == len(dest)-1 {
				p = rest
			}
			rest -= p
			nx = append(nx, fmt.Sprintf("%s: %s", names[j], strconv.FormatFloat(p, 'f', -1, 64)))
		}
		fmt.Fprintf(&b, "          next: {%s}\n", strings.Join(nx, ", "))
		var eff []string
		for i, id := range ids {
			eff = append(eff, fmt.Sprintf("%s: {return: %s, vol_scale: %s}", id, num(m[i]-baseMean[i]), num(v[i]/baseVol[i])))
		}
		fmt.Fprintf(&b, "          effects: {%s}\n", strings.Join(eff, ", "))
		if k > 0 {
			fmt.Fprintf(&b, "          correlations: %s\n", names[k])
		}
	}
	return b.String(), distance
}
