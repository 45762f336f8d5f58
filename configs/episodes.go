package configs

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/model"
)

// episode checks a stress test's history (key is the stress test's path):
// its months, each inside the history table (all of it: history_window
// only limits what a bootstrap draws) and from no later than to, and a
// history column on every asset a portfolio holds. It returns the
// episode's months from its first to the table's last, the window and what
// follows it, over which a portfolio may recover; nil when something is
// wrong.
func (r *resolver) episode(key string, in Episode) *model.Episode {
	key = join(key, "history")
	t := r.historyTable()
	rows, ok := [2]int{}, true
	for i, s := range []*string{in.From, in.To} {
		name := []string{"from", "to"}[i]
		k := join(key, name)
		if s == nil {
			r.probs.add(k, fmt.Sprintf("want the episode's %s month as \"YYYY-MM\"", []string{"first", "last"}[i]), "missing")
			ok = false
			continue
		}
		m, err := history.ParseMonth(*s)
		switch {
		case err != nil:
			r.probs.add(k, "want a month as \"YYYY-MM\" (quoted in TOML)", "%v", strings.TrimSuffix(err.Error(), " (want YYYY-MM)"))
			ok = false
		case t.Index(m) < 0:
			r.probs.add(k, fmt.Sprintf("want a month from %s to %s, the history's range", t.First, t.Month(t.Months-1)), "is %s", m)
			ok = false
		default:
			rows[i] = t.Index(m)
		}
	}
	if ok && rows[0] > rows[1] {
		r.probs.add(key, "want from no later than to", "from %s is after to %s", t.Month(rows[0]), t.Month(rows[1]))
		ok = false
	}
	for a, held := range r.heldAssets {
		col := r.sc.Assets[a].History
		switch {
		case !held:
		case col == "":
			r.episodeColumnMissing(a, key)
			ok = false
		case t.Numeric[col] == nil: // reported at the asset
			ok = false
		case ok && !r.plausibleReturns(index("assets", a), col, [2]int{rows[0], t.Months - 1}):
			ok = false
		}
	}
	if !ok {
		return nil
	}
	ep := &model.Episode{From: t.Month(rows[0]).String(), To: t.Month(rows[1]).String(), Months: rows[1] - rows[0] + 1,
		Source: model.Source{File: t.Name, SHA256: r.historySHA256}}
	for i := rows[0]; i < t.Months; i++ {
		row := make([]float64, len(r.sc.Assets))
		for a, held := range r.heldAssets {
			if held {
				row[a] = t.Numeric[r.sc.Assets[a].History][i]
			}
		}
		ep.Returns = append(ep.Returns, row)
	}
	return ep
}

// episodeColumnMissing reports, once per asset, a held asset without the
// history column an episode (at key) needs.
func (r *resolver) episodeColumnMissing(a int, key string) {
	k := join(index("assets", a), "history")
	for _, p := range r.probs.list {
		if p.Key == k {
			return
		}
	}
	r.probs.add(k, fmt.Sprintf("want the asset's history column, one of %s: every asset a portfolio holds needs a column to replay the episode %s",
		strings.Join(r.historyTable().ReturnColumns(), ", "), key), "missing")
}

// historyTable returns the history (Options.History, or the shipped
// table) that asset columns name, a bootstrap draws from and episodes and
// rolling windows replay, and sets the digest of its file's bytes.
func (r *resolver) historyTable() *history.Table {
	if r.table == nil {
		data := r.opts.HistoryData
		r.table = r.opts.History
		if r.table == nil {
			r.table, data = history.Default(), history.Dataset()
		}
		sum := sha256.Sum256(data)
		r.historySHA256 = hex.EncodeToString(sum[:])
	}
	return r.table
}
