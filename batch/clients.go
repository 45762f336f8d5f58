package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// ScenarioFiles expands the arguments of a many-client batch: files as
// given, and each folder's .yaml, .yml, .toml and .json files in name
// order. A path that does not exist is an error (every one named), as for
// a single scenario: nothing runs.
// It also returns what the folders hold besides, which the batch skips:
// subfolders (not searched) and other files, for a note.
func ScenarioFiles(args []string) (files, skipped []string, err error) {
	var missing []error
	for _, arg := range args {
		st, err := os.Stat(arg)
		if errors.Is(err, fs.ErrNotExist) {
			// A path mistyped on the command line: nothing runs, as for
			// one scenario (a file that is there but broken runs with the
			// others, reported in the index).
			missing = append(missing, fmt.Errorf("%s: no such file or folder (want a scenario file, or a folder of them)", arg))
			continue
		}
		if err != nil || !st.IsDir() {
			files = append(files, arg) // an unreadable file is reported with the others
			continue
		}
		entries, err := os.ReadDir(arg)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: cannot read the folder: %w", arg, err)
		}
		found := 0
		for _, e := range entries {
			path := filepath.Join(arg, e.Name())
			switch ext := strings.ToLower(filepath.Ext(e.Name())); {
			case e.IsDir():
				skipped = append(skipped, path+string(filepath.Separator))
			case ext == ".yaml" || ext == ".yml" || ext == ".toml" || ext == ".json":
				files = append(files, path)
				found++
			default:
				skipped = append(skipped, path)
			}
		}
		if found == 0 {
			return nil, nil, fmt.Errorf("%s: no scenario files (.yaml, .yml, .toml, .json) in the folder", arg)
		}
	}
	if len(missing) > 0 {
		return nil, nil, errors.Join(missing...)
	}
	return files, skipped, nil
}

// unsafeName is a run of characters a workbook's name does without:
// anything but letters (of any script: "Müller" stays), digits, dots,
// hyphens and underscores.
var unsafeName = regexp.MustCompile(`[^\p{L}\p{N}._-]+`)

// WorkbookNames gives each scenario file a workbook name inside the output
// folder: its base name with .xlsx, reduced to safe characters (so no name
// can climb out of the folder or trouble a file system), made unique,
// never "index".
func WorkbookNames(files []string) []string {
	used := map[string]bool{"index": true}
	names := make([]string, len(files))
	for i, f := range files {
		base := filepath.Base(f)
		stem := strings.TrimLeft(unsafeName.ReplaceAllString(strings.TrimSuffix(base, filepath.Ext(base)), "_"), ".")
		if stem == "" {
			stem = "scenario"
		}
		name := stem
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s-%d", stem, n)
		}
		used[strings.ToLower(name)] = true
		names[i] = name + ".xlsx"
	}
	return names
}

// Headline is one scenario's figures at a glance, for a batch's index: the
// baseline's and those of the portfolio with the highest median terminal
// wealth (sim's MedianLeader: on equal medians the one that ran out of
// money less often, then the first; the baseline when it ties on both).
type Headline struct {
	Baseline, Best string
	// BestClear says that Best's median leads every other beyond Monte
	// Carlo error (sim's MedianLeader); Alone that there is no runner-up (one portfolio); Tied
	// that the runner-up's median is the same (every portfolio out of
	// money, for instance), so that no portfolio is highest.
	BestClear, Alone, Tied bool
	// History says the paths are rolling windows of history, which have
	// no Monte Carlo error: any gap between medians ranks them, so
	// BestClear is a count of history, not a test.
	History                      bool
	Goal                         *model.Goal // the scenario's goal, which the index shows beside its probability; nil without one
	BaselineMedian, BestMedian   float64
	BaselineSuccess, BestSuccess float64
	BaselineGoal, BestGoal       *float64 // nil without a goal
	// First-year spending and the median over paths of each path's mean
	// yearly real spending (today's money); nil without a spending rule.
	BaselineFirstYear, BestFirstYear *float64
	BaselineSpending, BestSpending   *float64
}

// NewHeadline picks a run's headline figures.
func NewHeadline(sc *model.Scenario, res *sim.Results) Headline {
	base := res.Portfolios[sc.Baseline]
	leader, runnerUp, clear := res.MedianLeader()
	best := res.Portfolios[leader]
	tied := runnerUp >= 0 && res.Portfolios[runnerUp].TerminalWealth.P50 == best.TerminalWealth.P50
	if tied && base.TerminalWealth.P50 == best.TerminalWealth.P50 && base.SuccessRate == best.SuccessRate {
		// One line for the baseline among the highest, when nothing sets
		// the leader apart from it: with every median 0, the leader that
		// ran out of money less often is shown beside it.
		best = base
	}
	h := Headline{
		Baseline: base.Name, BaselineMedian: base.TerminalWealth.P50, BaselineSuccess: base.SuccessRate, BaselineGoal: base.ProbGoal,
		Best: best.Name, BestClear: clear, Alone: runnerUp < 0, Tied: tied, History: sc.Simulation.ReturnModel == model.Historical, Goal: sc.Goal,
		BestMedian: best.TerminalWealth.P50, BestSuccess: best.SuccessRate, BestGoal: best.ProbGoal,
	}
	h.BaselineFirstYear, h.BaselineSpending = spendingHeadline(base.Spending)
	h.BestFirstYear, h.BestSpending = spendingHeadline(best.Spending)
	return h
}

// spendingHeadline returns the first-year spending and the median mean
// yearly real spending, or nils without a spending rule.
func spendingHeadline(sp *sim.Spending) (first, mean *float64) {
	if sp == nil {
		return nil, nil
	}
	f, m := sp.FirstYear, sp.RealMean[2]
	return &f, &m
}
