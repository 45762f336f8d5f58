package configs

// File is a scenario file as written. Pointers mark optional values whose
// absence matters (a default applies, or the key is required); the strict
// decoder fills fields by their `key` tags.
type File struct {
	Format       *int                   `key:"format"`
	Scenario     ScenarioInfo           `key:"scenario"`
	Simulation   Simulation             `key:"simulation"`
	Assets       []Asset                `key:"assets"`
	Correlations map[string][][]float64 `key:"correlations"`
	Inflation    *Inflation             `key:"inflation"`
	Regimes      *Regimes               `key:"regimes"`
	Defaults     Defaults               `key:"defaults"`
	Cashflows    Cashflows              `key:"cashflows"`
	Household    Household              `key:"household"`
	Spending     *Spending              `key:"spending"`
	Goal         *Goal                  `key:"goal"`
	Portfolios   []Portfolio            `key:"portfolios"`
	Baseline     *string                `key:"baseline"`
	StressTests  []StressTest           `key:"stress_tests"`
	Report       Report                 `key:"report"`
}

// ScenarioInfo is the descriptive block shown on the report's cover.
type ScenarioInfo struct {
	Name       string `key:"name"`
	Client     string `key:"client"`
	PreparedBy string `key:"prepared_by"`
	AsOf       string `key:"as_of"`
	Currency   string `key:"currency"`
}

// Simulation holds the run settings.
type Simulation struct {
	Paths            *int     `key:"paths"`
	HorizonYears     *int     `key:"horizon_years"`
	StepsPerYear     *int     `key:"steps_per_year"`
	Seed             *uint64  `key:"seed"`
	ReturnModel      *string  `key:"return_model"`
	DegreesOfFreedom *float64 `key:"degrees_of_freedom"`
	BlockMonths      *int     `key:"block_months"`
	BlockType        *string  `key:"block_type"`
	HistoryWindow    *Window  `key:"history_window"`
}

// Window is a range of months of history, YYYY-MM; Wrap (historical
// only) starts a rolling window at every month, wrapping to the first.
type Window struct {
	From *string `key:"from"`
	To   *string `key:"to"`
	Wrap *bool   `key:"wrap"`
}

// Asset is one asset class's capital market assumptions.
type Asset struct {
	ID             string   `key:"id"`
	Name           string   `key:"name"`
	ExpectedReturn *float64 `key:"expected_return"`
	Volatility     *float64 `key:"volatility"`
	ExpenseRatio   *float64 `key:"expense_ratio"`
	RiskFree       bool     `key:"risk_free"`
	History        *string  `key:"history"`
}

// Inflation is the price-index series' assumptions.
type Inflation struct {
	Expected   *float64 `key:"expected"`
	Volatility *float64 `key:"volatility"`
	History    *string  `key:"history"`
}

// Regimes holds the regime chains.
type Regimes struct {
	Anchor *string `key:"anchor"`
	Chains []Chain `key:"chains"`
}

// Chain is one Markov chain of regime states.
type Chain struct {
	Name   string  `key:"name"`
	Start  *string `key:"start"`
	States []State `key:"states"`
}

// State is one regime state of a chain.
type State struct {
	Name         string             `key:"name"`
	MeanYears    *float64           `key:"mean_years"`
	Next         map[string]float64 `key:"next"`
	Effects      map[string]Effect  `key:"effects"`
	Correlations *string            `key:"correlations"`
	Label        *string            `key:"label"`
}

// Effect changes an asset's (or inflation's) assumptions while a state holds.
type Effect struct {
	Return   *float64 `key:"return"`
	VolScale *float64 `key:"vol_scale"`
}

// Defaults are every portfolio's policy unless it overrides a key.
type Defaults struct {
	Fee       *float64  `key:"fee"`
	Rebalance Rebalance `key:"rebalance"`
}

// Rebalance is a rebalancing policy as written; absent keys inherit.
type Rebalance struct {
	Every        *string  `key:"every"`
	Band         *float64 `key:"band"`
	RelativeBand *float64 `key:"relative_band"`
	To           *string  `key:"to"`
	CostBps      *float64 `key:"cost_bps"`
}

// Cashflows holds the initial investment and recurring flows.
type Cashflows struct {
	Initial *float64 `key:"initial"`
	Flows   []Flow   `key:"flows"`
}

// Flow is one recurring contribution (positive) or withdrawal (negative).
type Flow struct {
	Name      string   `key:"name"`
	Amount    *float64 `key:"amount"`
	Every     *string  `key:"every"`
	StartYear *int     `key:"start_year"`
	EndYear   *int     `key:"end_year"`
	Indexed   bool     `key:"indexed"`
}

// Goal is the wealth the client hopes to reach.
type Goal struct {
	TargetWealth *float64 `key:"target_wealth"`
	Real         bool     `key:"real"`
}

// Portfolio is a model portfolio built from sleeves.
type Portfolio struct {
	Name      string     `key:"name"`
	Sleeves   []Sleeve   `key:"sleeves"`
	Fee       *float64   `key:"fee"`
	Rebalance Rebalance  `key:"rebalance"`
	GlidePath []Waypoint `key:"glide_path"`
}

// Sleeve is a named slice of a portfolio.
type Sleeve struct {
	Name     string             `key:"name"`
	Weight   *float64           `key:"weight"`
	Holdings map[string]float64 `key:"holdings"`
}

// StressTest is a deterministic one-period shock (Returns) or an episode
// of history (History).
type StressTest struct {
	Name    string             `key:"name"`
	Returns map[string]float64 `key:"returns"`
	History *Episode           `key:"history"`
	Note    string             `key:"note"`
}

// Episode is the months of history a stress test replays, YYYY-MM.
type Episode struct {
	From *string `key:"from"`
	To   *string `key:"to"`
}

// Report holds the report settings.
type Report struct {
	File        string    `key:"file"`
	Percentiles []float64 `key:"percentiles"`
}
