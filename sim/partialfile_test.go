package sim

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"reflect"
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

// TestReadPartialFileRefuses: what is not a partial results file, or is
// one from another version, is refused.
func TestReadPartialFileRefuses(t *testing.T) {
	good := PartialFile{Magic: partialFileMagic, Version: "v1", Shard: Shard{Index: 1, Count: 2}, Part: &Partial{Format: partialFormat}}
	encode := func(change func(*PartialFile)) []byte {
		pf := good
		change(&pf)
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(&pf); err != nil { // as written, Magic not forced
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, tc := range []struct {
		name    string
		data    []byte
		notFile bool   // want ErrNotPartialFile
		want    string // else an error containing this
	}{
		{"not gob", []byte("not gob at all"), true, ""},
		{"empty", nil, true, ""},
		{"a bare Partial", func() []byte {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(&Partial{Format: partialFormat}); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}(), true, ""},
		{"another magic", encode(func(pf *PartialFile) { pf.Magic = "something else" }), true, ""},
		{"no results", encode(func(pf *PartialFile) { pf.Part = nil }), true, ""},
		{"no shards", encode(func(pf *PartialFile) { pf.Shard = Shard{0, 0} }), true, ""},
		{"shard past the count", encode(func(pf *PartialFile) { pf.Shard = Shard{2, 2} }), true, ""},
		{"negative shard", encode(func(pf *PartialFile) { pf.Shard = Shard{-1, 2} }), true, ""},
		{"another version", encode(func(pf *PartialFile) { pf.Version = "v0" }), false, "written by divsim v0, this is v1"},
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
	if pf, err := ReadPartialFile(bytes.NewReader(encode(func(*PartialFile) {})), "v1"); err != nil || pf.Shard.Index != 1 {
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
		{"one missing", []*PartialFile{file(0, 3), file(2, 3)}, "shard 1 is missing of 3 (want every shard from 0 to 2 once)"},
		{"two missing", []*PartialFile{file(0, 3)}, "shards 1, 2 are missing of 3"},
		{"one twice", []*PartialFile{file(0, 2), file(1, 2), file(1, 2)}, "f1 and f2 are both shard 1/2 (want each shard once)"},
		{"another scenario", []*PartialFile{file(0, 2), file(1, 2, otherData)}, "f0 and f1 are from different runs"},
		{"another history", []*PartialFile{file(0, 2), file(1, 2, otherHistory)}, "f0 and f1 are from different runs"},
		{"another seed", []*PartialFile{file(0, 2), file(1, 2, func(pf *PartialFile) { pf.Seed = 8 })}, "are from different runs"},
		{"other paths", []*PartialFile{file(0, 2), file(1, 2, func(pf *PartialFile) { pf.Paths = 400 })}, "are from different runs"},
		{"another horizon", []*PartialFile{file(0, 2), file(1, 2, func(pf *PartialFile) { pf.Horizon = 11 })}, "are from different runs"},
		{"another shard count", []*PartialFile{file(0, 2), file(1, 3)}, "are from different runs"},
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
