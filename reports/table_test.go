package reports

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// TestWriteRiskTable: one line per portfolio after the header, its
// diversification ratio and sleeves' risk shares taken from the results.
func TestWriteRiskTable(t *testing.T) {
	sc := resolve(t, "default", 200, nil)
	for _, tc := range []struct {
		name string
		edit func(res *sim.Results)
		want []string // in the first portfolio's line
	}{
		{"as run", func(*sim.Results) {}, []string{sc.Portfolios[0].Name, sc.Portfolios[0].Sleeves[0].Name}},
		{"figures from the results", func(res *sim.Results) {
			res.Portfolios[0].DiversificationRatio = 9.87
			res.Portfolios[0].RiskContributions[0] = 0.123
		}, []string{"9.87", "→ 12.3%"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sim.Run(context.Background(), sc, sim.Options{})
			if err != nil {
				t.Fatal(err)
			}
			tc.edit(res)
			var b strings.Builder
			if err := WriteRiskTable(&b, sc, res); err != nil {
				t.Fatal(err)
			}
			// A header, a line a portfolio, then a blank line and the legend.
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if len(lines) != 3+len(sc.Portfolios) || !strings.HasPrefix(lines[0], "Portfolio") || !strings.HasPrefix(lines[len(lines)-1], "Div. ratio: ") {
				t.Fatalf("%d lines, want a header, %d and a legend:\n%s", len(lines), len(sc.Portfolios), b.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(lines[1], w) {
					t.Errorf("first portfolio's line %q lacks %q", lines[1], w)
				}
			}
			for i, p := range sc.Portfolios {
				if !strings.HasPrefix(lines[1+i], p.Name) || strings.Count(lines[1+i], "→") != len(p.Sleeves) {
					t.Errorf("line %q, want %s with %d sleeves", lines[1+i], p.Name, len(p.Sleeves))
				}
			}
		})
	}
}

// TestWriteTableAheadTiedBehind: the table gives each portfolio's shares of
// paths ending ahead of, tied with and behind the baseline, from the
// results, and the baseline's row says so; nothing "beats".
func TestWriteTableAheadTiedBehind(t *testing.T) {
	sc := resolve(t, "default", 200, nil)
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name                string
		ahead, tied, behind float64
		want                string
	}{
		{"with ties", 0.41, 0.52, 0.07, "41% / 52% / 7%"},
		{"without ties", 0.6, 0, 0.4, "60% / 0% / 40%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := (sc.Baseline + 1) % len(res.Portfolios)
			v := *res.Portfolios[b].VsBaseline
			v.ProbOutperform, v.ProbTie, v.ProbBehind = tc.ahead, tc.tied, tc.behind
			edited := *res
			edited.Portfolios = append([]sim.Portfolio(nil), res.Portfolios...)
			edited.Portfolios[b].VsBaseline = &v
			var out strings.Builder
			if err := WriteTable(&out, sc, &edited); err != nil {
				t.Fatal(err)
			}
			text := out.String()
			if strings.Contains(strings.ToLower(text), "beat") {
				t.Errorf("the table still says \"beats\":\n%s", text)
			}
			rows := map[string]string{res.Portfolios[b].Name: tc.want, res.Portfolios[sc.Baseline].Name: "baseline"}
			for name, want := range rows {
				found := false
				for _, line := range strings.Split(text, "\n") {
					if line = strings.TrimSpace(line); strings.HasPrefix(line, name+" ") {
						found = true
						if !strings.HasSuffix(line, want) {
							t.Errorf("%s's line %q does not end with %q", name, line, want)
						}
					}
				}
				if !found {
					t.Errorf("no line for %s:\n%s", name, text)
				}
			}
			if !strings.Contains(text, "Ahead / tied / behind baseline") {
				t.Errorf("no ahead / tied / behind column:\n%s", text)
			}
		})
	}
}

