package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// logFileDeletion writes in tx that the database stopped keeping the file
// name at now (migration 106): what the other nodes' sweeps read.
func logFileDeletion(tx *sql.Tx, name string, now time.Time) error {
	if _, err := tx.Exec(`INSERT INTO file_deletions (name, deleted_at) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET deleted_at = excluded.deleted_at`, name, ms(now)); err != nil {
		return fmt.Errorf("store: unable to log the deletion of file %s: %w", name, err)
	}
	return nil
}

// FilesDeletedSince lists the files whose deletion (DeleteFiles) was
// logged at since or later and that the database does not keep again (a
// name written anew since, by a restore, is left out): the copies a node's
// sweep may remove.
func (s *Store) FilesDeletedSince(ctx context.Context, since time.Time) ([]string, error) {
	return list(ctx, s.r, "deleted files", scanOne[string], `SELECT d.name FROM file_deletions d
		WHERE d.deleted_at >= ? AND NOT EXISTS (SELECT 1 FROM files f WHERE f.name = d.name)
		ORDER BY d.name`, ms(since))
}

// PruneFileDeletions forgets the deletions logged before before, and says
// how many.
func (s *Store) PruneFileDeletions(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`DELETE FROM file_deletions WHERE deleted_at < ?`, ms(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to prune the deleted files' log: %w", err)
	}
	return n, nil
}
