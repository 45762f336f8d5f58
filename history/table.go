package history

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Table is monthly history: consecutive months, numeric columns (returns
// and rates as decimal fractions per month, or flags) and label columns
// (such as rate_regime).
type Table struct {
	Name    string
	First   Month
	Months  int
	Numeric map[string][]float64 // column → value per month
	Labels  map[string][]string  // column → label per month
	Order   []string             // columns in file order
}

// columnTitles are the shipped table's columns in words, for reports.
var columnTitles = map[string]string{
	"us_market": "US stock market",
	"us_small":  "US small caps",
	"us_large":  "US large caps",
	"tbill":     "T-bills",
	"bonds_10y": "10-year Treasuries",
	"inflation": "Inflation",
}

// ColumnTitle is a column of the shipped table in words ("us_small": "US
// small caps"), or the name itself for a column it does not have (a
// user's history file).
func ColumnTitle(column string) string {
	if t, ok := columnTitles[column]; ok {
		return t
	}
	return column
}

// DefaultName is the name the shipped table goes by in messages and reports.
const DefaultName = "divsim US monthly 1954-07–2023-11 (built-in)"

// Default returns the shipped table, parsed once per process: every
// bootstrap scenario of a batch would otherwise parse its 833 rows again.
// The table is shared; callers only read it.
func Default() *Table { return parsedDefault() }

var parsedDefault = sync.OnceValue(func() *Table {
	t, err := Parse(DefaultName, Dataset())
	if err != nil {
		panic(err) // tested: the shipped table parses
	}
	return t
})

// Month returns the month of row i.
func (t *Table) Month(i int) Month { return t.First + Month(i) }

// Index returns the row of month m, or −1 when the table does not hold it.
func (t *Table) Index(m Month) int {
	if i := int(m - t.First); i >= 0 && i < t.Months {
		return i
	}
	return -1
}

// Columns returns the names of the numeric columns, in file order.
func (t *Table) Columns() []string {
	var out []string
	for _, c := range t.Order {
		if _, ok := t.Numeric[c]; ok {
			out = append(out, c)
		}
	}
	return out
}

// Indicator reports whether numeric column c holds only 0 and 1 (an
// indicator such as the NBER recession months), not a series of returns.
func (t *Table) Indicator(c string) bool {
	xs := t.Numeric[c]
	for _, x := range xs {
		if x != 0 && x != 1 {
			return false
		}
	}
	return len(xs) > 0
}

// ReturnColumns returns the numeric columns that are not indicators, in
// file order: the series a model can fit or draw returns from.
func (t *Table) ReturnColumns() []string {
	var out []string
	for _, c := range t.Columns() {
		if !t.Indicator(c) {
			out = append(out, c)
		}
	}
	return out
}

// NotReturns says why rows lo to hi of column col are not monthly returns
// written as decimal fractions, or returns two empty strings when they may
// be: a value at or below −100 %, or a typical size (the median absolute
// value) above 20 % a month, which means percent was written (1.5 for
// 1.5 %). want says what is expected, got what the column holds.
func (t *Table) NotReturns(col string, lo, hi int) (want, got string) {
	vals := t.Numeric[col][lo : hi+1]
	for i, v := range vals {
		if v <= -1 {
			return "want monthly returns as decimal fractions above -1, e.g. 0.015 for 1.5%",
				fmt.Sprintf("column %s of %s has %v in %s", col, t.Name, v, t.Month(lo+i))
		}
	}
	abs := make([]float64, len(vals))
	for i, v := range vals {
		abs[i] = math.Abs(v)
	}
	slices.Sort(abs)
	if med := abs[len(abs)/2]; med > 0.2 {
		return "want monthly returns as decimal fractions, e.g. 0.015 for 1.5%; the column looks like percent",
			fmt.Sprintf("column %s of %s has a median absolute value of %v a month", col, t.Name, med)
	}
	return "", ""
}

// ParseMonth reads YYYY-MM (or YYYY-MM-DD, the day ignored).
func ParseMonth(s string) (Month, error) {
	if len(s) < 7 || s[4] != '-' {
		return 0, fmt.Errorf("%q is not a month (want YYYY-MM)", s)
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	if err1 != nil || err2 != nil || m < 1 || m > 12 || (len(s) != 7 && (len(s) != 10 || s[7] != '-')) {
		return 0, fmt.Errorf("%q is not a month (want YYYY-MM)", s)
	}
	return NewMonth(y, m), nil
}

// Parse reads a history CSV: a header row, a first column of months
// (YYYY-MM or YYYY-MM-DD) that follow each other without gaps, then numeric
// columns (decimal fractions per month) or label columns (text, such as
// rate_regime; a column is a label column when none of its cells is a
// number). Every problem is reported, each with its line and column; no
// value is guessed.
func Parse(name string, data []byte) (*Table, error) {
	rows, err := readCSV(name, data)
	if err != nil {
		return nil, err
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: want a header row and at least one month", name)
	}
	t := &Table{Name: name, Numeric: map[string][]float64{}, Labels: map[string][]string{}, Months: len(rows) - 1}
	var probs problems
	t.addColumns(rows[0], rows[1:], &probs)
	prev := Month(0) // the last month read
	for i, row := range rows[1:] {
		line := i + 2
		if len(row) != len(rows[0]) {
			probs.add("line %d: %d cells, want %d as in the header", line, len(row), len(rows[0]))
			if prev != 0 {
				prev++ // taken for the month expected there, so the next is no gap
			}
			continue
		}
		m, err := ParseMonth(strings.TrimSpace(row[0]))
		switch {
		case err != nil:
			probs.add("line %d, column 1: %v", line, err)
		case i == 0:
			t.First = m
		case prev != 0 && m != prev+1:
			probs.add("line %d, column 1: %s follows %s (want consecutive months: %s)", line, m, prev, notNext(m, prev))
		}
		switch {
		case err == nil:
			prev = m
		case prev != 0:
			prev++ // an unreadable date taken for the month expected there
		}
		t.readCells(i, line, row, &probs)
	}
	if err := probs.err(name); err != nil {
		return nil, err
	}
	return t, nil
}

// readCSV reads a history file's rows, lines starting with # left out.
func readCSV(name string, data []byte) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: line %d, column %d: %v", name, pe.Line, pe.Column, pe.Err)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rows, nil
}

// addColumns takes the columns the header names, each numeric or a label
// column as its cells in the data rows say (numericColumn).
func (t *Table) addColumns(header []string, data [][]string, probs *problems) {
	seen := map[string]bool{}
	for c, h := range header[1:] {
		h = strings.TrimSpace(h)
		switch {
		case h == "":
			probs.add("line 1, column %d: empty column name", c+2)
		case seen[h]:
			probs.add("line 1, column %d: column %q appears twice", c+2, h)
		}
		seen[h] = true
		t.Order = append(t.Order, h)
		if numericColumn(data, c+1) {
			t.Numeric[h] = make([]float64, t.Months)
		} else {
			t.Labels[h] = make([]string, t.Months)
		}
	}
}

// notNext says how month m, read after prev, breaks the run of months:
// one message a gap (or step back), against the month before it, as each
// later month would otherwise be reported too.
func notNext(m, prev Month) string {
	switch {
	case m > prev+2:
		return fmt.Sprintf("%s to %s are missing", prev+1, m-1)
	case m == prev:
		return "the month appears twice"
	case m < prev:
		return "months go back"
	}
	return fmt.Sprintf("%s is missing", prev+1)
}

// readCells takes the values of month i, on the file's line, from its row.
func (t *Table) readCells(i, line int, row []string, probs *problems) {
	for c, h := range t.Order {
		cell := strings.TrimSpace(row[c+1])
		vals, ok := t.Numeric[h]
		if !ok {
			t.Labels[h][i] = cell
			continue
		}
		v, err := strconv.ParseFloat(cell, 64)
		switch {
		case cell == "":
			probs.add("line %d, column %d (%s): empty (want a number; gaps are not filled in)", line, c+2, h)
		case err != nil || v != v || v > 1e6 || v < -1e6:
			probs.add("line %d, column %d (%s): %q is not a number", line, c+2, h, cell)
		default:
			vals[i] = v
		}
	}
}

// problems are a file's problems: the first ones listed, the rest counted.
type problems struct {
	listed []string
	more   int
}

// shownProblems is how many problems are listed.
const shownProblems = 20

func (p *problems) add(format string, args ...any) {
	if len(p.listed) < shownProblems {
		p.listed = append(p.listed, fmt.Sprintf(format, args...))
	} else {
		p.more++
	}
}

// err is every problem, one a line, each after the file's name; nil for
// none.
func (p *problems) err(name string) error {
	listed := p.listed
	if p.more > 0 {
		listed = append(listed, fmt.Sprintf("and %d more problems (the first %d are listed)", p.more, shownProblems))
	}
	if len(listed) == 0 {
		return nil
	}
	return errors.New(name + ": " + strings.Join(listed, "\n"+name+": "))
}

// numericColumn reports whether column c of the data rows holds numbers:
// any of its cells is one (a label column, such as a regime's, holds none),
// so that a mistyped cell is reported as such, even in the first row.
func numericColumn(rows [][]string, c int) bool {
	for _, row := range rows {
		if _, err := strconv.ParseFloat(strings.TrimSpace(cellAt(row, c)), 64); err == nil {
			return true
		}
	}
	return false
}

func cellAt(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// Annualized turns a monthly mean return μ and variance v into the yearly
// figures divsim shows for history: the mean compounded over twelve
// months, (1+μ)¹² − 1, and the volatility √(12·v).
func Annualized(mu, v float64) (mean, vol float64) {
	return math.Pow(1+mu, 12) - 1, math.Sqrt(12 * v)
}
