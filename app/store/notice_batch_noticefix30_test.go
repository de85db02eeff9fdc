package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"reflect"
	"slices"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// BenchmarkStageNewsTo50000Backers is a project's stage move told to its
// idea's 50,000 backers (counted voters; one in ten has notification
// emails off): one notice each and 45,000 mail jobs, written inside the
// move's transaction, which holds the writer. Each op is one move
// (triage and shelved in turn); it reports the writer's longest batch of
// statements meanwhile (longest-write-ms, from its phase log). Run with
// -benchtime=5x.
func BenchmarkStageNewsTo50000Backers(b *testing.B) {
	const backers = 50000
	ctx := context.Background()
	s := mustOpen(b)
	users, c := fixture(b, s, 2)
	idea := addIdea(b, s, c, users[0].ID, "自清洁内筒")
	p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil },
		func(int64, domain.Idea, domain.Audience) []domain.Outgoing { return nil })
	if err != nil {
		b.Fatal(err)
	}
	bulkRing(b, s, c.ID, []int64{idea.ID}, backers, 1, s.Now().Add(-time.Hour))
	if _, err := s.w.ExecContext(ctx, `UPDATE users SET email_notices = 0 WHERE name = 'bulk' AND id % 10 = 0`); err != nil {
		b.Fatal(err)
	}
	var notices0, jobs0 int
	countBoth(b, s, &notices0, &jobs0)
	if err := s.write(ctx, func(*sql.Tx) error { s.cycle = phaseLog{}; return nil }); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		to := workflow.Shelved
		if i%2 == 1 {
			to = workflow.Triage
		}
		if _, err := s.MoveProject(ctx, p.ID, users[0].ID, to, "paused for the winter", func(workflow.Project) error { return nil },
			func(q workflow.Project, a domain.Audience) []domain.Outgoing {
				return domain.StageNotices(q.ID, users[0].ID, q.Title, "stage."+string(q.Stage), a)
			}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var longest time.Duration
	if err := s.write(ctx, func(*sql.Tx) error {
		for _, t := range s.cycle.longest[phStatements] {
			longest = max(longest, t.d)
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(longest.Microseconds())/1000, "longest-write-ms")
	var notices, jobs int
	countBoth(b, s, &notices, &jobs)
	if notices-notices0 != b.N*backers || jobs-jobs0 != b.N*backers*9/10 {
		b.Fatalf("%d moves wrote %d notices and %d mail jobs; want %d and %d", b.N, notices-notices0, jobs-jobs0, b.N*backers, b.N*backers*9/10)
	}
}

// countBoth counts the notices and mail jobs there are.
func countBoth(t testing.TB, s *Store, notices, jobs *int) {
	t.Helper()
	if err := s.r.QueryRow(`SELECT (SELECT COUNT(*) FROM notifications), (SELECT COUNT(*) FROM mail_jobs)`).Scan(notices, jobs); err != nil {
		t.Fatal(err)
	}
}

// writtenNotice is a notice as tell wrote it, with whether it has a mail
// job (and that job's times).
type writtenNotice struct {
	To        int64
	Kind      string
	Args      string
	URL       string
	Idea      sql.NullInt64
	Challenge sql.NullInt64
	Mailed    bool
}

// noticesAfter reads the notices written after notice id after, in id
// order, with their mail jobs; it fails the test when a notice has more
// than one job, a job's times are not at, or the jobs are not in the
// notices' order.
func noticesAfter(t *testing.T, s *Store, after int64, at time.Time) []writtenNotice {
	t.Helper()
	rows, err := s.r.Query(`SELECT n.user_id, n.kind, n.args, n.url, n.idea_id, n.challenge_id,
			COUNT(j.id), COALESCE(MIN(j.next_at), 0), COALESCE(MAX(j.created_at), 0), COALESCE(MIN(j.id), 0)
		FROM notifications n LEFT JOIN mail_jobs j ON j.notification_id = n.id
		WHERE n.id > ? GROUP BY n.id, n.user_id, n.kind, n.args, n.url, n.idea_id, n.challenge_id ORDER BY n.id`, after)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []writtenNotice
	var lastJob int64
	for rows.Next() {
		var w writtenNotice
		var jobs int
		var next, created, job int64
		if err := rows.Scan(&w.To, &w.Kind, &w.Args, &w.URL, &w.Idea, &w.Challenge, &jobs, &next, &created, &job); err != nil {
			t.Fatal(err)
		}
		if jobs > 0 {
			// The jobs go out in the notices' order (the same next_at: by id).
			if job < lastJob {
				t.Errorf("the mail job of a notice to %d (job %d) comes before the one of an earlier notice (job %d)", w.To, job, lastJob)
			}
			lastJob = job
		}
		if jobs > 1 || (jobs == 1 && (next != ms(at) || created != ms(at))) {
			t.Errorf("notice to %d has %d mail jobs, due %d, queued %d; want at most one, at %d", w.To, jobs, next, created, ms(at))
		}
		w.Mailed = jobs == 1
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func lastNotice(t *testing.T, s *Store) (id int64) {
	t.Helper()
	if err := s.r.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM notifications`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// tell writes its notices in statements of noticeRows: at every size round
// those boundaries (0, 1, a power of two and one past it, noticeRows and
// one past it, and past twice noticeRows) each Outgoing is exactly one
// notice, in order, with its arguments, link and item (a project's idea,
// a challenge), and exactly one mail job when its person takes emails or
// it is a password reset, none otherwise; on both engines.
func TestTellWritesEachNoticeOnceAcrossStatements(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 1)
	idea := addIdea(t, s, c, users[0].ID, "自清洁内筒")
	p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil },
		func(int64, domain.Idea, domain.Audience) []domain.Outgoing { return nil })
	if err != nil {
		t.Fatal(err)
	}
	most := 2*noticeRows + 3
	people := bulkUsers(t, s, most)
	quiet := map[int64]bool{} // every third person turned emails off
	for i, id := range people {
		if i%3 == 1 {
			if err := s.SetEmailNotices(ctx, id, false); err != nil {
				t.Fatal(err)
			}
			quiet[id] = true
		}
	}
	now := s.Now()
	for _, n := range []int{0, 1, 2, 3, 255, 256, 257, noticeRows - 1, noticeRows, noticeRows + 1, 2*noticeRows + 1, most} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var out []domain.Outgoing
			for i, id := range people[:n] {
				o := domain.Outgoing{To: id, Kind: domain.NoticeStage, URL: domain.ProjectLink(p.ID), Args: []string{"自清洁内筒", "stage.concept"}}
				switch i % 7 {
				case 3: // a reset's email goes regardless
					o = domain.Outgoing{To: id, Kind: domain.NoticePasswordReset, URL: "/reset/x"}
				case 5:
					o = domain.Outgoing{To: id, Kind: domain.NoticeBackedWon, URL: domain.ResultsLink(c.ID), Args: []string{fmt.Sprint("idea ", i)}}
				}
				out = append(out, o)
			}
			if n > 2 {
				out = append(out, out[1]) // told twice, written twice
			}
			before := lastNotice(t, s)
			if err := s.write(ctx, func(tx *sql.Tx) error { return tell(tx, now, out) }); err != nil {
				t.Fatal(err)
			}
			var want []writtenNotice
			for _, o := range out {
				w := writtenNotice{To: o.To, Kind: string(o.Kind), Args: "[]", URL: o.URL,
					Mailed: !quiet[o.To] || o.Kind == domain.NoticePasswordReset}
				if len(o.Args) > 0 {
					w.Args = fmt.Sprintf("[%q]", o.Args[0])
					if len(o.Args) == 2 {
						w.Args = fmt.Sprintf("[%q,%q]", o.Args[0], o.Args[1])
					}
				}
				switch o.Kind {
				case domain.NoticeStage:
					w.Idea = sql.NullInt64{Int64: idea.ID, Valid: true}
				case domain.NoticeBackedWon:
					w.Challenge = sql.NullInt64{Int64: c.ID, Valid: true}
				}
				want = append(want, w)
			}
			got := noticesAfter(t, s, before, now)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%d notices written, %d mailed, for %d, %d to mail", len(got), mailed(got), len(want), mailed(want))
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("the first difference, notice %d: %+v, want %+v", i, got[i], want[i])
					}
				}
			}
		})
	}
}

func mailed(ws []writtenNotice) (n int) {
	for _, w := range ws {
		if w.Mailed {
			n++
		}
	}
	return n
}

// A stage move of a project whose idea has 1,100 backers (more than two
// statements of notices) tells each of them once, and the followers among
// them once too, but not the person who moved it; each gets one mail job
// unless they turned emails off.
func TestStageNewsReachesEachOfAThousandBackersOnce(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 1)
	idea := addIdea(t, s, c, users[0].ID, "自清洁内筒")
	p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil },
		func(int64, domain.Idea, domain.Audience) []domain.Outgoing { return nil })
	if err != nil {
		t.Fatal(err)
	}
	backers := bulkRing(t, s, c.ID, []int64{idea.ID}, 1100, 1, s.Now().Add(-time.Hour))
	for _, id := range backers[:20] {
		if err := s.SetFollow(ctx, id, idea.ID, true, func(domain.Idea) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	quiet := map[int64]bool{}
	for _, id := range backers[500:530] {
		if err := s.SetEmailNotices(ctx, id, false); err != nil {
			t.Fatal(err)
		}
		quiet[id] = true
	}
	actor := backers[7]
	clock := s.Now()
	s.Now = func() time.Time { return clock }
	before, statements := lastNotice(t, s), noticeStatements.Load()
	if _, err := s.MoveProject(ctx, p.ID, actor, workflow.Accepted, "", func(workflow.Project) error { return nil },
		func(q workflow.Project, a domain.Audience) []domain.Outgoing {
			return domain.StageNotices(q.ID, actor, q.Title, "stage."+string(q.Stage), a)
		}); err != nil {
		t.Fatal(err)
	}
	statements = noticeStatements.Load() - statements
	got := noticesAfter(t, s, before, clock)
	// Two statements (the notices, their mail jobs) for each noticeRows of
	// them, and for each power of two of the rest: not two a person, each
	// adding to what every other write waits for.
	if most := 2 * (len(got)/noticeRows + bits.Len(noticeRows)); statements > int64(most) || statements < 2 {
		t.Errorf("%d notices took %d statements, want at most %d", len(got), statements, most)
	}
	told := map[int64]int{}
	for _, w := range got {
		told[w.To]++
		if w.Kind != string(domain.NoticeStage) || w.URL != domain.ProjectLink(p.ID) || w.Idea.Int64 != idea.ID || w.Mailed == quiet[w.To] {
			t.Errorf("notice %+v", w)
		}
	}
	want := append([]int64{users[0].ID}, slices.Delete(slices.Clone(backers), 7, 8)...)
	for _, id := range want {
		if told[id] != 1 {
			t.Errorf("person %d told %d times", id, told[id])
		}
	}
	if len(got) != len(want) || mailed(got) != len(want)-len(quiet) {
		t.Errorf("%d notices and %d mail jobs, want %d and %d", len(got), mailed(got), len(want), len(want)-len(quiet))
	}
}
