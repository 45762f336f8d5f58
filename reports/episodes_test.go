package reports

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestEpisodesInResults runs the history example, whose stress tests are
// episodes of history, and reads its results JSON and workbook back: each
// portfolio's episodes in the scenario's order with the run's figures
// (recovery_months null when the portfolio never recovered), the episode's
// total return as its stress-test return, and on the Stress tests sheet
// the episodes' tables and one path chart per episode.
func TestEpisodesInResults(t *testing.T) {
	sc := resolve(t, "history", 200, nil)
	path, res := writeTestWorkbook(t, sc)
	tests := episodeTests(sc)
	if len(tests) == 0 {
		t.Fatal("the history example has no episodes")
	}
	// One portfolio that never recovered from the first episode, to see
	// the null.
	res.Portfolios[0].Episodes[tests[0]].RecoveryMonths = -1
	data, err := NewDocument(sc, res, Meta{Version: "test"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Portfolios []struct {
			StressTests map[string]float64         `json:"stress_tests"`
			Episodes    map[string]json.RawMessage `json:"episodes"`
		} `json:"portfolios"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ti := range tests {
		names = append(names, sc.StressTests[ti].Name)
	}
	text := string(data)
	at := strings.Index(text, `"episodes"`)
	for i := 1; i < len(names); i++ { // in the scenario's order
		if strings.Index(text[at:], `"`+names[i-1]+`"`) > strings.Index(text[at:], `"`+names[i]+`"`) {
			t.Errorf("episodes %q and %q out of order", names[i-1], names[i])
		}
	}
	nulls := 0
	for pi, p := range doc.Portfolios {
		if got := keys(toAnyMap(p.Episodes)); !slices.Equal(got, sorted(names...)) {
			t.Errorf("portfolio %d: episodes %v, want %v", pi, got, names)
		}
		for _, ti := range tests {
			name, want := sc.StressTests[ti].Name, res.Portfolios[pi].Episodes[ti]
			var e struct {
				TotalReturn    float64 `json:"total_return"`
				MaxDrawdown    float64 `json:"max_drawdown"`
				RecoveryMonths *int    `json:"recovery_months"`
			}
			if err := json.Unmarshal(p.Episodes[name], &e); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !strings.Contains(string(p.Episodes[name]), `"recovery_months":`) {
				t.Errorf("%s: no recovery_months key: %s", name, p.Episodes[name])
			}
			if e.TotalReturn != want.TotalReturn || e.MaxDrawdown != want.MaxDrawdown || p.StressTests[name] != want.TotalReturn {
				t.Errorf("%s: %+v (stress test %v), want %+v", name, e, p.StressTests[name], want)
			}
			switch {
			case want.RecoveryMonths < 0 && e.RecoveryMonths != nil:
				t.Errorf("%s: recovery_months %d, want null", name, *e.RecoveryMonths)
			case want.RecoveryMonths < 0:
				nulls++
			case e.RecoveryMonths == nil || *e.RecoveryMonths != want.RecoveryMonths:
				t.Errorf("%s: recovery_months %v, want %d", name, e.RecoveryMonths, want.RecoveryMonths)
			}
		}
	}
	if nulls == 0 {
		t.Error("no null recovery_months")
	}

	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetStress)
	if err != nil {
		t.Fatal(err)
	}
	find := func(text string) int {
		for r, row := range rows {
			if len(row) > 0 && row[0] == text {
				return r + 1
			}
		}
		t.Fatalf("no row %q on %s", text, sheetStress)
		return 0
	}
	fall := find("Deepest fall inside the window")
	first := res.Portfolios[1].Episodes[tests[0]]
	if got := cellFloat(t, f, sheetStress, cell(3, fall+2)); math.Abs(got-first.MaxDrawdown) > 1e-12 {
		t.Errorf("deepest fall of %s for %s: %v, want %v", sc.Portfolios[1].Name, names[0], got, first.MaxDrawdown)
	}
	recover := find("Months to recover")
	if first.RecoveryMonths < 0 {
		if got, _ := f.GetCellValue(sheetStress, cell(3, recover+2)); !strings.HasPrefix(got, "not by ") {
			t.Errorf("months to recover of %s for %s: %q, want \"not by\" the history's end", sc.Portfolios[1].Name, names[0], got)
		}
	} else if got := cellFloat(t, f, sheetStress, cell(3, recover+2)); got != float64(first.RecoveryMonths) {
		t.Errorf("months to recover of %s for %s: %v, want %d", sc.Portfolios[1].Name, names[0], got, first.RecoveryMonths)
	}
	// Each episode's path is on the hidden data sheet, which its chart on
	// the Stress tests sheet draws.
	if visible, err := f.GetSheetVisible(sheetEpisodeData); err != nil || visible {
		t.Errorf("%s visible %v (%v), want hidden", sheetEpisodeData, visible, err)
	}
	dataRows, err := f.GetRows(sheetEpisodeData)
	if err != nil {
		t.Fatal(err)
	}
	refs := strings.Join(flatten(chartRefs(t, path)), "\n")
	for _, ti := range tests {
		ep := sc.StressTests[ti].Episode
		head := slices.IndexFunc(dataRows, func(row []string) bool {
			return len(row) > 0 && row[0] == sc.StressTests[ti].Name+": growth of 1"
		}) + 2
		if head == 1 {
			t.Fatalf("no %s on %s", sc.StressTests[ti].Name, sheetEpisodeData)
		}
		for pi := range sc.Portfolios {
			c, _ := excelize.ColumnNumberToName(2 + pi)
			want := "'" + sheetEpisodeData + "'!$" + c + "$" + itoa(head+1) + ":$" + c + "$" + itoa(head+1+ep.Months)
			if !strings.Contains(refs, want) {
				t.Errorf("%s: no chart series %s", sc.StressTests[ti].Name, want)
			}
			if got := cellFloat(t, f, sheetEpisodeData, cell(2+pi, head+1+ep.Months)); math.Abs(got-(1+res.Portfolios[pi].Episodes[ti].TotalReturn)) > 1e-12 {
				t.Errorf("%s: path of %s ends at %v, want 1 + its total return %v", sc.StressTests[ti].Name, sc.Portfolios[pi].Name, got, res.Portfolios[pi].Episodes[ti].TotalReturn)
			}
		}
	}
}

func toAnyMap[V any](m map[string]V) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestEpisodesNameTheirHistory: a lognormal scenario has no bootstrap
// history, but its episodes replay one, so the results JSON names the
// history file and its digest; without episodes it stays null.
func TestEpisodesNameTheirHistory(t *testing.T) {
	columns := strings.NewReplacer( // intl_dev on a US column: a test, not advice
		"{id: us_large,", "{id: us_large, history: us_large,", "{id: us_small,", "{id: us_small, history: us_small,",
		"{id: intl_dev,", "{id: intl_dev, history: us_market,", "{id: us_bonds,", "{id: us_bonds, history: bonds_10y,",
		"{id: cash,", "{id: cash, history: tbill,")
	for _, tc := range []struct {
		name     string
		episodes bool
	}{{"with an episode", true}, {"without", false}} {
		t.Run(tc.name, func(t *testing.T) {
			sc := resolve(t, "default", 100, func(s string) string {
				s = columns.Replace(s)
				if tc.episodes {
					s = strings.Replace(s, "stress_tests:", "stress_tests:\n  - {name: Crisis, history: {from: \"2007-11\", to: \"2009-02\"}}", 1)
				}
				return s
			})
			doc := encode(t, sc)
			h, _ := doc["history"].(map[string]any)
			switch {
			case !tc.episodes && doc["history"] != nil:
				t.Errorf("history = %v, want null", doc["history"])
			case tc.episodes && (h == nil || h["file"] != sc.StressTests[0].Episode.Source.File || len(h["sha256"].(string)) != 64):
				t.Errorf("history = %v, want the table the episode replays", doc["history"])
			}
		})
	}
}

// TestStressNotesPrinted: a stress test's note (the default example's
// election-week rally, whose other assets' zeros are assumed) is printed
// with its name under the stress tables' heading, where a client reads
// the figures; a review had found the zeros read as what happened.
func TestStressNotesPrinted(t *testing.T) {
	sc := resolve(t, "default", 100, nil)
	var noted string
	for _, st := range sc.StressTests {
		if st.Note != "" {
			noted = st.Name + ": " + st.Note
		}
	}
	if noted == "" {
		t.Fatal("the default example's stress tests have no note")
	}
	if text := stressNote(sc); !strings.Contains(text, noted) {
		t.Errorf("the Stress tests note %q lacks %q", text, noted)
	}
}
