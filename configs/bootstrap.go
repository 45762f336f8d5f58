package configs

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
)

// DefaultBlockMonths is the bootstrap's block length when the file gives
// none: a year keeps each year's run of months together.
const DefaultBlockMonths = 12

// historySettings loads the history (the shipped table unless
// Options.History gives one) and checks history_window, the months a
// bootstrap draws from or rolling windows replay.
func (r *resolver) historySettings() {
	in := r.f.Simulation
	t := r.historyTable()
	r.window = [2]int{0, t.Months - 1}
	if w := in.HistoryWindow; w != nil {
		for i, s := range []*string{w.From, w.To} {
			key := join("simulation.history_window", []string{"from", "to"}[i])
			if s == nil {
				continue
			}
			m, err := history.ParseMonth(*s)
			switch {
			case err != nil:
				r.probs.add(key, "want a month as \"YYYY-MM\" (quoted in TOML)", "%v", strings.TrimSuffix(err.Error(), " (want YYYY-MM)"))
			case t.Index(m) < 0:
				r.probs.add(key, fmt.Sprintf("want a month from %s to %s, the history's range", t.First, t.Month(t.Months-1)), "is %s", m)
			default:
				r.window[i] = t.Index(m)
			}
		}
	}
	if n := r.window[1] - r.window[0] + 1; n < 24 {
		r.probs.add("simulation.history_window", "want at least two full calendar years of history, from before to after", "holds %d months", max(n, 0))
	}
}

// blockSettings checks block_months and block_type against the window.
func (r *resolver) blockSettings() {
	in := r.f.Simulation
	sim := &r.sc.Simulation
	monthsPerStep := 12 / sim.StepsPerYear
	sim.BlockMonths = deref(in.BlockMonths, max(DefaultBlockMonths, monthsPerStep))
	switch bt := deref(in.BlockType, "fixed"); bt {
	case "fixed":
	case "stationary":
		sim.StationaryBlocks = true
	default:
		r.probs.add("simulation.block_type", words.ChoiceWant(bt, "want fixed (every block block_months long) or stationary (lengths random, block_months on average)", "fixed", "stationary"), "is %q", bt)
	}
	switch b := sim.BlockMonths; {
	case b < 1 || b > 600:
		r.probs.add("simulation.block_months", "want whole months from 1 to 600", "is %d", b)
	case b%monthsPerStep != 0 && !sim.StationaryBlocks:
		r.probs.add("simulation.block_months", fmt.Sprintf("want a multiple of %d: each of the %d steps a year compounds %d months", monthsPerStep, sim.StepsPerYear, monthsPerStep),
			"is %d", b)
	}
	if w := in.HistoryWindow; w != nil && w.Wrap != nil {
		r.probs.add("simulation.history_window.wrap", "want it only with return_model: historical; bootstrap blocks always wrap from the window's last month to its first", "is set")
	}
	if n := r.window[1] - r.window[0] + 1; n >= 24 && n < sim.BlockMonths {
		r.probs.add("simulation.block_months", "want at most the window's length", "is %d, longer than the %d months of history", sim.BlockMonths, n)
	}
}

// windows sets up return_model historical's rolling windows: one path per
// start month whose horizon fits in the window, or per month of the window
// with wrap. paths and seed do not apply: given, they are ignored with a
// note (the example files carry them, and the flags may set them).
func (r *resolver) windows() {
	in := r.f.Simulation
	sim := &r.sc.Simulation
	wrap := in.HistoryWindow != nil && deref(in.HistoryWindow.Wrap, false)
	months := r.window[1] - r.window[0] + 1
	need := sim.HorizonYears * 12
	if months < 24 || sim.HorizonYears < 1 || sim.HorizonYears > MaxHorizonYears {
		return // reported already
	}
	if months < need {
		r.probs.add("simulation.history_window", fmt.Sprintf("want at least the horizon's %d months (%d years), or a shorter horizon", need, sim.HorizonYears),
			"holds %d months, from %s to %s", months, r.table.Month(r.window[0]), r.table.Month(r.window[1]))
		return
	}
	n := months - need + 1
	if wrap {
		n = months
	}
	starts := make([]string, n)
	for i := range starts {
		starts[i] = r.table.Month(r.window[0] + i).String()
	}
	r.windowStarts, r.wrap = starts, wrap
	const ignored = "does not apply to return_model: historical, which runs one path per window (%d windows from %s to %s): ignored"
	if in.Paths != nil {
		r.note(r.labelled("simulation.paths"), ignored, n, starts[0], starts[n-1])
	}
	if in.Seed != nil {
		r.note(r.labelled("simulation.seed"), ignored, n, starts[0], starts[n-1])
	}
	sim.Paths = n
}

