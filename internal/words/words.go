// Package words holds how divsim's messages put names into words, once:
// lists joined as phrases ("a, b or c") and the guess behind every "did
// you mean" (Closest), so that every message lists and guesses alike.
package words

import "strings"

// Or joins names as "a, b or c".
func Or(names []string) string { return join(names, "or") }

// And joins names as "a, b and c".
func And(names []string) string { return join(names, "and") }

func join(names []string, last string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + last + " " + names[len(names)-1]
}
