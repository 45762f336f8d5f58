package sim

import (
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Shard is one shard of a run: Index (0-based) of Count. Its paths are
// ShardRange(paths, Index, Count).
type Shard struct{ Index, Count int }

// partialFileMagic opens every partial results file.
const partialFileMagic = "divsim partial results"

// ErrNotPartialFile is returned by ReadPartialFile for data that is not a
// partial results file, or one too damaged to tell which shard it holds.
var ErrNotPartialFile = errors.New("not a divsim partial results file")

// PartialFile is the partial results file of a sharded run (what `divsim
// run --partial` writes and `divsim merge` reads): one shard's Partial with
// everything a merge needs to rebuild the scenario exactly as the shard ran
// it, the scenario file's bytes and the settings that decide results. The
// engine does not read the scenario back; whoever merges does.
type PartialFile struct {
	Magic, Version string // Magic is set by WriteTo; Version is the writer's release
	Name           string // the scenario file as given; "" for the embedded default
	Data           []byte // its contents
	Paths, Horizon int
	Seed           uint64
	Report         string // the workbook file name the run would write
	HistoryName    string // the history file, if one was given
	HistoryData    []byte // its contents
	Shard          Shard
	Part           *Partial
}

// WriteTo writes the file in gob encoding, the partial's tails normalized
// first so that the bytes do not depend on which worker ran which paths.
func (pf *PartialFile) WriteTo(w io.Writer) (int64, error) {
	out := *pf
	out.Magic = partialFileMagic
	if out.Part != nil {
		out.Part.normalize()
	}
	cw := &countingWriter{w: w}
	err := gob.NewEncoder(cw).Encode(&out)
	return cw.n, err
}

// ReadPartialFile reads a file written by PartialFile.WriteTo. It returns
// ErrNotPartialFile for anything else, and an error when the file was
// written by another version than version: shards of different versions
// need not add up to one run.
func ReadPartialFile(r io.Reader, version string) (*PartialFile, error) {
	var pf PartialFile
	err := gob.NewDecoder(r).Decode(&pf)
	if err != nil || pf.Magic != partialFileMagic || !pf.valid() {
		return nil, ErrNotPartialFile
	}
	if pf.Version != version {
		return nil, fmt.Errorf("written by divsim %s, this is %s (want partial results from the same version)", pf.Version, version)
	}
	return &pf, nil
}

// valid reports whether the file holds partial results and names a shard.
func (pf *PartialFile) valid() bool {
	return pf.Part != nil && pf.Shard.Count >= 1 && pf.Shard.Index >= 0 && pf.Shard.Index < pf.Shard.Count
}

// key identifies the run a partial file belongs to: the same scenario and
// history files, the same settings and the same number of shards.
func (pf *PartialFile) key() string {
	sum, hist := sha256.Sum256(pf.Data), sha256.Sum256(pf.HistoryData)
	return fmt.Sprintf("%x/%x/%d/%d/%d/%d", sum, hist, pf.Paths, pf.Horizon, pf.Seed, pf.Shard.Count)
}

// JoinShards checks that files are the shards of one run, every shard from
// 0 to Count−1 exactly once, and returns their partial results in the
// files' order, for Summarize. names are the files' names, for messages.
func JoinShards(names []string, files []*PartialFile) ([]*Partial, error) {
	if len(files) == 0 || len(names) != len(files) {
		panic("sim: JoinShards needs one name per file, and at least one file")
	}
	for i, pf := range files {
		if !pf.valid() {
			return nil, fmt.Errorf("%s: %w", names[i], ErrNotPartialFile)
		}
	}
	first := files[0]
	seen := make([]string, first.Shard.Count)
	parts := make([]*Partial, 0, len(files))
	for i, pf := range files {
		if pf.key() != first.key() {
			return nil, fmt.Errorf("%s and %s are from different runs (want shards of one scenario file with the same paths, seed, horizon and shard count)", names[0], names[i])
		}
		if prev := seen[pf.Shard.Index]; prev != "" {
			return nil, fmt.Errorf("%s and %s are both shard %d/%d (want each shard once)", prev, names[i], pf.Shard.Index, pf.Shard.Count)
		}
		seen[pf.Shard.Index] = names[i]
		parts = append(parts, pf.Part)
	}
	var missing []string
	for i, s := range seen {
		if s == "" {
			missing = append(missing, strconv.Itoa(i))
		}
	}
	if len(missing) > 0 {
		what := "shard " + missing[0] + " is"
		if len(missing) > 1 {
			what = "shards " + strings.Join(missing, ", ") + " are"
		}
		return nil, fmt.Errorf("%s missing of %d (want every shard from 0 to %d once)", what, first.Shard.Count, first.Shard.Count-1)
	}
	return parts, nil
}
