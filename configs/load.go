package configs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/viper"

	"github.com/divsim/divsim/inputfile"
	"github.com/divsim/divsim/model"
)

// Document is a scenario file read from disk (or an embedded example) and
// decoded: its name as the user gave it, the digest of its bytes, and its
// contents.
type Document struct {
	Name   string // as named by the user; used in every message
	SHA256 string
	// BuiltIn says that the document is the embedded default scenario (no
	// file was named).
	BuiltIn bool
	File    File
	// problems are the decoding problems (unknown keys, wrong types), kept
	// so Resolve reports them together with every other broken rule, and
	// claimed the key paths they explain.
	problems []Problem
	claimed  map[string]bool
	// written is each key as the file writes it, by its lowercased path
	// (rereadKeys).
	written map[string]string
}

// formatOf returns the configuration type viper reads for a file extension.
func formatOf(ext string) (string, bool) {
	switch strings.ToLower(ext) {
	case ".yaml", ".yml":
		return "yaml", true
	case ".toml":
		return "toml", true
	case ".json":
		return "json", true
	}
	return "", false
}

// ReadFile reads and decodes the scenario file at path. Problems with its
// contents come back as *Problems; a file that cannot be read gives an
// error wrapping the underlying os error.
func ReadFile(path string) (*Document, error) {
	name, data, err := Source(path)
	if err != nil {
		return nil, err
	}
	doc, err := Decode(name, data)
	if doc != nil {
		doc.BuiltIn = path == ""
	}
	return doc, err
}

// Source returns the name and bytes of the scenario file at path, or of the
// embedded default example when path is empty. Only a regular file of at
// most inputfile.ScenarioLimit bytes is read; one that cannot be read gives
// *Problems naming it.
func Source(path string) (name string, data []byte, err error) {
	if path == "" {
		return "default.yaml", mustExample("default"), nil
	}
	data, err = inputfile.Read(path, inputfile.ScenarioLimit)
	if err != nil {
		return path, nil, &Problems{File: path, List: []Problem{{What: "cannot read: " + err.Error()}}}
	}
	return path, data, nil
}

// Decode decodes a scenario file's bytes; name's extension chooses the
// format (.yaml, .yml, .toml or .json). Unknown keys and values of the wrong
// type are returned as *Problems together with the document decoded so far
// (the rest of the file can still be checked); a file that cannot be parsed
// at all gives a nil document.
func Decode(name string, data []byte) (*Document, error) {
	probs := &problems{}
	format, ok := formatOf(filepath.Ext(name))
	if !ok {
		probs.add("", "want a .yaml, .yml, .toml or .json file", "cannot tell the format from the name")
		return nil, probs.err(name)
	}
	sum := sha256.Sum256(data)
	doc := &Document{Name: name, SHA256: hex.EncodeToString(sum[:])}
	// A byte-order mark, which some Windows editors write first: YAML
	// skips it, JSON and TOML would stop at it.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		probs.add("", "want a scenario; `divsim init` prints one to start from", "the file is empty")
		return nil, probs.err(name)
	}
	if line, col, ok := invalidUTF8(data); ok {
		probs.add("", "want the file saved as UTF-8 text", "not UTF-8 text at line %d, column %d", line, col)
		return nil, probs.err(name)
	}
	raw, err := settings(format, data)
	if err != nil {
		if notAMapping(err) { // a lone value or a list where the scenario's keys belong
			probs.add("", "want a mapping of keys such as format, assets, portfolios; `divsim init` prints one to start from",
				"the file holds a single value or a list, not a scenario")
			return nil, probs.err(name)
		}
		probs.add("", "", "not valid %s: %s", strings.ToUpper(format), parseMessage(err, data))
		return nil, probs.err(name)
	}
	if len(raw) == 0 {
		probs.add("", "want a mapping of keys such as format, assets, portfolios", "the file holds no settings")
		return nil, probs.err(name)
	}
	if divsimOutput(raw) {
		probs.add("", "want the scenario file the run read; `divsim init` prints one to start from",
			"the file is divsim's results JSON, not a scenario")
		return nil, probs.err(name)
	}
	doc.claimed = map[string]bool{}
	empty, written := rereadKeys(format, data, probs, doc.claimed)
	doc.written = written
	decoder{probs: probs, claimed: doc.claimed, root: reflect.TypeOf(doc.File), format: format, empty: empty, commaTold: map[string]bool{}}.decode(raw, reflect.ValueOf(&doc.File).Elem(), "")
	nameItems(probs.list, &doc.File)
	doc.problems = probs.list
	return doc, probs.err(name)
}

