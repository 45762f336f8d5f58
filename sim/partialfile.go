package sim

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Shard is one shard of a run: Index (0-based) of Count. Its paths are
// ShardRange(paths, Index, Count).
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// partialFileMagic is the first line of every partial results file.
const partialFileMagic = "divsim partial results"

// MaxShards is the most shards a run may be split into: far more machines
// than any study needs, and small enough that a merge's bookkeeping per
// shard is nothing.
const MaxShards = 10_000

// Bounds a header's numbers must keep before anything is sized from them.
// The scenario's own limits (configs.MaxPaths, configs.MaxHorizonYears) are
// checked again when merge resolves the scenario; these only keep
// arithmetic on them from overflowing.
const (
	maxHeaderPaths   = 1 << 40
	maxHeaderHorizon = 1 << 16
	maxHeaderLine    = 4 << 10 // bytes of the header's JSON line
)

// ErrNotPartialFile is returned by ReadPartialFile for data that is not a
// partial results file, or one too damaged to tell which shard it holds.
var ErrNotPartialFile = errors.New("not a divsim partial results file")

// ErrDamagedPartialFile is returned for a partial results file whose
// checksum does not match its contents, or whose contents break a bound.
var ErrDamagedPartialFile = errors.New("damaged partial results file")

// PartialFile is the partial results file of a sharded run (what `divsim
// run --partial` writes and `divsim merge` reads): one shard's Partial with
// everything a merge needs to rebuild the scenario exactly as the shard ran
// it, the scenario file's bytes and the settings that decide results. The
// engine does not read the scenario back; whoever merges does.
//
// On disk (partialFormat 5) a file is three text lines and a body:
//
//	divsim partial results
//	sha256 <SHA-256 of everything after this line, in hex>
//	<the PartialHeader in JSON>
//	<the body: this PartialFile in gob, exactly PartialHeader.Body bytes>
//
// so that a damaged file (a flipped bit anywhere) is refused, and a merge
// can check the header's bounds and estimate its memory before reading
// any body.
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

// PartialHeader is what a partial results file says of itself ahead of its
// body: enough to check the set of files and to estimate a merge's memory
// without reading the bodies. The body repeats every field, and a file
// whose body disagrees with its header is refused.
type PartialHeader struct {
	Format  int    `json:"format"`
	Version string `json:"version"`
	Shard   Shard  `json:"shard"`
	Paths   int    `json:"paths"`
	Horizon int    `json:"horizon_years"`
	Seed    uint64 `json:"seed"`
	Lo      int    `json:"lo"`
	Hi      int    `json:"hi"`
	Body    int64  `json:"body_bytes"`
}

// check reports the first header field out of its bounds.
func (h *PartialHeader) check() error {
	switch {
	case h.Format != partialFormat:
		return fmt.Errorf("format %d, this divsim reads format %d (want partial results from the same version)", h.Format, partialFormat)
	case h.Shard.Count < 1 || h.Shard.Count > MaxShards:
		return fmt.Errorf("shard count %d (want 1 to %d)", h.Shard.Count, MaxShards)
	case h.Shard.Index < 0 || h.Shard.Index >= h.Shard.Count:
		return fmt.Errorf("shard index %d of %d (want 0 to %d)", h.Shard.Index, h.Shard.Count, h.Shard.Count-1)
	case h.Paths < 1 || h.Paths > maxHeaderPaths:
		return fmt.Errorf("paths %d (want 1 to %d)", h.Paths, maxHeaderPaths)
	case h.Horizon < 1 || h.Horizon > maxHeaderHorizon:
		return fmt.Errorf("horizon %d years (want 1 to %d)", h.Horizon, maxHeaderHorizon)
	case h.Body < 1:
		return fmt.Errorf("body of %d bytes", h.Body)
	}
	if lo, hi := ShardRange(h.Paths, h.Shard.Index, h.Shard.Count); h.Lo != lo || h.Hi != hi {
		return fmt.Errorf("paths %d–%d, but shard %d/%d of %d paths is paths %d–%d", h.Lo, h.Hi-1, h.Shard.Index, h.Shard.Count, h.Paths, lo, hi-1)
	}
	return nil
}

// header is the header of pf with a body of n bytes.
func (pf *PartialFile) header(n int64) PartialHeader {
	h := PartialHeader{Format: partialFormat, Version: pf.Version, Shard: pf.Shard, Paths: pf.Paths, Horizon: pf.Horizon, Seed: pf.Seed, Body: n}
	if pf.Part != nil {
		h.Format, h.Lo, h.Hi = pf.Part.Format, pf.Part.Lo, pf.Part.Hi
	}
	return h
}

