package portfolio

import "testing"

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
