package calibrate

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestSample: a window's months become data rows, [month][series]; a
// window of fewer than MinMonths months is refused.
func TestSample(t *testing.T) {
	const n = 40
	a, b := make([]float64, n), make([]float64, n)
	for i := range n {
		a[i], b[i] = float64(i), float64(100+i)
	}
	for _, tc := range []struct {
		name   string
		w      Window
		months int
		err    string
	}{
		{"every month", Window{0, n - 1}, n, ""},
		{"the shortest window", Window{5, 5 + MinMonths - 1}, MinMonths, ""},
		{"one month short", Window{5, 5 + MinMonths - 2}, 0, "23 months (want at least 24 to fit regimes)"},
		{"from after to", Window{30, 10}, 0, "0 months (want at least 24"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := Sample([][]float64{a, b}, tc.w)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || len(data) != tc.months {
				t.Fatalf("%d rows, %v; want %d", len(data), err, tc.months)
			}
			first, last := data[0], data[len(data)-1]
			if !reflect.DeepEqual(first, []float64{float64(tc.w.Lo), float64(100 + tc.w.Lo)}) ||
				!reflect.DeepEqual(last, []float64{float64(tc.w.Hi), float64(100 + tc.w.Hi)}) {
				t.Errorf("rows from %v to %v, want months %d to %d of both series", first, last, tc.w.Lo, tc.w.Hi)
			}
		})
	}
}

// TestSearchStates: K = 1 to max(ComparedStates, want) are fitted in
// order, the wanted one is returned as the fit, and a wanted K that cannot
// be fitted is an error while another K's failure only leaves it out.
func TestSearchStates(t *testing.T) {
	trans := [][]float64{{0.95, 0.05}, {0.10, 0.90}}
	long, _ := simulate(300, trans, [][]float64{{0.01}, {-0.01}}, [][]float64{{0.03}, {0.08}}, 3)
	// MinMonths months of three series: K = 1 has 3 + 6 = 9 free
	// parameters, K = 2 has 2·9 + 2 + 1 = 21, K = 3 more than 24.
	var short [][]float64
	for _, row := range long[:MinMonths] {
		short = append(short, []float64{row[0], 2 * row[0], -row[0]})
	}
	for _, tc := range []struct {
		name   string
		data   [][]float64
		want   int
		fitted []int // the Ks tried, in order
		models []int // the Ks compared
		err    string
	}{
		{"two states", long, 2, []int{1, 2, 3, 4}, []int{1, 2, 3, 4}, ""},
		{"more than compared", long, 5, []int{1, 2, 3, 4, 5}, []int{1, 2, 3, 4, 5}, ""},
		{"larger K cannot fit", short, 1, []int{1, 2, 3, 4}, []int{1, 2}, ""},
		{"the wanted K cannot fit", short, 3, []int{1, 2, 3}, nil, "3 states: 24 months cannot fit"},
		{"too many states", long, MaxStates + 1, nil, nil, "7 states (want 1 to 6)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fitted []int
			models, fit, err := SearchStates(context.Background(), tc.data, tc.want, Options{Starts: 1}, func(K int) { fitted = append(fitted, K) })
			if !reflect.DeepEqual(fitted, tc.fitted) {
				t.Errorf("fitted %v, want %v", fitted, tc.fitted)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || fit != nil {
					t.Errorf("fit %v, error %v; want %q", fit, err, tc.err)
				}
				return
			}
			if err != nil || fit == nil || fit.K != tc.want {
				t.Fatalf("fit %v, error %v; want %d states", fit, err, tc.want)
			}
			var ks []int
			for _, m := range models {
				ks = append(ks, m.K)
			}
			if !reflect.DeepEqual(ks, tc.models) {
				t.Errorf("compared %v, want %v", ks, tc.models)
			}
		})
	}
}

// TestSearchStopsWhenCancelled: a done context stops the EM loop and the
// search returns its error, no fit (calibrate ignored Ctrl-C and SIGTERM).
func TestSearchStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := make([][]float64, 200)
	for i := range data {
		data[i] = []float64{float64(i%7) / 100}
	}
	models, fit, err := SearchStates(ctx, data, 2, Options{Starts: 3}, nil)
	if !errors.Is(err, context.Canceled) || fit != nil || models != nil {
		t.Errorf("models %v, fit %v, err %v; want context.Canceled and nothing", models, fit, err)
	}
}
