package configs

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"math/big"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/divsim/divsim/internal/words"
)

// decoder fills a File from the generic tree viper reads (maps, lists and
// scalars), strictly: every key must name a field, every value must have the
// field's type, numbers must be finite. It records every mismatch as a
// problem with its key path instead of stopping at the first, which is why
// it is written here rather than delegated to mapstructure (whose errors
// neither carry our key paths nor suggest the key a typo meant).
type decoder struct {
	probs *problems
	// claimed collects the key paths a decoding problem already explains: a
	// value of the wrong type, or the key an unknown key probably meant.
	// Resolve drops its own problems there ("missing"), so one mistake
	// gives one message.
	claimed map[string]bool
	// root is the file's type, whose sections an unknown key may belong in.
	root reflect.Type
	// format is the file's ("yaml", "toml" or "json"), for hints on where
	// its syntax put a key.
	format string
	// empty lists, by the path of their mapping, the keys written with an
	// empty value, which viper drops below the top (see rereadKeys): an
	// unknown one is reported like any other unknown key.
	empty map[string][]string
	// commaTold marks the mappings whose keys of digits were reported: a
	// number with two commas (1,500,000) leaves two such keys.
	commaTold map[string]bool
}

func (d decoder) decode(raw any, dst reflect.Value, path string) {
	if raw == nil { // "key:" with no value, or null: treated as absent
		return
	}
	target := dst
	if dst.Kind() == reflect.Pointer {
		target = reflect.New(dst.Type().Elem()).Elem()
	}
	if !d.decodeInto(raw, target, path) {
		d.claimed[path] = true
		return
	}
	if dst.Kind() == reflect.Pointer {
		dst.Set(target.Addr())
	}
}

// decodeInto decodes raw into dst and reports whether it succeeded.
func (d decoder) decodeInto(raw any, dst reflect.Value, path string) bool {
	switch dst.Kind() {
	case reflect.Struct:
		return d.decodeStruct(raw, dst, path)
	case reflect.Slice:
		return d.decodeList(raw, dst, path)
	case reflect.Map:
		return d.decodeMap(raw, dst, path)
	case reflect.Float64:
		return d.decodeFloat(raw, dst, path)
	case reflect.Int:
		return d.decodeInt(raw, dst, path)
	case reflect.Uint64:
		return d.decodeUint(raw, dst, path)
	case reflect.Bool:
		return d.decodeBool(raw, dst, path)
	case reflect.String:
		return d.decodeString(raw, dst, path)
	default:
		panic(fmt.Sprintf("configs: decoder cannot fill %s", dst.Type()))
	}
}

// decodeList decodes a list into a slice, item by item.
func (d decoder) decodeList(raw any, dst reflect.Value, path string) bool {
	list, ok := raw.([]any)
	if !ok {
		d.probs.add(path, "want a list", "is %s", describe(raw))
		return false
	}
	out := reflect.MakeSlice(dst.Type(), len(list), len(list))
	for i, item := range list {
		d.decode(item, out.Index(i), index(path, i))
	}
	dst.Set(out)
	return true
}

// decodeMap decodes a mapping into a map, keeping the entries that decode.
func (d decoder) decodeMap(raw any, dst reflect.Value, path string) bool {
	m, ok := raw.(map[string]any)
	if !ok {
		d.probs.add(path, "want a mapping of names to values", "is %s", describe(raw))
		return false
	}
	out := reflect.MakeMapWithSize(dst.Type(), len(m))
	noValue := false
	for _, k := range sortedKeys(m) {
		v := reflect.New(dst.Type().Elem()).Elem()
		if m[k] == nil {
			d.probs.add(join(path, k), "want "+kindName(v.Type()), "has no value")
			noValue = true
			continue
		}
		if d.decodeInto(m[k], v, join(path, k)) {
			out.SetMapIndex(reflect.ValueOf(k), v)
		}
	}
	for _, k := range d.empty[path] { // dropped by viper (see decoder.empty)
		if !hasKey(m, k) {
			d.probs.add(join(path, k), "want "+kindName(dst.Type().Elem()), "has no value")
			noValue = true
		}
	}
	if noValue && out.Len() == 0 {
		d.claimed[path] = true // its entries' problems explain it: not "is empty" too
	}
	dst.Set(out)
	return true
}

