package service

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pairwise"
	"cocreate/app/pgtest"
	"cocreate/app/store"
)

func TestMain(m *testing.M) { pgtest.Main(m, "") }

// world is a service over a real store (the pass's engine) with an admin.
type world struct {
	t     *testing.T
	ctx   context.Context
	s     *Service
	admin domain.User
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldAt(t, filepath.Join(t.TempDir(), "cocreate.db"))
}

// newWorldAt is newWorld on the database at path (SQLite) or of that key
// (PostgreSQL).
func newWorldAt(t *testing.T, path string) *world {
	t.Helper()
	st, err := store.OpenEngine(pgtest.DB(t, path), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &world{t: t, ctx: context.Background(), s: New(st, t.TempDir())}
	w.admin, _, _, err = w.s.Setup(w.ctx, domain.SignUp{Email: "admin@brand.cn", Name: "管理员", Password: "admin-password"})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) fan(i int) domain.User {
	w.t.Helper()
	u, _, err := w.s.SignUp(w.ctx, domain.SignUp{Email: fmt.Sprintf("fan%d@example.com", i), Name: fmt.Sprintf("粉丝%d", i), Password: "fan-password"})
	if err != nil {
		w.t.Fatal(err)
	}
	return u
}

// pairwiseChallenge is an open call voting by pairs, open now.
func (w *world) pairwiseChallenge() int64 {
	w.t.Helper()
	now := w.s.now()
	at := func(d time.Duration) domain.OptTime { t := now.Add(d); return domain.OptTime{Set: true, Time: &t} }
	title, brief, kind, method := "洗衣机二次污染", "**Help**", domain.OpenCall, "pairwise"
	c, err := w.s.CreateChallenge(w.ctx, &w.admin, domain.ChallengeInput{Title: &title, Brief: &brief, Kind: &kind,
		SubmissionsOpenAt: at(-time.Hour), SubmissionsCloseAt: at(48 * time.Hour),
		VotingOpenAt: at(-time.Hour), VotingCloseAt: at(72 * time.Hour), VotingMethod: &method})
	if err != nil {
		w.t.Fatal(err)
	}
	return c.ID
}

func (w *world) idea(challengeID int64, title string) int64 {
	w.t.Helper()
	summary, body := "s", "b"
	idea, err := w.s.SubmitIdea(w.ctx, &w.admin, challengeID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body}, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	return idea.ID
}

// answer records fan's answer to the pair a-b (a wins), through a token
// signed as NextPair signs one, so the test decides which pairs are
// answered.
func (w *world) answer(fan *domain.User, challengeID, a, b int64) {
	w.t.Helper()
	tok := pairwise.Sign(w.s.pairKey(), pairwise.Question{Challenge: challengeID, User: fan.ID,
		Left: a, Right: b, Expires: w.s.now().Add(pairwise.TokenLife)})
	if err := w.s.AnswerPair(w.ctx, fan, challengeID, tok, "left", Client{Addr: "203.0.113.9", UserAgent: "test"}); err != nil {
		w.t.Fatalf("answer %d-%d: %v", a, b, err)
	}
}

// asked is the pairs NextPair puts to fan, n times over (nothing answered).
func (w *world) asked(fan *domain.User, challengeID int64, n int) [][2]int64 {
	w.t.Helper()
	var out [][2]int64
	for range n {
		q, ok, err := w.s.NextPair(w.ctx, fan, challengeID)
		if err != nil || !ok {
			w.t.Fatalf("next pair: ok %v, %v", ok, err)
		}
		out = append(out, [2]int64{q.Left.ID, q.Right.ID})
	}
	return out
}

// TestPairsFollowTheNodesAnswers is what a fan notices of the node's copy
// of a challenge's candidates (candidatesFor, answered): the pairs asked
// next favour the ideas with the fewest answers, counting the answers this
// node just recorded; a hidden idea is never asked; an idea added joins the
// pairs at once; an idea another node hid before this node heard of it is
// found when chosen, and the pair chosen again from a fresh read. The copy
// is made to live an hour here, so that what the test sees is the copy
// itself rather than a fresh read.
func TestPairsFollowTheNodesAnswers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cocreate.db")
	w := newWorldAt(t, path)
	var mu sync.Mutex
	seed := uint64(0)
	w.s.pairs.rand = func() *rand.Rand {
		mu.Lock()
		defer mu.Unlock()
		seed++
		return rand.New(rand.NewPCG(7, seed))
	}
	w.s.pairs.life = time.Hour
	cid := w.pairwiseChallenge()
	var ids []int64
	for _, title := range []string{"红裙", "黑裙", "白裙", "蓝裙", "绿裙", "黄裙"} {
		ids = append(ids, w.idea(cid, title))
	}
	asker := w.fan(0)
	w.asked(&asker, cid, 1) // the copy is made: every idea unanswered

	// Five fans compare the first three ideas with each other: 10 answers
	// each; the other three have none.
	for i := 1; i <= 5; i++ {
		f := w.fan(i)
		w.answer(&f, cid, ids[0], ids[1])
		w.answer(&f, cid, ids[1], ids[2])
		w.answer(&f, cid, ids[2], ids[0])
	}
	fresh := map[int64]bool{ids[3]: true, ids[4]: true, ids[5]: true}
	const n = 60
	both := 0
	for _, p := range w.asked(&asker, cid, n) {
		if fresh[p[0]] && fresh[p[1]] {
			both++
		}
	}
	// Choose asks the least answered ideas 80% of the time (Explore is
	// 0.2); a random pair of six is two of those three 1 time in 5.
	if both < n*7/10 {
		t.Errorf("%d of %d pairs asked after the answers are two of the three unanswered ideas, want most (the node's copy must count its answers)", both, n)
	}

	// A hidden idea is never asked, though the copy had it.
	hidden := domain.StateHidden
	if _, err := w.s.EditIdea(w.ctx, &w.admin, ids[3], IdeaPatch{State: &hidden, Reason: "spam"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range w.asked(&asker, cid, n) {
		if p[0] == ids[3] || p[1] == ids[3] {
			t.Fatalf("the hidden idea %d is asked: %v", ids[3], p)
		}
	}

	// A new idea joins at once: it is the least answered, so most pairs
	// now hold it (or the two other unanswered ones).
	added := w.idea(cid, "紫裙")
	with := 0
	for _, p := range w.asked(&asker, cid, n) {
		if p[0] == added || p[1] == added {
			with++
		}
	}
	if with < n/2 {
		t.Errorf("the new idea is in %d of %d pairs asked, want at least half (the copy must be read again when the listed set changes)", with, n)
	}

	// Another node (a second store on the same database, whose commits
	// this node does not hear of: on PostgreSQL, the moment before it
	// does) hides an idea the copy holds and no fan was shown yet.
	c2 := w.pairwiseChallenge()
	four := []int64{w.idea(c2, "甲"), w.idea(c2, "乙"), w.idea(c2, "丙"), w.idea(c2, "丁")}
	first := w.asked(&asker, c2, 1)[0] // the copy of c2 is made
	var unseen []int64
	for _, id := range four {
		if id != first[0] && id != first[1] {
			unseen = append(unseen, id)
		}
	}
	other, err := store.OpenEngine(pgtest.DB(t, path), path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := New(other, t.TempDir()).EditIdea(w.ctx, &w.admin, unseen[0], IdeaPatch{State: &hidden, Reason: "spam"}); err != nil {
		t.Fatal(err)
	}
	// The two shown have answers now: the two unseen ones are the most
	// uncertain, so the copy chooses the hidden one. Reading it finds it
	// hidden, and the pair is chosen again from a fresh read: the fan
	// sees neither an error nor the hidden idea.
	w.answer(&asker, c2, first[0], first[1])
	for _, p := range w.asked(&asker, c2, 20) {
		if p[0] == unseen[0] || p[1] == unseen[0] {
			t.Fatalf("the idea hidden by another node is asked: %v", p)
		}
	}
	// What a pair shows of its ideas is what the store holds: answer
	// counts (moved by this node's answers) and, after a refit, scores.
	if err := w.s.RefitPairwise(w.ctx, c2); err != nil {
		t.Fatal(err)
	}
	pairsShowWhatIsStored(t, w, &asker, c2, 10)
	e, err := w.s.candidatesFor(w.ctx, c2, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, stale := e.index[unseen[0]]; stale || len(e.cands) != 3 {
		t.Errorf("the node's copy still holds the hidden idea %d (%d candidates): it was never read again", unseen[0], len(e.cands))
	}
}

// The ideas kept for pair questions stay within shownBytes however long
// their bodies, and a newer ShapeVersion starts them afresh.
func TestShownIdeasAreBounded(t *testing.T) {
	var c shownIdeas
	body := strings.Repeat("长", domain.MaxIdeaBody)
	kept := 0
	for id := int64(1); id <= 1000; id++ {
		c.put(7, domain.Idea{ID: id, Title: "裙", Body: body})
		if _, ok := c.get(7, id); ok {
			kept++
		}
	}
	if c.bytes > shownBytes || kept == 0 || kept == 1000 {
		t.Errorf("kept %d of 1,000 long ideas in %d bytes; want some, within %d", kept, c.bytes, shownBytes)
	}
	if _, ok := c.get(8, 1); ok {
		t.Error("an idea kept at one version is served at another")
	}
	c.put(6, domain.Idea{ID: 5000})
	if _, ok := c.get(6, 5000); ok {
		t.Error("an idea read at an older version was kept")
	}
	c.put(8, domain.Idea{ID: 1, Title: "新"})
	if got, ok := c.get(8, 1); !ok || got.Title != "新" || c.bytes != shownSize(got) {
		t.Errorf("a newer version did not start afresh: %+v %v, %d bytes", got, ok, c.bytes)
	}
}

// pairsShowWhatIsStored asks asker n pair questions in challenge cid and
// fails if an idea shown differs from the stored one in its title or in
// any count or score it shows.
func pairsShowWhatIsStored(t *testing.T, w *world, asker *domain.User, cid int64, n int) {
	t.Helper()
	for range n {
		q, ok, err := w.s.NextPair(w.ctx, asker, cid)
		if err != nil || !ok {
			t.Fatalf("next pair: ok %v, %v", ok, err)
		}
		for _, shown := range []domain.Idea{q.Left, q.Right} {
			stored, err := w.s.store.Idea(w.ctx, shown.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := numbers(shown), numbers(stored); got != want || shown.Title != stored.Title {
				t.Errorf("idea %d shown with %s, %q;\nstored %s, %q", shown.ID, got, shown.Title, want, stored.Title)
			}
		}
	}
}

// numbers is every count and score an idea shows.
func numbers(idea domain.Idea) string {
	return fmt.Sprintf("votes %d (%d under review), %d comments, %d buyers of %d units (qualified %v), %d ratings summing %d, %d comparisons %d wins, score %v ± %v, rank %v",
		idea.Votes, idea.VotesUnderReview, idea.Comments, idea.Buyers, idea.Units, idea.QualifiedAt != nil,
		idea.Ratings, idea.RatingSum, idea.Comparisons, idea.Wins, idea.Score, idea.ScoreSD, idea.RankScore)
}

// A pair question shows its ideas' numbers as the store holds them now,
// though the node keeps the ideas it showed while ShapeVersion stands:
// answers recorded on this node (wins) and on another (comparisons and
// wins), and another node's refit (scores), none of which moves
// ShapeVersion. The copies live an hour here, so that the question would
// show them if it showed anything kept.
func TestPairQuestionsShowLiveNumbers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cocreate.db")
	w := newWorldAt(t, path)
	w.s.pairs.life = time.Hour
	cid := w.pairwiseChallenge()
	a, b, c := w.idea(cid, "红裙"), w.idea(cid, "黑裙"), w.idea(cid, "白裙")
	asker := w.fan(0)
	var fans []domain.User
	for i := 1; i <= 4; i++ {
		fans = append(fans, w.fan(i))
	}
	w.asked(&asker, cid, 6) // the copies are made: every idea shown

	// On this node: a beats b twice.
	w.answer(&fans[0], cid, a, b)
	w.answer(&fans[1], cid, a, b)
	// On another node, which this one does not hear of (SQLite) or hears
	// of as pair answers (PostgreSQL): c beats a twice, then a refit.
	other, err := store.OpenEngine(pgtest.DB(t, path), path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	allow := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	for _, f := range fans[2:] {
		if counted, err := other.Compare(w.ctx, f.ID, cid, c, a, c, store.VoteSignals{}, allow); err != nil || !counted {
			t.Fatalf("another node's answer: counted %v, %v", counted, err)
		}
	}
	if err := New(other, t.TempDir()).RefitPairwise(w.ctx, cid); err != nil {
		t.Fatal(err)
	}

	pairsShowWhatIsStored(t, w, &asker, cid, 6)
	if stored, err := w.s.store.Idea(w.ctx, a); err != nil || stored.Comparisons != 4 || stored.Wins != 2 || stored.ScoreSD == 0 {
		t.Errorf("idea a stored %s (%v): want 4 comparisons, 2 wins, fitted", numbers(stored), err)
	}
}

// BenchmarkNextPair is a pair question at 1,000 ideas (SQLite) for a fan
// who has answered none, the node's copies made: what GET .../pair costs
// in the service.
func BenchmarkNextPair(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "cocreate.db")
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	s := New(st, b.TempDir())
	s.pairs.life = time.Hour
	admin, _, _, err := s.Setup(ctx, domain.SignUp{Email: "admin@brand.cn", Name: "管理员", Password: "admin-password"})
	if err != nil {
		b.Fatal(err)
	}
	now := s.now()
	at := func(d time.Duration) domain.OptTime { t := now.Add(d); return domain.OptTime{Set: true, Time: &t} }
	title, brief, kind, method := "洗衣机二次污染", "**Help**", domain.OpenCall, "pairwise"
	c, err := s.CreateChallenge(ctx, &admin, domain.ChallengeInput{Title: &title, Brief: &brief, Kind: &kind,
		SubmissionsOpenAt: at(-time.Hour), SubmissionsCloseAt: at(48 * time.Hour),
		VotingOpenAt: at(-time.Hour), VotingCloseAt: at(72 * time.Hour), VotingMethod: &method})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 1000 {
		title, summary, body := fmt.Sprintf("想法 %d", i), "更长的电池续航", strings.Repeat("A longer battery life. ", 20)
		if _, err := s.SubmitIdea(ctx, &admin, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body}, nil); err != nil {
			b.Fatal(err)
		}
	}
	fan, _, err := s.SignUp(ctx, domain.SignUp{Email: "fan@example.com", Name: "粉丝", Password: "fan-password"})
	if err != nil {
		b.Fatal(err)
	}
	for range 2000 { // every idea shown once, about: the copies are made
		if _, ok, err := s.NextPair(ctx, &fan, c.ID); err != nil || !ok {
			b.Fatalf("next pair: ok %v, %v", ok, err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, ok, err := s.NextPair(ctx, &fan, c.ID); err != nil || !ok {
			b.Fatalf("next pair: ok %v, %v", ok, err)
		}
	}
}
