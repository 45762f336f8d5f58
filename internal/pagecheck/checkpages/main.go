// Command checkpages renders a workbook with LibreOffice and checks its
// printed pages (see package pagecheck); scripts/check-pages runs it.
//
//	checkpages [-min 9] [-out DIR] [-v] WORKBOOK.xlsx
//
// Exit status 0 when every page passes, 1 when one does not, 2 on bad
// usage or when the workbook cannot be rendered.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/divsim/divsim/internal/pagecheck"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check-pages", flag.ContinueOnError)
	fs.SetOutput(stderr)
	minSize := fs.Float64("min", pagecheck.MinBodySize, "smallest body text allowed, in points")
	verbose := fs.Bool("v", false, "also print each sheet's modelled pages and charts")
	out := fs.String("out", "", "folder for the PDF (default: a temporary folder, removed)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: check-pages [-min 9] [-out DIR] [-v] WORKBOOK.xlsx")
		return 2
	}
	dir := *out
	if dir == "" {
		tmp, err := os.MkdirTemp("", "check-pages-")
		if err != nil {
			fmt.Fprintln(stderr, "check-pages:", err)
			return 2
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(stderr, "check-pages:", err)
		return 2
	}
	r, err := pagecheck.Check(context.Background(), fs.Arg(0), dir, *minSize)
	if err != nil {
		fmt.Fprintln(stderr, "check-pages:", err)
		return 2
	}
	if err := r.Write(stdout, *verbose); err != nil {
		fmt.Fprintln(stderr, "check-pages:", err)
		return 2
	}
	if len(r.Problems) > 0 {
		return 1
	}
	return 0
}
