package main

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/configs"
)

func (a *app) initCmd() *cobra.Command {
	var example string
	cmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Print an example scenario, or write it to FILE",
		Long: `Print an example scenario to start from (as YAML), or write it to FILE (which
must not exist yet) in the format FILE's name ends in: .yaml or .yml as
written, with comments explaining each setting; .toml or .json with the same
settings but without those comments (TOML and JSON lose them). Examples: ` + strings.Join(configs.Examples(), ", ") + `.`,
		Example: `  divsim init > plan.yaml
  divsim init plan.toml
  divsim init --example bench bench.json`,
		Args: wantArgs(cobra.MaximumNArgs(1), "at most one file to write (none: standard output)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := configs.Starter(example)
			if err != nil {
				return fmt.Errorf("--example: %w", err)
			}
			if len(args) == 0 {
				if _, err := a.stdout.Write(data); err != nil && !errors.Is(err, syscall.EPIPE) { // a full disk fails the command (exit 1); a reader gone early does not
					return failure{fmt.Errorf("standard output: %w", err)}
				}
				return nil
			}
			if data, err = configs.ExampleAs(example, args[0]); err != nil {
				return err
			}
			return writeNew(args[0], data)
		},
	}
	cmd.Flags().StringVar(&example, "example", "default", "which example: "+strings.Join(configs.Examples(), ", "))
	return cmd
}

// writeNew writes data to a file that must not exist yet, atomically. A
// path no file can be written to is refused like every command's outputs
// (exit 2, checkOutputs' words).
func writeNew(path string, data []byte) error {
	if err := atomicfile.Check(path); err != nil && !errors.Is(err, atomicfile.ErrExists) {
		return fmt.Errorf("%w (want a file in an existing folder you can write to)", err)
	}
	err := atomicfile.Create(path, data)
	switch {
	case errors.Is(err, atomicfile.ErrExists):
		return fmt.Errorf("%s already exists; choose another name or remove it first", path)
	case err != nil:
		return failure{err}
	}
	return nil
}
