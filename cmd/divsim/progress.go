package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// longRun is the work (path-steps × portfolios) above which a run shows its
// progress on a terminal: about a second on a laptop. Written to a log,
// where ten lines of it would clutter a short run, progress waits for
// longLoggedRun, about ten seconds.
const (
	longRun       = 50_000_000
	longLoggedRun = 10 * longRun
)

// progress shows paths done on stderr: a bar with the share done and the
// time left on a terminal, a plain line every 10 % otherwise. The engine calls update from
// several workers, so it is guarded by a mutex.
type progress struct {
	mu    sync.Mutex
	total int
	bar   *progressbar.ProgressBar // nil when stderr is not a terminal
	w     io.Writer
	next  int // plain mode: the next tenth to print
	start time.Time
}

// newProgress returns nil (no display) for short or quiet runs.
func newProgress(w io.Writer, paths, work int, quiet bool) *progress {
	if quiet || work < longRun {
		return nil
	}
	p := &progress{total: paths, w: w, next: 1, start: time.Now()}
	f, ok := w.(*os.File)
	terminal := ok && term.IsTerminal(int(f.Fd()))
	if !terminal && work < longLoggedRun {
		return nil
	}
	if terminal {
		p.bar = progressbar.NewOptions(paths,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("simulating"),
			// A share and the time left, no count or rate: a solve or a
			// sweep runs each path several times over, so a count of
			// path-runs read against the run's paths made no sense. The
			// time left is in words (see update): the bar's own
			// "[elapsed:left]" was unlabelled and read [0s:0s] at first.
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionSetElapsedTime(false),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// update records that done paths are finished.
func (p *progress) update(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		if left, ok := p.timeLeft(done); ok {
			p.bar.Describe("simulating, about " + left + " left")
		}
		p.bar.Set(done)
		return
	}
	for p.next <= 10 && done*10 >= p.next*p.total {
		line := fmt.Sprintf("divsim: %d%% done", p.next*10)
		if left, ok := p.timeLeft(done); ok && p.next < 10 {
			line += ", about " + left + " left"
		}
		fmt.Fprintln(p.w, line)
		p.next++
	}
}

// timeLeft is the time the rest of the work should take at the pace so far,
// in whole seconds; not ok before a second has passed or a path is done,
// when the pace says nothing yet.
func (p *progress) timeLeft(done int) (string, bool) {
	elapsed := time.Since(p.start)
	if done <= 0 || elapsed < time.Second {
		return "", false
	}
	eta := time.Duration(float64(elapsed) * float64(p.total-done) / float64(done))
	return eta.Round(time.Second).String(), true
}

// finish clears the bar.
func (p *progress) finish() {
	if p != nil && p.bar != nil {
		p.bar.Finish()
	}
}
