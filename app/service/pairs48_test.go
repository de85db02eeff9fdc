package service

import (
	"testing"

	"cocreate/app/domain"
	"cocreate/app/pairwise"
)

// A fan is asked at most PairsPerFan of a challenge's pairs: then no pair
// is asked (Enough), though pairs are left, so that a script answering for
// hours cannot make each question cost more; another fan is still asked.
func TestAFanIsAskedAtMostPairsPerFan(t *testing.T) {
	w := newWorld(t)
	w.s.PairsPerFan = 3
	cid := w.pairwiseChallenge()
	var ids []int64
	for _, title := range []string{"红裙", "黑裙", "白裙", "蓝裙", "绿裙"} {
		ids = append(ids, w.idea(cid, title))
	}
	fan, other := w.fan(1), w.fan(2)
	w.answer(&fan, cid, ids[0], ids[1])
	w.answer(&fan, cid, ids[0], ids[2])
	if q, ok, err := w.s.NextPair(w.ctx, &fan, cid); err != nil || !ok || q.Enough {
		t.Fatalf("two answers of three: ok %v enough %v, %v", ok, q.Enough, err)
	}
	w.answer(&fan, cid, ids[0], ids[3])
	q, ok, err := w.s.NextPair(w.ctx, &fan, cid)
	if err != nil || ok || !q.Enough || q.Challenge.ID != cid {
		t.Fatalf("three answers of three: ok %v enough %v challenge %d, %v", ok, q.Enough, q.Challenge.ID, err)
	}
	if q, ok, err := w.s.NextPair(w.ctx, &other, cid); err != nil || !ok || q.Enough {
		t.Errorf("another fan: ok %v enough %v, %v", ok, q.Enough, err)
	}
	// A pair asked before the fan's share was reached is not answered
	// past it.
	tok := pairwise.Sign(w.s.pairKey(), pairwise.Question{Challenge: cid, User: fan.ID,
		Left: ids[1], Right: ids[2], Expires: w.s.now().Add(pairwise.TokenLife)})
	err = w.s.AnswerPair(w.ctx, &fan, cid, tok, "left", Client{Addr: "203.0.113.9", UserAgent: "test"})
	if e := domain.AsError(err); e == nil || e.Code != "pairs_enough" {
		t.Errorf("an answer past the fan's share: %v", err)
	}
}