// IsScenario reports whether path names an existing scenario file: a
// regular .yaml, .yml, .toml or .json file of at most
// inputfile.ScenarioLimit bytes that parses to settings with portfolios
// and is not divsim's own output. Commands refuse to write an output over
// one: `divsim init plan.json` and then `--json plan.json` replaced the
// scenario with its results.
func IsScenario(path string) bool {
	format, ok := formatOf(filepath.Ext(path))
	if !ok {
		return false
	}
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	data, err := inputfile.Read(path, inputfile.ScenarioLimit)
	if err != nil {
		return false
	}
	raw, err := settings(format, bytes.TrimPrefix(data, []byte("\uFEFF")))
	if err != nil {
		return false
	}
	_, portfolios := raw["portfolios"]
	return portfolios && !divsimOutput(raw)
}

// settings parses a file's bytes in format into its settings, through a
// local viper instance with a delimiter no key can contain, so that a dot
// inside a name never splits it into nested keys.
func settings(format string, data []byte) (map[string]any, error) {
	v := viper.NewWithOptions(viper.KeyDelimiter("::"))
	v.SetConfigType(format)
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, err
	}
	return v.AllSettings(), nil
}

// divsimOutput reports whether settings are those of divsim's own results
// JSON: a run's, a sweep's or a solve's (the scenario's name where a
// scenario file has its section, and a version or a seed at the top), a
// comparison's, the evidence's or a calibration's (keys of their own).
// Read as a scenario, it gave a screenful of unknown keys.
func divsimOutput(raw map[string]any) bool {
	has := func(key string) bool { _, ok := raw[key]; return ok }
	_, named := raw["scenario"].(string)
	return named && (has("version") || has("seed")) || // a run's, a sweep's, a solve's
		has("version") && has("metrics") || // a comparison's
		has("findings") || // the evidence's
		has("log_likelihood") // a calibration's
}

// notAMapping reports whether a parser refused a file because its top
// level is not a mapping of keys: YAML's "cannot unmarshal !!str into
// map[string]interface {}", JSON's array into a map. (TOML's top level is
// always a table.)
func notAMapping(err error) bool {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Type.Kind() == reflect.Map && typeErr.Field == "" {
		return true
	}
	msg := err.Error()
	return strings.Count(msg, "cannot unmarshal !!") == 1 && strings.Contains(msg, "into map[string]interface {}")
}

