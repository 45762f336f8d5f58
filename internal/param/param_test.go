package param

import (
	"errors"
	"fmt"
	"testing"
)

// TestError: a flag's problem reads "--flag: what", is found as an *Error
// through any wrapping or joining, and unwraps to what it wraps.
func TestError(t *testing.T) {
	base := errors.New("no such month")
	err := Errorf("--from", "is %q: %w", "2025-13", base)
	if got := err.Error(); got != `--from: is "2025-13": no such month` {
		t.Errorf("message %q", got)
	}
	joined := errors.Join(fmt.Errorf("sweep: %w", err), errors.New("another"))
	if e, ok := errors.AsType[*Error](joined); !ok || e.Flag != "--from" || !errors.Is(joined, base) {
		t.Errorf("AsType = %v, %v; Is(base) %v", e, ok, errors.Is(joined, base))
	}
	if _, ok := errors.AsType[*Error](errors.New("--from: looks like one")); ok {
		t.Error("a plain error whose words start with a flag is taken for one")
	}
}
