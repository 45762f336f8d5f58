package configs

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// caseTwins finds keys of one mapping that differ only in case ("paths"
// and "PATHS"): viper lowercases every key, so it would keep one of them,
// silently, and the other value would be lost. The file is parsed again
// with its format's own parser, which keeps both, and each pair is
// reported at its path. A file its parser cannot read is left to viper's
// message.
func caseTwins(format string, data []byte, probs *problems, claimed map[string]bool) {
	t := twins{probs, claimed}
	var tree any
	var err error
	switch format {
	case "yaml":
		err = yaml.Unmarshal(data, &tree)
	case "toml":
		err = toml.Unmarshal(data, &tree)
	case "json":
		// Go's decoder keeps the last of two equal keys: the tokens show
		// both, so a key given twice is refused as YAML and TOML refuse it.
		t.json(json.NewDecoder(bytes.NewReader(data)), "")
		return
	}
	if err != nil {
		return
	}
	t.walk(tree, "")
}

// twins reports each pair at its path and claims the path: a pair's key
// is not then also "missing" (one mistake, one message).
type twins struct {
	probs   *problems
	claimed map[string]bool
}

func (t twins) add(path, want, format string, args ...any) {
	t.probs.add(path, want, format, args...)
	t.claimed[path] = true
}

func (t twins) walk(node any, path string) {
	switch n := node.(type) {
	case map[string]any:
		keys := make([]string, 0, len(n))
		for k := range n {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		seen := map[string]string{}
		for _, k := range keys {
			lower := strings.ToLower(k)
			if first, ok := seen[lower]; ok {
				t.add(join(path, lower), "want each key once: keys that differ only in case are the same key",
					"is given as both %q and %q", first, k)
				continue
			}
			seen[lower] = k
			t.walk(n[k], join(path, lower))
		}
	case map[any]any: // YAML keys that are not strings: viper's message covers them
	case []any:
		for i, item := range n {
			t.walk(item, index(path, i))
		}
	}
}

// json walks a JSON value's tokens from dec and reports, at their
// paths, keys of one object given twice or differing only in case. It
// stops quietly at a token it cannot read: the parse error is viper's to
// report.
func (t twins) json(dec *json.Decoder, path string) bool {
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	switch tok {
	case json.Delim('{'):
		seen, told := map[string]string{}, map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return false
			}
			k, _ := kt.(string)
			lower := strings.ToLower(k)
			if first, ok := seen[lower]; ok && !told[lower] { // once a key, however many times it repeats
				told[lower] = true
				if first == k {
					t.add(join(path, lower), "want each key once", "is given twice")
				} else {
					t.add(join(path, lower), "want each key once: keys that differ only in case are the same key",
						"is given as both %q and %q", first, k)
				}
			} else if !ok {
				seen[lower] = k // the first spelling
			}
			if !t.json(dec, join(path, lower)) {
				return false
			}
		}
		_, err = dec.Token() // '}'
		return err == nil
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if !t.json(dec, index(path, i)) {
				return false
			}
		}
		_, err = dec.Token() // ']'
		return err == nil
	}
	return true
}