// labelled is a key path with where an override set it, when one did.
func (r *resolver) labelled(key string) string {
	if l, ok := r.labels[key]; ok {
		return l
	}
	if key == "simulation.seed" && r.opts.Overrides.Seed != nil {
		return key + " (set by " + r.opts.Overrides.Seed.From + ")"
	}
	return key
}

// historyColumn checks an asset's history column: required under
// bootstrap and rolling windows (in place of expected_return and
// volatility), optional under the other models (divsim evidence describes
// it), and a numeric column of the history when given.
func (r *resolver) historyColumn(key string, in Asset) {
	hkey := join(key, "history")
	if !r.fromHistory() {
		if in.History == nil {
			return
		}
		r.historyTable()
		r.knownColumn(hkey, *in.History)
		return
	}
	fromHistory := fmt.Sprintf("want none with return_model: %s: the asset's returns come from its history column", r.sc.Simulation.ReturnModel)
	if in.ExpectedReturn != nil {
		r.probs.add(join(key, "expected_return"), fromHistory, "is set")
	}
	if in.Volatility != nil {
		r.probs.add(join(key, "volatility"), fromHistory, "is set")
	}
	if in.History == nil {
		r.probs.add(hkey, "want the history column of the asset's monthly returns, one of "+strings.Join(r.table.ReturnColumns(), ", "), "missing")
		return
	}
	r.knownColumn(hkey, *in.History)
}

// knownColumn checks that col names a numeric column of the history that
// holds returns, not an indicator (the NBER recession months' 0 and 1).
func (r *resolver) knownColumn(key, col string) bool {
	cols := r.table.ReturnColumns()
	want := "want one of " + strings.Join(cols, ", ")
	switch {
	case r.table.Numeric[col] != nil && !r.table.Indicator(col):
		return true
	case r.table.Numeric[col] != nil:
		r.probs.add(key, want, "%q of %s holds only 0 and 1, an indicator (such as recession months), not monthly returns", col, r.table.Name)
		return false
	}
	if c := words.Closest(col, cols); c != "" {
		want = "did you mean " + c + "?"
	}
	r.probs.add(key, want, "%q is not a numeric column of %s", col, r.table.Name)
	return false
}

// bootstrapAssets (bootstrap and rolling windows) fills each asset's
// expected return and volatility from its history (the mean and standard deviation of its calendar-year
// returns, shown in the reports; regimes start from them) and builds the
// scenario's History and long-run covariance Σ.
func (r *resolver) bootstrapAssets() {
	t := r.table
	h := &model.History{
		Source: model.Source{File: t.Name, SHA256: r.historySHA256},
		From:   t.Month(r.window[0]).String(), To: t.Month(r.window[1]).String(),
		Starts: r.windowStarts, Wrap: r.wrap,
	}
	for _, in := range r.f.Assets {
		h.Columns = append(h.Columns, *in.History)
	}
	for a, c := range h.Columns {
		if !r.plausibleReturns(index("assets", a), c, r.window) {
			return
		}
	}
	for i := r.window[0]; i <= r.window[1]; i++ {
		row := make([]float64, len(h.Columns))
		for a, c := range h.Columns {
			row[a] = t.Numeric[c][i]
		}
		h.Returns = append(h.Returns, row)
	}
	years := calendarYears(t, r.window, h.Columns)
	n := len(h.Columns)
	mean := make([]float64, n)
	for _, y := range years {
		for a, v := range y {
			mean[a] += v / float64(len(years))
		}
	}
	sigma := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			s := 0.0
			for _, y := range years {
				s += float64((y[i] - mean[i]) * (y[j] - mean[j]))
			}
			sigma.SetSym(i, j, s/float64(len(years)-1))
		}
	}
	for a := range r.sc.Assets {
		r.sc.Assets[a].ExpectedReturn = mean[a]
		r.sc.Assets[a].Volatility = math.Sqrt(sigma.At(a, a))
	}
	r.sc.History = h
	r.historySigma = sigma
}