// decodeFloat decodes a finite number.
func (d decoder) decodeFloat(raw any, dst reflect.Value, path string) bool {
	f, ok := toFloat(raw)
	switch {
	case !ok && overflows(raw):
		d.probs.add(path, "want a finite number", "is %s, beyond the largest number", raw)
	case !ok:
		d.probs.add(path, numberWant(raw), "is %s", describe(raw))
	case math.IsNaN(f) || math.IsInf(f, 0):
		d.probs.add(path, "want a finite number", "is %v", f)
	default:
		dst.SetFloat(f)
		return true
	}
	return false
}

// decodeInt decodes a whole number that a float64 holds exactly.
func (d decoder) decodeInt(raw any, dst reflect.Value, path string) bool {
	f, ok := toFloat(raw)
	switch {
	case !ok:
		d.probs.add(path, "want a whole number", "is %s", describe(raw))
	case math.Abs(f) > 1<<53:
		d.probs.add(path, "want a whole number of at most 9,007,199,254,740,992", "is %v, too large", f)
	case f != math.Trunc(f):
		d.probs.add(path, "want a whole number", "is %v", f)
	default:
		dst.SetInt(int64(f))
		return true
	}
	return false
}

// decodeUint decodes a whole number from 0 to the largest uint64.
func (d decoder) decodeUint(raw any, dst reflect.Value, path string) bool {
	// JSON's numbers are float64s: above 2^53 the file's digits are
	// already lost (12345678901234567 reads as …568, and two seeds
	// would give one run), so such a number is refused, not rounded.
	// 2^53 itself is refused: 2^53 + 1 reads as it.
	if f, ok := raw.(float64); ok && f >= 1<<53 && d.format == "json" {
		d.probs.add(path, "want at most 9,007,199,254,740,991 in a JSON file, whose numbers hold no larger whole number exactly; a YAML file holds up to 18446744073709551615",
			"is larger than 9,007,199,254,740,991")
		return false
	}
	if u, ok := toUint(raw); ok {
		dst.SetUint(u)
		return true
	}
	d.probs.add(path, "want a whole number from 0 to 18446744073709551615", "is %s", describe(raw))
	return false
}

// decodeBool decodes true or false.
func (d decoder) decodeBool(raw any, dst reflect.Value, path string) bool {
	if b, ok := raw.(bool); ok {
		dst.SetBool(b)
		return true
	}
	d.probs.add(path, "want true or false", "is %s", describe(raw))
	return false
}

// decodeString decodes text, and the dates YAML and TOML read from text
// without quotes, as written.
func (d decoder) decodeString(raw any, dst reflect.Value, path string) bool {
	switch v := raw.(type) {
	case string:
		dst.SetString(v)
		return true
	case time.Time: // YAML reads an unquoted 2024-11-29 as a timestamp
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
			dst.SetString(v.Format(time.DateOnly))
		} else {
			dst.SetString(v.Format(time.RFC3339))
		}
		return true
	case fmt.Stringer: // TOML local dates
		dst.SetString(v.String())
		return true
	}
	d.probs.add(path, "want text; put it in quotes", "is %s", describe(raw))
	return false
}

