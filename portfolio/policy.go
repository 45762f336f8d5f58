package portfolio

import "fmt"

// Period is a calendar frequency for rebalancing and cash flows.
type Period int

// Periods, from the shortest. Never means "not on any calendar".
const (
	Month Period = iota + 1
	Quarter
	Year
	Never
)

// ParsePeriod reads the scenario-file spelling of a period.
func ParsePeriod(s string) (Period, bool) {
	switch s {
	case "month":
		return Month, true
	case "quarter":
		return Quarter, true
	case "year":
		return Year, true
	case "never":
		return Never, true
	}
	return 0, false
}

func (p Period) String() string {
	switch p {
	case Month:
		return "month"
	case Quarter:
		return "quarter"
	case Year:
		return "year"
	case Never:
		return "never"
	}
	return fmt.Sprintf("Period(%d)", int(p))
}

// PerYear is how many periods fit in a year (0 for Never).
func (p Period) PerYear() int {
	switch p {
	case Month:
		return 12
	case Quarter:
		return 4
	case Year:
		return 1
	}
	return 0
}

// StepsPer is the number of simulation steps in one period, given the steps
// per year, and whether the period is a whole number of steps (a period
// shorter than a step is not). Never has no steps.
func (p Period) StepsPer(stepsPerYear int) (int, bool) {
	n := p.PerYear()
	if n == 0 || stepsPerYear%n != 0 {
		return 0, false
	}
	return stepsPerYear / n, true
}

// Target says where a rebalance trades to.
type Target int

// Rebalancing destinations.
const (
	ToTarget   Target = iota + 1 // every asset back to its target weight
	ToBandEdge                   // out-of-band sleeves to the nearest band edge
)

// ParseTarget reads the scenario-file spelling of a rebalancing destination.
func ParseTarget(s string) (Target, bool) {
	switch s {
	case "target":
		return ToTarget, true
	case "band_edge":
		return ToBandEdge, true
	}
	return 0, false
}

func (t Target) String() string {
	switch t {
	case ToTarget:
		return "target"
	case ToBandEdge:
		return "band_edge"
	}
	return fmt.Sprintf("Target(%d)", int(t))
}

// Policy is a portfolio's rebalancing policy after defaults are merged.
// A band of 0 is off; with both bands off every due step rebalances.
type Policy struct {
	Every        Period
	Band         float64 // absolute drift of a sleeve's weight that triggers
	RelativeBand float64 // drift as a fraction of the sleeve's target that triggers
	To           Target
	CostBps      float64 // cost in basis points of the value traded
}

// DefaultPolicy is the built-in policy that a scenario's defaults and each
// portfolio override key by key.
func DefaultPolicy() Policy {
	return Policy{Every: Year, To: ToTarget}
}

// Banded reports whether either drift band is set.
func (p Policy) Banded() bool { return p.Band > 0 || p.RelativeBand > 0 }
