package web

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cocreate/app/people"
	"cocreate/app/store"

	"github.com/chromedp/chromedp"
)

// Journeys of #17: a fan edits their profile and sees their badges; a fan
// joins the Qingdao club and answers a full meetup (waiting list, then
// moved up); an organiser checks someone in from a phone. Each at a phone's
// and a desktop's width, in Chinese and in English.

func TestJourneyFanEditsProfileAndSeesBadges(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		email := fmt.Sprintf("profile-%s-%s@x.cn", size.name, lang)
		tok := jUser(h, email, "小林")
		h.idea(tok, cid, "免清洗内筒 "+size.name+lang)
		id := jUserID(h, tok)
		h.api("POST", fmt.Sprintf("/api/v1/users/%d/badges", id), admin, map[string]string{"key": "honour_fan"}).must(t, 201)

		jSignIn(t, ctx, h, email, "fan-password", lang)
		jVisit(t, ctx, h.srv.URL+"/settings")
		jGo(t, ctx, fmt.Sprintf(`a[href="/users/%d#edit-profile"]`, id))
		jWantContains(t, "profile heading", jText(t, ctx, "h1"), "小林")
		jWant(t, "level", jText(t, ctx, "h1 .level-badge"), jT(lang, "profile.level", 1))
		jWantContains(t, "why testing is locked", jText(t, ctx, ".profile > p.meta"), jT(lang, "profile.tester_locked", 2))
		jDo(t, ctx,
			chromedp.SendKeys("#profile-city", "青岛", chromedp.ByQuery),
			chromedp.SendKeys("#profile-bio", "爱洗衣机 <b>也爱冰箱</b>", chromedp.ByQuery),
		)
		jGo(t, ctx, `#profile-form button[type="submit"]`)
		jWant(t, "flash", jText(t, ctx, ".flash"), jT(lang, "profile.saved"))
		jWantContains(t, "city", jText(t, ctx, ".profile-head .meta"), jT(lang, "profile.city", "青岛"))
		jWant(t, "bio, as text", jText(t, ctx, ".bio"), "爱洗衣机 <b>也爱冰箱</b>")
		badges := jTexts(t, ctx, ".badges li strong")
		if len(badges) != 2 || badges[0] != jT(lang, "badge.first_idea") || badges[1] != jT(lang, "badge.honour_fan") {
			t.Errorf("badges %q", badges)
		}
		// The menu leads to the leaderboard.
		jGo(t, ctx, `.nav a[href="/leaderboard"]`)
		jWant(t, "leaderboard title", jText(t, ctx, "h1"), jT(lang, "leaderboard.title"))
	})
}

func TestJourneyFanJoinsClubAndIsWaitlisted(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	club := num(h.api("POST", "/api/v1/clubs", admin, map[string]string{"city": "青岛", "name": "海尔青岛同城会"}).must(t, 201).JSON, "id")
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		// A meetup for one, taken by another fan.
		ev := num(h.api("POST", fmt.Sprintf("/api/v1/clubs/%d/events", club), admin, map[string]any{
			"title": "工厂开放日 " + size.name + lang, "place": "海尔工业园", "starts_at": h.clock().Add(48 * time.Hour), "capacity": 1}).must(t, 201).JSON, "id")
		first := jConfirmed(h, jUser(h, fmt.Sprintf("first-%s-%s@x.cn", size.name, lang), "先到的粉丝"))
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", club), first, nil).must(t, 200)
		h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", ev), first, nil).must(t, 200)
		email := fmt.Sprintf("club-%s-%s@x.cn", size.name, lang)
		jConfirmed(h, jUser(h, email, "王芳"))

		jSignIn(t, ctx, h, email, "fan-password", lang)
		jGo(t, ctx, `.nav a[href="/clubs"]`)
		jWant(t, "clubs title", jText(t, ctx, "h1"), jT(lang, "clubs.title"))
		jGo(t, ctx, fmt.Sprintf(`a[href="/clubs/%d"]`, club))
		jGo(t, ctx, "#join-club")
		jWant(t, "flash", jText(t, ctx, ".flash"), jT(lang, "club.joined"))
		jGo(t, ctx, fmt.Sprintf(`a[href="/events/%d"]`, ev))
		jWant(t, "full", jText(t, ctx, ".rsvp p.meta"), jT(lang, "event.full"))
		jWant(t, "button", jText(t, ctx, "#rsvp-go"), jT(lang, "event.join_waitlist"))
		jGo(t, ctx, "#rsvp-go")
		jWant(t, "flash", jText(t, ctx, ".flash"), jT(lang, "event.waitlisted"))
		jWant(t, "status", jText(t, ctx, "#rsvp-status"), jT(lang, "event.you_waitlisted"))
		// The fan going cancels: the one waiting moves up.
		h.api("DELETE", fmt.Sprintf("/api/v1/events/%d/rsvp", ev), first, nil).must(t, 200)
		jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/events/%d", ev))
		jWant(t, "status after a cancel", jText(t, ctx, "#rsvp-status"), jT(lang, "event.you_going"))
		jWant(t, "places", jText(t, ctx, ".spaces strong"), jT(lang, "event.spaces", 1, 1))
	})
}

func TestJourneyOrganiserChecksInFromPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	club := int64(num(h.api("POST", "/api/v1/clubs", admin, map[string]string{"city": "青岛", "name": "海尔青岛同城会"}).must(t, 201).JSON, "id"))
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		email := fmt.Sprintf("org-%s-%s@x.cn", size.name, lang)
		org := jUser(h, email, "林小雨")
		orgID := jUserID(h, org)
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", club), org, nil).must(t, 200)
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", club, orgID), admin, nil).must(t, 200)
		fan := jConfirmed(h, jUser(h, fmt.Sprintf("guest-%s-%s@x.cn", size.name, lang), "张伟"))
		fanID := jUserID(h, fan)
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", club), fan, nil).must(t, 200)
		// A meetup that began ten minutes ago, with the fan going (written
		// by the store: the service takes no meetups in the past).
		ctx0 := context.Background()
		e, err := h.store.CreateEvent(ctx0, club, int64(orgID), people.EventInput{Title: "拆机沙龙 " + size.name + lang, Place: "海尔工业园",
			StartsAt: h.clock().Add(-10 * time.Minute), Capacity: 10}, time.Time{}, func(bool, int) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.store.RSVP(ctx0, e.ID, int64(fanID), func(store.ClubEvent, bool) error { return nil }, people.Waitlisted); err != nil {
			t.Fatal(err)
		}

		jSignIn(t, ctx, h, email, "fan-password", lang)
		jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/events/%d", e.ID))
		jWant(t, "check-in heading", jText(t, ctx, "#attendees-title"), jT(lang, "event.attendees"))
		jWant(t, "button", jText(t, ctx, fmt.Sprintf("#attendee-%d button.checkin", fanID)), jT(lang, "event.check_in"))
		jGo(t, ctx, fmt.Sprintf("#attendee-%d button.checkin", fanID))
		jWant(t, "flash", jText(t, ctx, ".flash"), jT(lang, "event.checked_in"))
		jWant(t, "checked in", jText(t, ctx, fmt.Sprintf("#attendee-%d .checked-in", fanID)), jT(lang, "event.checked_in_badge"))
		// Attendance counts toward the fan's reputation.
		if n := num(h.api("GET", fmt.Sprintf("/api/v1/users/%d", fanID), "", nil).must(t, 200).JSON, "reputation"); n != people.Points(people.MeetupAttended) {
			t.Errorf("reputation after the meetup: %d", n)
		}
	})
}

// jConfirmed confirms the email of the person signed in by tok (only
// confirmed accounts answer meetups and earn points by them).
func jConfirmed(h *harness, tok string) string {
	h.t.Helper()
	if err := h.store.SetVerified(context.Background(), int64(jUserID(h, tok)), true); err != nil {
		h.t.Fatal(err)
	}
	return tok
}
