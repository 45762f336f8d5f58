package configs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// jsonNumberPath returns the key path, as problems name keys
// ("assets[1].expected_return"), of the first number in data written as
// text, and the offset its value ends at; "" when there is none (or data
// cannot be read that far). The reader's own errors give only an offset,
// and one past the number's end: a number beyond float64's range was
// "line 6: number 1e400 does not fit a float64", with no key. The first
// such number is the one: the reader stops at it.
func jsonNumberPath(data []byte, text string) (string, int64) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // a number is its text: 1e400 reads without an error
	type level struct {
		array   bool
		key     string // an object's key for the value being read
		index   int    // an array's index of the value being read
		wantKey bool   // an object's next string is a key
	}
	var stack []level
	path := func() string {
		var b strings.Builder
		for _, l := range stack {
			if l.array {
				fmt.Fprintf(&b, "[%d]", l.index)
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(l.key)
		}
		return b.String()
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
			return "", 0
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
		if n, ok := tok.(json.Number); ok && string(n) == text {
			return path(), dec.InputOffset()
		}
		valueDone()
	}
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
