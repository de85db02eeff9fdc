package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cocreate/app/domain"
)

// ReportTarget is a reported idea or comment as a report's or a decision's
// transaction reads it: the item, its idea and challenge, and its author.
type ReportTarget struct {
	Type      domain.ItemType
	ID        int64
	Idea      domain.Idea // the idea itself, or the comment's idea
	Challenge domain.Challenge
	AuthorID  int64
	Hidden    bool   // the item itself is hidden now
	Text      string // the comment's body, or the idea's title
	// Read by Moderate only: the item's standing in the queue (open, its
	// author's review asked for, hidden by the report threshold); Shown, a
	// hidden idea's state before its hiding, the one a restore brings
	// back; Reporters, who reported it since the last decision.
	Open, ReviewRequested, AutoHidden bool
	Shown                             domain.State
	Reporters                         []int64
	// Actions, read by RequestReview only: the item's moderation
	// history's actions, newest first (domain.ReviewSpent).
	Actions []string
}

// Item is the reported item as a notice to its author names it.
func (t ReportTarget) Item() domain.ModeratedItem {
	return domain.ModeratedItem{Type: t.Type, ID: t.ID, IdeaID: t.Idea.ID, AuthorID: t.AuthorID, Text: t.Text}
}

// reportTarget reads the item reported, moderated or asked to be
// reviewed. When change is set (a report that may hide it, a moderator's
// decision) the item's rows are read locked on PostgreSQL, as the write
// then changes them from what it read (ideaToChange), an idea's challenge
// first (ideaChallengeFirst); a request for review changes neither and
// reads them plain.
func (s *Store) reportTarget(tx *sql.Tx, typ domain.ItemType, id int64, change bool) (ReportTarget, error) {
	t := ReportTarget{Type: typ, ID: id}
	ideaID := id
	lock, read := "", ideaTx
	if change {
		lock, read = s.forUpdate, s.ideaToChange
		if typ == domain.ItemIdea {
			if err := s.ideaChallengeFirst(tx, id); err != nil {
				return t, err
			}
		}
	}
	if typ == domain.ItemComment {
		err := tx.QueryRow(`SELECT idea_id, author_id, hidden, body FROM comments WHERE id = ? AND deleted_at IS NULL`+lock, id).
			Scan(&ideaID, &t.AuthorID, &t.Hidden, &t.Text)
		if errors.Is(err, sql.ErrNoRows) {
			return t, domain.NotFound("comment")
		}
		if err != nil {
			return t, fmt.Errorf("store: unable to load comment %d: %w", id, err)
		}
	}
	idea, err := read(tx, ideaID)
	if err != nil {
		return t, err
	}
	t.Idea = idea
	if typ == domain.ItemIdea {
		t.AuthorID, t.Hidden, t.Text = idea.Author.ID, idea.State == domain.StateHidden, idea.Title
	}
	t.Challenge, err = s.challengeTx(tx, idea.ChallengeID)
	return t, err
}

// ideaChallengeFirst locks, on PostgreSQL, the challenge of an idea a
// hide or a restore changes, before the idea, as publishing the results
// locks them (the challenge, then the ranked ideas; shared, as judging
// writes share it, so hides do not wait for each other). So the two
// serialise: a restore that comes second reads the results published and
// brings a shortlisted idea back not selected (domain.RestoredState); one
// that comes first is on the shortlist publishing reads (409
// shortlist_changed). Unlocked, a restore that read the challenge before
// the results committed put the idea back on the shortlist of a
// published challenge, for good. The idea's challenge never changes, so
// reading it unlocked is enough to know which to lock.
func (s *Store) ideaChallengeFirst(tx *sql.Tx, ideaID int64) error {
	if !s.postgres {
		return nil
	}
	var challengeID int64
	err := tx.QueryRow(`SELECT challenge_id FROM ideas WHERE id = ?`, ideaID).Scan(&challengeID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound("idea")
	}
	if err != nil {
		return fmt.Errorf("store: unable to load idea %d: %w", ideaID, err)
	}
	return s.shareChallenge(tx, challengeID)
}

// ReportCheck decides, inside the report's transaction and after the
// report is written, whether the report stands (an error undoes it) and
// whether the item is hidden at once, given its standing with this report.
type ReportCheck func(t ReportTarget, r domain.Reported) (hide bool, err error)

// HideTell chooses the notices of a decision on an item: t is the item as
// it stood before (t.Hidden), hidden whether it is hidden after.
type HideTell func(t ReportTarget, hidden bool) []domain.Outgoing

