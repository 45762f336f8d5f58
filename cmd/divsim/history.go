package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/inputfile"
)

// addHistoryFlag registers --history, the monthly history a command reads
// instead of the shipped table: what a bootstrap draws from, rolling
// windows replay, evidence describes and calibrate fits.
func addHistoryFlag(f *pflag.FlagSet, p *string) {
	f.StringVar(p, "history", "", "monthly history CSV to use instead of the shipped US table (a date column, then columns of monthly returns): "+
		"what a bootstrap draws from, rolling windows replay, evidence describes and calibrate fits")
}

// loadHistory reads and checks a history CSV and returns it with the file's
// contents. Only a regular file of at most inputfile.HistoryLimit bytes is
// read. Its problems (each with line and column) are input errors.
func loadHistory(path string) (*history.Table, []byte, error) {
	data, err := inputfile.Read(path, inputfile.HistoryLimit)
	if err != nil {
		return nil, nil, fmt.Errorf("--history %s: cannot read: %w", path, err)
	}
	t, err := history.Parse(path, data)
	if err != nil {
		return nil, nil, err
	}
	return t, data, nil
}

// inputOptions are the options every command that resolves scenarios
// shares: the memory limit (--max-memory, named in messages as src says,
// or the machine's) and the history (--history).
func (a *app) inputOptions(maxMemory string, src flagSource, historyFile string) (configs.Options, error) {
	// Notes: what Resolve changed or ignored in the file (years past a
	// --horizon, paths and seed under return_model: historical).
	opts := configs.Options{MemoryLimit: a.memory(), Note: func(line string) { fmt.Fprintln(a.stderr, "divsim: note: "+line) }}
	if maxMemory != "" {
		limit, err := parseSize(src.String(), maxMemory)
		if err != nil {
			return opts, err
		}
		opts.MemoryLimit = limit
	}
	if historyFile != "" {
		var err error
		if opts.History, opts.HistoryData, err = loadHistory(historyFile); err != nil {
			return opts, err
		}
	}
	return opts, nil
}
