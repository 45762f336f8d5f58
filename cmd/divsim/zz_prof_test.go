package main

import (
	"context"
	"io"
	"os"
	"testing"
)

func TestZZProfileBench(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	code := execute(context.Background(), []string{"run", "../../configs/examples/bench.yaml", "-q", "--out", "/tmp/zz.xlsx", "--json", "/tmp/zz.json"}, io.Discard, os.Stderr)
	if code != 0 {
		t.Fatal(code)
	}
}
