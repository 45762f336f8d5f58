package configs

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// MaxNameLength is the longest name a scenario may give anything that the
// workbook shows: the scenario, the client, the preparer, assets, chains,
// states, flows, portfolios, sleeves, stress tests and matrices. The
// workbook's page header holds 255 characters (Excel's limit) and carries
// the client, or the scenario's name, and the scenario's name, with each &
// written twice; 100 characters each, counting & twice, always fit. Longer
// names also make unreadable column headers.
const MaxNameLength = 100

// nameLength is a name's length as the workbook counts it: UTF-16 code
// units (as Excel does), each & counting twice (a page header writes it &&).
func nameLength(s string) int {
	return len(utf16.Encode([]rune(s))) + strings.Count(s, "&")
}

// names refuses every name longer than MaxNameLength, with its key path, so
// that validate catches what would otherwise fail in the workbook after
// the simulation.
func (r *resolver) names() {
	check := func(key, name string) {
		if n := nameLength(name); n > MaxNameLength {
			twice := ""
			if strings.Contains(name, "&") {
				twice = ", counting each & twice"
			}
			r.probs.add(key, fmt.Sprintf("want at most %d characters%s: the workbook's headers hold no more", MaxNameLength, twice),
				"is %d characters long", n)
		}
	}
	f := r.f
	if strings.TrimSpace(f.Scenario.Name) == "" && nameLength(r.sc.Info.Name) > MaxNameLength {
		r.probs.add("scenario.name", fmt.Sprintf("want a scenario.name of at most %d characters", MaxNameLength),
			"missing, and the file's name, which would stand in for it, is %d characters long", nameLength(r.sc.Info.Name))
	} else {
		check("scenario.name", r.sc.Info.Name)
	}
	check("scenario.client", f.Scenario.Client)
	check("scenario.prepared_by", f.Scenario.PreparedBy)
	for i, a := range f.Assets {
		check(join(index("assets", i), "id"), a.ID)
		check(join(index("assets", i), "name"), a.Name)
	}
	for _, name := range sortedKeys(f.Correlations) {
		check(join("correlations", name), name)
	}
	if f.Regimes != nil {
		for c, ch := range f.Regimes.Chains {
			key := index("regimes.chains", c)
			check(join(key, "name"), ch.Name)
			for s, st := range ch.States {
				check(join(index(join(key, "states"), s), "name"), st.Name)
			}
		}
	}
	for i, fl := range f.Cashflows.Flows {
		check(join(index("cashflows.flows", i), "name"), fl.Name)
	}
	for i, p := range f.Portfolios {
		key := index("portfolios", i)
		check(join(key, "name"), p.Name)
		for j, s := range p.Sleeves {
			check(join(index(join(key, "sleeves"), j), "name"), s.Name)
		}
	}
	for i, st := range f.StressTests {
		check(join(index("stress_tests", i), "name"), st.Name)
	}
}
