package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/internal/param"
	"github.com/divsim/divsim/internal/words"
)

// Exit statuses of SCENARIO.md.
const (
	exitOK      = 0
	exitFailed  = 1 // a run that failed, or a batch in which some files failed
	exitInvalid = 2 // invalid input or usage; nothing was run or written
)

// baseVersion is divsim's release; a module version stamped by `go install
// ...@vX` takes precedence.
const baseVersion = "0.1.0-dev"

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return baseVersion
}

// errReported is returned by a command that has printed its own errors; it
// sets the exit status without another message.
var errReported = errors.New("reported")

// failure is a run that failed after its input was accepted (exit 1).
type failure struct{ err error }

func (f failure) Error() string { return f.err.Error() }
func (f failure) Unwrap() error { return f.err }

// inFile is a problem with a key of the scenario file named file, found
// after the file resolved (solve's rule, a run's memory): it prints as
// the file's own problems do, "FILE: key: what (want)". A flag's problem
// ("--success: ...") is the command line's and keeps divsim's prefix.
type inFile struct {
	file string
	err  error
}

func (e inFile) Error() string { return e.file + ": " + e.err.Error() }
func (e inFile) Unwrap() error { return e.err }

// fileProblem names file in err unless err is a flag's (a *param.Error).
func fileProblem(file string, err error) error {
	if _, flag := errors.AsType[*param.Error](err); err == nil || flag {
		return err
	}
	return inFile{file, err}
}

// app is what every command shares: where output goes and how the machine is
// read. It holds no configuration state of its own.
type app struct {
	stdout, stderr io.Writer
	memory         func() uint64 // bytes a run may use; 0 if unknown
	// jsonOut is a command's JSON for standard output (--json -), held
	// until its files are in place (see commit).
	jsonOut []byte
	// replaced are the files the last commit replaced, for the messages
	// that say what was written.
	replaced []string
}

// execute runs divsim with args and returns the exit status. Every error is
// printed to stderr; invalid input and usage errors exit 2, failed runs 1.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, memory: machineMemory}
	return a.execute(ctx, args)
}

func (a *app) execute(ctx context.Context, args []string) int {
	return a.guard(func() int { return a.run(ctx, args) })
}

// guard runs a command and turns a panic in it into an internal error:
// a bug in divsim, not the user's input, so exit 1 (a failed run) with a
// request to report it and the stack to report. Only the command's own
// goroutine is covered; the engine recovers its workers' panics into a
// sim.PanicError, reported like any failed run.
func (a *app) guard(run func() int) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(a.stderr, "divsim: internal error: %v, please report it at https://github.com/divsim/divsim/issues with the command and this trace:\n%s", r, debug.Stack())
			code = exitFailed
		}
	}()
	return run()
}

func (a *app) run(ctx context.Context, args []string) int {
	root := a.rootCmd()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if !errors.Is(err, errReported) {
		fmt.Fprintln(a.stderr, errorText(err))
	}
	var f failure
	if errors.As(err, &f) {
		return exitFailed
	}
	return exitInvalid
}

// wantArgs is check with a message in divsim's style, saying what the
// command wants in place of cobra's "accepts 1 arg(s), received 2".
func wantArgs(check cobra.PositionalArgs, want string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if check(c, args) == nil {
			return nil
		}
		got := "none"
		if len(args) > 0 {
			got = fmt.Sprintf("%d: %s", len(args), strings.Join(args, " "))
		}
		return fmt.Errorf("want %s; got %s (see '%s --help')", want, got, c.CommandPath())
	}
}

// errorText renders an error for the terminal: scenario problems are already
// one "FILE: key: message" line each.
func errorText(err error) string {
	// A joined error (several files' or flags' problems): each in turn,
	// every file's problems, not only the first file's.
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var parts []string
		for _, e := range joined.Unwrap() {
			parts = append(parts, errorText(e))
		}
		return strings.Join(parts, "\n")
	}
	var probs *configs.Problems
	if errors.As(err, &probs) {
		return probs.Error()
	}
	if f := (inFile{}); errors.As(err, &f) {
		return f.Error()
	}
	// Every line is divsim's; blank ones (cobra's suggestions have some)
	// are left out, and cobra's "Did you mean this?" list joins its line.
	text := cobraSuggestions.ReplaceAllStringFunc(err.Error(), func(m string) string {
		names := strings.Fields(strings.TrimPrefix(strings.TrimSpace(m), "Did you mean this?"))
		return " (did you mean " + strings.Join(names, " or ") + "?)"
	})
	var lines []string
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if strings.TrimSpace(line) != "" {
			lines = append(lines, "divsim: "+line)
		}
	}
	return strings.Join(lines, "\n")
}

// cobraSuggestions matches cobra's list of commands an unknown one may
// mean: "\n\nDid you mean this?\n\trun\n".
var cobraSuggestions = regexp.MustCompile(`\s*Did you mean this\?(\s+\S+)+\s*$`)

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "divsim",
		Short: "Monte Carlo portfolio diversification simulator for financial advisors",
		Long: `divsim simulates model portfolios (with sleeves such as a small-cap sleeve)
under interest-rate and growth regimes, path by path with rebalancing, fees,
cash flows and inflation, on common random numbers across portfolios, and
writes the results as an Excel workbook (and, with --json, as JSON).

Scenario files are YAML, TOML or JSON; 'divsim init' prints one to start from.`,
		Example: `  divsim init > plan.yaml        # start from the example scenario
  divsim validate plan.yaml      # check it
  divsim run plan.yaml           # simulate it`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	// Shell completion works, but an advisor's list of commands does not
	// need it.
	root.CompletionOptions.HiddenDefaultCmd = true
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	// --version says what 'divsim version' says.
	root.SetVersionTemplate(fmt.Sprintf("divsim {{.Version}} (%s %s/%s)\n", runtime.Version(), runtime.GOOS, runtime.GOARCH))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		msg := plainFlagError(err.Error())
		if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
			var known []string
			c.Flags().VisitAll(func(f *pflag.Flag) { known = append(known, f.Name) })
			if guess := words.Closest(name, known); guess != "" {
				msg += " (did you mean --" + guess + "?)"
			}
		}
		return fmt.Errorf("%s (see '%s --help')", msg, c.CommandPath())
	})
	root.AddCommand(a.runCmd(), a.mergeCmd(), a.calibrateCmd(), a.compareCmd(), a.sweepCmd(), a.solveCmd(), a.evidenceCmd(), a.validateCmd(), a.initCmd(), a.benchCmd(), a.versionCmd())
	return root
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print divsim's version",
		Example: "  divsim version",
		Args:    wantArgs(cobra.NoArgs, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(a.stdout, "divsim %s (%s %s/%s)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
