package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	"cocreate/app/domain"
)

func allowIntent(domain.Challenge, domain.Idea) error { return nil }

func TestIntentsKeepTalliesExact(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 12)
	c, err := s.UpdateChallenge(ctx, c.ID, func(c *domain.Challenge) error {
		c.Kind = domain.DesignPoll
		c.BuyOptions = map[string][]string{"size": {"S", "M"}}
		c.PriceBands = []int{99, 199}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.BuyOptions, map[string][]string{"size": {"S", "M"}}) || !reflect.DeepEqual(c.PriceBands, []int{99, 199}) {
		t.Fatalf("rules not kept: %+v", c.DemandRules)
	}
	a, b := addIdea(t, s, c, users[0].ID, "a"), addIdea(t, s, c, users[0].ID, "b")
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Add(1)
		go func(i int, u domain.User) {
			defer wg.Done()
			size := []string{"S", "M"}[i%2]
			// Each fan says it twice: the second changes the first.
			for q := 1; q <= 2; q++ {
				if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: a.ID, UserID: u.ID, Quantity: q + i%3, Options: map[string]string{"size": size}, MaxPrice: 99},
					VoteSignals{Net: 1, UA: 2, Age: 3}, allowIntent); err != nil {
					t.Error(err)
				}
			}
		}(i, u)
	}
	wg.Wait()
	// Three take it back, one twice.
	for _, u := range users[:3] {
		if _, err := s.DeleteIntent(ctx, u.ID, a.ID, allowIntent); err != nil {
			t.Fatal(err)
		}
	}
	tally, err := s.DeleteIntent(ctx, users[0].ID, a.ID, allowIntent)
	if err != nil {
		t.Fatal(err)
	}
	// Fans 3..11 remain, each with quantity 2 + i%3.
	units := 0
	for i := 3; i < 12; i++ {
		units += 2 + i%3
	}
	if tally != (Tally{Buyers: 9, Units: units}) {
		t.Fatalf("tally %+v, want 9 buyers and %d units", tally, units)
	}
	// A refusal changes nothing.
	refuse := errors.New("no")
	if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: b.ID, UserID: users[0].ID, Quantity: 1, Options: map[string]string{"size": "S"}},
		VoteSignals{}, func(domain.Challenge, domain.Idea) error { return refuse }); err != refuse {
		t.Fatalf("refused intent: %v", err)
	}
	if _, err := s.DeleteIntent(ctx, users[5].ID, a.ID, func(domain.Challenge, domain.Idea) error { return refuse }); err != refuse {
		t.Fatalf("refused withdrawal: %v", err)
	}
	if v, err := s.Check(ctx); err != nil || len(v) != 0 {
		t.Fatalf("check: %v %v", v, err)
	}
	in, ok, err := s.Intent(ctx, users[4].ID, a.ID)
	if err != nil || !ok || in.Quantity != 3 || in.Options["size"] != "S" || in.MaxPrice != 99 {
		t.Fatalf("intent of fan 4: %+v %v %v", in, ok, err)
	}
	groups, err := s.IntentGroups(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	d := domain.TallyDemand(groups)
	if len(d) != 1 || d[0].Buyers != 9 || d[0].Units != units || d[0].ByOption["size"]["S"]+d[0].ByOption["size"]["M"] != units {
		t.Fatalf("demand %+v", d)
	}
	// The signals are kept like a vote's.
	var net sql.NullInt64
	if err := s.r.QueryRow(`SELECT net FROM intents WHERE idea_id = ? AND user_id = ?`, a.ID, users[4].ID).Scan(&net); err != nil || net.Int64 != 1 {
		t.Fatalf("signals: %v %v", net, err)
	}
	// check catches a counter that drifts.
	if err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE ideas SET buyers = 3, units = 4 WHERE id = ?`, b.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	v, err := s.Check(ctx)
	if err != nil || len(v) != 2 || v[0].What != "idea buyers" || v[1].What != "idea units" || v[0].Got != 3 || v[1].Got != 4 {
		t.Fatalf("check after tampering: %v %v", v, err)
	}
}

func TestMarkProductionTellsBuyersOnce(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 3)
	idea := addIdea(t, s, c, users[0].ID, "裙")
	for _, u := range users[1:] {
		if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: idea.ID, UserID: u.ID, Quantity: 1}, VoteSignals{}, allowIntent); err != nil {
			t.Fatal(err)
		}
	}
	tellAll := func(idea domain.Idea, buyers []int64) []domain.Outgoing {
		return domain.ProductionNotices(idea.ID, idea.Title, buyers)
	}
	n, err := s.MarkProduction(ctx, idea.ID, allowIntent, tellAll)
	if err != nil || n != 2 {
		t.Fatalf("told %d: %v", n, err)
	}
	if _, err := s.MarkProduction(ctx, idea.ID, allowIntent, tellAll); domain.AsError(err) == nil || domain.AsError(err).Code != "already_in_production" {
		t.Fatalf("second mark: %v", err)
	}
	for _, u := range users[1:] {
		notes, err := s.Notifications(ctx, u.ID, 0, 10)
		if err != nil || len(notes) != 1 || notes[0].Kind != domain.NoticeProduction || notes[0].URL != domain.IdeaLink(idea.ID) {
			t.Fatalf("fan %d: %+v %v", u.ID, notes, err)
		}
	}
	if at, err := s.ProductionAt(ctx, idea.ID); err != nil || at == nil {
		t.Fatalf("production_at %v %v", at, err)
	}
}

// BenchmarkIntent measures durable intents through the group-commit
// writer, many fans at once, beside BenchmarkVote: an intent reads its
// old quantity and upserts, so it costs a statement more than a vote.
func BenchmarkIntent(b *testing.B) {
	s := mustOpen(b)
	users, c := fixture(b, s, 256)
	var ideas []int64
	for i := 0; i < 200; i++ {
		ideas = append(ideas, addIdea(b, s, c, users[0].ID, "design").ID)
	}
	var n atomic.Int64
	b.SetParallelism(128)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			in := domain.Intent{IdeaID: ideas[(i/int64(len(users)))%int64(len(ideas))], UserID: users[i%int64(len(users))].ID,
				Quantity: 1 + int(i%3), Options: map[string]string{"size": []string{"S", "M", "L"}[i%3]}, MaxPrice: 199}
			if _, err := s.PutIntent(context.Background(), in, VoteSignals{Net: i, UA: 2, Age: 3}, allowIntent); err != nil {
				b.Error(err)
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "intents/s")
}

// BenchmarkDemandReport reads a design poll's demand grouped by choice,
// uncached (IntentGroups keeps the answer per ContentVersion): 40 designs,
// 20,000 intents over 4 sizes × 3 colours × 3 prices.
func BenchmarkDemandReport(b *testing.B) {
	s := mustOpen(b)
	users, c := fixture(b, s, 500)
	var ideas []int64
	for i := 0; i < 40; i++ {
		ideas = append(ideas, addIdea(b, s, c, users[0].ID, "design").ID)
	}
	if err := s.write(context.Background(), func(tx *sql.Tx) error {
		for k := 0; k < 20000; k++ {
			opt := fmt.Sprintf(`{"colour":%q,"size":%q}`, []string{"红", "黑", "白"}[k%3], []string{"S", "M", "L", "XL"}[k/3%4])
			if _, err := tx.Exec(`INSERT INTO intents (idea_id, user_id, challenge_id, quantity, options, max_price, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, 0, 0)`, ideas[k%40], users[k/40].ID, c.ID, 1+k%2, opt, []int{99, 199, 299}[k/12%3]); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		groups, err := s.intentGroups(context.Background(), c.ID)
		if err != nil {
			b.Fatal(err)
		}
		if d := domain.TallyDemand(groups); len(d) != 40 {
			b.Fatalf("%d designs", len(d))
		}
	}
}
