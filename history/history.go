// Package history holds divsim's shipped monthly market history and reads
// it: US market, small and large caps, T-bills, 10-year Treasuries,
// inflation, NBER recessions and a rate regime from the federal funds rate,
// 1954-07 to 2023-11, built from public files by Build (see raw/SOURCES.md
// for the sources and their credits).
package history

import (
	_ "embed"
	"slices"
)

//go:generate go run ./internal/gen

// monthly is the table Build writes from raw/, embedded in the program.
//
//go:embed us_monthly.csv
var monthly []byte

// Dataset returns a copy of the shipped monthly table, as CSV (the
// embedded bytes stay as shipped).
func Dataset() []byte { return slices.Clone(monthly) }

// Credits names the sources of the shipped table, for reports.
const Credits = "Kenneth R. French Data Library (Fama/French research factors and portfolios formed on size; " +
	"copyright Eugene F. Fama and Kenneth R. French), built from CRSP data; FRED, Federal Reserve Bank of St. Louis " +
	"(GS10, FEDFUNDS, CPIAUCSL, USREC: NBER recession indicator); 10-year Treasury returns computed by divsim from GS10 " +
	"and checked against Aswath Damodaran's annual returns (NYU Stern)."
