package sim

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"reflect"
	"testing"

	"github.com/divsim/divsim/model"
)

// mergeShardBytes runs the scenario as n shards and returns each shard's
// partial results file as written.
func mergeShardBytes(t testing.TB, sc *model.Scenario, n int) [][]byte {
	t.Helper()
	var out [][]byte
	for i := range n {
		lo, hi := ShardRange(sc.Simulation.Paths, i, n)
		part, err := RunRange(context.Background(), sc, lo, hi, Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		s := sc.Simulation
		pf := PartialFile{Version: "test", Name: "plan.yaml", Data: []byte("format: 1\n"), Report: "plan.xlsx",
			Paths: s.Paths, Horizon: s.HorizonYears, Seed: s.Seed, Shard: Shard{i, n}, Part: part}
		var buf bytes.Buffer
		if _, err := pf.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		out = append(out, buf.Bytes())
	}
	return out
}

// mergeBytes reads, joins and summarizes partial results files as merge
// does, or returns the first error.
func mergeBytes(sc *model.Scenario, files [][]byte) (*Results, error) {
	var pfs []*PartialFile
	var names []string
	for i, data := range files {
		pf, err := ReadPartialFile(bytes.NewReader(data), "test")
		if err != nil {
			return nil, err
		}
		pfs = append(pfs, pf)
		names = append(names, "part-"+string(rune('0'+i)))
	}
	parts, err := JoinShards(names, pfs)
	if err != nil {
		return nil, err
	}
	return Summarize(sc, parts...)
}

// TestMergeRefusesFlippedBits reproduces issue 19 item 2: single bits
// flipped at 40 places spread over a real shard file must never merge into
// results other than the undamaged ones. Before partial files carried a
// checksum, some flips (in per-path figures, say) merged with no error into
// different client figures.
func TestMergeRefusesFlippedBits(t *testing.T) {
	sc := example(t, "default", 300)
	files := mergeShardBytes(t, sc, 2)
	want, err := mergeBytes(sc, files)
	if err != nil {
		t.Fatal(err)
	}
	good := files[0]
	const flips = 40
	refused, same := 0, 0
	for k := range flips {
		pos := k * len(good) / flips
		if k == flips-1 {
			pos = len(good) - 1
		}
		bad := bytes.Clone(good)
		bad[pos] ^= 1 << (k % 8)
		got, err := mergeBytes(sc, [][]byte{bad, files[1]})
		switch {
		case err != nil:
			refused++
		case reflect.DeepEqual(got, want):
			same++
		default:
			t.Errorf("bit %d of byte %d of %d flipped: merged with no error into different results", k%8, pos, len(good))
		}
	}
	t.Logf("%d flips: %d refused, %d merged into the same results", flips, refused, same)
}

// FuzzMerge: a mutated partial results file merged with its undamaged
// sibling never panics and never merges into results other than the
// undamaged ones. With reseal, the mutated header and body are given a
// valid checksum, as a crafted file would have: then only "no panic, and
// an error or results" is required, since a crafted figure is a figure.
func FuzzMerge(f *testing.F) {
	sc := example(f, "default", 300)
	files := mergeShardBytes(f, sc, 2)
	want, err := mergeBytes(sc, files)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(files[0], false)
	f.Add(files[0], true)
	f.Add(files[0][:200], true)
	f.Fuzz(func(t *testing.T, data []byte, reseal bool) {
		if reseal {
			// Seal what follows the checksum line, whatever it is.
			_, rest, ok := bytes.Cut(data, []byte("\n"))
			if ok {
				_, rest, ok = bytes.Cut(rest, []byte("\n"))
			}
			if !ok {
				return
			}
			sum := sha256.Sum256(rest)
			data = append(fmt.Appendf(nil, "%s\nsha256 %x\n", partialFileMagic, sum), rest...)
		}
		got, err := mergeBytes(sc, [][]byte{data, files[1]})
		if err != nil || reseal {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("a mutated file (%d bytes) merged into different results", len(data))
		}
	})
}