// parseMessage strips viper's wrapper from a parser's error and says where
// in the file the parser stopped: YAML's messages carry their line already;
// TOML's and JSON's positions are added here, with the key where it can be
// found.
func parseMessage(err error, data []byte) string {
	var tomlErr *toml.DecodeError
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tomlErr):
		row, col := tomlErr.Position()
		if strings.Contains(tomlErr.Error(), "value out of range") {
			if msg := tomlOutOfRange(data, row); msg != "" {
				return msg
			}
		}
		msg := fmt.Sprintf("line %d, column %d: %s", row, col, tomlErr.Error())
		if strings.Contains(msg, "got U+002C ','") { // a comma where a value ended
			msg += commaHint(data, row)
		}
		return msg + tomlBareText(data, row)
	case errors.As(err, &syntaxErr):
		if msg := jsonNotANumber(data, syntaxErr); msg != "" {
			return msg
		}
		line := lineAt(data, syntaxErr.Offset)
		msg := fmt.Sprintf("line %d: %s", line, syntaxErr.Error())
		if digitForKey.MatchString(msg) { // {"initial": 1,000,000}: after "1," a key was due
			msg += commaHint(data, line)
		}
		return msg + missingCommaHint(syntaxErr.Error(), data, syntaxErr.Offset)
	case errors.As(err, &typeErr):
		if typeErr.Type.Kind() == reflect.Float64 && strings.HasPrefix(typeErr.Value, "number ") {
			if msg := jsonOverflow(data, typeErr.Value); msg != "" {
				return msg
			}
		}
		return fmt.Sprintf("line %d: %s does not fit a %s", lineAt(data, typeErr.Offset), typeErr.Value, typeErr.Type)
	}
	msg := err.Error()
	if repeat := tomlRepeat(strings.TrimPrefix(msg, "While parsing config: "), data); repeat != "" {
		return repeat
	}
	msg = strings.TrimPrefix(msg, "While parsing config: ")
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	msg = strings.Join(lines, "; ")
	msg = fixYAMLLine(msg, data)
	if digitsKey.MatchString(msg) {
		msg += " (a number written with thousands separators, such as 1,000,000, reads as several keys inside { }: write 1000000)"
	}
	if m := tokenLine.FindStringSubmatch(msg); m != nil {
		if line, err := strconv.Atoi(m[1]); err == nil && line >= 1 {
			if lines := strings.Split(string(data), "\n"); line <= len(lines) && strings.Contains(lines[line-1], "\t") {
				msg += " (a tab: YAML indents with spaces only)"
			}
		}
	}
	return msg
}

// commaHint says, for a syntax error on a line holding a number written
// with a comma (1,000,000 or 0,07), how to write it; "" otherwise.
func commaHint(data []byte, line int) string {
	lines := strings.Split(string(data), "\n")
	if line < 1 || line > len(lines) || !numberComma.MatchString(lines[line-1]) {
		return ""
	}
	return " (a number written with a comma: write 1000000, without thousands separators, and 0.07, with a decimal point)"
}

// digitForKey matches JSON's complaint about a digit where an object's
// next key was due.
var digitForKey = regexp.MustCompile(`invalid character '\d' looking for beginning of object key string`)

// numberComma matches a comma between digits, outside the spaces a list's
// items take ([1, 2] is no number).
var numberComma = regexp.MustCompile(`\d,\d`)

// fixYAMLLine corrects the line yaml.v3 gives for two errors whose line it
// counts from 0 (a parser error at a context mark): a tab in an indent,
// found on the first line indented with one, and a list or mapping in
// brackets never closed, on the line that opens it.
func fixYAMLLine(msg string, data []byte) string {
	m := yamlLine.FindStringSubmatchIndex(msg)
	if m == nil {
		return msg
	}
	line, err := strconv.Atoi(msg[m[2]:m[3]])
	if err != nil {
		return msg
	}
	rest := msg[m[1]:]
	switch {
	case strings.HasPrefix(rest, "found a tab character"):
		// From yaml.v3's line, counted from 0, to the first indent with
		// a tab at or after it (a tab elsewhere, before a comment say, is
		// no error).
		lines := strings.Split(string(data), "\n")
		for i := line; i < len(lines); i++ {
			l := lines[i]
			if indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]; strings.Contains(indent, "\t") && strings.TrimSpace(l) != "" {
				line = i + 1
				break
			}
		}
	case strings.HasPrefix(rest, "did not find expected ',' or"):
		line++
		rest += " (a list or mapping in brackets opened on this line is not closed, or a comma is missing between two of its items)"
	case strings.HasPrefix(rest, "did not find expected '-' indicator"), strings.HasPrefix(rest, "did not find expected key"):
		// yaml.v3 names a line of the block it was reading, often not the
		// one indented wrong: the first line that is, read from the top,
		// is named beside it.
		if at, indent := misindented(strings.Split(string(data), "\n")); at > 0 {
			rest += fmt.Sprintf(" (line %d, indented by %s, lines up with none of the lines it belongs with: the likely mistake)", at, spacesText(indent))
		} else {
			rest += " (often a line at or after it, indented unlike its neighbours)"
		}
		return msg[:m[0]] + "line " + strconv.Itoa(line) + ": " + rest
	case strings.HasPrefix(rest, "mapping values are not allowed in this context"):
		rest += " (a key indented deeper than the key before it, or a value with a colon and a space in it: quote such a value)"
	default:
		return msg
	}
	return msg[:m[0]] + "line " + strconv.Itoa(line) + ": " + rest
}

