package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"cocreate/app/domain"
)

// listed is domain.State.Listed as SQL: the lists walk their index (see
// 006_full_list_indexes.sql) and skip unlisted ideas row by row.
const listed = `state IN ('submitted', 'shortlisted', 'winner', 'not_selected')`

const ideaColumns = `i.id, i.challenge_id, i.title, i.summary, i.body, i.tags, i.author_id, u.name,
	i.state, COALESCE(i.merged_into, 0), i.votes, i.votes_under_review, i.comments, i.created_at, i.updated_at,
	i.buyers, i.units, i.qualified_at,
	i.status, i.response, i.status_at,

	i.ratings, i.rating_sum, i.comparisons, i.wins, i.score, i.score_sd, i.rank_score,
	(SELECT c.voting_method FROM challenges c WHERE c.id = i.challenge_id)`

func scanIdea(row interface{ Scan(...any) error }) (domain.Idea, error) {
	var idea domain.Idea
	var tags string
	var created, updated int64
	var qualified, statusAt sql.NullInt64
	err := row.Scan(&idea.ID, &idea.ChallengeID, &idea.Title, &idea.Summary, &idea.Body, &tags,
		&idea.Author.ID, &idea.Author.Name, &idea.State, &idea.MergedInto, &idea.Votes, &idea.VotesUnderReview, &idea.Comments, &created, &updated,
		&idea.Buyers, &idea.Units, &qualified, &idea.Status, &idea.Response, &statusAt,

		&idea.Ratings, &idea.RatingSum, &idea.Comparisons, &idea.Wins, &idea.Score, &idea.ScoreSD, &idea.RankScore, &idea.Method)
	if err != nil {
		return idea, err
	}
	idea.QualifiedAt, idea.StatusAt = timePtr(qualified), timePtr(statusAt)
	if err := json.Unmarshal([]byte(tags), &idea.Tags); err != nil {
		return idea, fmt.Errorf("store: idea %d has unreadable tags: %w", idea.ID, err)
	}
	idea.CreatedAt, idea.UpdatedAt = fromMS(created), fromMS(updated)
	return idea, nil
}

func tagsJSON(tags []string) string {
	if tags == nil {
		tags = []string{}
	}
	b, _ := json.Marshal(tags)
	return string(b)
}

// NewIdea is a checker for CreateIdea: given the challenge and how many listed
// ideas the author already has there (counted only when the challenge limits
// them; 0 otherwise), it builds the idea or refuses.
type NewIdea func(c domain.Challenge, already int) (domain.Idea, error)

// CreateIdea adds an idea to a challenge. build runs inside the transaction,
// so the phase and the per-fan limit are judged on the same data the insert
// sees.
func (s *Store) CreateIdea(ctx context.Context, challengeID, authorID int64, build NewIdea) (domain.Idea, error) {
	now := s.Now()
	var made domain.Idea
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.actingTx(tx, authorID); err != nil {
			return err
		}
		var id int64
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		// The author's ideas are counted only when the challenge limits
		// them: a fan with hundreds of ideas made every submission read
		// them all (seeding 1,000,000 ideas slowed to a crawl).
		var already int
		if c.IdeasPerFan > 0 {
			if err := tx.QueryRow(`SELECT COUNT(*) FROM ideas WHERE author_id = ? AND challenge_id = ? AND `+listed,
				authorID, challengeID).Scan(&already); err != nil {
				return fmt.Errorf("store: unable to count ideas: %w", err)
			}
		}
		idea, err := build(c, already)
		if err != nil {
			return err
		}
		score, rank := c.StartingScore()
		err = tx.QueryRow(`INSERT INTO ideas (challenge_id, author_id, title, summary, body, tags, state, hot, created_at, updated_at, score, rank_score)
			VALUES (?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?) RETURNING id`,
			challengeID, authorID, idea.Title, idea.Summary, idea.Body, tagsJSON(idea.Tags), domain.HotScore(0, now), ms(now), ms(now), score, rank).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: unable to create idea: %w", err)
		}
		if err := setImages(tx, id, idea.Images); err != nil {
			return err
		}
		if err := recordEvent(tx, id, authorID, "", domain.StateSubmitted, "", now); err != nil {
			return err
		}
		if err := queue(tx, "idea", id, now); err != nil {
			return err
		}
		made, err = ideaWithImagesTx(tx, id)
		return err
	})
	return made, err
}

