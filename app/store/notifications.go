package store

import (
	"cmp"
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

// noticeStatements counts tell's statements (notices, their mail jobs),
// for tests, as projectLookups does its reads.
var noticeStatements atomic.Int64

// noticeRows is the most notices one statement writes: 8 arguments a row,
// 4,096 in all, well under the bound parameters a statement may take
// (SQLite as go-sqlite3 builds it: 32,766; PostgreSQL: 65,535); as many
// mail jobs, 3 arguments each, to theirs. A batch goes in statements of
// noticeRows, the rest in powers of two, so that whatever the audience
// the writer prepares a few texts (noticeChunk: 10 of each) and keeps
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
// does: each Outgoing is one notice, in order, and its email job if its
// person takes emails of its kind (domain.MailsFor, as EnqueueMail). A
// project's news goes to every backer of its idea, tens of thousands of
// people, while every other write waits for this transaction: so the
// notices are written noticeRows to a statement (a multi-row INSERT, the
// same text on both engines) that returns which of them are owed an email,
// then those emails' jobs as many to a statement, and each project a
// notice names is read once for the batch. Nothing written is read back:
// a query over the notices just written would be planned from statistics
// that do not count them yet (PostgreSQL scanned the whole table for
// each statement).
func tell(tx *sql.Tx, now time.Time, out []domain.Outgoing) error {
	// Notices standing for a thread first make way (foldThreads).
	fold, err := foldThreads(tx, now, out)
	if err != nil {
		return err
	}
	projects := projectIdeas{}
	var mailed []mailDue
	written := map[noticeKey]int64{}
	for rest := out; len(rest) > 0; {
		n := noticeChunk(len(rest))
		var err error
		if mailed, err = writeNotices(tx, projects, now, rest[:n], fold, written, mailed); err != nil {
			return err
		}
		rest = rest[n:]
	}
	if err := fold.finish(tx, now, written); err != nil {
		return err
	}
	// The jobs in the notices' order, as one at a time made them.
	slices.SortFunc(mailed, func(a, b mailDue) int { return cmp.Compare(a.id, b.id) })
	for rest := mailed; len(rest) > 0; {
		n := noticeChunk(len(rest))
		args := make([]any, 0, 3*n)
		for _, m := range rest[:n] {
			args = append(args, m.id, m.at, ms(now))
		}
		if _, err := tx.Exec(`INSERT INTO mail_jobs (notification_id, next_at, created_at)
			VALUES (?, ?, ?)`+strings.Repeat(`, (?, ?, ?)`, n-1), args...); err != nil {
			return fmt.Errorf("store: unable to queue mail for notification %d and %d more: %w", rest[0].id, n-1, err)
		}
		noticeStatements.Add(1)
		rest = rest[n:]
	}
	return nil
}

// mailDue is a notice owed an email, and when (milliseconds).
type mailDue struct{ id, at int64 }

// writeNotices writes up to noticeRows notices in one statement, and adds
// to mailed the ids of those owed an email, as domain.MailsFor decides
// from each row's kind and its person's choices (users.email_notices and
// email_muted). The person's choices are scalar subqueries, looked up by
// primary key for each row: PostgreSQL plans an EXISTS there as a hash of
// every user's, for every statement.
func writeNotices(tx *sql.Tx, projects projectIdeas, now time.Time, out []domain.Outgoing, fold *threadFold, carried map[noticeKey]int64, mailed []mailDue) ([]mailDue, error) {
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
					return mailed, fmt.Errorf("store: unable to read project %d of a notice: %w", about.Project, err)
				}
				projects[about.Project] = idea
			}
			about.Idea = idea
		}
		args = append(args, o.To, string(o.Kind), lastRaw, o.URL, ms(now),
			nullable(about.Idea), nullable(about.Comment), nullable(about.Challenge))
	}
	fail := func(err error) ([]mailDue, error) {
		return mailed, fmt.Errorf("store: unable to notify user %d and %d more: %w", out[0].To, len(out)-1, err)
	}
	rows, err := tx.Query(`INSERT INTO notifications (user_id, kind, args, url, created_at, idea_id, comment_id, challenge_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`+strings.Repeat(`, (?, ?, ?, ?, ?, ?, ?, ?)`, len(out)-1)+`
		RETURNING id, user_id, url, kind, (SELECT u.email_notices FROM users u WHERE u.id = notifications.user_id),
			(SELECT u.email_muted FROM users u WHERE u.id = notifications.user_id)`, args...)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	written := 0
	for rows.Next() {
		var id, to int64
		var url string
		var kind domain.NoticeKind
		var on bool
		var muted string
		if err := rows.Scan(&id, &to, &url, &kind, &on, &muted); err != nil {
			return fail(err)
		}
		key, p := noticeKey{to, kind, url}, mailPolicy{at: ms(now)}
		if q, ok := fold.policies[key]; ok {
			p = q
		}
		if _, ok := fold.carry[key]; ok {
			carried[key] = id
		}
		if !p.skip && domain.MailsFor(kind, on, mutedFrom(muted)) {
			mailed = append(mailed, mailDue{id, p.at})
		}
		written++
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	if err := rows.Close(); err != nil {
		return fail(err)
	}
	noticeStatements.Add(1)
	if written != len(out) {
		return mailed, fmt.Errorf("store: %d notices written for %d", written, len(out))
	}
	return mailed, nil
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
	CASE WHEN cm.deleted_at IS NULL THEN cm.hidden END, cm.author_id, cu.name, cu.verified`

// noticeItemJoins: the comment's author (cu) is read as they are now, so
// a notice names them by their name today, and by none once their
// account is deleted (its name erased).
const noticeItemJoins = ` LEFT JOIN ideas i ON i.id = n.idea_id
	LEFT JOIN challenges c ON c.id = COALESCE(i.challenge_id, n.challenge_id)
	LEFT JOIN comments cm ON cm.id = n.comment_id
	LEFT JOIN users cu ON cu.id = cm.author_id`

// noticeItemScan holds a row's noticeItemCols.
type noticeItemScan struct {
	idea, comment, challenge                          sql.NullInt64
	state                                             sql.NullString
	author                                            sql.NullInt64
	cid                                               sql.NullInt64
	subOpen, subClose, vOpen, vClose, results, closed sql.NullInt64
	hidden, commenter                                 sql.NullInt64
	commenterName                                     sql.NullString
	commenterConfirmed                                sql.NullInt64
}

func (x *noticeItemScan) dest() []any {
	return []any{&x.idea, &x.comment, &x.challenge, &x.state, &x.author,
		&x.cid, &x.subOpen, &x.subClose, &x.vOpen, &x.vClose, &x.results, &x.closed, &x.hidden, &x.commenter, &x.commenterName, &x.commenterConfirmed}
}

// item is what the notice is about: an item named but no longer there
// (its idea, comment or challenge; a comment its author deleted reads as
// no hidden mark, noticeItemCols) is gone.
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
			Author: domain.Author{ID: x.commenter.Int64, Name: x.commenterName.String}}
		it.CommenterConfirmed = x.commenterConfirmed.Int64 != 0
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

// UnreadItem is what some of a person's unread notices are about, and
// how many are.
type UnreadItem struct {
	Item domain.NoticeItem
	N    int
}

// UnreadItems reads what a person's newest limit unread notices are about,
// counted by item, in one query for the header badge (the service counts
// those the reader may see, domain.MaySeeNotice, and keeps the count
// while nothing but tallies is written): the unread rows are read from
// the person's unread index only, grouped by the item they name, and each
// item's facts are joined once, so hidden items' notices neither fill the
// window nor cost a row each.
func (s *Store) UnreadItems(ctx context.Context, userID int64, limit int) ([]UnreadItem, error) {
	return list(ctx, s.r, "unread notices", func(rows *sql.Rows) (UnreadItem, error) {
		var x noticeItemScan
		var u UnreadItem
		err := rows.Scan(append(x.dest(), &u.N)...)
		u.Item = x.item()
		return u, err
	}, `SELECT `+noticeItemCols+`, n.n
		FROM (SELECT idea_id, comment_id, challenge_id, COUNT(*) AS n
			FROM (SELECT idea_id, comment_id, challenge_id FROM notifications
				WHERE user_id = ? AND read_at IS NULL AND kind <> 'verify_email' ORDER BY id DESC LIMIT ?) w
			GROUP BY idea_id, comment_id, challenge_id) n`+noticeItemJoins, userID, limit)
}

// MarkRead marks all of a person's notices read.
func (s *Store) MarkRead(ctx context.Context, userID int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, ms(s.Now()), userID)
		return err
	})
}
