package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/people"
)

// earn gives a person reputation points as if others had valued what they
// did (test setup: the event is recorded without an act behind it).
func (h *harness) earn(userID, points int) {
	h.t.Helper()
	ev := people.Event{UserID: int64(userID), Kind: people.FeedbackAccepted, Ref: -int64(userID), At: h.clock(), Points: points}
	if _, err := h.store.SyncReputation(context.Background(), []people.Event{ev}); err != nil {
		h.t.Fatal(err)
	}
}

// profileOf reads a profile through the API as the holder of token ("":
// a visitor).
func profileOf(h *harness, token string, id int) map[string]any {
	h.t.Helper()
	return h.api("GET", fmt.Sprintf("/api/v1/users/%d", id), token, nil).must(h.t, 200).JSON
}

func badgeKeys(p map[string]any) []string {
	var keys []string
	for _, b := range p["badges"].([]any) {
		keys = append(keys, b.(map[string]any)["key"].(string))
	}
	return keys
}

func has(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// A winning idea earns its author the points of a shortlisted and a
// winning idea, the first-idea and first-win badges, and a level; the
// profile shows them to anyone, never the email, and the reasons only to
// the fan themselves.
func TestProfileReputationAndBadges(t *testing.T) {
	t.Parallel()
	w := newAZWorld(t)
	h := w.h
	s := w.scene()
	s.published()
	author := w.users[azAuthor]
	// A hidden idea and a withdrawn one are not on the profile (in another
	// challenge: one whose results are out takes no more ideas).
	other := w.scene().challenge()
	hidden := h.idea(author.token, other, "藏起来的创意")
	s.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", hidden), map[string]string{"state": "hidden", "reason": "spam"}, 200)
	withdrawn := h.idea(author.token, other, "撤回的创意")
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", withdrawn), author.token, map[string]any{"state": "withdrawn"}).must(t, 200)

	r := h.api("GET", fmt.Sprintf("/api/v1/users/%d", author.id), "", nil).must(t, 200)
	p := r.JSON
	if strings.Contains(r.Body, author.email) || strings.Contains(r.Body, "@") {
		t.Errorf("the profile shows an email: %s", r.Body)
	}
	if strings.Contains(r.Body, "藏起来") || strings.Contains(r.Body, "撤回") {
		t.Errorf("the profile shows an idea its author has not made public: %s", r.Body)
	}
	// 10 earned at the world's start (to apply as a tester), 10 + 30 here.
	if num(p, "reputation") != 50 || num(p, "level") != 3 || num(p, "ideas") != 1 || num(p, "next_level_in") != 50 {
		t.Errorf("reputation %v level %v ideas %v next %v, want 50, 3, 1, 50", p["reputation"], p["level"], p["ideas"], p["next_level_in"])
	}
	if keys := badgeKeys(p); !has(keys, "first_idea") || !has(keys, "first_win") || len(keys) != 2 {
		t.Errorf("badges %v", keys)
	}
	if _, ok := p["why"]; ok {
		t.Error("a visitor sees the reasons")
	}
	own := profileOf(h, author.token, author.id)
	why, _ := own["why"].([]any)
	if len(why) != 3 {
		t.Fatalf("the author sees %d reasons, want 3: %v", len(why), own["why"])
	}
	kinds := map[string]int{}
	for _, e := range why {
		m := e.(map[string]any)
		kinds[m["kind"].(string)] = num(m, "points")
	}
	if kinds["idea_shortlisted"] != 10 || kinds["idea_won"] != 30 {
		t.Errorf("reasons %v", kinds)
	}
	// The leaderboard of the challenge, and of its season.
	lb := h.api("GET", fmt.Sprintf("/api/v1/leaderboard?challenge=%d&season=2026", s.cid), "", nil).must(t, 200).JSON
	fans := lb["fans"].([]any)
	if len(fans) != 1 || num(fans[0].(map[string]any), "reputation") != 40 || num(fans[0].(map[string]any)["user"].(map[string]any), "id") != author.id {
		t.Errorf("leaderboard %v", lb)
	}
	if fans := h.api("GET", "/api/v1/leaderboard?season=2025", "", nil).must(t, 200).JSON["fans"].([]any); len(fans) != 0 {
		t.Errorf("season 2025: %v", fans)
	}
	if r := h.api("GET", "/api/v1/leaderboard?season=abcd", "", nil); r.Status != 400 || r.errField() != "season" {
		t.Errorf("bad season: %d %s", r.Status, r.Body)
	}
	// The page shows the same, with the badge's name in Chinese.
	b := h.browser()
	b.signIn(author.email, author.password)
	page := b.get(fmt.Sprintf("/users/%d", author.id), "Accept-Language", "zh-CN").Body
	for _, want := range []string{"首次获奖", "声望", "积分从哪里来"} {
		if !strings.Contains(page, want) {
			t.Errorf("profile page lacks %q", want)
		}
	}
	if visitor := h.browser().get(fmt.Sprintf("/users/%d", author.id)).Body; strings.Contains(visitor, author.email) || !strings.Contains(visitor, "首次获奖") && !strings.Contains(visitor, "First win") {
		t.Error("the profile page shows the email, or not the badge")
	}
}

// Engineers mark comments helpful; that earns the comment's author
// points once, and a thousand comments earn nothing by themselves.
func TestHelpfulCommentsAndVolume(t *testing.T) {
	t.Parallel()
	w := newAZWorld(t)
	h := w.h
	s := w.scene()
	author, eng, fan := w.users[azAuthor], w.users[azEngineer], w.users[azFan]
	for i := 0; i < 30; i++ {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", s.idea()), fan.token, map[string]string{"body": fmt.Sprintf("评论 %d", i)}).must(t, 201)
	}
	if n := num(profileOf(h, "", fan.id), "reputation"); n != 10 {
		t.Errorf("thirty comments earned %d points", n-10)
	}
	cm := s.comment()
	h.api("PUT", fmt.Sprintf("/api/v1/comments/%d/helpful", cm), fan.token, nil).must(t, 403)
	h.api("PUT", fmt.Sprintf("/api/v1/comments/%d/helpful", cm), eng.token, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/comments/%d/helpful", cm), eng.token, nil).must(t, 200)
	if n := num(profileOf(h, "", author.id), "reputation"); n != 10+people.Points(people.CommentHelpful) {
		t.Errorf("a helpful comment (marked twice) earned %d, want %d", n-10, people.Points(people.CommentHelpful))
	}
	cs := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments", s.ideaID), "", nil).must(t, 200).JSON["comments"].([]any)
	helpful := 0
	for _, c := range cs {
		if c.(map[string]any)["helpful"] == true {
			helpful++
		}
	}
	if helpful != 1 {
		t.Errorf("%d comments marked helpful, want 1", helpful)
	}
	// Taking the mark back takes back what it earned (session 49).
	h.api("DELETE", fmt.Sprintf("/api/v1/comments/%d/helpful", cm), eng.token, nil).must(t, 200)
	if n := num(profileOf(h, "", author.id), "reputation"); n != 10 {
		t.Errorf("after unmarking: %d", n)
	}
	// An engineer marking their own comment earns nothing.
	own := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", s.ideaID), eng.token, map[string]string{"body": "官方回复"}).must(t, 201).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/comments/%d/helpful", own), eng.token, nil).must(t, 200)
	if n := num(profileOf(h, "", eng.id), "reputation"); n != 10 {
		t.Errorf("self-marking earned %d", n-10)
	}
}