// ReporterCheck decides, in the report's transaction, from how many
// reports the reporter sent since window before now, whether the report is
// taken (an error refuses it) and whether it vouches for hiding the item.
type ReporterCheck func(recent int) (vouches bool, err error)

// Report records reporter's report on an item: 409 already_reported for a
// second one. The item's count of distinct reporters since the last
// decision, the queue and, when check says so, the hiding of the item and
// the notices tell chooses, all change in the same transaction.
func (s *Store) Report(ctx context.Context, typ domain.ItemType, id, reporterID int64, window time.Duration, reporter ReporterCheck, reason domain.ReportReason, note string, check ReportCheck, tellHidden HideTell) (hidden bool, err error) {
	now := s.Now()
	err = s.write(ctx, func(tx *sql.Tx) error {
		hidden = false
		t, err := s.reportTarget(tx, typ, id, true)
		if err != nil {
			return err
		}
		// One report of an account's at a time (PostgreSQL: another
		// node's), so that its count of the day holds until this one is in.
		if err := s.lockFor(tx, "reporter", reporterID); err != nil {
			return err
		}
		var recent int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM reports WHERE reporter_id = ? AND created_at > ?`, reporterID, ms(now.Add(-window))).Scan(&recent); err != nil {
			return fmt.Errorf("store: unable to count the reporter's reports: %w", err)
		}
		vouches, err := reporter(recent)
		if err != nil {
			return err
		}
		var rid int64
		err = tx.QueryRow(`INSERT INTO reports (item_type, item_id, reporter_id, reason, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (item_type, item_id, reporter_id) DO NOTHING RETURNING id`,
			string(typ), id, reporterID, string(reason), note, ms(now)).Scan(&rid)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Conflict("already_reported", "you have already reported this")
		}
		if err != nil {
			return fmt.Errorf("store: unable to record the report: %w", err)
		}
		var r domain.Reported
		vouched := 0
		if vouches {
			vouched = 1
		}
		if err := tx.QueryRow(`INSERT INTO moderation_items (item_type, item_id, challenge_id, author_id, open, reports, vouched, updated_at)
			VALUES (?, ?, ?, ?, 1, 1, ?, ?)
			ON CONFLICT (item_type, item_id) DO UPDATE SET open = 1, reports = moderation_items.reports + 1,
				vouched = moderation_items.vouched + excluded.vouched, updated_at = excluded.updated_at
			RETURNING vouched`, string(typ), id, t.Challenge.ID, t.AuthorID, vouched, ms(now)).Scan(&r.Vouched); err != nil {
			return fmt.Errorf("store: unable to queue the report: %w", err)
		}
		r.Open, r.Hidden = true, t.Hidden
		hide, err := check(t, r)
		if err != nil || !hide {
			return err
		}
		if err := s.setHidden(tx, t, 0, true, false, "", now, nil); err != nil { // reports never give votes back
			return err
		}
		if _, err := tx.Exec(`UPDATE moderation_items SET auto_hidden = 1, hidden = 1 WHERE item_type = ? AND item_id = ?`, string(typ), id); err != nil {
			return fmt.Errorf("store: unable to mark the item hidden: %w", err)
		}
		if err := decision(tx, t, 0, "auto_hide", "", now); err != nil {
			return err
		}
		hidden = true
		return tell(tx, now, tellHidden(t, true))
	})
	return hidden, err
}

// setHidden hides or shows an item in the caller's transaction: an idea
// through its state (recorded in its history; shown again in the state it
// had), a comment through its flag and its idea's counter; either way the
// search index follows. release gives a hidden idea's votes back
// (domain.ReleasesVotes), told as tellReturned chooses.
func (s *Store) setHidden(tx *sql.Tx, t ReportTarget, actorID int64, hide, release bool, reason string, now time.Time, tellReturned ReturnTell) error {
	if t.Hidden == hide {
		if !hide || t.Type != domain.ItemIdea || actorID == 0 {
			return nil
		}
		// A moderator keeps a hidden idea hidden: their decision, with its
		// reason, in the idea's history (the author's note reads it), and
		// the votes the report threshold held for it given back (release).
		if err := recordEvent(tx, t.ID, actorID, domain.StateHidden, domain.StateHidden, reason, now); err != nil {
			return err
		}
		if release {
			return s.releaseVotes(tx, t.Idea, now, tellReturned)
		}
		return nil
	}
	if t.Type == domain.ItemComment {
		delta := 1
		if hide {
			delta = -1
		}
		if _, err := tx.Exec(`UPDATE comments SET hidden = ? WHERE id = ?`, hide, t.ID); err != nil {
			return fmt.Errorf("store: unable to hide comment %d: %w", t.ID, err)
		}
		if _, err := tx.Exec(`UPDATE ideas SET comments = comments + ? WHERE id = ?`, delta, t.Idea.ID); err != nil {
			return fmt.Errorf("store: unable to count comments of idea %d: %w", t.Idea.ID, err)
		}
		return queue(tx, "comment", t.ID, now)
	}
	from, to := t.Idea.State, domain.StateHidden
	if hide {
		if _, err := tx.Exec(`INSERT INTO moderation_items (item_type, item_id, challenge_id, author_id, open, prev_state, updated_at)
			VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (item_type, item_id) DO UPDATE SET prev_state = excluded.prev_state`,
			string(t.Type), t.ID, t.Challenge.ID, t.AuthorID, string(from), ms(now)); err != nil {
			return fmt.Errorf("store: unable to keep the state of idea %d: %w", t.ID, err)
		}
	} else {
		to = t.Shown // a restore is Moderate's, which read it
	}
	if _, err := tx.Exec(`UPDATE ideas SET state = ?, updated_at = ? WHERE id = ?`, string(to), ms(now), t.ID); err != nil {
		return fmt.Errorf("store: unable to hide idea %d: %w", t.ID, err)
	}
	if reason == "" && actorID == 0 {
		reason = domain.ReportsReason
	}
	if err := recordEvent(tx, t.ID, actorID, from, to, reason, now); err != nil {
		return err
	}
	if release {
		idea := t.Idea
		idea.State = to
		if err := s.releaseVotes(tx, idea, now, tellReturned); err != nil {
			return err
		}
	}
	return queue(tx, "idea", t.ID, now)
}

// stateBeforeHiding is the state a hidden idea is shown again in: the one
// its latest hiding left, as its history records it however it was hidden
// (an admin's edit kept no prev_state before hiding took this one path;
// a moderator keeping it hidden records hidden to hidden); else
// prev_state; else submitted (domain.RestoredState).
func stateBeforeHiding(tx *sql.Tx, t ReportTarget) (domain.State, error) {
	var prev string
	err := tx.QueryRow(`SELECT `+hiddenFromSQL+` FROM ideas i
		LEFT JOIN moderation_items m ON m.item_type = ? AND m.item_id = i.id WHERE i.id = ?`, string(t.Type), t.ID).Scan(&prev)
	if err != nil {
		return "", fmt.Errorf("store: unable to read the state of idea %d: %w", t.ID, err)
	}
	return domain.RestoredState(prev, t.Challenge.ResultsAt != nil), nil
}

// reportersSince lists who reported an item since its last decision.
func reportersSince(ctx context.Context, tx *sql.Tx, typ domain.ItemType, id int64) ([]int64, error) {
	return list(ctx, tx, "reporters", scanOne[int64], `SELECT reporter_id FROM reports WHERE item_type = ? AND item_id = ?
		AND id > COALESCE((SELECT since FROM moderation_items WHERE item_type = ? AND item_id = ?), 0) ORDER BY id`,
		string(typ), id, string(typ), id)
}

func decision(tx *sql.Tx, t ReportTarget, actorID int64, action, reason string, now time.Time) error {
	actor := sql.NullInt64{Int64: actorID, Valid: actorID != 0}
	if _, err := tx.Exec(`INSERT INTO moderation_decisions (item_type, item_id, actor_id, action, reason, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, string(t.Type), t.ID, actor, action, reason, ms(now)); err != nil {
		return fmt.Errorf("store: unable to record the decision: %w", err)
	}
	return nil
}

// ModerationCheck decides a moderator's action inside its transaction,
// given the item as it stands: whether it is hidden afterwards, and
// whether hiding gives an idea's votes back.
type ModerationCheck func(t ReportTarget) (hidden, release bool, err error)

// Moderate records a moderator's decision on an item and applies it: the
// item hidden or shown, its open reports closed, the decision kept with
// who, when and why, and the notices tellHidden and tellReturned choose (a
// hidden item's author told why, or that it is shown again or kept
// hidden after their wait, as the item's standing says; its reporters
// told the outcome; fans whose votes went back), all in one transaction.
func (s *Store) Moderate(ctx context.Context, typ domain.ItemType, id, actorID int64, action domain.ModAction, reason string, check ModerationCheck, tellHidden HideTell, tellReturned ReturnTell) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		t, err := s.reportTarget(tx, typ, id, true)
		if err != nil {
			return err
		}
		if t.Open, t.ReviewRequested, t.AutoHidden, err = standing(ctx, tx, typ, id); err != nil {
			return err
		}
		if t.Hidden && typ == domain.ItemIdea {
			if t.Shown, err = stateBeforeHiding(tx, t); err != nil {
				return err
			}
		}
		if t.Reporters, err = reportersSince(ctx, tx, typ, id); err != nil {
			return err
		}
		hide, release, err := check(t)
		if err != nil {
			return err
		}
		if err := s.setHidden(tx, t, actorID, hide, release, reason, now, tellReturned); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO moderation_items (item_type, item_id, challenge_id, author_id, open, updated_at)
			VALUES (?, ?, ?, ?, 0, ?)
			ON CONFLICT (item_type, item_id) DO UPDATE SET open = 0, reports = 0, vouched = 0, auto_hidden = 0, review_requested = 0,
				since = (SELECT COALESCE(MAX(id), 0) FROM reports), updated_at = excluded.updated_at`,
			string(typ), id, t.Challenge.ID, t.AuthorID, ms(now)); err != nil {
			return fmt.Errorf("store: unable to close the reports: %w", err)
		}
		if _, err := tx.Exec(`UPDATE moderation_items SET hidden = ? WHERE item_type = ? AND item_id = ?`, hide, string(typ), id); err != nil {
			return fmt.Errorf("store: unable to close the reports: %w", err)
		}
		if err := decision(tx, t, actorID, string(action), reason, now); err != nil {
			return err
		}
		return tell(tx, now, tellHidden(t, hide))
	})
}

// ReviewPending says whether the author's request for a review of an item
// is waiting for the moderators.
func (s *Store) ReviewPending(ctx context.Context, typ domain.ItemType, id int64) (bool, error) {
	return reviewPending(ctx, s.r, typ, id)
}

// reviewPending is ReviewPending read through q: the read pool, or a
// write's transaction (RequestReview).
func reviewPending(ctx context.Context, q rowQuerier, typ domain.ItemType, id int64) (bool, error) {
	open, requested, _, err := standing(ctx, q, typ, id)
	return open && requested, err
}

// standing reads an item's place in the moderation queue: open, its
// author's review asked for, hidden by the report threshold (all false for
// an item never reported).
func standing(ctx context.Context, q rowQuerier, typ domain.ItemType, id int64) (open, requested, autoHidden bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT open = 1, review_requested = 1, auto_hidden = 1 FROM moderation_items WHERE item_type = ? AND item_id = ?`,
		string(typ), id).Scan(&open, &requested, &autoHidden)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, false, false, fmt.Errorf("store: unable to read the item's standing: %w", err)
	}
	return open, requested, autoHidden, nil
}

