package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// envName is the environment variable that sets a flag: DIVSIM_ and the
// flag's name in capitals with dashes as underscores.
func envName(flag string) string {
	return "DIVSIM_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// flagSource is where a set flag's value came from: the command line or the
// flag's DIVSIM_* environment variable (envName). Messages name it as the
// person set it, and the rules under which the environment yields to a flag
// ask which it was. The zero flagSource is a flag that was not set.
type flagSource struct {
	flag string // the flag's name, without the dashes
	env  bool   // set by the environment (envName), not on the command line
}

// String is the flag as the person set it: "--paths" on the command line,
// "DIVSIM_PATHS" in the environment, and "" for a flag not set.
func (s flagSource) String() string {
	switch {
	case s.flag == "":
		return ""
	case s.env:
		return envName(s.flag)
	}
	return "--" + s.flag
}

// onCommandLine reports whether the flag was given on the command line.
func (s flagSource) onCommandLine() bool { return s.flag != "" && !s.env }

// bindEnvironment fills every flag not given on the command line from its
// DIVSIM_* environment variable (envName; an empty one counts as unset), so
// the precedence is flag > environment > scenario file > default. It
// returns where each set flag's value came from, by the flag's name, for
// messages.
func bindEnvironment(cmd *cobra.Command, stdout io.Writer) (map[string]flagSource, error) {
	from := map[string]flagSource{}
	var firstErr error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Changed {
			from[f.Name] = flagSource{flag: f.Name}
			return
		}
		val := os.Getenv(envName(f.Name))
		if f.Name == "help" || val == "" || outputFlag(f.Name) && !envSetsOutputs(cmd.Name()) {
			return
		}
		if err := cmd.Flags().Set(f.Name, val); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s=%q: %s", envName(f.Name), val, plainFlagError(err.Error()))
		}
		from[f.Name] = flagSource{flag: f.Name, env: true}
	})
	// Each output flag names one kind of file, checked here once for every
	// command: --out a workbook (merge, compare and calibrate wrote one
	// under any name; the others blamed the scenario's report.file), and
	// no file under a name another kind goes by (--json results.xlsx wrote
	// JSON under an Excel name).
	for _, k := range outputKinds() {
		src, ok := from[k.flag]
		if !ok || firstErr != nil {
			continue
		}
		if path, _ := cmd.Flags().GetString(k.flag); !k.fits(path) {
			firstErr = fmt.Errorf("%s: is %q (%s)", src, path, k.want)
		}
	}
	if firstErr == nil {
		firstErr = outAndNoReport(cmd, from)
	}
	// A JSON or fragment file that is this process's standard output
	// (--json /dev/stdout) is written as - writes it, through stdout after
	// the table, which then goes to stderr: written to the path, it would
	// land at the start of a redirected file, over the table.
	for _, name := range []string{"json", "fragment"} {
		if path, err := cmd.Flags().GetString(name); err == nil && path != "" && path != "-" && isStdout(path, stdout) {
			cmd.Flags().Set(name, "-")
		}
	}
	return from, firstErr
}

// outAndNoReport settles --out against --no-report in every command with
// both: typed together they contradict each other; --out typed over a
// DIVSIM_NO_REPORT exported for other runs wins, as every flag wins over
// the environment (merge, run and the others had silently written no
// workbook). A DIVSIM_OUT exported for other runs yields to --no-report.
func outAndNoReport(cmd *cobra.Command, from map[string]flagSource) error {
	out, noReport := from["out"], from["no-report"]
	if on, _ := cmd.Flags().GetBool("no-report"); !on || !out.onCommandLine() {
		return nil
	}
	if noReport.onCommandLine() { // said twice over on one command line
		return fmt.Errorf("%s: names a workbook, but %s writes none (want one of them)", out, noReport)
	}
	cmd.Flags().Set("no-report", "false")
	delete(from, "no-report")
	return nil
}

// isStdout reports whether path is the file stdout writes to.
func isStdout(path string, stdout io.Writer) bool {
	f, ok := stdout.(*os.File)
	if !ok {
		return false
	}
	a, err1 := os.Stat(path)
	b, err2 := f.Stat()
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// outputKind is the kind of file an output flag names.
type outputKind struct {
	flag string
	fits func(path string) bool
	want string
}

// outputKinds are the output flags' kinds of file.
func outputKinds() []outputKind {
	other := []string{".xlsx", ".xls", ".yaml", ".yml", ".toml", ".csv"} // files that hold neither JSON nor partial results
	return []outputKind{
		{"out", func(p string) bool { return hasExt(p, ".xlsx") }, "want a name ending in .xlsx: divsim writes an Excel workbook"},
		{"json", func(p string) bool { return p == "-" || !hasExt(p, other...) }, "want a name ending in .json, or - for standard output: the file holds JSON"},
		{"fragment", func(p string) bool { return p == "-" || hasExt(p, ".yaml", ".yml") }, "want a name ending in .yaml, or - for standard output: the fragment is YAML"},
		{"partial", func(p string) bool { return p != "-" && !hasExt(p, append(other, ".json")...) }, "want a file name such as part-0.divsim: partial results are binary, for 'divsim merge'"},
	}
}

// hasExt reports whether path ends in one of exts, in any case.
func hasExt(path string, exts ...string) bool {
	return slices.ContainsFunc(exts, func(e string) bool { return strings.EqualFold(filepath.Ext(path), e) })
}

// plainFlagError says what a flag's value should have been where the flag
// library quotes Go's parser ("strconv.ParseInt: parsing \"abc\": invalid
// syntax"), which means nothing to a person.
func plainFlagError(msg string) string {
	for _, p := range []struct{ parser, want string }{
		{"time: ", "want a duration with its unit, e.g. 90s, 10m or 1h30m"},
		{"strconv.ParseInt", "want a whole number"},
		{"strconv.ParseUint", "want a whole number, 0 or more"},
		{"strconv.ParseFloat", "want a number, e.g. 0.05"},
		{"strconv.ParseBool", "want true or false"},
	} {
		if i := strings.Index(msg, p.parser); i >= 0 {
			return strings.TrimSuffix(msg[:i], ": ") + ": " + p.want
		}
	}
	return msg
}

// outputFlag reports whether a flag names a file the command writes.
// Their DIVSIM_* variables set them only where envSetsOutputs: a DIVSIM_OUT
// exported for run made compare, sweep and calibrate replace the client's
// workbook with theirs.
func outputFlag(name string) bool {
	switch name {
	case "out", "json", "out-dir", "partial", "fragment", "cpuprofile":
		return true
	}
	return false
}

// envSetsOutputs reports whether a command's output files may come from
// the environment: run's and merge's (the README's overrides), which write
// a run's workbook and JSON.
func envSetsOutputs(command string) bool { return command == "run" || command == "merge" }

// finiteFloat is a float64 flag that refuses NaN and infinities (which
// strconv accepts, and which pass every "<= 0" check): --step NaN once
// made a sweep of int(NaN) points.
type finiteFloat struct{ p *float64 }

func (f finiteFloat) String() string { return strconv.FormatFloat(*f.p, 'g', -1, 64) }
func (f finiteFloat) Type() string   { return "float" }

func (f finiteFloat) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("want a finite number, e.g. 0.05")
	}
	*f.p = v
	return nil
}

// finiteFloatVar registers a float64 flag that accepts finite numbers only.
func finiteFloatVar(f *pflag.FlagSet, p *float64, name string, value float64, usage string) {
	*p = value
	f.Var(finiteFloat{p}, name, usage)
}
