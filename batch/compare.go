package batch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// CheckComparable reports, for scenarios to compare side by side, every
// portfolio that one scenario has and another lacks (portfolios are matched
// by name, in the first scenario's order).
func CheckComparable(scs []*model.Scenario) error {
	var errs []error
	names := func(sc *model.Scenario) []string {
		var ns []string
		for _, p := range sc.Portfolios {
			ns = append(ns, p.Name)
		}
		return ns
	}
	all := names(scs[0])
	for _, sc := range scs[1:] {
		for _, n := range names(sc) {
			if !slices.Contains(all, n) {
				all = append(all, n)
			}
		}
	}
	for _, n := range all {
		var have, lack []string
		for _, sc := range scs {
			if slices.Contains(names(sc), n) {
				have = append(have, sc.Info.Source.File)
			} else {
				lack = append(lack, sc.Info.Source.File)
			}
		}
		if len(lack) > 0 {
			errs = append(errs, fmt.Errorf("portfolio %q is in %s but not in %s", n, list(have), list(lack)))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("the scenarios' portfolios do not match (they are compared by name):\n%w", err)
	}
	return nil
}

func list(files []string) string {
	out := ""
	for i, f := range files {
		switch {
		case i == 0:
		case i == len(files)-1:
			out += " and "
		default:
			out += ", "
		}
		out += f
	}
	return out
}

// Comparison is every scenario's results with the portfolios in the first
// scenario's order: Results[s].Portfolios[Index[s][p]] is portfolio p in
// scenario s.
type Comparison struct {
	Scenarios  []*model.Scenario
	Results    []*sim.Results
	Portfolios []string
	Index      [][]int
}

// Compare runs every scenario (each with its own seed and paths, exactly as
// a plain run of it) and lines their portfolios up by name. opts.Progress,
// if set, sees the paths done over all scenarios.
func Compare(ctx context.Context, scs []*model.Scenario, opts sim.Options) (*Comparison, error) {
	if err := CheckComparable(scs); err != nil {
		return nil, err
	}
	c := &Comparison{Scenarios: scs}
	for _, p := range scs[0].Portfolios {
		c.Portfolios = append(c.Portfolios, p.Name)
	}
	before := 0
	for _, sc := range scs {
		res, err := sim.Run(ctx, sc, opts.After(before))
		before += sc.Simulation.Paths
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cmp.Or(sc.Info.Source.File, sc.Info.Name), err)
		}
		c.Results = append(c.Results, res)
		idx := make([]int, len(c.Portfolios))
		for p, name := range c.Portfolios {
			idx[p] = slices.IndexFunc(res.Portfolios, func(x sim.Portfolio) bool { return x.Name == name })
		}
		c.Index = append(c.Index, idx)
	}
	return c, nil
}

// Get returns portfolio p's results in scenario s.
func (c *Comparison) Get(s, p int) *sim.Portfolio { return &c.Results[s].Portfolios[c.Index[s][p]] }
