package calibrate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/internal/param"
	"github.com/divsim/divsim/internal/words"
)

// Input is what a calibration fits and reports: a history table's return
// columns over a window of its months, checked, as data rows for Estimate,
// with the window's months and the table's recession indicator over them
// (nil when the table has none) for the report.
type Input struct {
	Columns   []string
	Data      [][]float64 // [month][column], as Sample gives them
	Months    []history.Month
	Recession []float64
}

// Source names the input's history: "table, first to last".
func (in *Input) Source(t *history.Table) string {
	return fmt.Sprintf("%s, %s to %s", t.Name, in.Months[0], in.Months[len(in.Months)-1])
}

// Prepare checks the columns to fit (comma-separated) and the window from
// month from to month to (YYYY-MM; "" for the table's first or last)
// against table t, and samples them. Each column must be a numeric return
// column, named once, neither an indicator nor the price index (the
// fragment names an asset per column), with returns over the window;
// errors name the command-line flag whose value is wrong (--columns,
// --from, --to), with what was expected.
func Prepare(t *history.Table, columns, from, to string) (*Input, error) {
	if columns == "" {
		return nil, param.Errorf("--columns", "missing (want history columns to fit, e.g. --columns us_large,us_small,bonds_10y)")
	}
	cols := strings.Split(columns, ",")
	series := make([][]float64, len(cols))
	returns := slices.DeleteFunc(t.ReturnColumns(), func(c string) bool { return c == "inflation" }) // the price index is no asset
	for i, c := range cols {
		cols[i] = strings.TrimSpace(c)
		if slices.Contains(cols[:i], cols[i]) {
			return nil, param.Errorf("--columns", "%q is given twice (want each column once: the fragment names an asset per column)", cols[i])
		}
		want := words.ChoiceWant(cols[i], "want some of "+strings.Join(returns, ", "), returns...)
		if series[i] = t.Numeric[cols[i]]; series[i] == nil {
			return nil, param.Errorf("--columns", "%q is not a numeric column of %s (%s)", cols[i], t.Name, want)
		}
		if t.Indicator(cols[i]) {
			return nil, param.Errorf("--columns", "%q of %s holds only 0 and 1, an indicator (such as recession months), not monthly returns (%s)",
				cols[i], t.Name, want)
		}
		if cols[i] == "inflation" { // the fragment names an asset per column, and no asset may be called so
			return nil, param.Errorf("--columns", "%q is the price index, which a scenario models in its inflation section, not an asset's "+
				"returns (the fragment names an asset per column; want asset columns such as %s)", cols[i], strings.Join(returns, ", "))
		}
	}
	w := Window{Lo: 0, Hi: t.Months - 1}
	for _, m := range []struct {
		flag, value string
		at          *int
	}{{"--from", from, &w.Lo}, {"--to", to, &w.Hi}} {
		if m.value == "" {
			continue
		}
		month, err := history.ParseMonth(m.value)
		if err != nil {
			return nil, param.Errorf(m.flag, "%v", err)
		}
		if *m.at = t.Index(month); *m.at < 0 {
			return nil, param.Errorf(m.flag, "%s is outside %s (want %s to %s)", month, t.Name, t.First, t.Month(t.Months-1))
		}
	}
	if w.Hi < w.Lo {
		return nil, param.Errorf("--to", "%s is before --from %s (want --from, the first month, before --to, the last)", t.Month(w.Hi), t.Month(w.Lo))
	}
	for _, c := range cols {
		if want, got := t.NotReturns(c, w.Lo, w.Hi); want != "" {
			return nil, param.Errorf("--columns", "%s (%s)", got, want)
		}
	}
	data, err := Sample(series, w)
	if err != nil {
		return nil, param.Errorf("--from/--to", "%w", err)
	}
	in := &Input{Columns: cols, Data: data}
	for i := w.Lo; i <= w.Hi; i++ {
		in.Months = append(in.Months, t.Month(i))
	}
	if rec := t.Numeric["recession"]; rec != nil {
		in.Recession = rec[w.Lo : w.Hi+1]
	}
	return in, nil
}
