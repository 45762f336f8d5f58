package configs

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/divsim/divsim/history"
)

// TestBootstrapMomentsFromCalendarYears: under bootstrap an asset's
// expected return and volatility, and the covariance Σ that the
// diversification ratio and risk contributions use, are the mean and the
// sample (n − 1) covariance of its calendar-year returns inside the
// window; the window's part years do not count. A history with one move a
// year makes the years' returns known by hand: a returns 10 %, −5 %, 20 %
// in 2001–2003 and b 2 %, 4 %, 0 %, each in its January (every other month
// 0.1 % in both, which compounds into the years' returns), and the part
// years 2000 and 2004 hold falls that would show if they counted.
func TestBootstrapMomentsFromCalendarYears(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("date,a,b\n")
	moves := map[string][2]float64{"2001-01": {0.10, 0.02}, "2002-01": {-0.05, 0.04}, "2003-01": {0.20, 0}, "2000-09": {-0.3, -0.1}, "2004-02": {-0.4, -0.1}}
	const quiet = 0.001
	for m := history.NewMonth(2000, 7); m <= history.NewMonth(2004, 6); m++ {
		r, ok := moves[m.String()]
		if !ok {
			r = [2]float64{quiet, quiet}
		}
		fmt.Fprintf(&csv, "%s,%v,%v\n", m, r[0], r[1])
	}
	table, err := history.Parse("h.csv", []byte(csv.String()))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := resolveText(t, "b.yaml", `
format: 1
simulation: {paths: 10, horizon_years: 2, return_model: bootstrap, block_months: 3, history_window: {from: "2000-07", to: "2004-06"}}
assets: [{id: a, history: a}, {id: b, history: b}]
cashflows: {initial: 1000}
portfolios: [{name: P, sleeves: [{name: S, weight: 1, holdings: {a: 0.5, b: 0.5}}]}]
`, Options{History: table, HistoryData: []byte(csv.String())})
	if err != nil {
		t.Fatal(err)
	}
	rest := math.Pow(1+quiet, 11) // the other eleven months of a year
	year := func(r float64) float64 { return (1+r)*rest - 1 }
	ya := []float64{year(0.10), year(-0.05), year(0.20)}
	yb := []float64{year(0.02), year(0.04), year(0)}
	mean := func(x []float64) float64 { return (x[0] + x[1] + x[2]) / 3 }
	cov := func(x, y []float64) float64 {
		mx, my := mean(x), mean(y)
		return ((x[0]-mx)*(y[0]-my) + (x[1]-mx)*(y[1]-my) + (x[2]-mx)*(y[2]-my)) / 2
	}
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"a's expected return", sc.Assets[0].ExpectedReturn, mean(ya)},
		{"b's expected return", sc.Assets[1].ExpectedReturn, mean(yb)},
		{"a's volatility", sc.Assets[0].Volatility, math.Sqrt(cov(ya, ya))},
		{"b's volatility", sc.Assets[1].Volatility, math.Sqrt(cov(yb, yb))},
		{"Σ_aa", sc.Sigma.At(0, 0), cov(ya, ya)},
		{"Σ_ab", sc.Sigma.At(0, 1), cov(ya, yb)},
		{"Σ_bb", sc.Sigma.At(1, 1), cov(yb, yb)},
	} {
		if math.Abs(c.got-c.want) > 1e-14 {
			t.Errorf("%s = %.17g, want %.17g", c.what, c.got, c.want)
		}
	}
}