// WriteTo writes the file: its header, checksum and body (see PartialFile),
// the partial's tails normalized first so that the bytes do not depend on
// which worker ran which paths.
func (pf *PartialFile) WriteTo(w io.Writer) (int64, error) {
	out := *pf
	out.Magic = partialFileMagic
	if out.Part != nil {
		out.Part.normalize()
	}
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(&out); err != nil {
		return 0, err
	}
	head, err := json.Marshal(out.header(int64(body.Len())))
	if err != nil {
		return 0, err
	}
	head = append(head, '\n')
	sum := sha256.New()
	sum.Write(head)
	sum.Write(body.Bytes())
	cw := &countingWriter{w: w}
	if _, err := fmt.Fprintf(cw, "%s\nsha256 %x\n", partialFileMagic, sum.Sum(nil)); err != nil {
		return cw.n, err
	}
	if _, err := cw.Write(head); err != nil {
		return cw.n, err
	}
	_, err = cw.Write(body.Bytes())
	return cw.n, err
}

// PartialReader reads a partial results file in two steps: OpenPartialFile
// reads and checks the header, Read the body.
type PartialReader struct {
	Header PartialHeader
	r      *bufio.Reader
	sum    []byte // the checksum the file gives
	head   []byte // the header's line, as read, for the checksum
}

// OpenPartialFile reads a partial results file's header and checks its
// bounds. It returns ErrNotPartialFile for anything that does not begin
// as one, ErrDamagedPartialFile (wrapped, with what is wrong) for a header
// out of bounds, and an error when the file was written by another version
// than version: shards of different versions need not add up to one run.
func OpenPartialFile(r io.Reader, version string) (*PartialReader, error) {
	br := bufio.NewReaderSize(r, maxHeaderLine)
	magic, err := readLine(br, len(partialFileMagic)+1)
	if err != nil || string(magic) != partialFileMagic {
		return nil, ErrNotPartialFile
	}
	line, err := readLine(br, 2*maxHeaderLine)
	hexSum, ok := strings.CutPrefix(string(line), "sha256 ")
	if err != nil || !ok || len(hexSum) != 2*sha256.Size || hexSum != strings.ToLower(hexSum) {
		return nil, fmt.Errorf("%w: no valid checksum line", ErrDamagedPartialFile)
	}
	pr := &PartialReader{r: br}
	if pr.sum, err = hex.DecodeString(hexSum); err != nil {
		return nil, fmt.Errorf("%w: no valid checksum line", ErrDamagedPartialFile)
	}
	if pr.head, err = readLine(br, maxHeaderLine); err != nil {
		return nil, fmt.Errorf("%w: no valid header", ErrDamagedPartialFile)
	}
	dec := json.NewDecoder(bytes.NewReader(pr.head))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pr.Header); err != nil || dec.More() {
		return nil, fmt.Errorf("%w: no valid header", ErrDamagedPartialFile)
	}
	if err := pr.Header.check(); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrDamagedPartialFile, err)
	}
	if pr.Header.Version != version {
		return nil, fmt.Errorf("written by divsim %s, this is %s (want partial results from the same version)", pr.Header.Version, version)
	}
	return pr, nil
}

// Size is the file's length in bytes, as its header implies.
func (pr *PartialReader) Size() int64 {
	return int64(len(partialFileMagic)+1+len("sha256 ")+2*sha256.Size+1+len(pr.head)+1) + pr.Header.Body
}

// MergeMemory is an upper bound on the bytes a merge of partial files with
// these headers needs, from the headers alone: the runtime and the
// scenario, one file's body held while it is checked and decoded, the
// decoded results (no larger than their encoding, but for fan sketches'
// dense stores), the summary's joined copy of every path's figures and its
// scratch; each a multiple of the bodies' bytes.
func MergeMemory(headers []PartialHeader) uint64 {
	const fixed = 128 << 20 // as for a run: runtime, scenario, workbook, headroom
	const most = 1 << 60    // beyond any machine: saturate rather than overflow
	var total, largest uint64
	for _, h := range headers {
		b := uint64(min(max(h.Body, 0), most))
		total, largest = min(total+b, most), max(largest, b)
	}
	return fixed + largest + 3*total
}

// readLine reads a line of at most max bytes and returns it without its
// newline.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for len(line) <= max {
		b, err := br.ReadByte()
		if err != nil {
			return nil, err
		}
		if b == '\n' {
			return line, nil
		}
		line = append(line, b)
	}
	return nil, errors.New("line too long")
}

