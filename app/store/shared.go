package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"cocreate/app/domain"
)

// SharesFiles says whether uploads must be kept in the database, for the
// other nodes (PostgreSQL); a SQLite installation keeps them as files only.
func (s *Store) SharesFiles() bool { return s.postgres }

// PutFile keeps an uploaded file for every node. Writing the same name
// again keeps the first (names are random and never reused).
func (s *Store) PutFile(ctx context.Context, name string, data []byte) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO files (name, data, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`, name, data, ms(now)); err != nil {
			return fmt.Errorf("store: unable to keep file %s: %w", name, err)
		}
		return nil
	})
}

// File reads a file kept by PutFile.
func (s *Store) File(ctx context.Context, name string) ([]byte, error) {
	var data []byte
	err := s.r.QueryRowContext(ctx, `SELECT data FROM files WHERE name = ?`, name).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.NotFound("file")
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read file %s: %w", name, err)
	}
	return data, nil
}

// DeleteFiles forgets files whose write was undone, or that no row names
// any more; each one kept until now is written in the deletions' log in
// the same transaction (FilesDeletedSince).
func (s *Store) DeleteFiles(ctx context.Context, names []string) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, n := range names {
			res, err := tx.Exec(`DELETE FROM files WHERE name = ?`, n)
			if err != nil {
				return fmt.Errorf("store: unable to delete file %s: %w", n, err)
			}
			gone, err := res.RowsAffected()
			if err != nil {
				return fmt.Errorf("store: unable to delete file %s: %w", n, err)
			}
			if gone == 0 {
				continue // not kept: no node has a copy to sweep
			}
			if err := logFileDeletion(tx, n, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// SharedKey is the installation's key called name: the one already kept,
// or else candidate, kept now. Nodes starting together agree on one.
func (s *Store) SharedKey(ctx context.Context, name string, candidate []byte) ([]byte, error) {
	now := s.Now()
	var key []byte
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO shared_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`, name, candidate, ms(now)); err != nil {
			return err
		}
		return tx.QueryRow(`SELECT value FROM shared_keys WHERE name = ?`, name).Scan(&key)
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read key %s: %w", name, err)
	}
	return key, nil
}

// UploadNamers are the rows that name a stored image, one of each kind
// at most (0 or false: none): the idea it is a photo of, the challenge it
// is the cover of, the tester's report it is the photo of (and that
// report's project), and whether it is the site's logo.
type UploadNamers struct {
	Idea, Challenge, Report, Project int64
	Logo                             bool
}

// Named says whether any row names the image.
func (n UploadNamers) Named() bool { return n.Idea != 0 || n.Challenge != 0 || n.Report != 0 || n.Logo }

// UploadNamedBy reads which rows name file (an upload's base name): every
// kind of row that may, in one read, each lookup by an index. It is the
// store's one answer to "what is this file": the uploads route asks it
// whom a file may be shown to, a write that lost its answer which files
// to keep.
func (s *Store) UploadNamedBy(ctx context.Context, file string) (UploadNamers, error) {
	var n UploadNamers
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE((SELECT idea_id FROM idea_images WHERE file = ? LIMIT 1), 0),
		COALESCE((SELECT id FROM challenges WHERE cover = ? LIMIT 1), 0),
		COALESCE((SELECT id FROM tester_feedback WHERE photo = ? AND photo <> '' LIMIT 1), 0),
		COALESCE((SELECT project_id FROM tester_feedback WHERE photo = ? AND photo <> '' LIMIT 1), 0),
		EXISTS (SELECT 1 FROM site_settings WHERE logo = ? AND logo <> '')`, file, file, file, file, file).Scan(&n.Idea, &n.Challenge, &n.Report, &n.Project, &n.Logo)
	if err != nil {
		return UploadNamers{}, fmt.Errorf("store: unable to find what names %s: %w", file, err)
	}
	return n, nil
}

// FilesHeld says which of names the database still keeps (PutFile), for a
// PostgreSQL node's sweep of its cached copies; at most a few hundred
// names a call. On SQLite (no SharesFiles) the disk is the only copy:
// every name is held.
func (s *Store) FilesHeld(ctx context.Context, names []string) (map[string]bool, error) {
	held := map[string]bool{}
	if !s.postgres {
		for _, n := range names {
			held[n] = true
		}
		return held, nil
	}
	if len(names) == 0 {
		return held, nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT name FROM files WHERE name = ANY(?)`, names)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read which files are kept: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("store: unable to read which files are kept: %w", err)
		}
		held[n] = true
	}
	return held, rows.Err()
}
