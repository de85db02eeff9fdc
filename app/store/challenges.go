package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"cocreate/app/domain"
)

const challengeColumns = `id, title, brief, kind, cover, organiser_id,
	submissions_open_at, submissions_close_at, voting_open_at, voting_close_at, results_at, closed_at,
	ideas_per_fan, vote_budget, shortlist_size, winners, created_at, updated_at,
	voters, report_threshold,
	anonymous_until_results, submitters,
	voting_method,
	buy_options, price_bands, support_threshold, threshold_days`

// challengeColumnsC is challengeColumns of a join's table c.
var challengeColumnsC = challengeColumnsOf("c")

// challengeColumnsOf is challengeColumns qualified with a table's alias,
// for a join.
func challengeColumnsOf(alias string) string {
	cols := strings.Split(challengeColumns, ",")
	for i, c := range cols {
		cols[i] = alias + "." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

func scanChallenge(row interface{ Scan(...any) error }) (domain.Challenge, error) {
	var c domain.Challenge
	var so, sc, vo, vc, ra, ca sql.NullInt64
	var created, updated int64
	var buyOptions, priceBands string
	err := row.Scan(&c.ID, &c.Title, &c.Brief, &c.Kind, &c.Cover, &c.OrganiserID,
		&so, &sc, &vo, &vc, &ra, &ca,
		&c.IdeasPerFan, &c.VoteBudget, &c.ShortlistSize, &c.Winners, &created, &updated,
		&c.Voters, &c.ReportThreshold,
		&c.AnonymousUntilResults, &c.Submitters,
		&c.VotingMethod,
		&buyOptions, &priceBands, &c.SupportThreshold, &c.ThresholdDays)
	if err != nil {
		return c, err
	}
	if err := readDemandRules(&c, buyOptions, priceBands); err != nil {
		return c, err
	}
	c.SubmissionsOpenAt, c.SubmissionsCloseAt = timePtr(so), timePtr(sc)
	c.VotingOpenAt, c.VotingCloseAt = timePtr(vo), timePtr(vc)
	c.ResultsAt, c.ClosedAt = timePtr(ra), timePtr(ca)
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	return c, nil
}

// CreateChallenge stores a new challenge (already validated) and returns it.
func (s *Store) CreateChallenge(ctx context.Context, c domain.Challenge) (domain.Challenge, error) {
	now := s.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRow(`INSERT INTO challenges (title, brief, kind, cover, organiser_id,
			submissions_open_at, submissions_close_at, voting_open_at, voting_close_at, results_at, closed_at,
			ideas_per_fan, vote_budget, shortlist_size, winners, created_at, updated_at,
			voters, report_threshold)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.Title, c.Brief, string(c.Kind), c.Cover, c.OrganiserID,
			nullMS(c.SubmissionsOpenAt), nullMS(c.SubmissionsCloseAt), nullMS(c.VotingOpenAt), nullMS(c.VotingCloseAt),
			nullMS(c.ResultsAt), nullMS(c.ClosedAt),
			c.IdeasPerFan, c.VoteBudget, c.ShortlistSize, c.Winners, ms(now), ms(now),
			string(votersOr(c.Voters)), c.ReportThreshold).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("store: unable to create challenge: %w", err)
		}
		if _, err := tx.Exec(`UPDATE challenges SET anonymous_until_results = ?, voting_method = ?, submitters = ? WHERE id = ?`,
			c.AnonymousUntilResults, string(c.Method()), string(votersOr(c.Submitters)), c.ID); err != nil {
			return fmt.Errorf("store: unable to create challenge: %w", err)
		}
		if err := writeDemandRules(tx, c); err != nil {
			return err
		}
		return queue(tx, "challenge", c.ID, now)
	})
	if err != nil {
		return domain.Challenge{}, err
	}
	return s.Challenge(ctx, c.ID)
}

// ChallengeChange modifies a challenge inside its write, given what the
// challenge holds (read in the same transaction); an error refuses the
// whole update.
type ChallengeChange func(c *domain.Challenge, a domain.ChallengeActivity) error

// UpdateChallenge loads challenge id inside a write transaction, lets change
// modify it (returning an error refuses the whole update), and saves it.
func (s *Store) UpdateChallenge(ctx context.Context, id int64, change func(*domain.Challenge) error) (domain.Challenge, error) {
	return s.EditChallenge(ctx, id, func(c *domain.Challenge, _ domain.ChallengeActivity) error { return change(c) })
}

// EditChallenge is UpdateChallenge for a change that depends on what the
// challenge holds. On PostgreSQL the challenge's row is locked first, FOR
// UPDATE: an idea, vote, rating, pair answer or intent another node is
// adding holds FOR KEY SHARE on that row (its foreign key's check), which
// FOR UPDATE waits for and holds off (not FOR NO KEY UPDATE, which lets it
// by), so it committed before and the activity read here counts it, or it
// waits for this edit.
func (s *Store) EditChallenge(ctx context.Context, id int64, change ChallengeChange) (domain.Challenge, error) {
	now := s.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.rowLock(tx, id, " FOR UPDATE"); err != nil {
			return err
		}
		c, err := s.challengeTx(tx, id)
		if err != nil {
			return err
		}
		s.forgetChallenge(id)
		a, err := challengeActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		method := c.Method()
		if err := change(&c, a); err != nil {
			return err
		}
		if c.Method() != method {
			// Nothing was rated or compared under the old method (it may
			// change only before voting): every idea starts afresh.
			score, rank := c.StartingScore()
			if _, err := tx.Exec(`UPDATE ideas SET score = ?, score_sd = 0, rank_score = ? WHERE challenge_id = ?`, score, rank, id); err != nil {
				return fmt.Errorf("store: unable to reset the scores of challenge %d: %w", id, err)
			}
		}
		_, err = tx.Exec(`UPDATE challenges SET title = ?, brief = ?, kind = ?, cover = ?,
			submissions_open_at = ?, submissions_close_at = ?, voting_open_at = ?, voting_close_at = ?,
			results_at = ?, closed_at = ?, ideas_per_fan = ?, vote_budget = ?, shortlist_size = ?, winners = ?,
			updated_at = ?, voters = ?, report_threshold = ? WHERE id = ?`,
			c.Title, c.Brief, string(c.Kind), c.Cover,
			nullMS(c.SubmissionsOpenAt), nullMS(c.SubmissionsCloseAt), nullMS(c.VotingOpenAt), nullMS(c.VotingCloseAt),
			nullMS(c.ResultsAt), nullMS(c.ClosedAt), c.IdeasPerFan, c.VoteBudget, c.ShortlistSize, c.Winners,
			ms(now), string(votersOr(c.Voters)), c.ReportThreshold, id)
		if err != nil {
			return fmt.Errorf("store: unable to update challenge %d: %w", id, err)
		}
		if _, err := tx.Exec(`UPDATE challenges SET anonymous_until_results = ?, voting_method = ?, submitters = ? WHERE id = ?`,
			c.AnonymousUntilResults, string(c.Method()), string(votersOr(c.Submitters)), id); err != nil {
			return fmt.Errorf("store: unable to update challenge %d: %w", id, err)
		}
		c.ID = id
		if err := writeDemandRules(tx, c); err != nil {
			return err
		}
		return queue(tx, "challenge", id, now)
	})
	if err != nil {
		return domain.Challenge{}, err
	}
	return s.Challenge(ctx, id)
}

// ChallengeActivity reads what challenge id holds that limits an edit,
// for a form that shows those limits (the edit itself reads it again in
// its write: UpdateChallenge).
func (s *Store) ChallengeActivity(ctx context.Context, id int64) (domain.ChallengeActivity, error) {
	return challengeActivity(ctx, s.r, id)
}

func challengeActivity(ctx context.Context, q queryRower, id int64) (domain.ChallengeActivity, error) {
	var a domain.ChallengeActivity
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM ideas WHERE challenge_id = ?),
		EXISTS (SELECT 1 FROM votes WHERE challenge_id = ?) OR EXISTS (SELECT 1 FROM ratings WHERE challenge_id = ?)
			OR EXISTS (SELECT 1 FROM comparisons WHERE challenge_id = ?) OR EXISTS (SELECT 1 FROM intents WHERE challenge_id = ?),
		EXISTS (SELECT 1 FROM intents WHERE challenge_id = ?)`, id, id, id, id, id, id).Scan(&a.Ideas, &a.Acts, &a.Intents); err != nil {
		return a, fmt.Errorf("store: unable to read what challenge %d holds: %w", id, err)
	}
	return a, nil
}

// challengeTx loads a challenge inside a write. Writes read challenges all
// the time (every vote checks the phase) and change them rarely, so the
// writer keeps them in a map that only the writer goroutine touches: every
// write that changes a challenge calls forgetChallenge, and a failed commit
// forgets them all.
func (s *Store) challengeTx(tx *sql.Tx, id int64) (domain.Challenge, error) {
	if c, ok := s.challenges[id]; ok {
		return c, nil
	}
	c, err := scanChallenge(tx.QueryRow(`SELECT `+challengeColumns+` FROM challenges WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, domain.NotFound("challenge")
	}
	if err != nil {
		return c, fmt.Errorf("store: unable to load challenge %d: %w", id, err)
	}
	if !s.postgres { // other nodes change challenges there
		s.challenges[id] = c
	}
	return c, nil
}

// forgetChallenge drops a challenge from the writer's map before a write
// changes it; the next read loads it again, from inside the transaction.
func (s *Store) forgetChallenge(id int64) { delete(s.challenges, id) }

// Challenge loads one challenge (from a cache that no committed change to
// it outlives: newChallengeCache).
func (s *Store) Challenge(ctx context.Context, id int64) (domain.Challenge, error) {
	version := s.ContentVersion() // before the read: what is read is at least this new
	if c, ok := s.challengeReads.get(version, id); ok {
		return cloneChallenge(c), nil
	}
	c, err := scanChallenge(s.r.QueryRowContext(ctx, `SELECT `+challengeColumns+` FROM challenges WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, domain.NotFound("challenge")
	}
	if err != nil {
		return c, fmt.Errorf("store: unable to load challenge %d: %w", id, err)
	}
	s.challengeReads.put(version, id, cloneChallenge(c))
	return c, nil
}

// Challenges lists every challenge, newest first; the caller orders them by
// phase and drops the drafts a visitor may not see.
// Every search asks for them (to leave out what its asker may not see), so
// they are read through a cache per ContentVersion, like Challenge.
func (s *Store) Challenges(ctx context.Context) ([]domain.Challenge, error) {
	version := s.ContentVersion()
	all, ok := s.allChallenges.get(version, struct{}{})
	if !ok {
		var err error
		all, err = list(ctx, s.r, "challenges", func(rows *sql.Rows) (domain.Challenge, error) { return scanChallenge(rows) },
			`SELECT `+challengeColumns+` FROM challenges ORDER BY id DESC`)
		if err != nil {
			return nil, err
		}
		s.allChallenges.put(version, struct{}{}, all)
	}
	out := make([]domain.Challenge, len(all)) // the caller's to change
	for i, c := range all {
		out[i] = cloneChallenge(c)
	}
	return out, nil
}

// ChallengeStats counts a challenge's listed ideas and the votes on them,
// from the counters (never from the votes table).
type ChallengeStats struct {
	Ideas int
	Votes int
	// Ratings are the listed ideas' counted ratings (a stars challenge);
	// Comparisons the pair choices the listed ideas won (a pairwise one:
	// one a fan's answer, skips, held ones and hidden ideas' wins left out).
	Ratings, Comparisons int
}

// Stats reads a challenge's totals for its page.
func (s *Store) Stats(ctx context.Context, challengeID int64) (ChallengeStats, error) {
	var st ChallengeStats
	// A decided, unheld comparison has one winner, counted in its ideas.wins:
	// the listed ideas' wins are the comparisons they won, in the same scan.
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(votes), 0), COALESCE(SUM(ratings), 0), COALESCE(SUM(wins), 0) FROM ideas
		WHERE challenge_id = ? AND state IN ('submitted', 'shortlisted', 'winner', 'not_selected')`, challengeID).
		Scan(&st.Ideas, &st.Votes, &st.Ratings, &st.Comparisons)
	if err != nil {
		return st, fmt.Errorf("store: unable to count ideas of challenge %d: %w", challengeID, err)
	}
	return st, nil
}

// votersOr stores "" (a challenge built without NewChallenge) as the default.
func votersOr(v domain.Voters) domain.Voters {
	if v == "" {
		return domain.VotersSignedIn
	}
	return v
}