func (d decoder) decodeStruct(raw any, dst reflect.Value, path string) bool {
	m, ok := raw.(map[string]any)
	if !ok {
		d.probs.add(path, "want a mapping of keys to values", "is %s", describe(raw))
		return false
	}
	t := dst.Type()
	known := make([]string, t.NumField())
	for i := range t.NumField() {
		known[i] = t.Field(i).Tag.Get("key")
	}
	for _, k := range sortedKeys(m) {
		i := slices.Index(known, k)
		if i < 0 {
			// The key it most likely misspells is one not written: a
			// guess at a key that is there would hide that key's own
			// problems (horizon beside horizon_years: 500).
			d.unknownKey(path, k, known, unwrittenOf(known, m), t)
			continue
		}
		d.decode(m[k], dst.Field(i), join(path, k))
	}
	for _, k := range d.empty[path] {
		// Written with no value and dropped by viper: a known key is
		// absent, as "key:" is anywhere; an unknown one is reported.
		if !hasKey(m, k) && !slices.Contains(known, k) {
			d.unknownKey(path, k, known, unwrittenOf(known, m), t)
		}
	}
	return true
}

// unwrittenOf is known less the keys m has: the keys an unknown key of m
// may misspell.
func unwrittenOf(known []string, m map[string]any) []string {
	return slices.DeleteFunc(slices.Clone(known), func(k string) bool { return hasKey(m, k) })
}

// unknownKey reports a key that the struct type t at parent lacks: the
// known key it most likely misspells; or else the section that has it, one
// level down (a scenario's name at the top of the file belongs in
// scenario:) or at the top of the file (cashflows.initial written under
// simulation:); or else every known key.
func (d decoder) unknownKey(parent, key string, known, unwritten []string, t reflect.Type) {
	path := join(parent, key)
	if digitsOnly.MatchString(key) {
		// {expected_return: 0,07} reads as expected_return: 0 and a key 07.
		if !d.commaTold[parent] {
			d.commaTold[parent] = true
			d.probs.add(path, "a number written with a comma inside { } reads as a second key: write 0.07, not 0,07, and 40000, not 40,000",
				"unknown key")
		}
		return
	}
	if guess := words.Closest(key, unwritten); guess != "" {
		d.probs.add(path, "did you mean "+guess+"?", "unknown key")
		d.claimed[join(parent, guess)] = true
		return
	}
	if section := sectionWith(t, key); section != "" {
		d.probs.add(path, "did you mean "+join(join(parent, section), key)+"?", "unknown key")
		return
	}
	// A top-level key written inside a section (baseline under report):
	// in TOML every key after a [table] header belongs to that table, at
	// any depth; in YAML and JSON the key sits one level too deep.
	if d.root != nil && parent != "" && topLevel(d.root, key) && (d.format == "toml" || !strings.ContainsAny(parent, ".[")) {
		where := "indented under " + parent + ":"
		switch d.format {
		case "toml":
			where = "after [" + parent + "], so TOML reads it as that table's: write top-level keys above the first [table]"
			if strings.ContainsAny(parent, ".[") { // under [[portfolios]] and the like
				where = "after a [table] header, so TOML reads it as part of " + parent + ": write top-level keys above the first [table]"
			}
		case "json":
			where = "inside " + parent + ": move it to the top level"
		}
		d.probs.add(path, "did you mean the top-level "+key+"? it is "+where, "unknown key")
		d.claimed[key] = true // not reported missing too
		return
	}
	if d.root != nil && parent != "" {
		if section := sectionWith(d.root, key); section != "" {
			d.probs.add(path, "did you mean "+join(section, key)+"?", "unknown key")
			return
		}
	}
	d.probs.add(path, "want one of "+strings.Join(known, ", "), "unknown key")
}

// topLevel reports whether the file type t has a key named key.
func topLevel(t reflect.Type, key string) bool {
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("key") == key {
			return true
		}
	}
	return false
}

// sectionWith returns the key of t's first field that is itself a section
// (a struct, or a pointer to one) with a key named key; "" when none is.
func sectionWith(t reflect.Type, key string) string {
	for i := range t.NumField() {
		f := t.Field(i)
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() != reflect.Struct {
			continue
		}
		for j := range ft.NumField() {
			if ft.Field(j).Tag.Get("key") == key {
				return f.Tag.Get("key")
			}
		}
	}
	return ""
}

func toFloat(raw any) (float64, bool) {
	switch v := raw.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case int32:
		return float64(v), true
	case uint64:
		return float64(v), true
	case uint:
		return float64(v), true
	}
	return 0, false
}

