package words

import (
	"math"
	"strings"
)

// ChoiceWant is what a key (or flag) that takes one of choices should
// hold instead of got: want, led by the choice got most likely misspells
// ("quartely": did you mean quarter?).
func ChoiceWant(got, want string, choices ...string) string {
	if guess := Closest(got, choices); guess != "" {
		return "did you mean " + guess + "? " + want
	}
	return want
}

// Closest returns the name in known that a misspelt name (key) most likely
// meant, or "" when none is close enough: first one that differs only in
// case (US_Large for us_large), then the nearest by edit distance. It is
// the guess behind every "did you mean" of divsim's messages: a scenario's
// keys and names, a sweep's --sleeve, calibrate's --columns.
func Closest(key string, known []string) string {
	for _, k := range known {
		if k != key && strings.EqualFold(k, key) {
			return k
		}
	}
	best, bestDist := "", math.MaxInt
	for _, k := range known {
		if dist := editDistance(key, k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	// Accept up to a third of the word changed, at least two edits: catches
	// transpositions and dropped letters without suggesting nonsense.
	if bestDist <= max(2, len(key)/3) {
		return best
	}
	// Or the one name the key is the first word of: horizon for
	// horizon_years.
	var longer []string
	for _, k := range known {
		if strings.HasPrefix(k, key+"_") {
			longer = append(longer, k)
		}
	}
	if len(longer) == 1 {
		return longer[0]
	}
	return ""
}

// editDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and transpositions of adjacent letters each
// count one ("retrun" is one edit from "return").
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range cur {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
