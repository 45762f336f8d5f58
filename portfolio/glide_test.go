package portfolio

import (
	"slices"
	"testing"
)

// glideLayout is three sleeves over four assets (the middle one of two
// holdings) at 60/10/30.
func glideLayout() Layout {
	return NewLayout([]Sleeve{
		{Name: "A", Weight: 0.6, Holdings: []Holding{{0, 1}}},
		{Name: "B", Weight: 0.1, Holdings: []Holding{{1, 0.5}, {2, 0.5}}},
		{Name: "C", Weight: 0.3, Holdings: []Holding{{3, 1}}},
	}, 4)
}

// glide: 40/10/50 at the end of year 2, 20/0/80 at the end of year 4.
var glide = []Waypoint{
	{Year: 2, Weights: []float64{0.4, 0.1, 0.5}},
	{Year: 4, Weights: []float64{0.2, 0, 0.8}},
}

// TestGlidePathByYear: year y's targets interpolate the waypoints at
// y − 1 (year 0 = the sleeves' weights, the last waypoint's weights after
// it), position targets, bands and band_edge edges follow them, and
// Changes says which years' targets moved.
func TestGlidePathByYear(t *testing.T) {
	l := glideLayout()
	pol := Policy{Every: Year, Band: 0.05, RelativeBand: 0.5, To: ToBandEdge}
	s := NewSchedule(&l, pol, glide, nil, nil, 1, 7)
	for _, tc := range []struct {
		y       int
		targets []float64
		changes bool
	}{
		{1, []float64{0.6, 0.1, 0.3}, false},  // year 0's: the sleeves' own
		{2, []float64{0.5, 0.1, 0.4}, true},   // halfway to year 2's waypoint
		{3, []float64{0.4, 0.1, 0.5}, true},   // at it
		{4, []float64{0.3, 0.05, 0.65}, true}, // halfway to year 4's
		{5, []float64{0.2, 0, 0.8}, true},     // at it
		{6, []float64{0.2, 0, 0.8}, false},    // held after the last waypoint
		{7, []float64{0.2, 0, 0.8}, false},
	} {
		p := s.Plan(tc.y)
		near(t, "targets", p.Targets, tc.targets)
		if len(p.Targets) != 3 {
			t.Fatalf("year %d: %d targets", tc.y, len(p.Targets))
		}
		pos := []float64{tc.targets[0], tc.targets[1] / 2, tc.targets[1] / 2, tc.targets[2]}
		near(t, "position targets", p.PosTargets, pos)
		for k, target := range tc.targets {
			d := min(0.05, 0.5*target) // the tighter band
			if !closeTo(p.Bands[k], d+bandSlack) {
				t.Errorf("year %d, sleeve %d: band %v, want %v", tc.y, k, p.Bands[k], d)
			}
			e := p.Edges[k]
			if !closeTo(e.High, target+d) || !closeTo(e.Low, max(target-d, 0)) ||
				!closeTo(e.Above, target+d+bandSlack) || !closeTo(e.Below, target-d-bandSlack) {
				t.Errorf("year %d, sleeve %d: edge %+v around %v ± %v", tc.y, k, e, target, d)
			}
		}
		if got := s.Changes(tc.y); got != tc.changes {
			t.Errorf("Changes(%d) = %v, want %v", tc.y, got, tc.changes)
		}
	}
	// Waypoints' years give their weights exactly, not within rounding.
	if !slices.Equal(s.Plan(3).Targets, glide[0].Weights) || !slices.Equal(s.Plan(5).Targets, glide[1].Weights) {
		t.Errorf("targets at the waypoints %v, %v; want %v, %v exactly", s.Plan(3).Targets, s.Plan(5).Targets, glide[0].Weights, glide[1].Weights)
	}
	// Out of range: year 1's plan before, the last year's after.
	if s.Plan(0) != s.Plan(1) || s.Plan(8) != s.Plan(7) || s.Changes(0) || s.Changes(8) {
		t.Error("Plan or Changes out of the horizon")
	}
	// Decide returns the year's plan.
	pay := make([]float64, 1)
	if yr, _ := s.Decide(State{Year: 4, Value: 1, Index: 1}, new(SpendMemory), []float64{1}, pay); !slices.Equal(yr.Targets, s.Plan(4).Targets) {
		t.Errorf("Decide's targets %v, want year 4's %v", yr.Targets, s.Plan(4).Targets)
	}
}

// TestGlideTargetsUnevenSegment: a third of the way along a three-year
// segment, and a change below 1e-12 that is not a change.
func TestGlideTargetsUnevenSegment(t *testing.T) {
	got := GlideTargets(make([]float64, 2), []float64{0.9, 0.1}, []Waypoint{{Year: 3, Weights: []float64{0.3, 0.7}}}, 2)
	near(t, "targets", got, []float64{0.7, 0.3})

	l := sixtyForty()
	tiny := []Waypoint{{Year: 1, Weights: []float64{0.6 + 5e-13, 0.4 - 5e-13}}, {Year: 2, Weights: []float64{0.5, 0.5}}}
	s := NewSchedule(&l, Policy{Every: Year}, tiny, nil, nil, 1, 4)
	for y, want := range []bool{false, false, true, false} {
		if got := s.Changes(y + 1); got != want {
			t.Errorf("Changes(%d) = %v, want %v", y+1, got, want)
		}
	}
	if s.Plan(2).Targets[0] != 0.6+5e-13 {
		t.Errorf("year 2's target %v, want the waypoint's %v", s.Plan(2).Targets[0], 0.6+5e-13)
	}
}

// TestGlidePathBandsAndTrades: a band check and a rebalance in a glide
// year measure against and trade to that year's targets.
func TestGlidePathBandsAndTrades(t *testing.T) {
	l := glideLayout()
	s := NewSchedule(&l, Policy{Every: Year, Band: 0.05, RelativeBand: 0.5, To: ToTarget}, glide, nil, nil, 1, 7)
	yr := s.Plan(4) // 30/5/65, B's band 2.5 %
	if !yr.SleevesOutOfBand([]float64{30, 38, 100}, 1) {
		t.Error("B 3 % off its 5 % target: want out of band")
	}
	if yr.SleevesOutOfBand([]float64{32, 39, 100}, 1) {
		t.Error("every sleeve within its band: want in band")
	}
	if s.Plan(1).SleevesOutOfBand([]float64{30, 38, 100}, 1) == false {
		t.Error("year 1 measures against 60/10/30: want out of band")
	}
	pos := []float64{30, 4, 4, 62}
	traded, _, _ := l.Rebalance(pos, yr, l.NewScratch())
	near(t, "positions at year 4's targets", pos, []float64{30, 2.5, 2.5, 65})
	if !closeTo(traded, 6) {
		t.Errorf("traded %v, want 6", traded)
	}
}

// TestNoGlidePath: without waypoints every year is the layout's own plan
// and nothing changes.
func TestNoGlidePath(t *testing.T) {
	l := sixtyForty()
	s := NewSchedule(&l, Policy{Every: Year, Band: 0.05}, nil, nil, nil, 4, 3)
	for y := 1; y <= 3; y++ {
		if p := s.Plan(y); !slices.Equal(p.Targets, l.SleeveTarget) || !slices.Equal(p.PosTargets, l.PosTarget) || s.Changes(y) {
			t.Errorf("year %d: targets %v, changes %v", y, p.Targets, s.Changes(y))
		}
	}
	if !s.Banded() {
		t.Error("Banded = false with a band")
	}
}
