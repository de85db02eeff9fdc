package store

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"cocreate/app/domain"
)

// threadKey is one thread of news: its kind (domain.NoticeThread) about
// one idea.
type threadKey struct {
	thread domain.NoticeThread
	idea   int64
}

// mailPolicy is what a notice's email owes to its thread: none (a notice it
// replaced was mailed already, domain.Outgoing.OneMail), or to wait until
// at (milliseconds; 0: now).
type mailPolicy struct {
	skip bool
	at   int64
}

// noticeKey finds a written notice's Outgoing among those of a statement.
type noticeKey struct {
	to   int64
	kind domain.NoticeKind
	url  string
}

// threadFold is what foldThreads found and does before the notices of a
// batch are written, and has left to do after (finish).
type threadFold struct {
	// policies are the mail policies of the batch's notices that differ
	// from the plain one (mailed now), by noticeKey.
	policies map[noticeKey]mailPolicy
	// carry are the emails, sent or on their way, that the new notice of
	// a OneMail thread takes over from one it replaces (mail job ids, by
	// the new notice's key): it keeps the thread mailed until read.
	carry map[noticeKey]int64
	// replaced are the notices that give way: deleted once no email job
	// names them, else (an email on its way for a status) marked read.
	replaced []int64
}

// foldThreads makes way for each notice of out that stands for a thread
// (domain.Outgoing.Thread): its person's unread notices of the thread's
// kinds about the same idea give way to it, so the person's list holds
// one entry a thread, the newest at the top. An email they still owed
// (queued, not claimed) is dropped, the new notice owing its own; one
// sent (or being sent) is, for a OneMail thread, taken over by the new
// notice, which owes none; other emails' records go (an email's link
// names the notice's page, not the notice). A thread's readers are looked
// up noticeRows at a time: a board post's status goes to every voter.
func foldThreads(tx *sql.Tx, now time.Time, out []domain.Outgoing) (*threadFold, error) {
	f := &threadFold{policies: map[noticeKey]mailPolicy{}, carry: map[noticeKey]int64{}}
	groups := map[threadKey][]int{}
	var order []threadKey
	for i, o := range out {
		if o.MailAfter > 0 {
			f.policies[noticeKey{o.To, o.Kind, o.URL}] = mailPolicy{at: ms(now.Add(o.MailAfter))}
		}
		if o.Thread == "" {
			continue
		}
		k := threadKey{o.Thread, domain.NoticeAboutOf(o.URL).Idea}
		if k.idea == 0 {
			continue
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range order {
		kinds := domain.ThreadKinds(k.thread)
		for rest := groups[k]; len(rest) > 0; {
			n := noticeChunk(len(rest))
			if err := f.fold(tx, k.idea, kinds, out, rest[:n]); err != nil {
				return nil, err
			}
			rest = rest[n:]
		}
	}
	return f, nil
}

// fold folds the unread notices of kinds about idea of the people of out
// at idx (a power of two of them, noticeChunk), as foldThreads says.
func (f *threadFold) fold(tx *sql.Tx, idea int64, kinds []domain.NoticeKind, out []domain.Outgoing, idx []int) error {
	args := []any{idea}
	for _, k := range kinds {
		args = append(args, string(k))
	}
	for _, i := range idx {
		args = append(args, out[i].To)
	}
	rows, err := tx.Query(`SELECT n.id, n.user_id, COALESCE(j.id, 0), j.sent_at IS NOT NULL OR j.claimed_at IS NOT NULL
		FROM notifications n LEFT JOIN mail_jobs j ON j.notification_id = n.id
		WHERE n.idea_id = ? AND n.read_at IS NULL AND n.kind IN (`+marks(len(kinds))+`) AND n.user_id IN (`+marks(len(idx))+`)`, args...)
	if err != nil {
		return fmt.Errorf("store: unable to read the notices a newer one replaces: %w", err)
	}
	defer rows.Close()
	mailed := map[int64]int64{} // a sent email's job, by person
	var jobs []int64
	for rows.Next() {
		var id, user, job int64
		var sent bool
		if err := rows.Scan(&id, &user, &job, &sent); err != nil {
			return fmt.Errorf("store: unable to read the notices a newer one replaces: %w", err)
		}
		f.replaced = append(f.replaced, id)
		if job != 0 {
			if sent && mailed[user] == 0 {
				mailed[user] = job
			} else {
				jobs = append(jobs, job)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to read the notices a newer one replaces: %w", err)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, i := range idx {
		o := out[i]
		job, ok := mailed[o.To]
		if !ok {
			continue
		}
		if o.OneMail {
			key := noticeKey{o.To, o.Kind, o.URL}
			f.policies[key], f.carry[key] = mailPolicy{skip: true}, job
		} else {
			jobs = append(jobs, job)
		}
	}
	// An email being sent keeps its record (the sender marks it by id).
	return inChunks(jobs, func(in string, chunk []any) error {
		_, err := tx.Exec(`DELETE FROM mail_jobs WHERE id IN (`+in+`) AND NOT (claimed_at IS NOT NULL AND sent_at IS NULL)`, chunk...)
		if err != nil {
			return fmt.Errorf("store: unable to drop the email of a replaced notice: %w", err)
		}
		return nil
	})
}

// finish hands the emails carried over to the new notices written (their
// ids by key), then removes the notices replaced: deleted, or marked read
// while an email on its way still names one.
func (f *threadFold) finish(tx *sql.Tx, now time.Time, written map[noticeKey]int64) error {
	for key, job := range f.carry {
		if _, err := tx.Exec(`UPDATE mail_jobs SET notification_id = ? WHERE id = ?`, written[key], job); err != nil {
			return fmt.Errorf("store: unable to carry an email over to the newest notice: %w", err)
		}
	}
	return inChunks(f.replaced, func(in string, chunk []any) error {
		if _, err := tx.Exec(`DELETE FROM notifications WHERE id IN (`+in+`)
			AND NOT EXISTS (SELECT 1 FROM mail_jobs j WHERE j.notification_id = notifications.id)`, chunk...); err != nil {
			return fmt.Errorf("store: unable to drop a replaced notice: %w", err)
		}
		if _, err := tx.Exec(`UPDATE notifications SET read_at = ? WHERE read_at IS NULL AND id IN (`+in+`)`, append([]any{ms(now)}, chunk...)...); err != nil {
			return fmt.Errorf("store: unable to mark a replaced notice read: %w", err)
		}
		return nil
	})
}

// inChunks calls do with ids a power of two at a time (noticeChunk), as
// placeholders and their arguments, so a few statement texts serve.
func inChunks(ids []int64, do func(in string, chunk []any) error) error {
	for rest := ids; len(rest) > 0; {
		n := noticeChunk(len(rest))
		chunk := make([]any, n)
		for i, id := range rest[:n] {
			chunk[i] = id
		}
		if err := do(marks(n), chunk); err != nil {
			return err
		}
		rest = rest[n:]
	}
	return nil
}

// marks is n placeholders, comma separated.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
