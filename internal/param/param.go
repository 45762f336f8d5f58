// Package param is the error a library returns for a value that a
// command-line flag gave it ("--step: is 0 (want …)"), so that the command
// line tells a flag's problem from a scenario file's by its type, not by
// reading the message's first characters.
package param

import "fmt"

// Error is a problem with a flag's value: the flag, as the command line
// names it ("--step"), and what is wrong, in divsim's words.
type Error struct {
	Flag string
	Err  error
}

func (e *Error) Error() string { return e.Flag + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Errorf is an *Error for flag, its problem formatted as fmt.Errorf does
// (%w wraps).
func Errorf(flag, format string, args ...any) error {
	return &Error{Flag: flag, Err: fmt.Errorf(format, args...)}
}
