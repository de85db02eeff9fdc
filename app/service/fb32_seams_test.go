//go:build cocreate_seams

package service

import (
	"errors"
	"reflect"
	"testing"

	"cocreate/app/domain"
)

// The reply-time page reads its challenge once a request (it read it three
// times: for the page, then again in each of ReplyTimes and ReportAnswers),
// and says what ReplyTimes and ReportAnswers say; its refusals are the
// page's as they were: a challenge the reader may not see is not found,
// then sign in, then engineers and admins only.
func TestFb32ReplyTimesPageReadsItsChallengeOnce(t *testing.T) {
	w := newWorld(t)
	c := w.openCall()
	w.idea(c.ID, "免清洗内筒")
	eng := w.staff(w.fan(1), "engineer")
	for _, who := range []*domain.User{&eng, &w.admin} {
		before := w.s.seams.challengeReads.Load()
		p, err := w.s.ReplyTimesPage(w.ctx, who, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if reads := w.s.seams.challengeReads.Load() - before; reads != 1 {
			t.Errorf("%s's reply-time page read its challenge %d times, want once", who.Name, reads)
		}
		st, waits, err := w.s.ReplyTimes(w.ctx, who, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		reports, projects, err := w.s.ReportAnswers(w.ctx, who, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Challenge.ID != c.ID || !reflect.DeepEqual(p.Stats, st) || !reflect.DeepEqual(p.Waits, waits) ||
			!reflect.DeepEqual(p.Reports, reports) || !reflect.DeepEqual(p.Projects, projects) {
			t.Errorf("the page says %+v, not what ReplyTimes and ReportAnswers say", p)
		}
	}
	fan := w.fan(2)
	for _, c := range []struct {
		who  *domain.User
		id   int64
		kind domain.ErrKind
	}{
		{nil, c.ID, domain.KindUnauthorized},
		{&fan, c.ID, domain.KindForbidden},
		{&eng, c.ID + 100, domain.KindNotFound},
		{nil, c.ID + 100, domain.KindNotFound},
	} {
		_, err := w.s.ReplyTimesPage(w.ctx, c.who, c.id)
		var de *domain.Error
		if !errors.As(err, &de) || de.Kind != c.kind {
			t.Errorf("challenge %d to %v: %v, want %v", c.id, c.who, err, c.kind)
		}
	}
}
