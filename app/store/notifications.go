package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"cocreate/app/domain"
)

// notify tells a person something, inside the caller's transaction, so the
// notice exists exactly when the change it reports does.
func notify(tx *sql.Tx, userID int64, kind domain.NoticeKind, url string, now time.Time, args ...string) error {
	return notifyAbout(tx, nil, userID, kind, url, now, args...)
}

// projectIdeas are the ideas of the projects a batch of notices names, read
// once each (a stage notice goes to every follower with the same link).
type projectIdeas map[int64]int64

// projectLookups counts notifyAbout's reads of a project's idea, for
// tests (the writer's statements are prepared once, so SQLite's authorizer
// cannot count them).
var projectLookups atomic.Int64

// notifyAbout is notify with the projects already looked up (nil: none).
func notifyAbout(tx *sql.Tx, projects projectIdeas, userID int64, kind domain.NoticeKind, url string, now time.Time, args ...string) error {
	if args == nil {
		args = []string{}
	}
	raw, _ := json.Marshal(args)
	about := domain.NoticeAboutOf(url)
	if about.Project != 0 {
		idea, ok := projects[about.Project]
		if !ok {
			projectLookups.Add(1)
			if err := tx.QueryRow(`SELECT idea_id FROM projects WHERE id = ?`, about.Project).Scan(&idea); err != nil {
				return fmt.Errorf("store: unable to read project %d of a notice: %w", about.Project, err)
			}
			if projects != nil {
				projects[about.Project] = idea
			}
		}
		about.Idea = idea
	}
	var id int64
	err := tx.QueryRow(`INSERT INTO notifications (user_id, kind, args, url, created_at, idea_id, comment_id, challenge_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		userID, string(kind), string(raw), url, ms(now), nullable(about.Idea), nullable(about.Comment), nullable(about.Challenge)).Scan(&id)
	if err != nil {
		return fmt.Errorf("store: unable to notify user %d: %w", userID, err)
	}
	// The email goes out from a job written in the same transaction, so a
	// crash can delay it but never lose it.
	return EnqueueMail(tx, id, now)
}

// tell writes the notices the service chose, with their emails, reading
// each project they name once for the batch.
func tell(tx *sql.Tx, now time.Time, out []domain.Outgoing) error {
	projects := projectIdeas{}
	for _, o := range out {
		if err := notifyAbout(tx, projects, o.To, o.Kind, o.URL, now, o.Args...); err != nil {
			return err
		}
	}
	return nil
}

// NoticeRow is a notice with what it is about, for the reader's rule
// (domain.MaySeeNotice).
type NoticeRow struct {
	domain.Notice
	Item domain.NoticeItem
}

// noticeItemCols are the facts of a notice's item (scanNoticeItem reads
// them), from the tables noticeItemJoins adds to notifications n.
const noticeItemCols = `n.idea_id, n.comment_id, n.challenge_id, i.state, i.author_id,
	c.id, c.submissions_open_at, c.submissions_close_at, c.voting_open_at, c.voting_close_at, c.results_at, c.closed_at,
	cm.hidden, cm.author_id`

const noticeItemJoins = ` LEFT JOIN ideas i ON i.id = n.idea_id
	LEFT JOIN challenges c ON c.id = COALESCE(i.challenge_id, n.challenge_id)
	LEFT JOIN comments cm ON cm.id = n.comment_id`

// noticeItemScan holds a row's noticeItemCols.
type noticeItemScan struct {
	idea, comment, challenge                          sql.NullInt64
	state                                             sql.NullString
	author                                            sql.NullInt64
	cid                                               sql.NullInt64
	subOpen, subClose, vOpen, vClose, results, closed sql.NullInt64
	hidden, commenter                                 sql.NullInt64
}

func (x *noticeItemScan) dest() []any {
	return []any{&x.idea, &x.comment, &x.challenge, &x.state, &x.author,
		&x.cid, &x.subOpen, &x.subClose, &x.vOpen, &x.vClose, &x.results, &x.closed, &x.hidden, &x.commenter}
}

// item is what the notice is about: an item named but no longer there
// (its idea, comment or challenge) is gone.
func (x *noticeItemScan) item() domain.NoticeItem {
	it := domain.NoticeItem{About: x.idea.Valid || x.challenge.Valid}
	if !it.About {
		return it
	}
	if !x.cid.Valid || (x.idea.Valid && !x.state.Valid) || (x.comment.Valid && !x.hidden.Valid) {
		it.Gone = true
		return it
	}
	it.Schedule = domain.Schedule{
		SubmissionsOpenAt: timePtr(x.subOpen), SubmissionsCloseAt: timePtr(x.subClose),
		VotingOpenAt: timePtr(x.vOpen), VotingCloseAt: timePtr(x.vClose),
		ResultsAt: timePtr(x.results), ClosedAt: timePtr(x.closed)}
	if x.idea.Valid {
		it.Idea = &domain.Idea{ID: x.idea.Int64, ChallengeID: x.cid.Int64, State: domain.State(x.state.String),
			Author: domain.Author{ID: x.author.Int64}}
	}
	if x.comment.Valid {
		it.Comment = &domain.Comment{ID: x.comment.Int64, IdeaID: x.idea.Int64, Hidden: x.hidden.Int64 != 0,
			Author: domain.Author{ID: x.commenter.Int64}}
	}
	return it
}

// Notifications lists a person's notices with what each is about, newest
// first, those older than the notice before when it is not 0. Confirmation
// emails ride the notification queue (QueueVerification) but are no news:
// not listed.
func (s *Store) Notifications(ctx context.Context, userID, before int64, limit int) ([]NoticeRow, error) {
	if before <= 0 {
		before = math.MaxInt64
	}
	return list(ctx, s.r, "notifications", func(rows *sql.Rows) (NoticeRow, error) {
		var n NoticeRow
		var args string
		var created int64
		var x noticeItemScan
		if err := rows.Scan(append([]any{&n.ID, &n.Kind, &args, &n.URL, &n.Read, &created}, x.dest()...)...); err != nil {
			return n, err
		}
		if err := json.Unmarshal([]byte(args), &n.Args); err != nil {
			return n, fmt.Errorf("notice %d is unreadable: %w", n.ID, err)
		}
		n.CreatedAt = fromMS(created)
		n.Item = x.item()
		return n, nil
	}, `SELECT n.id, n.kind, n.args, n.url, n.read_at IS NOT NULL, n.created_at, `+noticeItemCols+`
		FROM notifications n`+noticeItemJoins+`
		WHERE n.user_id = ? AND n.id < ? AND n.kind <> 'verify_email' ORDER BY n.id DESC LIMIT ?`, userID, before, limit)
}

// UnreadItems reads what each of a person's newest limit unread notices
// is about, in one query, for the header badge (the service counts those
// the reader may see, and keeps the count while nothing but tallies is
// written).
func (s *Store) UnreadItems(ctx context.Context, userID int64, limit int) ([]domain.NoticeItem, error) {
	return list(ctx, s.r, "unread notices", func(rows *sql.Rows) (domain.NoticeItem, error) {
		var x noticeItemScan
		err := rows.Scan(x.dest()...)
		return x.item(), err
	}, `SELECT `+noticeItemCols+`
		FROM notifications n`+noticeItemJoins+`
		WHERE n.user_id = ? AND n.read_at IS NULL AND n.kind <> 'verify_email' ORDER BY n.id DESC LIMIT ?`, userID, limit)
}

// MarkRead marks all of a person's notices read.
func (s *Store) MarkRead(ctx context.Context, userID int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, ms(s.Now()), userID)
		return err
	})
}
