package configs

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
)

// windowsPlan is a rolling-window scenario over a history window; extra
// adds simulation keys.
func windowsPlan(from, to, extra string) string {
	return fmt.Sprintf(`
format: 1
simulation: {horizon_years: 2, return_model: historical, history_window: {from: %q, to: %q%s}}
assets: [{id: stocks, history: us_market}, {id: bonds, history: bonds_10y}]
inflation: {history: inflation}
cashflows: {initial: 100000}
portfolios: [{name: Balanced, sleeves: [{name: Equity, weight: 0.6, holdings: {stocks: 1}}, {name: Bonds, weight: 0.4, holdings: {bonds: 1}}]}]
`, from, to, extra)
}

// TestRollingWindows checks the windows a historical run gets: one per
// start month whose horizon fits in the window, or one per month with
// wrap, each named by its first month, and the months and inflation of
// the window copied from the table.
func TestRollingWindows(t *testing.T) {
	table := history.Default()
	for _, tc := range []struct {
		name     string
		from, to string
		wrap     bool
	}{
		{"fits", "2000-01", "2004-12", false},
		{"exactly one", "2000-01", "2001-12", false},
		{"wrap", "2000-01", "2004-12", true},
		{"quarter start", "1999-04", "2003-03", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			extra := ""
			if tc.wrap {
				extra = ", wrap: true"
			}
			sc := mustResolve(t, "w.yaml", windowsPlan(tc.from, tc.to, extra))
			from, _ := history.ParseMonth(tc.from)
			to, _ := history.ParseMonth(tc.to)
			months := int(to-from) + 1
			want := months - 2*12 + 1
			if tc.wrap {
				want = months
			}
			h := sc.History
			if sc.Simulation.ReturnModel != model.Historical || sc.Simulation.Paths != want || len(h.Starts) != want || h.Wrap != tc.wrap {
				t.Fatalf("model %v, %d paths, %d starts, wrap %v; want historical, %d windows, wrap %v",
					sc.Simulation.ReturnModel, sc.Simulation.Paths, len(h.Starts), h.Wrap, want, tc.wrap)
			}
			for i, s := range h.Starts {
				if s != (from + history.Month(i)).String() {
					t.Fatalf("window %d starts %s, want %s", i, s, from+history.Month(i))
				}
			}
			first := table.Index(from)
			if len(h.Returns) != months || len(h.Inflation) != months {
				t.Fatalf("%d months of returns and %d of inflation, want %d", len(h.Returns), len(h.Inflation), months)
			}
			for i := range months {
				if h.Returns[i][0] != table.Numeric["us_market"][first+i] || h.Returns[i][1] != table.Numeric["bonds_10y"][first+i] ||
					h.Inflation[i] != table.Numeric["inflation"][first+i] {
					t.Fatalf("month %d differs from the table", i)
				}
			}
			if sc.Inflation == nil || sc.Inflation.History != "inflation" {
				t.Fatalf("inflation %+v, want from the history column inflation", sc.Inflation)
			}
		})
	}
}

// TestHistoricalIgnoresPathsAndSeed checks that paths and seed, in the
// file or on the command line, are ignored under historical with one note
// each, and that no note comes when neither is given.
func TestHistoricalIgnoresPathsAndSeed(t *testing.T) {
	base := windowsPlan("2000-01", "2004-12", "")
	for _, tc := range []struct {
		name  string
		text  string
		opts  Overrides
		notes []string // the keys the notes name
	}{
		{"none", base, Overrides{}, nil},
		{"in the file", strings.Replace(base, "horizon_years: 2,", "horizon_years: 2, paths: 5000, seed: 7,", 1), Overrides{},
			[]string{"simulation.paths", "simulation.seed"}},
		{"flags", base, Overrides{Paths: &Override[int]{Value: 0, From: "--paths"}, Seed: &Override[uint64]{Value: 9, From: "--seed"}},
			[]string{"simulation.paths (set by --paths)", "simulation.seed (set by --seed)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var notes []string
			sc, err := resolveText(t, "w.yaml", tc.text, Options{Overrides: tc.opts, Note: func(s string) { notes = append(notes, s) }})
			if err != nil {
				t.Fatal(err)
			}
			if sc.Simulation.Paths != 37 {
				t.Errorf("%d paths, want 37 windows", sc.Simulation.Paths)
			}
			var keys []string
			for _, n := range notes {
				rest, ok := strings.CutPrefix(n, "w.yaml: ")
				key, text, _ := strings.Cut(rest, ": ")
				if !ok || !strings.Contains(text, "does not apply to return_model: historical") || !strings.Contains(text, "37 windows from 2000-01 to 2003-01") {
					t.Errorf("note %q does not say what was ignored and why", n)
				}
				keys = append(keys, key)
			}
			if !slices.Equal(keys, tc.notes) {
				t.Errorf("notes on %q, want %q", keys, tc.notes)
			}
		})
	}
}

// TestJointInflationResolves checks bootstrap with inflation from history:
// the months' inflation sits beside their returns, and the reported
// expected inflation and volatility are the column's calendar-year figures.
func TestJointInflationResolves(t *testing.T) {
	text := strings.Replace(windowsPlan("1970-01", "1979-12", ""), "return_model: historical", "return_model: bootstrap", 1)
	sc := mustResolve(t, "b.yaml", text)
	h := sc.History
	if sc.Inflation.History != "inflation" || len(h.Inflation) != 120 || h.Starts != nil {
		t.Fatalf("inflation %+v, %d months, starts %v; want the inflation column's 120 months, no windows", sc.Inflation, len(h.Inflation), h.Starts)
	}
	// The 1970s compounded year by year.
	table := history.Default()
	first := table.Index(history.NewMonth(1970, 1))
	var years []float64
	for y := range 10 {
		g := 1.0
		for m := range 12 {
			g *= 1 + table.Numeric["inflation"][first+12*y+m]
		}
		years = append(years, g-1)
	}
	mean := 0.0
	for _, v := range years {
		mean += v / 10
	}
	if !near(sc.Inflation.Expected, mean, 1e-12) || sc.Inflation.Volatility <= 0 {
		t.Errorf("expected %v, volatility %v; want the mean %v of the calendar years and a positive volatility", sc.Inflation.Expected, sc.Inflation.Volatility, mean)
	}
}