// ideaWithImagesTx is idea id with its images as tx sees it: the answer
// of a write, read before it commits, so that once it has committed
// nothing can fail (a caller that undoes what it stored for a failed
// write, such as the files of its photos, undoes it only when the write
// did fail).
func ideaWithImagesTx(tx *sql.Tx, id int64) (domain.Idea, error) {
	idea, err := ideaRow(tx, ideaByID, id)
	if err != nil {
		return idea, err
	}
	idea.Images, err = imagesTx(tx, id)
	return idea, err
}

// IdeaChange is a checker for UpdateIdea: it may modify the idea in place, or
// refuse with an error that undoes everything. releaseVotes asks for the
// idea's votes to be given back to their fans in the same transaction
// (domain.ReleasesVotes decides when).
type IdeaChange func(c domain.Challenge, idea *domain.Idea) (releaseVotes bool, err error)

// UpdateIdea changes an idea's text (and, with a reason, its state), recording
// any state change in the idea's history. Votes given back are told as
// tellReturned chooses.
func (s *Store) UpdateIdea(ctx context.Context, id, actorID int64, reason string, change IdeaChange, tellReturned ReturnTell) (domain.Idea, error) {
	now := s.Now()
	var changed domain.Idea
	err := s.write(ctx, func(tx *sql.Tx) error {
		idea, err := s.ideaToChange(tx, id)
		if err != nil {
			return err
		}
		c, err := s.challengeTx(tx, idea.ChallengeID)
		if err != nil {
			return err
		}
		if idea.Images, err = imagesTx(tx, id); err != nil {
			return err
		}
		before, photos := idea.State, idea.Images
		release, err := change(c, &idea)
		if err != nil {
			return err
		}
		_, err = tx.Exec(`UPDATE ideas SET title = ?, summary = ?, body = ?, tags = ?, state = ?, updated_at = ? WHERE id = ?`,
			idea.Title, idea.Summary, idea.Body, tagsJSON(idea.Tags), string(idea.State), ms(now), id)
		if err != nil {
			return fmt.Errorf("store: unable to update idea %d: %w", id, err)
		}
		if !slices.Equal(photos, idea.Images) {
			if err := setImages(tx, id, idea.Images); err != nil {
				return err
			}
		}
		if idea.State != before {
			if err := recordEvent(tx, id, actorID, before, idea.State, reason, now); err != nil {
				return err
			}
		}
		if release {
			if err := s.releaseVotes(tx, idea, now, tellReturned); err != nil {
				return err
			}
		}
		if err := queue(tx, "idea", id, now); err != nil {
			return err
		}
		changed, err = ideaWithImagesTx(tx, id)
		return err
	})
	return changed, err
}

// ReturnTell chooses the notices of votes given back: idea is the idea
// they were cast on, voters the fans whose votes they were.
type ReturnTell func(idea domain.Idea, voters []int64) []domain.Outgoing

// releaseVotes removes an idea's votes, so they no longer count against
// their fans' budgets, sets its tally to zero, and writes the notices
// tellReturned chooses.
func (s *Store) releaseVotes(tx *sql.Tx, idea domain.Idea, now time.Time, tellReturned ReturnTell) error {
	// Locked first (lockIdeas): a vote another node is casting lands
	// before the release, which removes it too, or after it.
	if err := s.lockIdeas(tx, []int64{idea.ID}); err != nil {
		return err
	}
	rows, err := tx.Query(`DELETE FROM votes WHERE idea_id = ? RETURNING user_id`, idea.ID)
	if err != nil {
		return fmt.Errorf("store: unable to release votes of idea %d: %w", idea.ID, err)
	}
	var voters []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("store: unable to read voters: %w", err)
		}
		voters = append(voters, id)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return fmt.Errorf("store: unable to read voters: %w", err)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("store: unable to release votes of idea %d: %w", idea.ID, err)
	}
	// Both counters go to zero: held votes (under review) are released too.
	if err := s.recountVotes(tx, []int64{idea.ID}); err != nil {
		return err
	}
	return tell(tx, now, tellReturned(idea, voters))
}

