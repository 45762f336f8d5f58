package evidence

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/internal/stats"
	"github.com/divsim/divsim/model"
)

// handTable is 30 months from 2000-01 with two assets, a (1 % in even
// months, −0.5 % in odd ones) and b (0.2 % every month), and labels:
// cuts in month 2 (the table's first six months: not an event), 10 (the
// first of a cycle), 11 (the same cycle), 15 (too close: month 10 is
// within six months before it) and 22 (a new cycle, too late for the
// 12-month span: the table ends at month 29); recession in months 20–25.
func handTable(t *testing.T) *history.Table {
	t.Helper()
	cuts := map[int]bool{2: true, 10: true, 11: true, 15: true, 22: true}
	var b strings.Builder
	b.WriteString("date,a,b,rate_regime,growth\n")
	for i := range 30 {
		rate, growth := "steady", "expansion"
		if cuts[i] {
			rate = "cutting"
		}
		if i >= 20 && i <= 25 {
			growth = "recession"
		}
		fmt.Fprintf(&b, "%s,%g,%g,%s,%s\n", history.Month(2000*12+i), aReturn(i), 0.002, rate, growth)
	}
	tbl, err := history.Parse("hand.csv", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

func aReturn(i int) float64 {
	if i%2 == 0 {
		return 0.01
	}
	return -0.005
}

func TestFirstCuts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		labels string // one letter a month: c cutting, s steady
		want   []int
	}{
		{"first months of the table do not count", "scsssssssss", nil},
		{"a cut after six quiet months", "ssssssc", []int{6}},
		{"a cycle's later cuts are not first cuts", "sssssssccsc", []int{7}},
		{"a cut five months after the last is the same cycle", "sssssssscsssscs", []int{8}},
		{"six quiet months start a new cycle", "ssssssscssssssc", []int{7, 14}},
	} {
		var labels []string
		for _, c := range tc.labels {
			labels = append(labels, map[rune]string{'c': CutLabel, 's': "steady"}[c])
		}
		if got := FirstCuts(labels); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %s gives %v, want %v", tc.name, tc.labels, got, tc.want)
		}
	}
}