// Reputation is rebuilt from the data at start: the record's rows gone,
// a sync brings back the same reasons and points (and is idempotent).
func TestReputationBackfill(t *testing.T) {
	t.Parallel()
	w := newAZWorld(t)
	h := w.h
	s := w.scene()
	s.published()
	author := w.users[azAuthor]
	before := num(profileOf(h, "", author.id), "reputation")
	db := h.rawDB() // the database on either engine
	if _, err := db.Exec(`DELETE FROM reputation_events`); err != nil {
		t.Fatal(err)
	}
	if n := num(profileOf(h, "", author.id), "reputation"); n != 0 {
		t.Fatalf("after deleting: %d", n)
	}
	n, err := h.svc.SyncReputation(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("sync recorded %d (%v), want 2", n, err)
	}
	if n, _ := h.svc.SyncReputation(context.Background()); n != 0 {
		t.Errorf("a second sync recorded %d", n)
	}
	// What the data shows comes back; the world's setup points do not.
	if after := num(profileOf(h, "", author.id), "reputation"); after != 40 || before != 50 {
		t.Errorf("before %d, after %d; want 50 and 40", before, after)
	}
}

func TestHandBadges(t *testing.T) {
	t.Parallel()
	w := newAZWorld(t)
	h := w.h
	admin, fan := w.users[azAdmin], w.users[azFan]
	path := fmt.Sprintf("/api/v1/users/%d/badges", fan.id)
	h.api("POST", path, fan.token, map[string]string{"key": "honour_fan"}).must(t, 403)
	h.api("POST", path, admin.token, map[string]string{"key": "honour_fan"}).must(t, 201)
	if r := h.api("POST", path, admin.token, map[string]string{"key": "honour_fan"}); r.Status != 409 || r.errCode() != "badge_held" {
		t.Errorf("twice: %d %s", r.Status, r.Body)
	}
	if r := h.api("POST", path, admin.token, map[string]string{"key": "first_win"}); r.Status != 400 || r.errField() != "key" {
		t.Errorf("a rule badge by hand: %d %s", r.Status, r.Body)
	}
	p := profileOf(h, "", fan.id)
	if keys := badgeKeys(p); len(keys) != 1 || keys[0] != "honour_fan" {
		t.Errorf("badges %v", keys)
	}
	if b := p["badges"].([]any)[0].(map[string]any); b["name"] != "Honour fan" || b["awarded_at"] == "" {
		t.Errorf("badge %v", b)
	}
}

