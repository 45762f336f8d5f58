package configs

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The TOML reader's errors for a key or table written twice carry no
// line, and one of them swaps its words ("key table already exists as a
// portfolios"); tomlRepeat finds the line from the file's text and says
// what happened in its own words.
var (
	tomlKeyTwice   = regexp.MustCompile(`^toml: key (.+) is already defined$`)
	tomlTableTwice = regexp.MustCompile(`^toml: table (.+) already exists$`)
	tomlNotArray   = regexp.MustCompile(`^toml: key \S+ already exists as a (.+),\s+but should be an array table$`)
	tomlNotTable   = regexp.MustCompile(`^toml: key (.+) should be a table, not a array table$`)
)

// tomlLine is one line of a TOML file that opens a table or sets a key.
type tomlLine struct {
	number int    // 1-based
	table  string // the header's name ("simulation"), for a header
	array  bool   // an array of tables' header, [[name]]
	key    string // the key set, for a key = value line
	under  int    // for a key, the line of the header it is under (0: the top)
}

// tomlLines reads the headers and keys of a TOML file, line by line (a
// value continued over lines is skipped by ignoring lines without '=' or
// a header).
func tomlLines(data []byte) []tomlLine {
	var out []tomlLine
	under := 0
	for i, l := range strings.Split(string(data), "\n") {
		text := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(text, "[["):
			name, _, _ := strings.Cut(strings.TrimPrefix(text, "[["), "]]")
			out = append(out, tomlLine{number: i + 1, table: strings.TrimSpace(name), array: true})
			under = i + 1
		case strings.HasPrefix(text, "["):
			name, _, _ := strings.Cut(strings.TrimPrefix(text, "["), "]")
			out = append(out, tomlLine{number: i + 1, table: strings.TrimSpace(name)})
			under = i + 1
		case text != "" && !strings.HasPrefix(text, "#") && strings.Contains(text, "="):
			key, _, _ := strings.Cut(text, "=")
			out = append(out, tomlLine{number: i + 1, key: strings.Trim(strings.TrimSpace(key), `"'`), under: under})
		}
	}
	return out
}

// tomlRepeat rewrites the TOML reader's message for a key or table
// written twice with the line of the second and what to do, or returns ""
// when msg is no such message or its line cannot be found.
func tomlRepeat(msg string, data []byte) string {
	lines := tomlLines(data)
	last := func(name string) string { // a dotted name's last part, as the reader names it
		parts := strings.Split(name, ".")
		return strings.Trim(strings.TrimSpace(parts[len(parts)-1]), `"'`)
	}
	if m := tomlKeyTwice.FindStringSubmatch(msg); m != nil {
		first := map[[2]any]int{}
		for _, l := range lines {
			if l.key == "" || last(l.key) != m[1] {
				continue
			}
			at := [2]any{l.under, l.key}
			if f, ok := first[at]; ok {
				return fmt.Sprintf("line %d: key %s is set twice in the same table (first at line %d; want it once)", l.number, l.key, f)
			}
			first[at] = l.number
		}
	}
	if m := tomlTableTwice.FindStringSubmatch(msg); m != nil {
		first := map[string]int{}
		for _, l := range lines {
			if l.array { // a new item: the tables under the last one are its own
				forgetUnder(first, l.table)
			}
			if l.table == "" || l.array || last(l.table) != m[1] {
				continue
			}
			if f, ok := first[l.table]; ok {
				return fmt.Sprintf("line %d: table [%s] is opened twice (first at line %d; want its keys under one [%s])", l.number, l.table, f, l.table)
			}
			first[l.table] = l.number
		}
	}
	if m := tomlNotArray.FindStringSubmatch(msg); m != nil {
		single := map[string]int{}
		for _, l := range lines {
			if l.array {
				forgetUnder(single, l.table)
			}
			switch {
			case l.table == "" || last(l.table) != m[1]:
			case !l.array:
				single[l.table] = l.number
			case single[l.table] > 0:
				return fmt.Sprintf("line %d: [[%s]] makes %s a list of tables, but line %d opens it as one table, [%s] "+
					"(want [[%s]] for every item)", l.number, l.table, l.table, single[l.table], l.table, l.table)
			}
		}
	}
	if m := tomlNotTable.FindStringSubmatch(msg); m != nil {
		array := map[string]int{}
		for _, l := range lines {
			switch {
			case l.table == "" || last(l.table) != m[1]:
			case l.array:
				array[l.table] = l.number
			case array[l.table] > 0:
				return fmt.Sprintf("line %d: [%s] opens %s as one table, but line %d makes it a list of tables, [[%s]] "+
					"(want [[%s]] for every item)", l.number, l.table, l.table, array[l.table], l.table, l.table)
			}
		}
	}
	return ""
}

