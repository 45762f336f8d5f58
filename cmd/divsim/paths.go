package main

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/inputfile"
)

// place is a file named on the command line or in a scenario: where its
// path leads once symlinks are resolved, and the file there if any.
type place struct {
	label, path, real string
	info              os.FileInfo
}

func placeOf(label, path string) place {
	p := place{label: label, path: path, real: inputfile.Resolve(path)}
	if fi, err := os.Stat(path); err == nil {
		p.info = fi
	}
	return p
}

func (p place) same(q place) bool {
	return p.real == q.real || (p.info != nil && q.info != nil && os.SameFile(p.info, q.info))
}

// output is an output file named by a flag.
type output struct{ flag, path string }

// flagOutput is the output that flag name writes to path, labelled as the
// person set it: "--json" on the command line, "DIVSIM_JSON" when the
// environment did (run and merge read their outputs from it).
func flagOutput(from map[string]flagSource, name, path string) output {
	return output{cmp.Or(from[name].String(), "--"+name), path}
}

// checkOutputs refuses, before any work is done, outputs that could not be
// written once it is: two outputs naming the same file (--json same.xlsx
// --out same.xlsx would lose the JSON), an output naming one of the
// command's input files (--json plan.yaml would replace the scenario with
// its results), and an output whose folder does not exist, is not a folder
// or accepts no new file, or that is a folder itself; and an output naming
// any scenario file, an input or not (configs.IsScenario). Paths are compared by
// where they lead, after resolving symlinks in their existing folders, and
// existing files also by identity (hard links, bind mounts). Empty paths
// and "-" (standard output) are skipped. Each refusal names the flag or key
// and the path (exit 2).
func checkOutputs(outputs []output, inputs ...string) error {
	outs, err := collisions(outputs, inputs...)
	if err != nil {
		return err
	}
	for _, o := range outs {
		if configs.IsScenario(o.path) {
			return fmt.Errorf("%s: %s is a scenario file (want another file, such as %s; divsim never writes over a scenario)", o.label, o.path, outputName(o.label, o.path))
		}
		if err := atomicfile.Check(o.path); err != nil {
			want := "want a file in an existing folder you can write to"
			if o.label == "report.file" || o.label == "the workbook" {
				want += "; --out writes the workbook elsewhere, --no-report skips it"
			}
			return fmt.Errorf("%s: %w (%s)", o.label, err, want)
		}
	}
	return nil
}

// outputName suggests a file for what the flag writes instead of the
// scenario at path: plan.json gives plan-results.json for --json,
// plan-fragment.yaml for calibrate's --fragment.
func outputName(flag, path string) string {
	ext := filepath.Ext(path)
	what := "-results"
	if flag == "--fragment" {
		what = "-fragment"
	}
	return strings.TrimSuffix(path, ext) + what + ext
}

// collisions is checkOutputs without the checks of the file system: it
// refuses outputs that collide with each other or with an input, and
// returns the outputs' places.
func collisions(outputs []output, inputs ...string) ([]place, error) {
	var outs []place
	for _, o := range outputs {
		if o.path == "" || o.path == "-" {
			continue
		}
		p := placeOf(o.flag, o.path)
		for _, prev := range outs {
			if p.same(prev) {
				return nil, fmt.Errorf("%s: %s is also the command's %s output %s (want different files; one would replace the other)", o.flag, o.path, prev.label, prev.path)
			}
		}
		outs = append(outs, p)
	}
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		p := placeOf("", in)
		for _, o := range outs {
			if o.same(p) {
				what := o.path + " is an input of this command"
				if filepath.Clean(o.path) != filepath.Clean(in) { // the same file by another name
					what = fmt.Sprintf("%s is the input %s", o.path, in)
				}
				return nil, fmt.Errorf("%s: %s (want another file; divsim never overwrites its inputs)", o.label, what)
			}
		}
	}
	return outs, nil
}

// checkOutDir checks a batch's --out-dir before anything runs, without
// creating it: an existing folder that accepts new files, or a path whose
// nearest existing folder does (the batch creates the rest). It reports
// whether the folder exists already. Messages name it by label, as the
// person set it (--out-dir or DIVSIM_OUT_DIR).
func checkOutDir(dir, label string) (exists bool, err error) {
	for d := dir; ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		switch {
		case err == nil && !st.IsDir():
			return false, fmt.Errorf("%s: %s is a file (want a folder for the workbooks and the index, or a path to create one at)", label, d)
		case err == nil && d == dir:
			if err := atomicfile.CheckFolder(d); err != nil {
				return false, fmt.Errorf("%s: %w (want a folder you can write to)", label, err)
			}
			return true, nil
		case err == nil:
			if err := atomicfile.CheckFolder(d); err != nil {
				return false, fmt.Errorf("%s: cannot create folder %s: %w (want a folder you can write to)", label, dir, err)
			}
			return false, nil
		case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
			return false, fmt.Errorf("%s: %s: %w", label, dir, err)
		case filepath.Dir(d) == d:
			return false, fmt.Errorf("%s: %s: no folder on its path exists", label, dir)
		}
	}
}