// misindented reads a YAML file's lines from the top and returns the
// first (1-based) indented as no line of its block can be, and its indent;
// 0 when none is. A line is suspect when it goes deeper than the line
// before it while that line opens nothing (a flow item "- {…}", a
// "key: value", or a list item's mapping at other than its first key's
// column), when it comes back to an indent that no enclosing line has, or
// when a list item comes back to its key's column after the key's items
// sat deeper. Block scalars' bodies and flow collections continued over
// lines are skipped.
func misindented(lines []string) (line, indent int) {
	type level struct {
		indent int
		item   bool // opened by a list item ("- ")
		line   int  // the (1-based) line that opened it
		keys   int  // the lines at its indent so far
	}
	step := indentStep(lines)
	// alone reports whether a level holds one key only, off its parent's
	// column plus the file's step where a line now at n sits on it: that
	// first key, not the line now, is then the likely mistake ("a:\n b:
	// 1\n  c: 2" blames b).
	alone := func(l level, parent, n int) bool {
		return !l.item && l.keys == 1 && l.indent != parent+step && n == parent+step
	}
	var open []level
	prev, prevIndent := "", -1
	bodyOf := -1 // a block scalar's key indent while in its body
	for i, l := range lines {
		text := strings.TrimLeft(l, " ")
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		n := len(l) - len(text)
		if bodyOf >= 0 && n > bodyOf {
			continue
		}
		bodyOf = -1
		item := text == "-" || strings.HasPrefix(text, "- ")
		if prevIndent >= 0 && n > prevIndent && !unclosed(prev) && !opensAt(prev, prevIndent, n) {
			if top := len(open) - 1; top >= 1 && !item && alone(open[top], open[top-1].indent, n) {
				return open[top].line, open[top].indent
			}
			return i + 1, n
		}
		var child *level
		for len(open) > 0 && open[len(open)-1].indent > n {
			child, open = &open[len(open)-1], open[:len(open)-1]
		}
		if child != nil {
			switch top := len(open) - 1; {
			case top >= 0 && !item && open[top].indent < n && alone(*child, open[top].indent, n):
				return child.line, child.indent
			case top < 0 || open[top].indent != n:
				return i + 1, n
			case item && !open[top].item && child.item: // key's items at child.indent, this one at the key's column
				return i + 1, n
			}
		}
		switch top := len(open) - 1; {
		case top < 0 || open[top].indent < n:
			open = append(open, level{n, item, i + 1, 1})
		case open[top].indent == n:
			open[top].keys++
		}
		if blockScalar.MatchString(text) {
			bodyOf = n
		}
		prev, prevIndent = text, n
	}
	return 0, 0
}

// indentStep is how far a YAML file indents a key's block under it: the
// most common step from a key with no value on its line to the line after
// it (of equally common ones, 2, or else the first in the file), 2 in a file without
// one.
func indentStep(lines []string) int {
	count := map[int]int{}
	var order []int
	for i, l := range lines {
		text := strings.TrimLeft(l, " ")
		body := strings.TrimSpace(strings.SplitN(text, " #", 2)[0])
		if !strings.HasSuffix(body, ":") || strings.HasPrefix(body, "- ") {
			continue
		}
		for _, next := range lines[i+1:] {
			t := strings.TrimLeft(next, " ")
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			if d := (len(next) - len(t)) - (len(l) - len(text)); d > 0 {
				if count[d] == 0 {
					order = append(order, d)
				}
				count[d]++
			}
			break
		}
	}
	step := 2
	for _, d := range order {
		if count[d] > count[step] || step == 2 && count[2] == 0 {
			step = d
		}
	}
	return step
}

