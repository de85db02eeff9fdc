package service

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"cocreate/app/images"
)

// Session 53: a node's hourly sweep costs what was deleted, not what
// exists. Each deletion of a kept file is logged with it (migration 106,
// store.DeleteFiles); after its first sweep a node asks only for the
// names deleted since its last one, less deletionsMargin, and removes
// those of its copies (never one the database keeps again).

// deletionsMargin is how far before a node's last sweep the next one
// reads the deletions' log from: a deletion stamped before that sweep
// began may commit after it read the log, another node's clock may run
// behind this one's, and a copy may be cached from a read begun just
// before its deletion and written just after a sweep.
const deletionsMargin = time.Hour

// deletionsKept is how long the deletions' log is kept. A node whose last
// sweep is older than that, less the margin (down, or its database out of
// reach, for a month), walks its whole directory again instead.
const deletionsKept = 30 * 24 * time.Hour

// walkEvery is how often a node walks its whole directory all the same:
// a copy whose deletion was never logged (a file saved here whose row's
// write then failed, a crash between the two) goes within a day, not at
// the next restart — one walk a day, not one an hour.
const walkEvery = 24 * time.Hour

// sweepState is when this node's last sweep that succeeded began, and
// its last walk of the whole directory (zero: none since it started).
type sweepState struct {
	mu         sync.Mutex
	last, walk time.Time
}

// sweepUploads is SweepCachedUploads on a node sharing its files: a full
// walk first, after a gap the log no longer covers, and once a day
// (walkEvery); else the logged deletions since the last sweep. Then the
// log is pruned.
func (s *Service) sweepUploads(ctx context.Context) (int, error) {
	s.sweep.mu.Lock()
	defer s.sweep.mu.Unlock()
	began := s.now()
	var n int
	var err error
	walk := s.sweep.last.IsZero() || began.Sub(s.sweep.last) > deletionsKept-deletionsMargin || began.Sub(s.sweep.walk) > walkEvery
	if walk {
		n, err = s.sweepAll(ctx)
	} else {
		n, err = s.sweepDeleted(ctx, s.sweep.last.Add(-deletionsMargin))
	}
	if err != nil {
		return n, err
	}
	s.sweep.last = began
	if walk {
		s.sweep.walk = began
	}
	if _, err := s.store.PruneFileDeletions(ctx, began.Add(-deletionsKept)); err != nil {
		return n, err
	}
	return n, nil
}

// sweepDeleted removes this node's copies of the files whose deletion was
// logged at since or later and which the database does not keep again,
// and says how many it removed. A copy it cannot remove (a permission, a
// directory of that name) does not keep it from the names after it: the
// first such error is returned once all were tried, so the sweep is tried
// again from the same time.
func (s *Service) sweepDeleted(ctx context.Context, since time.Time) (int, error) {
	names, err := s.store.FilesDeletedSince(ctx, since)
	if err != nil {
		return 0, err
	}
	removed := 0
	var first error
	for _, n := range names {
		if !images.ValidName(n) {
			continue // not a name this directory holds
		}
		err := os.Remove(filepath.Join(s.Images.Path, n))
		switch {
		case err == nil:
			removed++
		case !errors.Is(err, fs.ErrNotExist) && first == nil:
			first = err
		}
	}
	return removed, first
}