// TestWriteStressTable: a line per portfolio with its return under each
// stress test from the results, an episode's months to recover in
// brackets, a footnote naming only the kinds of test the file has, and
// nothing at all without stress tests.
func TestWriteStressTable(t *testing.T) {
	sc := resolve(t, "bench", 200, nil)
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	write := func() []string {
		t.Helper()
		var b strings.Builder
		if err := WriteStressTable(&b, sc, res); err != nil {
			t.Fatal(err)
		}
		if b.Len() == 0 {
			return nil
		}
		return strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	}
	res.Portfolios[1].StressTests[0] = -0.1234
	lines := write()
	if len(lines) != 1+len(sc.Portfolios)+2 || !strings.Contains(lines[0], sc.StressTests[0].Name) {
		t.Fatalf("want a header, %d portfolios, a blank line and a footnote:\n%s", len(sc.Portfolios), strings.Join(lines, "\n"))
	}
	if row := lines[2]; !strings.HasPrefix(row, sc.Portfolios[1].Name) || !strings.Contains(row, "-12.3%") {
		t.Errorf("second portfolio's line %q, want its name and -12.3%%", row)
	}
	if foot := lines[len(lines)-1]; !strings.Contains(foot, "shock") || strings.Contains(foot, "episode") {
		t.Errorf("footnote %q, want shocks only", foot)
	}

	// The same test as an episode that took 17 months to recover for the
	// first portfolio and never recovered for the second.
	sc.StressTests[0].Episode = &model.Episode{}
	res.Portfolios[0].Episodes[0] = &sim.Episode{TotalReturn: -0.2, RecoveryMonths: 17}
	res.Portfolios[1].Episodes[0] = &sim.Episode{TotalReturn: -0.1234, RecoveryMonths: -1}
	lines = write()
	if !strings.Contains(lines[1], "(17 mo)") || !strings.Contains(lines[2], "-12.3% (not back)") {
		t.Errorf("episode lines\n%s\n%s\nwant (17 mo) and -12.3%% (not back)", lines[1], lines[2])
	}
	if foot := lines[len(lines)-1]; strings.Contains(foot, "shock") || !strings.Contains(foot, "episode") {
		t.Errorf("footnote %q, want episodes only", foot)
	}

	sc.StressTests = nil
	if lines := write(); lines != nil {
		t.Errorf("without stress tests it printed\n%s", strings.Join(lines, "\n"))
	}
}

// TestWriteTableOnePortfolio: with a single portfolio, the baseline itself,
// the table has no ahead / tied / behind column nor its footnote.
func TestWriteTableOnePortfolio(t *testing.T) {
	sc := resolve(t, "default", 100, func(string) string {
		return `
format: 1
simulation: {paths: 100, horizon_years: 5, seed: 1}
assets: [{id: a, expected_return: 0.05, volatility: 0.1}]
cashflows: {initial: 1000}
portfolios: [{name: Solo, sleeves: [{name: S, weight: 1, holdings: {a: 1}}]}]
`
	})
	if out := consoleTable(t, sc); !strings.Contains(out, "Solo") || strings.Contains(out, "Ahead") || strings.Contains(out, "baseline") {
		t.Errorf("table:\n%s\nwant Solo's row without ahead / tied / behind or the baseline", out)
	}
}

// TestRoundedAsCellsShowIt: percentages round as a workbook cell shows
// them (15 significant digits, halves away from zero), not as fmt rounds
// the binary value.
func TestRoundedAsCellsShowIt(t *testing.T) {
	for _, tc := range []struct {
		x        float64
		decimals int
		want     string
	}{
		{0.45*-0.45 + 0.10*-0.50 + 0.45*0.04, 1, "-23.5%"}, // exactly −23.45 %: fmt says −23.4
		{0.2345, 1, "23.5%"},
		{0.00125, 2, "0.13%"}, // fmt: 0.12
		{0.0125, 0, "1%"},
		{0.015, 0, "2%"},
		{-0.015, 0, "-2%"},
		{0.123456, 2, "12.35%"},
		{1, 0, "100%"},
		{-3e-17, 1, "0.0%"}, // no "-0.0%": a rounding below zero is zero
		{-0.0004, 1, "0.0%"},
		{-0.0005, 1, "-0.1%"},
	} {
		if got := pctText(tc.x, tc.decimals); got != tc.want {
			t.Errorf("pctText(%v, %d) = %q, want %q", tc.x, tc.decimals, got, tc.want)
		}
	}
	if got := rounded(math.NaN(), 1); got != "NaN" {
		t.Errorf("rounded(NaN) = %q", got)
	}
}