// opensAt reports whether a line (its text, indented by at) may be
// followed by one indented by n: a key with no value on its line opens a
// block at any depth; a list item's mapping ("- key: value") continues
// at its first key's column.
func opensAt(text string, at, n int) bool {
	body := strings.TrimSpace(strings.SplitN(text, " #", 2)[0])
	if strings.HasSuffix(body, ":") || body == "-" {
		return true
	}
	if rest, ok := strings.CutPrefix(body, "- "); ok && !strings.HasPrefix(rest, "{") && !strings.HasPrefix(rest, "[") && strings.Contains(rest, ": ") {
		return n == at+2
	}
	return false
}

// unclosed reports whether a line leaves a bracket open: a flow
// collection continued on the next line.
func unclosed(text string) bool {
	return strings.Count(text, "[")+strings.Count(text, "{") > strings.Count(text, "]")+strings.Count(text, "}")
}

// blockScalar matches a key whose value is a block scalar (| or >): the
// lines after it are its text, indented as it pleases.
var blockScalar = regexp.MustCompile(`:\s*[|>][-+0-9]*\s*(#.*)?$`)

// spacesText is "1 space" or "n spaces".
func spacesText(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}

// yamlLine matches the line a YAML error gives.
var yamlLine = regexp.MustCompile(`line (\d+): `)

// tokenLine matches YAML's complaint about a character that cannot start
// a token, most often a tab used to indent, and captures its line.
var tokenLine = regexp.MustCompile(`line (\d+): found character that cannot start any token`)

// digitsKey matches YAML's complaint about a key of digits given twice, the
// trace of a number with thousands separators inside a flow mapping.
var digitsKey = regexp.MustCompile(`mapping key "\d+" already defined`)

// missingCommaHint says, for JSON's "invalid character … after array
// element" or "after object key:value pair" where that character starts a
// value (a quote, a digit, a minus, a brace or bracket, true, false or
// null), that a comma most likely is missing after the value before it:
// at the end of its line when the two are on different lines. A closing
// bracket or brace there is a bracket left unclosed, no comma; "" then and
// for any other message.
func missingCommaHint(msg string, data []byte, offset int64) string {
	if !strings.HasSuffix(msg, "after array element") && !strings.HasSuffix(msg, "after object key:value pair") {
		return ""
	}
	char, _, _ := strings.Cut(strings.TrimPrefix(msg, "invalid character '"), "'")
	if len(char) != 1 || !strings.Contains(`"-0123456789{[tfn`, char) {
		return ""
	}
	// The last character before the offending one that is not blank ends
	// the value the comma should follow.
	end := min(max(offset-1, 0), int64(len(data)))
	before := bytes.TrimRight(data[:end], " \t\r\n")
	if len(before) == 0 {
		return ""
	}
	if prev := lineAt(data, int64(len(before))); prev != lineAt(data, end) {
		return fmt.Sprintf(" (a comma missing at the end of line %d?)", prev)
	}
	return " (a comma missing before it?)"
}

// lineAt returns the 1-based line of a byte offset.
func lineAt(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

// Load reads the named scenario file, or the embedded default example when
// path is empty, and resolves it.
func Load(path string, opts Options) (*model.Scenario, error) {
	doc, err := ReadFile(path)
	if doc == nil {
		return nil, err
	}
	return Resolve(doc, opts) // reports the decoding problems too
}

// invalidUTF8 finds the first byte that is not part of valid UTF-8 and
// returns its line and column (in characters). JSON's decoder would turn
// such bytes into U+FFFD silently, garbling names; every format is checked
// before parsing.
func invalidUTF8(data []byte) (line, col int, found bool) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col, true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return 0, 0, false
}