// ReviewCheck decides whether an author may ask for a review of an item;
// pending says a request of theirs is already waiting.
type ReviewCheck func(t ReportTarget, pending bool) error

// RequestReview puts a hidden item back in the moderators' queue at its
// author's request, with their words.
func (s *Store) RequestReview(ctx context.Context, typ domain.ItemType, id, authorID int64, note string, check ReviewCheck) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		// Locked as a decision locks it: a request that came in between a
		// decision's read and its write would be wiped by it unheard.
		t, err := s.reportTarget(tx, typ, id, true)
		if err != nil {
			return err
		}
		pending, err := reviewPending(ctx, tx, typ, id)
		if err != nil {
			return err
		}
		if t.Actions, err = list(ctx, tx, "moderation actions", scanOne[string], `SELECT action FROM moderation_decisions WHERE item_type = ? AND item_id = ? ORDER BY id DESC LIMIT 2`, string(typ), id); err != nil {
			return err
		}
		if err := check(t, pending); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO moderation_items (item_type, item_id, challenge_id, author_id, open, hidden, review_requested, updated_at)
			VALUES (?, ?, ?, ?, 1, 1, 1, ?)
			ON CONFLICT (item_type, item_id) DO UPDATE SET open = 1, review_requested = 1, updated_at = excluded.updated_at`,
			string(typ), id, t.Challenge.ID, t.AuthorID, ms(now)); err != nil {
			return fmt.Errorf("store: unable to ask for a review: %w", err)
		}
		return decision(tx, t, authorID, "review", note, now)
	})
}

// ModerationItem is one line of the moderators' queue.
type ModerationItem struct {
	Type            domain.ItemType
	ID              int64
	IdeaID          int64
	ChallengeID     int64
	Author          domain.Author
	AuthorHidden    string // why Author is blank for the reader (domain.AuthorHiddenBy)
	Hidden          bool
	AutoHidden      bool
	ReviewRequested bool
	Reports         int
	Reasons         map[string]int
	Notes           []string
	// Reporters are who reported it since its last decision, the first
	// QueueReporters of them, for its moderators alone: a burst of new or
	// unconfirmed accounts stands out, and one who reports in bad faith
	// can be found.
	Reporters []Reporter
	// MoreReporters: more reported it than Reporters names.
	MoreReporters bool
	Excerpt       string
	UpdatedAt     time.Time
	History       []ModerationDecision
	// IdeaState is an idea's state ("" for a comment): a moderator sees
	// that a reported idea is withdrawn or merged (out of the lists, its
	// page still showing it), the state a restore brings it back in.
	IdeaState domain.State
	// HiddenFrom is a hidden idea's state before its latest hiding, as
	// stateBeforeHiding reads it before domain.RestoredState ("" for a
	// shown idea, a comment, or none recorded): what keeping it hidden is
	// judged from (domain.HideGivesBack).
	HiddenFrom string
	// Finalist: an idea on the shortlist of a challenge whose results are
	// not published, or hidden from it: the moderator sees what is at
	// stake (publishing waits for a hidden one, HiddenFinalists).
	Finalist bool
	// Own: the reader wrote it; whether it is shown again is another's
	// decision (domain.DecidesOwn; the service sets it).
	Own bool
	// GivesBack is how many votes the moderator's hiding of the idea (for
	// a hidden one, keeping it hidden) gives back to their fans now
	// (domain.HideGivesBack; the service sets it).
	GivesBack int
}

// ModerationDecision is one recorded decision on an item.
type ModerationDecision struct {
	Type   domain.ItemType
	ItemID int64
	Actor  domain.Author // ID 0: the report threshold, or hidden from the reader
	// ActorHidden says why Actor is blank for the reader
	// (domain.AuthorHiddenBy): "" when the report threshold decided.
	ActorHidden string
	Action      string
	Reason      string
	CreatedAt   time.Time
	// The log's decisions (ModerationLog) carry the idea decided on, or
	// the comment's, as one read: its id, its challenge and its author;
	// all 0 when the item is gone (and in an item's own history).
	IdeaID, ChallengeID, IdeaAuthorID int64
	// StillHidden says, in the log, that the item is hidden now (the log
	// offers its restore).
	StillHidden bool
}

// QueuePart is which items of the moderation queue a read lists.
type QueuePart int

const (
	QueueAll      QueuePart = iota // every open item, the most reported first
	QueueReviews                   // those whose author asked for a review, the longest waiting first
	QueueReported                  // the others, the most reported first
)

// queuePartSQL is the condition that keeps part's items (moderation_items m).
func queuePartSQL(part QueuePart) string {
	switch part {
	case QueueReviews:
		return " AND m.review_requested = 1"
	case QueueReported:
		return " AND m.review_requested = 0"
	}
	return ""
}

// QueueCursor is where a page of the moderation queue ends: its last
// item's place in the queue's order (reports, then updated_at, then the
// item). The next page starts strictly after it, in the order of the part
// read (QueueReviews reads no reports): a keyset, so an item decided on
// between pages moves none of the others, and none is read twice.
type QueueCursor struct {
	Reports   int
	UpdatedAt int64 // milliseconds, as stored
	Type      domain.ItemType
	ID        int64
}

// queueCursorOf is the cursor after item m.
func queueCursorOf(m ModerationItem) *QueueCursor {
	return &QueueCursor{Reports: m.Reports, UpdatedAt: ms(m.UpdatedAt), Type: m.Type, ID: m.ID}
}

// ModerationQueuePage lists the limit items waiting for a moderator (those
// of part) after the cursor after (nil: the first page), with their
// reasons counted, the reporters' notes, an excerpt and each item's
// earlier decisions, and the cursor after its last item when more wait
// (nil at the end). Reviews asked for are a part of their own: a decision
// resets an item's reports, so by reports a request sinks. The items of
// the challenges in unseen (those its reader may not see, by the caller's
// rule) are left out in the query, before the limit, so a page is full
// while older items the reader may see wait. The order is total (the item
// breaks a tie, by type and id, in the order's direction), so the pages
// meet exactly.
func (s *Store) ModerationQueuePage(ctx context.Context, limit int, unseen []int64, part QueuePart, after *QueueCursor) ([]ModerationItem, *QueueCursor, error) {
	limit = max(limit, 1)
	q, args := s.queuePageQuery(limit, unseen, part, after)
	items, err := list(ctx, s.r, "moderation queue", func(rows *sql.Rows) (ModerationItem, error) {
		var m ModerationItem
		var updated int64
		var text sql.NullString
		err := rows.Scan(&m.Type, &m.ID, &m.ChallengeID, &m.Author.ID, &m.Author.Name, &m.Hidden, &m.AutoHidden,
			&m.ReviewRequested, &m.Reports, &updated, &text, &m.IdeaID, &m.IdeaState, &m.HiddenFrom, &m.Finalist)
		m.UpdatedAt = fromMS(updated)
		m.Excerpt = domain.Excerpt(text.String, 140)
		return m, err
	}, q, args...)
	if err != nil {
		return nil, nil, err
	}
	var next *QueueCursor
	if len(items) > limit { // one more read than the page: more wait
		items = items[:limit]
		next = queueCursorOf(items[limit-1])
	}
	if err := s.queueReports(ctx, items); err != nil {
		return nil, nil, err
	}
	if err := s.queueHistories(ctx, items); err != nil {
		return nil, nil, err
	}
	return items, next, nil
}

// queuePageQuery is ModerationQueuePage's query and its arguments: limit
// and one row more of part after the cursor after (nil: from the start),
// the challenges in unseen left out. Its ORDER BY is the queue's indexes'
// order (migration 107: moderation_queue for the reported items and the
// whole queue, moderation_reviews for the reviews), and the cursor a row
// value over the same columns, so a page is read from the index in order
// from the cursor on, no sort (TestModq55QueuePageWalksItsIndex).
func (s *Store) queuePageQuery(limit int, unseen []int64, part QueuePart, after *QueueCursor) (string, []any) {
	hidden, args := s.inIDs("m.challenge_id", unseen)
	which, order := queuePartSQL(part), "m.reports DESC, m.updated_at DESC, m.item_type DESC, m.item_id DESC"
	if part == QueueReviews {
		order = "m.updated_at, m.item_type, m.item_id"
	}
	if after != nil {
		if part == QueueReviews {
			which += " AND (m.updated_at, m.item_type, m.item_id) > (?, ?, ?)"
			args = append(args, after.UpdatedAt, string(after.Type), after.ID)
		} else {
			which += " AND (m.reports, m.updated_at, m.item_type, m.item_id) < (?, ?, ?, ?)"
			args = append(args, after.Reports, after.UpdatedAt, string(after.Type), after.ID)
		}
	}
	return `SELECT m.item_type, m.item_id, m.challenge_id, m.author_id, u.name,
			CASE m.item_type WHEN 'idea' THEN (SELECT CASE WHEN state = 'hidden' THEN 1 ELSE 0 END FROM ideas WHERE id = m.item_id)
				ELSE (SELECT hidden FROM comments WHERE id = m.item_id) END,
			m.auto_hidden,
			m.review_requested, m.reports, m.updated_at,
			CASE m.item_type WHEN 'idea' THEN (SELECT title FROM ideas WHERE id = m.item_id)
				ELSE (SELECT body FROM comments WHERE id = m.item_id) END,
			CASE m.item_type WHEN 'idea' THEN m.item_id
				ELSE (SELECT idea_id FROM comments WHERE id = m.item_id) END,
			CASE m.item_type WHEN 'idea' THEN COALESCE((SELECT state FROM ideas WHERE id = m.item_id), '') ELSE '' END,
			CASE m.item_type WHEN 'idea' THEN COALESCE((SELECT ` + hiddenFromSQL + ` FROM ideas i WHERE i.id = m.item_id AND i.state = 'hidden'), '') ELSE '' END,
			CASE WHEN m.item_type = 'idea' AND EXISTS (SELECT 1 FROM ideas i JOIN challenges c ON c.id = i.challenge_id
				WHERE i.id = m.item_id AND c.results_at IS NULL
				AND (i.state = 'shortlisted' OR (i.state = 'hidden' AND ` + hiddenFromSQL + ` = 'shortlisted'))) THEN 1 ELSE 0 END
		FROM moderation_items m JOIN users u ON u.id = m.author_id
		WHERE m.open = 1 AND NOT (` + hidden + `)` + which + ` ORDER BY ` + order + ` LIMIT ?`, append(args, limit+1)
}

// ModerationCount counts the items of part waiting for a moderator, those
// of the challenges in unseen left out, up to most (the count reads no
// further): every count of the queue (a part's heading, the page's total,
// the menu's badge) is this one, with its cap (service.queueWaiting).
func (s *Store) ModerationCount(ctx context.Context, unseen []int64, part QueuePart, most int) (int, error) {
	hidden, args := s.inIDs("m.challenge_id", unseen)
	which := queuePartSQL(part)
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM moderation_items m WHERE m.open = 1`+which+` AND NOT (`+hidden+`) LIMIT ?) w`,
		append(args, most)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unable to count the moderation queue: %w", err)
	}
	return n, nil
}

