package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
)

// scenario resolves a YAML scenario for a test.
func scenario(t testing.TB, text string) *model.Scenario {
	t.Helper()
	doc, err := configs.Decode("test.yaml", []byte(text))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	sc, err := configs.Resolve(doc, configs.Options{})
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	return sc
}

// scenarioOn resolves a YAML scenario for a test on the history csv
// (parsed as table) and runs it.
func scenarioOn(t testing.TB, text, csv string, table *history.Table) (*model.Scenario, *Results) {
	t.Helper()
	doc, err := configs.Decode("hand.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := configs.Resolve(doc, configs.Options{History: table, HistoryData: []byte(csv)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return sc, res
}

// example resolves an embedded example with a given number of paths.
func example(t testing.TB, name string, paths int) *model.Scenario {
	t.Helper()
	opts := configs.Options{Overrides: configs.Overrides{Paths: &configs.Override[int]{Value: paths, From: "test"}}}
	path := "../configs/examples/" + name + ".yaml"
	sc, err := configs.Load(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// simulatePaths runs paths one by one on a single worker and returns the
// stores, for tests that need per-path figures.
func simulatePaths(sc *model.Scenario, paths int, each func(i int, w *worker)) []*store {
	p := newPlan(sc)
	stores := make([]*store, len(sc.Portfolios))
	for b := range stores {
		stores[b] = newStore(p, 0, paths)
	}
	w := newWorker(p)
	for i := range paths {
		w.simulate(i, stores)
		if each != nil {
			each(i, w)
		}
	}
	fan := newRunFan(p)
	w.flush(stores, fan)
	finish(stores, fan, 1)
	return stores
}

// meanAndSE returns the sample mean of xs and its standard error.
func meanAndSE(xs []float64) (m, se float64) {
	n := float64(len(xs))
	for _, x := range xs {
		m += x
	}
	m /= n
	ss := 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / (n - 1) / n)
}

// within4SE fails the test unless got is within 4 standard errors of want.
func within4SE(t *testing.T, what string, got, want, se float64) {
	t.Helper()
	if math.Abs(got-want) > 4*se {
		t.Errorf("%s = %.10g, want %.10g ± 4·%.3g (off by %.1f SE)", what, got, want, se, math.Abs(got-want)/se)
	}
}

// kernelInput draws a test input for a numeric kernel: 0 or −0 one time in
// ten each, else a normal scaled by 2^e for e from lo to hi − 1, so that
// sums mix sizes and signed zeros.
func kernelInput(r *rand.Rand, lo, hi int) float64 {
	switch r.IntN(10) {
	case 0:
		return 0
	case 1:
		return math.Copysign(0, -1)
	default:
		return r.NormFloat64() * math.Exp2(float64(r.IntN(hi-lo)+lo))
	}
}
