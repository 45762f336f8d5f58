package configs

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Problem is one broken rule, located by its key path in the user's file
// (e.g. "portfolios[1].sleeves").
type Problem struct {
	Key  string // key path; "" for the file as a whole
	What string // what is wrong
	Want string // what was expected; may be empty
	// Item names what the key path's list indices point at (a
	// portfolio's name, a correlation cell's two assets); may be empty.
	Item string
	// needs is the key whose absence the problem reports (assets: for an
	// effect naming no asset, correlations.stres for a state naming that
	// matrix); a decoding problem there, above it or at one of its own
	// keys explains it (see resolver.explained).
	needs string
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Key != "" {
		b.WriteString(p.Key)
		if p.Item != "" {
			b.WriteString(" (" + p.Item + ")")
		}
		b.WriteString(": ")
	}
	b.WriteString(p.What)
	if p.Want != "" {
		b.WriteString(" (")
		b.WriteString(p.Want)
		b.WriteString(")")
	}
	return b.String()
}

// Problems is every broken rule of one file. It is the error Load and
// Resolve return for invalid input (exit status 2), one line per problem:
// "FILE: key.path: what is wrong (what was expected)".
type Problems struct {
	File string
	List []Problem
}

func (p *Problems) Error() string {
	lines := make([]string, len(p.List))
	for i, pr := range p.List {
		lines[i] = p.File + ": " + pr.String()
	}
	return strings.Join(lines, "\n")
}

// Lines returns the problems as the lines Error joins.
func (p *Problems) Lines() []string { return strings.Split(p.Error(), "\n") }

// problems collects Problems while a file is checked.
type problems struct {
	list []Problem
}

func (ps *problems) add(key, want, format string, args ...any) {
	ps.addNeeding("", key, want, format, args...)
}

// addNeeding adds a problem that comes from section missing or lacking
// something (see Problem.needs); section "" for none.
func (ps *problems) addNeeding(section, key, want, format string, args ...any) {
	for i, a := range args {
		if x, ok := a.(float64); ok {
			args[i] = plainNumber(x)
		}
	}
	ps.list = append(ps.list, Problem{Key: key, What: fmt.Sprintf(format, args...), Want: want, needs: section})
}

// plainNumber prints a value as a person wrote it: %v of -1000000.0 is
// "-1e+06", which reads as a code; this is "-1000000". Other verbs
// (%.2f, %g) format the number as usual.
type plainNumber float64

func (x plainNumber) Format(f fmt.State, verb rune) {
	v := float64(x)
	if verb == 'v' && !math.IsInf(v, 0) && !math.IsNaN(v) && (v == 0 || math.Abs(v) >= 1e-6 && math.Abs(v) < 1e15) {
		fmt.Fprint(f, strconv.FormatFloat(v, 'f', -1, 64))
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), v)
}

func (ps *problems) empty() bool { return len(ps.list) == 0 }

// err returns nil or the collected problems, in file order of their keys
// where that is known (stable otherwise, so messages read top to bottom).
func (ps *problems) err(file string) error {
	if ps.empty() {
		return nil
	}
	list := slices.Clone(ps.list)
	slices.SortStableFunc(list, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(sectionRank(a.Key), sectionRank(b.Key)), cmp.Compare(sortKey(a.Key), sortKey(b.Key)))
	})
	return &Problems{File: file, List: list}
}

// sectionOrder is the order of a scenario file's top-level sections, so
// problems are reported in the order a reader meets them.
var sectionOrder = []string{"", "format", "scenario", "simulation", "assets", "correlations", "inflation",
	"regimes", "defaults", "cashflows", "household", "spending", "goal", "portfolios", "baseline", "stress_tests", "report"}

func sectionRank(key string) int {
	top, _, _ := strings.Cut(key, ".")
	top, _, _ = strings.Cut(top, "[")
	top, _, _ = strings.Cut(top, " ")
	if i := slices.Index(sectionOrder, top); i >= 0 {
		return i
	}
	return len(sectionOrder)
}

// sortKey makes key paths compare in file order within a section: list
// indices are zero-padded so that [10] sorts after [9].
func sortKey(key string) string {
	return listIndex.ReplaceAllStringFunc(key, func(m string) string {
		return fmt.Sprintf("[%08s]", m[1:len(m)-1])
	})
}

var listIndex = regexp.MustCompile(`\[\d+\]`)

// join builds a key path from a parent path and a child key.
func join(parent, key string) string {
	if strings.ContainsFunc(key, func(r rune) bool { return !unicode.IsPrint(r) }) {
		// A key with a line break or another control character is shown
		// quoted: every message must stay on its one line.
		key = strconv.Quote(key)
	}
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// index builds the key path of a list element.
func index(parent string, i int) string { return fmt.Sprintf("%s[%d]", parent, i) }