// The bio is the fan's text, shown as text: markup stays inert, and bad
// input names its field and changes nothing.
func TestProfileEditIsValidatedAndSafe(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	tok := h.fan("lin@x.cn")
	me := num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id")
	p := h.api("PUT", "/api/v1/me/profile", tok, map[string]string{"name": "小林", "city": "青岛", "bio": "<script>alert(1)</script>\n爱洗衣机"}).must(t, 200).JSON
	if p["city"] != "青岛" || p["name"] != "小林" {
		t.Errorf("profile %v", p)
	}
	for _, c := range []struct {
		body  map[string]string
		field string
	}{
		{map[string]string{"name": ""}, "name"},
		{map[string]string{"name": "x", "city": strings.Repeat("城", 41)}, "city"},
		{map[string]string{"name": "x", "bio": strings.Repeat("字", 281)}, "bio"},
	} {
		if r := h.api("PUT", "/api/v1/me/profile", tok, c.body); r.Status != 400 || r.errField() != c.field {
			t.Errorf("%v: %d %s", c.body, r.Status, r.Body)
		}
	}
	if p := profileOf(h, "", me); p["city"] != "青岛" || p["name"] != "小林" {
		t.Errorf("a refused edit changed the profile: %v", p)
	}
	page := h.browser().get(fmt.Sprintf("/users/%d", me)).Body
	if strings.Contains(page, "<script>alert") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the bio is not escaped")
	}
	// The page form: an error at the field, nothing saved.
	b := h.browser()
	b.signIn("lin@x.cn", "fan-password")
	r := b.post(fmt.Sprintf("/users/%d", me), "/settings/profile", map[string][]string{"name": {"小林"}, "city": {strings.Repeat("城", 41)}})
	if r.Status != 400 || !strings.Contains(r.Body, `id="err-city"`) || !strings.Contains(r.Body, `aria-invalid="true"`) {
		t.Errorf("page error: %d", r.Status)
	}
}

// clubWorld is a club founded by the admin with n confirmed fans in it and a meetup
// of the given capacity in an hour.
type clubWorld struct {
	h      *harness
	admin  string
	club   int
	event  int
	fans   []string
	fanIDs []int
}

