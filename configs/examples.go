package configs

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed examples/*.yaml
var examples embed.FS

// Examples lists the names of the embedded example scenarios.
func Examples() []string {
	entries, _ := fs.ReadDir(examples, "examples")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(names)
	return names
}

// Example returns the bytes of the named embedded example scenario.
func Example(name string) ([]byte, error) {
	data, err := examples.ReadFile("examples/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no example named %q (want one of %s)", name, strings.Join(Examples(), ", "))
	}
	return data, nil
}

// reportFile is an example's report.file line.
var reportFile = regexp.MustCompile(`(?m)^([ \t]+)file: (\S+\.xlsx)[ \t]*$`)

// Starter returns the named example as divsim init gives it to start a
// scenario from: the example with its report.file commented out, so that
// every scenario made from it names its workbook after its own file
// (plan.yaml → plan.xlsx) rather than all writing the example's.
func Starter(name string) ([]byte, error) {
	data, err := Example(name)
	if err != nil {
		return nil, err
	}
	data = reportFile.ReplaceAll(data, []byte("${1}# file: ${2}   # the workbook; default: this file's name with .xlsx (plan.yaml → plan.xlsx)"))
	// A report block left with comments only would read as null, which
	// TOML and JSON cannot hold: it goes too.
	lines := strings.Split(string(data), "\n")
	if i := slices.Index(lines, "report:"); i >= 0 {
		empty := true
		for _, l := range lines[i+1:] {
			if l != "" && !strings.HasPrefix(l, " ") { // the next top-level key
				break
			}
			empty = empty && (strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#"))
		}
		if empty {
			lines[i] = "# report:"
			for j := i + 1; j < len(lines) && strings.HasPrefix(lines[j], " "); j++ {
				lines[j] = "#   " + strings.TrimPrefix(strings.TrimSpace(lines[j]), "# ")
			}
		}
	}
	return []byte(strings.Join(lines, "\n")), nil
}

// ExampleAs returns the named example as Starter gives it, in the format
// file's extension names, as Decode reads it: .yaml or .yml with its
// comments; .toml or .json converted from it, with the same settings in
// the same order but without the comments (a TOML file starts with a note
// saying where to find them; JSON has no comments).
func ExampleAs(name, file string) ([]byte, error) {
	data, err := Starter(name)
	if err != nil {
		return nil, err
	}
	format, ok := formatOf(filepath.Ext(file))
	if !ok {
		return nil, fmt.Errorf("%s: cannot tell the format from the name (want a name ending in .yaml, .yml, .toml or .json)", file)
	}
	if format == "yaml" {
		return data, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("example %s: %w", name, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("example %s: want a mapping at the top", name)
	}
	var b bytes.Buffer
	if format == "json" {
		err = writeJSON(&b, doc.Content[0], "")
		b.WriteByte('\n')
	} else {
		fmt.Fprintf(&b, "# divsim's %q example scenario, converted from YAML with the same settings.\n"+
			"# The YAML version explains them in comments: divsim init --example %s plan.yaml\n\n", name, name)
		err = writeTOMLTable(&b, doc.Content[0], nil)
	}
	if err != nil {
		return nil, fmt.Errorf("example %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// scalarText writes a YAML scalar as a JSON value, which is also its TOML
// form: a JSON string's escapes are all TOML basic-string escapes, and
// floats always carry a decimal point or an exponent so TOML reads them as
// floats. YAML values that neither format has (null, NaN, infinities)
// are refused.
func scalarText(n *yaml.Node) (string, error) {
	switch n.Tag {
	case "!!str", "!!timestamp": // a date such as as_of is a string to divsim
		return jsonString(n.Value), nil
	case "!!int":
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if err != nil {
			return "", fmt.Errorf("line %d: %w", n.Line, err)
		}
		return strconv.FormatInt(i, 10), nil
	case "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return "", fmt.Errorf("line %d: %q is not a finite number", n.Line, n.Value)
		}
		s := strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		return s, nil
	case "!!bool":
		v, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return "", fmt.Errorf("line %d: %w", n.Line, err)
		}
		return strconv.FormatBool(v), nil
	}
	return "", fmt.Errorf("line %d: a %s value has no TOML or JSON form here", n.Line, n.Tag)
}

// writeScalar writes a YAML scalar as scalarText gives it.
func writeScalar(b *bytes.Buffer, n *yaml.Node) error {
	s, err := scalarText(n)
	b.WriteString(s)
	return err
}

// writeJSON writes n as JSON, keys in the file's order. Nodes written in
// YAML's flow style ({...}, [...]) stay on one line, as in the example.
func writeJSON(b *bytes.Buffer, n *yaml.Node, indent string) error {
	inline := n.Style&yaml.FlowStyle != 0
	sep, open, close := ",\n"+indent+"  ", "\n"+indent+"  ", "\n"+indent
	if inline {
		sep, open, close = ", ", "", ""
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return writeScalar(b, n)
	case yaml.MappingNode:
		b.WriteString("{" + open)
		for i := 0; i < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(jsonString(n.Content[i].Value) + ": ")
			if err := writeJSON(b, n.Content[i+1], indent+"  "); err != nil {
				return err
			}
		}
		b.WriteString(close + "}")
		return nil
	case yaml.SequenceNode:
		b.WriteString("[" + open)
		for i, item := range n.Content {
			if i > 0 {
				b.WriteString(sep)
			}
			if err := writeJSON(b, item, indent+"  "); err != nil {
				return err
			}
		}
		b.WriteString(close + "]")
		return nil
	}
	return fmt.Errorf("line %d: anchors and aliases have no JSON form", n.Line)
}

// isTable reports whether a value is written as a TOML table ([key]) or an
// array of tables ([[key]]) rather than as key = value: a mapping, or a
// list of mappings, written in YAML's block style, or in any style at the
// top of the file (whose values must all come before its first table, so
// that the sections stay in the example's order).
func isTable(n *yaml.Node, top bool) bool {
	if n.Style&yaml.FlowStyle != 0 && !top {
		return false
	}
	switch n.Kind {
	case yaml.MappingNode:
		return true
	case yaml.SequenceNode:
		return len(n.Content) > 0 && !slices.ContainsFunc(n.Content, func(c *yaml.Node) bool {
			return c.Kind != yaml.MappingNode || (c.Style&yaml.FlowStyle != 0 && !top)
		})
	}
	return false
}

// writeTOMLTable writes the entries of mapping n, the table at path: its
// values first (TOML wants them before any sub-table), then its
// sub-tables, each group in the file's order.
func writeTOMLTable(b *bytes.Buffer, n *yaml.Node, path []string) error {
	for i := 0; i < len(n.Content); i += 2 {
		if v := n.Content[i+1]; !isTable(v, path == nil) {
			b.WriteString(tomlKey(n.Content[i].Value) + " = ")
			if err := writeTOMLValue(b, v, ""); err != nil {
				return err
			}
			b.WriteByte('\n')
		}
	}
	for i := 0; i < len(n.Content); i += 2 {
		v := n.Content[i+1]
		if !isTable(v, path == nil) {
			continue
		}
		sub := append(slices.Clone(path), tomlKey(n.Content[i].Value))
		header := strings.Join(sub, ".")
		tables := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			header, tables = "["+header+"]", v.Content
		}
		for _, t := range tables {
			fmt.Fprintf(b, "\n[%s]\n", header)
			if err := writeTOMLTable(b, t, sub); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeTOMLValue writes n as the value of a key: a list in YAML's block
// style one item a line, everything else on one line (inline tables).
func writeTOMLValue(b *bytes.Buffer, n *yaml.Node, indent string) error {
	switch n.Kind {
	case yaml.ScalarNode:
		return writeScalar(b, n)
	case yaml.MappingNode:
		b.WriteString("{")
		for i := 0; i < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(" " + tomlKey(n.Content[i].Value) + " = ")
			if err := writeTOMLValue(b, n.Content[i+1], ""); err != nil {
				return err
			}
		}
		b.WriteString(" }")
		return nil
	case yaml.SequenceNode:
		block := n.Style&yaml.FlowStyle == 0 && indent == "" && len(n.Content) > 0
		b.WriteString("[")
		for i, item := range n.Content {
			switch {
			case block:
				b.WriteString("\n  ")
			case i > 0:
				b.WriteString(", ")
			}
			if err := writeTOMLValue(b, item, "  "); err != nil {
				return err
			}
			if block {
				b.WriteString(",")
			}
		}
		if block {
			b.WriteString("\n")
		}
		b.WriteString("]")
		return nil
	}
	return fmt.Errorf("line %d: anchors and aliases have no TOML form", n.Line)
}

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// tomlKey writes a key bare when TOML allows it, quoted otherwise (a sleeve
// name with a space in a glide path's weights).
func tomlKey(k string) string {
	if bareKey.MatchString(k) {
		return k
	}
	return jsonString(k)
}

// jsonString quotes s as JSON does, without escaping <, > and &: also a
// TOML basic string.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// mustExample returns an example that the build embeds; its absence is a
// programming error.
func mustExample(name string) []byte {
	data, err := Example(name)
	if err != nil {
		panic(err)
	}
	return data
}
