//go:build race

package solve

// raceDetector says that the tests run under -race, ten times slower: the
// tests that repeat whole runs to check figures, not concurrency, skip.
const raceDetector = true