func newClubWorld(t *testing.T, n, capacity int) *clubWorld {
	h := newHarness(t)
	cw := &clubWorld{h: h, admin: h.setup()}
	cw.club = num(h.api("POST", "/api/v1/clubs", cw.admin, map[string]string{"city": "青岛", "name": "海尔青岛同城会"}).must(t, 201).JSON, "id")
	for i := 0; i < n; i++ {
		tok := h.fan(fmt.Sprintf("fan%d@x.cn", i))
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", cw.club), tok, nil).must(t, 200)
		cw.fans = append(cw.fans, tok)
		cw.fanIDs = append(cw.fanIDs, num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id"))
		// Confirmed: only confirmed accounts answer meetups and earn points by them.
		if err := h.store.SetVerified(context.Background(), int64(cw.fanIDs[i]), true); err != nil {
			t.Fatal(err)
		}
	}
	cw.event = num(h.api("POST", fmt.Sprintf("/api/v1/clubs/%d/events", cw.club), cw.admin, map[string]any{
		"title": "工厂开放日, 洗衣机; 冰箱", "body": "参观互联工厂\n和工程师聊天", "place": "青岛海尔工业园",
		"starts_at": h.clock().Add(time.Hour), "capacity": capacity}).must(t, 201).JSON, "id")
	return cw
}

func (cw *clubWorld) counts(t *testing.T) (going, waiting int) {
	e := cw.h.api("GET", fmt.Sprintf("/api/v1/events/%d", cw.event), "", nil).must(t, 200).JSON
	return num(e, "going"), num(e, "waitlisted")
}

// Forty fans answer a meetup for five at once: five go, thirty-five wait,
// never more; cancellations move the first waiting up, also while others
// answer and cancel at the same time.
func TestRSVPNeverOverCapacityUnderConcurrency(t *testing.T) {
	t.Parallel()
	cw := newClubWorld(t, 40, 5)
	h := cw.h
	var wg sync.WaitGroup
	waitlisted := make([]bool, len(cw.fans))
	for i, tok := range cw.fans {
		wg.Add(1)
		go func(i int, tok string) {
			defer wg.Done()
			r := h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", cw.event), tok, nil)
			if r.Status != 200 || r.JSON["going"] != true {
				t.Errorf("rsvp: %d %s", r.Status, r.Body)
			}
			waitlisted[i], _ = r.JSON["waitlisted"].(bool)
		}(i, tok)
	}
	wg.Wait()
	going, waiting := cw.counts(t)
	if going != 5 || waiting != 35 {
		t.Fatalf("going %d, waiting %d; want 5 and 35", going, waiting)
	}
	n := 0
	for _, w := range waitlisted {
		if !w {
			n++
		}
	}
	if n != 5 {
		t.Errorf("%d fans were told they are going", n)
	}
	attendees, err := h.store.Attendees(context.Background(), int64(cw.event))
	if err != nil {
		t.Fatal(err)
	}
	firstWaiting := attendees[5].User.ID
	var goer int
	for i, w := range waitlisted {
		if !w {
			goer = i
			break
		}
	}
	h.api("DELETE", fmt.Sprintf("/api/v1/events/%d/rsvp", cw.event), cw.fans[goer], nil).must(t, 200)
	if going, waiting := cw.counts(t); going != 5 || waiting != 34 {
		t.Errorf("after a cancel: going %d, waiting %d", going, waiting)
	}
	for i, id := range cw.fanIDs {
		if int64(id) == firstWaiting {
			r := h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", cw.event), cw.fans[i], nil).must(t, 200)
			if r.JSON["waitlisted"] != false {
				t.Errorf("the first waiting did not move up: %s", r.Body)
			}
		}
	}
	// Everyone cancels and answers again at once: never over capacity.
	for _, tok := range cw.fans {
		wg.Add(1)
		go func(tok string) {
			defer wg.Done()
			h.api("DELETE", fmt.Sprintf("/api/v1/events/%d/rsvp", cw.event), tok, nil)
			h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", cw.event), tok, nil)
		}(tok)
	}
	wg.Wait()
	if going, waiting := cw.counts(t); going != 5 || waiting != 35 {
		t.Errorf("after the churn: going %d, waiting %d", going, waiting)
	}
	// A fan outside the club cannot answer.
	out := h.fan("outsider@x.cn")
	if r := h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", cw.event), out, nil); r.Status != 403 || r.errCode() != "not_a_member" {
		t.Errorf("outsider: %d %s", r.Status, r.Body)
	}
}