// queueKeys is the queue's items by their key, and the condition on
// col's table's (item_type, item_id) that finds them, with its arguments:
// the ideas' ids in one list, the comments' in another.
func (s *Store) queueKeys(items []ModerationItem, table string) (map[moderationKey]*ModerationItem, string, []any) {
	byKey := make(map[moderationKey]*ModerationItem, len(items))
	var ideas, comments []int64
	for i := range items {
		m := &items[i]
		byKey[moderationKey{m.Type, m.ID}] = m
		if m.Type == domain.ItemIdea {
			ideas = append(ideas, m.ID)
		} else {
			comments = append(comments, m.ID)
		}
	}
	inIdeas, args := s.inIDs(table+".item_id", ideas)
	inComments, more := s.inIDs(table+".item_id", comments)
	return byKey, `((` + table + `.item_type = 'idea' AND ` + inIdeas + `) OR (` + table + `.item_type = 'comment' AND ` + inComments + `))`,
		append(args, more...)
}

// Reporter is one who reported an item, as its moderators see them.
type Reporter struct {
	ID       int64
	Name     string
	Verified bool      // their email address is confirmed
	JoinedAt time.Time // when the account was made
}

// QueueReporters is how many of an item's reporters the queue names.
const QueueReporters = 20

type moderationKey struct {
	typ domain.ItemType
	id  int64
}

