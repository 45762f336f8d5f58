package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/divsim/divsim/history"
)

// addHistoryFlag registers --history, the monthly history a bootstrap
// scenario draws from instead of the shipped table.
func addHistoryFlag(f *pflag.FlagSet, p *string) {
	f.StringVar(p, "history", "", "monthly history CSV for return_model: bootstrap (a date column, then columns of monthly returns); default: the shipped US table")
}

// loadHistory reads and checks a history CSV. Its problems (each with line
// and column) are input errors.
func loadHistory(path string) (t *history.Table, sha string, data []byte, err error) {
	data, err = os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, "", nil, fmt.Errorf("--history %s: cannot read: %w", path, err)
	}
	if t, err = history.Parse(path, data); err != nil {
		return nil, "", nil, err
	}
	sum := sha256.Sum256(data)
	return t, hex.EncodeToString(sum[:]), data, nil
}