// Check-in: only organisers, only once the meetup has started, only people
// going; attendance earns reputation and the first-meetup badge.
func TestCheckIn(t *testing.T) {
	t.Parallel()
	cw := newClubWorld(t, 3, 1)
	h := cw.h
	ev := fmt.Sprintf("/api/v1/events/%d", cw.event)
	h.api("PUT", ev+"/rsvp", cw.fans[0], nil).must(t, 200) // going
	if r := h.api("PUT", ev+"/rsvp", cw.fans[1], nil).must(t, 200); r.JSON["waitlisted"] != true {
		t.Fatalf("second answer for one place: %s", r.Body)
	}
	// fans[2] is made an organiser.
	h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", cw.club, cw.fanIDs[2]), cw.admin, nil).must(t, 200)
	org := cw.fans[2]
	checkin := func(tok string, uid int) res {
		return h.api("POST", ev+"/checkins", tok, map[string]any{"user_id": uid})
	}
	if r := checkin(org, cw.fanIDs[0]); r.Status != 409 || r.errCode() != "event_not_started" {
		t.Errorf("before the start: %d %s", r.Status, r.Body)
	}
	if r := checkin(org, cw.fanIDs[1]); r.Status != 400 || r.errCode() != "waitlisted" || r.errField() != "user_id" {
		t.Errorf("someone waiting, before the start: %d %s", r.Status, r.Body)
	}
	h.advance(90 * time.Minute)
	if r := checkin(cw.fans[1], cw.fanIDs[0]); r.Status != 403 || r.errCode() != "not_an_organiser" {
		t.Errorf("by a non-organiser: %d %s", r.Status, r.Body)
	}
	if r := checkin(cw.admin, cw.fanIDs[2]); r.Status != 400 || r.errCode() != "no_rsvp" { // the organiser, who did not answer, checked in by an admin
		t.Errorf("someone who did not answer: %d %s", r.Status, r.Body)
	}
	if r := checkin(org, 0); r.Status != 400 || r.errField() != "user_id" {
		t.Errorf("no user: %d %s", r.Status, r.Body)
	}
	checkin(org, cw.fanIDs[0]).must(t, 201)
	if r := checkin(org, cw.fanIDs[0]); r.Status != 409 || r.errCode() != "already_checked_in" {
		t.Errorf("twice: %d %s", r.Status, r.Body)
	}
	// The one place is taken at the door: nobody waiting is let in.
	if r := checkin(org, cw.fanIDs[1]); r.Status != 409 || r.errCode() != "no_place_left" || r.errField() != "user_id" {
		t.Errorf("someone waiting, the place taken: %d %s", r.Status, r.Body)
	}
	p := profileOf(h, "", cw.fanIDs[0])
	if num(p, "reputation") != people.Points(people.MeetupAttended) || !has(badgeKeys(p), "first_meetup") {
		t.Errorf("attendance: %v %v", p["reputation"], badgeKeys(p))
	}
	// After the meetup, answers are closed.
	if r := h.api("DELETE", ev+"/rsvp", cw.fans[1], nil); r.Status != 409 {
		t.Errorf("cancel after the start: %d", r.Status)
	}
	h.advance(24 * time.Hour)
	if r := checkin(org, cw.fanIDs[0]); r.Status != 409 {
		t.Errorf("a day later: %d %s", r.Status, r.Body)
	}
	// The club lists it as past.
	club := h.api("GET", fmt.Sprintf("/api/v1/clubs/%d", cw.club), "", nil).must(t, 200).JSON
	if len(club["past"].([]any)) != 1 || len(club["upcoming"].([]any)) != 0 || len(club["members"].([]any)) != 3 {
		t.Errorf("club: %v", club)
	}
}

// An organiser never checks themselves in: attendance earns reputation,
// and an organiser alone could hold meetups nobody came to and check
// themselves in at each. Another organiser (or an admin) does it.
func TestOrganisersDoNotCheckThemselvesIn(t *testing.T) {
	t.Parallel()
	cw := newClubWorld(t, 1, 5)
	h := cw.h
	ev := fmt.Sprintf("/api/v1/events/%d", cw.event)
	h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", cw.club, cw.fanIDs[0]), cw.admin, nil).must(t, 200)
	h.api("PUT", ev+"/rsvp", cw.fans[0], nil).must(t, 200)
	h.advance(90 * time.Minute)
	if r := h.api("POST", ev+"/checkins", cw.fans[0], map[string]any{"user_id": cw.fanIDs[0]}); r.Status != 403 || r.errCode() != "own_check_in" || r.errField() != "user_id" {
		t.Errorf("an organiser checking themselves in: %d %s", r.Status, r.Body)
	}
	if n := num(profileOf(h, "", cw.fanIDs[0]), "reputation"); n != 0 {
		t.Errorf("the refused check-in earned %d points", n)
	}
	h.api("POST", ev+"/checkins", cw.admin, map[string]any{"user_id": cw.fanIDs[0]}).must(t, 201)
	if n := num(profileOf(h, "", cw.fanIDs[0]), "reputation"); n != people.Points(people.MeetupAttended) {
		t.Errorf("checked in by the admin: %d points, want %d", n, people.Points(people.MeetupAttended))
	}
}

