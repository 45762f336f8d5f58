// Command divsim is a Monte Carlo simulator that tests portfolio
// diversification under interest-rate and growth regimes, for financial
// advisors. See README.md for usage.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// A reader that stops early (divsim run | head) makes a write fail
	// with EPIPE instead of killing divsim before it writes its files
	// (stage carries on without the rest of the table).
	signal.Ignore(syscall.SIGPIPE)
	os.Exit(execute(signalContext(context.Background()), os.Args[1:], os.Stdout, os.Stderr))
}

// signalContext is the one context of the whole command: the first Ctrl-C
// (SIGINT) or SIGTERM cancels it, and every stage stops on it and writes
// nothing. Catching stops at that first signal, so a second Ctrl-C (or
// timeout's SIGTERM after it) ends divsim at once, the default way.
func signalContext(parent context.Context) context.Context {
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx
}
