package service

import (
	"errors"
	"fmt"
	"testing"

	"cocreate/app/domain"
)

// The integrity log's limit is the service's rule alone (the page and the
// API hand it the text asked): "" is IntegrityLogLimit, 1 to
// IntegrityLogMax pass, anything else is 400 invalid_limit naming limit,
// saying the most, and is refused before anything is read (a challenge
// that is not there answers the limit's error, not its own). A page
// carries the challenge it read to decide who may see it, so the log's
// page reads it once.
func TestIntegrity56LogLimitIsOneRuleAndThePageCarriesItsChallenge(t *testing.T) {
	w := newWorld(t)
	c := w.openCall()
	for _, id := range []int64{c.ID, 1 << 40} {
		for _, bad := range []string{"0", "-1", "201", "x", "1.5", " 5"} {
			_, err := w.s.IntegrityLog(w.ctx, nil, id, nil, bad)
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Code != "invalid_limit" || de.Field != "limit" || fmt.Sprint(de.Args) != "[200]" {
				t.Errorf("challenge %d, limit %q: %v; want invalid_limit naming limit, at most 200", id, bad, err)
			}
		}
	}
	for _, ok := range []string{"", "1", "200"} {
		page, err := w.s.IntegrityLog(w.ctx, nil, c.ID, nil, ok)
		if err != nil || page.Challenge.ID != c.ID || page.Challenge.Title != c.Title {
			t.Errorf("limit %q: %v, challenge %d %q; want challenge %d's page", ok, err, page.Challenge.ID, page.Challenge.Title, c.ID)
		}
	}
}