// TestShareNeverRoundsToAllOrNone: a share of paths short of all of them
// never reads 100 %, nor one above none 0 %, in the console, the prose and
// the cells' styles; exact ends and the shares between read as pct does.
func TestShareNeverRoundsToAllOrNone(t *testing.T) {
	st := styles{percent: 1, shareHigh: 2, shareLow: 3}
	for _, tc := range []struct {
		x        float64
		decimals int
		want     string
		style    int
	}{
		{1, 0, "100%", 1},
		{0.9998, 0, ">99%", 2},
		{0.9998, 1, ">99.9%", 2},
		{0.996, 0, ">99%", 1}, // 99.6 %: the cell's one decimal shows it
		{0.994, 0, "99%", 1},
		{0.5, 1, "50.0%", 1},
		{0.0004, 1, "<0.1%", 3},
		{0.004, 0, "<1%", 1},
		{0, 0, "0%", 1},
	} {
		if got := shareText(tc.x, tc.decimals); got != tc.want {
			t.Errorf("shareText(%v, %d) = %q, want %q", tc.x, tc.decimals, got, tc.want)
		}
		if got := st.shareStyle(tc.x); got != tc.style {
			t.Errorf("shareStyle(%v) = %d, want %d", tc.x, got, tc.style)
		}
	}
}

// TestNameLines: names wrap where Calibri (Carlito) wraps them, as seen in
// LibreOffice: "Conservative with 5% small caps" prints on one line at
// width 28; longer names take two or three.
func TestNameLines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		width float64
		want  int
	}{
		{"Conservative with 5% small caps", 28, 1},
		{"Balanced with 10% small caps", 28, 1},
		{"Growth", 10, 1},
		{"10% small caps, gliding to 40% equity", 28, 2},
		{"Conservative with 5% small caps", 11, 3},
		{"Supercalifragilisticexpialidocious", 15, 2}, // a word longer than the cell breaks within it
	} {
		if got := nameLines(tc.name, tc.width); got != tc.want {
			t.Errorf("nameLines(%q, %v) = %d, want %d", tc.name, tc.width, got, tc.want)
		}
	}
}

// TestMoneyRoundsHalvesUp: amounts round as people round, halves away from
// zero, whatever their last bit: 82,500 and 52,500.00000000001 alike.
func TestMoneyRoundsHalvesUp(t *testing.T) {
	for _, tc := range []struct {
		x           float64
		short, long string
	}{
		{82500, "83k", "82,500"},
		{52500.00000000001, "53k", "52,500"},
		{-82500, "-83k", "-82,500"},
		{1125000, "1.13M", "1,125,000"},
		{1015000, "1.02M", "1,015,000"}, // 1.015 is 1.01499… in binary
		{1.005e9, "1.01B", "1,005,000,000"},
		{12333.5, "12k", "12,334"},
		{999.5, "1,000", "1,000"},
		{1499, "1,499", "1,499"},
		{4500, "4,500", "4,500"},
		{9994, "9,994", "9,994"},
		{9995, "10k", "9,995"},
		{-1499, "-1,499", "-1,499"},
		{0.4, "0", "0"},
		{-0.4, "0", "0"},
	} {
		if got := money(tc.x); got != tc.short {
			t.Errorf("money(%v) = %q, want %q", tc.x, got, tc.short)
		}
		if got := wholeMoney(tc.x); got != tc.long {
			t.Errorf("wholeMoney(%v) = %q, want %q", tc.x, got, tc.long)
		}
	}
}

// TestSignedPoints: a difference of returns reads in percentage points,
// with its sign as the tables write negative figures (a hyphen, not the
// typographic minus the sentences had), rounded halves away from zero, and
// never as −0.0.
func TestSignedPoints(t *testing.T) {
	for x, want := range map[float64]string{0.031: "+3.1", -0.02: "-2.0", -0.0004: "0.0", 0.0004: "0.0", 0: "0.0", -0.04245: "-4.2",
		-0.0425: "-4.3", 0.0425: "+4.3"} {
		if got := signedPoints(x); got != want+" percentage points" {
			t.Errorf("signedPoints(%v) = %q, want %q percentage points", x, got, want)
		}
	}
}

