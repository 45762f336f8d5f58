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

// writeNew writes data to a file that must not exist yet, atomically.
func writeNew(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s already exists; choose another name or remove it first", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return failure{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	return writeFile(path, data, os.Link) // Link fails rather than replace a file created meanwhile
}

// writeAtomic writes data to path, replacing any file there, atomically.
func writeAtomic(path string, data []byte) error {
	return writeFile(path, data, os.Rename)
}

// writeFile writes data to a temporary file in path's folder and moves it
// into place with place only once it is whole, so a reader never sees a
// half-written file and an interrupted write leaves nothing behind.
func writeFile(path string, data []byte, place func(from, to string) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".divsim-*.tmp")
	if err != nil {
		return failure{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return failure{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return failure{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	if err := tmp.Close(); err != nil {
		return failure{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	if err := place(tmp.Name(), path); err != nil {
		return failure{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	return nil
}