// queueReports reads the reports since each item's last decision, of all
// the queue's items in one query, oldest first: each item's reasons
// counted, its reporters' notes in their order, and its first
// QueueReporters reporters.
func (s *Store) queueReports(ctx context.Context, items []ModerationItem) error {
	for i := range items {
		items[i].Reasons = map[string]int{}
	}
	if len(items) == 0 {
		return nil
	}
	byKey, where, args := s.queueKeys(items, "r")
	rows, err := s.r.QueryContext(ctx, `SELECT r.item_type, r.item_id, r.reason, r.note, u.id, u.name, u.verified, u.created_at
		FROM reports r JOIN moderation_items m ON m.item_type = r.item_type AND m.item_id = r.item_id
		JOIN users u ON u.id = r.reporter_id
		WHERE `+where+` AND r.id > m.since ORDER BY r.id`, args...)
	if err != nil {
		return fmt.Errorf("store: unable to read reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k moderationKey
		var reason, note string
		var who Reporter
		var joined int64
		if err := rows.Scan(&k.typ, &k.id, &reason, &note, &who.ID, &who.Name, &who.Verified, &joined); err != nil {
			return fmt.Errorf("store: unable to read reports: %w", err)
		}
		m := byKey[k]
		if m == nil {
			continue
		}
		m.Reasons[reason]++
		if note != "" {
			m.Notes = append(m.Notes, note)
		}
		if len(m.Reporters) < QueueReporters {
			who.JoinedAt = fromMS(joined)
			m.Reporters = append(m.Reporters, who)
		} else {
			m.MoreReporters = true
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to read reports: %w", err)
	}
	return rows.Close()
}

// queueHistory is how many of an item's decisions, its newest, the queue
// shows.
const queueHistory = 20

// queueHistories reads each of the queue's items' newest decisions
// (queueHistory of them, told oldest first), of all the items in one
// query.
func (s *Store) queueHistories(ctx context.Context, items []ModerationItem) error {
	for i := range items {
		items[i].History = []ModerationDecision{} // none: an empty list, as one item's read gave
	}
	if len(items) == 0 {
		return nil
	}
	byKey, where, args := s.queueKeys(items, "d")
	all, err := list(ctx, s.r, "moderation decisions", scanDecision, `SELECT item_type, item_id, actor_id, name, action, reason, created_at FROM (
			SELECT d.id, d.item_type, d.item_id, d.actor_id, u.name, d.action, d.reason, d.created_at,
				ROW_NUMBER() OVER (PARTITION BY d.item_type, d.item_id ORDER BY d.id DESC) AS n
			FROM moderation_decisions d LEFT JOIN users u ON u.id = d.actor_id WHERE `+where+`) h
		WHERE n <= ? ORDER BY id`, append(args, queueHistory)...)
	if err != nil {
		return err
	}
	for _, d := range all {
		if m := byKey[moderationKey{d.Type, d.ItemID}]; m != nil {
			m.History = append(m.History, d)
		}
	}
	return nil
}

// ModerationLog lists the newest decisions on every item, for moderators
// to see each other's work, each with its idea (the idea decided on, or
// the comment's) read in the same query. The decisions on items of the
// challenges in unseen (those its reader may not see, by the caller's
// rule) are left out in the query, before the limit; an item no longer
// found keeps its decisions.
func (s *Store) ModerationLog(ctx context.Context, limit int, unseen []int64) ([]ModerationDecision, error) {
	hidden, args := s.inIDs("i.challenge_id", unseen)
	return list(ctx, s.r, "moderation log", func(rows *sql.Rows) (ModerationDecision, error) {
		var d ModerationDecision
		var created int64
		var actorID, ideaID, challengeID, authorID sql.NullInt64
		var actorName sql.NullString
		var hidden int64
		err := rows.Scan(&d.Type, &d.ItemID, &actorID, &actorName, &d.Action, &d.Reason, &created, &ideaID, &challengeID, &authorID, &hidden)
		d.Actor = domain.Author{ID: actorID.Int64, Name: actorName.String}
		d.CreatedAt = fromMS(created)
		d.IdeaID, d.ChallengeID, d.IdeaAuthorID = ideaID.Int64, challengeID.Int64, authorID.Int64
		d.StillHidden = hidden != 0
		return d, err
	}, moderationLogQuery(hidden), append(args, limit)...)
}

// moderationLogQuery is ModerationLog's query, leaving out the decisions
// whose idea meets hidden: the newest decisions by their key, each item's
// comment and idea by theirs.
func moderationLogQuery(hidden string) string {
	return `SELECT d.item_type, d.item_id, d.actor_id, u.name, d.action, d.reason, d.created_at, i.id, i.challenge_id, i.author_id,
			CASE WHEN d.item_type = 'idea' THEN (CASE WHEN i.state = 'hidden' THEN 1 ELSE 0 END) ELSE COALESCE(cm.hidden, 0) END
		FROM moderation_decisions d LEFT JOIN users u ON u.id = d.actor_id
			LEFT JOIN comments cm ON d.item_type = 'comment' AND cm.id = d.item_id
			LEFT JOIN ideas i ON i.id = CASE d.item_type WHEN 'idea' THEN d.item_id ELSE cm.idea_id END
		WHERE i.id IS NULL OR NOT (` + hidden + `)
		ORDER BY d.id DESC LIMIT ?`
}

// ItemDecisions lists the newest decisions on one item, newest first.
func (s *Store) ItemDecisions(ctx context.Context, typ domain.ItemType, id int64) ([]ModerationDecision, error) {
	return s.decisions(ctx, `WHERE d.item_type = ? AND d.item_id = ?`, 50, string(typ), id)
}

// scanDecision reads a row of item_type, item_id, actor_id, the actor's
// name, action, reason and created_at.
func scanDecision(rows *sql.Rows) (ModerationDecision, error) {
	var d ModerationDecision
	var created int64
	var actorID sql.NullInt64
	var actorName sql.NullString
	err := rows.Scan(&d.Type, &d.ItemID, &actorID, &actorName, &d.Action, &d.Reason, &created)
	d.Actor = domain.Author{ID: actorID.Int64, Name: actorName.String}
	d.CreatedAt = fromMS(created)
	return d, err
}

func (s *Store) decisions(ctx context.Context, where string, limit int, args ...any) ([]ModerationDecision, error) {
	return list(ctx, s.r, "moderation decisions", scanDecision, `SELECT d.item_type, d.item_id, d.actor_id, u.name, d.action, d.reason, d.created_at
		FROM moderation_decisions d LEFT JOIN users u ON u.id = d.actor_id `+where+` ORDER BY d.id DESC LIMIT ?`,
		append(args, limit)...)
}

// CommentIdea is the idea a comment is on, for a check of who may see it.
func (s *Store) CommentIdea(ctx context.Context, commentID int64) (int64, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT idea_id FROM comments WHERE id = ?`, commentID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, domain.NotFound("comment")
	}
	return id, err
}
