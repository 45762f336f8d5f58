package reports

import (
	"encoding/json"
	"math"
	"strings"
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

// TestCalibrationTableNamesTheBestCounts: the console says what Share and
// Stay are, and, when the state count fitted is not the one the lowest BIC
// or AIC points to, which counts those are; nothing when both agree with it.
func TestCalibrationTableNamesTheBestCounts(t *testing.T) {
	c := testCalibration(t) // two states fitted, one to four compared
	set := func(bic, aic []float64) {
		for i, m := range c.Models {
			m.BIC, m.AIC = bic[i], aic[i]
		}
	}
	for _, tc := range []struct {
		name     string
		bic, aic []float64
		want     string // "" for no such sentence
	}{
		{"others lower", []float64{4, 3, 1, 2}, []float64{4, 3, 2, 1}, "The lowest BIC is at 3 states, the lowest AIC at 4 states"},
		{"the fitted count lowest", []float64{4, 1, 2, 3}, []float64{4, 1, 2, 3}, ""},
	} {
		if len(c.Models) != len(tc.bic) {
			t.Fatalf("%d models compared, want %d", len(c.Models), len(tc.bic))
		}
		set(tc.bic, tc.aic)
		var out strings.Builder
		if err := c.WriteTable(&out); err != nil {
			t.Fatal(err)
		}
		text := out.String()
		if !strings.Contains(text, "Stay (m): its average stay, in months.") || strings.Contains(text, "The lowest BIC") != (tc.want != "") ||
			!strings.Contains(text, tc.want) {
			t.Errorf("%s: want %q:\n%s", tc.name, tc.want, text)
		}
	}
}
