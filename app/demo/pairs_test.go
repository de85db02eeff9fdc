package demo

import (
	"context"
	"strings"
	"testing"

	"cocreate/app/domain"
)

// The Qige poll is pairwise: its fans have compared its dresses, the refit
// has scored them, top orders by the score, and the click farm that
// compared pairs for two dresses was caught and removed in public.
func TestQigePollIsPairwise(t *testing.T) {
	svc, _ := load(t)
	ctx := context.Background()
	all, err := svc.Challenges(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var poll domain.Challenge
	for _, c := range all {
		if strings.Contains(c.Title, "七格格") {
			poll = c
		}
	}
	if poll.Method() != domain.MethodPairwise {
		t.Fatalf("the Qige poll votes by %q", poll.Method())
	}
	list, err := svc.Ideas(ctx, nil, poll.ID, domain.SortTop, nil, 100)
	if err != nil || len(list.Ideas) < 4 {
		t.Fatalf("ideas %v %v", list.Ideas, err)
	}
	for i, idea := range list.Ideas {
		if idea.Comparisons == 0 || idea.ScoreSD == 0 {
			t.Errorf("%s: %d comparisons, score %v±%v", idea.Title, idea.Comparisons, idea.Score, idea.ScoreSD)
		}
		if i > 0 && idea.Score > list.Ideas[i-1].Score {
			t.Errorf("top is not by score: %v after %v", idea.Score, list.Ideas[i-1].Score)
		}
	}
	log, err := svc.IntegrityLog(ctx, nil, poll.ID, nil, "")
	if err != nil || len(log.Entries) == 0 {
		t.Errorf("no click farm removed in the Qige poll: %v %v", log, err)
	}
}
