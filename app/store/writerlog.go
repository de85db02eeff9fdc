package store

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
)

// phase is a part of the write path whose durations the store keeps
// (phaseLog): a stall of the writer delays every write queued behind it,
// so the longest of them set the tail of a storm's latencies.
type phase uint8

const (
	phStatements phase = iota // a batch's statements, from BEGIN to its COMMIT's turn, but for the waits of sync_wait (writer)
	phSyncWait                // waiting for the previous batch's log sync before COMMIT, with the writes run meanwhile left out (writer)
	phCommit                  // COMMIT: the log's write (and its sync without the shim) (writer)
	phStop                    // the writer's own checkpoint (writer)
	phLogSync                 // an fdatasync of the log (syncer)
	phCheckpoint              // the checkpointer's PASSIVE run (checkpointer; the writer goes on)
	phAnswered                // a batch's oldest write, from its queueing to its answer (writer or syncer)
	nPhases
)

var phaseNames = [nPhases]string{"statements", "sync_wait", "commit", "stop", "log_sync", "checkpointer", "oldest_write"}

// keepLongest is how many of each phase's longest durations a phaseLog
// keeps, with when they began.
const keepLongest = 6

// phaseLog is the durations of the write path's phases seen by one
// goroutine (the writer, the syncer, the checkpointer: each has its own
// and only it adds to it), reported when the store closes (Close merges
// them once those goroutines have ended): a histogram per phase (a fixed
// size however long the server runs) and its longest few, with their
// times, to match against the requests' log.
type phaseLog struct {
	took    [nPhases]durHist
	total   [nPhases]time.Duration
	longest [nPhases][]timedDur
}

type timedDur struct {
	at time.Time // when it began
	d  time.Duration
}

// add notes that ph began at began and lasted until now (returned).
func (l *phaseLog) add(ph phase, began time.Time) time.Time {
	now := time.Now()
	l.addDur(ph, began, now.Sub(began))
	return now
}

func (l *phaseLog) addDur(ph phase, began time.Time, d time.Duration) {
	l.took[ph].add(d)
	l.total[ph] += d
	l.keep(ph, timedDur{began, d})
}

// keep puts t among ph's longest if it is one of them.
func (l *phaseLog) keep(ph phase, t timedDur) {
	top := l.longest[ph]
	if len(top) < keepLongest {
		l.longest[ph] = append(top, t)
		return
	}
	i := 0 // the shortest kept
	for j := range top {
		if top[j].d < top[i].d {
			i = j
		}
	}
	if t.d > top[i].d {
		top[i] = t
	}
}

// merge adds o's durations to l's.
func (l *phaseLog) merge(o *phaseLog) {
	for ph := range nPhases {
		l.took[ph].merge(&o.took[ph])
		l.total[ph] += o.total[ph]
		for _, t := range o.longest[ph] {
			l.keep(ph, t)
		}
	}
}

// report logs a line per phase seen: how many, how long in all, the
// median and the 99th percentile (their histogram bucket's upper edge,
// less than 25% above), the longest, and when the longest few began.
func (l *phaseLog) report(log *slog.Logger) {
	for ph := range nPhases {
		h := &l.took[ph]
		if h.n == 0 {
			continue
		}
		top := slices.Clone(l.longest[ph])
		slices.SortFunc(top, func(a, b timedDur) int { return a.at.Compare(b.at) })
		var b strings.Builder
		for i, t := range top {
			if i > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%s/%s", t.at.UTC().Format("15:04:05.000"), t.d.Round(100*time.Microsecond))
		}
		_, p50 := h.quantile(0.5)
		_, p99 := h.quantile(0.99)
		log.Info("store: the write path", "phase", phaseNames[ph], "n", h.n, "total", l.total[ph].Round(time.Millisecond),
			"p50", p50.Round(10*time.Microsecond), "p99", p99.Round(10*time.Microsecond), "max", h.max.Round(10*time.Microsecond),
			"longest", b.String())
	}
}
