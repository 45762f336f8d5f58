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

// walkJSON reads data's first value, calling visit with each scalar's key
// path, as problems name keys ("assets[1].expected_return"), the scalar
// and the offset it ends at; visit returns true to stop there. It returns
// the path where it stopped: that of the scalar visit stopped at, or of the
// value the reader could not read (an error in data); "" when it read the
// value to its end.
func walkJSON(data []byte, visit func(path string, tok json.Token, end int64) bool) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // a number is its text: 1e400 reads without an error
	at, _ := walkJSONValue(dec, "", visit)
	return at
}

// walkJSONValue is walkJSON over the value at path that dec reads next,
// as twins.json walks one; stop says that it stopped at path at.
func walkJSONValue(dec *json.Decoder, path string, visit func(string, json.Token, int64) bool) (at string, stop bool) {
	tok, err := dec.Token()
	if err != nil {
		return path, true
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			key, err := dec.Token()
			if err != nil { // where a key was due: the object itself
				return path, true
			}
			k, _ := key.(string)
			if at, stop := walkJSONValue(dec, join(path, k), visit); stop {
				return at, true
			}
		}
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if at, stop := walkJSONValue(dec, index(path, i), visit); stop {
				return at, true
			}
		}
	default:
		if visit != nil && visit(path, tok, dec.InputOffset()) {
			return path, true
		}
		return "", false
	}
	if _, err := dec.Token(); err != nil { // the closing '}' or ']'
		return path, true
	}
	return "", false
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