// Read reads the body, checks it against the checksum and the header, and
// returns the file. Memory grows with the bytes actually read, never with
// what the header claims.
func (pr *PartialReader) Read() (*PartialFile, error) {
	var body bytes.Buffer
	n, err := io.CopyN(&body, pr.r, pr.Header.Body)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if n < pr.Header.Body {
		return nil, fmt.Errorf("%w: cut short (%d of its %d bytes)", ErrDamagedPartialFile, n, pr.Header.Body)
	}
	if _, err := pr.r.ReadByte(); err == nil {
		return nil, fmt.Errorf("%w: more bytes than its header says", ErrDamagedPartialFile)
	}
	h := sha256.New()
	h.Write(pr.head)
	h.Write([]byte{'\n'})
	h.Write(body.Bytes())
	if !bytes.Equal(h.Sum(nil), pr.sum) {
		return nil, fmt.Errorf("%w: its checksum does not match its contents", ErrDamagedPartialFile)
	}
	var pf PartialFile
	if err := gob.NewDecoder(&body).Decode(&pf); err != nil || pf.Magic != partialFileMagic || pf.Part == nil {
		return nil, fmt.Errorf("%w: its body cannot be read", ErrDamagedPartialFile)
	}
	if got := pf.header(pr.Header.Body); got != pr.Header {
		return nil, fmt.Errorf("%w: its body does not match its header", ErrDamagedPartialFile)
	}
	if pf.Part.Paths != pf.Paths || pf.Part.Seed != pf.Seed {
		return nil, fmt.Errorf("%w: its results are of %d paths with seed %d, its header says %d with seed %d",
			ErrDamagedPartialFile, pf.Part.Paths, pf.Part.Seed, pf.Paths, pf.Seed)
	}
	return &pf, nil
}

// ReadPartialFile reads a file written by PartialFile.WriteTo:
// OpenPartialFile and Read in one.
func ReadPartialFile(r io.Reader, version string) (*PartialFile, error) {
	pr, err := OpenPartialFile(r, version)
	if err != nil {
		return nil, err
	}
	return pr.Read()
}

// valid reports whether the file holds partial results and names a shard.
func (pf *PartialFile) valid() bool {
	return pf.Part != nil && pf.Shard.Count >= 1 && pf.Shard.Count <= MaxShards && pf.Shard.Index >= 0 && pf.Shard.Index < pf.Shard.Count
}

// key identifies the run a partial file belongs to: the same scenario and
// history files, the same settings and the same number of shards.
func (pf *PartialFile) key() string {
	sum, hist := sha256.Sum256(pf.Data), sha256.Sum256(pf.HistoryData)
	return fmt.Sprintf("%x/%x/%d/%d/%d/%d", sum, hist, pf.Paths, pf.Horizon, pf.Seed, pf.Shard.Count)
}

// differs says how o's run differs from pf's, the first of key's parts
// that does: what a user needs to run the wrong shard again.
func (pf *PartialFile) differs(o *PartialFile) string {
	switch {
	case !bytes.Equal(pf.Data, o.Data):
		return "their scenario files differ"
	case !bytes.Equal(pf.HistoryData, o.HistoryData):
		return "their history files differ"
	case pf.Paths != o.Paths:
		return fmt.Sprintf("%d paths against %d", pf.Paths, o.Paths)
	case pf.Horizon != o.Horizon:
		return fmt.Sprintf("a %d-year horizon against %d", pf.Horizon, o.Horizon)
	case pf.Seed != o.Seed:
		return fmt.Sprintf("seed %d against %d", pf.Seed, o.Seed)
	default:
		return fmt.Sprintf("%d shards against %d", pf.Shard.Count, o.Shard.Count)
	}
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
			return nil, fmt.Errorf("%s and %s are from different runs: %s (want shards of one scenario file with the same paths, seed, horizon and shard count)", names[0], names[i], first.differs(pf))
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
		what := fmt.Sprintf("shard %s/%d is", missing[0], first.Shard.Count)
		if len(missing) > 1 {
			if len(missing) > 10 {
				missing = append(missing[:10], fmt.Sprintf("… (%d in all)", len(missing)))
			}
			what = fmt.Sprintf("shards %s of %d are", strings.Join(missing, ", "), first.Shard.Count)
		}
		return nil, fmt.Errorf("%s missing (want every shard from 0 to %d once)", what, first.Shard.Count-1)
	}
	return parts, nil
}