// calendarYears returns the compounded returns of each full calendar year
// (January to December) inside the window, per column.
func calendarYears(t *history.Table, window [2]int, cols []string) [][]float64 {
	var out [][]float64
	for i := window[0]; i+11 <= window[1]; i++ {
		if t.Month(i).Number() != 1 {
			continue
		}
		y := make([]float64, len(cols))
		for a, c := range cols {
			g := 1.0
			for _, v := range t.Numeric[c][i : i+12] {
				g *= 1 + v
			}
			y[a] = g - 1
		}
		out = append(out, y)
	}
	return out
}

// labelValues returns the labels the history's label columns hold, sorted.
func (r *resolver) labelValues() []string {
	seen := map[string]bool{}
	for _, col := range r.table.Labels {
		for _, v := range col {
			seen[v] = true
		}
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		if v != "" {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// stateLabel checks a state's history label.
func (r *resolver) stateLabel(key, label string) {
	if !r.bootstrap {
		r.probs.add(key, "want it only with return_model: bootstrap, where it picks the months a state draws from", "is set but return_model is %s", r.sc.Simulation.ReturnModel)
		return
	}
	known := r.labelValues()
	if slices.Contains(known, label) {
		return
	}
	want := "want a label of the history: " + strings.Join(known, ", ")
	if len(known) == 0 {
		want = "want a history with label columns (text such as recession or hiking); " + r.table.Name + " has none"
	} else if c := words.Closest(label, known); c != "" {
		want = "did you mean " + c + "?"
	}
	r.probs.add(key, want, "%q labels no month of %s", label, r.table.Name)
}

// stateMonths finds, for each joint state, the months of the window that
// carry all its chains' labels, and reports joint states left with none.
func (r *resolver) stateMonths() {
	chains := r.sc.Regimes.Chains
	labelled := false
	for _, ch := range chains {
		for _, l := range ch.Labels {
			labelled = labelled || l != ""
		}
	}
	if !labelled {
		return
	}
	t, h := r.table, r.sc.History
	has := func(i int, label string) bool {
		for _, col := range t.Labels {
			if col[i] == label {
				return true
			}
		}
		return false
	}
	for _, st := range r.sc.Regimes.States {
		var months []int
		var labels []string
		for c, s := range st.Chain {
			if l := chains[c].Labels[s]; l != "" {
				labels = append(labels, l)
			}
		}
		for i := r.window[0]; i <= r.window[1]; i++ {
			all := true
			for _, l := range labels {
				all = all && has(i, l)
			}
			if all {
				months = append(months, i-r.window[0])
			}
		}
		if len(months) == 0 {
			c := 0
			for cc, s := range st.Chain {
				if chains[cc].Labels[s] != "" {
					c = cc
					break
				}
			}
			key := fmt.Sprintf("regimes.chains[%d].states[%d].label", c, st.Chain[c])
			r.probs.add(key, "want labels that some month of the history window carries together, a wider history_window, or fewer labels",
				"no month from %s to %s is labeled %s (joint state %s)", h.From, h.To, strings.Join(labels, " and "), st.Name)
		}
		h.StateMonths = append(h.StateMonths, months)
	}
}

// plausibleReturns checks that a column holds monthly returns as decimal
// fractions in rows (its first and last): see history.Table.NotReturns.
func (r *resolver) plausibleReturns(key, col string, rows [2]int) bool {
	if want, got := r.table.NotReturns(col, rows[0], rows[1]); want != "" {
		r.probs.add(join(key, "history"), want, "%s", got)
		return false
	}
	return true
}
