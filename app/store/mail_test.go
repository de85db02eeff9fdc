package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// mailClock stands in for s.Now, at a time the test moves.
type mailClock struct{ t time.Time }

func (c *mailClock) now() time.Time          { return c.t }
func (c *mailClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// pinMailClock makes s.Now a clock the test moves.
func pinMailClock(s *Store) *mailClock {
	c := &mailClock{time.UnixMilli(1_700_000_000_000)}
	s.Now = c.now
	return c
}

func mailUser(t *testing.T, s *Store, i int) domain.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), domain.SignUp{Email: fmt.Sprintf("mail%d@example.com", i), Name: fmt.Sprintf("fan %d", i)}, "x", false)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// mailNotice writes a notification and its mail job in one transaction, the
// way notify's callers will.
func mailNotice(t *testing.T, s *Store, userID int64, title string) int64 {
	t.Helper()
	var id int64
	err := s.write(context.Background(), func(tx *sql.Tx) error {
		if err := notify(tx, userID, domain.NoticeShortlisted, "/ideas/7", s.Now(), title); err != nil {
			return err
		}
		if err := tx.QueryRow(`SELECT MAX(id) FROM notifications`).Scan(&id); err != nil {
			return err
		}
		return EnqueueMail(tx, id, s.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func mailClaim(t *testing.T, s *Store, limit int) []MailJob {
	t.Helper()
	jobs, err := s.ClaimMail(context.Background(), limit)
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

func mailPending(t *testing.T, s *Store) int {
	t.Helper()
	n, err := s.PendingMail(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMailJobClaimCarriesTheMessageAndIsSentOnce(t *testing.T) {
	s := mustOpen(t)
	pinMailClock(s)
	ctx := context.Background()
	u := mailUser(t, s, 1)
	if err := s.SetLocale(ctx, u.ID, "zh"); err != nil {
		t.Fatal(err)
	}
	nid := mailNotice(t, s, u.ID, "二次污染")
	// Queueing the same notification again keeps the one job.
	if err := s.write(ctx, func(tx *sql.Tx) error { return EnqueueMail(tx, nid, s.Now()) }); err != nil {
		t.Fatal(err)
	}
	if n := mailPending(t, s); n != 1 {
		t.Fatalf("pending = %d, want 1", n)
	}
	jobs := mailClaim(t, s, 10)
	if len(jobs) != 1 {
		t.Fatalf("claimed %d jobs, want 1", len(jobs))
	}
	j := jobs[0]
	if j.NotificationID != nid || j.Email != u.Email || j.Name != u.Name || j.Locale != "zh" ||
		j.Kind != domain.NoticeShortlisted || len(j.Args) != 1 || j.Args[0] != "二次污染" || j.URL != "/ideas/7" || j.Attempts != 0 {
		t.Fatalf("job = %+v", j)
	}
	if again := mailClaim(t, s, 10); len(again) != 0 {
		t.Fatalf("a claimed job was claimed again: %+v", again)
	}
	if err := s.MarkMailSent(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	if n := mailPending(t, s); n != 0 {
		t.Fatalf("pending after sending = %d", n)
	}
	// Neither the lease nor a restart's release brings a sent job back.
	s.Now = func() time.Time { return j.CreatedAt.Add(2 * MailLease) }
	if _, err := s.ReleaseMailClaims(ctx); err != nil {
		t.Fatal(err)
	}
	if again := mailClaim(t, s, 10); len(again) != 0 {
		t.Fatalf("a sent job was claimed again: %+v", again)
	}
}

func TestMailJobExistsExactlyWhenItsNotificationDoes(t *testing.T) {
	s := mustOpen(t)
	u := mailUser(t, s, 1)
	boom := errors.New("the change failed")
	err := s.write(context.Background(), func(tx *sql.Tx) error {
		if err := notify(tx, u.ID, domain.NoticeWon, "/ideas/1", s.Now(), "x"); err != nil {
			return err
		}
		var id int64
		tx.QueryRow(`SELECT MAX(id) FROM notifications`).Scan(&id)
		if err := EnqueueMail(tx, id, s.Now()); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	var jobs int
	s.r.QueryRow(`SELECT COUNT(*) FROM mail_jobs`).Scan(&jobs)
	if jobs != 0 {
		t.Fatalf("a rolled-back notification left %d mail jobs", jobs)
	}
}

func TestMailFailuresBackOffThenGiveUp(t *testing.T) {
	s := mustOpen(t)
	c := pinMailClock(s)
	ctx := context.Background()
	u := mailUser(t, s, 1)
	mailNotice(t, s, u.ID, "idea")
	for attempt := 1; attempt <= MaxMailAttempts; attempt++ {
		jobs := mailClaim(t, s, 1)
		if len(jobs) != 1 || jobs[0].Attempts != attempt-1 {
			t.Fatalf("attempt %d: claimed %+v", attempt, jobs)
		}
		gaveUp, err := s.MarkMailFailed(ctx, jobs[0].ID, fmt.Sprintf("421 try %d", attempt), false)
		if err != nil {
			t.Fatal(err)
		}
		if gaveUp != (attempt == MaxMailAttempts) {
			t.Fatalf("attempt %d: gaveUp = %v", attempt, gaveUp)
		}
		if gaveUp {
			break
		}
		wait := MailBackoff(attempt)
		c.advance(wait - time.Millisecond)
		if early := mailClaim(t, s, 1); len(early) != 0 {
			t.Fatalf("attempt %d: retried before its backoff of %s", attempt, wait)
		}
		c.advance(time.Millisecond)
	}
	c.advance(24 * time.Hour)
	if jobs := mailClaim(t, s, 1); len(jobs) != 0 {
		t.Fatalf("a job given up was claimed: %+v", jobs)
	}
	if n := mailPending(t, s); n != 0 {
		t.Fatalf("pending = %d after giving up", n)
	}
	var attempts int
	var last string
	s.r.QueryRow(`SELECT attempts, last_error FROM mail_jobs`).Scan(&attempts, &last)
	if attempts != MaxMailAttempts || last != fmt.Sprintf("421 try %d", MaxMailAttempts) {
		t.Fatalf("attempts %d, last error %q", attempts, last)
	}
}

func TestPermanentMailFailureGivesUpAtOnce(t *testing.T) {
	s := mustOpen(t)
	pinMailClock(s)
	u := mailUser(t, s, 1)
	mailNotice(t, s, u.ID, "idea")
	jobs := mailClaim(t, s, 1)
	gaveUp, err := s.MarkMailFailed(context.Background(), jobs[0].ID, "550 no such user "+strings.Repeat("x", 5000), true)
	if err != nil || !gaveUp {
		t.Fatalf("gaveUp %v, err %v", gaveUp, err)
	}
	var last string
	s.r.QueryRow(`SELECT last_error FROM mail_jobs`).Scan(&last)
	if !strings.HasPrefix(last, "550 no such user") || len(last) > 1000 {
		t.Fatalf("last error %d bytes: %.40q", len(last), last)
	}
	if n := mailPending(t, s); n != 0 {
		t.Fatalf("pending = %d", n)
	}
}

func TestMailBackoffDoublesUpToAnHour(t *testing.T) {
	want := []time.Duration{0, 30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour, time.Hour}
	for attempts, w := range want {
		if got := MailBackoff(attempts); got != w {
			t.Errorf("MailBackoff(%d) = %s, want %s", attempts, got, w)
		}
	}
	if got := MailBackoff(1000); got != time.Hour {
		t.Errorf("MailBackoff(1000) = %s", got)
	}
}

func TestAbandonedMailClaimIsReclaimedAfterTheLease(t *testing.T) {
	s := mustOpen(t)
	c := pinMailClock(s)
	ctx := context.Background()
	u := mailUser(t, s, 1)
	mailNotice(t, s, u.ID, "idea")
	first := mailClaim(t, s, 1) // and its worker dies
	c.advance(MailLease - time.Millisecond)
	if jobs := mailClaim(t, s, 1); len(jobs) != 0 {
		t.Fatal("a live claim was taken over")
	}
	c.advance(time.Millisecond)
	second := mailClaim(t, s, 1)
	if len(second) != 1 || second[0].ID != first[0].ID {
		t.Fatalf("the abandoned job was not reclaimed: %+v", second)
	}
	// A restart need not wait for the lease: the data-directory lock says
	// nobody else holds claims. On PostgreSQL other nodes may hold them:
	// nothing is released, the lease decides.
	want := 1
	if s.postgres {
		want = 0
	}
	n, err := s.ReleaseMailClaims(ctx)
	if err != nil || n != want {
		t.Fatalf("released %d, err %v; want %d", n, err, want)
	}
	if third := mailClaim(t, s, 1); len(third) != want {
		t.Fatalf("after the release %d jobs were due, want %d", len(third), want)
	}
}

func TestMailJobsSurviveReopening(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.db")
	s, err := openTest(t, path)
	if err != nil {
		t.Fatal(err)
	}
	u := mailUser(t, s, 1)
	for i := 0; i < 5; i++ {
		mailNotice(t, s, u.ID, fmt.Sprint("idea ", i))
	}
	mailClaim(t, s, 2) // claimed when the process stops
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = openTest(t, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := mailPending(t, s); n != 5 {
		t.Fatalf("pending after reopening = %d, want 5", n)
	}
	if _, err := s.ReleaseMailClaims(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := 5
	if s.postgres {
		want = 3 // the two claimed stay claimed until their lease ends
	}
	if jobs := mailClaim(t, s, 10); len(jobs) != want {
		t.Fatalf("claimed %d after reopening, want %d", len(jobs), want)
	}
}

func TestMailQueriesUseTheDueIndex(t *testing.T) {
	pgtest.SQLiteOnly(t, "EXPLAIN QUERY PLAN is SQLite's; on an empty PostgreSQL table every plan is a scan")
	s := mustOpen(t)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{claimMailSQL, []any{0, 0, 10}},
		{anyDueMailSQL, []any{0, 0}},
		{`SELECT COUNT(*) FROM mail_jobs WHERE ` + pendingMail, nil},
	} {
		rows, err := s.r.Query(`EXPLAIN QUERY PLAN `+q.sql, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan strings.Builder
		for rows.Next() {
			var id, parent, unused int
			var detail string
			rows.Scan(&id, &parent, &unused, &detail)
			plan.WriteString(detail + "\n")
		}
		rows.Close()
		if !strings.Contains(plan.String(), "mail_jobs_due") {
			t.Errorf("plan does not use mail_jobs_due:\n%s\n%s", q.sql, plan.String())
		}
	}
}

// A person who turns notification emails off gets none of those still owed
// and none for later notifications, which still reach them in the app; on
// again, the next ones are emailed. Someone else's emails are untouched.
func TestEmailNoticesCanBeTurnedOff(t *testing.T) {
	s := mustOpen(t)
	pinMailClock(s)
	ctx := context.Background()
	quiet, other := mailUser(t, s, 1), mailUser(t, s, 2)
	notice := func(u domain.User) {
		t.Helper()
		if err := s.write(ctx, func(tx *sql.Tx) error {
			return notify(tx, u.ID, domain.NoticeShortlisted, "/ideas/7", s.Now(), "洗衣机")
		}); err != nil {
			t.Fatal(err)
		}
	}
	if !quiet.EmailNotices {
		t.Fatal("a new account does not get emails by default")
	}
	notice(quiet)
	notice(other)
	if err := s.SetEmailNotices(ctx, quiet.ID, false); err != nil {
		t.Fatal(err)
	}
	notice(quiet)
	if u, _ := s.User(ctx, quiet.ID); u.EmailNotices {
		t.Error("the choice did not stick (or the cached account kept the old one)")
	}
	jobs := mailClaim(t, s, 10)
	if len(jobs) != 1 || jobs[0].UserID != other.ID {
		t.Fatalf("owed emails after turning off: %+v, want only the other person's", jobs)
	}
	if list, _ := s.Notifications(ctx, quiet.ID, 0, 10); len(list) != 2 {
		t.Errorf("%d notifications in the app, want 2", len(list))
	}
	if err := s.SetEmailNotices(ctx, quiet.ID, true); err != nil {
		t.Fatal(err)
	}
	notice(quiet)
	if jobs := mailClaim(t, s, 10); len(jobs) != 1 || jobs[0].UserID != quiet.ID {
		t.Errorf("owed emails after turning on again: %+v", jobs)
	}
	if e := domain.AsError(s.SetEmailNotices(ctx, 9999, false)); e == nil || e.Kind != domain.KindNotFound {
		t.Errorf("unknown user: %v", e)
	}
}

// The idle poll's check (anyDueMailSQL) and the claim find the same jobs
// due, in every state a job can be in: both read dueMail.
func TestIdleMailCheckAgreesWithTheClaim(t *testing.T) {
	s := mustOpen(t)
	c := pinMailClock(s)
	ctx := context.Background()
	u := mailUser(t, s, 1)
	mailNotice(t, s, u.ID, "idea")
	now := ms(c.now())
	lease := MailLease.Milliseconds()
	for _, st := range []struct {
		name string
		set  string
		args []any
		due  bool
	}{
		{"due now", `next_at = ?, claimed_at = NULL`, []any{now}, true},
		{"due later", `next_at = ?`, []any{now + 1}, false},
		{"claimed within the lease", `next_at = ?, claimed_at = ?`, []any{now, now - lease + 1}, false},
		{"claim past the lease", `claimed_at = ?`, []any{now - lease}, true},
		{"sent", `claimed_at = NULL, sent_at = ?`, []any{now}, false},
		{"given up", `sent_at = NULL, attempts = ?`, []any{MaxMailAttempts}, false},
		{"attempts left", `attempts = ?`, []any{MaxMailAttempts - 1}, true},
	} {
		if err := s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.Exec(`UPDATE mail_jobs SET `+st.set, st.args...)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var found bool
		if err := s.r.QueryRow(anyDueMailSQL, now, now-lease).Scan(&found); err != nil {
			t.Fatal(err)
		}
		rows, err := s.r.Query(claimMailSQL, now, now-lease, 10)
		if err != nil {
			t.Fatal(err)
		}
		claimed := 0
		for rows.Next() {
			claimed++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if found != st.due || (claimed == 1) != st.due {
			t.Errorf("%s: the check says %v, the claim finds %d; want due %v", st.name, found, claimed, st.due)
		}
	}
}