func recordEvent(tx *sql.Tx, ideaID, actorID int64, from, to domain.State, reason string, now time.Time) error {
	actor := sql.NullInt64{Int64: actorID, Valid: actorID != 0}
	if _, err := tx.Exec(`INSERT INTO idea_events (idea_id, actor_id, from_state, to_state, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		ideaID, actor, string(from), string(to), reason, ms(now)); err != nil {
		return fmt.Errorf("store: unable to record state change of idea %d: %w", ideaID, err)
	}
	return nil
}

// ideaByID reads one idea. Its argument is cast, not bare: SQLite (3.54)
// looks at a bare argument's value while planning this join, which marks
// the statement to be compiled again whenever its arguments are cleared,
// and go-sqlite3 clears them before every run: the idea's page compiled
// its read each time (BenchmarkIdea). The plan is the same.
const ideaByID = `SELECT ` + ideaColumns + ` FROM ideas i JOIN users u ON u.id = i.author_id WHERE i.id = CAST(? AS BIGINT)`

func ideaTx(tx *sql.Tx, id int64) (domain.Idea, error) {
	return ideaRow(tx, ideaByID, id)
}

// ideaToChange is ideaTx for a write that then changes the idea from what
// it read (its state, text or status): on PostgreSQL it locks the idea's
// row, so that another node's write to the idea waits for this one and
// then reads what this one wrote. Read unlocked, a moderator's hide and the
// author's edit on two nodes both read the idea shown, and the edit, which
// writes the state it read, showed the hidden idea again.
func (s *Store) ideaToChange(tx *sql.Tx, id int64) (domain.Idea, error) {
	if s.forUpdate == "" {
		return ideaRow(tx, ideaByID, id)
	}
	return ideaRow(tx, ideaByID+s.forUpdate+" OF i", id)
}

func ideaRow(tx *sql.Tx, query string, id int64) (domain.Idea, error) {
	idea, err := scanIdea(tx.QueryRow(query, id))
	if errors.Is(err, sql.ErrNoRows) {
		return idea, domain.NotFound("idea")
	}
	if err != nil {
		return idea, fmt.Errorf("store: unable to load idea %d: %w", id, err)
	}
	return idea, nil
}

// Idea loads one idea with its images.
func (s *Store) Idea(ctx context.Context, id int64) (domain.Idea, error) {
	idea, err := scanIdea(s.r.QueryRowContext(ctx, ideaByID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return idea, domain.NotFound("idea")
	}
	if err != nil {
		return idea, fmt.Errorf("store: unable to load idea %d: %w", id, err)
	}
	images, err := s.images(ctx, []int64{id})
	if err != nil {
		return idea, err
	}
	idea.Images = images[id]
	return idea, nil
}

// setImages makes imgs the photos of idea id, in their order.
func setImages(tx *sql.Tx, id int64, imgs []domain.Image) error {
	if _, err := tx.Exec(`DELETE FROM idea_images WHERE idea_id = ?`, id); err != nil {
		return fmt.Errorf("store: unable to detach images of idea %d: %w", id, err)
	}
	for i, img := range imgs {
		if _, err := tx.Exec(`INSERT INTO idea_images (idea_id, file, width, height, position) VALUES (?, ?, ?, ?, ?)`,
			id, img.File, img.Width, img.Height, i); err != nil {
			return fmt.Errorf("store: unable to attach image: %w", err)
		}
	}
	return nil
}

// imagesTx are idea id's photos, in order, read in tx.
func imagesTx(tx *sql.Tx, id int64) ([]domain.Image, error) {
	rows, err := tx.Query(`SELECT file, width, height FROM idea_images WHERE idea_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("store: unable to load images of idea %d: %w", id, err)
	}
	defer rows.Close()
	var out []domain.Image
	for rows.Next() {
		var img domain.Image
		if err := rows.Scan(&img.File, &img.Width, &img.Height); err != nil {
			return nil, fmt.Errorf("store: unable to read image: %w", err)
		}
		out = append(out, img)
	}
	return out, rows.Err()
}

func (s *Store) images(ctx context.Context, ids []int64) (map[int64][]domain.Image, error) {
	out := map[int64][]domain.Image{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := s.inIDs("idea_id", ids)
	rows, err := s.r.QueryContext(ctx, `SELECT idea_id, file, width, height FROM idea_images
		WHERE `+in+` ORDER BY idea_id, position`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to load images: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var img domain.Image
		if err := rows.Scan(&id, &img.File, &img.Width, &img.Height); err != nil {
			return nil, fmt.Errorf("store: unable to read image: %w", err)
		}
		out[id] = append(out[id], img)
	}
	return out, rows.Err()
}

// Ideas lists a challenge's listed ideas in the given order, one page after
// cursor (nil for the first page). It reads limit+1 rows from the list's
// partial index to know whether there is a next page; nothing is aggregated.
func (s *Store) Ideas(ctx context.Context, challengeID int64, sort domain.Sort, after *domain.Cursor, limit int) ([]domain.Idea, *domain.Cursor, error) {
	q, args := listQuery(challengeID, sort, after, limit)
	return s.ideasPage(ctx, challengeID, q, args, sort, limit)
}

// BoardIdeas is Ideas over the posts of one status only ("" for all).
func (s *Store) BoardIdeas(ctx context.Context, challengeID int64, status domain.Status, sort domain.Sort, after *domain.Cursor, limit int) ([]domain.Idea, *domain.Cursor, error) {
	q, args := listQuery(challengeID, sort, after, limit, status)
	return s.ideasPage(ctx, challengeID, q, args, sort, limit)
}

func (s *Store) ideasPage(ctx context.Context, challengeID int64, q string, args []any, sort domain.Sort, limit int) ([]domain.Idea, *domain.Cursor, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to list ideas of challenge %d: %w", challengeID, err)
	}
	defer rows.Close()
	var ideas []domain.Idea
	var hots []float64
	for rows.Next() {
		var hot float64
		idea, err := scanIdea(withExtra(rows, &hot))
		if err != nil {
			return nil, nil, fmt.Errorf("store: unable to read idea: %w", err)
		}
		ideas = append(ideas, idea)
		hots = append(hots, hot)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: unable to list ideas: %w", err)
	}
	var next *domain.Cursor
	if len(ideas) > limit {
		ideas = ideas[:limit]
		c := domain.CursorFor(sort, ideas[limit-1])
		if sort == domain.SortHot {
			c.Key = hots[limit-1] // the stored score, exactly as the index orders it
		}
		next = &c
	}
	return s.withImages(ctx, ideas, next)
}