func TestEventICal(t *testing.T) {
	t.Parallel()
	cw := newClubWorld(t, 0, 10)
	r := cw.h.browser().get(fmt.Sprintf("/events/%d/calendar.ics", cw.event))
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("%d %s", r.Status, r.Header.Get("Content-Type"))
	}
	start := cw.h.clock().Add(time.Hour).UTC().Format("20060102T150405Z")
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", `SUMMARY:工厂开放日\, 洗衣机\; 冰箱`, `DESCRIPTION:参观互联工厂\n和工程师聊天`, "DTSTART:" + start + "\r\n", "SEQUENCE:0\r\n", "END:VCALENDAR\r\n"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("missing %q in %s", want, r.Body)
		}
	}
	// Moved, then called off: a phone's calendar that imported the file
	// takes each change only at a higher SEQUENCE.
	moved := cw.h.clock().Add(3 * time.Hour)
	cw.h.api("PATCH", fmt.Sprintf("/api/v1/events/%d", cw.event), cw.admin, map[string]any{"starts_at": moved}).must(t, 200)
	r = cw.h.browser().get(fmt.Sprintf("/events/%d/calendar.ics", cw.event))
	for _, want := range []string{"DTSTART:" + moved.UTC().Format("20060102T150405Z") + "\r\n", "SEQUENCE:1\r\n"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("moved: missing %q in %s", want, r.Body)
		}
	}
	cw.h.api("POST", fmt.Sprintf("/api/v1/events/%d/cancel", cw.event), cw.admin, map[string]string{"reason": "场地临时关闭"}).must(t, 200)
	r = cw.h.browser().get(fmt.Sprintf("/events/%d/calendar.ics", cw.event))
	for _, want := range []string{"STATUS:CANCELLED\r\n", "SEQUENCE:2\r\n"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("cancelled: missing %q in %s", want, r.Body)
		}
	}
}

// whyKinds is what the person sees of their reasons: points per kind.
func whyKinds(h *harness, token string, id int) map[string]int {
	out := map[string]int{}
	why, _ := profileOf(h, token, id)["why"].([]any)
	for _, e := range why {
		m := e.(map[string]any)
		out[m["kind"].(string)] += num(m, "points")
	}
	return out
}

// Reputation is recorded where the acts happen: an addressed test report,
// a launch from one's idea, a report a moderator upheld (a dismissed one
// earns nothing); the profile lists the launch among the credits and the
// prototype among the testing.
func TestReputationFromTestsLaunchesAndReports(t *testing.T) {
	t.Parallel()
	w := newAZWorld(t)
	h := w.h
	s := w.scene()
	author, fan, owner, mod := w.users[azAuthor], w.users[azFan], w.users[azOwner], w.users[azModerator]
	fid := s.feedback()
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/feedback/%d", s.pid, fid), owner.token, map[string]any{"addressed": true, "reply": "改好了"}).must(t, 200)
	for _, to := range []string{"pilot", "launched"} {
		h.api("POST", fmt.Sprintf("/api/v1/projects/%d/transitions", s.pid), owner.token, map[string]string{"to": to}).must(t, 200)
	}
	got := whyKinds(h, author.token, author.id)
	if got["feedback_accepted"] != 10+5 || got["project_launched"] != 50 { // 10: the world's setup points
		t.Errorf("the author's reasons: %v", got)
	}
	p := profileOf(h, "", author.id)
	if !has(badgeKeys(p), "launched") {
		t.Errorf("badges %v", badgeKeys(p))
	}
	credits, testing := p["credits"].([]any), p["testing"].([]any)
	if len(credits) != 1 || num(credits[0].(map[string]any), "project_id") != s.pid || len(testing) != 1 {
		t.Errorf("credits %v, testing %v", credits, testing)
	}
	// Two reports by the fan: one upheld, one dismissed.
	cm := s.comment()
	h.api("POST", fmt.Sprintf("/api/v1/comments/%d/reports", cm), fan.token, map[string]string{"reason": "spam"}).must(t, 201)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod.token, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	other := s.idea2()
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", other), fan.token, map[string]string{"reason": "spam"}).must(t, 201)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", other), mod.token, map[string]string{"action": "dismiss", "reason": "fine"}).must(t, 200)
	if got := whyKinds(h, fan.token, fan.id); got["report_upheld"] != people.Points(people.ReportUpheld) {
		t.Errorf("the reporter's reasons: %v", got)
	}
	// A moderator who restores the comment takes the report's points back
	// (from the reasons and the total); hiding it again gives them again.
	before := num(profileOf(h, "", fan.id), "reputation")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod.token, map[string]string{"action": "restore", "reason": "看错了 misread"}).must(t, 200)
	if got := whyKinds(h, fan.token, fan.id); got["report_upheld"] != 0 {
		t.Errorf("after the restore, the reporter's reasons: %v", got)
	}
	if n := num(profileOf(h, "", fan.id), "reputation"); n != before-people.Points(people.ReportUpheld) {
		t.Errorf("after the restore, the reporter has %d, want %d", n, before-people.Points(people.ReportUpheld))
	}
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod.token, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	if n := num(profileOf(h, "", fan.id), "reputation"); n != before {
		t.Errorf("hidden again, the reporter has %d, want %d", n, before)
	}
	// Dismissing the reports (as after the author asks for a review) shows
	// the comment again, and takes the points back as a restore does.
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod.token, map[string]string{"action": "dismiss", "reason": "没问题 fine"}).must(t, 200)
	if n := num(profileOf(h, "", fan.id), "reputation"); n != before-people.Points(people.ReportUpheld) {
		t.Errorf("after the dismissal, the reporter has %d, want %d", n, before-people.Points(people.ReportUpheld))
	}
	// Nobody else sees the reasons, and the moderator earned nothing.
	if _, ok := profileOf(h, mod.token, fan.id)["why"]; ok {
		t.Error("a moderator sees another fan's reasons")
	}
	if n := num(profileOf(h, "", mod.id), "reputation"); n != 10 {
		t.Errorf("the moderator has %d", n)
	}
}

