//go:build race

package integrity

// raceEnabled: the tests run under the race detector.
const raceEnabled = true