// IdeaRanks is Ideas without the ideas' text: the page's order and each
// idea's live counters, read from the row alone (no join, no images), for
// callers that keep the text cached per ContentVersion.
//
// On SQLite the order is kept in memory (rankIndex), so a page costs no
// SQL even during a storm of votes. On PostgreSQL, and for a challenge too
// big for the index, readers of the same page between two commits share
// one read (newRankCache); the slices returned are shared and must not be
// changed.
func (s *Store) IdeaRanks(ctx context.Context, challengeID int64, sort domain.Sort, after *domain.Cursor, limit int) ([]domain.IdeaRank, *domain.Cursor, error) {
	version, key := s.Version(), keyOf(challengeID, sort, after, limit) // the version before the read
	if s.ranks != nil {
		if ranks, next, ok, err := s.ranks.page(ctx, s, version, challengeID, sort, after, limit); ok || err != nil {
			return ranks, next, err
		}
	}
	if p, ok := s.rankReads.get(version, key); ok {
		return p.ranks, p.next, nil
	}
	ranks, next, err := s.readRanks(ctx, challengeID, sort, after, limit)
	if err == nil {
		s.rankReads.put(version, key, rankPage{ranks, next})
	}
	return ranks, next, err
}

func (s *Store) readRanks(ctx context.Context, challengeID int64, sort domain.Sort, after *domain.Cursor, limit int) ([]domain.IdeaRank, *domain.Cursor, error) {
	q, args := listQueryOf(`i.id, i.votes, i.votes_under_review, i.comments, i.hot, i.rank_score FROM ideas i`, challengeID, sort, after, limit)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to list ideas of challenge %d: %w", challengeID, err)
	}
	defer rows.Close()
	ranks := make([]domain.IdeaRank, 0, limit)
	var next *domain.Cursor
	var lastHot, lastRank float64 // the stored hot and rank scores of the page's last row so far
	for rows.Next() {
		var r domain.IdeaRank
		var hot, rank float64
		if err := rows.Scan(&r.ID, &r.Votes, &r.VotesUnderReview, &r.Comments, &hot, &rank); err != nil {
			return nil, nil, fmt.Errorf("store: unable to read idea: %w", err)
		}
		if len(ranks) == limit { // the row past the page: there is a next one
			last := ranks[limit-1]
			c := domain.CursorFor(sort, domain.Idea{ID: last.ID, Votes: last.Votes, RankScore: lastRank})
			if sort == domain.SortHot {
				c.Key = lastHot // the stored score, exactly as the index orders it
			}
			next = &c
			break
		}
		ranks = append(ranks, r)
		lastHot, lastRank = hot, rank
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: unable to list ideas: %w", err)
	}
	return ranks, next, nil
}

// IdeasByID loads the ideas with the given ids (those that exist), with
// their images, in no order.
func (s *Store) IdeasByID(ctx context.Context, ids []int64) ([]domain.Idea, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := s.inIDs("i.id", ids)
	ideas, err := list(ctx, s.r, "ideas", func(rows *sql.Rows) (domain.Idea, error) { return scanIdea(rows) },
		`SELECT `+ideaColumns+` FROM ideas i JOIN users u ON u.id = i.author_id WHERE `+in, args...)
	if err != nil {
		return nil, err
	}
	ideas, _, err = s.withImages(ctx, ideas, nil)
	return ideas, err
}

