package model

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/divsim/divsim/portfolio"
)

// twoStateCase is the hand-worked case: two joint states A (π = 0.75) and B
// (π = 0.25), two assets.
//
//	A: m = (0.08, 0.03), s = (0.15, 0.05), ρ = 0.2
//	B: m = (−0.10, 0.05), s = (0.30, 0.06), ρ = −0.5
//
// Because the log parameters reproduce s exactly, C_s[i][i] = s_i². The
// state means average to μ̄ = (0.035, 0.035), so with Cov(μ) = Σπ(μ−μ̄)(μ−μ̄)ᵀ:
//
//	Σ11 = .75·.0225 + .25·.09 + .75·.045² + .25·.135² = .039375 + .006075 = .04545
//	Σ22 = .75·.0025 + .25·.0036 + .75·.005² + .25·.015² = .002775 + .000075 = .00285
//	Σ12 = .75·c_A + .25·c_B + (.75·.045·(−.005) + .25·(−.135)·.015)
//
// with c_s = (1+m1)(1+m2)(exp(ρ·sl1·sl2) − 1):
// c_A = 1.08·1.03·(exp(0.2·0.138226001932·0.048515127589) − 1) = 0.001492963440899,
// c_B = 0.90·1.05·(exp(−0.5·0.324592845975·0.057096292237) − 1) = −0.008716417358784,
// so Σ12 = 0.001119722580674 − 0.002179104339696 − 0.000675 = −0.001734381759022.
func twoStateCase() ([]JointState, []Correlation) {
	corr := []Correlation{
		{Name: "base", Matrix: mat.NewSymDense(2, []float64{1, 0.2, 0.2, 1})},
		{Name: "stress", Matrix: mat.NewSymDense(2, []float64{1, -0.5, -0.5, 1})},
	}
	states := []JointState{
		{Name: "a", Stationary: 0.75, Correlation: 0, Assets: []StepParams{{M: 0.08, S: 0.15}, {M: 0.03, S: 0.05}}},
		{Name: "b", Stationary: 0.25, Correlation: 1, Assets: []StepParams{{M: -0.10, S: 0.30}, {M: 0.05, S: 0.06}}},
	}
	return states, corr
}

func TestLongRunCovariance(t *testing.T) {
	states, corr := twoStateCase()
	sigma := LongRunCovariance(states, corr)
	want := [2][2]float64{{0.04545, -0.001734381759022}, {-0.001734381759022, 0.00285}}
	for i := range 2 {
		for j := range 2 {
			if got := sigma.At(i, j); math.Abs(got-want[i][j]) > 1e-14 {
				t.Errorf("Σ[%d][%d] = %.15f, want %.15f", i, j, got, want[i][j])
			}
		}
	}
}

// TestDiversificationAndContributions uses w = (0.6, 0.4), one sleeve per
// asset. By hand, wᵀΣw = .36·.04545 + .16·.00285 + 2·.24·(−.001734381759022)
// = .016362 + .000456 − .000832503244331 = .015985496755669;
// DR = (.6·√.04545 + .4·√.00285) / √.015985496755669 = 1.180603859733;
// the equity sleeve's share is .6·(.6·.04545 + .4·(−.001734381759022)) / wᵀΣw
// = .997513472466 and the bond sleeve's the rest.
func TestDiversificationAndContributions(t *testing.T) {
	states, corr := twoStateCase()
	sigma := LongRunCovariance(states, corr)
	sleeves := []portfolio.Sleeve{
		{Name: "equity", Weight: 0.6, Holdings: []portfolio.Holding{{Asset: 0, Weight: 1}}},
		{Name: "bonds", Weight: 0.4, Holdings: []portfolio.Holding{{Asset: 1, Weight: 1}}},
	}
	w := []float64{0.6, 0.4}
	if got := DiversificationRatio(w, sigma); math.Abs(got-1.180603859733) > 1e-11 {
		t.Errorf("diversification ratio %.12f, want 1.180603859733", got)
	}
	rc := RiskContributions(sleeves, w, sigma)
	if math.Abs(rc[0]-0.997513472466) > 1e-11 || math.Abs(rc[0]+rc[1]-1) > 1e-15 {
		t.Errorf("contributions %v, want [0.997513472466, 0.002486527534] summing to 1", rc)
	}
}

// TestContributionsSharedAsset checks contributions still sum to one when an
// asset sits in two sleeves, and that a single-asset portfolio has ratio 1.
func TestContributionsSharedAsset(t *testing.T) {
	states, corr := twoStateCase()
	sigma := LongRunCovariance(states, corr)
	sleeves := []portfolio.Sleeve{
		{Name: "core", Weight: 0.7, Holdings: []portfolio.Holding{{Asset: 0, Weight: 0.5}, {Asset: 1, Weight: 0.5}}},
		{Name: "satellite", Weight: 0.3, Holdings: []portfolio.Holding{{Asset: 0, Weight: 1}}},
	}
	w := make([]float64, 2)
	portfolio.TargetWeights(w, sleeves)
	rc := RiskContributions(sleeves, w, sigma)
	if s := rc[0] + rc[1]; math.Abs(s-1) > 1e-14 {
		t.Errorf("contributions %v sum to %v", rc, s)
	}
	if dr := DiversificationRatio([]float64{1, 0}, sigma); math.Abs(dr-1) > 1e-15 {
		t.Errorf("single asset ratio %v, want 1", dr)
	}
	zero := mat.NewSymDense(2, nil)
	if dr := DiversificationRatio(w, zero); dr != 1 {
		t.Errorf("zero-variance ratio %v, want 1", dr)
	}
	if rc := RiskContributions(sleeves, w, zero); rc[0] != 0.7 || rc[1] != 0.3 {
		t.Errorf("zero-variance contributions %v, want the sleeve weights", rc)
	}
}

func TestCorrelationOf(t *testing.T) {
	cov := mat.NewSymDense(3, []float64{0.04, 0.006, 0, 0.006, 0.01, 0, 0, 0, 0})
	c := CorrelationOf(cov)
	want := [][]float64{{1, 0.3, 0}, {0.3, 1, 0}, {0, 0, 1}}
	for i := range 3 {
		for j := range 3 {
			if math.Abs(c.At(i, j)-want[i][j]) > 1e-12 {
				t.Errorf("[%d][%d] = %v, want %v", i, j, c.At(i, j), want[i][j])
			}
		}
	}
}
