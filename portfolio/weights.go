package portfolio

// Holding is one asset's share of a sleeve.
type Holding struct {
	Asset  int     // index into the scenario's assets
	Weight float64 // fraction of the sleeve
}

// Sleeve is a named slice of a portfolio with its own holdings.
type Sleeve struct {
	Name     string
	Weight   float64 // fraction of the portfolio
	Holdings []Holding
}

// AssetWeights writes into dst (length = number of assets, zeroed first) the
// sleeve's contribution to each asset's portfolio weight: sleeve weight ×
// holding weight.
func (s Sleeve) AssetWeights(dst []float64) {
	clear(dst)
	for _, h := range s.Holdings {
		dst[h.Asset] += float64(s.Weight * h.Weight)
	}
}

// TargetWeights writes into dst (length = number of assets) each asset's
// portfolio target: sleeve weight × holding weight summed over sleeves, so an
// asset held in several sleeves gets the sum.
func TargetWeights(dst []float64, sleeves []Sleeve) {
	clear(dst)
	for _, s := range sleeves {
		for _, h := range s.Holdings {
			dst[h.Asset] += float64(s.Weight * h.Weight)
		}
	}
}