// listQuery is the keyset query behind Ideas: it starts strictly after the
// cursor in the list's order and reads one row more than a page. A board's
// list may keep one status only.
func listQuery(challengeID int64, sort domain.Sort, after *domain.Cursor, limit int, status ...domain.Status) (string, []any) {
	return listQueryOf(ideaColumns+`, i.hot FROM ideas i JOIN users u ON u.id = i.author_id`, challengeID, sort, after, limit, status...)
}

// listQueryOf is listQuery selecting what (columns and FROM). The cursor
// is a row comparison, (key, id) < (?, ?): both engines walk it as a range
// of the list's index, where PostgreSQL reads the equivalent OR as a filter
// and walks a deep page's index from the top.
func listQueryOf(what string, challengeID int64, sort domain.Sort, after *domain.Cursor, limit int, status ...domain.Status) (string, []any) {
	var where, order string
	args := []any{challengeID}
	if len(status) > 0 && status[0] != "" {
		where = ` AND i.status = ?`
		args = append(args, string(status[0]))
	}
	switch sort {
	case domain.SortTop:
		order = `i.votes DESC, i.id DESC`
		if after != nil {
			where += ` AND (i.votes, i.id) < (?, ?)`
			args = append(args, int64(after.Key), after.ID)
		}
	case domain.SortScore:
		order = `i.rank_score DESC, i.id DESC`
		if after != nil {
			where += ` AND (i.rank_score, i.id) < (?, ?)`
			args = append(args, after.Key, after.ID)
		}
	case domain.SortHot:
		order = `i.hot DESC, i.id DESC`
		if after != nil {
			where += ` AND (i.hot, i.id) < (?, ?)`
			args = append(args, after.Key, after.ID)
		}
	default:
		order = `i.id DESC`
		if after != nil {
			where += ` AND i.id < ?`
			args = append(args, after.ID)
		}
	}
	args = append(args, limit+1)
	return `SELECT ` + what + `
		WHERE i.challenge_id = ? AND i.` + listed + where + ` ORDER BY ` + order + ` LIMIT ?`, args
}

func (s *Store) withImages(ctx context.Context, ideas []domain.Idea, next *domain.Cursor) ([]domain.Idea, *domain.Cursor, error) {
	ids := make([]int64, len(ideas))
	for i, idea := range ideas {
		ids[i] = idea.ID
	}
	images, err := s.images(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	for i := range ideas {
		ideas[i].Images = images[ideas[i].ID]
	}
	return ideas, next, nil
}

// scanner is a row (*sql.Row or *sql.Rows).
type scanner interface{ Scan(dest ...any) error }

// scanPlus scans a row's usual columns (an idea's, a user's) and the extra
// columns a query adds after them.
type scanPlus struct {
	row   scanner
	extra []any
}

func (p scanPlus) Scan(dest ...any) error { return p.row.Scan(append(dest, p.extra...)...) }

func withExtra(row scanner, extra ...any) scanPlus { return scanPlus{row, extra} }

// IdeaHistory lists an idea's state changes, oldest first.
func (s *Store) IdeaHistory(ctx context.Context, ideaID int64) ([]domain.IdeaEvent, error) {
	return list(ctx, s.r, "the history of an idea", func(rows *sql.Rows) (domain.IdeaEvent, error) {
		var e domain.IdeaEvent
		var created int64
		err := rows.Scan(&e.From, &e.To, &e.Actor.ID, &e.Actor.Name, &e.Reason, &created)
		e.CreatedAt = fromMS(created)
		return e, err
	}, `SELECT e.from_state, e.to_state, COALESCE(e.actor_id, 0), COALESCE(u.name, ''), e.reason, e.created_at
		FROM idea_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.idea_id = ? ORDER BY e.id`, ideaID)
}

// IdeasBy lists a person's ideas, newest first, for their profile.
func (s *Store) IdeasBy(ctx context.Context, authorID int64, limit int) ([]domain.Idea, error) {
	return list(ctx, s.r, "a person's ideas", func(rows *sql.Rows) (domain.Idea, error) { return scanIdea(rows) },
		`SELECT `+ideaColumns+` FROM ideas i JOIN users u ON u.id = i.author_id WHERE i.author_id = ? ORDER BY i.id DESC LIMIT ?`, authorID, limit)
}

// IdeasIn counts a person's listed ideas in one challenge (what a
// challenge's per-fan limit counts).
func (s *Store) IdeasIn(ctx context.Context, authorID, challengeID int64) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM ideas WHERE author_id = ? AND challenge_id = ? AND `+listed,
		authorID, challengeID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count ideas: %w", err)
	}
	return n, nil
}
