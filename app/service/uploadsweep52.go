package service

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// Where several nodes share a PostgreSQL database, each keeps on its own
// disk a copy of every upload it served (uploadPath). A photo its author
// took off, or a logo replaced, is deleted on the node that did it and
// from the database, and stayed on the others' disks for good: unserved
// (the database says no), yet kept, and copied by that node's backups.

// cachedGrace is how old a node's copy must be before a sweep may delete
// it: a file written since may be an upload whose row is not committed.
const cachedGrace = time.Hour

// sweepBatch is how many names one read of the database asks about.
const sweepBatch = 500

// SweepCachedUploads deletes this node's copies of uploads the shared
// database no longer keeps, and says how many it deleted; nothing where
// the database keeps no files (SQLite: the disk is the only copy). The
// node's first sweep walks its whole directory (sweepAll); later ones
// remove only the names deleted since (sweepDeleted, session 53).
func (s *Service) SweepCachedUploads(ctx context.Context) (int, error) {
	if !s.store.SharesFiles() {
		return 0, nil
	}
	return s.sweepUploads(ctx)
}

// sweepAll deletes this node's copies, older than the grace, of every
// upload the database does not keep: a stat of each file and a read of
// the database each sweepBatch names.
func (s *Service) sweepAll(ctx context.Context) (int, error) {
	names, err := s.Images.Stored(time.Now().Add(-cachedGrace))
	if err != nil {
		return 0, err
	}
	deleted := 0
	for len(names) > 0 {
		batch := names[:min(sweepBatch, len(names))]
		names = names[len(batch):]
		held, err := s.store.FilesHeld(ctx, batch)
		if err != nil {
			return deleted, err
		}
		for _, n := range batch {
			if held[n] {
				continue
			}
			if err := os.Remove(filepath.Join(s.Images.Path, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return deleted, err
			}
			deleted++
		}
	}
	return deleted, nil
}

// RunUploadSweep sweeps this node's copies at start (a walk of its
// directory) and every interval (the deletions logged since) until ctx
// ends (SweepCachedUploads).
func (s *Service) RunUploadSweep(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.SweepCachedUploads(ctx); err != nil && ctx.Err() == nil && log != nil {
			log.Error("sweeping copies of deleted uploads", "err", err)
		} else if n > 0 && log != nil {
			log.Info("copies of uploads deleted on another node removed", "files", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
