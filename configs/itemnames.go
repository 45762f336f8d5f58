package configs

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// maxItemName is the longest name nameItems repeats: a longer one is
// refused by its own rule, and would swamp the message.
const maxItemName = 60

// itemPath matches a key path's list items and matrix cells: a
// top-level list's item (assets[2]), a portfolio's sleeve
// (portfolios[1].sleeves[0]), a flow, a chain or a chain's state
// (regimes.chains[0].states[1]), or a correlation matrix's cell
// (correlations.base[3][1]).
var itemPath = regexp.MustCompile(`^(assets|portfolios|stress_tests|cashflows\.flows|regimes\.chains)\[(\d+)\](?:\.(?:sleeves|states)\[(\d+)\])?|^correlations\.[^.\[]+\[(\d+)\]\[(\d+)\]`)

// nameItems gives each problem whose key path points into a list the names
// of the items it points at, as the file gives them: key paths count from
// 0 (portfolios[2] is the third portfolio), which a reader editing the
// file easily miscounts; "portfolios[2].sleeves (Balanced 60/40)" says
// which one it is. A correlation cell is named by its two assets.
func nameItems(list []Problem, f *File) {
	for i, p := range list {
		m := itemPath.FindStringSubmatch(p.Key)
		if m == nil || strings.HasSuffix(p.Key, ".name") || strings.HasSuffix(p.Key, ".id") {
			continue // a problem with the name itself: the message shows it
		}
		at := func(s string) int { n, _ := strconv.Atoi(s); return n }
		var names []string
		switch {
		case m[4] != "": // a correlation cell: its row's and column's assets
			r, c := at(m[4]), at(m[5])
			if r < len(f.Assets) && c < len(f.Assets) {
				names = []string{f.Assets[r].ID, f.Assets[c].ID}
			}
		case m[1] == "assets":
			if k := at(m[2]); k < len(f.Assets) {
				names = []string{f.Assets[k].ID}
			}
		case m[1] == "portfolios":
			if k := at(m[2]); k < len(f.Portfolios) {
				names = []string{f.Portfolios[k].Name}
				if m[3] != "" {
					if j, sleeves := at(m[3]), f.Portfolios[k].Sleeves; j < len(sleeves) {
						names = append(names, sleeves[j].Name)
					}
				}
			}
		case m[1] == "stress_tests":
			if k := at(m[2]); k < len(f.StressTests) {
				names = []string{f.StressTests[k].Name}
			}
		case m[1] == "cashflows.flows":
			if k := at(m[2]); k < len(f.Cashflows.Flows) {
				names = []string{f.Cashflows.Flows[k].Name}
			}
		case m[1] == "regimes.chains":
			if k := at(m[2]); f.Regimes != nil && k < len(f.Regimes.Chains) {
				names = []string{f.Regimes.Chains[k].Name}
				if j, states := at(m[3]), f.Regimes.Chains[k].States; m[3] != "" && j < len(states) {
					names = append(names, states[j].Name)
				}
			}
		}
		if len(names) == 0 || slices.ContainsFunc(names, func(n string) bool { return n == "" || len([]rune(n)) > maxItemName }) {
			continue
		}
		sep := " › "
		if m[4] != "" {
			sep = ", "
		}
		list[i].Item = strings.Join(names, sep)
	}
}
