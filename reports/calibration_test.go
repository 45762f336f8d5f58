package reports

import (
	"encoding/json"
	"math"
	"testing"
)

// TestCalibrationJSONRawFigures: the calibration JSON carries the fit's own
// monthly means and covariances and its initial state probabilities, not
// only the annualized figures, and the annualized mean is (1+μ)^12 − 1 of
// the monthly one.
func TestCalibrationJSONRawFigures(t *testing.T) {
	c := testCalibration(t)
	data, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Initial map[string]float64 `json:"initial_state_probabilities"`
		Detail  []struct {
			Name       string             `json:"name"`
			AnnualMean map[string]float64 `json:"annual_mean"`
			Mean       map[string]float64 `json:"monthly_mean"`
			Cov        [][]float64        `json:"monthly_covariance"`
		} `json:"state_detail"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	f := c.Fit
	total := 0.0
	for k, st := range doc.Detail {
		p, ok := doc.Initial[st.Name]
		if !ok || p != f.Initial[k] {
			t.Errorf("%s: initial probability %v (%v), want %v", st.Name, p, ok, f.Initial[k])
		}
		total += p
		for i, col := range c.Columns {
			if st.Mean[col] != f.Means[k][i] {
				t.Errorf("%s %s: monthly mean %v, want %v", st.Name, col, st.Mean[col], f.Means[k][i])
			}
			if want := math.Pow(1+f.Means[k][i], 12) - 1; math.Abs(st.AnnualMean[col]-want) > 1e-15 {
				t.Errorf("%s %s: annual mean %v, want (1+μ)^12 − 1 = %v", st.Name, col, st.AnnualMean[col], want)
			}
			for j := range c.Columns {
				if st.Cov[i][j] != f.Covs[k][i][j] {
					t.Errorf("%s: covariance [%d][%d] %v, want %v", st.Name, i, j, st.Cov[i][j], f.Covs[k][i][j])
				}
			}
		}
	}
	if math.Abs(total-1) > 1e-9 {
		t.Errorf("initial probabilities sum to %v", total)
	}
}