// TestAnalyzeByHand: every figure of the hand table computed by hand.
func TestAnalyzeByHand(t *testing.T) {
	r, err := Analyze(handTable(t), []Asset{{ID: "a", Name: "A", Column: "a"}, {ID: "b", Name: "B", Column: "b"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != 2 || r.Events[0].Month.String() != "2000-11" || r.Events[1].Month.String() != "2001-11" {
		t.Fatalf("events %v, want months 10 (2000-11) and 22 (2001-11)", r.Events)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12 || math.IsNaN(got) != math.IsNaN(want) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	up, down := 1.01, 0.995
	// Event at month 10: months 11, 12, 13 (odd, even, odd) for 3 months.
	a3 := []float64{down*up*down - 1, down*up*down - 1} // month 22: 23, 24, 25 likewise
	b3 := math.Pow(1.002, 3) - 1
	near("a, 3 months after month 10", r.Events[0].Returns[0][0], a3[0])
	near("b, 3 months", r.Events[0].Returns[0][1], b3)
	// 6 months: three of each.
	a6 := math.Pow(up*down, 3) - 1
	near("a, 6 months after month 22", r.Events[1].Returns[1][0], a6)
	// 12 months: month 22's runs past the table's end (29).
	near("a, 12 months after month 10", r.Events[0].Returns[2][0], math.Pow(up*down, 6)-1)
	if !math.IsNaN(r.Events[1].Returns[2][0]) {
		t.Errorf("12 months after month 22: %v, want none (the table ends at month 29)", r.Events[1].Returns[2][0])
	}
	s3 := r.Summaries[0][0]
	if s3.Count != 2 {
		t.Fatalf("3-month count %d, want 2", s3.Count)
	}
	near("3-month mean", s3.Mean, a3[0])
	near("3-month median", s3.Median, a3[0])
	near("3-month share positive", s3.SharePositive, 0) // 0.995²·1.01 < 1
	near("3-month excess mean", s3.ExcessMean, a3[0]-b3)
	near("3-month share beaten", s3.ShareBeaten, 0)
	s12 := r.Summaries[2][0]
	if s12.Count != 1 {
		t.Errorf("12-month count %d, want 1 (month 22 is too late)", s12.Count)
	}
	near("12-month share positive", s12.SharePositive, 1) // (1.01·0.995)^6 > 1
	near("12-month excess median", s12.ExcessMedian, math.Pow(up*down, 6)-math.Pow(1.002, 12))
	// Recession: months 20..25, three even (1 %) and three odd (−0.5 %).
	var rec *LabelStats
	for i := range r.Labels {
		if r.Labels[i].Column == "growth" && r.Labels[i].Label == "recession" {
			rec = &r.Labels[i]
		}
	}
	if rec == nil || rec.Months != 6 {
		t.Fatalf("recession stats %+v, want 6 months", rec)
	}
	mu := (3*0.01 + 3*-0.005) / 6
	sd := math.Sqrt((3*math.Pow(0.01-mu, 2) + 3*math.Pow(-0.005-mu, 2)) / 5)
	near("recession mean of a", rec.Mean[0], math.Pow(1+mu, 12)-1)
	near("recession volatility of a", rec.Vol[0], sd*math.Sqrt(12))
	near("recession volatility of b", rec.Vol[1], 0)
	labels := []string{}
	for _, l := range r.Labels {
		labels = append(labels, l.Column+"="+l.Label)
	}
	want := []string{"rate_regime=steady", "rate_regime=cutting", "growth=expansion", "growth=recession"}
	if !slices.Equal(labels, want) {
		t.Errorf("labels %v, want %v", labels, want)
	}
}

func TestMedianEven(t *testing.T) {
	if got := stats.Median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median %v, want 2.5", got)
	}
}

func TestAnalyzeRefuses(t *testing.T) {
	tbl := handTable(t)
	if _, err := Analyze(tbl, nil, 0); err == nil {
		t.Error("no assets: want an error")
	}
	if _, err := Analyze(tbl, []Asset{{ID: "x", Column: "rate_regime"}}, 0); err == nil || !strings.Contains(err.Error(), `no numeric column "rate_regime"`) {
		t.Errorf("a label column as returns: err %v", err)
	}
}

// TestBenchmarkAgainstItself: the benchmark's differences from itself are
// not figures (NaN, null in JSON), whatever its returns.
func TestBenchmarkAgainstItself(t *testing.T) {
	r, err := Analyze(handTable(t), []Asset{{ID: "a", Column: "a"}, {ID: "b", Column: "b"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for s := range Spans() {
		sm := r.Summaries[s][0]
		if sm.Count == 0 || !math.IsNaN(sm.ExcessMean) || !math.IsNaN(sm.ExcessMedian) || !math.IsNaN(sm.ShareBeaten) {
			t.Errorf("span %d: benchmark summary %+v, want its own figures and no differences", Spans()[s], sm)
		}
	}
}

// TestAssetsOf: the assets naming a history column, in the file's order,
// with their columns; the others left out.
func TestAssetsOf(t *testing.T) {
	sc := &model.Scenario{Assets: []model.Asset{
		{ID: "stocks", Name: "Stocks", History: "us_large"}, {ID: "gold", Name: "Gold"}, {ID: "bonds", Name: "Bonds", History: "bonds_10y"},
	}}
	got := AssetsOf(sc)
	want := []Asset{{"stocks", "Stocks", "us_large"}, {"bonds", "Bonds", "bonds_10y"}}
	if !slices.Equal(got, want) {
		t.Errorf("AssetsOf = %v, want %v", got, want)
	}
}
