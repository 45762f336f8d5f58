package sim

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// shardFiles runs the scenario's shards of n and returns their partial
// results files, each as written and read back. Each shard is run on one
// worker and on three, whose files must be the same byte for byte, though
// workers hand their tails' candidates over in a different order.
func shardFiles(t *testing.T, n int, base PartialFile) []*PartialFile {
	t.Helper()
	sc := example(t, "default", 300)
	var files []*PartialFile
	for i := range n {
		lo, hi := ShardRange(sc.Simulation.Paths, i, n)
		var written [2]bytes.Buffer
		for w, workers := range []int{1, 3} {
			part, err := RunRange(context.Background(), sc, lo, hi, Options{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			pf := base
			pf.Paths, pf.Seed, pf.Horizon = sc.Simulation.Paths, sc.Simulation.Seed, sc.Simulation.HorizonYears
			pf.Shard, pf.Part = Shard{Index: i, Count: n}, part
			if _, err := pf.WriteTo(&written[w]); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(written[0].Bytes(), written[1].Bytes()) {
			t.Errorf("shard %d/%d: the file differs between one worker and three", i, n)
		}
		back, err := ReadPartialFile(&written[0], base.Version)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, back)
	}
	return files
}

// TestPartialFileRoundTrip: a partial results file reads back as written,
// does not depend on the workers, and its shards summarize to the results
// of one run.
func TestPartialFileRoundTrip(t *testing.T) {
	base := PartialFile{Version: "1.2.3", Name: "plan.yaml", Data: []byte("format: 1\n"), Report: "plan.xlsx",
		HistoryName: "mine.csv", HistoryData: []byte("month,x\n")}
	files := shardFiles(t, 3, base)
	for i, pf := range files {
		got := *pf
		got.Part, got.Magic = nil, ""
		want := base
		want.Paths, want.Seed, want.Horizon, want.Shard = 300, pf.Seed, pf.Horizon, Shard{Index: i, Count: 3}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("shard %d read back as %+v, want %+v", i, got, want)
		}
	}
	parts, err := JoinShards([]string{"a", "b", "c"}, files)
	if err != nil {
		t.Fatal(err)
	}
	sc := example(t, "default", 300)
	merged, err := Summarize(sc, parts...)
	if err != nil {
		t.Fatal(err)
	}
	one, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for b, p := range merged.Portfolios {
		if q := one.Portfolios[b]; p.TerminalWealth != q.TerminalWealth || p.SuccessRate != q.SuccessRate || p.VaR95 != q.VaR95 {
			t.Errorf("%s: merged %+v, one run %+v", p.Name, p.TerminalWealth, q.TerminalWealth)
		}
	}
}

// sealPartial writes a partial results file of the given header and body
// with a valid checksum, as a crafted (not merely damaged) file would be.
func sealPartial(t testing.TB, h PartialHeader, body []byte) []byte {
	t.Helper()
	head, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	head = append(head, '\n')
	sum := sha256.Sum256(append(slices.Clone(head), body...))
	return append(fmt.Appendf(nil, "%s\nsha256 %x\n", partialFileMagic, sum), append(head, body...)...)
}

// TestReadPartialFileRefuses: what is not a partial results file, is
// damaged, breaks a bound (even with a valid checksum), or is from another
// version, is refused.
func TestReadPartialFileRefuses(t *testing.T) {
	lo, hi := ShardRange(300, 1, 2)
	good := PartialFile{Version: "v1", Paths: 300, Horizon: 10, Seed: 7, Shard: Shard{Index: 1, Count: 2},
		Part: &Partial{Format: partialFormat, Paths: 300, Seed: 7, Lo: lo, Hi: hi}}
	write := func(pf PartialFile) []byte {
		var buf bytes.Buffer
		if _, err := pf.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	goodBytes := write(good)
	// crafted returns the good file with its header changed and resealed.
	crafted := func(change func(*PartialHeader)) []byte {
		pr, err := OpenPartialFile(bytes.NewReader(goodBytes), "v1")
		if err != nil {
			t.Fatal(err)
		}
		body := goodBytes[len(goodBytes)-int(pr.Header.Body):]
		h := pr.Header
		change(&h)
		return sealPartial(t, h, body)
	}
	// craftedBody returns a file of a changed PartialFile, header and
	// checksum made to fit.
	craftedBody := func(change func(*PartialFile)) []byte {
		pf := good
		part := *good.Part
		pf.Part = &part
		change(&pf)
		var body bytes.Buffer
		pf.Magic = partialFileMagic
		if err := gob.NewEncoder(&body).Encode(&pf); err != nil {
			t.Fatal(err)
		}
		h := good.header(int64(body.Len()))
		return sealPartial(t, h, body.Bytes())
	}
	for _, tc := range []struct {
		name    string
		data    []byte
		notFile bool   // want ErrNotPartialFile
		want    string // else an error containing this
	}{
		{"not gob", []byte("not gob at all"), true, ""},
		{"empty", nil, true, ""},
		{"the old format (gob only)", func() []byte {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(&good); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}(), true, ""},
		{"cut short", goodBytes[:len(goodBytes)-1], false, "cut short"},
		{"a byte more", append(slices.Clone(goodBytes), 0), false, "more bytes than its header says"},
		{"no checksum", bytes.Replace(goodBytes, []byte("sha256 "), []byte("sha257 "), 1), false, "no valid checksum line"},
		{"another format", crafted(func(h *PartialHeader) { h.Format = 4 }), false, fmt.Sprintf("format 4, this divsim reads format %d", partialFormat)},
		{"no shards", crafted(func(h *PartialHeader) { h.Shard = Shard{0, 0} }), false, "shard count 0 (want 1 to 10000)"},
		{"1e12 shards", crafted(func(h *PartialHeader) { h.Shard = Shard{0, 1e12} }), false, "shard count 1000000000000 (want 1 to 10000)"},
		{"2^62 shards", crafted(func(h *PartialHeader) { h.Shard = Shard{1 << 61, 1 << 62} }), false, "shard count 4611686018427387904"},
		{"shard past the count", crafted(func(h *PartialHeader) { h.Shard = Shard{2, 2} }), false, "shard index 2 of 2"},
		{"negative shard", crafted(func(h *PartialHeader) { h.Shard = Shard{-1, 2} }), false, "shard index -1 of 2"},
		{"2^62 paths", crafted(func(h *PartialHeader) { h.Paths = 1 << 62 }), false, "paths 4611686018427387904 (want 1 to"},
		{"no horizon", crafted(func(h *PartialHeader) { h.Horizon = 0 }), false, "horizon 0 years"},
		{"paths not the shard's", crafted(func(h *PartialHeader) { h.Lo = 0 }), false, "but shard 1/2 of 300 paths is paths 128–299"},
		{"a body claimed of 2^62 bytes", crafted(func(h *PartialHeader) { h.Body = 1 << 62 }), false, "cut short"},
		{"header unlike the body", crafted(func(h *PartialHeader) { h.Seed = 8 }), false, "its body does not match its header"},
		{"results of another run", craftedBody(func(pf *PartialFile) { pf.Part.Seed = 8 }), false, "its results are of 300 paths with seed 8"},
		{"no results", craftedBody(func(pf *PartialFile) { pf.Part = nil }), false, "its body cannot be read"},
		{"another version", write(func() PartialFile { pf := good; pf.Version = "v0"; return pf }()), false, "written by divsim v0, this is v1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pf, err := ReadPartialFile(bytes.NewReader(tc.data), "v1")
			switch {
			case pf != nil:
				t.Errorf("read %+v, want an error", pf)
			case tc.notFile != errors.Is(err, ErrNotPartialFile):
				t.Errorf("error %v; want ErrNotPartialFile: %v", err, tc.notFile)
			case !tc.notFile && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	if pf, err := ReadPartialFile(bytes.NewReader(goodBytes), "v1"); err != nil || pf.Shard.Index != 1 {
		t.Errorf("the good file: %+v, %v", pf, err)
	}
}

// TestJoinShards: partial files join when they are every shard of one run
// once, in any order; otherwise the message says what is wrong.
func TestJoinShards(t *testing.T) {
	file := func(index, count int, change ...func(*PartialFile)) *PartialFile {
		pf := &PartialFile{Version: "v", Data: []byte("plan"), HistoryData: []byte("hist"), Paths: 300, Horizon: 10, Seed: 7,
			Shard: Shard{Index: index, Count: count}, Part: &Partial{Lo: index}}
		for _, c := range change {
			c(pf)
		}
		return pf
	}
	otherData := func(pf *PartialFile) { pf.Data = []byte("other plan") }
	otherHistory := func(pf *PartialFile) { pf.HistoryData = nil }
	for _, tc := range []struct {
		name  string
		files []*PartialFile
		want  string // "" for joined
	}{
		{"one shard of one", []*PartialFile{file(0, 1)}, ""},
		{"three in any order", []*PartialFile{file(2, 3), file(0, 3), file(1, 3)}, ""},
		{"one missing", []*PartialFile{file(0, 3), file(2, 3)}, "shard 1/3 is missing (want every shard from 0 to 2 once)"},
		{"two missing", []*PartialFile{file(0, 3)}, "shards 1, 2 of 3 are missing"},
		{"one twice", []*PartialFile{file(0, 2), file(1, 2), file(1, 2)}, "f1 and f2 are both shard 1/2 (want each shard once)"},
		{"another scenario", []*PartialFile{file(0, 2), file(1, 2, otherData)}, "f0 and f1 are from different runs: their scenario files differ"},
		{"another history", []*PartialFile{file(0, 2), file(1, 2, otherHistory)}, "f0 and f1 are from different runs: their history files differ"},
		{"another seed", []*PartialFile{file(0, 2), file(1, 2, func(pf *PartialFile) { pf.Seed = 8 })}, "are from different runs: seed 7 against 8"},
		{"other paths", []*PartialFile{file(0, 2), file(1, 2, func(pf *PartialFile) { pf.Paths = 400 })}, "are from different runs: 300 paths against 400"},
		{"another horizon", []*PartialFile{file(0, 2), file(1, 2, func(pf *PartialFile) { pf.Horizon = 11 })}, "are from different runs: a 10-year horizon against 11"},
		{"another shard count", []*PartialFile{file(0, 2), file(1, 3)}, "are from different runs: 2 shards against 3"},
		{"no results", []*PartialFile{file(0, 1, func(pf *PartialFile) { pf.Part = nil })}, "f0: not a divsim partial results file"},
		{"shard past the count", []*PartialFile{file(0, 2), file(2, 2)}, "f1: not a divsim partial results file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			names := make([]string, len(tc.files))
			for i := range names {
				names[i] = "f" + string(rune('0'+i))
			}
			parts, err := JoinShards(names, tc.files)
			if tc.want == "" {
				if err != nil || len(parts) != len(tc.files) {
					t.Fatalf("%d parts, %v; want %d", len(parts), err, len(tc.files))
				}
				for i, part := range parts {
					if part != tc.files[i].Part {
						t.Errorf("part %d is not file %d's", i, i)
					}
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}
