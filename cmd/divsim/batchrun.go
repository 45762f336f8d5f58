package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/reports"
	"github.com/divsim/divsim/sim"
)

// runBatch runs every scenario file (batch.ScenarioFiles' files, and the
// ones it skipped) into outDir: one workbook each, plus index.xlsx and
// index.csv listing every scenario with its status and headline figures.
// A broken file is reported and the others still run; the exit status is
// 1 when any failed, and 2, with nothing written, when every file was
// refused for a problem in it, as for one such file.
func (a *app) runBatch(ctx context.Context, files, skipped []string, opts configs.Options, fl runFlags, dir flagSource) error {
	if !fl.quiet {
		a.noteSkipped(skipped)
	}
	names := batch.WorkbookNames(files)
	label := dir.String() // --out-dir, or DIVSIM_OUT_DIR
	outs := []output{{label, filepath.Join(fl.outDir, "index.csv")}, {label, filepath.Join(fl.outDir, "index.xlsx")}}
	for _, name := range names {
		outs = append(outs, output{label, filepath.Join(fl.outDir, name)})
	}
	inputs := append(files[:len(files):len(files)], fl.history)
	exists, err := checkOutDir(fl.outDir, label)
	if err == nil && exists {
		err = checkOutputs(outs, inputs...)
	} else if err == nil { // a new folder: nothing in it to collide with or to refuse
		_, err = collisions(outs, inputs...)
	}
	if err != nil {
		return err
	}
	made := firstMissing(fl.outDir) // the folders the batch creates, from this one down
	if err := os.MkdirAll(fl.outDir, 0o755); err != nil {
		return failure{fmt.Errorf("%s: %w", label, err)}
	}
	rows := make([]reports.IndexRow, len(files))
	failed, refused := 0, 0 // refused: failed for a problem in the file (exit 2 alone)
	for i, file := range files {
		row := &rows[i]
		row.File = file
		if ctx.Err() != nil {
			row.Status, row.Problems = reports.StatusNotRun, "interrupted"
			failed++
			a.markStale(row, fl.outDir, names[i])
			continue
		}
		start := time.Now()
		if err := a.runOne(ctx, file, filepath.Join(fl.outDir, names[i]), opts, fl, row); err != nil {
			failed++
			if row.Status == reports.StatusInvalid { // its file could not be read as a scenario
				refused++
			}
			fmt.Fprintf(a.stderr, "[%d/%d] %s: %s\n", i+1, len(files), file, row.Status)
			if ctx.Err() == nil { // an interruption is reported once, below
				fmt.Fprintln(a.stderr, errorText(err))
			}
			a.markStale(row, fl.outDir, names[i])
			continue
		}
		row.Workbook = names[i]
		if !fl.quiet {
			fmt.Fprintf(a.stderr, "[%d/%d] %s → %s (%.1f s)\n", i+1, len(files), file, filepath.Join(fl.outDir, names[i]), time.Since(start).Seconds())
		}
	}
	if refused == len(files) { // bad input, as a run of one such file: exit 2, nothing written
		removeMade(fl.outDir, made)
		if len(files) == 1 {
			return errors.New("the scenario could not be run: its file has the problems above (nothing was written)")
		}
		return fmt.Errorf("none of the %d scenarios could be run: each has the problems above in its file (nothing was written)", len(files))
	}
	// The two index files are written together, or neither.
	var g atomicfile.Group
	defer g.Discard()
	csvData, err := reports.IndexCSV(rows)
	if err == nil {
		err = g.WriteBytes(filepath.Join(fl.outDir, "index.csv"), csvData)
	}
	if err != nil {
		return failure{err}
	}
	index := filepath.Join(fl.outDir, "index.xlsx")
	if err := stageBook(&g, index, func() (*excelize.File, error) { return reports.BuildIndexWorkbook(rows) }); err != nil {
		return err
	}
	if err := commit(&g); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%d of %s written to %s (index.xlsx, index.csv)\n", len(files)-failed, reports.Counted(len(files), "scenario", "scenarios"), fl.outDir)
	if others := otherWorkbooks(fl.outDir, names); len(others) > 0 {
		// Not removed (they are the advisor's), but said: the index, written
		// anew, no longer lists them, and a folder sent as a whole would
		// carry them.
		them := "them"
		if len(others) == 1 {
			them = "it"
		}
		fmt.Fprintf(a.stderr, "divsim: note: %s also holds %s, which this batch did not write: the index does not list %s\n",
			fl.outDir, strings.Join(others, ", "), them)
	}
	if ctx.Err() != nil {
		why := "interrupted"
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			why = "stopped at --max-time"
		}
		return failure{fmt.Errorf("%s: %d finished workbook(s) kept, the rest marked 'not run' in index.csv", why, len(files)-failed)}
	}
	if failed > 0 {
		return failure{fmt.Errorf("%d of %d scenarios failed; see index.csv", failed, len(files))}
	}
	return nil
}

