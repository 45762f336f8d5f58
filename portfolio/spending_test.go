package portfolio

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// closeTo reports whether got is want up to a relative 1e-12.
func closeTo(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))
}

// yearState is one scripted year of a path: its state at the year's
// start, the withdrawal the rule must decide, and the guardrails' action.
type yearState struct {
	st    State
	want  float64
	guard GuardAction
}

// runRule decides each scripted year in turn on one path (one step a year,
// so each year's payment is −S_y) and checks S_y, the payment and, for
// guardrails, the action taken.
func runRule(t *testing.T, name string, sp *Spending, years []yearState) {
	t.Helper()
	sp.Every = Year
	l := NewLayout([]Sleeve{{Name: "s", Weight: 1, Holdings: []Holding{{0, 1}}}}, 1)
	s := NewSchedule(&l, Policy{Every: Year}, nil, nil, sp, 1, len(years))
	var mem SpendMemory
	pay := make([]float64, 1)
	for _, ys := range years {
		_, withdrawal := s.Decide(ys.st, &mem, []float64{ys.st.Index}, pay)
		if !closeTo(withdrawal, ys.want) || !closeTo(pay[0], -ys.want) {
			t.Errorf("%s, year %d: S = %v (pays %v), want %v", name, ys.st.Year, withdrawal, pay[0], ys.want)
		}
		if mem.Guard != ys.guard {
			t.Errorf("%s, year %d: guardrails action %v, want %v", name, ys.st.Year, mem.Guard, ys.guard)
		}
	}
}

