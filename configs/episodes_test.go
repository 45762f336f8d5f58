package configs

import (
	"testing"

	"github.com/divsim/divsim/history"
)

// TestHistoryExampleEpisodesAreTheDataFalls finds the history example's
// episodes again in the shipped table: each is the deepest fall of the
// whole-market index (us_market) with its peak and trough inside a span
// around the crisis, replayed from the month after the peak to the trough
// month (docs/HISTORY.md, "Episodes"). Run with -v to print them.
func TestHistoryExampleEpisodesAreTheDataFalls(t *testing.T) {
	spans := map[string][2]string{
		"Oil shock 1973-74":        {"1972-01", "1975-12"},
		"Crash of 1987":            {"1987-01", "1988-12"},
		"Dot-com bust 2000-02":     {"1999-01", "2003-12"},
		"Financial crisis 2007-09": {"2007-01", "2009-12"},
		"Pandemic crash 2020":      {"2019-06", "2020-12"},
		"Rate shock 2022":          {"2021-06", "2023-11"},
	}
	sc := mustExampleScenario(t, "history")
	table := history.Default()
	found := 0
	for _, test := range sc.StressTests {
		ep := test.Episode
		if ep == nil {
			continue
		}
		span, ok := spans[test.Name]
		if !ok {
			t.Errorf("episode %q has no span to find it in", test.Name)
			continue
		}
		found++
		f, ok := table.DeepestFall("us_market", must(history.ParseMonth(span[0])), must(history.ParseMonth(span[1])))
		if !ok {
			t.Fatalf("%s: us_market does not fall from %s to %s", test.Name, span[0], span[1])
		}
		t.Logf("%s: us_market peaked at the end of %s and bottomed at the end of %s, %.1f %% lower: history {from: %q, to: %q}",
			test.Name, f.Peak, f.Trough, 100*f.Depth, f.From(), f.Trough)
		if ep.From != f.From().String() || ep.To != f.Trough.String() {
			t.Errorf("%s: from %s to %s, want %s to %s (us_market's peak %s and trough)", test.Name, ep.From, ep.To, f.From(), f.Trough, f.Peak)
		}
	}
	if found != len(spans) {
		t.Errorf("%d episodes in the history example, want %d", found, len(spans))
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
