package portfolio

import (
	"slices"
	"testing"
)

// TestScheduleDecide: a year's payments are the scenario's flows (an
// indexed one grown by the price index before its step) followed by the
// spending rule's parts, decided from the state at the year's start.
func TestScheduleDecide(t *testing.T) {
	l := NewLayout([]Sleeve{{Name: "s", Weight: 1, Holdings: []Holding{{0, 1}}}}, 1)
	flows := []Flow{
		{Amount: 100, Every: Quarter, StartYear: 1, EndYear: 2},             // 4 steps a year: every step
		{Amount: -50, Every: Year, StartYear: 2, EndYear: 3, Indexed: true}, // first step of years 2 and 3
		{Amount: 7, Every: Year, StartYear: 3, EndYear: 3},
	}
	sp := &Spending{Rule: Percent, Rate: 0.04, Every: Quarter, StartYear: 2, EndYear: 3}
	s := NewSchedule(&l, Policy{Every: Year}, nil, flows, sp, 4, 3)
	index := []float64{1.1, 1.2, 1.3, 1.4}
	for _, tc := range []struct {
		state State
		want  []float64
	}{
		{State{Year: 1, Value: 1000, Index: 1}, []float64{100, 100, 100, 100}},
		// Year 2: −50·1.1 at its first step; 4 % of 2000 = 80 in four parts of 20.
		{State{Year: 2, Value: 2000, Index: 1.1}, []float64{100 - 55 - 20, 100 - 20, 100 - 20, 100 - 20}},
		{State{Year: 3, Value: 500, Index: 1.1}, []float64{7 - 55 - 5, -5, -5, -5}},
	} {
		pay := make([]float64, 4)
		plan, withdrawal := s.Decide(tc.state, new(SpendMemory), index, pay)
		for i := range pay {
			if d := pay[i] - tc.want[i]; d > 1e-12 || d < -1e-12 {
				t.Errorf("year %d: payments %v, want %v", tc.state.Year, pay, tc.want)
				break
			}
		}
		if wantW := 0.04 * tc.state.Value; tc.state.Year > 1 && withdrawal != wantW {
			t.Errorf("year %d: withdrawal %v, want %v", tc.state.Year, withdrawal, wantW)
		}
		if plan.Targets[0] != 1 || plan.Bands != nil {
			t.Errorf("year %d: targets %v, bands %v", tc.state.Year, plan.Targets, plan.Bands)
		}
	}
}

// TestScheduleForeseen: a schedule is foreseen (decided for every year at
// a path's start) only without a spending rule and with the same targets
// every year; a glide path that never moves the targets keeps it
// foreseen, and its years then decide the same plan and the flows alone.
func TestScheduleForeseen(t *testing.T) {
	l := NewLayout([]Sleeve{
		{Name: "a", Weight: 0.6, Holdings: []Holding{{0, 1}}},
		{Name: "b", Weight: 0.4, Holdings: []Holding{{1, 1}}},
	}, 2)
	flows := []Flow{{Amount: -10, Every: Year, StartYear: 1, EndYear: 3, Indexed: true}}
	pol := Policy{Every: Quarter, Band: 0.05}
	for _, tc := range []struct {
		name  string
		glide []Waypoint
		sp    *Spending
		want  bool
	}{
		{"flows alone", nil, nil, true},
		{"a spending rule", nil, &Spending{Rule: Percent, Rate: 0.04, Every: Year, StartYear: 1, EndYear: 3}, false},
		{"a glide path", []Waypoint{{Year: 2, Weights: []float64{0.4, 0.6}}}, nil, false},
		{"a glide path that stays put", []Waypoint{{Year: 2, Weights: []float64{0.6, 0.4}}}, nil, true},
	} {
		s := NewSchedule(&l, pol, tc.glide, flows, tc.sp, 4, 3)
		if got := s.Foreseen(); got != tc.want {
			t.Errorf("%s: Foreseen() = %v, want %v", tc.name, got, tc.want)
		}
		if !s.Foreseen() {
			continue
		}
		for y := 1; y <= 3; y++ { // the state's value plays no part
			pay, again := make([]float64, 4), make([]float64, 4)
			index := []float64{1.1, 1.1, 1.1, 1.1}
			p1, w1 := s.Decide(State{Year: y, Value: 1e6, Index: 1.1}, new(SpendMemory), index, pay)
			p2, w2 := s.Decide(State{Year: y, Index: 1.1}, new(SpendMemory), index, again)
			if p1 != p2 || !slices.Equal(p1.Targets, s.Plan(1).Targets) || w1 != 0 || w2 != 0 || pay[0] != again[0] || pay[0] != -11 {
				t.Errorf("%s, year %d: targets %v and %v (year 1's %v), withdrawals %v %v, payments %v %v",
					tc.name, y, p1.Targets, p2.Targets, s.Plan(1).Targets, w1, w2, pay, again)
			}
		}
	}
}
