package configs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// The JSON reader's errors give only an offset: a number beyond float64's
// range was "line 6: number 1e400 does not fit a float64", and Python's
// json.dump of an infinite float "invalid character 'I' looking for
// beginning of value", neither with its key. walkJSON finds the key.

// walkJSON reads data's tokens in order, calling visit with each scalar
// value's key path, as problems name keys ("assets[1].expected_return"),
// the value and the offset it ends at; visit returns true to stop there.
// It returns the path where it stopped: that of the value visit stopped
// at, or of the value the reader could not read (an error in data); ""
// when it read data to the end.
func walkJSON(data []byte, visit func(path string, tok json.Token, end int64) bool) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // a number is its text: 1e400 reads without an error
	type level struct {
		array   bool
		key     string // an object's key for the value being read
		index   int    // an array's index of the value being read
		wantKey bool   // an object's next token is a key (or its end)
	}
	var stack []level
	path := func() string {
		p := ""
		for _, l := range stack {
			switch {
			case l.array:
				p = index(p, l.index)
			case !l.wantKey: // between keys: the object itself
				p = join(p, l.key)
			}
		}
		return p
	}
	// valueDone moves the innermost container past a value it finished.
	valueDone := func() {
		if len(stack) == 0 {
			return
		}
		if top := &stack[len(stack)-1]; top.array {
			top.index++
		} else {
			top.wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			if len(stack) == 0 { // the end of data, or nothing read
				return ""
			}
			return path()
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				stack = append(stack, level{array: d == '[', wantKey: d == '{'})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
			continue
		}
		if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].wantKey {
			stack[n-1].key, stack[n-1].wantKey = tok.(string), false
			continue
		}
		if visit != nil && visit(path(), tok, dec.InputOffset()) {
			return path()
		}
		valueDone()
	}
}

// jsonNumberPath returns the key path of the first number in data written
// as text, and the offset it ends at; "" when there is none. The first
// such number is the one a reader's error is about: the reader stops at
// it.
func jsonNumberPath(data []byte, text string) (key string, end int64) {
	key = walkJSON(data, func(_ string, tok json.Token, at int64) bool {
		n, ok := tok.(json.Number)
		end = at
		return ok && string(n) == text
	})
	return key, end
}

// jsonOverflow says, for a JSON number beyond float64's range (the
// reader's value "number 1e400"), which key holds it and what is wanted,
// as a YAML file's problem says it; "" when the number cannot be found.
func jsonOverflow(data []byte, value string) string {
	text := strings.TrimPrefix(value, "number ")
	key, end := jsonNumberPath(data, text)
	if key == "" {
		return ""
	}
	return fmt.Sprintf("line %d: %s: is %s, beyond the largest number (want a finite number)", lineAt(data, end), key, text)
}

// notANumber matches what some programs write for a float JSON has no
// number for: Python's json.dump writes Infinity and NaN, Go's fmt +Inf.
// (A lowercase nan never reaches it: the reader fails at its a, reading
// null.)
var notANumber = regexp.MustCompile(`^[-+]?(Infinity|NaN|Inf|inf)\b`)

// jsonNotANumber says, for a syntax error where a value was due and data
// holds Infinity or NaN, which key holds it and what is wanted; ""
// otherwise. After a value ({"a": 1 NaN}, [1 NaN]) or where a key was
// due, the word is no key's value: the reader's message stands.
func jsonNotANumber(data []byte, syntaxErr *json.SyntaxError) string {
	msg := syntaxErr.Error()
	if !strings.HasSuffix(msg, "looking for beginning of value") && !strings.HasSuffix(msg, "in numeric literal") {
		return ""
	}
	// Offset is one past the character the reader refused.
	at := min(max(syntaxErr.Offset-1, 0), int64(len(data)))
	if at > 0 && data[at-1] == '-' { // the reader took the sign for a number's start
		at--
	}
	word := notANumber.Find(data[at:])
	if word == nil {
		return ""
	}
	key := walkJSON(data, nil)
	if key == "" {
		return ""
	}
	return fmt.Sprintf("line %d: %s: is %s, which JSON has no number for (want a finite number)", lineAt(data, at), key, word)
}