// TestSpendingRules runs each rule of SCENARIO.md, "Spending rules", on
// scripted states (P_y, I_y, last year's return) and checks every year's
// S_y against the formula worked by hand, each branch of each rule hit.
func TestSpendingRules(t *testing.T) {
	gr := GuardrailParams{Upper: 0.2, Lower: 0.2, Cut: 0.1, Raise: 0.1, PreservationYears: 15}
	fc := FloorCeilingParams{Floor: 0.025, Ceiling: 0.05}
	for _, tc := range []struct {
		name  string
		sp    Spending
		years []yearState
	}{
		{"constant from amount: S_1 = amount·I_1, then indexed by I_y/I_1",
			Spending{Rule: Constant, Amount: 40000, Initial: 1e6, StartYear: 1, EndYear: 3},
			[]yearState{
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 40000},
				{st: State{Year: 2, Value: 5e5, Index: 1.03}, want: 41200},
				{st: State{Year: 3, Value: 2e6, Index: 1.0609}, want: 42436},
			}},
		{"constant from initial_rate, rule's year 1 = start_year 2, ends at 3 of 4",
			Spending{Rule: Constant, InitialRate: 0.04, Initial: 1e6, StartYear: 2, EndYear: 3},
			[]yearState{
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 0},          // before start_year
				{st: State{Year: 2, Value: 9e5, Index: 1.03}, want: 40000},   // initial_rate × initial, not indexed
				{st: State{Year: 3, Value: 9e5, Index: 1.0609}, want: 41200}, // × I_3/I_2
				{st: State{Year: 4, Value: 9e5, Index: 1.1}, want: 0},        // after end_year
			}},
		{"constant from amount starting in year 2: S_1 = amount·I_2",
			Spending{Rule: Constant, Amount: 40000, Initial: 1e6, StartYear: 2, EndYear: 3},
			[]yearState{
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 0},
				{st: State{Year: 2, Value: 1e6, Index: 1.03}, want: 41200},
				{st: State{Year: 3, Value: 1e6, Index: 1.0609}, want: 42436},
			}},
		{"percent: rate·P_y",
			Spending{Rule: Percent, Rate: 0.04, StartYear: 1, EndYear: 2},
			[]yearState{
				{st: State{Year: 1, Value: 2000, Index: 1}, want: 80},
				{st: State{Year: 2, Value: 500, Index: 1.5}, want: 20},
			}},
		{"floor_ceiling: T in year 1, then clamped at the ceiling, at the floor, and inside",
			Spending{Rule: FloorCeiling, Rate: 0.04, FloorCeiling: fc, StartYear: 1, EndYear: 4},
			[]yearState{
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 40000},
				// T = 48000; S_1·I_2/I_1 = 40800, ceiling 40800·1.05 = 42840.
				{st: State{Year: 2, Value: 1.2e6, Index: 1.02}, want: 42840},
				// T = 32000; no inflation, floor 42840·0.975 = 41769.
				{st: State{Year: 3, Value: 8e5, Index: 1.02}, want: 41769},
				// T = 42000 within 41769·(0.975, 1.05) = (40724.775, 43857.45).
				{st: State{Year: 4, Value: 1.05e6, Index: 1.02}, want: 42000},
			}},
		{"ninety_five: rate·P_y, held at 95 % of last year's",
			Spending{Rule: NinetyFive, Rate: 0.04, StartYear: 1, EndYear: 3},
			[]yearState{
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 40000},
				{st: State{Year: 2, Value: 9e5, Index: 1.1}, want: 38000}, // 36000 < 0.95·40000
				{st: State{Year: 3, Value: 1.1e6, Index: 1.1}, want: 44000},
			}},
		{"vpw: annuity-due factors for n = 3, 2, then exactly 1",
			Spending{Rule: VPW, RealReturn: 0.035, StartYear: 1, EndYear: 3},
			[]yearState{
				// n = 3: 1/(1 + v + v²) with v = 1/1.035, = 1.035²/(1.035² + 1.035 + 1).
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 1e6 * 1.071225 / 3.106225},
				// n = 2: (1 + r)/(2 + r).
				{st: State{Year: 2, Value: 7e5, Index: 1}, want: 7e5 * 1.035 / 2.035},
				{st: State{Year: 3, Value: 3e5, Index: 1}, want: 3e5},
			}},
		{"vpw at r = 0: P_y/n",
			Spending{Rule: VPW, StartYear: 1, EndYear: 4},
			[]yearState{
				{st: State{Year: 1, Value: 1000, Index: 1}, want: 250},
				{st: State{Year: 2, Value: 900, Index: 1}, want: 300},
				{st: State{Year: 3, Value: 500, Index: 1}, want: 250},
				{st: State{Year: 4, Value: 123, Index: 1}, want: 123},
			}},
		{"rmd without rate: 0 before start_age, then P_y/D(age)",
			Spending{Rule: RMD, RMDStartAge: 73, Age: 71, StartYear: 1, EndYear: 4},
			[]yearState{
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 0},          // age 71
				{st: State{Year: 2, Value: 1e6, Index: 1}, want: 0},          // 72 < start_age
				{st: State{Year: 3, Value: 1e6, Index: 1}, want: 1e6 / 26.5}, // 73
				{st: State{Year: 4, Value: 9e5, Index: 1}, want: 9e5 / 25.5}, // 74
			}},
		{"rmd with rate: max(rate, 1/D)",
			Spending{Rule: RMD, Rate: 0.04, RMDStartAge: 73, Age: 72, StartYear: 1, EndYear: 3},
			[]yearState{
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 40000}, // 72: before start, rate
				{st: State{Year: 2, Value: 1e6, Index: 1}, want: 40000}, // 1/26.5 < 0.04
				{st: State{Year: 3, Value: 1e6, Index: 1}, want: 40000}, // 1/25.5 < 0.04
			}},
		{"rmd at 119, 120 and over: D = 2.3, then 2.0",
			Spending{Rule: RMD, RMDStartAge: 72, Age: 119, StartYear: 1, EndYear: 3},
			[]yearState{
				{st: State{Year: 1, Value: 1000, Index: 1}, want: 1000 / 2.3},
				{st: State{Year: 2, Value: 1000, Index: 1}, want: 500},
				{st: State{Year: 3, Value: 1000, Index: 1}, want: 500}, // 121
			}},
		{"guardrails: freeze, freeze then cut, raise, plain indexing, loss year without freeze",
			Spending{Rule: Guardrails, InitialRate: 0.05, Initial: 1e6, Guardrails: gr, StartYear: 1, EndYear: 30},
			[]yearState{
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 50000}, // IWR 5 %
				// B = 51500, a loss year and 51500/950000 > 5 %: B = 50000;
				// WR 5.26 % within (4 %, 6 %).
				{st: State{Year: 2, Value: 9.5e5, Index: 1.03, LastReturn: -0.05}, want: 50000, guard: GuardFroze},
				// B = 51500 frozen to 50000; WR 6.67 % > 6 % with 28 > 15 years
				// left: cut to 45000.
				{st: State{Year: 3, Value: 7.5e5, Index: 1.0609, LastReturn: -0.2}, want: 45000, guard: GuardCut},
				// No inflation; WR 3 % < 4 %: raised to 49500.
				{st: State{Year: 4, Value: 1.5e6, Index: 1.0609, LastReturn: 0.3}, want: 49500, guard: GuardRaise},
				// B = 49500·1.02 = 50490, WR 5.049 %: indexed as usual.
				{st: State{Year: 5, Value: 1e6, Index: 1.082118, LastReturn: 0.05}, want: 50490},
				// A loss year, but B = 51499.8 is below IWR·P_y: still
				// indexed; WR 3.96 % < 4 %: raised to 56649.78.
				{st: State{Year: 6, Value: 1.3e6, Index: 1.10376036, LastReturn: -0.02}, want: 56649.78, guard: GuardRaise},
			}},
		{"guardrails: the cut only while more than preservation_years remain",
			Spending{Rule: Guardrails, Amount: 50000, Initial: 1e6, Guardrails: gr, StartYear: 1, EndYear: 17},
			[]yearState{
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 50000},
				// Frozen at 50000, WR 7.14 % > 6 % with 16 > 15 years left: cut.
				{st: State{Year: 2, Value: 7e5, Index: 1.03, LastReturn: -0.3}, want: 45000, guard: GuardCut},
				// Frozen, WR 7.5 % > 6 % but 15 years left: no cut.
				{st: State{Year: 3, Value: 6e5, Index: 1.06, LastReturn: -0.1}, want: 45000, guard: GuardFroze},
			}},
		{"min and max clamp last, in today's money × I_y",
			Spending{Rule: Percent, Rate: 0.04, MinAmount: 30000, MaxAmount: 45000, HasMin: true, HasMax: true, StartYear: 1, EndYear: 5},
			[]yearState{
				{st: State{Year: 1, Value: 5e5, Index: 1}, want: 30000},   // 20000 up to min
				{st: State{Year: 2, Value: 2e6, Index: 1.1}, want: 49500}, // 80000 down to 45000·1.1
				{st: State{Year: 3, Value: 7e5, Index: 1.1}, want: 33000}, // 28000 up to 30000·1.1
				{st: State{Year: 4, Value: 1e6, Index: 1.1}, want: 40000}, // inside (33000, 49500)
				{st: State{Year: 5, Value: 0, Index: 1.1}, want: 0},       // depleted: spends 0 whatever min says
			}},
		{"the clamped S_y is next year's S_{y−1}",
			Spending{Rule: NinetyFive, Rate: 0.04, MaxAmount: 35000, HasMax: true, StartYear: 1, EndYear: 2},
			[]yearState{
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 35000},
				{st: State{Year: 2, Value: 5e5, Index: 1}, want: 33250}, // 0.95·35000, not 0.95·40000
			}},
		{"guardrails' IWR and constant's S_1 after the min clamp",
			Spending{Rule: Guardrails, InitialRate: 0.04, Initial: 1e6, MinAmount: 50000, HasMin: true, Guardrails: gr, StartYear: 1, EndYear: 30},
			[]yearState{
				{st: State{Year: 1, Value: 1e6, Index: 1}, want: 50000}, // IWR = 5 %
				// B = 50000, WR 5.56 %: within 5 % ± 20 % (a 4 % IWR would cut).
				{st: State{Year: 2, Value: 9e5, Index: 1}, want: 50000},
			}},
	} {
		runRule(t, tc.name, &tc.sp, tc.years)
	}
}

