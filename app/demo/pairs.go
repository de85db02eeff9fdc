package demo

import (
	"context"
	"fmt"
	"sort"

	"cocreate/app/domain"
	"cocreate/app/pairwise"
	"cocreate/app/service"
)

// votesBySupport says whether a demo challenge takes support votes (a
// pairwise poll's fans compare pairs instead).
func votesBySupport(ctx context.Context, svc *service.Service, challengeID int64) bool {
	c, err := svc.Challenge(ctx, nil, challengeID)
	return err != nil || c.Method() == domain.MethodSupport
}

// comparePairs has the poll's fans answer "which of these two?" until each
// has compared every pair: a fan picks the design they like (the demo's
// voters of it), else the one more fans like, and skips when neither
// side tells them apart.
func comparePairs(ctx context.Context, svc *service.Service, challengeID int64, people map[string]*domain.User, ideas []demoIdea) error {
	likes := map[string]map[string]bool{} // title → fan → likes it
	fans := map[string]bool{}
	for _, d := range ideas {
		likes[d.title] = map[string]bool{}
		for _, v := range d.voters {
			likes[d.title][v], fans[v] = true, true
		}
	}
	emails := make([]string, 0, len(fans))
	for e := range fans {
		emails = append(emails, e)
	}
	sort.Strings(emails)
	for _, e := range emails {
		fan := people[e]
		for {
			q, ok, err := svc.NextPair(ctx, fan, challengeID)
			if err != nil {
				return fmt.Errorf("pair for %s: %w", e, err)
			}
			if !ok {
				break
			}
			l, r := likes[q.Left.Title], likes[q.Right.Title]
			choice := pairwise.ChoiceSkip
			switch {
			case l[e] && !r[e]:
				choice = pairwise.ChoiceLeft
			case r[e] && !l[e]:
				choice = pairwise.ChoiceRight
			case len(l) > len(r):
				choice = pairwise.ChoiceLeft
			case len(r) > len(l):
				choice = pairwise.ChoiceRight
			}
			if err := svc.AnswerPair(ctx, fan, challengeID, q.Token, string(choice), client(e)); err != nil {
				return fmt.Errorf("answer by %s: %w", e, err)
			}
		}
	}
	return nil
}
