package configs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// rereadKeys reads the file's keys again with its format's own parser, for
// what viper's reading loses. It reports keys of one mapping that differ
// only in case ("paths" and "PATHS"): viper lowercases every key, so it
// would keep one of them, silently, and the other value would be lost;
// the format's parser keeps both, and each pair is reported at its path.
// A file its parser cannot read is left to viper's message.
//
// It returns, by the path of their mapping, the keys whose value is empty
// (key: with nothing after it, or null): viper drops them from mappings
// below the top, so an unknown one (pathes:, or the 500 and 000 of
// {target_wealth: 1,500,000}) would otherwise pass unseen.
//
// written maps each key's path (lowercased, as viper reads it) to the key
// as the file writes it, for messages about names a user chose (a glide
// path's sleeve names).
func rereadKeys(format string, data []byte, probs *problems, claimed map[string]bool) (empty map[string][]string, written map[string]string) {
	t := twins{probs, claimed, map[string][]string{}, map[string]string{}}
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
		return nil, t.written // JSON's null keys reach the decoder
	}
	if err != nil {
		return nil, nil
	}
	t.walk(tree, "")
	return t.empty, t.written
}

// twins reports each pair at its path and claims the path: a pair's key
// is not then also "missing" (one mistake, one message).
type twins struct {
	probs   *problems
	claimed map[string]bool
	empty   map[string][]string // keys with an empty value, by their mapping's path
	written map[string]string   // each key as written, by its lowercased path
}

func (t twins) add(path, want, format string, args ...any) {
	t.probs.add(path, want, format, args...)
	t.claimed[path] = true
}

// keys is one mapping's keys as they are read, for twins to tell repeats.
type keys struct {
	t     twins
	path  string
	first map[string]string // each key's first spelling, by its lower case
	told  map[string]bool
}

func (t twins) keys(path string) *keys {
	return &keys{t: t, path: path, first: map[string]string{}, told: map[string]bool{}}
}

// see reads key k and reports whether it repeats an earlier key of the
// mapping, in its spelling or another case; the first repeat of a key is
// reported, at the key's path, however many times it repeats.
func (ks *keys) see(k string) (lower string, again bool) {
	lower = strings.ToLower(k)
	first, again := ks.first[lower]
	switch {
	case !again:
		ks.first[lower] = k
		ks.t.written[join(ks.path, lower)] = k
	case ks.told[lower]:
	case first == k:
		ks.told[lower] = true
		ks.t.add(join(ks.path, lower), "want each key once", "is given twice")
	default:
		ks.told[lower] = true
		ks.t.add(join(ks.path, lower), "want each key once: keys that differ only in case are the same key",
			"is given as both %q and %q", first, k)
	}
	return lower, again
}

func (t twins) walk(node any, path string) {
	switch n := node.(type) {
	case map[string]any:
		names := make([]string, 0, len(n))
		for k := range n {
			names = append(names, k)
		}
		slices.Sort(names)
		ks := t.keys(path)
		for _, k := range names {
			if lower, again := ks.see(k); !again {
				if n[k] == nil {
					t.empty[path] = append(t.empty[path], lower)
				}
				t.walk(n[k], join(path, lower))
			}
		}
	case map[any]any: // YAML keys that are not all strings ({0,07}'s 07): as viper reads them
		m := make(map[string]any, len(n))
		for k, v := range n {
			m[fmt.Sprint(k)] = v
		}
		t.walk(m, path)
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
		ks := t.keys(path)
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return false
			}
			k, _ := kt.(string)
			lower, _ := ks.see(k)
			if !t.json(dec, join(path, lower)) { // a repeat's value too: its tokens must be read
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
