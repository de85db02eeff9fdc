package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"cocreate/app/domain"
)

// notify tells a person something, inside the caller's transaction, so the
// notice exists exactly when the change it reports does.
func notify(tx *sql.Tx, userID int64, kind domain.NoticeKind, url string, now time.Time, args ...string) error {
	return tell(tx, now, []domain.Outgoing{{To: userID, Kind: kind, URL: url, Args: args}})
}

// projectIdeas are the ideas of the projects a batch of notices names, read
// once each (a stage notice goes to every follower with the same link).
type projectIdeas map[int64]int64

// projectLookups counts tell's reads of a project's idea, for tests (the
// writer's statements are prepared once, so SQLite's authorizer cannot
// count them).
var projectLookups atomic.Int64

// noticeStatements counts tell's statements (notices and their mail jobs),
// for tests, as projectLookups does its reads.
var noticeStatements atomic.Int64

// noticeRows is the most notices one statement writes: 8 arguments a row,
// 4,096 in all, well under the bound parameters a statement may take
// (SQLite as go-sqlite3 builds it: 32,766; PostgreSQL: 65,535), and the
// mail jobs' statement takes 2 more than its rows. A batch goes in
// statements of noticeRows, the rest in powers of two, so that whatever
// the audience the writer prepares a few texts (noticeChunk) and keeps
// them (SQLite's statement cache holds 128).
const noticeRows = 512

// noticeChunk is how many of n notices still to write the next statement
// writes: noticeRows, or else the largest power of two up to n.
func noticeChunk(n int) int {
	if n >= noticeRows {
		return noticeRows
	}
	c := 1
	for c*2 <= n {
		c *= 2
	}
	return c
}

// tell writes the notices the service chose, with their emails, in the
// caller's transaction, so they exist exactly when the change they report
// does: each Outgoing is one notice, in order, and its email job unless
// its person turned notification emails off (EnqueueMail's rule). A
// project's news goes to every backer of its idea, tens of thousands of
// people, while every other write waits for this transaction: so the
// notices are written noticeRows to a statement (a multi-row INSERT, the
// same text on both engines), their mail jobs with one INSERT … SELECT
// each, and each project a notice names is read once for the batch.
func tell(tx *sql.Tx, now time.Time, out []domain.Outgoing) error {
	projects := projectIdeas{}
	for len(out) > 0 {
		n := noticeChunk(len(out))
		if err := tellChunk(tx, projects, now, out[:n]); err != nil {
			return err
		}
		out = out[n:]
	}
	return nil
}

// tellChunk writes up to noticeRows notices in one statement, then the mail
// jobs they are owed in another.
func tellChunk(tx *sql.Tx, projects projectIdeas, now time.Time, out []domain.Outgoing) error {
	args := make([]any, 0, 8*len(out))
	var last []string
	lastRaw := "[]"
	for i, o := range out {
		// The notices of one piece of news share their arguments: encoded
		// once.
		if i == 0 || !slices.Equal(o.Args, last) {
			lastRaw = "[]"
			if len(o.Args) > 0 {
				raw, _ := json.Marshal(o.Args)
				lastRaw = string(raw)
			}
			last = o.Args
		}
		about := domain.NoticeAboutOf(o.URL)
		if about.Project != 0 {
			idea, ok := projects[about.Project]
			if !ok {
				projectLookups.Add(1)
				if err := tx.QueryRow(`SELECT idea_id FROM projects WHERE id = ?`, about.Project).Scan(&idea); err != nil {
					return fmt.Errorf("store: unable to read project %d of a notice: %w", about.Project, err)
				}
				projects[about.Project] = idea
			}
			about.Idea = idea
		}
		args = append(args, o.To, string(o.Kind), lastRaw, o.URL, ms(now),
			nullable(about.Idea), nullable(about.Comment), nullable(about.Challenge))
	}
	rows, err := tx.Query(`INSERT INTO notifications (user_id, kind, args, url, created_at, idea_id, comment_id, challenge_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`+strings.Repeat(`, (?, ?, ?, ?, ?, ?, ?, ?)`, len(out)-1)+` RETURNING id`, args...)
	if err != nil {
		return fmt.Errorf("store: unable to notify user %d and %d more: %w", out[0].To, len(out)-1, err)
	}
	defer rows.Close()
	ids := make([]any, 2, 2+len(out))
	ids[0], ids[1] = ms(now), ms(now)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("store: unable to read a new notice's id: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to notify user %d and %d more: %w", out[0].To, len(out)-1, err)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("store: unable to notify user %d and %d more: %w", out[0].To, len(out)-1, err)
	}
	if len(ids)-2 != len(out) {
		return fmt.Errorf("store: %d notices written for %d", len(ids)-2, len(out))
	}
	// The emails go out from jobs written in the same transaction, so a
	// crash can delay them but never lose them; the rule is EnqueueMail's.
	if _, err := tx.Exec(`INSERT INTO mail_jobs (notification_id, next_at, created_at)
		SELECT n.id, ?, ? FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE n.id IN (?`+strings.Repeat(`, ?`, len(out)-1)+`) AND (u.email_notices = 1 OR n.kind = 'password_reset')
		ORDER BY n.id
		ON CONFLICT (notification_id) DO NOTHING`, ids...); err != nil {
		return fmt.Errorf("store: unable to queue mail for %d notices: %w", len(out), err)
	}
	noticeStatements.Add(2)
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