// TestSpendingPaidEvery: the year's S_y is paid in equal parts at the first
// step of each period of Every, after the scenario's flows.
func TestSpendingPaidEvery(t *testing.T) {
	l := NewLayout([]Sleeve{{Name: "s", Weight: 1, Holdings: []Holding{{0, 1}}}}, 1)
	for _, tc := range []struct {
		every Period
		want  []float64
	}{
		{Year, []float64{-48000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{Quarter, []float64{-12000, 0, 0, -12000, 0, 0, -12000, 0, 0, -12000, 0, 0}},
		{Month, []float64{-4000, -4000, -4000, -4000, -4000, -4000, -4000, -4000, -4000, -4000, -4000, -4000}},
	} {
		sp := &Spending{Rule: Constant, Amount: 48000, Initial: 1e6, Every: tc.every, StartYear: 1, EndYear: 1}
		s := NewSchedule(&l, Policy{Every: Year}, nil, nil, sp, 12, 1)
		pay, index := make([]float64, 12), make([]float64, 12)
		for i := range index {
			index[i] = 1
		}
		s.Decide(State{Year: 1, Value: 1e6, Index: 1}, new(SpendMemory), index, pay)
		near(t, "payments every "+tc.every.String(), pay, tc.want)
	}
}

// TestVPWFactor: the annuity-due factor at its edge cases.
func TestVPWFactor(t *testing.T) {
	for _, tc := range []struct {
		r    float64
		n    int
		want float64
	}{
		{0.035, 1, 1}, // exactly 1 (the formula would round)
		{0.5, 1, 1},
		{0, 1, 1},
		{0, 5, 0.2},
		{0.035, 2, 1.035 / 2.035},
		{0.05, 3, 1.1025 / 3.1525},
	} {
		if got := vpwFactor(tc.r, tc.n); !closeTo(got, tc.want) || (tc.n == 1 && got != 1) {
			t.Errorf("vpwFactor(%v, %d) = %v, want %v", tc.r, tc.n, got, tc.want)
		}
	}
}

// TestUniformLifetimeAsTheContract: every entry of the table is the one
// docs/SCENARIO.md states (Publication 590-B's Table III), read from the
// contract's text, ages 72 to 119, and 2.0 from 120 on.
func TestUniformLifetimeAsTheContract(t *testing.T) {
	doc, err := os.ReadFile("../docs/SCENARIO.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	from := strings.Index(text, "`D`: 72 27.4")
	to := strings.Index(text[max(from, 0):], "120 and over 2.0")
	if from < 0 || to < 0 {
		t.Fatal("SCENARIO.md: no Uniform Lifetime Table from `D`: 72 27.4 to 120 and over 2.0")
	}
	fields := strings.Fields(strings.NewReplacer(",", " ", "`D`:", " ").Replace(text[from : from+to]))
	checked := 0
	for i := 0; i+1 < len(fields); i += 2 {
		age, err1 := strconv.Atoi(fields[i])
		d, err2 := strconv.ParseFloat(fields[i+1], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("SCENARIO.md's table: %q %q", fields[i], fields[i+1])
		}
		if got := uniformLifetime(age); got != d {
			t.Errorf("D(%d) = %v, SCENARIO.md says %v", age, got, d)
		}
		checked++
	}
	if checked != 119-72+1 {
		t.Errorf("%d ages read from SCENARIO.md, want 48 (72 to 119)", checked)
	}
	for _, age := range []int{120, 121, 135} {
		if got := uniformLifetime(age); got != 2.0 {
			t.Errorf("D(%d) = %v, want 2.0", age, got)
		}
	}
}

// TestUniformLifetime: a few entries of Publication 590-B's Table III, its
// ends and the 2.0 from 120 on.
func TestUniformLifetime(t *testing.T) {
	for age, want := range map[int]float64{72: 27.4, 73: 26.5, 80: 20.2, 90: 12.2, 95: 8.9, 100: 6.4, 110: 3.5, 119: 2.3, 120: 2.0, 135: 2.0} {
		if got := uniformLifetime(age); got != want {
			t.Errorf("D(%d) = %v, want %v", age, got, want)
		}
	}
	for _, tc := range []struct {
		age, start int
		want       float64
	}{{72, 73, 0}, {73, 73, 1 / 26.5}, {72, 72, 1 / 27.4}, {121, 73, 0.5}} {
		if got := rmdShare(tc.age, tc.start); !closeTo(got, tc.want) {
			t.Errorf("rmdShare(%d, start %d) = %v, want %v", tc.age, tc.start, got, tc.want)
		}
	}
}

// TestUsesLastReturnAndDepletion: only guardrails needs last year's
// return; only vpw forgives wealth reaching 0 in (or after) its last year.
func TestUsesLastReturnAndDepletion(t *testing.T) {
	l := NewLayout([]Sleeve{{Name: "s", Weight: 1, Holdings: []Holding{{0, 1}}}}, 1)
	sched := func(sp *Spending) *Schedule { return NewSchedule(&l, Policy{Every: Year}, nil, nil, sp, 1, 12) }
	for rule := Constant; rule <= RMD; rule++ {
		s := sched(&Spending{Rule: rule, Every: Year, StartYear: 1, EndYear: 10})
		if got := s.UsesLastReturn(); got != (rule == Guardrails) {
			t.Errorf("rule %d: UsesLastReturn = %v", rule, got)
		}
		for _, y := range []int{1, 9, 10, 11} {
			want := rule != VPW || y < 10
			if got := s.CountsAsDepleted(y); got != want {
				t.Errorf("rule %d: CountsAsDepleted(%d) = %v, want %v", rule, y, got, want)
			}
		}
	}
	if s := sched(nil); s.UsesLastReturn() || !s.CountsAsDepleted(3) {
		t.Errorf("without a rule: UsesLastReturn %v, CountsAsDepleted %v", s.UsesLastReturn(), s.CountsAsDepleted(3))
	}
}

// TestDecideDoesNotAllocate: Decide and Plan run once a year per path and
// portfolio, so they must not allocate.
func TestDecideDoesNotAllocate(t *testing.T) {
	l := sixtyForty()
	glide := []Waypoint{{Year: 2, Weights: []float64{0.4, 0.6}}}
	sp := &Spending{Rule: Guardrails, InitialRate: 0.05, Initial: 1e6, Every: Quarter, StartYear: 1, EndYear: 5,
		Guardrails: GuardrailParams{Upper: 0.2, Lower: 0.2, Cut: 0.1, Raise: 0.1, PreservationYears: 15}}
	s := NewSchedule(&l, Policy{Every: Year, Band: 0.05, To: ToBandEdge}, glide, nil, sp, 4, 5)
	pay, index := make([]float64, 4), []float64{1, 1, 1, 1}
	var mem SpendMemory
	allocs := testing.AllocsPerRun(100, func() {
		for y := 1; y <= 5; y++ {
			plan, _ := s.Decide(State{Year: y, Value: 1e6, Index: 1, LastReturn: -0.1}, &mem, index, pay)
			_ = s.Plan(y)
			_ = plan
		}
	})
	if allocs != 0 {
		t.Errorf("Decide allocates %v times a path", allocs)
	}
}