// A challenge's leaderboard names people for what they did in it: while
// the challenge hides its authors (anonymous until results), its board is
// withheld from everyone but admins (API and page), for the points of an
// author's helpful comment on their own idea would name them. And no
// board narrowed to a challenge or a season counts upheld reports, which
// would name who reported; the all-time board still does, as every
// profile's total does.
func TestLeaderboardKeepsAnonymityAndReporters(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	role := func(tok, r string) {
		id := num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id")
		h.confirm(int64(id))
		h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", id), admin, map[string]any{"roles": []string{r}}).must(t, 200)
	}
	eng, mod := h.fan("eng@x.cn"), h.fan("mod@x.cn")
	role(eng, "engineer")
	role(mod, "moderator")
	maker, reporter, reader := h.fan("maker@x.cn"), h.fan("reporter@x.cn"), h.fan("reader@x.cn")

	anon := h.openChallenge(admin, map[string]any{"anonymous_until_results": true})
	idea := h.idea(maker, anon, "匿名创意 anonymous idea")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), maker, map[string]string{"body": "补充说明 more detail"}).must(t, 201).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/comments/%d/helpful", cm), eng, nil).must(t, 200)
	board := fmt.Sprintf("/api/v1/leaderboard?challenge=%d", anon)
	for _, who := range []string{"", reader, eng, mod} {
		r := h.api("GET", board, who, nil).must(t, 200)
		if strings.Contains(r.Body, "maker") || r.JSON["withheld"] != true {
			t.Errorf("the anonymous challenge's board to %q: %s", who, r.Body)
		}
	}
	// Admins see the board; the author's points for their own comment
	// wait for the results (TestAnonymousAuthorsEarnTheirPointsAtTheResults).
	if r := h.api("GET", board, admin, nil).must(t, 200); r.JSON["withheld"] != false {
		t.Errorf("the admin's board of the anonymous challenge: %s", r.Body)
	}
	page := h.browser().get(fmt.Sprintf("/leaderboard?challenge=%d", anon)).must(t, 200).Body
	if strings.Contains(page, "maker") || !strings.Contains(page, "its leaderboard opens then") {
		t.Errorf("the anonymous challenge's board page: %.3000s", page)
	}

	open := h.openChallenge(admin, nil)
	reported := h.idea(h.fan("spammer@x.cn"), open, "广告 buy now")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", reported), reporter, map[string]string{"reason": "spam"}).must(t, 201)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", reported), mod, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	for _, p := range []string{fmt.Sprintf("/api/v1/leaderboard?challenge=%d", open), "/api/v1/leaderboard?season=2026",
		fmt.Sprintf("/api/v1/leaderboard?challenge=%d&season=2026", open)} {
		if r := h.api("GET", p, reader, nil).must(t, 200); strings.Contains(r.Body, "reporter") {
			t.Errorf("%s names who reported: %s", p, r.Body)
		}
	}
	if r := h.api("GET", "/api/v1/leaderboard", reader, nil).must(t, 200); !strings.Contains(r.Body, `"name":"reporter"`) {
		t.Errorf("the all-time board lost the upheld report: %s", r.Body)
	}
}