func toUint(raw any) (uint64, bool) {
	switch v := raw.(type) {
	case int:
		return uint64(v), v >= 0
	case int64:
		return uint64(v), v >= 0
	case uint64:
		return v, true
	case uint:
		return uint64(v), true
	case float64:
		if v >= 0 && v == math.Trunc(v) && v < 1<<64 {
			return uint64(v), true
		}
	}
	return 0, false
}

// describe names a raw value's kind for a message, showing short scalars.
// overflows reports whether raw is text that reads as a number too large
// for a float64 (YAML keeps 1e400 as text).
func overflows(raw any) bool {
	s, ok := raw.(string)
	if !ok {
		return false
	}
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return errors.Is(err, strconv.ErrRange)
}

func describe(raw any) string {
	switch v := raw.(type) {
	case string:
		if len(v) > 40 {
			v = v[:37] + "..."
		}
		return fmt.Sprintf("the text %q", v)
	case bool:
		return fmt.Sprintf("%v", v)
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case time.Time:
		return "a date"
	}
	if f, ok := toFloat(raw); ok {
		return fmt.Sprintf("the number %v", f)
	}
	return fmt.Sprintf("a %T", raw)
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Float64:
		return "a number"
	case reflect.Struct, reflect.Map:
		return "a mapping"
	case reflect.Slice:
		return "a list"
	}
	return "a value"
}

// numberWant is what a number's key should hold instead of raw: for text
// that reads as a percentage (16%) the fraction divsim wants, for a number
// with thousands separators (1,000,000) the number without them.
func numberWant(raw any) string {
	text, ok := raw.(string)
	if !ok {
		return "want a number"
	}
	text = strings.TrimSpace(text)
	if pct, found := strings.CutSuffix(text, "%"); found {
		if fraction, ok := percentFraction(strings.TrimSpace(pct)); ok {
			return fmt.Sprintf("want a number: a fraction, %s for %s", fraction, text)
		}
	}
	if thousands.MatchString(text) {
		return "want a number without thousands separators: " + strings.ReplaceAll(text, ",", "")
	}
	if decimalComma.MatchString(text) {
		return "want a number with a decimal point: " + strings.Replace(text, ",", ".", 1)
	}
	return "want a number"
}

// percentFraction is the decimal pct/100 for the decimal text pct, written
// with the digits the user typed: 0.072 for 7.2 (dividing the float 7.2
// by 100 gave 0.07200000000000001).
func percentFraction(pct string) (string, bool) {
	r, ok := new(big.Rat).SetString(pct)
	if !ok || strings.ContainsAny(pct, "/eE") { // a ratio or an exponent is no percentage typed by hand
		return "", false
	}
	decimals := 0
	if _, frac, found := strings.Cut(pct, "."); found {
		decimals = len(frac)
	}
	text := r.Quo(r, big.NewRat(100, 1)).FloatString(decimals + 2)
	text = strings.TrimRight(text, "0")
	return strings.TrimSuffix(text, "."), true
}

// weightPercentHint is ", e.g. 0.3 for 30%" for a weight written as a
// percentage: 30 where 0.3 was meant, a whole number from 2 to 100; "" for
// any other number (1.05 is a weight a little over, not 1.05 %).
func weightPercentHint(x float64) string {
	if x < 2 || x > 100 || x != math.Trunc(x) {
		return ""
	}
	text := strconv.FormatFloat(x, 'f', -1, 64)
	fraction, _ := percentFraction(text)
	return fmt.Sprintf(", e.g. %s for %s%%", fraction, text)
}

// thousands matches a number with commas between groups of three digits
// (1,000,000; -40,000.50); decimalComma one with a comma for its decimal
// point (0,07; 1,5), as written in much of Europe.
var (
	digitsOnly   = regexp.MustCompile(`^\d+$`)
	thousands    = regexp.MustCompile(`^-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$`)
	decimalComma = regexp.MustCompile(`^-?\d+,\d+$`)
)

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}
