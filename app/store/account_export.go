package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// AccountData is what an account holds of its own, for its person to take
// away (GET /api/v1/me/export, session 50): the profile, and the ideas,
// comments, votes, ratings, pair answers, buying intents, follows and club
// memberships it made, oldest first.
type AccountData struct {
	City        string         `json:"-"` // the profile's, told with the account
	Bio         string         `json:"-"`
	Ideas       []ExportIdea   `json:"ideas"`
	Comments    []ExportAct    `json:"comments"`
	Votes       []ExportAct    `json:"votes"`
	Ratings     []ExportAct    `json:"ratings"`
	PairAnswers []ExportPair   `json:"pair_answers"`
	Intents     []ExportIntent `json:"buying_intents"`
	Follows     []ExportAct    `json:"follows"`
	Clubs       []ExportClub   `json:"clubs"`
}

// ExportIdea is one idea the account submitted, as written.
type ExportIdea struct {
	ID          int64           `json:"id"`
	ChallengeID int64           `json:"challenge_id"`
	Title       string          `json:"title"`
	Summary     string          `json:"summary"`
	Body        string          `json:"body"`
	Tags        json.RawMessage `json:"tags"`
	State       string          `json:"state"`
	CreatedAt   time.Time       `json:"created_at"`
}

// ExportAct is one comment, vote, rating or follow: the idea it is on, and
// what it says (a comment's words, a rating's stars).
type ExportAct struct {
	ID          int64     `json:"id,omitempty"` // a comment's
	IdeaID      int64     `json:"idea_id"`
	ChallengeID int64     `json:"challenge_id,omitempty"`
	Body        string    `json:"body,omitempty"`
	Stars       int       `json:"stars,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// ExportPair is one pair answered: the two ideas and the one chosen (0:
// skipped).
type ExportPair struct {
	ChallengeID int64     `json:"challenge_id"`
	IdeaIDs     [2]int64  `json:"idea_ids"`
	ChosenID    int64     `json:"chosen_id"`
	CreatedAt   time.Time `json:"created_at"`
}

// ExportIntent is one "I'd buy it".
type ExportIntent struct {
	IdeaID      int64           `json:"idea_id"`
	ChallengeID int64           `json:"challenge_id"`
	Quantity    int             `json:"quantity"`
	Options     json.RawMessage `json:"options"`
	MaxPrice    int             `json:"max_price"`
	CreatedAt   time.Time       `json:"created_at"`
}

// ExportClub is one club the account is a member of.
type ExportClub struct {
	ClubID    int64     `json:"club_id"`
	Organiser bool      `json:"organiser"`
	JoinedAt  time.Time `json:"joined_at"`
}

// AccountData reads what userID holds of its own, in one snapshot.
func (s *Store) AccountData(ctx context.Context, userID int64) (AccountData, error) {
	var d AccountData
	opts := &sql.TxOptions{ReadOnly: true}
	if s.postgres {
		// One snapshot for every statement: PostgreSQL's default gives
		// each its own. (A SQLite read transaction is one snapshot.)
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.r.BeginTx(ctx, opts)
	if err != nil {
		return d, fmt.Errorf("store: unable to begin the export of account %d: %w", userID, err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT city, bio FROM users WHERE id = ?`, userID).Scan(&d.City, &d.Bio); err != nil {
		return d, fmt.Errorf("store: unable to export account %d: %w", userID, err)
	}
	if d.Ideas, err = list(ctx, tx, "exported ideas", func(rows *sql.Rows) (ExportIdea, error) {
		var i ExportIdea
		var tags string
		var at int64
		err := rows.Scan(&i.ID, &i.ChallengeID, &i.Title, &i.Summary, &i.Body, &tags, &i.State, &at)
		i.Tags, i.CreatedAt = json.RawMessage(tags), fromMS(at)
		return i, err
	}, `SELECT id, challenge_id, title, summary, body, tags, state, created_at FROM ideas WHERE author_id = ? ORDER BY id`, userID); err != nil {
		return d, err
	}
	act := func(what string, q string, scan func(rows *sql.Rows, a *ExportAct, at *int64) error) ([]ExportAct, error) {
		return list(ctx, tx, what, func(rows *sql.Rows) (ExportAct, error) {
			var a ExportAct
			var at int64
			err := scan(rows, &a, &at)
			a.CreatedAt = fromMS(at)
			return a, err
		}, q, userID)
	}
	if d.Comments, err = act("exported comments", `SELECT id, idea_id, body, created_at FROM comments WHERE author_id = ? ORDER BY id`,
		func(rows *sql.Rows, a *ExportAct, at *int64) error { return rows.Scan(&a.ID, &a.IdeaID, &a.Body, at) }); err != nil {
		return d, err
	}
	if d.Votes, err = act("exported votes", `SELECT idea_id, challenge_id, created_at FROM votes WHERE user_id = ? ORDER BY created_at, idea_id`,
		func(rows *sql.Rows, a *ExportAct, at *int64) error { return rows.Scan(&a.IdeaID, &a.ChallengeID, at) }); err != nil {
		return d, err
	}
	if d.Ratings, err = act("exported ratings", `SELECT idea_id, challenge_id, stars, updated_at FROM ratings WHERE user_id = ? ORDER BY updated_at, idea_id`,
		func(rows *sql.Rows, a *ExportAct, at *int64) error {
			return rows.Scan(&a.IdeaID, &a.ChallengeID, &a.Stars, at)
		}); err != nil {
		return d, err
	}
	if d.Follows, err = act("exported follows", `SELECT idea_id, created_at FROM follows WHERE user_id = ? ORDER BY created_at, idea_id`,
		func(rows *sql.Rows, a *ExportAct, at *int64) error { return rows.Scan(&a.IdeaID, at) }); err != nil {
		return d, err
	}
	if d.PairAnswers, err = list(ctx, tx, "exported pair answers", func(rows *sql.Rows) (ExportPair, error) {
		var p ExportPair
		var chosen sql.NullInt64
		var at int64
		err := rows.Scan(&p.ChallengeID, &p.IdeaIDs[0], &p.IdeaIDs[1], &chosen, &at)
		p.ChosenID, p.CreatedAt = chosen.Int64, fromMS(at)
		return p, err
	}, `SELECT challenge_id, low_id, high_id, winner_id, created_at FROM comparisons WHERE user_id = ? ORDER BY id`, userID); err != nil {
		return d, err
	}
	if d.Intents, err = list(ctx, tx, "exported intents", func(rows *sql.Rows) (ExportIntent, error) {
		var i ExportIntent
		var options string
		var at int64
		err := rows.Scan(&i.IdeaID, &i.ChallengeID, &i.Quantity, &options, &i.MaxPrice, &at)
		i.Options, i.CreatedAt = json.RawMessage(options), fromMS(at)
		return i, err
	}, `SELECT idea_id, challenge_id, quantity, options, max_price, updated_at FROM intents WHERE user_id = ? ORDER BY updated_at, idea_id`, userID); err != nil {
		return d, err
	}
	if d.Clubs, err = list(ctx, tx, "exported clubs", func(rows *sql.Rows) (ExportClub, error) {
		var c ExportClub
		var at int64
		err := rows.Scan(&c.ClubID, &c.Organiser, &at)
		c.JoinedAt = fromMS(at)
		return c, err
	}, `SELECT club_id, organiser, joined_at FROM club_members WHERE user_id = ? ORDER BY club_id`, userID); err != nil {
		return d, err
	}
	return d, nil
}