// tomlOutOfRange says, for a TOML whole number beyond the reader's signed
// 64 bits (a seed of 2⁶⁴ − 1) or a float beyond float64's range (1e999),
// which key at line row holds it, with the indices of the lists of tables
// it is in, and what is wanted; "" when row sets no such number (a value
// inside an inline table), which the reader's own message then covers.
// The reader's words were strconv's, with no key.
func tomlOutOfRange(data []byte, row int) string {
	lines := tomlLines(data)
	items := map[string]int{} // a list of tables → its items so far
	header := tomlLine{}      // the last table header before row
	for _, l := range lines {
		if l.number >= row {
			break
		}
		if l.table == "" {
			continue
		}
		if l.array { // a new item: the lists under the last one start again
			forgetUnder(items, l.table)
			items[l.table]++
		}
		header = l
	}
	at := slices.IndexFunc(lines, func(l tomlLine) bool { return l.number == row && l.key != "" })
	if at < 0 {
		return ""
	}
	text := strings.Split(string(data), "\n")[row-1]
	_, value, _ := strings.Cut(text, "=")
	value, _, _ = strings.Cut(value, "#")
	value = strings.TrimSpace(value)
	whole := tomlInteger.MatchString(value)
	if !whole && !floatOverflows(value) {
		return ""
	}
	var path []string
	if header.table != "" {
		parts := strings.Split(header.table, ".")
		for i, part := range parts {
			name := strings.Join(parts[:i+1], ".")
			if n, ok := items[name]; ok {
				part = fmt.Sprintf("%s[%d]", part, n-1)
			}
			path = append(path, part)
		}
	}
	path = append(path, lines[at].key)
	if !whole { // as a YAML file's problem says it
		return fmt.Sprintf("line %d: %s: is %s, beyond the largest number (want a finite number)", row, strings.Join(path, "."), value)
	}
	if strings.HasPrefix(value, "-") {
		return fmt.Sprintf("line %d: %s: %s is a smaller whole number than a TOML file can hold (want at least -9223372036854775808)",
			row, strings.Join(path, "."), value)
	}
	return fmt.Sprintf("line %d: %s: %s is a larger whole number than a TOML file can hold (want at most 9223372036854775807)",
		row, strings.Join(path, "."), value)
}

// floatOverflows reports whether value, a TOML float, is beyond float64's
// range (1e999; TOML allows underscores between digits).
func floatOverflows(value string) bool {
	_, err := strconv.ParseFloat(strings.ReplaceAll(value, "_", ""), 64)
	return errors.Is(err, strconv.ErrRange)
}

// tomlInteger matches a TOML decimal integer: a sign, digits and the
// underscores TOML allows between them.
var tomlInteger = regexp.MustCompile(`^[+-]?[0-9](_?[0-9])*$`)

// forgetUnder forgets the tables seen under an array of tables' item
// (name.…) when a new item of it opens: its tables may repeat theirs.
func forgetUnder(seen map[string]int, name string) {
	for t := range seen {
		if strings.HasPrefix(t, name+".") {
			delete(seen, t)
		}
	}
}

// tomlBareText says, for a TOML value that is bare text (currency = USD),
// that text is quoted in TOML; "" when the line's value is no such text.
func tomlBareText(data []byte, row int) string {
	lines := strings.Split(string(data), "\n")
	if row < 1 || row > len(lines) {
		return ""
	}
	key, value, ok := strings.Cut(lines[row-1], "=")
	value = strings.TrimSpace(strings.SplitN(value, "#", 2)[0])
	if !ok || value == "" || !isLetter(value[0]) || value == "true" || value == "false" || value == "inf" || value == "nan" {
		return ""
	}
	return fmt.Sprintf(" (text is quoted in TOML: %s = %q)", strings.TrimSpace(key), value)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