// otherWorkbooks lists, in order, the workbooks in dir that are not the
// batch's (names) nor its index: an earlier batch's, for a client since
// removed or renamed, or of a batch run on part of the clients. Hidden
// files and the lock files Excel keeps beside an open workbook ("~$"
// and the workbook's name) are no workbooks.
func otherWorkbooks(dir string, names []string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var others []string
	for _, e := range entries {
		name := e.Name()
		// Names compared without case: on macOS's and Windows' disks
		// Index.xlsx is index.xlsx, and alice.xlsx the Alice.xlsx written.
		written := func(n string) bool { return strings.EqualFold(n, name) }
		if e.Type().IsRegular() && strings.EqualFold(filepath.Ext(name), ".xlsx") && !written("index.xlsx") &&
			!strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "~$") && !slices.ContainsFunc(names, written) {
			others = append(others, name)
		}
	}
	return others
}

// markStale marks, on stderr and in the file's index row, the workbook
// name in dir from an earlier run that a file which did not run (failed,
// or not reached before an interruption) left in place: an advisor who
// sends the folder would otherwise send the old review, which nothing
// marked. The index, inside dir, names the workbook as it sits beside it;
// the console by its path.
func (a *app) markStale(row *reports.IndexRow, dir, name string) {
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err != nil {
		return
	}
	const stale = "%s is from an earlier run and was not replaced: it does not show %s as it is now"
	row.Problems += "\n" + fmt.Sprintf(stale, name, row.File)
	fmt.Fprintf(a.stderr, "divsim: note: "+stale+"\n", path, row.File)
}

// firstMissing is the highest folder on dir's path that does not exist
// (dir itself, or one of its parents), which MkdirAll would create with
// everything under it; "" when dir exists.
func firstMissing(dir string) string {
	missing := ""
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			return missing
		}
		missing = d
		if filepath.Dir(d) == d {
			return missing
		}
	}
}

// removeMade removes the empty folders from dir up to made (firstMissing's
// answer before the batch made them), so that a batch that wrote nothing
// leaves nothing; Remove leaves a folder that is not empty.
func removeMade(dir, made string) {
	if made == "" {
		return
	}
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if os.Remove(d) != nil || d == made || filepath.Dir(d) == d {
			return
		}
	}
}

// runOne loads, simulates and writes one scenario of a batch, filling its
// index row.
func (a *app) runOne(ctx context.Context, file, workbook string, opts configs.Options, fl runFlags, row *reports.IndexRow) error {
	// The file's notes go to the index too: on stderr alone they scroll
	// away in a long batch.
	var notes []string
	if say := opts.Note; say != nil {
		opts.Note = func(line string) { say(line); notes = append(notes, strings.TrimPrefix(line, file+": ")) } // the row names the file
	}
	defer func() { row.Notes = strings.Join(notes, "\n") }()
	sc, err := configs.Load(file, opts)
	if err != nil {
		row.Status, row.Problems = reports.StatusInvalid, errorText(err)
		return err
	}
	row.Scenario, row.Client, row.Currency = sc.Info.Name, sc.Info.Client, sc.Info.Currency
	row.Resolved = sc // the index's Disclosures state each run's method
	sc.Report.File = workbook
	// Each scenario's run shows its progress and time left, as a single
	// run does (a long batch was silent until each workbook was done).
	eng, prog, err := a.engineOptions(fl, sc)
	var res *sim.Results
	if err == nil {
		res, err = sim.Run(ctx, sc, eng)
		prog.finish()
	}
	if err == nil {
		in := reports.WorkbookInput{Scenario: sc, Results: res, Stamp: stampNow(reproduce(sc, file, fl.history)), History: opts.History}
		err = reports.WriteWorkbookContext(ctx, workbook, in) // Ctrl-C and --max-time stop the writing too
	}
	if err != nil {
		row.Status, row.Problems = reports.StatusFailed, err.Error()
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			row.Status, row.Problems = reports.StatusNotRun, "interrupted"
		}
		return err
	}
	row.Status = reports.StatusOK
	row.Headline = batch.NewHeadline(sc, res)
	return nil
}

// noteSkipped says on stderr what folders named on the command line hold
// that is not a scenario (batch.ScenarioFiles' skipped): subfolders, which
// are not searched, and other files.
func (a *app) noteSkipped(skipped []string) {
	var folders, others []string
	for _, s := range skipped {
		if strings.HasSuffix(s, string(filepath.Separator)) {
			folders = append(folders, s)
		} else {
			others = append(others, s)
		}
	}
	if len(folders) > 0 {
		fmt.Fprintf(a.stderr, "divsim: skipped %s: subfolders are not searched\n", strings.Join(folders, ", "))
	}
	if len(others) > 0 {
		fmt.Fprintf(a.stderr, "divsim: skipped %s: only .yaml, .yml, .toml and .json files are scenarios\n", strings.Join(others, ", "))
	}
}