// TestWriteTableSuccessOnlyWithWithdrawals: the Success column and its
// definition are printed for a plan that withdraws (a negative flow, a
// spending rule) and left out of one that does not, whose success rate is
// 100 % by construction (as on the Summary sheet).
func TestWriteTableSuccessOnlyWithWithdrawals(t *testing.T) {
	for _, tc := range []struct {
		name    string
		example string
		edit    func(string) string
		want    bool
	}{
		{"a withdrawing flow", "default", nil, true},
		{"a spending rule", "retirement", nil, true},
		{"saving only", "default", func(s string) string { return strings.Replace(s, "amount: -40000", "amount: 40000", 1) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := resolve(t, tc.example, 100, tc.edit)
			text := consoleTable(t, sc)
			header := strings.Split(text, "\n")[2]
			if got := strings.Contains(header, "Success"); got != tc.want {
				t.Errorf("Success column shown: %v, want %v; header %q", got, tc.want, header)
			}
			if got := strings.Contains(text, "Success: never running out of money."); got != tc.want {
				t.Errorf("Success defined: %v, want %v:\n%s", got, tc.want, text)
			}
			if sc.Goal != nil && !strings.Contains(text, "Goal: ") {
				t.Errorf("the goal is no longer defined:\n%s", text)
			}
		})
	}
}

// consoleTable runs sc and returns the table divsim run prints.
func consoleTable(t *testing.T, sc *model.Scenario) string {
	t.Helper()
	text, _ := consoleRun(t, sc)
	return text
}

// consoleRun runs a scenario and returns its console table with the
// results it prints.
func consoleRun(t *testing.T, sc *model.Scenario) (string, *sim.Results) {
	t.Helper()
	res, err := sim.Run(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := WriteTable(&out, sc, res); err != nil {
		t.Fatal(err)
	}
	return out.String(), res
}

// TestConsoleGivesTheReading: the console prints the Summary's reading
// under the table, so that medians a rerun would reorder are not ranked by
// the table's columns alone; and, for a plan that withdraws, that a path
// out of money earns 0 %, which lowers the risk figures as well as the
// returns. A plan that withdraws nothing has no such line.
func TestConsoleGivesTheReading(t *testing.T) {
	for _, tc := range []struct {
		name      string
		edit      func(string) string
		depletion bool
	}{
		{"withdrawals", nil, true},
		{"nothing withdrawn", func(s string) string { return strings.Replace(s, "amount: -40000", "amount: 40000", 1) }, false}, // income paid in instead
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := resolve(t, "default", 300, tc.edit)
			text, res := consoleRun(t, sc)
			if reading := (&book{sc: sc, res: res}).reading(); !strings.Contains(text, "\n\n"+reading+"\n") {
				t.Errorf("console lacks the reading %q:\n%s", reading, text)
			}
			if got := strings.Contains(text, "runs out of money earns 0% from then on"); got != tc.depletion {
				t.Errorf("says a depleted path earns 0%%: %v, want %v:\n%s", got, tc.depletion, text)
			}
		})
	}
}

// TestRiskTableSaysGlidePathsYear: a portfolio on a glide path is shown at
// its first year's weights, and the console says so; one without says
// nothing of it.
func TestRiskTableSaysGlidePathsYear(t *testing.T) {
	for _, tc := range []struct {
		example string
		glide   bool
	}{{"retirement", true}, {"default", false}} {
		sc := resolve(t, tc.example, 100, nil)
		_, res := consoleRun(t, sc)
		var out strings.Builder
		if err := WriteRiskTable(&out, sc, res); err != nil {
			t.Fatal(err)
		}
		text := out.String()
		if got := strings.Contains(text, "(year 1)") && strings.Contains(text, "shown at its first year's weights"); got != tc.glide {
			t.Errorf("%s: says the glide path's year: %v, want %v:\n%s", tc.example, got, tc.glide, text)
		}
	}
}
