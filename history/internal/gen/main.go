// Command gen rebuilds history/us_monthly.csv from history/raw; run it with
// `go generate ./history`.
package main

import (
	"fmt"
	"os"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/history"
)

func main() {
	data, err := history.Build(os.DirFS("raw"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := atomicfile.WriteBytes("us_monthly.csv", data); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
