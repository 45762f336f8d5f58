package main

import (
	"os"

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
