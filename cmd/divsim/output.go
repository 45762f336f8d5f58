package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"syscall"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/reports"
	"github.com/divsim/divsim/sim"
)

// engineOptions returns the engine options of a command's runs, with a
// progress display for long work (nil when quiet or short); call finish on
// it when the runs are done.
//
// Work estimated to take longer than --max-time is refused.
func (a *app) engineOptions(fl runFlags, scs ...*model.Scenario) (sim.Options, *progress, error) {
	paths, work := 0, 0
	for _, sc := range scs {
		s := sc.Simulation
		paths += s.Paths
		work += s.Paths * s.Steps() * len(sc.Portfolios)
	}
	opts := sim.Options{Workers: fl.workers}
	if err := a.checkTime(fl, scs...); err != nil {
		return opts, nil, err
	}
	prog := newProgress(a.stderr, paths, work, fl.quiet)
	if prog != nil {
		opts.Progress = prog.update
	}
	return opts, prog, nil
}

// stampNow is what a study's workbook says of its run: this divsim, the
// command that reproduces the workbook, and now.
func stampNow(command string) reports.Stamp {
	return reports.Stamp{Version: version(), Command: command, RunDate: time.Now()}
}

// runFailure turns an engine error into a failed run (exit 1).
func runFailure(what string, err error) error {
	if errors.Is(err, context.Canceled) {
		return failure{errors.New("interrupted: nothing was written")}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return failure{errors.New("stopped at --max-time: nothing was written")}
	}
	return failure{fmt.Errorf("%s failed: %w", what, err)}
}

// stage prints a command's table and, with --json, adds its JSON document
// to g, the command's outputs that commit moves into place together once
// all are written; JSON for standard output waits for commit too, so that
// a run that fails to write its workbook prints none. The JSON is encoded
// first so that nothing is printed when it cannot be; the table goes to
// stderr when the JSON goes to standard output.
func (a *app) stage(g *atomicfile.Group, jsonPath string, encode func() ([]byte, error), table func(io.Writer) error) error {
	var data []byte
	if jsonPath != "" {
		var err error
		if data, err = encode(); err != nil {
			return failure{err}
		}
	}
	out := a.stdout
	if jsonPath == "-" {
		out = a.stderr
	}
	if err := table(out); err != nil && !errors.Is(err, syscall.EPIPE) { // a reader gone early: the files still count
		return failure{err}
	}
	switch jsonPath {
	case "":
	case "-":
		a.jsonOut = data
	default:
		if err := g.WriteBytes(jsonPath, data); err != nil {
			return failure{err}
		}
	}
	return nil
}

// stageBook adds to g the workbook build makes, written to path when g
// commits; a build or write that fails fails the command (exit 1). The
// workbook is written once, into g's temporary file (the study writers'
// own atomic write, inside it, wrote and renamed it twice).
func stageBook(g *atomicfile.Group, path string, build func() (*excelize.File, error)) error {
	f, err := build()
	if err != nil {
		return failure{fmt.Errorf("%s: %w", path, err)}
	}
	defer f.Close()
	if err := g.Write(path, func(w io.Writer) error { _, err := f.WriteTo(w); return err }); err != nil {
		return failure{err}
	}
	return nil
}

// commit moves a command's staged outputs into place, all or none.
func commit(g *atomicfile.Group) error {
	if err := g.Commit(); err != nil {
		return failure{err}
	}
	return nil
}

// commit moves a command's staged outputs into place, says where its JSON
// went (unless quiet), and then prints the JSON stage held for standard
// output. A command interrupted while it wrote them (ctx done) renames
// nothing: an interrupted command writes nothing, whatever it was doing.
func (a *app) commit(ctx context.Context, g *atomicfile.Group, json string, quiet bool) error {
	if err := ctx.Err(); err != nil {
		return runFailure("run", err)
	}
	a.replaced = g.Replacing()
	if err := commit(g); err != nil {
		return err
	}
	if json != "" && json != "-" && !quiet {
		fmt.Fprintf(a.stderr, "divsim: wrote JSON %s%s\n", json, a.replacedNote(json))
	}
	data := a.jsonOut
	a.jsonOut = nil
	if _, err := a.stdout.Write(data); err != nil && !errors.Is(err, syscall.EPIPE) { // a reader gone early, as for the table
		return failure{err}
	}
	return nil
}

// studyOutputs are the files a compare or a sweep writes: the JSON and,
// unless --no-report, the workbook.
func studyOutputs(fl runFlags) []output {
	if fl.noReport {
		return []output{{"--json", fl.json}}
	}
	return []output{{"--json", fl.json}, {"--out", fl.out}}
}

// wrote reports a written workbook unless quiet.
func (a *app) wrote(fl runFlags, path string) {
	if !fl.quiet {
		fmt.Fprintf(a.stderr, "divsim: wrote workbook %s%s\n", path, a.replacedNote(path))
	}
}

// replacedNote says that the last commit replaced the file at path (runs
// of plan.yaml and plan.toml both write plan.xlsx), or nothing.
func (a *app) replacedNote(path string) string {
	if slices.Contains(a.replaced, path) {
		return " (replacing the file there)"
	}
	return ""
}
