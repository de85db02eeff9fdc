package service

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/indexer"
	"cocreate/app/search"
	"cocreate/app/store"
)

// withIndex gives s a real Bleve index in a temporary directory, filled
// by drain.
func withIndex(tb testing.TB, s *Service) (drain func()) {
	tb.Helper()
	x := indexer.New(s.store, filepath.Join(tb.TempDir(), "index"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := x.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { x.Close() })
	s.Indexer = x
	return func() {
		tb.Helper()
		if _, err := x.Drain(context.Background()); err != nil {
			tb.Fatal(err)
		}
	}
}

// searchChallenge creates a challenge titled title whose submissions open
// at opens (a draft until then), as admin.
func searchChallenge(tb testing.TB, s *Service, admin *domain.User, title string, opens time.Time) domain.Challenge {
	tb.Helper()
	at := func(t time.Time) domain.OptTime { return domain.OptTime{Set: true, Time: &t} }
	brief, kind := "**Help**", domain.OpenCall
	c, err := s.CreateChallenge(context.Background(), admin, domain.ChallengeInput{Title: &title, Brief: &brief, Kind: &kind,
		SubmissionsOpenAt: at(opens), SubmissionsCloseAt: at(opens.Add(48 * time.Hour)),
		VotingOpenAt: at(opens), VotingCloseAt: at(opens.Add(72 * time.Hour))})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// found lists the challenges a search for text finds as u.
func found(t *testing.T, s *Service, u *domain.User, text string) map[int64]bool {
	t.Helper()
	r, err := s.Search(context.Background(), u, SearchQuery{Text: text, Type: search.TypeChallenge})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]bool{}
	for _, h := range r.Hits {
		out[h.ID] = true
	}
	if r.Total != uint64(len(out)) {
		t.Errorf("%q as %v: total %d, hits %v", text, u, r.Total, out)
	}
	return out
}

// Search leaves out the challenges its asker may not see, from challenges
// read once per ContentVersion: a draft stays hidden from a fan (and
// shown to an admin) however often they search, a new draft is hidden at
// once, and a draft whose schedule opens is found as soon as it opens,
// with nothing written in between.
func TestSearchFollowsWhoAsksAndWhen(t *testing.T) {
	w := newWorld(t)
	clock := w.s.now()
	w.s.Now = func() time.Time { return clock }
	drain := withIndex(t, w.s)
	fan := w.fan(1)
	open := searchChallenge(t, w.s, &w.admin, "洗衣机 公开", clock.Add(-time.Hour))
	draft := searchChallenge(t, w.s, &w.admin, "洗衣机 草稿", clock.Add(time.Hour))
	drain()

	for range 2 { // the second time from the kept challenges
		if got := found(t, w.s, &fan, "洗衣机"); !got[open.ID] || got[draft.ID] {
			t.Errorf("a fan finds %v, want only the open %d", got, open.ID)
		}
		if got := found(t, w.s, nil, "洗衣机"); !got[open.ID] || got[draft.ID] {
			t.Errorf("a visitor finds %v, want only the open %d", got, open.ID)
		}
		if got := found(t, w.s, &w.admin, "洗衣机"); !got[open.ID] || !got[draft.ID] {
			t.Errorf("the admin finds %v, want %d and %d", got, open.ID, draft.ID)
		}
	}

	later := searchChallenge(t, w.s, &w.admin, "洗衣机 新草稿", clock.Add(3*time.Hour))
	drain()
	if got := found(t, w.s, &fan, "洗衣机"); got[later.ID] || got[draft.ID] {
		t.Errorf("after a new draft, a fan finds %v", got)
	}
	if got := found(t, w.s, &w.admin, "洗衣机"); !got[later.ID] {
		t.Errorf("after a new draft, the admin finds %v", got)
	}

	v := settledContentVersion(t, w.s)
	clock = clock.Add(2 * time.Hour) // the draft's submissions open; nothing is written
	if got := found(t, w.s, &fan, "洗衣机"); !got[open.ID] || !got[draft.ID] || got[later.ID] {
		t.Errorf("once %d opened, a fan finds %v", draft.ID, got)
	}
	if w.s.ContentVersion() != v {
		t.Fatal("the version moved: the test no longer proves that the schedule alone opened it")
	}
	clock = clock.Add(2 * time.Hour)
	if got := found(t, w.s, &fan, "洗衣机"); !got[later.ID] {
		t.Errorf("once %d opened, a fan finds %v", later.ID, got)
	}
}

// settledContentVersion is s's content version once it holds still: on
// PostgreSQL the notices of this node's own commits arrive after the
// commits and move it (listen.go's changed), and while the listening
// connection is not known to hear, every call moves it; on a busy machine
// either could land between a test's two reads of it. It waits (up to 10
// s) until the node hears and two reads 50 ms apart agree.
func settledContentVersion(tb testing.TB, s *Service) uint64 {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		v := s.ContentVersion()
		time.Sleep(50 * time.Millisecond)
		if s.store.HearsEveryCommit() && s.ContentVersion() == v {
			return v
		}
		if time.Now().After(deadline) {
			tb.Fatal("the content version never held still for 50 ms")
		}
	}
}

// BenchmarkSearchRepeated is a fan's search answered from the index's
// result cache: what a search costs outside Bleve (the query's key, the
// challenges the fan may not see, the check of the filter).
func BenchmarkSearchRepeated(b *testing.B) {
	ctx := context.Background()
	s := benchService(b)
	fan, _, err := s.SignUp(ctx, domain.SignUp{Email: "fan@example.com", Name: "粉丝", Password: "fan-password"})
	if err != nil {
		b.Fatal(err)
	}
	q := SearchQuery{Text: "电池 续航"}
	if r, err := s.Search(ctx, &fan, q); err != nil || r.Total == 0 {
		b.Fatalf("%+v %v", r, err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Search(ctx, &fan, q); err != nil {
			b.Fatal(err)
		}
	}
}

// benchService is a service over a real SQLite store and Bleve index with
// 30 challenges (10 of them drafts) and 300 ideas.
func benchService(b *testing.B) *Service {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "cocreate.db")
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	s := New(st, b.TempDir())
	admin, _, _, err := s.Setup(ctx, domain.SignUp{Email: "admin@brand.cn", Name: "管理员", Password: "admin-password"})
	if err != nil {
		b.Fatal(err)
	}
	drain := withIndex(b, s)
	now := s.now()
	for i := range 30 {
		opens := now.Add(-time.Hour)
		if i%3 == 0 {
			opens = now.Add(time.Duration(i+1) * time.Hour)
		}
		c := searchChallenge(b, s, &admin, fmt.Sprintf("挑战 %d", i), opens)
		if i%3 == 0 {
			continue
		}
		for j := range 15 {
			title, summary, body := fmt.Sprintf("电池 续航 想法 %d-%d", i, j), "更长的电池续航", "A longer battery life."
			if _, err := s.SubmitIdea(ctx, &admin, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body}, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	drain()
	return s
}
