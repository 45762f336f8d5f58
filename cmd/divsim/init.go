package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/divsim/divsim/configs"
)

func (a *app) initCmd() *cobra.Command {
	var example string
	cmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Print an example scenario, or write it to FILE",
		Long: `Print an example scenario to start from, or write it to FILE (which must not
exist yet). Examples: ` + strings.Join(configs.Examples(), ", ") + `.`,
		Example: `  divsim init > plan.yaml
  divsim init --example bench bench.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := configs.Example(example)
			if err != nil {
				return fmt.Errorf("--example: %w", err)
			}
			if len(args) == 0 {
				_, err := a.stdout.Write(data)
				return err
			}
			return writeNew(args[0], data)
		},
	}
	cmd.Flags().StringVar(&example, "example", "default", "which example: "+strings.Join(configs.Examples(), ", "))
	return cmd
}

// writeNew writes data to a file that must not exist yet, atomically: a
// temporary file in the same folder is renamed into place only when whole.
func writeNew(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s already exists; choose another name or remove it first", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return failure{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".divsim-*.tmp")
	if err != nil {
		return failure{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return failure{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	if err := tmp.Close(); err != nil {
		return failure{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	if err := os.Link(tmp.Name(), path); err != nil { // fails rather than replace a file created meanwhile
		return failure{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	return nil
}
