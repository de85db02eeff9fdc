package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cocreate/app/domain"
)

// Site reads the brand's name and logo for its site (the zero Site when
// no admin has saved them yet).
func (s *Store) Site(ctx context.Context) (domain.Site, error) {
	return siteRow(ctx, s.r)
}

// siteRow reads the site's name and logo from q (the read pool, or the
// write that changes them): the zero Site when none is saved.
func siteRow(ctx context.Context, q queryRower) (domain.Site, error) {
	var site domain.Site
	err := q.QueryRowContext(ctx, `SELECT name_zh, name_en, logo, logo_width, logo_height FROM site_settings WHERE id = 1`).
		Scan(&site.NameZH, &site.NameEN, &site.Logo.File, &site.Logo.Width, &site.Logo.Height)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Site{}, nil
	}
	if err != nil {
		return domain.Site{}, fmt.Errorf("store: unable to read the site's name: %w", err)
	}
	return site, nil
}

// UpdateSite changes the site's name and logo with change, which sees
// what is stored and may refuse (nothing is written then), for the admin
// actorID. It returns the site before and after.
func (s *Store) UpdateSite(ctx context.Context, actorID int64, now time.Time, change func(*domain.Site) error) (before, after domain.Site, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if before, err = siteRow(ctx, tx); err != nil {
			return err
		}
		after = before
		if err := change(&after); err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO site_settings (id, name_zh, name_en, logo, logo_width, logo_height, updated_by, updated_at)
			VALUES (1, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, logo = excluded.logo,
				logo_width = excluded.logo_width, logo_height = excluded.logo_height,
				updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			after.NameZH, after.NameEN, after.Logo.File, after.Logo.Width, after.Logo.Height, actorID, ms(now))
		if err != nil {
			return fmt.Errorf("store: unable to save the site's name: %w", err)
		}
		return nil
	})
	return before, after, err
}
