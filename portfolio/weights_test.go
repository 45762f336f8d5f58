package portfolio

import (
	"math"
	"testing"
)

func TestTargetWeights(t *testing.T) {
	tests := []struct {
		name    string
		sleeves []Sleeve
		want    []float64
	}{
		{
			name: "one sleeve per asset",
			sleeves: []Sleeve{
				{Name: "equity", Weight: 0.6, Holdings: []Holding{{0, 1}}},
				{Name: "bonds", Weight: 0.4, Holdings: []Holding{{2, 1}}},
			},
			want: []float64{0.6, 0, 0.4},
		},
		{
			name: "asset held in two sleeves adds up",
			sleeves: []Sleeve{
				{Name: "core", Weight: 0.5, Holdings: []Holding{{0, 0.7}, {1, 0.3}}},
				{Name: "satellite", Weight: 0.5, Holdings: []Holding{{0, 0.2}, {2, 0.8}}},
			},
			want: []float64{0.45, 0.15, 0.40},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := make([]float64, len(tc.want))
			got[1] = 99 // TargetWeights must clear dst
			TargetWeights(got, tc.sleeves)
			for i := range got {
				if math.Abs(got[i]-tc.want[i]) > 1e-15 {
					t.Fatalf("weights = %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func TestPeriodStepsPer(t *testing.T) {
	tests := []struct {
		p      Period
		k      int
		want   int
		wantOK bool
	}{
		{Month, 12, 1, true},
		{Quarter, 12, 3, true},
		{Year, 12, 12, true},
		{Quarter, 4, 1, true},
		{Month, 4, 0, false},
		{Quarter, 1, 0, false},
		{Year, 1, 1, true},
		{Never, 12, 0, false},
	}
	for _, tc := range tests {
		got, ok := tc.p.StepsPer(tc.k)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%v.StepsPer(%d) = %d, %v; want %d, %v", tc.p, tc.k, got, ok, tc.want, tc.wantOK)
		}
	}
}