// An anonymous idea's author earns nothing that would name them before the
// results: their own comment marked helpful puts no points on any board
// (all-time, season) nor a badge by their name; once the results are out,
// the points come.
func TestAnonymousAuthorsEarnTheirPointsAtTheResults(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	role := func(tok, r string) int {
		id := num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id")
		h.confirm(int64(id))
		h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", id), admin, map[string]any{"roles": []string{r}}).must(t, 200)
		return id
	}
	eng, judge := h.fan("eng@x.cn"), h.fan("judge@x.cn")
	role(eng, "engineer")
	judgeID := role(judge, "judge")
	maker, reader := h.fan("maker@x.cn"), h.fan("reader@x.cn")
	anon := h.openChallenge(admin, map[string]any{"anonymous_until_results": true, "shortlist_size": 1, "winners": 1})
	idea := h.idea(maker, anon, "匿名创意 anonymous idea")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), maker, map[string]string{"body": "补充说明 more detail"}).must(t, 201).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/comments/%d/helpful", cm), eng, nil).must(t, 200)
	if _, err := h.svc.SyncReputation(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/api/v1/leaderboard", "/api/v1/leaderboard?season=2026"} {
		if r := h.api("GET", p, reader, nil).must(t, 200); strings.Contains(r.Body, "maker") {
			t.Errorf("before the results, %s names the anonymous author: %s", p, r.Body)
		}
	}

	h.advance(80 * time.Hour)
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", anon, p) }
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 1}).must(t, 200)
	h.api("POST", path("judges"), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", idea), judge, map[string]any{"scores": map[string]float64{"novelty": 8, "feasibility": 8, "cost": 7, "user_value": 6}}).must(t, 200)
	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	if r := h.api("GET", "/api/v1/leaderboard", reader, nil).must(t, 200); !strings.Contains(r.Body, `"name":"maker"`) {
		t.Errorf("once the results are out, the all-time board does not show the author's points: %s", r.Body)
	}
}

// An admin may carry an anonymous challenge's idea to launch before its
// results: the launch's points would name the author on every board, so
// they wait for the results like the rest.
func TestAnAnonymousIdeasLaunchPaysAtTheResults(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	maker, reader := h.fan("maker@x.cn"), h.fan("reader@x.cn")
	anon := h.openChallenge(admin, map[string]any{"anonymous_until_results": true, "shortlist_size": 1, "winners": 1})
	idea := h.idea(maker, anon, "匿名创意 anonymous idea")
	pid := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), admin, map[string]any{}).must(t, 201).JSON, "id")
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test", "pilot", "launched"} {
		h.api("POST", fmt.Sprintf("/api/v1/projects/%d/transitions", pid), admin, map[string]string{"to": to}).must(t, 200)
	}
	sync := func() {
		if _, err := h.svc.SyncReputation(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	sync()
	for _, p := range []string{"/api/v1/leaderboard", "/api/v1/leaderboard?season=2026"} {
		if r := h.api("GET", p, reader, nil).must(t, 200); strings.Contains(r.Body, "maker") {
			t.Errorf("before the results, %s names the anonymous author of a launch: %s", p, r.Body)
		}
	}
	makerID := num(h.api("GET", "/api/v1/me", maker, nil).JSON, "id")
	if got := whyKinds(h, maker, makerID); got["project_launched"] != 0 {
		t.Errorf("before the results, the author's reasons: %v", got)
	}
	judge, judgeID := h.staffer(admin, "judge@x.cn", "judge")
	h.advance(80 * time.Hour)
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", anon, p) }
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 1}).must(t, 200)
	h.api("POST", path("judges"), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", idea), judge, map[string]any{"scores": map[string]float64{"novelty": 8, "feasibility": 8, "cost": 7, "user_value": 6}}).must(t, 200)
	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	sync()
	if r := h.api("GET", "/api/v1/leaderboard", reader, nil).must(t, 200); !strings.Contains(r.Body, `"name":"maker"`) {
		t.Errorf("once the results are out, the author's points do not show: %s", r.Body)
	}
	if got := whyKinds(h, maker, makerID); got["project_launched"] != 50 {
		t.Errorf("once the results are out, the author's reasons: %v", got)
	}
}
